"""Whole tables a skewed scan's boxes put out of reach (twenty-first stop).

``tests/data/damaged_s21`` holds RapidOCR's own text of heavy scans from draw U of ``eval/bench_ocr_text.py``
(held out when drawn at the twentieth stop and scored then, committed as the engine printed them): czj's and
ghzy's whole reports, and seed 002's whole report. Every value read must be the golden one.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_ocr_s18 import CZJ, GHZY, ROOT, _cell, _read_right

DATA = ROOT / "tests" / "data" / "damaged_s21"
SEED002 = "002_846b8c47d01900a7"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _table_04(text: str) -> str:
    """czj's table 04 alone, as RapidOCR printed it (title to the next table's title)."""
    start = text.index("一般公共预算财政拨款支出决算表")
    return text[start : text.index("一般公共预算财政拨款基本支出决算表", start)]


def test_a_table_whose_every_row_prints_its_figures_ahead_of_its_code_is_read_whole(tmp_path: Path) -> None:
    # czj's table 04 on a page turned so its right side is higher: each row's figures print ahead of its code
    # (``2,106.66`` / ``1,503.52`` / ``603.14`` / ``一般公共服务支出`` / ``201``), the header's 合计 ahead of the
    # other column names and the 合计 row's label last, after its figures. Read by order, every row took the
    # figures of the row below it: 1 of 44 read, 4 values wrong (合计 2,106.66; 2210203 2,940.05)
    res, read, gold = _read_right(tmp_path, CZJ, _table_04(_text("U_rapidocr_heavy_czj.txt")), "general_budget")
    assert read == gold and len(read) == 44
    assert _cell(res, "general_budget", "合计", "合计")["value"] == "2940.05"
    assert _cell(res, "general_budget", "2210203", "合计")["value"] == "258.50"


def _figures_ahead(text: str) -> str:
    """Each row's figures moved ahead of its code (and 合计's ahead of its label), as a page turned so its right
    side is higher prints them in one box per line."""
    lines, out, k = text.split("\n"), [], 0
    while k < len(lines):
        j = k + 1
        if re.fullmatch(r"2\d{2}(?:\d{2}){0,2}|合计", lines[k]):
            while j < len(lines) and re.fullmatch(r"[\d,]+\.\d{2}", lines[j]):
                j += 1
            out += [*lines[k + 1 : j], lines[k]]
        else:
            out.append(lines[k])
        k = j
    return "\n".join(out)


def test_the_same_skew_on_another_report_reads_its_table_whole(tmp_path: Path) -> None:
    # ghzy's table 04 from RapidOCR's light scan of draw U, every row's figures moved ahead of its code: read by
    # order, the last row's and 合计's six cells were lost (合计's figures printed ahead of its label, last of all)
    text = _figures_ahead(_text("U_rapidocr_light_ghzy_04.txt"))
    assert "\n9746.50\n5364.75\n4381.74\n合计\n" in text and "\n754.75\n754.75\n0.00\n20805\n" in text
    _res, read, gold = _read_right(tmp_path, GHZY, text, "general_budget")
    assert read == gold and len(read) == 75


def test_two_rows_figures_printed_interleaved_are_told_apart_by_the_identities(tmp_path: Path) -> None:
    # the same table: 财政事务's and 行政运行's boxes sat level, and the engine listed them by turns — ``2,106.66``
    # / ``1,511.89`` / ``1,503.52`` / ``1,503.52`` / ``603.14`` / ``8.37`` between the two rows' labels. 201 =
    # 20106 and 20106 = Σ 项 say which are whose
    _res, read, _gold = _read_right(tmp_path, CZJ, _table_04(_text("U_rapidocr_heavy_czj.txt")), "general_budget")
    assert [read[("general_budget", "20106", c)] for c in ("合计", "基本支出", "项目支出")] == [
        "2106.66",
        "1503.52",
        "603.14",
    ]
    assert [read[("general_budget", "2010601", c)] for c in ("合计", "基本支出", "项目支出")] == [
        "1511.89",
        "1503.52",
        "8.37",
    ]


def test_table_03_of_the_same_page_skew_is_read_whole_too(tmp_path: Path) -> None:
    # czj's table 03 on the same draw: the same skew, a table of more columns — 20 of 44 read before, none wrong
    _res, read, gold = _read_right(tmp_path, CZJ, _text("U_rapidocr_heavy_czj.txt"), "expenditure")
    assert read == gold and len(read) == 44


def test_a_total_with_digits_lost_is_read_back_among_the_boxes_near_it(tmp_path: Path) -> None:
    # ghzy's table 01: 收入总计 prints ``98.38`` (9859.38, two digits lost) after the table's note, and
    # 本年支出合计's 9759.38 after the next line's left label. Every figure floats among the rows printed near it,
    # and with 98.38 fitting no row the reading failed: 1 of 12. 9859.38 printed for 支出总计 is 98.38's repair,
    # which 收入总计 = 本年收入合计 + 年初结转和结余 vouches for
    res, read, gold = _read_right(tmp_path, GHZY, _text("U_rapidocr_heavy_ghzy.txt"), "summary")
    assert read == gold and len(read) == 12
    cell = _cell(res, "summary", "收入总计", "金额")
    assert cell["value"] == "9859.38" and cell["repaired_from"] == "98.38"
    assert any(f.check == "ocr.repaired" and "98.38" in f.message for f in res.flags)


def test_the_same_total_in_rows_rebuilt_by_position(tmp_path: Path) -> None:
    # ghzy's table 01 in rows rebuilt from the same scan: ``使用非财政拨款结余 9759.38`` (本年支出合计's figure on the
    # next line's left label) and ``98.38 总计 9859.38``. With 98.38 fitting no row, the line's row stood for
    # 9759.38 — a value wrong (3 of 12 read); tried as 9859.38 with digits lost, the identities place every figure
    res, read, gold = _read_right(tmp_path, GHZY, _text("U_rows_heavy_ghzy.txt"), "summary")
    assert read == gold and len(read) == 12
    assert _cell(res, "summary", "本年支出合计", "金额")["value"] == "9759.38"


def test_a_code_with_a_digit_lost_and_its_name_misread_is_read_back(tmp_path: Path) -> None:
    # seed 002's table 02: ``208501`` / ``行政单位离退体`` — 2080501 with a 0 lost, 休 read as 体. Unreadable, it
    # told the reading rows had been left out, and every 财政拨款收入 figure, printed on a line of its own, was
    # left between two rows: 24 of 54 read (the other tables' figures pin the rest once every row is read). A
    # name one character from 2080501's, a code a digit short of it, under 20805: that is 2080501
    res, read, gold = _read_right(tmp_path, SEED002, _text("U_rapidocr_heavy_seed002.txt"), "income")
    assert read == gold and len(read) == 54
    assert read[("income", "2080501", "本年收入合计")] == "1.66"
    unread = res.extraction.model_dump(mode="json")["unread"]
    assert any(u["what"] == "income/2080501" and "'208501'" in u["reason"] for u in unread)


def test_a_row_whose_name_runs_into_the_row_below_s_takes_none_of_its_figures(
    tmp_path: Path,
) -> None:
    # czj's table 04 in rows rebuilt from draw U's heavy scan: ``201 06 财政事务`` / ``行政运行 1,511.89 1,503.52
    # 8.37`` / ``201 06 10 10.00`` — 2010601's code misread below its name, so 20106's label runs into 行政运行 and
    # took its figures, their own total = Σ parts holding; 201 = 20106 fails with them. Read so before (and 22102 as
    # 2210201's 187.19): three values wrong. Then unread, with the reason; since the fortieth stop the text is read
    # as a skewed scan's boxes (codes below their names and figures) and each row takes its own figures: 20106 the
    # ``2,106.66 1,503.52 603.14`` risen onto 201's code line, 22102 its 445.69 — every value read golden's
    text = _text("U_rows_heavy_czj_04.txt")
    _res, read, _gold = _read_right(tmp_path, CZJ, text, "general_budget")
    assert read[("general_budget", "20106", "合计")] == "2106.66"
    assert read[("general_budget", "22102", "合计")] == "445.69"
    assert read[("general_budget", "2010601", "合计")] == "1511.89"
