"""RapidOCR plain text of heavy scans (one box per line): figures that land a row off, confirmed or left unread.

On a heavily skewed scan a row's figures sit a little higher than its label, and an engine that prints its
boxes top to bottom puts them right after the label of the row *above*. The readers must not take that order
for the row: a two-sided summary's 行次 (numbered line by line, left side 1…K, right side K+1…2K) names the
row its figures follow; table 06, printed two codes to a line, gives a lone figure no row unless an identity
confirms it. Each case is read from the engines' real text of development renderings (committed as written),
of different reports, and checked against the golden facts: nothing read wrong, every value at its print.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.keys import strip_label
from extractor.pipeline import DocResult, process
from tests.test_ocr_skew_rows import GHZY, S000, S002, S003, _golden, _read_right

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
FISCAL = {"fiscal_summary"}


def _extract(tmp_path: Path, doc: str, name: str, edit: tuple[str, str] | None = None) -> tuple[str, DocResult]:
    """Read an excerpt of ``tests/data`` as document ``doc`` — with ``edit`` (old, new), the excerpt changed by hand
    once (a print damaged or reordered to test a case no draw printed)."""
    text = (DATA / name).read_text(encoding="utf-8")
    if edit is not None:
        edited = text.replace(*edit, 1)
        assert edited != text, f"{edit[0]!r} is not in {name}"
        text = edited
    path = tmp_path / f"{doc}.txt"
    path.write_text(text, encoding="utf-8")
    return text, process(path)


@pytest.mark.parametrize(
    ("doc", "name"),
    [(S003, "rapidocr_seed003_heavy_04.txt"), (S000, "rapidocr_seed000_heavy_04.txt")],
)
def test_figures_after_another_rows_line_number_go_to_that_row(tmp_path: Path, doc: str, name: str) -> None:
    """``七.文化旅游体育与传媒支出 / 40 / 168.39`` (003) and ``五、教育支出 / 37 / 38 / 1,550.75`` (000): the 行次
    before the figures is the next row's (社会保障和就业支出 is 八 → 32 + 8 = 40), so the figures are that row's —
    the whole table reads right, where the order alone gave them to the row above."""
    text, res = _extract(tmp_path, doc, name)
    read = _read_right(res, text, doc, FISCAL, 1.0)
    assert read == _golden(doc, FISCAL)


def test_ordinal_read_as_a_point_is_no_part_of_the_label(tmp_path: Path) -> None:
    """OCR reads 、 as . or · (``六.科学技术支出``, ``十二·农林水支出``): the row is 科学技术支出, not a row of
    its own the template does not know."""
    assert strip_label("六.科学技术支出") == "科学技术支出"
    assert strip_label("十二·农林水支出") == "农林水支出"
    assert strip_label("1.5万元") == "1.5万元"  # (a figure, not an ordinal)
    text, res = _extract(tmp_path, S002, "rapidocr_seed002_heavy_04.txt")
    read = _read_right(res, text, S002, FISCAL, 1.0)
    assert read[("fiscal_summary", "科学技术支出", "合计")] == "619.33"


def test_table_06_lone_figures_beside_crossed_rows_go_to_their_rows(tmp_path: Path) -> None:
    """ghzy's table 06, one box per line, its 301 and 302 codes side by side: ``30207 邮电费 / 30110 职工基本医疗
    保险缴费 / 8.05`` — 8.05 is 邮电费's (30207), printed after the 30110 label because the boxes of a line come
    out by their tops. By position such a figure was no row's (unread, with its text); now the two columns'
    orders, searched with the identities (``tables._merged_columns``), give every figure its row: 8.05 is
    30207's, 236.63 30110's, 0.92 30205's — all golden."""
    text, res = _extract(tmp_path, GHZY, "rapidocr_ghzy_heavy_06.txt")
    tables = {"basic_by_economic"}
    read = _read_right(res, text, GHZY, tables, 0.9)
    assert read[("basic_by_economic", "30207", "决算数")] == "8.05"
    assert read[("basic_by_economic", "30110", "决算数")] == "236.63"
    assert read[("basic_by_economic", "30205", "决算数")] == "0.92"


