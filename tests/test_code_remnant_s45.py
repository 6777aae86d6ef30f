"""A 项 row whose code boxes OCR garbled whole, leaving its 类 code and a box or two of junk before its figures
(forty-fifth stop).

``tests/data/remnant_s45`` holds tesseract's texts of czj's light scans from draws BR (held out when made at the
last stop's end and scored, then read here) and BS (held out when made at this stop's start and scored, then read).
The second document is ghzy's text from draw AN (``tests/data/damaged_s31``) with one row's line changed the same
way, the change made here, in the test.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_ocr_s18 import ROOT
from tests.test_ocr_s22 import _read, _text, _wrong

BR_CZJ = ROOT / "tests" / "data" / "remnant_s45" / "BR_tesseract_light_czj.txt"
BS_CZJ = ROOT / "tests" / "data" / "remnant_s45" / "BS_tesseract_light_czj.txt"
AN_GHZY = ROOT / "tests" / "data" / "damaged_s31" / "AN_tesseract_light_ghzy.txt"
CZJ, GHZY = "shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024"


def line_changed(text: str, printed: str, line: str) -> str:
    """``text`` with its one line matching the pattern ``printed`` printed as ``line`` (as OCR changes it)."""
    found = re.search(rf"\n{printed}\n", text)
    assert found is not None, printed
    return f"{text[: found.start()]}\n{line}\n{text[found.end() :]}"


def test_a_class_code_then_junk_boxes_before_figures_is_a_row_of_that_class(tmp_path: Path) -> None:
    # czj's table 02: 2080506's line prints ``208        ，   we      80.38        80.38`` — the 类 code, its 款 and
    # 项 boxes garbled to ``，`` and ``we``. Taken for 208 printed twice, it was dropped; 20805 = Σ 项 then failed
    # (84.65 + 160.75 + 0.94 is not 326.72) and 208's, 210's and 221's figures were left between five columns:
    # table 02 read 19 of 45 cells. A row of 208 whose code is unreadable is a hole under 20805, whose own sum
    # is open, and the other sums place the rest. Tables 03 and 05 print one code of 208 between 2080505 and 2080599
    # that table 02 does not: 2080506, the row's — and 20805 = Σ 项 then holds with its figures.
    text = _text(BR_CZJ)
    assert re.search(r"\n208 +， +we +80\.38 +80\.38\n", text)
    res, read, gold = _read(tmp_path, CZJ, text, "income")
    assert _wrong(read, gold) == {}
    assert read[("income", "208", "财政拨款收入")] == "326.72"
    assert read[("income", "2080501", "财政拨款收入")] == "84.65"
    assert read[("income", "221", "财政拨款收入")] == "445.69"
    assert read[("income", "合计", "其他收入")] == "6.20"
    assert read[("income", "2080506", "财政拨款收入")] == "80.38"
    assert len(read) == 45
    notes = [u.reason for u in res.extraction.unread if u.what == "income/2080506"]
    assert any("read as 2080506" in n and "other tables" in n for n in notes), notes


def test_the_same_in_ghzy(tmp_path: Path) -> None:
    # ghzy's table 02 with 2101102's line printed as czj's 2080506 was: ``210  ，  we  196. 29  196. 29``. Dropped
    # as 210 printed twice, 21011 = Σ 项 failed (40.35 is not 236.64) and 210's rows were unread; tables 03 and 05
    # print 2101102 after 2101101, the row's code. (A bare 类 code
    # before figures that wrapped off the row above, ``201`` / ``6.20``, is still no row: ``test_ocr_s31``.)
    printed = r"2101102 +事业单位医疗 +196\. 29 +196\. 29"
    garbled = line_changed(_text(AN_GHZY), printed, "210       ，   we      196. 29             196. 29")
    _res, read, gold = _read(tmp_path, GHZY, garbled, "income")
    assert _wrong(read, gold) == {}
    assert read[("income", "21011", "财政拨款收入")] == "236.64"
    assert read[("income", "2101101", "财政拨款收入")] == "40.35"
    assert read[("income", "210", "本年收入合计")] == "236.64"
    assert read[("income", "2101102", "财政拨款收入")] == "196.29"


def test_a_kuan_code_printed_again_with_its_item_box_a_digit_and_junk_is_a_row_of_that_kuan(tmp_path: Path) -> None:
    # czj's table 05 on tesseract's light scan of draw BS: 2080505's line prints ``208     05    0$ “| 机关事业单位
    # 基本养老保险缴费支出 | 160.75   160.75`` — its 项 box ``05`` read as ``0$``. Taken for 20805 printed twice, it
    # was dropped; 20805 = Σ 项 then failed (84.65 + 80.38 + 0.94 is not 326.72) and none of 208's rows was read
    # (table 05: 32 of 44). A 款 code printed again with a box of a digit and a junk character is what is left of a
    # longer code; tables 02 and 03 print one code of 20805 between 2080501 and 2080506 that table 05 lacks.
    text = _text(BS_CZJ)
    assert re.search(r"\n208 +05 +0\$ “\| 机关事业单位基本养老保险缴费支出", text)
    _res, read, gold = _read(tmp_path, CZJ, text, "general_budget")
    assert _wrong(read, gold) == {}
    assert read[("general_budget", "2080505", "基本支出")] == "160.75"
    assert read[("general_budget", "20805", "合计")] == "326.72"
    assert read[("general_budget", "2080599", "基本支出")] == "0.94"
    assert len(read) == len(gold)


def test_the_same_in_ghzy_whose_codes_print_whole(tmp_path: Path) -> None:
    # ghzy's table 05 (draw AN's tesseract text) with 2080505's line printed as czj's was, its code split and its 项
    # box garbled: ``208  05  0$ “| 基本养老保险  446. 11 …``. Dropped as 20805 printed twice, 20805 = Σ 项 failed.
    printed = r"2080505 +基本养老保险 +446\. 11 +446\. 11 +0\. 00"
    garbled = line_changed(_text(AN_GHZY), printed, "208   05   0$ “| 基本养老保险   446. 11   446. 11   0. 00")
    _res, read, gold = _read(tmp_path, GHZY, garbled, "general_budget")
    assert _wrong(read, gold) == {}
    assert read[("general_budget", "2080505", "基本支出")] == "446.11"
    assert read[("general_budget", "20805", "合计")] == "754.75"
    assert read[("general_budget", "2080502", "合计")] == "28.11"
