"""RapidOCR plain text of light scans: a row's right-column figures printed before its code.

RapidOCR's plain text prints a scan's boxes one per line, in the order of their tops. On a page skewed the
other way the right columns of a row (基本支出, 项目支出) sit higher than its code: they print at the end of the
row above, and the row's 本年支出合计 after its name (``1,503.52 | 603.14 | 201 | 一般公共服务支出 | 2,106.66``).
Read in printed order those figures fill the row's first columns and no identity holds; they are its columns
after its first. The excerpts are the engine's real text of czj's table 03 in two renderings of a light scan
(committed as it wrote them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import reads_as
from extractor.readers.placement import Equation, Num, Unit, solve
from tests.test_ocr_light_gaps2 import CZJ, _run
from tests.test_ocr_skew_rows import _golden, _read


@pytest.mark.parametrize("excerpt", ["rapidocr_czj_expenditure.txt", "rapidocr_czj_expenditure_b.txt"])
def test_right_columns_printed_before_the_code_are_read_after_the_first(tmp_path: Path, excerpt: str) -> None:
    """Table 03 whose rows print 基本支出 and 项目支出 before their code and 本年支出合计 after their name:
    every one of its 44 values is read, right, at its print (before: 15 were unread — the 合计 row, 20106
    and its five 项). The excerpts carry table 05 too, whose 基本支出 and 项目支出 agree with table 03's."""
    res, text = _run(tmp_path, CZJ, excerpt)
    read, gold = _read(res, {"expenditure"}), _golden(CZJ, {"expenditure"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert set(read) == set(gold), sorted(set(gold) - set(read))[:5]
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)
    basic = next(f for f in res.facts if (f.table, f.row, f.col) == ("expenditure", "201", "基本支出"))
    assert basic.span is not None
    assert basic.span[0] < text.index("一般公共服务支出")  # read at the figure printed before its code


def _rows(wraps: bool) -> tuple[list[Unit], list[Num]]:
    """Two rows of three columns (合计 = 基本 + 项目); the lower row's 基本 and 项目 printed before its code (at
    the end of the row above), its 合计 after its name."""
    top = [Num(0, 4, "30.00", 3000), Num(5, 9, "20.00", 2000), Num(10, 14, "10.00", 1000)]
    lead = [Num(20, 24, "5.00", 500, floating=True), Num(25, 29, "2.00", 200, floating=True)]
    own = Num(40, 44, "7.00", 700, floating=True)
    cols = ["合计", "基本", "项目"]
    above = Unit("a", [*top, *lead], [("a", c) for c in cols], start=0)
    below = Unit("b", [*lead, own], [("b", c) for c in cols], start=30, ahead=2, wraps=wraps, lead=2)
    return [above, below], [*lead, own]


def _sum(key: str) -> Equation:
    return Equation((key, "合计"), ((1, (key, "基本")), (1, (key, "项目"))), f"{key} 合计 = 基本 + 项目")


def test_figures_before_the_code_fill_the_columns_after_the_first() -> None:
    """With ``wraps`` the row takes its figure after its name as its first column and those before its code as
    the next ones, which the identity confirms; in printed order alone they are unread, never placed."""
    units, (basic, project, total) = _rows(wraps=True)
    out = solve(units, [_sum("a"), _sum("b")], {}, distrust=True)
    assert out.placed[id(total)][0] == ("b", "合计")
    assert out.placed[id(basic)][0] == ("b", "基本")
    assert out.placed[id(project)][0] == ("b", "项目")
    units, lower = _rows(wraps=False)
    out = solve(units, [_sum("a"), _sum("b")], {}, distrust=True)
    assert all(id(n) in out.open and id(n) not in out.placed for n in lower)
