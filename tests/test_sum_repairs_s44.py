"""Repairs a failing sum asks for, and one another table's misread asked for wrongly (forty-fourth stop).

Draw BQ (held out, scored before it was opened) missed the RapidOCR-heavy bar on the corpus. Among what it lost:
RapidOCR printed czj's 30199 其他工资福利支出 ``9.03`` for 91.03 — 301 = Σ 301xx failed, and 9.03 was emitted (flagged
by the checks). The one figure of a failing sum that, with a digit put back, makes it hold is now a repaired reading
(``readers.tables._lost_digit_in_sum``). Second document: seed 002's table 06 in RapidOCR rows with ``36.44`` printed
``3.44``. Where two figures of the sum could each take the digit, nothing is repaired.

Tesseract's light scan of czj on the same draw read table 04's ``2,940.05`` as ``2,940.03`` in every cell (its sums
holding alike), and table 02's ``2.940.05`` — 2,946.25 = 2,940.05 + 6.20 to the cent — was repaired to table 04's
misread figure. A repair from another table's figure that the print as read beats (more identities holding to the
cent, every one within its rounding, one a sum of three rows or more) now gives way to the print
(``readers.tables._repaired_away``)."""

from __future__ import annotations

import pytest

from extractor.pipeline import process
from tests.test_ocr_s18 import ROOT

DATA = ROOT / "tests" / "data" / "sum_s44"


@pytest.mark.parametrize(
    ("name", "row", "printed", "value"),
    [
        ("czj_rapidocr_bq_heavy_06.txt", "30199", "9.03", "91.03"),  # RapidOCR's heavy scan, draw BQ
        ("seed002_rows_heavy_06_lost_digit.txt", "30109", "3.44", "36.44"),  # seed 002, a digit taken out
    ],
)
def test_a_figure_with_a_digit_lost_is_what_its_failing_sum_gives(
    name: str, row: str, printed: str, value: str
) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    res = process(DATA / name)
    facts = {f.row: f for f in res.facts if f.table == "basic_by_economic"}
    assert facts[row].value == value
    span = facts[row].span
    assert span is not None and text[span[0] : span[1]] == printed  # (the span is what was printed)
    amounts = [c for t in res.extraction.tables for r in t.rows for c in r.cells.values() if c.text == printed]
    assert any(a.repaired_from == printed for a in amounts)
    assert any(f.check == "ocr.repaired" and printed in f.message for f in res.flags)
    assert not any(f.check == "economic.class_sum" and f.severity == "error" for f in res.flags)


def test_two_figures_that_could_take_the_digit_leave_the_print_as_read() -> None:
    # seed 002's 30110 28.34 printed ``2.34``: 301 = Σ holds with 28.34 — and with 30112's ``2.70`` read 28.70 and
    # 30110 left as printed. Nothing says which: neither is repaired, and the failing sum stays flagged.
    res = process(DATA / "seed002_rows_heavy_06_two_fit.txt")
    facts = {f.row: f.value for f in res.facts if f.table == "basic_by_economic"}
    assert facts.get("30110") != "28.34" and facts.get("30112") != "28.70"
    assert any(f.check == "economic.class_sum" for f in res.flags)


def test_a_print_its_own_sums_hold_is_not_repaired_to_another_tables_misread() -> None:
    res = process(DATA / "czj_tesseract_bq_light.txt")
    income = {(f.row, f.col): f.value for f in res.facts if f.table == "income"}
    assert income[("合计", "财政拨款收入")] == "2940.05"  # (2940.03 before: table 04's misread)
    assert income[("合计", "本年收入合计")] == "2946.25"
