"""RapidOCR text of heavy scans, table 03 (支出决算表): a row's total printed after its parts, and a speck glued
to a figure's decimal point.

A page turned so its right side sits higher puts a row's first column (its total, 本年支出合计) lower than the
columns right of it: one box per line, the engine prints the parts first and the total after them — after the
row's label (``1,503.52 603.14 201 一般公共服务支出 2,106.66``: draw A) or still ahead of it, last of the figures
there (``1,503.52 603.14 2,106.66 201 一般公共服务支出``: draw C). A row whose printed order fails its own
identity (total = Σ parts) for every placement is offered that order; one its printed order fits is read as
printed. And ``15°.53``: a speck printed beside the point, no figure at all until now, so the row read as blank
and no placement of the whole table held. Each case is the engines' real text of development renderings
(committed as written), checked against the golden facts: nothing read wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import ocr_readings
from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import S003, _golden, _read_right

CZJ = "shanghai_putuo_czj_2024"
SPENDING = {"expenditure"}


def test_row_total_printed_last_ahead_of_its_label_is_read(tmp_path: Path) -> None:
    """czj's table 03 (draw C, one box per line): ``1,503.52 / 603.14 / 2,106.66 / 201 / 一般公共服务支出`` and
    ``1,503.52 / 8.37 / 1,511.89 / 201 / 06 / 10 / 行政运行`` — each row's total the last of its figures ahead of its
    code. Read in printed order, 1,503.52 was the total and no placement held (three rows, and the 合计 they sum
    to, unread); read with the total last, every identity of the table holds and every row's total is read."""
    text, res = _extract(tmp_path, CZJ, "rapid_heavy_s6/rapidocr_czj_heavy_03.txt")
    read = _read_right(res, text, CZJ, SPENDING, 0.45)
    totals = {k: v for k, v in _golden(CZJ, SPENDING).items() if k[2] == "本年支出合计"}
    assert {k: read.get(k) for k in totals} == totals  # (the parts' columns: the other tables' figures tell)


@pytest.mark.parametrize("name", ["rapidocr_seed003_heavy_03.txt", "rapidocr_rows_seed003_heavy_03.txt"])
def test_speck_beside_the_point_is_a_damaged_figure_an_identity_confirms(tmp_path: Path, name: str) -> None:
    """Seed 003's table 03 (draw C; one box per line and rows rebuilt alike): ``2101103 公务员医疗补助 15°.53
    15°.53``. Read as no figure, the row was blank, 21011 = 2101101 + 2101102 + 2101103 failed and the whole
    table was lost; read as 15.53 (a repair, flagged so), the identity confirms it and the table is read."""
    text, res = _extract(tmp_path, S003, f"rapid_heavy_s6/{name}")
    # (0.43: the parts' columns are the other tables' to tell; 2060101's 187.40, tied to its row by position alone
    # once 20601 is misread, is unread — test_ocr_rows_untold_s14)
    read = _read_right(res, text, S003, SPENDING, 0.43)
    assert read[("expenditure", "2101103", "本年支出合计")] == "15.53"
    assert read[("expenditure", "21011", "本年支出合计")] == "31.83"
    [t] = [t for t in res.extraction.tables if t.table == "expenditure"]
    [a] = [r.cells["本年支出合计"] for r in t.rows if r.row == "2101103"]
    assert (a.confidence, a.repaired_from) == ("repaired", "15°.53")


def test_speck_readings() -> None:
    """A speck beside the point reads as the figure (draw C: ``15°.53`` in seed 003, ``445$.69`` in czj's
    tesseract text); the same mark between digits is no point, and nothing is read."""
    assert ocr_readings("15°.53") == ["15.53"]
    assert ocr_readings("445$.69") == ["445.69"]
    assert ocr_readings("8$32") == []
    assert ocr_readings("15°53") == []


@pytest.mark.parametrize(
    ("name", "bare", "totals"),
    [
        ("rapidocr_rows_czj_heavy_03.txt", "208", {"201": "2106.66", "2010601": "1511.89", "22102": "445.69"}),
        # (draw A: 201's figures, a line of figures only above its code, are read as its own since the seventh
        # stop — tests/test_ocr_rapid_heavy_s7.py — so no row is bare there any more)
        ("rapidocr_rows_czj_heavy_03_drawA.txt", "", {"201": "2106.66", "208": "326.72", "2101101": "60.99"}),
    ],
)
def test_row_printing_no_figure_is_unknown_not_blank(
    tmp_path: Path, name: str, bare: str, totals: dict[str, str]
) -> None:
    """czj's table 03, rows rebuilt from heavy scans (the cached rendering and draw A): ``208 社会保障和就业支出``
    with no figure, its 326.72 / 326.72 on the line of its child's code (``208 05 326.72 326.72``), and in draw A
    ``201 一般公共服务支出`` below its figures, which joined 合计's line. Read as blank, 合计 = 201 + 208 + 210 +
    221 failed and the whole table was lost; read as unknown (eliminated from the identities), the rest holds
    and is read — the row that took the bare row's figures left unread by its own identity."""
    text, res = _extract(tmp_path, CZJ, f"rapid_heavy_s6/{name}")
    read = _read_right(res, text, CZJ, SPENDING, 0.25)
    assert {row: read.get(("expenditure", row, "本年支出合计")) for row in totals} == totals
    assert not bare or not any(row == bare for _, row, _ in read)


@pytest.mark.parametrize(
    ("doc", "name", "share"),
    [("shanghai_putuo_ghzy_2024", "rapidocr_ghzy_heavy_04.txt", 1.0), (CZJ, "rapidocr_czj_heavy_04_drawA.txt", 0.15)],
)
def test_line_of_totals_printed_after_its_figures_right_label_first(
    tmp_path: Path, doc: str, name: str, share: float
) -> None:
    """Table 04 (ghzy in draw C, czj in draw A; one box per line): ``9746.50 / 9746.50 / 9746.50 / 本年支出合计 /
    本年收入合计`` — the line's figures sit higher than its labels, and its right label higher than its left, so
    both totals print after the figures and neither has one after its label. The table was refused whole ("not in
    row order"); the two totals are one line, read as such lines are: the left (income) row takes any run of the
    figures ahead, the right (expenditure) row a tail, the identities decide. ghzy's table reads whole; czj's,
    whose class rows print their figures a row off, keeps what its identities confirm and nothing wrong."""
    text, res = _extract(tmp_path, doc, f"rapid_heavy_s6/{name}")
    _read_right(res, text, doc, {"fiscal_summary"}, share)
    assert not any("not in row order" in u.reason for u in res.extraction.unread)
