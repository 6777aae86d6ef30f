"""Repairs vouched for through a table's identities, and a whole-number table's rounding step (nineteenth stop).

``tests/data/damaged_s19`` holds RapidOCR's own text of the benchmark's renderings (draw R of
``eval/bench_ocr_text.py``: held out when drawn and scored at the eighteenth stop, committed as the engine printed
it). Every value read must be the golden one.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_s18 import _cell, _read_right
from tests.test_ocr_text import S003

DATA = Path(__file__).resolve().parent / "data" / "damaged_s19"


def test_repairs_vouched_through_exact_identities_free_the_whole_table(tmp_path: Path) -> None:
    # seed 003's table 05, RapidOCR light (draw R): 合计's 基本支出 printed ``59.0`` (599.20: two digits lost) and
    # 20601's 合计 and 基本支出 ``39.8`` (398.98). Table 03 prints 599.20 and 398.98 for those cells, and the exact
    # identities of table 05 with them carry that vouching on to every other figure: the whole table reads
    # (before, 30 of its 48 figures stayed unread)
    text = (DATA / "R_rapidocr_light_seed003.txt").read_text(encoding="utf-8")
    res, read, gold = _read_right(tmp_path, S003, text, "general_budget")
    assert read == gold
    for row, col, printed in (("合计", "基本支出", "59.0"), ("20601", "合计", "39.8"), ("20601", "基本支出", "39.8")):
        cell = _cell(res, "general_budget", row, col)
        assert (cell["repaired_from"], cell["confidence"]) == (printed, "repaired")
