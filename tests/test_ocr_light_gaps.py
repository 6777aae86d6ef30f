"""RapidOCR text of light scans: header boxes that read like rows, a row whose label was lost.

RapidOCR prints a scan's boxes one per line (or, with rows rebuilt by another tool, a line per row). A column
name wrapped over two boxes leaves its second half among the header's words, where it can read as a row: the
``合计`` of ``本年收入`` / ``合计`` as the 合计 row (when that row's own label was lost), the ``财政拨款`` of
``一般公共预算`` / ``财政拨款`` as an income label that takes the first row's figure. A label the OCR lost leaves
its 行次 and figure to the row above; a figure below 1 turned upside down loses its point (``860``). The excerpts
are the engines' real text of tables rendered as light scans (committed as the engines wrote them): every golden
value of the table the text prints must be read, none wrong, each at its print.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import reads_as
from extractor.pipeline import DocResult, process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data" / "ocr_light"
S002, S003, CZJ = "002_846b8c47d01900a7", "003_9ee8868df83b9797", "shanghai_putuo_czj_2024"


def _run(tmp_path: Path, doc: str, excerpt: str) -> tuple[DocResult, str]:
    text = (DATA / excerpt).read_text(encoding="utf-8")
    path = tmp_path / f"{doc}.txt"
    path.write_text(text, encoding="utf-8")
    return process(path), text


def _all_right(res: DocResult, text: str, doc: str, table: str) -> None:
    read, gold = _read(res, {table}), _golden(doc, {table})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}  # nothing wrong or spurious
    assert set(read) == set(gold), sorted(set(gold) - set(read))[:5]
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)


@pytest.mark.parametrize("excerpt", ["rapidocr_seed002_income.txt", "rapidocr_rows_seed002_income.txt"])
def test_wrapped_total_column_name_keeps_the_header_whole(tmp_path: Path, excerpt: str) -> None:
    """Table 02 whose 本年收入合计 column prints its name in two boxes, the ``合计`` after the other names, and
    whose 合计 row lost its label: the header names all seven columns the 栏次 numbers (``1 2 3 4 5 9 7``, one
    misread), so every row's figures are placed by the identities — both engines' text (one box per line, rows
    rebuilt). Read before as six columns: no placement held, the whole table (54 values) unread."""
    res, text = _run(tmp_path, S002, excerpt)
    _all_right(res, text, S002, "income")


def test_header_fragment_gives_its_figure_to_the_first_row(tmp_path: Path) -> None:
    """Table 04 whose 一般公共预算 / 财政拨款 column header leaves ``财政拨款`` as a box right above the first
    row's figure, printed (skewed) before its label: the figure is 一般公共预算财政拨款's, not a row 财政拨款's —
    the table's 19 values read, where the spurious row failed every identity and left 15 unread."""
    res, text = _run(tmp_path, CZJ, "rapidocr_czj_fiscal.txt")
    _all_right(res, text, CZJ, "fiscal_summary")


def test_header_fragment_is_never_a_row(tmp_path: Path) -> None:
    """The same table in another rendering (its totals' figures also printed ahead of their labels, which no
    identity places): whatever stays unread, no row named by the header's fragment is emitted."""
    res, _ = _run(tmp_path, CZJ, "rapidocr_czj_fiscal_b.txt")
    read, gold = _read(res, {"fiscal_summary"}), _golden(CZJ, {"fiscal_summary"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert not any(f.row == "财政拨款" for f in res.facts)


@pytest.mark.parametrize("excerpt", ["rapidocr_seed003_fiscal.txt", "rapidocr_rows_seed003_fiscal.txt"])
def test_figure_after_the_next_rows_line_number_is_not_the_rows(tmp_path: Path, excerpt: str) -> None:
    """Table 04 whose income side's 总计 label the OCR lost: its 行次 ``32`` and figure follow the row above's
    ``31`` (``国有资本经营预算财政拨款 31 63`` / ``32 741.64``), so that figure is the label-less row's, not the
    row above's. The row above is set aside (its cells unknown, the figure unread with its print) and every
    other value of the table is read — both engines' text; before, the figure broke the 年初 identity and the
    whole table (15 values) was unread."""
    res, text = _run(tmp_path, S003, excerpt)
    read, gold = _read(res, {"fiscal_summary"}), _golden(S003, {"fiscal_summary"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert set(gold) - set(read) <= {("fiscal_summary", "收入总计", "金额")}
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)
    # (tenth stop: the one 总计 label printed is the right one — ``总计 64`` — so ``32 741.64`` is the left 总计's, its
    # label lost, read where 收入总计 = 支出总计 confirms it; ``tests/test_ocr_total_sides_s10.py``)
    left = [f for f in res.facts if f.table == "fiscal_summary" and f.row == "收入总计"]
    lost = [u for u in res.extraction.unread if u.table == "fiscal_summary" and u.claim and "741.64" in u.claim]
    assert lost or (left and left[0].span and text[: left[0].span[0]].rstrip().endswith("32"))


@pytest.mark.parametrize("excerpt", ["rapidocr_seed003_basic.txt", "rapidocr_rows_seed003_basic.txt"])
def test_turned_figure_with_its_point_lost(tmp_path: Path, excerpt: str) -> None:
    """Table 06 whose 0.98 RapidOCR turned upside down and printed without its point (``860``; ghzy's 0.88 prints
    ``880`` the same way): the turned reading is a candidate the 301 = Σ children identity confirms, so the
    figure is read — marked repaired from its print and flagged ``ocr.repaired`` — and with it the table, whose
    identity failed on 8.60 and left 9 values unread (both engines' text)."""
    res, text = _run(tmp_path, S003, excerpt)
    _all_right(res, text, S003, "basic_by_economic")
    fact = next(f for f in res.facts if (f.table, f.row) == ("basic_by_economic", "30112"))
    assert fact.span is not None
    assert (fact.value, text[fact.span[0] : fact.span[1]]) == ("0.98", "860")
    assert any(fl.check == "ocr.repaired" and "30112" in fl.message for fl in res.flags)
