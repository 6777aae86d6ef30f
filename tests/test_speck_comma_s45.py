"""A speck read as a comma before a figure's point, a space after it (``225,. 12``): one figure, not two numbers
(forty-fifth stop).

``tests/data/remnant_s45/BS_tesseract_light_ghzy.txt`` is tesseract's text of ghzy's light scan from draw BS (held
out when made at this stop's start and scored, then read); the second document is seed 003's tesseract text of
draw AH with one figure so printed, the change made here, in the test.
"""

from __future__ import annotations

from pathlib import Path

from extractor.normalize import normalize
from tests.test_code_remnant_s45 import line_changed
from tests.test_ocr_s18 import ROOT
from tests.test_ocr_s22 import _read, _text, _wrong

BS_GHZY = ROOT / "tests" / "data" / "remnant_s45" / "BS_tesseract_light_ghzy.txt"
AH_003 = ROOT / "tests" / "data" / "damaged_s29" / "AH_tesseract_light_003.txt"
GHZY, SEED_003 = "shanghai_putuo_ghzy_2024", "003_9ee8868df83b9797"


def test_a_comma_speck_before_the_point_keeps_the_figure_whole_and_its_span_on_the_print() -> None:
    t = normalize("2080506  225. 12   225,. 12   0. 00")
    assert t.clean == "2080506  225.12   225,.12   0.00"
    at = t.clean.index("225,.12")
    assert t.original_slice(at, at + len("225,.12")) == "225,. 12"
    assert normalize("2,.946.25").clean == "2,.946.25"  # (a thousands group after the comma: not a speck)
    assert normalize("1, 903. 01").clean == "1903.01"


def test_ghzy_table_03_reads_the_row_whose_figure_prints_a_comma_speck(tmp_path: Path) -> None:
    # ``2080506 机关事业单位职业年金缴 225. 12 225,. 12 0. 00``: ``225`` and ``12`` were two numbers, the row read one
    # figure of three, and a row of unreadable code was taken to follow it — 20805's sum opened, 2080502's and
    # 2080506's figures left between columns (69 of 75).
    text = _text(BS_GHZY)
    assert "225,. 12" in text
    _res, read, gold = _read(tmp_path, GHZY, text, "expenditure")
    assert _wrong(read, gold) == {}
    assert read[("expenditure", "2080506", "基本支出")] == "225.12"
    assert read[("expenditure", "2080506", "本年支出合计")] == "225.12"
    assert len(read) >= 72


def test_the_same_in_seed_003(tmp_path: Path) -> None:
    specked = line_changed(
        _text(AH_003), r"2080502 \| 事业单位离退休 +16\.22  16\.22", "2080502 | 事业单位离退休   16,. 22  16.22"
    )
    _res, read, gold = _read(tmp_path, SEED_003, specked, "expenditure")
    assert _wrong(read, gold) == {}
    assert read[("expenditure", "2080502", "本年支出合计")] == "16.22"
    assert read[("expenditure", "2080502", "基本支出")] == "16.22"
