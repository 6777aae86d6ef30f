"""A row of OCR text none of whose figures is what another table confirms for one of its cells is unread.

czj's table 04 on tesseract's light scan of draw L (held out when drawn; committed as the engine printed it)
prints 本年支出合计 as ``2,940.03`` twice and 社会保障和就业支出 as ``320.71`` twice — one misread printed twice,
so the row's own sum (合计 = 一般公共预算财政拨款) holds, and the rows that would have checked it across the table
were misread and left out. Table 05 confirms 2,940.05 and 326.72 for the 一般公共预算财政拨款 cells: the anchor
was set aside (the other table may be the misread one), and the misreads were emitted as read. Now the row's
cells are unread, the note naming the other table's figure. The second input is the same report's table 03 in
rows rebuilt from RapidOCR's boxes of draw J's heavy scan (tests/data/pinned_s13): 住房改革支出 (22102) took its
child's 187.19 (its own 445.69 printed on another line), where table 05 confirms 445.69 — since the fortieth
stop, that text is read as a skewed scan's boxes and the row takes its own 445.69. (Two renderings, two
engines and two tables of one report: no other report's text of any draw made this break.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data"
CZJ = "shanghai_putuo_czj_2024"


def test_a_misread_printed_twice_against_another_tables_figure_is_unread(tmp_path: Path) -> None:
    path = tmp_path / f"{CZJ}.txt"
    shutil.copy(DATA / "contradicted_s14" / "L_tesseract_czj_light.txt", path)
    res = process(path)
    read, gold = _read(res, {"fiscal_summary"}), _golden(CZJ, {"fiscal_summary"})
    assert ("fiscal_summary", "本年支出合计", "合计") not in read  # (was 2940.03)
    assert ("fiscal_summary", "社会保障和就业支出", "合计") not in read  # (was 320.71)
    notes = {(u.row, u.claim): u.reason or "" for u in res.extraction.unread if u.table == "fiscal_summary"}
    assert "2940.05" in notes[("本年支出合计", "2940.03")] and "326.72" in notes[("社会保障和就业支出", "320.71")]
    assert read[("fiscal_summary", "本年收入合计", "金额")] == gold[("fiscal_summary", "本年收入合计", "金额")]


def test_a_row_that_took_its_childs_figure_is_unread_in_another_table(tmp_path: Path) -> None:
    path = tmp_path / f"{CZJ}.txt"
    shutil.copy(DATA / "pinned_s13" / "J_rows_czj_heavy.txt", path)
    res = process(path)
    read, gold = _read(res, {"expenditure"}), _golden(CZJ, {"expenditure"})
    # (was 187.19, 2210201's; then unread, the note naming table 05's 445.69; since the fortieth stop the text is
    # read as a skewed scan's boxes — the 类 boxes a line above their rows — and the row takes its own 445.69)
    assert read[("expenditure", "22102", "本年支出合计")] == "445.69"
    # (2210201's code prints ``221 02 10`` under its name — ``住房公积金 187.19 187.19`` / ``221 02 10 258.50`` —
    # the one 项 of 22102 so named: read as 2210201, not as a code the dictionary lacks)
    assert read[("expenditure", "2210201", "本年支出合计")] == "187.19"
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
