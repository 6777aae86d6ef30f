"""Table 01 whose reading by order was refused (its 总计 rows print no figure after their labels) is read by
the figures near each row (``_boxed``), as a table whose reading by order failed is.

czj's report on RapidOCR's heavy scan of draw L (held out when drawn; committed as the engine printed it) prints
``2,995.39`` / ``2,995.39`` / ``总计`` / ``总计``: by order the text was refused, 0 of table 01's 12 values read.
The second document is ghzy's report in pdftotext's plain text (the corpus' development text), whose table 01
was refused the same way: 0 of 12 read, now 2 (its two last 类, none wrong).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import process
from tests.test_ocr_skew_rows import _golden, _read

ROOT = Path(__file__).resolve().parent.parent
CZJ = "shanghai_putuo_czj_2024"
GHZY = "shanghai_putuo_ghzy_2024"


def test_table_01_refused_by_order_is_read_by_the_figures_near_its_rows(tmp_path: Path) -> None:
    path = tmp_path / f"{CZJ}.txt"
    shutil.copy(ROOT / "tests" / "data" / "rows_untold_s14" / "L_rapidocr_czj_heavy.txt", path)
    read, gold = _read(process(path), {"summary"}), _golden(CZJ, {"summary"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert len(read) >= 9
    assert read[("summary", "一般公共服务支出", "金额")] == "2106.66"
    assert read[("summary", "收入总计", "金额")] == read[("summary", "支出总计", "金额")] == "2995.39"


def test_a_second_report_in_another_tools_text_reads_its_last_rows(tmp_path: Path) -> None:
    path = tmp_path / f"{GHZY}.txt"
    shutil.copy(ROOT / "eval" / "corpus" / "text" / "pdftotext" / f"{GHZY}.txt", path)
    read, gold = _read(process(path), {"summary"}), _golden(GHZY, {"summary"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert read[("summary", "住房保障支出", "金额")] == "461.08"
    assert read[("summary", "自然资源海洋气象等支出", "金额")] == "4461.67"