def test_column_numbers_split_over_two_lines_are_no_figures(tmp_path: Path) -> None:
    """Rows rebuilt from a skewed scan's boxes print the 栏次 run's tail above its head (``3 4 5 6`` /
    ``栏次 1 2``) over a table with no figures (seed 000's table 07): nothing is read, where the column numbers
    passed for the 合计 row's figures (年末 2 = 年初 3 + 收入 4 - 支出 5 even "confirmed" them)."""
    _, res = _extract(tmp_path, S000, "rapidocr_rows_seed000_heavy_07.txt")
    assert [f for f in res.facts if f.table == "gov_fund"] == []


def test_table_06_total_name_above_every_code_is_a_header_word(tmp_path: Path) -> None:
    """``人员经费 公用经费`` over the two halves of table 06, then the first code's figure on the line above its
    code (seed 003, rows rebuilt): the figure is no 公用经费合计 (which the real total row, printed last, then
    lost as a "second printing")."""
    text, res = _extract(tmp_path, S003, "rapidocr_rows_seed003_heavy_06.txt")
    read = _read_right(res, text, S003, {"basic_by_economic"}, 0.4)
    assert ("basic_by_economic", "公用经费合计", "决算数") not in read or read[
        ("basic_by_economic", "公用经费合计", "决算数")
    ] == _golden(S003, {"basic_by_economic"})[("basic_by_economic", "公用经费合计", "决算数")]


@pytest.mark.parametrize("name", ["rapidocr_ghzy_heavy_03.txt", "rapidocr_rows_ghzy_heavy_03.txt"])
def test_code_misread_beyond_repair_is_no_row(tmp_path: Path, name: str) -> None:
    """``20010 事业运行`` under 22001 自然资源事务 (ghzy's table 03, both engines): 2200150 misread, no code
    fits both the print and the hierarchy, so the row is unread — not a row 20010 whose figures broke the
    table's identities (and, where the rest of the report anchors them, every figure of the table)."""
    text, res = _extract(tmp_path, GHZY, name)
    read = _read_right(res, text, GHZY, {"expenditure"}, 0.15)
    assert not any(row == "20010" for _, row, _ in read)


def test_column_name_tails_after_the_first_label_are_header_words(tmp_path: Path) -> None:
    """``一般公共预算财政拨款 / 拨款 / 政拨款 / 财政拨款 / 9746.50`` (ghzy's table 04, the header's last boxes
    printed after the first row's label): the row is 一般公共预算财政拨款, and the whole table reads right."""
    text, res = _extract(tmp_path, GHZY, "rapidocr_ghzy_heavy_04.txt")
    assert _read_right(res, text, GHZY, FISCAL, 1.0) == _golden(GHZY, FISCAL)


def test_a_name_run_into_another_codes_name_is_no_confirmation(tmp_path: Path) -> None:
    """ghzy's table 06, rows rebuilt from a skewed scan: ``30107 0.00 30204 手续费`` / ``绩效工资 1594.02 30205
    0.08`` gives 30204 the name 手续费绩效工资 — its own name and 30107's: a row of two rows' text keeps no figure
    by its place (``30110 职工基本医疗保险缴费 邮电费 8.05``: 8.05 is 30207's). Since session 11 the columns'
    orders are searched here too (a row code read beside the other group's: ``30306`` / ``30225 专用燃料费``;
    the 公用经费合计 label after the note's sentence): every way the identities hold gives 1594.02 to 30107,
    0.08 to 30204 and 8.05 to 30207 — the whole table reads right."""
    text, res = _extract(tmp_path, GHZY, "rapidocr_rows_ghzy_heavy_06.txt")
    read = _read_right(res, text, GHZY, {"basic_by_economic"}, 1.0)
    for code, value in (("30107", "1594.02"), ("30204", "0.08"), ("30110", "236.63"), ("30207", "8.05")):
        assert read[("basic_by_economic", code, "决算数")] == value
