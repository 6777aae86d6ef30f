"""A label garbled beyond naming, between its template neighbours (forty-third stop).

Tables 01 and 04 print their rows in the template's order (一、… 八、). Tesseract may garble a label so far that no
row of the template is near it, and run it into the junk around it: czj's table 01 on the light scan of draw BC
printed ``丝宫收和从`` for ``六、经营收入`` (keyed ``教育支出中向豆SS人丝宫收和从``). Table 01 then said nothing of
经营收入, and table 02's ``6.20`` stood between 经营收入 and 其他收入 in every row: 19 of its 45 figures read. A
label that names no row, alone between two rows one row apart in the template's order, is now that row (unless
the report printed it elsewhere): 43 of 45. The second document:
ghzy's table 04 on the heavy scan of draw BC, whose ``三、国有资本经营预算财政拨款`` printed ``二``."""

from __future__ import annotations

from extractor.export import load_facts
from extractor.pipeline import process
from tests.test_ocr_s18 import CZJ, ROOT

DATA = ROOT / "tests" / "data" / "garbled_s43"


def _golden(table: str) -> dict[tuple[str, str], str]:
    return {
        (f.row, f.col): f.value
        for f in load_facts(ROOT / "eval" / "golden" / "corpus")
        if f.doc == CZJ and f.table == table
    }


def test_czj_table_01s_garbled_row_is_the_one_between_its_neighbours() -> None:
    res = process(DATA / "czj_tesseract_bc_light.txt")
    income = {(f.row, f.col): f.value for f in res.facts if f.table == "income"}
    golden = _golden("income")
    assert len(income) >= 43, len(income)  # (19 before)
    assert {k: v for k, v in income.items() if golden.get(k) != v} == {}
    assert income[("合计", "其他收入")] == "6.20"
    assert not any(f.table == "summary" and f.row == "经营收入" for f in res.facts)


def test_ghzy_table_04s_garbled_fund_row_lets_the_fund_above_read() -> None:
    res = process(DATA / "ghzy_tesseract_bc_heavy.txt")
    fiscal = {(f.row, f.col): f.value for f in res.facts if f.table == "fiscal_summary"}
    assert fiscal[("一般公共预算财政拨款", "金额")] == "9746.50"
