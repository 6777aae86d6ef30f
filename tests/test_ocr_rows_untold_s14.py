"""A figure tied to a row by its position alone, in text of one OCR box per line, where the sums that would tie
it were taken away with misread rows: unread, not read into the row its position suggests.

czj's table 02 as RapidOCR printed it from the heavy scan of draw L (held out when it was drawn; committed as the
engine printed it): from 行政运行 on, each 项's figures come out ahead of its code (``1,511.90`` / ``1,511.89`` /
``201`` / ``06`` / ``10`` / ``行政运行`` / ``16.19`` / ``10.00`` / ``619`` / ``201`` / ``06`` / ``02`` /
``一般行政管理事务`` / ``135.25`` …), and 合计, 201 and 20106 were misread and left out of the sums. Read in print
order, every 项 took the pair of the row below (行政运行 16.19, 一般行政管理事务 135.25, 信息化建设 449.52,
财政委托业务支出 326.72 — 208's), each
pair holding its own row's 本年收入合计 = 财政拨款收入 + 其他收入 — wrong values a reviewer had no flag for. The
reading that lets each figure float between the rows printed around it leaves them between two rows (or, 208's
pair, in 208 only): they are unread now, each with its printed text.

The second document is seed 003's table 02 on RapidOCR's heavy scan (tests/data, drawn earlier): 20601's
figure misread (``36868``), its 项 211.58, printed between 2060199 and 20607, is unread the same way (the
position alone ties it there: right, but nothing checks it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import DocResult, process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data"
CZJ = "shanghai_putuo_czj_2024"
S003 = "003_9ee8868df83b9797"


def _process(tmp_path: Path, name: str, doc: str) -> DocResult:
    path = tmp_path / f"{doc}.txt"
    shutil.copy(DATA / name, path)
    return process(path)


def test_rows_a_misread_section_left_untied_are_not_read_a_row_off(tmp_path: Path) -> None:
    res = _process(tmp_path, "rows_untold_s14/L_rapidocr_czj_heavy.txt", CZJ)
    read, gold = _read(res, {"income"}), _golden(CZJ, {"income"})
    # never the row below's (16.19, 135.25, 449.52, 326.72): since the fifteenth stop the reading of figures
    # among nearby rows in column order (tests/test_ocr_column_order_s15.py) reads each 项 its own pair
    for row, value in (("2010601", "1511.90"), ("2010602", "16.19"), ("2010607", "135.25"), ("2010608", "449.52")):
        assert read.get(("income", row, "本年收入合计")) in (None, value)
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}  # nothing read wrong


def test_a_figure_only_its_position_ties_is_unread_in_a_second_report(tmp_path: Path) -> None:
    res = _process(tmp_path, "rapidocr_seed003_heavy_02.txt", S003)
    read, gold = _read(res, {"income"}), _golden(S003, {"income"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert ("income", "2060199", "本年收入合计") not in read
    assert ("2060199", "211.58") in {(u.row, u.claim) for u in res.extraction.unread if u.table == "income"}
    assert read[("income", "2060101", "本年收入合计")] == "187.40"
