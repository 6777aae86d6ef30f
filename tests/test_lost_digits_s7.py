"""A figure the OCR printed with a digit or two lost is read as the figure the table prints elsewhere — only
where identities of three rows or more vouch for it.

OCR drops thin characters: ``398.98`` comes out ``39.8``, ``119.81`` comes out ``1.81``. Such a print fails its
row's identities for every reading and used to leave the row unread. Where the same table prints a figure that
keeps its digits in order (one or two lost, each side of the point kept), that figure is a repaired reading of
it: the identities decide, the value keeps the span of what was printed, is marked repaired, and flagged. OCR
*adds* digits as well (``187.19`` printed ``1837.19``), so a row's own identity (合计 = 财政拨款收入) is no
evidence: a parent = Σ children identity of three printed rows must vouch. Each excerpt is an engine's real text
of a development rendering (committed as written), of a different report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import added_digit, lost_digits, reads_as
from extractor.pipeline import DocResult
from tests.test_ocr_skew_rows import S000, S003, _read_right, _run

DATA = Path(__file__).resolve().parent / "data" / "lost_digits_s7"
CZJ = "shanghai_putuo_czj_2024"


def _extract(tmp_path: Path, doc: str, name: str) -> tuple[str, DocResult]:
    text = (DATA / name).read_text(encoding="utf-8")
    return text, _run(tmp_path, doc, text)


@pytest.mark.parametrize(
    ("printed", "value", "lost"),
    [
        ("39.8", "398.98", True),  # 9 and 8 lost, one each side of the point
        ("1.81", "119.81", True),
        ("3989", "398.98", True),  # the point lost too: the digits in order
        ("398.98", "398.98", False),  # nothing lost: a clean reading, no repair
        ("3.8", "398.98", False),  # three digits lost: too little left to say
        ("89.39", "398.98", False),  # out of order
        ("8541.17", "851.17", False),  # a digit more, not fewer (an added digit: ``added_digit``, not this)
        ("0.0", "0.00", False),  # a zero is no figure to recover
    ],
)
def test_a_print_with_digits_lost_reads_as_the_fuller_figure(printed: str, value: str, lost: bool) -> None:
    assert lost_digits(printed, value) is lost
    assert reads_as(printed, value) is (lost or printed == value or added_digit(printed, value))


@pytest.mark.parametrize(
    ("doc", "name", "row", "col", "printed", "value"),
    [
        (S003, "rapidocr_seed003_light_01_02.txt", "20601", "财政拨款收入", "39.8", "398.98"),
        (S000, "rapidocr_seed000_heavy_01_02.txt", "2060799", "财政拨款收入", "1.81", "119.81"),
    ],
)
def test_the_identities_recover_a_figure_with_digits_lost(
    tmp_path: Path, doc: str, name: str, row: str, col: str, printed: str, value: str
) -> None:
    """Table 02 of two reports (table 01 before it fixes its 财政拨款 column): the row whose figure lost digits is
    read — with the value 206 = Σ its 款 (2060799's parent) vouch for, the span of the damaged print, marked
    repaired and flagged for the reviewer."""
    text, res = _extract(tmp_path, doc, name)
    read = _read_right(res, text, doc, {"income"}, 0.5)
    assert read[("income", row, col)] == value
    (fact,) = [f for f in res.facts if (f.table, f.row, f.col) == ("income", row, col)]
    assert fact.span is not None and text[fact.span[0] : fact.span[1]] == printed
    amounts = [c for t in res.extraction.tables for r in t.rows for c in r.cells.values() if c.text == printed]
    assert any(a.repaired_from == printed for a in amounts)
    assert any(f.check == "ocr.repaired" and printed in f.message for f in res.flags)


def test_a_digit_added_is_not_taken_for_one_lost(tmp_path: Path) -> None:
    """czj's table 05 in tesseract text of a heavy scan: ``住房公积金 1837.19 187.19`` (golden 187.19: the OCR
    added a 3). 187.19 keeps 1837.19's digits in order, but only the row's 合计 = 基本支出 says so — no three
    rows vouch — so neither is read as 1837.19."""
    text, res = _extract(tmp_path, CZJ, "tesseract_czj_heavy_05.txt")
    _read_right(res, text, CZJ, {"general_budget"}, 0.1)
    assert "1837.19" not in {f.value for f in res.facts}
