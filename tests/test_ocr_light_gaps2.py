"""RapidOCR plain text of light scans: a line's figures printed ahead of both its labels.

RapidOCR's plain text prints a scan's boxes one per line, in the order of their tops. On a skewed scan the
figure boxes of a line may sit higher than its labels, so a two-sided table's line comes out as its figures
first, then its two labels, then the rest (``2,940.05 | 2,940.05 | 本年收入合计 | 本年支出合计 | 2,940.05``):
the reading by order gave the leading figures to the row above and left the income row blank. The excerpts
are the engine's real text of czj's table 04 in two renderings of a light scan (committed as it wrote them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import reads_as
from extractor.pipeline import DocResult, process
from extractor.readers.placement import Equation, Num, Unit, solve
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data" / "ocr_light"
CZJ = "shanghai_putuo_czj_2024"


def _run(tmp_path: Path, doc: str, excerpt: str) -> tuple[DocResult, str]:
    text = (DATA / excerpt).read_text(encoding="utf-8")
    path = tmp_path / f"{doc}.txt"
    path.write_text(text, encoding="utf-8")
    return process(path), text


@pytest.mark.parametrize("excerpt", ["rapidocr_czj_fiscal_b.txt", "rapidocr_czj_fiscal_cached.txt"])
def test_figures_printed_ahead_of_both_labels_of_their_line(tmp_path: Path, excerpt: str) -> None:
    """Table 04 whose totals' line prints both its 2,940.05 boxes before 本年收入合计 and 本年支出合计: the
    figures between the row above's label and the two labels are that row's, the left row's or the right
    row's, in that order, and the identities (本年收入合计 = Σ income rows, 合计 = Σ its columns, = Σ 类) say
    whose — every one of the table's 19 values is read, each at its print (before: the row above took both,
    no placement held, and the whole table was unread)."""
    res, text = _run(tmp_path, CZJ, excerpt)
    read, gold = _read(res, {"fiscal_summary"}), _golden(CZJ, {"fiscal_summary"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert set(read) == set(gold), sorted(set(gold) - set(read))[:5]
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)
    total = next(f for f in res.facts if (f.table, f.row) == ("fiscal_summary", "本年收入合计"))
    assert total.span is not None
    assert total.span[0] < text.index("本年收入合计")  # read at the figure printed ahead of its label


def _line() -> tuple[list[Unit], list[Num]]:
    """The row above (two columns, 合计 = its part), a one-column left row and a two-column right row, with two
    figures printed ahead of the two labels and one after the right label."""
    lead = [Num(0, 4, "10.00", 1000, floating=True), Num(5, 9, "10.00", 1000, floating=True)]
    after = Num(20, 24, "10.00", 1000)
    above = Unit("above", list(lead), [("above", "合计"), ("above", "A")])
    left = Unit("left", list(lead), [("left", "金额")], ahead=2, inner=True)
    right = Unit("right", [*lead, after], [("right", "合计"), ("right", "A")], ahead=2, straddles=True)
    return [above, left, right], [*lead, after]


def _row_total(key: str) -> Equation:
    return Equation((key, "合计"), ((1, (key, "A")),), f"{key} 合计 = A")


def test_a_figure_three_rows_may_own_goes_where_the_identities_say() -> None:
    """Each leading figure has one owner in every solution: with the left row's total known (an anchor) and
    each row's 合计 = its part, the first is the left row's and the second the right row's 合计."""
    units, (first, second, after) = _line()
    out = solve(units, [_row_total("above"), _row_total("right")], {("left", "金额"): 1000}, distrust=True)
    assert out.placed[id(first)][0] == ("left", "金额")
    assert out.placed[id(second)][0] == ("right", "合计")
    assert out.placed[id(after)][0] == ("right", "A")


def test_a_figure_three_rows_may_own_is_unread_when_the_identities_do_not_tell() -> None:
    """With no identity on the left row or the row above, the first figure may be either's (the right row's
    合计 = its part still takes the second): it is unread, never placed by position."""
    units, (first, _, _) = _line()
    out = solve(units, [_row_total("right")], {}, distrust=True)
    assert id(first) not in out.placed
    assert id(first) in out.open
