"""Table 06 read by its printed lines (ninth stop): a figure with a digit the OCR added to its whole part.

czj's table 06 prints 301 / 303 beside 302 / 310 (``类 | 款 | 科目名称 | 决算数``), read by its printed lines
(``readers.side_by_side``): each figure floats between the two rows of its line and the identities give it its
row. On draw F's heavy scan RapidOCR printed 30199's 91.03 as ``910.03``: 301 = Σ 301xx failed for every
placement and all 29 values were unread (3 read). 91.03 is printed nowhere else, so ``_lost_digits`` had no
candidate; now a figure of such a table is also tried with one digit of its whole part taken out
(``normalize.dropped_digit``), kept only where a sum of three rows' prints or more vouches for it (here the nine
other prints of class 301). The excerpt is RapidOCR's real text of draw F (plain, heavy); the second case is
draw E's real text with one figure (187.19) given a digit the same way by hand (no second draw printed one).
"""

from __future__ import annotations

from pathlib import Path

from extractor.normalize import dropped_digit
from tests.test_ocr_skew_rows import _golden
from tests.test_ocr_two_groups_s7 import _none_wrong
from tests.test_ocr_two_groups_s7 import _run as _run_text

DATA = Path(__file__).parent / "data"
CZJ = "shanghai_putuo_czj_2024"
TABLE = "basic_by_economic"


def test_dropped_digit_readings() -> None:
    """The values a print may be with one whole-part digit taken out; none for two digits or fewer."""
    assert dropped_digit("910.03") == ["10.03", "90.03", "91.03"]
    assert dropped_digit("1,837.19") == ["837.19", "137.19", "187.19", "183.19"]
    assert dropped_digit("91.03") == []
    assert dropped_digit("100.00") == ["10.00"]


def test_an_added_digit_no_other_figure_prints_is_read_where_its_class_sum_vouches(tmp_path: Path) -> None:
    """Draw F: all 29 values, 30199 read 91.03 (repaired, its span the printed ``910.03``); before, 3 of 29."""
    text = (DATA / "dropped_digit_s9" / "rapidocr_czj_06_f_heavy.txt").read_text(encoding="utf-8")
    res, _ = _run_text(tmp_path, "", text)
    read = _none_wrong(res, text)
    assert set(read) == set(_golden(CZJ, {TABLE}))
    (fact,) = [f for f in res.facts if f.table == TABLE and f.row == "30199"]
    assert fact.value == "91.03" and fact.span is not None
    assert text[fact.span[0] : fact.span[1]] == "910.03"


def test_the_same_on_another_draw(tmp_path: Path) -> None:
    """Draw E's text with 30113's 187.19 printed ``1837.19``: still every value, 30113 read 187.19."""
    real = (DATA / "table06_s8" / "rapidocr_czj_06_e_heavy.txt").read_text(encoding="utf-8")
    assert real.count("187.19") == 1
    text = real.replace("187.19", "1837.19")
    res, _ = _run_text(tmp_path, "", text)
    read = _none_wrong(res, text)
    assert read[(TABLE, "30113", "决算数")] == "187.19"
    assert set(read) == set(_golden(CZJ, {TABLE}))
