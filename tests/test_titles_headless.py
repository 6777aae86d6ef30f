"""Table titles OCR damaged: heads lost (found by the tail they keep) and titles broken over lines.

The thin stroke of ``一`` is the character noise erases first, and a title's head may wrap onto the line above:
RapidOCR and tesseract text of heavy scans print ``般公共预算财政拨款支出决算表`` (and ``“般…搜款…``,
``-般会共…``), tesseract text of a light scan ``般公共预算财政拨款基本支出决算表``. Until the title is found the whole
table is lost (its rows read as the table above's, or not at all). A line that is the tail of exactly one table's
title is that title; a tail several tables' titles share names none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.pipeline import process
from extractor.template import match_title
from tests.test_ocr_skew_rows import GHZY, _read_right

DATA = Path(__file__).parent / "data" / "titles_headless"
GENERAL = {"general_budget"}


@pytest.mark.parametrize(
    ("line", "table"),
    [
        ("般公共预算财政拨款支出决算表", "general_budget"),  # RapidOCR, ghzy heavy: 一 lost
        ("-般会共预算财政搜款支出决算表", "general_budget"),  # tesseract, ghzy heavy: 一 as -, two misread
        ("“般公共预算财政搜款支出决算表", "general_budget"),  # tesseract, another draw: 一 as a quote
        ("般公共预算财政拨款基本支出决算表", "basic_by_economic"),  # tesseract, seed 002 light
        ("财政拨款三公?经费支出决算表", "three_public"),  # tesseract prints an unreadable quote as ?
    ],
)
def test_a_title_missing_its_head_names_its_table(line: str, table: str) -> None:
    hit = match_title(line)
    assert hit is not None and hit.table == table


@pytest.mark.parametrize(
    "line",
    [
        "预算财政拨款支出决算表",  # the tail of tables 05, 07 and 08's titles alike
        "预算财政拨款收入支出决算表",  # of 07 and 08's
        "政拨款支出决算表",  # too short a tail to name anything
        "财政拨款支出决算明细表",  # a table of its own, not 一般公共预算… with six characters lost
        "本年收入支出决算表",  # not a tail of any title
    ],
)
def test_a_tail_several_titles_share_names_no_table(line: str) -> None:
    assert match_title(line) is None


@pytest.mark.parametrize(
    ("name", "share"),
    [("rapidocr_ghzy_heavy_07.txt", 0.95), ("tesseract_ghzy_heavy_07.txt", 0.55)],
)
def test_table_under_a_headless_title_is_read(tmp_path: Path, name: str, share: float) -> None:
    """Both engines' text of the report's 一般公共预算财政拨款支出决算表 (different draws): the table is found
    under its damaged title and its rows read right, each value at its print."""
    text = (DATA / name).read_text(encoding="utf-8")
    path = tmp_path / f"{GHZY}.txt"
    path.write_text(text, encoding="utf-8")
    res = process(path)
    assert [t.table for t in res.extraction.tables if t.table in GENERAL] == ["general_budget"]
    _read_right(res, text, GHZY, GENERAL, share)


SPLIT = Path(__file__).parent / "data" / "titles_split"
CZJ = "shanghai_putuo_czj_2024"


@pytest.mark.parametrize(
    ("name", "table", "first"),
    [
        ("tesseract_czj_light_09.txt", "three_public", '财政拨款"三'),  # draw B: split at the quote
        ("tesseract_czj_light_08.txt", "basic_by_economic", "一般公共和预算"),  # draw C: a gap read as 和
    ],
)
def test_title_broken_over_lines_with_a_blank_between_is_found(
    tmp_path: Path, name: str, table: str, first: str
) -> None:
    """tesseract sets text blocks apart with a blank line, and breaks a title so: the two parts, a blank line
    between, are one title, and the table starts at its first part."""
    text = (SPLIT / name).read_text(encoding="utf-8")
    path = tmp_path / f"{CZJ}.txt"
    path.write_text(text, encoding="utf-8")
    found = [t for t in process(path).extraction.tables if t.table == table]
    assert len(found) == 1 and found[0].span is not None
    assert text[found[0].span[0] :].startswith(first)
