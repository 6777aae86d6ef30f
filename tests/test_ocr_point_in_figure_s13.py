"""A 。 inside a figure (``1.。550.75``: tesseract's speck after a misread thousands comma) ends no sentence.

Seed 000's table 05 as tesseract printed it from the light scan of draw I: ``206 | 科学技术支出  1.。550.75  718.64
832.11`` read as prose, which ended the table after its 合计 row — 3 of 42 values read. The second document is
ghzy's table 05 from tesseract's light scan of draw J with the same speck put into one figure (``3.。832. 36``):
the table was cut there, its rows below lost. Both texts committed (the second with that one edit).
"""

from __future__ import annotations

from pathlib import Path

from extractor.segment import _prose
from tests.test_ocr_skew_rows import Values, _read_copy

DATA = Path(__file__).resolve().parent / "data" / "point_in_figure_s13"
TABLE = {"general_budget"}


def _table(tmp_path: Path, name: str, doc: str) -> tuple[Values, Values]:
    return _read_copy(tmp_path, DATA / name, doc, TABLE)


def test_a_speck_inside_a_figure_keeps_the_table_whole(tmp_path: Path) -> None:
    read, gold = _table(tmp_path, "I_tesseract_seed000_light.txt", "000_d2cac5324267c124")
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert len(read) >= 0.8 * len(gold), (len(read), len(gold))
    assert read[("general_budget", "2210203", "合计")] == "17.33"  # the table's last row


def test_second_document(tmp_path: Path) -> None:
    read, gold = _table(tmp_path, "J_tesseract_ghzy_light_point_speck.txt", "shanghai_putuo_ghzy_2024")
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    below = [k for k in read if k[1].startswith("212") and k[1] != "212"]  # the rows after the speck's
    assert len(below) >= 6, below


def test_a_sentence_ending_in_a_figure_is_still_prose() -> None:
    assert _prose("本年支出合计1,903.01万元。")
    assert _prose("主要是人员增加。2024年")
    assert not _prose("206 | 科学技术支出  1.。550.75  718.64")
