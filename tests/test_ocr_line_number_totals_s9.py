"""Plain OCR text of table 04 of heavy scans that prints a 行次 for every row — the left side 1…K, the right
K+1…2K — where the left side's ordinal rows lost their ordinals or their 行次 (ninth stop, development draws).

RapidOCR, seed 000, draw H: ``一般公共预算财政拨款`` (its ``一、`` lost) and ``二`` / ``政府性基金预算财政拨`` split,
so fewer than three left ordinal rows were left to show the left side's numbering, K was not read and the
right 总计's figures, printed after its 行次 64 ahead of both 总计 labels, stood in 国有资本经营预算财政拨款 (31):
no placement held and the whole table was unread (1 of 15). K is now also confirmed by the left 总计 printing
it (32), the figures after 64 go to the second 总计, and the identities hold: 15 of 15.
Tesseract, seed 003, draw F: ``本年收入合计 27 | 741.64 | 本年支出食计 59 |741.64|`` — the right label garbled,
one row; 741.64 after 27 is 本年收入合计's, the one after 59 the right side's, unread with that note.
The engines' real text of development renderings (committed as written), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import S000, S003, _golden, _read_right

FISCAL = {"fiscal_summary"}


def test_right_total_named_by_its_line_number(tmp_path: Path) -> None:
    text, res = _extract(tmp_path, S000, "line_number_totals_s9/rapidocr_seed000_heavy_04_drawH.txt")
    read = _read_right(res, text, S000, FISCAL, 1.0)
    assert read == _golden(S000, FISCAL)
    spent = next(f for f in res.facts if (f.table, f.row, f.col) == ("fiscal_summary", "支出总计", "合计"))
    assert spent.span is not None and text[spent.span[0] : spent.span[1]] == "1,903.01"
    assert text[: spent.span[0]].rstrip().endswith("64")  # (the figure after the right 总计's 行次)


def test_figure_after_the_other_sides_line_number_is_unread(tmp_path: Path) -> None:
    text, res = _extract(tmp_path, S003, "line_number_totals_s9/tesseract_seed003_heavy_04_drawF.txt")
    read = _read_right(res, text, S003, FISCAL, 1 / 15)
    assert read[("fiscal_summary", "本年收入合计", "金额")] == "741.64"
    notes = [u for u in res.extraction.unread if u.table == "fiscal_summary" and u.claim == "741.64"]
    assert any("行次 59" in u.reason for u in notes)
