"""A 万元 table of a report that prints cents prints cents, whatever its own figures say.

tesseract's heavy scans lose most decimal points: czj's table 05 on draw I prints ``一般公共服务支出  210666 |
150352 | 60314`` and only two figures with a point, so by its own count the table printed whole numbers, and
its identities hold as well in cents as in whole 万元 — nine values were read a hundred times too big. Seed
000's empty table 07 on the same draw read its 行次 (``2``, ``3``, ``6``) as amounts. Whole texts as tesseract
printed them (development draw I), committed as written.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_lost_code_s11 import CZJ, DATA, _process
from tests.test_ocr_skew_rows import S000, _golden


def test_figures_that_lost_their_points_are_not_read_as_whole_amounts(tmp_path: Path) -> None:
    res = _process(tmp_path, DATA / "report_cents_s11" / "I_tesseract_czj_heavy.txt", CZJ)
    gold = _golden(CZJ, {"general_budget"})
    read = {(f.table, f.row, f.col): f.value for f in res.facts if f.table == "general_budget"}
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert read[("general_budget", "2010608", "合计")] == "449.52"


def test_an_empty_tables_line_numbers_are_no_amounts(tmp_path: Path) -> None:
    res = _process(tmp_path, DATA / "ordinal_s10" / "I_tesseract_000_heavy.txt", S000)
    gold = _golden(S000, {"gov_fund"})
    assert {
        (f.row, f.col): f.value
        for f in res.facts
        if f.table == "gov_fund" and gold.get((f.table, f.row, f.col)) != f.value
    } == {}
