"""Rows an OCR tool rebuilt from a skewed scan's boxes, their 类 boxes a line above and their figures a line off
(fortieth stop): the class box beside the row above's figures is moved to the rest of its code even where the
line below prints figures too, and such text is read as a skewed scan's boxes (each row's last column a row
down, or every figure among the rows printed nearest it), the identities deciding.

``tests/data/skewed_rows_s40`` holds RapidOCR's text of czj's heavy scans, rows rebuilt by position, from draws BE
(held out two stops ago), BF (held out at the last stop's start) and BG (held out at the last stop's end, read at
this one): three renderings, three tables. czj is the one report of the samples that prints its codes split in
类/款/项 columns — the only one such a skew can split. Every value read must be the golden one."""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_s18 import ROOT
from tests.test_ocr_s22 import _read, _text, _wrong

DATA = ROOT / "tests" / "data" / "skewed_rows_s40"
CZJ = "shanghai_putuo_czj_2024"
INCOME = "income"
EXPENDITURE = "expenditure"
GENERAL = "general_budget"


def test_class_boxes_a_line_up_beside_the_row_aboves_figures(tmp_path: Path) -> None:
    # draw BE prints czj's table 02 ``合计 2,946.25 2,940.05`` / ``201 一般公共服务支出 6.20`` / ``201 2,112.86
    # 2,106.66`` / ``06 财政事务 2,112.86 6.20`` / ``201 06 2,106.66`` / ``01 行政运行 1,511.90 6.20``: each row's
    # 类 (and 款) boxes a line above the rest of its code, beside the row above's figures, and each row's
    # 其他收入 a line down. Read as printed, ``201`` and ``201 06`` were rows of their own: 5 of 45 read
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "BE_rows_heavy_czj.txt"), INCOME)
    assert not _wrong(read, gold)
    assert read[(INCOME, "合计", "其他收入")] == "6.20"
    assert read[(INCOME, "20106", "本年收入合计")] == "2112.86"
    assert read[(INCOME, "2010602", "其他收入")] == "6.19"
    # ``208 326.72 326.72`` / ``05 10 行政单位离退休 84.65``: 2080510 is no code; the one 项 of 20805 so named is
    assert read[(INCOME, "2080501", "本年收入合计")] == "84.65"
    assert read[(INCOME, "20805", "财政拨款收入")] == "326.72"
    assert len(read) == 45


def test_class_boxes_a_line_up_in_another_rendering_and_table(tmp_path: Path) -> None:
    # draw BG prints czj's table 05 ``201 06 07 信息化建设 135.25`` / ``201 135.25`` / ``06 08 财政委托业务支出
    # 449.52`` / ``208 449.52`` / ``社会保障和就业支出 326.72 326.72``: the 项目支出 of each row a line down, beside
    # the next row's 类 box; 2010607, 2010608 and 208 were left open
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "BG_rows_heavy_czj.txt"), GENERAL)
    assert not _wrong(read, gold)
    assert read[(GENERAL, "2010607", "项目支出")] == "135.25"
    assert read[(GENERAL, "2010608", "项目支出")] == "449.52"
    assert read[(GENERAL, "208", "基本支出")] == "326.72"
    assert len(read) == 44


def test_figures_a_line_up_from_rows_whose_names_print_above_their_codes(tmp_path: Path) -> None:
    # draw BF prints czj's table 03 with the page turned the other way: ``1,503.52 603.14`` / ``一般公共服务支出
    # 2,106.66`` / ``201 1,503.52 603.14`` / ``财政事务 2,106.66`` / ``201 06``: a row's right columns a line above
    # its name, its name above its code. Read by lines, 13 of 44; among the figures printed nearest each row's
    # label, the identities place 32 (合计, 201, 20106 and 2010601 — the same figures printed over and over — stay
    # open, 201's three read by lines before among them)
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "BF_rows_heavy_czj.txt"), EXPENDITURE)
    assert not _wrong(read, gold)
    assert read[(EXPENDITURE, "2010608", "项目支出")] == "449.52"
    assert read[(EXPENDITURE, "208", "基本支出")] == "326.72"
    assert read[(EXPENDITURE, "2210203", "本年支出合计")] == "258.50"
    assert len(read) >= 32


