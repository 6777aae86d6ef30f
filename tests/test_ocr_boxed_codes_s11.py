"""RapidOCR plain text of heavy scans (eleventh stop): a code table's figures more than one label off their row,
and a code row's figures out of column order.

RapidOCR prints a scan's boxes one per line, in the order of their tops. On a heavily skewed page a code table's
(03 支出决算表) figures may print two labels down: czj's heavy scan on draw I prints ``208 社会保障和就业支出`` /
``208 05 行政事业单位养老支出`` / ``326.72`` ×2 / ``208 05 01 行政单位离退休`` / ``326.72`` ×2 / ``84.65`` ×2 —
208's pair after 20805's name, 20805's after 2080501's, so 2080501 printed four figures and its group was unread.
Each figure now floats among the rows whose labels are printed nearest it (two before, one after), a row takes
a run of them, and the identities (row total = Σ columns, parent = Σ children, 合计 = Σ 类) decide. A row whose
boxes sit at one height prints its figures in any order (``201 06 01 行政运行 1,503.52 1,511.89 8.37``, draws
H and I: its total second); such a row — its printed order failing its own total, another order holding — is
offered every order, and kept where identities with other rows confirm each figure. Each case is the engine's
text of the draw's tables 01–05 (committed as written), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _read_right

CZJ = "shanghai_putuo_czj_2024"
EXPENDITURE = {"expenditure"}
DRAW_I = "boxed_codes_s11/rapidocr_czj_heavy_01_05_drawI.txt"
DRAW_H = "boxed_fiscal_s10/rapidocr_czj_heavy_01_05_drawH.txt"


def test_code_table_figures_two_labels_off_their_rows(tmp_path: Path) -> None:
    """czj, draw I: 208's pair after 20805's name, 20805's after 2080501's — table 03 reads whole (37/44 before),
    none wrong, each value at its print; 208's figures are the pair printed after 20805's label."""
    text, res = _extract(tmp_path, CZJ, DRAW_I)
    read = _read_right(res, text, CZJ, EXPENDITURE, 1.0)
    assert read[("expenditure", "208", "本年支出合计")] == "326.72"
    assert read[("expenditure", "2080501", "基本支出")] == "84.65"
    spans = [f.span for f in res.facts if f.table == "expenditure" and f.row == "208"]
    table = text.index("支出决算表")
    names = text.index("行政事业单位养老支出", table), text.index("行政单位离退休", table)
    assert spans and all(s is not None and names[0] < s[0] < names[1] for s in spans)


@pytest.mark.parametrize(
    ("name", "row", "values"),
    [
        (DRAW_I, "2010601", {"本年支出合计": "1511.89", "基本支出": "1503.52", "项目支出": "8.37"}),  # total second
        (DRAW_H, "2010601", {"本年支出合计": "1511.89", "基本支出": "1503.52", "项目支出": "8.37"}),
        (DRAW_H, "20106", {"本年支出合计": "2106.66", "基本支出": "1503.52", "项目支出": "603.14"}),  # total last
    ],
)
def test_code_row_figures_out_of_column_order(tmp_path: Path, name: str, row: str, values: dict[str, str]) -> None:
    """``201 06 01 行政运行 1,503.52 1,511.89 8.37`` (draws H and I) and ``201 06 财政事务 1,503.52 603.14
    2,106.66`` (draw H): as printed, the row's 合计 = 基本支出 + 项目支出 fails, and it was unread; in the order
    that holds, ``201 = 20106`` and ``20106 = Σ 项`` confirm each figure."""
    text, res = _extract(tmp_path, CZJ, name)
    read = _read_right(res, text, CZJ, EXPENDITURE, 1.0)
    assert {c: read[("expenditure", row, c)] for c in values} == values
