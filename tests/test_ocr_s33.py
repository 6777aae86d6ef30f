"""Table 06 as RapidOCR lists a crowded page's rows, block by block, and columns a garbled header hides
(thirty-third stop).

``tests/data/damaged_s33`` holds OCR texts as the engines printed them: RapidOCR's plain text of heavy scans from
draws AL (development), AQ (held out at the last stop, opened at this one after draw AR was made and scored) and AR
(held out, made at this stop's start with the code as it landed, scored, then read), and tesseract's text of a
light scan from draw AQ. Every value read must be the golden one.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from extractor.codes import codebook
from tests.test_ocr_s18 import ROOT
from tests.test_ocr_s22 import _missing, _read, _text, _wrong

DATA = ROOT / "tests" / "data" / "damaged_s33"
GHZY, SEED_000 = "shanghai_putuo_ghzy_2024", "000_d2cac5324267c124"
BLOCKS = "table 06's rows listed block by block"


def _unread(res: object, table: str) -> dict[str, str]:
    """Row → the reason and the printed text of each unread note of ``table``."""
    notes = res.extraction.unread  # type: ignore[attr-defined]
    return {u.row: f"{u.reason}: {u.claim}" for u in notes if u.table == table and u.row}


def test_table_06_listed_block_by_block_is_read_where_every_way_of_giving_out_its_figures_agrees(
    tmp_path: Path,
) -> None:
    # ghzy's table 06 on RapidOCR's heavy scans of draws AQ and AL: the engine chains printed rows whose boxes'
    # tops lie a few pixels apart into one line and lists it left to right — ``301 / 30101 / 30102 / 30103 /
    # 30106 / 30107 / 工资福利支出 / … / 4816.14 / 1594.02 / 537.64 / 987.86 / 0.00 / 0.00`` — so no figure
    # follows its row. It was refused as printed column by column: 0 of 33 read. Each block's figures are its
    # column's next rows' (a row's figure may lead its code by a block); the class totals the identities pin
    # (人员经费合计 = 301 + 303 …), rows alone in their block, and the totals by their labels are read; which of
    # 30101/30102/30107 took 537.64, 987.86 or 1594.02 no identity tells — unread, naming the block's figures
    for name in ("AQ_rapidocr_heavy_ghzy", "AL_rapidocr_heavy_ghzy"):
        res, read, gold = _read(tmp_path, GHZY, _text(DATA / f"{name}.txt"), "basic_by_economic")
        assert not _wrong(read, gold), name
        got = {k[1] for k, v in read.items() if Decimal(v) != 0}
        assert {"301", "302", "303", "310", "31002", "30108", "30206", "人员经费合计", "公用经费合计"} <= got, name
        unread = _unread(res, "basic_by_economic")
        assert BLOCKS in unread["30101"] and "537.64" in unread["30101"], name


def test_a_damaged_zero_in_a_block_is_one_box(tmp_path: Path) -> None:
    # draw AL's block of 302's last rows prints ``2.40 / 00 0 / 0.00``: a zero whose point was lost and a space
    # read in, two numbers neither a code nor an amount, left the column one figure short of its rows — the
    # table was not read as blocks at all. Printed alone on its line, it is one box: 0.00
    _res, read, _gold = _read(tmp_path, GHZY, _text(DATA / "AL_rapidocr_heavy_ghzy.txt"), "basic_by_economic")
    assert read[("basic_by_economic", "人员经费合计", "决算数")] == "4884.09"
    assert read[("basic_by_economic", "30206", "决算数")] == "18.86"


def _blocks_text(seed: str, sizes: list[int]) -> str:
    """Seed 000 with its table 06 as RapidOCR lists a crowded page: the three columns' rows (every row printing a
    figure, 0.00 for none) chained ``sizes`` rows a line, each line's codes, names and figures — widest first —
    column after column, the two totals after them."""
    gold = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r'"table": "basic_by_economic", "row": "(\w+)", "col": "决算数", "value": "([\d.]+)"',
            (ROOT / "eval" / "golden" / f"{seed}.facts.jsonl").read_text(encoding="utf-8"),
        )
    }
    text = (ROOT / "eval" / "seeds" / f"{seed}.txt").read_text(encoding="utf-8")
    start = text.index("一般公共预算财政拨款基本支出决算表\n\n公开 06 表")
    body, end = text.index("科目编码\t科目名称\t决算数", start), text.index("注:本表反映部门本年度一般公共预算", start)
    rows = [line.split("\t") for line in text[body:end].splitlines()[1:] if line.strip()]
    columns: list[list[str]] = [[], [], []]
    for cells in rows:
        for c in range(3):
            if len(cells) > 3 * c and cells[3 * c].strip().isdigit():
                columns[c].append(cells[3 * c].strip())
    book = codebook("economic")
    lines: list[str] = []
    at = 0
    for size in sizes:
        for column in columns:
            mine = column[at : at + size]
            figures = sorted((gold.get(code, "0.00") for code in mine), key=len, reverse=True)
            lines += [*mine, *(book.entries[code].name for code in mine), *figures]
        at += size
    lines += ["人员经费合计", gold["人员经费合计"], "公用经费合计", gold["公用经费合计"]]
    table = "\n".join(lines) + "\n"
    return text[:body] + "科目编码\n科目名称\n决算数\n" + table + text[end:]


def test_blocks_read_so_in_another_report(tmp_path: Path) -> None:
    # the same listing of seed 000's table 06 (three columns: 301/303, 302, 307/310/312/399): its class totals, the
    # rows alone in a block and the rows of a block of equal figures are read, nothing else, nothing wrong
    sizes = [3, 1, 4, 2, 5, 1, 3, 6, 2, 1, 5]
    res, read, gold = _read(tmp_path, SEED_000, _blocks_text(SEED_000, sizes), "basic_by_economic")
    assert not {k: v for k, v in _wrong(read, gold).items() if Decimal(v) != 0}  # (golden has no 0.00 of a blank)
    got = {k[1] for k, v in read.items() if Decimal(v) != 0}
    assert {"301", "302", "303", "人员经费合计", "公用经费合计"} <= got
    assert "30101" not in got and BLOCKS in _unread(res, "basic_by_economic")["30101"]


def test_rows_left_open_in_one_box_per_line_text_are_read_by_columns_in_order(tmp_path: Path) -> None:
    # ghzy's table 06 on RapidOCR's heavy scan of draw AR prints 302's 440.90 after 30101's name and 30102's
    # 987.86 after 30201's — the right column's figures a row late at the top of the page, in order elsewhere: too
    # few rows for the text to be taken as displaced, so rows were read by position (30101 as 440.90 and 30102 as
    # 537.64: two wrong values) and four rows left open. Where the reading by position leaves figures open, each
    # column's figures in its rows' order decide (``_merged_columns``): 33 of 33, none wrong
    _res, read, gold = _read(tmp_path, GHZY, _text(DATA / "AR_rapidocr_heavy_ghzy.txt"), "basic_by_economic")
    assert read == gold


def test_a_header_that_skips_a_column_with_a_garbled_word_left_names_no_columns(tmp_path: Path) -> None:
    # ghzy's table 03 on tesseract's light scan of draw AQ: ``对附属单位;`` / ``本年支出合计 | 。 基本支出 0 | EL <``
    # — 项目支出 printed as ``EL``, 上缴上级支出 and 经营支出 lost. The header was trusted as naming three columns,
    # and every row's third figure went to 对附属单位补助支出 (nine wrong values, every 项目支出 missing). A header
    # that skips a template column between two it names, a garbled word left over, names no columns: table 05
    # (every yuan of these rows is 一般公共预算 money) places the figures — 59 of 59
    _res, read, gold = _read(tmp_path, GHZY, _text(DATA / "AQ_tesseract_light_ghzy.txt"), "expenditure")
    assert not _wrong(read, gold) and not _missing(read, gold)
