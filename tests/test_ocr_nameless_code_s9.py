"""RapidOCR text of heavy scans (draw H, ninth stop): a row code whose name the OCR lost, followed at once by the
next row's code.

Seed 002's table 03 on draw H's heavy scan prints ``2101101`` / ``行政单位医疗`` / ``16.64`` / ``16.64`` /
``2101102`` / ``2101103`` / ``公务员医疗补助``: 事业单位医疗 was lost, and a code followed by digits was taken
for a run of 栏次 — no row 2101102, 21011 = Σ 项 failed and the whole table (57 figures) was unread. A code the
dictionary knows, in code order between the last code read and the next, that fits the codes above, is now a
row of its own; the identities place its figures. The same table in rows rebuilt by position prints
``行政单位医疗 13.97 13.97`` / ``2101101`` / ``2101102 16.64 16.64``: there 2101101 is read from its name printed
above it, and its code (not in order after itself) stays that row's. Each excerpt is the engine's text of
table 03 as written, checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _golden, _read_right

S002 = "002_846b8c47d01900a7"
EXPENDITURE = {"expenditure"}
DATA = Path(__file__).parent / "data" / "nameless_code_s9"


@pytest.mark.parametrize(
    "name",
    [
        "rapidocr_seed002_heavy_03_05_drawH.txt",  # ``2101102`` / ``2101103``: its name lost
        "rapidocr_rows_seed002_heavy_03_05_drawH.txt",  # ``2101101`` / ``2101102 16.64 16.64``: 2101101 named above
    ],
)
def test_code_before_the_next_code_is_a_row(tmp_path: Path, name: str) -> None:
    """Every value of table 03 read, none wrong, each at its print — 事业单位医疗's 16.64 under 2101102."""
    text, res = _extract(tmp_path, S002, f"nameless_code_s9/{name}")
    read = _read_right(res, text, S002, EXPENDITURE, 1.0)
    assert read == _golden(S002, EXPENDITURE)
    assert read[("expenditure", "2101102", "本年支出合计")] == "16.64"
    spans = [f.span for f in res.facts if f.table == "expenditure" and f.row == "2101102"]
    assert spans and all(s is not None and text[s[0] : s[1]] == "16.64" for s in spans)


def test_code_out_of_order_is_no_row(tmp_path: Path) -> None:
    """A code followed by another code that is not in code order after the last code read (``2101103`` printed
    before ``2101102``) is no nameless row: the text is left to the other rules, and nothing is read wrong."""
    edit = ("2101102\n2101103\n", "2101103\n2101102\n")
    _, res = _extract(tmp_path, S002, "nameless_code_s9/rapidocr_seed002_heavy_03_05_drawH.txt", edit)
    gold = _golden(S002, EXPENDITURE)
    read = {(f.table, f.row, f.col): f.value for f in res.facts if f.table == "expenditure"}
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
