"""tesseract's plain text, session 7: rows of a two-sided table keyed only by the template's rows, and the wide
三公 header read through its garbled 决算数 cells — each shown on two draws.

* A Chinese ordinal OCR misread into characters that are no numerals (``人及、社会保障和就业支出`` for 八、,
  ``十丸、住房保障支出`` for 十九、, ``有做、``, ``上万、``): the words after its mark name a 类 of the function
  classification, so the row is that 类 — tesseract's heavy scans of every draw print such prefixes.
* A row of a table keyed by label is one of the template's rows, or it is not read: a label garbled beyond
  naming (``了玉生健康支出``) leaves its figures unread with their print, never emitted under the garbled key.
* The last figure of a table broken over two lines at its point (``总计`` / ``9859.`` / ``38``, then the table's
  note): the cents line looks like a page number, yet it is the table's — 支出总计 = 本年支出合计 + 年末结转和结余
  and 收入总计 = 支出总计 then confirm the spending side's totals although its 类 rows are misread.
* The expenditure side's 总计 garbled by a character (``已计``, ``惑计``), a cell of its own after the income
  side's: it is that side's 总计, not a wrapped tail of the income side's label (which left two figures to one
  row, and with the broken figure above read, neither).
* The wide 三公 header alternates 预算数 | 决算数 over its twelve cells; tesseract garbles a few of them
  (``决笋数``, ``决黎数``), which must not turn the alternation into "all 预算数, then all 决算数".

The excerpts under ``tests/data/tesseract_s7`` are tesseract's own text of the corpus report
``shanghai_putuo_ghzy_2024``: tables 01 and 04 of heavy scans of draw C, table 04 of draw D's heavy scans, tables
01 (draws A, C and D) and 09 (draws A and D) of light scans.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import reads_as
from tests.test_ocr_tesseract_gaps import _wrong
from tests.test_ocr_tesseract_tables import _facts, _golden, _read

GHZY = "shanghai_putuo_ghzy_2024"
DATA = Path(__file__).resolve().parent / "data" / "tesseract_s7"


def _excerpt(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "prefixed", "rows"),
    [
        ("ghzy_D_heavy_fiscal.txt", "人及、社会保障和就业支出", ("社会保障和就业支出", "城乡社区支出", "住房保障支出")),
        ("ghzy_C_heavy_fiscal.txt", "有做、社会保障和就业支出", ("社会保障和就业支出",)),
    ],
)
def test_a_row_whose_ordinal_ocr_misread_is_the_class_its_words_name(
    tmp_path: Path, name: str, prefixed: str, rows: tuple[str, ...]
) -> None:
    """``人及、社会保障和就业支出`` is the 类 社会保障和就业支出 (its ordinal 八、 misread): its figure is read under
    that row, as the golden file has it, and no fact is keyed by a garbled label."""
    text = _excerpt(name)
    assert prefixed in text
    res = _read(tmp_path, GHZY, text)
    read = _facts(res, "fiscal_summary")
    for row in rows:
        assert read.get((row, "合计")) == _golden(GHZY)[("fiscal_summary", row, "合计")], row
    assert not _wrong(res, GHZY, "fiscal_summary")
    assert all("、" not in f.row for f in res.facts)
    assert all(reads_as(res.source.text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)


def test_a_row_garbled_beyond_naming_is_unread_not_emitted_under_its_garbled_key(tmp_path: Path) -> None:
    """``九、了玉生健康支出 236.63 236.63``: no row of the template is within reach of ``了玉生健康支出`` — its
    figures are unread with their print and a reason, and no fact is keyed by that label."""
    res = _read(tmp_path, GHZY, _excerpt("ghzy_D_heavy_fiscal.txt"))
    assert not any(f.row == "了玉生健康支出" for f in res.facts)
    notes = [u for u in res.extraction.unread if "了玉生健康支出" in u.what]
    assert notes and all(u.claim == "236.63" for u in notes)
    assert any("template does not have" in u.reason for u in notes)


@pytest.mark.parametrize(
    ("name", "cells"),
    [
        ("ghzy_D_three.txt", [("合计", "决算数"), ("公务接待费", "决算数")]),
        ("ghzy_A_three.txt", [(r, c) for r in ("合计", "公务接待费") for c in ("预算数", "决算数")]),
    ],
)
def test_the_wide_three_public_header_alternates_through_garbled_cells(
    tmp_path: Path, name: str, cells: list[tuple[str, str]]
) -> None:
    """``预算数 | 决算数 | 预算数 | 决笋数 | …``: twelve cells alternating, some 决算数 misread by a character —
    (预算数, 决算数) per item, so 2.85 and 0.39 are 合计's and 公务接待费's budget and outturn; on draw D, whose
    公务接待费 预算数 prints 2.89 for 2.85, the 预算数 identity fails and only the 决算数 are read."""
    text = _excerpt(name)
    assert "决笋数" in text or "决黎数" in text
    res = _read(tmp_path, GHZY, text)
    read = _facts(res, "three_public")
    for row, col in cells:
        assert read.get((row, col)) == _golden(GHZY)[("three_public", row, col)], (row, col)
    assert not _wrong(res, GHZY, "three_public")


@pytest.mark.parametrize("draw", ["D", "C"])
def test_the_cents_of_a_tables_last_figure_broken_at_its_point_are_the_tables(tmp_path: Path, draw: str) -> None:
    """``总计`` / ``9859.`` / ``38`` / ``注: …``: ``38`` alone on its line is no page number but the cents of 支出总计
    — which, with 收入总计 read on the income side, confirms 本年支出合计 9759.38 and 年末结转和结余 100.00 (both
    broken at their points too): read, marked repaired, pointing at their print; the misread 类 rows stay unread."""
    text = _excerpt(f"ghzy_{draw}_summary.txt")
    assert text.rstrip().splitlines()[-3:] == ["9859.", "", "38"] or "9859.\n\n38\n\n注" in text
    res = _read(tmp_path, GHZY, text)
    read = _facts(res, "summary")
    for row in ("本年支出合计", "年末结转和结余", "支出总计", "收入总计"):
        assert read.get((row, "金额")) == _golden(GHZY)[("summary", row, "金额")], row
    assert not _wrong(res, GHZY, "summary")
    total = next(f for f in res.facts if f.table == "summary" and f.row == "支出总计")
    assert total.span is not None
    assert res.source.text[total.span[0] : total.span[1]] == "9859.\n\n38"
    assert all(reads_as(res.source.text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)


def test_the_other_sides_total_garbled_by_a_character_is_that_sides_total(tmp_path: Path) -> None:
    """``总计`` / ``9859. 38`` / ``已计`` / ``9859.`` / ``38`` (draw A): ``已计`` opens the expenditure side's 总计
    row — 支出总计 9859.38 is read (confirmed by 支出总计 = 本年支出合计 + 年末结转和结余 and 收入总计 = 支出总计),
    and so is 收入总计."""
    res = _read(tmp_path, GHZY, _excerpt("ghzy_A_summary.txt"))
    read = _facts(res, "summary")
    assert read.get(("支出总计", "金额")) == read.get(("收入总计", "金额")) == "9859.38"
    assert not _wrong(res, GHZY, "summary")
    assert not any("已计" in f.row for f in res.facts)


def test_a_garbled_total_with_a_damaged_figure_reads_nothing_wrong(tmp_path: Path) -> None:
    """``总计`` / ``9859. 38`` / ``惑计`` / ``和59. 38`` (a heavy scan of draw C): the income side's 总计 is read, the
    expenditure side's damaged figure confirms nothing and nothing is read wrong."""
    res = _read(tmp_path, GHZY, _excerpt("ghzy_C_heavy_summary.txt"))
    read = _facts(res, "summary")
    assert read.get(("收入总计", "金额")) == "9859.38"
    assert not _wrong(res, GHZY, "summary")
    assert not any("惑计" in f.row for f in res.facts)
