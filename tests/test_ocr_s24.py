"""A decimal point read as a 1 in a four-digit print, a code with a digit lost between the halves of its wrapped
name, a figure below 100 turned upside down with its point lost, a total printed beyond reading, and a row whose
total is misread read around it (twenty-fourth stop).

``tests/data/damaged_s24`` holds RapidOCR's own text of heavy scans from draw Z of ``eval/bench_ocr_text.py``
(held out when drawn at the twenty-third stop and scored then, development since) and tesseract's of ghzy's heavy
scan from draw Y, committed as the engines printed them. Every value read must be the golden one.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_s18 import CZJ, GHZY, ROOT, _cell
from tests.test_ocr_s22 import _missing, _read, _text, _wrong

DATA = ROOT / "tests" / "data" / "damaged_s24"
Z_CZJ = DATA / "Z_rapidocr_heavy_czj.txt"
Z_GHZY = DATA / "Z_rapidocr_heavy_ghzy.txt"
S000, S002, S003 = "000_d2cac5324267c124", "002_846b8c47d01900a7", "003_9ee8868df83b9797"


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
    # the same table with the code printed ``2102`` (not 21011 with a digit lost): no repair — the row stays one
    # of unreadable code, and nothing read is wrong. (Printed between 210 and 2101101, it may be a 款 of 210 but
    # no 类: 合计 = Σ 类 still gives 210 — the thirtieth stop's reading of such holes)
    text = _text(Z_GHZY)
    assert text.count("\n行政事业单位\n2101\n医疗\n") == 1
    _res, read, gold = _read(
        tmp_path, GHZY, text.replace("\n行政事业单位\n2101\n医疗\n", "\n行政事业单位\n2102\n医疗\n"), "general_budget"
    )
    assert _wrong(read, gold) == {}
    assert not any(row == "21011" for _table, row, _col in read)
    assert read[("general_budget", "210", "合计")] == "236.64"


# --- table 06: ``9881`` for 18.86 ----------------------------------------------------------------------------


def test_a_figure_below_100_turned_upside_down_with_its_point_lost_is_repaired(tmp_path: Path) -> None:
    # ghzy's 30206 电费 on draw Z's heavy scan: ``9881`` is 18.86 read by RapidOCR turned 180° (read backwards,
    # 6 and 9 trading places) with the point, at the top, lost; 302 = Σ 302xx confirms it (32 of 33 read)
    res, read, gold = _read(tmp_path, GHZY, _text(Z_GHZY), "basic_by_economic")
    assert _wrong(read, gold) == {}
    assert _cell(res, "basic_by_economic", "30206", "决算数")["repaired_from"] == "9881"
    assert _missing(read, gold) == set()


# --- table 01: a total printed beyond reading -----------------------------------------------------------------


def test_a_total_printed_beyond_reading_leaves_its_cell_unknown_and_the_rest_of_table_01_is_read(
    tmp_path: Path,
) -> None:
    # seed 000's table 01 on draw Z's heavy scan prints 本年支出合计 ``10°30.°01`` (1,903.01): read as no figure, the
    # row was blank, Σ 类 = 本年支出合计 failed, and every expenditure figure was withdrawn — 3 of 9 read. The
    # digits glued to a speck are a figure damaged beyond reading: its cell is unknown, the rest hold
    res, read, gold = _read(tmp_path, S000, _text(DATA / "Z_rapidocr_heavy_seed000.txt"), "summary")
    assert _wrong(read, gold) == {}
    assert _missing(read, gold) == {("summary", "本年支出合计", "金额")}
    assert read[("summary", "科学技术支出", "金额")] == "1550.75" and read[("summary", "支出总计", "金额")] == "1903.01"
    unread = res.extraction.model_dump(mode="json")["unread"]
    assert any(u["what"].startswith("summary/本年支出合计") for u in unread)


# --- table 03: a row whose total is misread, read around it ----------------------------------------------------


def test_a_row_whose_printed_total_is_misread_keeps_the_parts_its_column_sums_confirm(tmp_path: Path) -> None:
    # seed 002's table 03 on draw Z's heavy scan: ``20604 技术与开发 06.20 17.90`` (17.90 17.90), ``20608 … 10°1
    # 1.08`` and ``2080502 … 41.9 6.17`` fail their own sums for every reading, and the whole rows were unread.
    # Text without cells prints a row's total first: with that cell unknown the other figure is a part, which
    # column its children's and its parent's sums tell to the cent — the totals stay unread, with their prints
    res, read, gold = _read(tmp_path, S002, _text(DATA / "Z_rapidocr_heavy_seed002.txt"), "expenditure")
    assert _wrong(read, gold) == {}
    assert (
        read[("expenditure", "20604", "项目支出")] == "17.90" and read[("expenditure", "20608", "项目支出")] == "1.08"
    )
    assert read[("expenditure", "2080502", "基本支出")] == "6.17"
    assert {("expenditure", r, "本年支出合计") for r in ("20604", "20608", "2080502")} <= _missing(read, gold)
    unread = {u["claim"] for u in res.extraction.model_dump(mode="json")["unread"] if u["table"] == "expenditure"}
    assert {"06.20", "41.9"} <= unread


def test_a_part_its_sums_bear_out_only_within_rounding_is_not_read_so(tmp_path: Path) -> None:
    # ghzy's table 03 on tesseract's heavy scan of draw Y: ``2080502 事业单位离退体 28. 11 28.1 0.00``. Read around
    # its damaged total, 28.1 (cut to one decimal) fits 20805's Σ of five 项 within its rounding difference — not
    # to the cent, so the row is read as before, and 28.10 is never emitted
    _res, read, gold = _read(tmp_path, GHZY, _text(DATA / "Y_tesseract_heavy_ghzy.txt"), "expenditure")
    assert _wrong(read, gold) == {}
    assert read.get(("expenditure", "2080502", "基本支出")) == "28.11"


# --- table 05 in layout text: a code line above the head of the next row's wrapped name -----------------------


def test_a_code_line_keeps_off_the_head_of_the_next_row_s_wrapped_name(tmp_path: Path) -> None:
    # ghzy's table 05 on tesseract's light scan of draw Z wraps names around their code lines (``行政事业单位`` /
    # ``20805 754.75 754.75 0.00`` / ``养老支出``) and lost 208's tail (``社会保障和就`` / ``208 754.75 …``). A line
    # of figures joins the words below it — there, 20805's head: 208 was read by that name as 20805, the row
    # printed twice, and the table's identities failed (49 of 59 read)
    _res, read, gold = _read(tmp_path, GHZY, _text(DATA / "Z_tesseract_light_ghzy.txt"), "general_budget")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()
    assert read[("general_budget", "208", "合计")] == "754.75"


def test_a_code_line_still_joins_the_tail_of_its_own_name_below_it(tmp_path: Path) -> None:
    # the same page with 208's tail printed (``业支出`` below its line): the words continue 208's own name, so the
    # line joins them as before, and the table reads whole
    text = _text(DATA / "Z_tesseract_light_ghzy.txt")
    line = "208               1                      754. 75              754. 75                0.00\n"
    assert text.count(line) == 1
    _res, read, gold = _read(tmp_path, GHZY, text.replace(line, line + "业支出\n"), "general_budget")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()


# --- table 04: two figures glued, the first with a space after its point ---------------------------------------


def test_two_figures_glued_the_first_with_a_space_after_its_point_are_read_apart(tmp_path: Path) -> None:
    # ghzy's table 04 on tesseract's light scan of draw Y prints 本年支出合计's pair ``9746. 509746. 50``: the clean
    # view joined the second's ``509746. 50``, and ``509746.50`` fitted no cell — the row unread, and with it the
    # column sums that place the rows above (12 of 17 read). Two figures, each printing its two decimals
    text = _text(DATA / "Y_tesseract_light_ghzy.txt")
    assert "9746. 509746. 50" in text
    _res, read, gold = _read(tmp_path, GHZY, text, "fiscal_summary")
    assert _wrong(read, gold) == {}
    assert read[("fiscal_summary", "本年支出合计", "合计")] == "9746.50"
    assert read[("fiscal_summary", "本年支出合计", "一般公共预算财政拨款")] == "9746.50"
    assert len(_missing(read, gold)) <= 2  # (城乡社区支出's pair: ``3832.30`` for 3832.36, no identity tells)


# --- table 07, wide: a row whose printed order fails its identities -------------------------------------------


def test_a_wide_three_public_row_whose_order_fails_its_identities_is_unread_whole(tmp_path: Path) -> None:
    # seed 003's wide 三公 table in rows rebuilt from draw Z's heavy scan: the skew lists its 决算数 half first
    # (``2.46 0.00 2.20 0.00 2.20 0.26`` / ``0.00 2.20 0.00 2.20 0.40`` / ``2.60``). Read in printed order, the
    # first six hold the 预算数 sums and the rest fail the 决算数 ones: 2.46 and 0.26 were emitted as 预算数, two
    # wrong values. An order that fails is no evidence for any figure of the row: every one is unread
    res, read, _gold = _read(tmp_path, S003, _text(DATA / "Z_rows_heavy_seed003.txt"), "three_public")
    assert read == {}
    unread = [u for u in res.extraction.model_dump(mode="json")["unread"] if u["table"] == "three_public"]
    assert {u["claim"] for u in unread} >= {"2.46", "0.26", "2.60", "0.40"}


def test_a_wide_three_public_row_in_order_is_still_read(tmp_path: Path) -> None:
    # the same page with the halves on one line in printed order: every identity holds, all twelve read
    text = _text(DATA / "Z_rows_heavy_seed003.txt")
    lines = "2.46 0.00 2.20 0.00 2.20 0.26\n0.00 2.20 0.00 2.20 0.40\n2.60\n"
    assert text.count(lines) == 1
    ordered = "2.60 0.00 2.20 0.00 2.20 0.40 2.46 0.00 2.20 0.00 2.20 0.26\n"
    _res, read, gold = _read(tmp_path, S003, text.replace(lines, ordered), "three_public")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()
