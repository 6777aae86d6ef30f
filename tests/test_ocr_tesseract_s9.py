"""tesseract's plain text of light scans, session 9: a row whose code tesseract lost after a line it ended in junk,
and a row's only figure cut to its first digit — each shown on two documents or draws.

* A 类 or 款 row whose code tesseract lost altogether opens its line with its official name; it was read as a
  new row only right after the row above's last figure. tesseract also ends that line in a figure damaged to a
  digit (``财政委托业务支出 449.52 2`` over ``社会保障和就业支出 326.72 326.72``: czj's table 03 on draws F and B)
  or prints the row's own code as letters (``ws 住房改革支出 461.08``: ghzy's table 05, draw F): the name was
  taken for the tail of the row above's label and the row lost its figures.
* One digit ending a row's line right after its name (``30216 培训费 1`` for 1.21; on heavy scans
  ``302 商品和服务支出 1`` for 171.07) is what tesseract kept of the row's figure: a figure damaged beyond
  reading, so the row's cell is unknown — not a blank that fails 302 = Σ its items and withdraws the whole
  group (ghzy's table 06, draw F light: 16 figures).

The excerpts under ``tests/data/tesseract_s9`` are tesseract's own text of the corpus reports' tables rendered
as scans on held-out draw F (development since the ninth stop); czj's draw B text is ``tesseract_gaps``'.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import reads_as
from tests.test_ocr_tesseract_gaps import _wrong
from tests.test_ocr_tesseract_tables import _facts, _golden, _read

CZJ, GHZY = "shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024"
DATA = Path(__file__).resolve().parent / "data"


def _excerpt(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "doc", "table", "col", "rows"),
    [
        ("tesseract_s9/czj_F_expenditure.txt", CZJ, "expenditure", "本年支出合计", ("208", "20805")),
        ("tesseract_gaps/czj_b_tables_01_04.txt", CZJ, "expenditure", "本年支出合计", ("208", "20805", "2080501")),
        ("tesseract_s9/ghzy_F_general.txt", GHZY, "general_budget", "合计", ("221", "22102")),
    ],
)
def test_a_row_whose_code_was_lost_after_a_damaged_figure_or_letters_is_its_own_row(
    tmp_path: Path, name: str, doc: str, table: str, col: str, rows: tuple[str, ...]
) -> None:
    """``社会保障和就业支出 326.72 326.72`` under a line ending ``449.52 2``, ``ws 住房改革支出 461.08``: the name is
    the row of the one code of that name that fits the codes above, its figures read as the golden file has
    them; nothing read is wrong and every figure's span prints its value."""
    res = _read(tmp_path, doc, _excerpt(name))
    read = _facts(res, table)
    for row in rows:
        assert read.get((row, col)) == _golden(doc)[(table, row, col)], row
    assert not _wrong(res, doc, table)
    assert all(reads_as(res.source.text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)


def test_the_row_above_keeps_its_own_label_not_the_lost_codes_name(tmp_path: Path) -> None:
    """The row above (2010608) no longer takes 208's name and figures: 326.72 is not read under it."""
    res = _read(tmp_path, CZJ, _excerpt("tesseract_s9/czj_F_expenditure.txt"))
    assert all(f.value != "326.72" for f in res.facts if f.row == "2010608")
    notes = [u for u in res.extraction.unread if u.what == "expenditure/208"]
    assert notes and "not printed read as 208" in notes[0].reason


def test_a_rows_figure_cut_to_one_digit_leaves_its_cell_unknown_and_the_group_read(tmp_path: Path) -> None:
    """``30216 培训费 1`` (1.21): the digit is unread with its print, and the rest of 302's items are read (302 =
    440.90 checked by 公用经费合计 = 302 + 310), each as the golden file has it."""
    res = _read(tmp_path, GHZY, _excerpt("tesseract_s9/ghzy_F_basic.txt"))
    read = _facts(res, "basic_by_economic")
    gold = _golden(GHZY)
    for row in ("302", "30201", "30206", "30209", "30213", "30228", "30229", "30299"):
        assert read.get((row, "决算数")) == gold[("basic_by_economic", row, "决算数")], row
    assert ("30216", "决算数") not in read
    notes = [u for u in res.extraction.unread if u.what == "basic_by_economic/30216"]
    assert any(u.claim == "1" and "damaged beyond reading" in u.reason for u in notes)
    assert not _wrong(res, GHZY, "basic_by_economic")


def test_a_figure_cut_to_one_digit_on_a_heavy_scan_is_unread_not_a_blank(tmp_path: Path) -> None:
    """czj's heavy scan: ``302 商品和服务支出 1`` (171.07) — the digit is reported unread with its print under
    302, and no figure is read for 302."""
    res = _read(tmp_path, CZJ, _excerpt("tesseract_s9/czj_F_heavy_basic.txt"))
    notes = [u for u in res.extraction.unread if u.what == "basic_by_economic/302" and u.claim == "1"]
    assert notes and "damaged beyond reading" in notes[0].reason
    assert not any(f.row == "302" for f in res.facts)
    assert not _wrong(res, CZJ, "basic_by_economic")
