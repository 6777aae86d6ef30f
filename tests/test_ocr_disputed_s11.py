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
