"""A decimal point read as a 1 in a four-digit print, a code with a digit lost between the halves of its wrapped
name, and a figure below 100 turned upside down with its point lost (twenty-fourth stop).

``tests/data/damaged_s24`` holds RapidOCR's own text of the corpus's heavy scans from draw Z of
``eval/bench_ocr_text.py`` (held out when drawn at the twenty-third stop and scored then, development since),
committed as the engine printed it. Every value read must be the golden one.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_s18 import CZJ, GHZY, ROOT, _cell
from tests.test_ocr_s22 import _missing, _read, _text, _wrong

DATA = ROOT / "tests" / "data" / "damaged_s24"
Z_CZJ = DATA / "Z_rapidocr_heavy_czj.txt"
Z_GHZY = DATA / "Z_rapidocr_heavy_ghzy.txt"


# --- table 02: ``6119`` for 6.19 ------------------------------------------------------------------------------


def test_a_point_read_as_a_one_in_a_four_digit_print_is_repaired_where_the_identities_confirm_it(
    tmp_path: Path,
) -> None:
    # czj's table 02 on draw Z's heavy scan prints 2010602's 其他收入 ``6119``: 61.19 (the point dropped) fits no
    # identity, and with it unplaced the skewed rows 2010601–2010608 were left open — 36 of 45 read. 6.19 (the
    # point read as a 1) is what 2010602's 16.19 = 10.00 + 6.19 and 20106's 6.20 = 0.01 + 6.19 confirm
    res, read, gold = _read(tmp_path, CZJ, _text(Z_CZJ), "income")
    assert read == gold and len(read) == 45
    cell = _cell(res, "income", "2010602", "其他收入")
    assert cell["value"] == "6.19" and cell["repaired_from"] == "6119"
    assert any(f.check == "ocr.repaired" and "'6119'" in f.message for f in res.flags)


def test_the_same_print_is_no_repair_where_no_identity_confirms_it(tmp_path: Path) -> None:
    # the same table with 20106's 其他收入 and 2010602's 本年收入合计 printed illegibly: nothing confirms 6.19 now,
    # so ``6119`` is no value — neither 6.19 nor 61.19 — and nothing read is wrong
    text = _text(Z_CZJ)
    assert text.count("\n6.20\n2,112.86\n") == 1 and text.count("\n16.19\n") == 1
    text = text.replace("\n6.20\n2,112.86\n", "\n6.2?\n2,112.86\n").replace("\n16.19\n", "\n1?.19\n")
    _res, read, gold = _read(tmp_path, CZJ, text, "income")
    assert _wrong(read, gold) == {}
    assert ("income", "2010602", "其他收入") not in read


# --- table 05: ``行政事业单位`` / ``2101`` / ``医疗`` ----------------------------------------------------------


def test_a_code_with_a_digit_lost_between_the_halves_of_its_wrapped_name_is_that_row_s(tmp_path: Path) -> None:
    # ghzy's table 05 on draw Z's heavy scan wraps 21011's name around its code, the code printed ``2101``. The
    # name's first half names 21011 by itself: read as that row with no code printed, it took 210's figures,
    # and ``2101 医疗`` became a row of unreadable code whose figures were unread — 210 lost, 57 of 59 read
    res, read, gold = _read(tmp_path, GHZY, _text(Z_GHZY), "general_budget")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()
    assert read[("general_budget", "210", "合计")] == "236.64" == read[("general_budget", "21011", "合计")]
    unread = res.extraction.model_dump(mode="json")["unread"]
    assert any(u["what"] == "general_budget/21011" and "printed '2101'" in u["reason"] for u in unread)


def test_with_table_05_whole_table_04_tells_which_row_its_floating_pair_is(tmp_path: Path) -> None:
    # table 04 prints 卫生健康支出's ``236.63`` pair between rows whose sums cannot tell them apart (any 类 may hold
    # it); table 05's 210, now read and confirmed, is the evidence that places it (15 of 17 read before)
    _res, read, gold = _read(tmp_path, GHZY, _text(Z_GHZY), "fiscal_summary")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()
    assert read[("fiscal_summary", "卫生健康支出", "一般公共预算财政拨款")] == "236.63"


def test_digits_that_are_not_the_code_less_one_digit_are_not_taken_for_it(tmp_path: Path) -> None:
    # the same table with the code printed ``2102`` (not 21011 with a digit lost): no repair — the row is read
    # as before, and nothing read is wrong
    text = _text(Z_GHZY)
    assert text.count("\n行政事业单位\n2101\n医疗\n") == 1
    _res, read, gold = _read(
        tmp_path, GHZY, text.replace("\n行政事业单位\n2101\n医疗\n", "\n行政事业单位\n2102\n医疗\n"), "general_budget"
    )
    assert _wrong(read, gold) == {}
    assert ("general_budget", "210", "合计") not in read


# --- table 06: ``9881`` for 18.86 ----------------------------------------------------------------------------


def test_a_figure_below_100_turned_upside_down_with_its_point_lost_is_repaired(tmp_path: Path) -> None:
    # ghzy's 30206 电费 on draw Z's heavy scan: ``9881`` is 18.86 read by RapidOCR turned 180° (read backwards,
    # 6 and 9 trading places) with the point, at the top, lost; 302 = Σ 302xx confirms it (32 of 33 read)
    res, read, gold = _read(tmp_path, GHZY, _text(Z_GHZY), "basic_by_economic")
    assert _wrong(read, gold) == {}
    assert _cell(res, "basic_by_economic", "30206", "决算数")["repaired_from"] == "9881"
    assert _missing(read, gold) == set()
