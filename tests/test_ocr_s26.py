"""Tesseract's text of light scans from draws AC and AD (twenty-sixth stop): two damaged 三公 prints that read each
other either way, a 类 code printed again below its own rows, a figure whose point was lost before a split code, a
row of unreadable code under its 类's box, and a figure glued to junk in table 01.

``tests/data/damaged_s26`` holds tesseract's text (``tesseract page.png out -l chi_sim``, default segmentation) of
ghzy's light scans from draw AC and czj's and seed 000's from draw AD of ``eval/bench_ocr_text.py`` — each held
out when drawn (AC at the twenty-fifth stop, AD at this stop's start, both scored then), development since —
committed as the engine printed them. Every value read must be the golden one.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_s18 import CZJ, GHZY, ROOT
from tests.test_ocr_s22 import _read, _text, _wrong

DATA = ROOT / "tests" / "data" / "damaged_s26"
AC_GHZY = DATA / "AC_tesseract_light_ghzy.txt"
AD_CZJ = DATA / "AD_tesseract_light_czj.txt"
AD_000 = DATA / "AD_tesseract_light_000.txt"
SEED_000 = "000_d2cac5324267c124"
ROW = "2285         0. 39"  # (the start of ghzy's wide 三公 row on draw AC)


def _unread(res: object, table: str) -> list[dict[str, object]]:
    return [u for u in res.extraction.model_dump(mode="json")["unread"] if u.get("table") == table]  # type: ignore[attr-defined]


# --- table 09: two damaged prints the identities read either way -------------------------------------------------


def test_two_damaged_three_public_prints_that_read_each_other_either_way_are_unread(tmp_path: Path) -> None:
    # ghzy's wide 三公 row on draw AC: ``2285 0. 39 0. 00 … 285 039`` for 合计 2.85 / 0.39 … 公务接待费 2.85 / 0.39.
    # 合计 = 公务接待费 (the other items blank) holds with both prints 2.85 (``2285`` its point read as a digit, ``285``
    # its point lost) and with both 22.85 (``2285`` its point lost, ``285`` a digit lost): 22.85 was emitted twice
    res, read, gold = _read(tmp_path, GHZY, _text(AC_GHZY), "three_public")
    assert _wrong(read, gold) == {}
    assert ("three_public", "合计", "预算数") not in read
    assert ("three_public", "公务接待费", "预算数") not in read
    # the cells both readings agree on stand: 039 is 0.39 either way, as 合计's clean 0. 39 says
    assert read[("three_public", "合计", "决算数")] == "0.39" == read[("three_public", "公务接待费", "决算数")]
    assert read[("three_public", "因公出国(境)费", "预算数")] == "0.00"
    notes = {u["claim"]: str(u["reason"]) for u in _unread(res, "three_public")}
    assert "2.85, 22.85" in notes["2285"] and "2.85, 22.85" in notes["285"]


def test_a_damaged_three_public_print_the_identities_read_one_way_is_repaired(tmp_path: Path) -> None:
    # the same row with 合计's 预算数 printed cleanly: 285 can only be 2.85 — read, repaired, as before
    text = _text(AC_GHZY).replace(ROW, "2.85         0. 39")
    res, read, gold = _read(tmp_path, GHZY, text, "three_public")
    assert _wrong(read, gold) == {}
    assert read[("three_public", "公务接待费", "预算数")] == "2.85"
    assert any(f.check == "ocr.repaired" and "'285'" in f.message for f in res.flags)


# --- table 06: a 类 code printed again below its own rows ---------------------------------------------------------


def test_a_class_code_printed_again_below_its_own_rows_is_no_class_row(tmp_path: Path) -> None:
    # czj's table 06 on draw AD: 302's name opens the right-hand group on the first line (its code lost), 30204
    # follows, then ``302 0 | 二沁`` / ``… 本二 4.88`` — a 款 of 302 whose digits OCR lost, 30207's 邮电费 4.88
    # beside it. Read as the 类, 302 took 4.88 for its 171.07, emitted clean
    res, read, gold = _read(tmp_path, CZJ, _text(AD_CZJ), "basic_by_economic")
    # (公用经费合计's ``184.04`` for 184.65, printed on the totals line below, no identity can check: left)
    assert set(_wrong(read, gold)) == {("basic_by_economic", "公用经费合计", "决算数")}
    assert ("basic_by_economic", "302", "决算数") not in read
    assert read[("basic_by_economic", "30204", "决算数")] == "0.09"
    notes = [u for u in _unread(res, "basic_by_economic") if u["claim"] == "4.88"]
    assert notes and "printed again below rows of its own" in str(notes[0]["reason"])


# --- table 03: a figure whose point was lost before a split code ------------------------------------------------


def test_a_figure_whose_point_was_lost_is_no_part_of_the_split_code_after_it(tmp_path: Path) -> None:
    # czj's table 03 on draw AD: ``06 | 01 | 行政运行 1利| 8 | 0 | 5837`` / ``06 02 "| 一般行政管理事务 10.00 10.00``.
    # 5837 (the row above's damaged figure) was taken as the code's first digits, ``58370602`` repaired by its name
    # to 2070602 — a 文化旅游体育与传媒 row under 201, emitted with 10.00 (golden has no such row)
    _res, read, gold = _read(tmp_path, CZJ, _text(AD_CZJ), "expenditure")
    assert _wrong(read, gold) == {}
    assert read[("expenditure", "2010602", "项目支出")] == "10.00"


# --- table 02: a row whose code is unreadable, printed under its 类's box -----------------------------------------


def test_a_row_of_unreadable_code_printed_under_its_class_box_leaves_the_sums_over_classes(tmp_path: Path) -> None:
    # czj's table 02 on draw AD prints ``208 0 1 606 Ai 80.38 80.38`` for 2080506: its code unreadable. Such a row
    # may have opened a 类 of its own, so 合计 = Σ 类 was left open — and without it nothing said whether 208's, 210's
    # and 221's second figure was 财政拨款收入 or 其他收入 (合计 prints 其他收入 6.20, all of it 201's). Its line opens
    # with 208's box, read cleanly: the row is of class 208, and the sums over classes place them
    res, read, gold = _read(tmp_path, CZJ, _text(AD_CZJ), "income")
    assert _wrong(read, gold) == {}
    for code, value in (
        ("208", "326.72"),
        ("210", "60.99"),
        ("21011", "60.99"),
        ("221", "445.69"),
        ("2210203", "258.50"),
    ):
        assert read[("income", code, "财政拨款收入")] == value
    # (the unreadable row is 2080506, the one code tables 03 and 05 print between 2080505 and 2080599 — thirty-ninth
    # stop: 20805's rows sum with it, and its own figures read; before, which of their columns was whose stayed open)
    assert read[("income", "2080506", "财政拨款收入")] == "80.38"
    assert read[("income", "2080501", "财政拨款收入")] == "84.65"
    notes = [u.reason for u in res.extraction.unread if u.what == "income/2080506"]
    assert any("other tables" in n for n in notes), notes


# --- table 01: a figure glued to junk ---------------------------------------------------------------------------


def test_a_figure_glued_to_junk_leaves_its_row_unknown_and_the_rest_of_table_01_is_read(tmp_path: Path) -> None:
    # seed 000's table 01 on draw AD prints ``六、科学技术支出 3人|澡寺5500D`` (1,550.75): the junk was taken into the
    # label, the row read as a blank of no known name, and 本年支出合计 = Σ 类 failed — the table distrusted. Its
    # figure glued to junk, the row's cells are unknown: with 总计 printed cleanly (the draw prints ``1 908501``, a
    # second damaged row, and two such rows are read around only in code tables), the rest of the table is read
    text = _text(AD_000).replace("1 908501", "1,903.01")
    res, read, gold = _read(tmp_path, SEED_000, text, "summary")
    assert _wrong(read, gold) == {}
    assert read[("summary", "社会保障和就业支出", "金额")] == "238.81"
    assert read[("summary", "本年支出合计", "金额")] == "1903.01"
    assert ("summary", "科学技术支出", "金额") not in read
    notes = [u for u in _unread(res, "summary") if u["row"] == "科学技术支出"]
    assert notes and "glued" in str(notes[0]["reason"]) and notes[0]["claim"] == "澡寺5500D"
    # as the draw printed it: two damaged rows, an identity taken away by each — nothing more is read
    _res, read, gold = _read(tmp_path, SEED_000, _text(AD_000), "summary")
    assert _wrong(read, gold) == {} and len(read) == 1
