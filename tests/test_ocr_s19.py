"""Repairs vouched for through a table's identities, 项 codes the dictionary lacks read by their name's standing
suffix, and a shared line's figure damaged beyond reading in table 06 (nineteenth stop).

``tests/data/damaged_s19`` holds RapidOCR's own text of the benchmark's renderings (draw R of
``eval/bench_ocr_text.py``: held out when drawn and scored at the eighteenth stop, committed as the engine printed
it). Every value read must be the golden one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_damaged_s17 import _process
from tests.test_ocr_s18 import CZJ, GHZY, ROOT, _cell, _read_right
from tests.test_ocr_text import S003

DATA = ROOT / "tests" / "data" / "damaged_s19"


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


def test_a_misread_code_the_dictionary_lacks_is_read_by_its_names_standing_suffix(tmp_path: Path) -> None:
    # ghzy's table 02, RapidOCR heavy (draw R): ``2010 事业运行`` under 22001 is 2200150, a code the shipped
    # dictionary does not carry; 事业运行 ends in 50 under every 款 it lists it for. Read as a row of unreadable code,
    # its figures had failed 22001 = Σ 项, and with it every column sum over classes: 13 of the table's 50 read
    text = (DATA / "R_rapidocr_heavy_ghzy.txt").read_text(encoding="utf-8")
    _res, read, gold = _read_right(tmp_path, GHZY, text, "income")
    assert read == gold
    assert read[("income", "2200150", "财政拨款收入")] == "4416.67"


def test_the_standing_suffix_in_a_converters_text_with_a_lost_digit(tmp_path: Path) -> None:
    # the same row in pdfium's text of the published PDF, its code printed a digit short in all three tables
    # (``220150 事业运行``): every table reads as from the undamaged text, the row as 2200150
    text = (ROOT / "eval" / "corpus" / "text" / "pdfium" / f"{GHZY}.txt").read_text(encoding="utf-8")
    assert text.count("2200150 事业运行") == 3
    (tmp_path / "clean").mkdir()
    (tmp_path / "damaged").mkdir()
    clean = _process(tmp_path / "clean", GHZY, text)
    damaged = _process(tmp_path / "damaged", GHZY, text.replace("2200150 事业运行", "220150 事业运行"))
    tables = ("income", "expenditure", "general_budget")
    assert {(f.table, f.row, f.col): f.value for f in damaged.facts if f.table in tables} == {
        (f.table, f.row, f.col): f.value for f in clean.facts if f.table in tables
    }
    assert {f.table for f in damaged.facts if f.row == "2200150"} == set(tables)


def test_a_whole_code_under_a_lost_parent_row_is_no_item_of_the_parent_before_it(tmp_path: Path) -> None:
    # table 03 with its 22001 row lost altogether: ``2200150 事业运行`` now follows 21202's rows. That whole code is
    # no misread of 21202's 事业运行 (2120250, three digits away): the suffix reading is only for prints that are
    # the code with digits lost or one misread. Read so, 2120250 had failed 21202's and 212's sums (15 figures)
    text = (ROOT / "eval" / "corpus" / "text" / "pdfium" / f"{GHZY}.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    lost = next(k for k, line in enumerate(lines) if line.startswith("22001 自然资源事务 4461.67 2339.58"))
    res, read, _gold = _read_right(tmp_path, GHZY, "\n".join(lines[:lost] + lines[lost + 1 :]), "expenditure")
    assert {row for _, row, _ in read if row.startswith("212")} == {"212", "21201", "2120101", "21202", "2120201"}
    assert not [f for f in res.facts if f.row == "2120250"]


def test_a_name_of_no_standing_suffix_gets_no_invented_code(tmp_path: Path) -> None:
    # 住房公积金 is one code's name, not a suffix every 款 shares: printed with a code two digits short under a 款
    # the dictionary has no such 项 for, the row stays of unreadable code, its figures unread, nothing invented
    text = (ROOT / "eval" / "corpus" / "text" / "pdfium" / f"{GHZY}.txt").read_text(encoding="utf-8")
    damaged = text.replace("2200150 事业运行", "22050 住房公积金", 1)
    res = _process(tmp_path, GHZY, damaged)
    assert not [
        f
        for f in res.facts
        if f.table == "income" and f.row.startswith("22001") and len(f.row) == 7 and f.row not in ("2200150", "2200199")
    ]


def test_a_shared_lines_figure_damaged_beyond_reading_costs_only_its_cell(tmp_path: Path) -> None:
    # czj's table 06, RapidOCR heavy (draw R): ``301 02 津贴补贴 1.238.58 302 02 印刷费 191`` — 191 for 7.61, no
    # reading of it makes 302 = Σ 302xx hold. The line's two rows had been taken out, with them both sums that
    # decide which row of each shared line a figure is: 3 of 29 read. Each row of the line is tried as the damaged
    # figure's, its cell unknown: only 30202 lets every identity hold
    res, read, gold = _read_right(
        tmp_path, CZJ, (DATA / "R_rapidocr_heavy_czj.txt").read_text(encoding="utf-8"), "basic_by_economic"
    )
    assert set(gold) - set(read) == {("basic_by_economic", "30202", "决算数")}
    unread = [u for u in res.extraction.unread if u.table == "basic_by_economic"]
    assert [(u.row, u.claim) for u in unread] == [("30202", "191")]


@pytest.mark.parametrize("draw", ["M", "Q"])
def test_the_same_damage_in_other_renderings_of_the_table(tmp_path: Path, draw: str) -> None:
    # RapidOCR's light text of the same table on draws M and Q (its boxes listed in another order), 7.61 printed
    # as R's 191: every other figure still reads, 30202 unread
    text = (ROOT / "tests" / "data" / "damaged_s18" / f"{draw}_rapidocr_light_czj.txt").read_text(encoding="utf-8")
    assert text.count("\n7.61\n") == 1
    _res, read, gold = _read_right(tmp_path, CZJ, text.replace("\n7.61\n", "\n191\n"), "basic_by_economic")
    assert set(gold) - set(read) == {("basic_by_economic", "30202", "决算数")}
