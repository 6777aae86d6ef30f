"""Table 06 whose 类 sums are open because tesseract lost a row's figure: rows tied to their figure by their line.

tesseract's light scan of ghzy's table 06 (draw I) lost 30108's figure and 30206's (``30108 机关事业单位基本养老保  ee
电费  1``) and 30216's (``讽放``): 301 and 302 then equal the sum of their printed rows plus an unknown, confirm
none of them, and the table read 7 of 33. A row printed ``code  name  figure`` on one line of a table laid out in
columns of spaces, its code in the national list and no digit between them but the code's, is tied to that figure
by its print. Seen on ghzy (draw I) and on seed 000's tesseract text (an earlier light draw, and draw I's heavy).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import process
from tests.test_ocr_skew_rows import S000, _golden, _read

DATA = Path(__file__).resolve().parent / "data"
GHZY = "shanghai_putuo_ghzy_2024"
T06 = {"basic_by_economic"}


def _read_06(tmp_path: Path, source: Path, doc: str) -> tuple[dict, dict]:
    path = tmp_path / f"{doc}.txt"
    shutil.copy(source, path)
    return _read(process(path), T06), _golden(doc, T06)


def test_rows_on_their_lines_read_where_a_lost_figure_opens_their_sum(tmp_path: Path) -> None:
    read, gold = _read_06(tmp_path, DATA / "tied_rows_s11" / "I_tesseract_ghzy_light_06.txt", GHZY)
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert len(read) >= 30
    assert ("basic_by_economic", "30108", "决算数") not in read  # (its figure was lost: unread, not guessed)


def test_a_second_document(tmp_path: Path) -> None:
    read, gold = _read_06(tmp_path, DATA / "tesseract_seed000_light.txt", S000)
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert len(read) >= 20
