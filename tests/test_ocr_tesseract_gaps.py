"""tesseract's plain text of light scans (draws of renderings read for the first time): what lent one row's
figures to another or cost whole tables, each kind on two documents. Every value read must be the golden one;
what the damage hides stays unread, never guessed.

The excerpts under ``tests/data/tesseract_gaps`` are tesseract's own text of a seed's or a corpus report's table;
the other texts are a seed's table printed as tesseract prints it with the same damage applied.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractor.evaluate import TOLERANCE
from extractor.pipeline import DocResult
from tests.test_ocr_tesseract_tables import CZJ, S000, S002, _facts, _golden, _read, _text

GHZY = "shanghai_putuo_ghzy_2024"
DATA = Path(__file__).resolve().parent / "data" / "tesseract_gaps"


def _excerpt(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _wrong(res: DocResult, doc: str, table: str) -> list[tuple[str, str, str]]:
    """Facts of ``table`` that are not the golden value, as the scorer compares them (a speck printed after the
    cents, ``2,940.053``, is no error; nor is a zero the golden file leaves out)."""
    gold = _golden(doc)
    out = []
    for (row, col), v in _facts(res, table).items():
        g = gold.get((table, row, col))
        if Decimal(v) != 0 if g is None else abs(Decimal(v) - Decimal(g)) > TOLERANCE:
            out.append((row, col, v))
    return out


# ---------------------------------------------------------------------------------------------
# A row whose label the OCR lost lends its figures to the row above


def test_a_figure_after_the_next_rows_line_number_is_not_the_row_aboves(tmp_path: Path) -> None:
    """``年初结转和结余 29`` / ``30 61`` / ``31`` / ``851.17`` / ``总计``: the figure stands after 行次 31 (总计,
    its label printed after it), not in row 29's."""
    res = _read(tmp_path, S002, _excerpt("seed002_summary_label_lost.txt"))
    read = _facts(res, "summary")
    assert ("年初结转和结余", "金额") not in read
    assert read[("本年收入合计", "金额")] == "851.17"
    assert not _wrong(res, S002, "summary")
    # (tenth stop: 31 is the left 总计's 行次 — the one 总计 label printed is the right one, ``62`` — so the figure
    # is 收入总计's, checked by 收入总计 = 支出总计; ``tests/test_ocr_total_sides_s10.py``)
    assert read[("收入总计", "金额")] == "851.17" and read[("支出总计", "金额")] == "851.17"


def test_figures_of_a_row_printed_without_its_labels_are_not_lent_to_the_row_above(tmp_path: Path) -> None:
    """Seed 000's 总计 row printed without its two labels (``31 1,903.01 62 1,903.01``): its figures are not
    年初结转和结余's or 年末结转和结余's."""
    text = _text(S000, "summary", cells={"总计": {0: "", 3: ""}}, gap="      ")
    res = _read(tmp_path, S000, text)
    read = _facts(res, "summary")
    assert ("年初结转和结余", "金额") not in read and ("年末结转和结余", "金额") not in read
    assert read[("本年收入合计", "金额")] == "1903.01"
    assert not _wrong(res, S000, "summary")


# ---------------------------------------------------------------------------------------------
# A digit misread alike in a total and one of its parts


@pytest.mark.parametrize("draw", ["a", "b"])
def test_a_total_and_part_misread_alike_yield_to_table_02(tmp_path: Path, draw: str) -> None:
    """Two renderings of a corpus report's tables 01 and 02: tesseract read ``2,946.25`` and ``6.20`` of table
    01 as ``2,940.25`` and ``0.20`` — 本年收入合计 = Σ sources still holds, 总计 = 本年收入合计 + 年初 fails — and
    table 02's 合计 row prints ``2.946.25  2.940.05  6.20``. Table 01's misread figures are unread, naming table
    02's; table 02, no longer anchored by them, is read whole."""
    res = _read(tmp_path, CZJ, _excerpt(f"czj_{draw}_summary_income.txt"))
    summary = _facts(res, "summary")
    assert ("本年收入合计", "金额") not in summary and ("其他收入", "金额") not in summary
    assert not _wrong(res, CZJ, "summary")
    income = _facts(res, "income")
    assert income[("合计", "本年收入合计")] == "2946.25" and income[("合计", "其他收入")] == "6.20"
    assert len(income) >= 40 and not _wrong(res, CZJ, "income")
    assert any(u.claim == "2940.25" and "收入决算表" in u.reason for u in res.extraction.unread)


