"""Table 04's 本年收入合计 is table 02's 财政拨款收入 (forty-third stop).

Both print the year's income from the three funds' appropriations. Tesseract's light scan of czj on draw BM read
table 04's ``本年收入合计 2,940.03`` (2,940.05: 5 read 3) and lost the fund rows that would have checked it; the
figure stood on its label alone and was emitted clean, while table 02 prints 2,940.05 in its 合计 row, confirmed
there. A figure no identity of its table confirms is now withdrawn where the other table prints a different one
for the same quantity (``readers.tables._SAME_QUANTITY``), with a note naming that table's figure."""

from __future__ import annotations

import pytest

from extractor.pipeline import process
from tests.test_ocr_s18 import ROOT

DATA = ROOT / "tests" / "data" / "band_s43"


@pytest.mark.parametrize(
    ("name", "misread", "theirs"),
    [
        ("czj_tesseract_bm.txt", "2940.03", "2940.05"),  # czj as tesseract read draw BM's light scan
        ("seed000_fiscal_income_misread.txt", "1908.01", "1903.01"),  # seed 000's tesseract text, 3 read 8
    ],
)
def test_an_unconfirmed_fiscal_income_total_that_table_02_contradicts_is_unread(
    name: str, misread: str, theirs: str
) -> None:
    res = process(DATA / name)
    facts = {(f.table, f.row, f.col): f.value for f in res.facts}
    assert facts.get(("fiscal_summary", "本年收入合计", "金额")) is None, facts.get(
        ("fiscal_summary", "本年收入合计", "金额")
    )
    assert facts[("income", "合计", "财政拨款收入")] == theirs
    notes = [u for u in res.extraction.unread if u.table == "fiscal_summary" and u.row == "本年收入合计"]
    assert any(f"收入决算表 prints {theirs}" in u.reason for u in notes), [u.reason for u in notes]
    assert misread not in {v for (t, _, _), v in facts.items() if t == "fiscal_summary"}
