"""A list numeral before a 三公 item (``1、因公出国(境)费``, ``2、公务接待费``) is never an amount.

In the long 三公 layout the items are numbered ``1、`` ``2、`` ``3、``; where a table's figures are damaged so
that few print decimals (tesseract's heavy scan: ``300| 181``), whole numbers count as amounts, and the numerals
of two items without figures were read as their cells (公务接待费 预算数 3, 决算数 2). Excerpts of tesseract's
text of seed 000's table, draws F (heavy) and G (light), committed as written.
"""

from __future__ import annotations

from pathlib import Path

from extractor.pipeline import DocResult, process
from tests.test_ocr_skew_rows import S000, _golden, _read, _read_right

DATA = Path(__file__).resolve().parent / "data" / "ordinal_s10"
THREE = {"three_public"}


def _process(tmp_path: Path, name: str) -> tuple[str, set[str], DocResult]:
    text = (DATA / name).read_text(encoding="utf-8")
    path = tmp_path / f"{S000}.txt"
    path.write_text(text, encoding="utf-8")
    res = process(path)
    return text, {f.row for f in res.facts if f.table == "three_public"}, res


def test_item_numerals_of_a_damaged_table_are_no_cells(tmp_path: Path) -> None:
    """Heavy scan: ``2、公务接待费`` / ``3、公务用车购团及运行费  300| 4181``: no cell of 公务接待费 (which prints
    none), nothing read wrong."""
    _text, rows, res = _process(tmp_path, "F_tesseract_000_heavy_07.txt")
    assert "公务接待费" not in rows
    gold = _golden(S000, THREE)
    assert {k: v for k, v in _read(res, THREE).items() if gold.get(k) != v} == {}


def test_item_numerals_of_a_clean_table_leave_its_figures_read(tmp_path: Path) -> None:
    """Light scan: the numbered items read as before — every cell of the table, at its print."""
    text, _, res = _process(tmp_path, "G_tesseract_000_light_07.txt")
    assert _read_right(res, text, S000, THREE, 1.0) == _golden(S000, THREE)


def test_whole_numbers_of_a_small_table_in_a_report_printing_cents_are_no_amounts(tmp_path: Path) -> None:
    """tesseract's heavy scan of seed 000, draw I (the whole report's text): ``合计 300| 181`` for 3.00 and 1.81,
    every figure of the 三公 table without its point. A table of six figures cannot show its own style, but the
    report prints cents everywhere else: those whole numbers lost their points, and nothing is read wrong (they
    had been read 300 and 181 once the item numerals no longer stood in the 合计 row)."""
    _text, _rows, res = _process(tmp_path, "I_tesseract_000_heavy.txt")
    gold = _golden(S000, THREE)
    assert {k: v for k, v in _read(res, THREE).items() if gold.get(k) != v} == {}
    assert any(u.table == "three_public" for u in res.extraction.unread)  # the table is reported, not dropped