# ---------------------------------------------------------------------------------------------
# A garbled label after a total's


def test_a_garbled_word_after_a_total_label_is_not_part_of_its_key(tmp_path: Path) -> None:
    """A corpus report's table 01: ``总计`` / ``9859. 38`` / ``已计`` (the expenditure side's 总计 garbled) /
    ``9859.`` / ``38``: the income side's 总计 is read, no row ``总计已计`` is made up."""
    res = _read(tmp_path, GHZY, _excerpt("ghzy_a_summary.txt"))
    read = _facts(res, "summary")
    assert read[("收入总计", "金额")] == "9859.38"
    assert not _wrong(res, GHZY, "summary")


def test_a_garbled_label_after_a_total_and_its_figure_makes_no_row(tmp_path: Path) -> None:
    """Seed 000's 总计 row printed a cell a line, as tesseract prints a column block, the expenditure side's
    label garbled and its figure broken over two lines (``总计`` / ``1,903.01`` / ``已计`` / ``1,903.`` / ``01``)."""
    cells = {"总计": {1: "", 2: "", 3: "", 4: "", 5: ""}}
    text = _text(S000, "summary", cells=cells, after={"总计": "1,903.01\n已计\n1,903.\n01"}, gap="      ")
    res = _read(tmp_path, S000, text)
    assert _facts(res, "summary")[("收入总计", "金额")] == "1903.01"
    assert not _wrong(res, S000, "summary")


# ---------------------------------------------------------------------------------------------
# A figure no identity checks, that another table prints differently


def test_a_fund_figure_table_01_prints_otherwise_is_not_read_from_table_04(tmp_path: Path) -> None:
    """A corpus report's tables 01-04 (draw B): table 04 prints ``一、一般公共预算财政拨款 | 2240.05`` (2,940.05
    misread), its 政府性基金 row's label garbled away, so no identity of table 04 checks the figure — and table 01
    prints ``2,940.05`` for the same fund's income. The figure is unread, naming table 01's."""
    res = _read(tmp_path, CZJ, _excerpt("czj_b_tables_01_04.txt"))
    assert ("一般公共预算财政拨款", "金额") not in _facts(res, "fiscal_summary")
    assert not _wrong(res, CZJ, "fiscal_summary")
    assert any(u.claim == "2240.05" and "收入支出决算总表 prints 2940.05" in u.reason for u in res.extraction.unread)


def test_a_fund_figure_misread_in_table_04_with_no_identity_is_not_read(tmp_path: Path) -> None:
    """Seed 000: table 04's 一般公共预算 income misread (``1,203.01``), its 政府性基金 row's label garbled (``直人``)
    so 本年收入合计 = Σ funds is not stated; table 01 prints ``1,903.01``."""
    fiscal = _text(
        S000,
        "fiscal_summary",
        cells={"一、一般公共预算财政拨款": {2: "1,203.01"}, "二、政府性基金预算财政拨款": {0: "直人"}},
        gap="      ",
    )
    res = _read(tmp_path, S000, _text(S000, "summary", gap="      ") + "\n" + fiscal)
    assert ("一般公共预算财政拨款", "金额") not in _facts(res, "fiscal_summary")
    assert not _wrong(res, S000, "fiscal_summary")
    assert _facts(res, "summary")[("一般公共预算财政拨款收入", "金额")] == "1903.01"