SEED_000 = "000_d2cac5324267c124"
SEED_002 = "002_846b8c47d01900a7"
ECONOMIC = "basic_by_economic"


def test_a_code_misread_in_every_digit_beside_its_whole_name(tmp_path: Path) -> None:
    # seed 002's table 06 in RapidOCR's text of a light scan (draw BG) prints 30199 as ``66108`` / ``其他工资福利支出``
    # / ``1.05``: no digit within reach of a repair, so the row's code was unreadable, 301's sum open, and every
    # figure of 301's group — the page's three groups printed side by side, one box per line — left unread: 17 of
    # 31. A print of a whole code's length beside the whole official name of exactly one code, fitting the codes
    # above, is that code
    _res, read, gold = _read(tmp_path, SEED_002, _text(DATA / "BG_rapidocr_light_002.txt"), ECONOMIC)
    assert not _wrong(read, gold)
    assert read[(ECONOMIC, "30199", "决算数")] == "1.05"
    assert read[(ECONOMIC, "30101", "决算数")] == "211.81"
    assert read[(ECONOMIC, "30305", "决算数")] == "1.24"
    assert len(read) == 31


def test_a_code_misread_in_every_digit_in_another_report(tmp_path: Path) -> None:
    # seed 000's table 06 in the same draw prints 30199 cleanly; with seed 002's damage printed in (``66109``), its
    # rows read as they do clean — 23 of 32 before
    text = _text(DATA / "BG_rapidocr_light_000.txt").replace(
        "\n30199\n其他工资福利支出\n", "\n66109\n其他工资福利支出\n", 1
    )
    _res, read, gold = _read(tmp_path, SEED_000, text, ECONOMIC)
    assert not _wrong(read, gold)
    assert read[(ECONOMIC, "30199", "决算数")] == "3.41"
    assert len(read) == 32


def test_a_misread_code_beside_a_truncated_name_stays_unread(tmp_path: Path) -> None:
    # the name must be printed whole: ``66109`` / ``其他工资福利`` names 30199 only by its head, and a garbled head
    # is as often another row's — the row stays one of unreadable code
    text = _text(DATA / "BG_rapidocr_light_000.txt").replace(
        "\n30199\n其他工资福利支出\n", "\n66109\n其他工资福利\n", 1
    )
    _res, read, gold = _read(tmp_path, SEED_000, text, ECONOMIC)
    assert not _wrong(read, gold)
    assert (ECONOMIC, "30199", "决算数") not in read


def test_names_and_figures_a_line_above_their_codes(tmp_path: Path) -> None:
    # draw BH (held out at this stop, scored, then read) prints czj's table 05 with each row's name and figures a
    # line above its code, the right columns of the row below risen onto the code's line: ``一般公共服务支出
    # 2,106.66`` / ``201 2,106.66 1,503.52 603.14`` / ``201 06 财政事务`` / ``1,511.89 1,503.52 8.37`` / ``201 06
    # 01 行政运行``. Read by its lines, 20106 took 行政运行's 1,511.89 and 8.37 (two values wrong, flagged) and the
    # table read 3 of 44; a code printed below its name is as good evidence of a skewed scan's boxes as a 类 box a
    # line above, and the reading among the nearest rows places 38, none wrong (201's and 20106's figures, the same
    # three printed twice, stay open between them)
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "BH_rows_heavy_czj.txt"), GENERAL)
    assert not _wrong(read, gold)
    assert (GENERAL, "20106", "合计") not in read  # (was 1511.89, 2010601's)
    assert read[(GENERAL, "2010601", "合计")] == "1511.89"
    assert read[(GENERAL, "2010601", "项目支出")] == "8.37"
    assert len(read) >= 38
    # ``住房公积金 187.19 187.19`` / ``221 02 10 258.50``: 2210210 is no code; the one 项 of 22102 so named goes up to
    # its name's line (as draw J prints it too: tests/test_ocr_contradicted_s14.py)
    assert read[(GENERAL, "2210201", "合计")] == "187.19"
    assert not any(row == "2210210" for _t, row, _c in read)
