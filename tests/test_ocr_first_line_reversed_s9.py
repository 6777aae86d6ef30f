"""RapidOCR plain text of heavy scans (draw G, ninth stop): table 04's first line printed right label first.

RapidOCR prints a scan's boxes one per line, in the order of their tops. On ghzy's heavy scan of draw G the first
line of table 04 (财政拨款收入支出决算总表) came out as ``9746.50`` / ``一般公共服务支出`` / ``般公共预算财政拨款``:
the figure above both labels, the right (expenditure) label above the left one. The first row took the figure, no
identity held, and the whole table was unread (1 of 17). The figure now floats between the two rows of the line
and the identities (本年收入合计 = Σ income rows, 本年支出合计 = Σ 类) decide: 17 of 17. Draw F's text of the same
table (the figure above the left label, in order) reads as before. Each case is the engine's text of tables
01–05 (committed as written), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _read_right

GHZY = "shanghai_putuo_ghzy_2024"
FISCAL = {"fiscal_summary"}


@pytest.mark.parametrize(
    "name",
    ["rapidocr_ghzy_heavy_01_05_drawG.txt", "rapidocr_ghzy_heavy_01_05_drawF.txt"],
)
def test_first_line_figure_ahead_of_both_labels(tmp_path: Path, name: str) -> None:
    """``9746.50`` printed before ``一般公共服务支出`` and ``般公共预算财政拨款`` is 一般公共预算财政拨款's (the
    identities say so), the rest of the table reads, nothing wrong, every value at its own print."""
    text, res = _extract(tmp_path, GHZY, f"first_line_reversed_s9/{name}")
    read = _read_right(res, text, GHZY, FISCAL, 1.0)
    assert read[("fiscal_summary", "一般公共预算财政拨款", "金额")] == "9746.50"
    assert read[("fiscal_summary", "本年支出合计", "合计")] == "9746.50"
    assert ("fiscal_summary", "一般公共服务支出", "合计") not in read
    span = next(f.span for f in res.facts if f.table == "fiscal_summary" and f.row == "一般公共预算财政拨款")
    assert span is not None and text[span[0] : span[1]] == "9746.50"
