"""Table 06 (一般公共预算财政拨款基本支出决算表) on heavy scans of development draw I, RapidOCR (session 11).

Its groups print side by side (301 / 303 left, 302 / 310 right), so a skewed scan's boxes interleave them, and a
few boxes more broke the readings that search the columns' orders (``_merged_columns``) or the printed lines
(``_side_by_side``):

* ``28959`` — 289.59 with its point lost — was taken for a code (five digits, leading 2), though table 06 prints
  economic codes only (3xx): a figure missing, no way of giving the figures to the rows was found;
* ``30306`` / ``30225 专用燃料费`` (rows rebuilt): a code followed by the other group's code was no row;
* ``注：…明细情况。 公用经费合计 480.66``: the total's label, on the note's line, was cut with the note;
* ``2,082.85 302 171.07`` / ``商品和服务支出`` (czj, rows rebuilt): the right group's 类 box was joined to the
  figure after it as its thousands (302,171.07), and the line lost its 302 row.

The excerpts are RapidOCR's real text of draw I (heavy): ghzy plain and rows rebuilt, czj rows rebuilt.
"""

from __future__ import annotations

from pathlib import Path

from extractor.pipeline import DocResult, process
from tests.test_ocr_skew_rows import _read_right

DATA = Path(__file__).parent / "data" / "table06_s11"
GHZY = "shanghai_putuo_ghzy_2024"
CZJ = "shanghai_putuo_czj_2024"
BASIC = {"basic_by_economic"}
COL = "决算数"


def _run(tmp_path: Path, doc: str, excerpt: str) -> tuple[str, DocResult]:
    text = (DATA / excerpt).read_text(encoding="utf-8")
    path = tmp_path / f"{doc}.txt"
    path.write_text(text, encoding="utf-8")
    return text, process(path)


def test_point_lost_figure_of_table_06_is_no_code(tmp_path: Path) -> None:
    """ghzy plain: ``30113 住房公积金`` / ``1.50`` / ``28959`` — 289.59 is 30113's (301 = Σ its 款 confirms it),
    and with it every row of the table reads right (before: 9 of 66)."""
    text, res = _run(tmp_path, GHZY, "rapidocr_ghzy_heavy_06_drawI.txt")
    read = _read_right(res, text, GHZY, BASIC, 1.0)
    assert read[("basic_by_economic", "30113", COL)] == "289.59"
    assert read[("basic_by_economic", "30102", COL)] == "987.86"  # (printed after 30202's code)
    assert read[("basic_by_economic", "人员经费合计", COL)] == "4884.09"


def test_rows_rebuilt_code_beside_other_group_and_total_after_note(tmp_path: Path) -> None:
    """ghzy rows rebuilt: ``30306 30225 专用燃料费 0.00`` / ``救济费 0.00`` — 30306 is a row (its class's codes
    above it are lower), and 公用经费合计 is read from the note's line; every row reads right (before: 3)."""
    text, res = _run(tmp_path, GHZY, "rapidocr_rows_ghzy_heavy_06_drawI.txt")
    read = _read_right(res, text, GHZY, BASIC, 1.0)
    assert read[("basic_by_economic", "公用经费合计", COL)] == "480.66"
    assert read[("basic_by_economic", "30306", COL)] == "0.00"
    assert read[("basic_by_economic", "30113", COL)] == "289.59"


def test_class_box_before_its_figure_is_no_thousands_group(tmp_path: Path) -> None:
    """czj rows rebuilt: ``301 工资福利支出 2,082.85 302 171.07`` / ``商品和服务支出`` — 302 is the right group's
    类 (its official name follows), so its line pairs and the printed lines' reading places every figure
    (before: 12 of 29, 302 and its 款 unread)."""
    text, res = _run(tmp_path, CZJ, "rapidocr_rows_czj_heavy_06_drawI.txt")
    read = _read_right(res, text, CZJ, BASIC, 1.0)
    assert read[("basic_by_economic", "302", COL)] == "171.07"
    assert read[("basic_by_economic", "301", COL)] == "2082.85"
    assert read[("basic_by_economic", "30299", COL)] == "11.53"
