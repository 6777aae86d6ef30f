"""A note OCR read among a table's last rows: the figures after it are still the table's.

On a skewed scan the note printed close under a table (``注：本表反映部门本年度“三公”经费支出预决算情况。``)
comes out of an engine that orders its boxes by height before the right-hand figures of the last row — and rows
rebuilt by position put those figures on the note's own line. A note used to end the table there, losing its
last figures (ghzy's whole 三公 table). Now a note followed, before any prose or title, by a line of figures
alone (or carrying figures after its words) is read as lying among the rows: its words, and the rest of its
sentence broken off by the figures (``经费支出预决算情况。``), are no part of the table; the figures are.
Excerpts of RapidOCR's plain text and of rows rebuilt from its boxes (draw H, heavy), committed as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.pipeline import process
from tests.test_ocr_skew_rows import GHZY, _golden, _read_right

DATA = Path(__file__).resolve().parent / "data" / "note_rows_s10"
THREE = {"three_public"}


@pytest.mark.parametrize("name", ["H_rapidocr_ghzy_heavy_07.txt", "H_rapidocr-rows_ghzy_heavy_07.txt"])
def test_figures_after_a_note_read_among_the_rows_are_the_tables(tmp_path: Path, name: str) -> None:
    """Plain text: ``注:本表反映部门本年度`` / ``2.85`` / ``0.39`` / ``经费支出预决算情况。`` / ``0.00`` … ``2.85`` /
    ``0.39``; rows: ``注：本表反映部门本年度 0.00 0.00 0.00 0.00 2.85 0.39``. The 三公 table reads whole (合计 and
    公务接待费, 预算数 and 决算数), every value at its print, the note's words no row."""
    text = (DATA / name).read_text(encoding="utf-8")
    path = tmp_path / f"{GHZY}.txt"
    path.write_text(text, encoding="utf-8")
    res = process(path)
    read = _read_right(res, text, GHZY, THREE, 1.0)
    assert read == _golden(GHZY, THREE)
    assert not [u for u in res.extraction.unread if u.table == "three_public"]


def test_a_note_under_the_table_still_ends_it(tmp_path: Path) -> None:
    """The same table with its note where it belongs, after the last row and followed by prose that restates a
    figure: the table ends at the note; the prose's figure is no cell."""
    text = (DATA / "H_rapidocr-rows_ghzy_heavy_07.txt").read_text(encoding="utf-8")
    moved = text.replace("注：本表反映部门本年度 0.00", "0.00").replace(
        "经费支出预决算情况。\n",
        "注：本表反映部门本年度“三公”经费支出预决算情况。\n"
        "2024年度“三公”经费支出决算为0.39万元，比年初预算减少2.46万元。\n7.77\n",
    )
    assert moved != text
    path = tmp_path / f"{GHZY}.txt"
    path.write_text(moved, encoding="utf-8")
    res = process(path)
    read = _read_right(res, moved, GHZY, THREE, 1.0)
    assert "7.77" not in read.values()
