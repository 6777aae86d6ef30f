"""RapidOCR plain text of heavy scans (draw F, ninth stop): table 01's figures among the labels of nearby rows.

RapidOCR prints a scan's boxes one per line, in the order of their tops. On a page skewed a degree or two a
figure's box sits higher or lower than its label's, so table 01 (收入 labels left, 支出 labels right, one 决算数
column each) comes out with each figure a label or two away from its own: ghzy's expenditure figures before
their labels (``754.75`` / ``八、社会保障和就业支出``) and 年末结转和结余's before the left label of its line,
czj's after the next line's left label (``二、政府性基金预算财政拨款收入`` / ``2,106.66``, 一般公共服务支出's).
Read by order, no identity held and the table was unread (ghzy 0/12, czj 3/12, seed 002 7/9). Each figure now
floats among the rows printed nearest it, and the identities with the figures tables 02, 03 and 04 print for
the same rows decide; a figure they leave between rows is unread. Each case is the engine's text of the draw's
tables 01–04 (committed as written), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.pipeline import process
from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _read_right

CZJ = "shanghai_putuo_czj_2024"
GHZY = "shanghai_putuo_ghzy_2024"
S002 = "002_846b8c47d01900a7"
SUMMARY = {"summary"}
DATA = Path(__file__).parent / "data" / "boxed_summary_s9"


@pytest.mark.parametrize(
    ("doc", "name", "row", "value", "share"),
    [
        (GHZY, "rapidocr_ghzy_heavy_01_04_drawF.txt", "社会保障和就业支出", "754.75", 10 / 12),  # before its label
        (CZJ, "rapidocr_czj_heavy_01_04_drawF.txt", "一般公共服务支出", "2106.66", 1.0),  # after the next line's
        (S002, "rapidocr_seed002_heavy_01_04_drawF.txt", "收入总计", "851.17", 1.0),  # 总计 printed after it
        # rows rebuilt from the boxes: a figure on the line of a row it is not (``八、其他收入 236.63``: 九's)
        (GHZY, "rapidocr_rows_ghzy_heavy_01_04_drawF.txt", "卫生健康支出", "236.63", 11 / 12),
        (CZJ, "rapidocr_rows_czj_heavy_01_04_drawF.txt", "卫生健康支出", "60.99", 1.0),  # its own line's
    ],
)
def test_figures_printed_a_label_or_two_off_their_rows(
    tmp_path: Path, doc: str, name: str, row: str, value: str, share: float
) -> None:
    """Each figure may be the row of the two labels printed before it or the two after it; the identities
    (本年支出合计 = Σ 类, 总计 = 本年收入合计 + …) and table 03's 类 rows (the 类 it prints with this figure; the
    ones it does not print are blank) tell which — nothing wrong, every value at its own print."""
    text, res = _extract(tmp_path, doc, f"boxed_summary_s9/{name}")
    read = _read_right(res, text, doc, SUMMARY, share)
    assert read[("summary", row, "金额")] == value


def test_equal_totals_keep_their_own_prints(tmp_path: Path) -> None:
    """``总计`` / ``55.34`` / ``2,995.39`` / ``总计`` / ``2,995.39``: either 总计 fits either print of 2,995.39;
    the two readings give every cell the same value and are one, the first print the left 总计's."""
    text, res = _extract(tmp_path, CZJ, "boxed_summary_s9/rapidocr_czj_heavy_01_04_drawF.txt")
    spans = {f.row: f.span for f in res.facts if f.table == "summary" and f.row in ("收入总计", "支出总计")}
    assert spans["收入总计"] is not None and spans["支出总计"] is not None
    assert spans["收入总计"][0] < spans["支出总计"][0]
    assert text[spans["收入总计"][0] : spans["收入总计"][1]] == "2,995.39"


def test_a_figure_no_identity_places_is_unread_with_the_rows_it_may_be(tmp_path: Path) -> None:
    """ghzy prints ``使用非财政拨款结余`` / ``100.00`` / ``年初结转和结余`` / ``112.88`` / ``年末结转和结余``:
    收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 takes 112.88 as either of its rows, and 100.00
    fits 结余分配 as well as 年末结转和结余. Both are unread, with their prints, and each row they may be is
    marked unknown — so no check takes those cells for blank (``收入总计 ≠ 本年收入合计 + …`` was raised)."""
    _, res = _extract(tmp_path, GHZY, "boxed_summary_s9/rapidocr_ghzy_heavy_01_04_drawF.txt")
    read = {f.row for f in res.facts if f.table == "summary"}
    assert not read & {"使用非财政拨款结余", "年初结转和结余", "结余分配", "年末结转和结余"}
    unknown = {(u.row, u.claim) for u in res.extraction.unread if u.table == "summary"}
    for row in ("使用非财政拨款结余", "年初结转和结余"):
        assert (row, "112.88") in unknown
    for row in ("结余分配", "年末结转和结余"):
        assert (row, "100.00") in unknown
    assert not [f for f in res.flags if f.check in ("summary.income", "summary.expenditure")]


def test_rows_rebuilt_keep_a_figures_line_unless_the_identities_move_it(tmp_path: Path) -> None:
    """Rows rebuilt by position put ghzy's 236.63 on the line of ``八、其他收入`` and 总计's 9859.38 on the line of
    ``年初结转和结余``: read by line they were 其他收入 and 年初结转和结余, both wrong (本年收入合计 = Σ income rows
    and 收入总计 = 本年收入合计 + … have no room for them). Among the rows printed near them, the identities put
    them in 卫生健康支出 and 收入总计; a figure they leave between rows that include its line's keeps its line's
    row (年末结转和结余's 100.00, on its own line)."""
    text, res = _extract(tmp_path, GHZY, "boxed_summary_s9/rapidocr_rows_ghzy_heavy_01_04_drawF.txt")
    read = _read_right(res, text, GHZY, SUMMARY, 11 / 12)
    assert ("summary", "其他收入", "金额") not in read
    assert read[("summary", "收入总计", "金额")] == "9859.38"
    assert read[("summary", "年末结转和结余", "金额")] == "100.00"


def test_a_line_whose_figure_follows_both_its_labels(tmp_path: Path) -> None:
    """czj's first line with its figure after both labels (``一、一般公共预算财政拨款收入`` / ``一般公共服务支出`` /
    ``2,940.05``, as a page skewed the other way prints it): the rows start at the first label the template names,
    not at the first row with a figure — else 2,940.05's own row is out of its reach and 本年收入合计 = Σ income
    rows gives it to 政府性基金预算财政拨款收入, the next income row within it."""
    text = (DATA / "rapidocr_czj_heavy_01_04_drawF.txt").read_text(encoding="utf-8")
    first = "一、一般公共预算财政拨款收入\n2,940.05\n一般公共服务支出\n"
    assert first in text
    path = tmp_path / f"{CZJ}.txt"
    path.write_text(
        text.replace(first, "一、一般公共预算财政拨款收入\n一般公共服务支出\n2,940.05\n", 1), encoding="utf-8"
    )
    res = process(path)
    read = {f.row: f.value for f in res.facts if f.table == "summary"}
    assert "政府性基金预算财政拨款收入" not in read
    assert read["一般公共预算财政拨款收入"] == "2940.05"
