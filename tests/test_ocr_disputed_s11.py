"""Table 04 read by order where table 05 says otherwise: the reading of figures among nearby rows decides.

RapidOCR's boxes of ghzy's table 04 on the heavy scan of draw I print ``七、文化旅游体育与传媒支出`` / ``754.75`` /
``754.75`` / ``八、社会保障和就业支出``: by order the pair is 七's, and every identity of table 04 holds with it.
Table 05 prints 208 = 754.75 and no 207 (its 类 add up to its 合计): the pair is 八's. Tables 04 and 05 as
RapidOCR printed them, committed as written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data" / "disputed_s11"
GHZY = "shanghai_putuo_ghzy_2024"
FISCAL = {"fiscal_summary"}


def test_a_pair_table_05_gives_another_class_moves_to_it(tmp_path: Path) -> None:
    path = tmp_path / f"{GHZY}.txt"
    shutil.copy(DATA / "I_rapidocr_ghzy_heavy_04_05.txt", path)
    read, gold = _read(process(path), FISCAL), _golden(GHZY, FISCAL)
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    cell = ("fiscal_summary", "社会保障和就业支出", "合计")
    assert read[cell] == gold[cell]
    assert not any(row == "文化旅游体育与传媒支出" for _, row, _ in read)


def test_another_tables_figure_within_rounding_anchors_this_tables_print(tmp_path: Path) -> None:
    """Rows rebuilt from the same heavy scan: table 01 prints 城乡社区支出 3845.25 where table 03 prints 3845.24 (a
    rounding difference); as its anchor the figure places 收入总计 and 支出总计 (9859.38), and 年初结转和结余 no
    longer takes the right side's 总计 printed on its line (it read 9859.38 for 112.88)."""
    path = tmp_path / f"{GHZY}.txt"
    shutil.copy(DATA / "I_rows_ghzy_heavy.txt", path)
    summary = {"summary"}
    read, gold = _read(process(path), summary), _golden(GHZY, summary)
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert read[("summary", "收入总计", "金额")] == read[("summary", "支出总计", "金额")] == "9859.38"
