"""Table 03's columns from table 05's 合计 row (forty-third stop).

Table 03 (支出决算表) has six columns; a department's rows print three figures (合计, 基本支出, 项目支出) and leave
上缴上级支出, 经营支出 and 对附属单位补助支出 blank. In text laid out in columns of spaces (tesseract's) the header is
garbled, and every identity holds whichever two of the five part columns the figures take — only table 05 said
which, row by row, where a row of table 03 is all 一般公共预算 money (``_general_rows``). On four tesseract light
draws of ghzy (AZ, BA, BC, BM) table 05 lost the band of its 合计 column (``208 .75 754. 75 .00``): its rows were
unread, and with them table 03's (35–43 of 75 read). Table 05's 合计 row still printed whole: its 基本支出 and
项目支出 are part of table 03's, so those are the columns table 03's 合计 row's two parts fill, and the others are
blank in every row. ``tests/data/band_s43``: ghzy's two tables as tesseract printed them on draw BM, and two
reports laid out as ghzy's (czj's and seed 002's golden figures, with a 政府性基金 project on three rows so table 03
is not table 05 row by row; table 05's 合计 column lost, its 项目支出 to its cents)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.export import load_facts
from extractor.pipeline import process
from tests.test_ocr_s18 import GHZY, ROOT

DATA = ROOT / "tests" / "data" / "band_s43"
COLUMNS = ("本年支出合计", "基本支出", "项目支出")
_ROW = re.compile(r"^(\d{3,7}|合计)\s.*?((?:[\d,]+\. \d\d\s*){3})$")


def _printed(path: Path) -> dict[tuple[str, str], str]:
    """Table 03's figures as the fixture prints them (its rows of three figures, before table 05's title)."""
    text = path.read_text(encoding="utf-8").split("一般公共预算财政拨款支出决算表")[0]
    out: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        if m := _ROW.match(line.strip()):
            figures = re.findall(r"[\d,]+\. \d\d", m.group(2))
            for col, fig in zip(COLUMNS, figures, strict=True):
                out[(m.group(1), col)] = str(Decimal(fig.replace(",", "").replace(" ", "")))
    return out


def _spending(path: Path) -> dict[tuple[str, str], str]:
    return {(f.row, f.col): f.value for f in process(path).facts if f.table == "expenditure"}


def test_ghzy_table_03_reads_whole_though_table_05_lost_its_total_column() -> None:
    path = DATA / "ghzy_tesseract_bm.txt"
    golden = {
        (f.row, f.col): f.value
        for f in load_facts(ROOT / "eval" / "golden" / "corpus")
        if f.doc == GHZY and f.table == "expenditure"
    }
    got = _spending(path)
    right = {k for k, v in got.items() if golden.get(k) == v}
    assert got.keys() == right, {k: (v, golden.get(k)) for k, v in got.items() if k not in right}
    assert len(right) >= 69, len(right)  # (42 before: every figure past the first column left between five)
    assert not any(col not in COLUMNS for _, col in got)


@pytest.mark.parametrize("name", ["czj_with_fund.txt", "seed002_with_fund.txt"])
def test_other_reports_laid_out_so_read_every_row_into_its_columns(name: str) -> None:
    path = DATA / name
    printed = _printed(path)
    assert len(printed) >= 60
    got = _spending(path)
    # every printed figure, in its own column; a blank (0.00) cell of a part column is read as printed
    assert got == printed


def test_table_05_filling_fewer_columns_than_table_03_prints_decides_nothing(tmp_path: Path) -> None:
    # table 05 spends no 项目支出 (its 合计 row's 项目支出 0.00): table 03's third figure may be any other money's
    # column — nothing says which, and the figures stay unread rather than guessed
    text = (DATA / "czj_with_fund.txt").read_text(encoding="utf-8")
    head, tail = text.split("一般公共预算财政拨款支出决算表")
    tail = tail.replace("2,940. 05       2,336. 91         603. 14", "2,336. 91       2,336. 91           0. 00")
    path = tmp_path / "czj_no_projects.txt"
    path.write_text(head + "一般公共预算财政拨款支出决算表" + tail, encoding="utf-8")
    got = _spending(path)
    assert ("合计", "项目支出") not in got and ("201", "项目支出") not in got
    assert not any(col not in COLUMNS for _, col in got)


def test_a_total_row_whose_parts_do_not_sum_decides_nothing(tmp_path: Path) -> None:
    # table 03's 合计 row lost a figure (two printed): a part OCR lost leaves the others short of the total, so
    # which columns they are is not table 05's to say
    text = (DATA / "czj_with_fund.txt").read_text(encoding="utf-8")
    text = text.replace("2,952. 93       2,336. 91         616. 02", "2,952. 93       2,336. 91", 1)
    path = tmp_path / "czj_short_total.txt"
    path.write_text(text, encoding="utf-8")
    got = _spending(path)
    assert ("201", "项目支出") not in got and ("221", "项目支出") not in got
