"""Table 02 read again when table 01's second reading overturns an anchor it was read on (forty-sixth stop).

Seed 002's rows rebuilt from RapidOCR's heavy scan (held-out draw BV, opened after scoring): table 01 prints its
first income row's figure on the line above its label (``851.17 一般公共服务支出 32`` / ``一般公共预算财政拨款收入 1``).
Read first, table 01 left 一般公共预算财政拨款收入 blank, so table 02's 合计 row was anchored with 财政拨款收入 = 0 —
and its figures (``合计 851.17 851.17``, one per row besides the total) all went to 其他收入: 27 wrong values. Table
01 read again among nearby rows (``_boxed``) then found 851.17, but table 02, every figure placed, was not read
again. A reading resting on an anchor the later reading contradicts is now redone on the new anchors."""

from __future__ import annotations

from extractor.export import load_facts
from extractor.pipeline import process
from tests.test_ocr_s18 import ROOT

TEXT = ROOT / "tests" / "data" / "reanchored_s46" / "BV_rapidocr_rows_heavy_seed002.txt"
SEED_002 = "002_846b8c47d01900a7"


def test_table_02_follows_table_01s_second_reading() -> None:
    result = process(TEXT)
    golden = {
        (f.row, f.col): f.value
        for f in load_facts(ROOT / "eval" / "golden")
        if f.doc == SEED_002 and f.table == "income"
    }
    got = {(f.row, f.col): f.value for f in result.facts if f.table == "income"}
    summary = {(f.row, f.col): f.value for f in result.facts if f.table == "summary"}
    assert summary[("一般公共预算财政拨款收入", "金额")] == "851.17"
    assert got[("合计", "财政拨款收入")] == "851.17"
    assert not [k for k in got if k[1] == "其他收入"]
    assert got == golden
