"""Rows rebuilt by position from a heavy scan's RapidOCR boxes (draw F, ninth stop): the wide 三公 table, and
a figure of table 01 that only table 04 places.

The wide layout prints all twelve figures (预算数 and 决算数 of 合计, 因公出国, 公务用车小计, 购置费, 运行维护费,
公务接待) on one printed line. On a skewed page that line's boxes drift apart in height, and the rows rebuilt from
them print it over two lines — the higher part first, whichever end of the printed line it is (seed 003:
``0.40 2.46 0.00 2.20 0.00 2.20 0.26`` / ``2.60 0.00 2.20 0.00 2.20``; ghzy: ``0.00 0.00 0.00 0.00 0.00 0.00
2.85 0.39`` / ``2.85 0.39 0.00 0.00``). Each line keeps its figures' order; which columns the two lines
interleave in is not printed: the table's identities (合计 = its three items, 小计 = 购置费 + 运行维护费) decide,
and figures they cannot place stay unread. Each case is the engine's real text of a development rendering
(committed as written), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.pipeline import process
from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _golden, _read_right

THREE = {"three_public"}


@pytest.mark.parametrize(
    ("doc", "name"),
    [
        ("003_9ee8868df83b9797", "rapidocr_rows_seed003_heavy_07_drawF.txt"),  # 预算数 all, then 决算数 all
        ("shanghai_putuo_ghzy_2024", "rapidocr_rows_ghzy_heavy_07_drawF.txt"),  # (预算数, 决算数) per item
    ],
)
def test_wide_line_printed_over_two_lines_is_read_by_the_identities(tmp_path: Path, doc: str, name: str) -> None:
    """Read in printed order, the two lines fail the identities: the table was unread (seed 003), or read as
    zeros where 合计 is 2.85 (ghzy). Read as two runs that interleave, every one of the twelve cells is right."""
    text, res = _extract(tmp_path, f"{doc}", f"rows_heavy_s9/{name}")
    read = _read_right(res, text, doc, THREE, 1.0)
    assert read == _golden(doc, THREE)


def test_figures_no_identity_places_stay_unread(tmp_path: Path) -> None:
    """czj prints two figures, 0.95 and 0.95 (合计 预算数 and 公务接待费 预算数), the other cells blank: 合计 equals
    any one of its items in either column, so nothing places them — no 三公 value is read, and both are noted."""
    doc = "shanghai_putuo_czj_2024"
    _, res = _extract(tmp_path, doc, "rows_heavy_s9/rapidocr_rows_czj_heavy_07_drawF.txt")
    assert [f for f in res.facts if f.table == "three_public"] == []
    assert sum("0.95" in (u.claim or "") for u in res.extraction.unread if u.table == "three_public") >= 1


CZJ_01_04 = "rows_heavy_s9/rapidocr_rows_czj_heavy_01_04_drawF.txt"


def test_figure_between_two_fund_rows_is_the_one_table_04_confirms(tmp_path: Path) -> None:
    """czj's table 01 prints 2,940.05 on the line after ``一、一般公共预算财政拨款收入``, ahead of the next row's
    label: 本年收入合计 = Σ income rows holds whichever fund row takes it. Table 04 prints the same quantity
    (一般公共预算财政拨款, 本年收入), confirmed there by its sums: the figure is that fund's, read at its print."""
    text, res = _extract(tmp_path, "shanghai_putuo_czj_2024", CZJ_01_04)
    read = _read_right(res, text, "shanghai_putuo_czj_2024", {"summary"}, 0.7)
    assert read[("summary", "一般公共预算财政拨款收入", "金额")] == "2940.05"


def test_without_table_04_the_figure_stays_unread(tmp_path: Path) -> None:
    """The same table 01 alone: nothing tells which fund row prints 2,940.05 — it is unread, not guessed."""
    text = (Path(__file__).parent / "data" / CZJ_01_04).read_text(encoding="utf-8")
    alone = text[: text.index("财政拨款收入支出决算总表")]
    path = tmp_path / "shanghai_putuo_czj_2024.txt"
    path.write_text(alone, encoding="utf-8")
    res = process(path)
    funds = [f for f in res.facts if f.table == "summary" and f.row.endswith("财政拨款收入") and f.value != "0.00"]
    assert funds == []
    assert any(u.claim == "2940.05" and "一般公共预算财政拨款收入" in u.reason for u in res.extraction.unread)
