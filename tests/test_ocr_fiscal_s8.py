"""RapidOCR plain text of heavy scans (draws A, C and E, eighth stop): table 04 (财政拨款收入支出决算总表), one box
per line in the order of the boxes' tops.

A skewed page puts a printed line's figures above its labels, and its right label above its left one: the
figures of a line then come out ahead of both labels (the totals line, in either label order), and the first
line's right label and figures come out ahead of its left label, whose figure was printed above them all.
Where every 类 figure lands a row off, the column sums still hold: table 05, which prints each 类's 一般公共预算
spending by its code, tells. Each case is the engine's real text of a development rendering (committed as
written), checked against the golden facts: nothing read wrong, every value at its print.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _golden, _read_right

CZJ = "shanghai_putuo_czj_2024"
FISCAL = {"fiscal_summary"}


def test_totals_line_printed_after_its_figures_left_label_first(tmp_path: Path) -> None:
    """czj draw E: ``2,940.05 ×3 | 本年收入合计 | 本年支出合计`` — the totals line's figures ahead of both its
    labels, the left one printed first (ghzy draws A and E print the right one first, read so already). Read as
    no figure after either total, the table was refused whole (0/19); the three figures now float between the
    row above and the line's two rows, and the identities place them: the whole table reads right."""
    text, res = _extract(tmp_path, CZJ, "fiscal_s8/rapidocr_czj_heavy_04_drawE.txt")
    read = _read_right(res, text, CZJ, FISCAL, 1.0)
    assert read == _golden(CZJ, FISCAL)


def test_figure_above_the_header_is_the_first_left_rows(tmp_path: Path) -> None:
    """czj draw C (draws A and D print the same): ``财政拨款 | 款 | 2,940.05 | 一、一般公共服务支出 | 2,106.66 ×2 |
    一般公共预算财政拨款`` — the first line's right label and figures came out before its left label, and the
    left row's figure, printed higher still, ran into the header's words: the row was dropped with it and
    本年收入合计 = Σ funds failed (4/19). The figure is the income side's first row's: the whole table reads."""
    text, res = _extract(tmp_path, CZJ, "fiscal_s8/rapidocr_czj_heavy_04_drawC.txt")
    read = _read_right(res, text, CZJ, FISCAL, 1.0)
    assert read[("fiscal_summary", "一般公共预算财政拨款", "金额")] == "2940.05"
    assert read == _golden(CZJ, FISCAL)


def test_class_rows_a_row_off_are_unread_where_table_05_says_so(tmp_path: Path) -> None:
    """czj draw A: ``七、文化旅游体育与传媒支 | 出 | 326.71 ×2 | 八、社会保障和就业支出 | 60.99 ×2 | 九、卫生健康支出``
    — every 类's figures printed ahead of its label, after the row above's. The column sums hold either way, so
    the reading by order put 60.99 under 社会保障和就业支出; table 05 prints 326.72 for 208 (a cent of rounding
    apart): the 类 rows whose figure table 05 does not print the same are unread, naming table 05's, and the rest
    of the table reads (3/19 before, the table's first figure lost to the header)."""
    text, res = _extract(tmp_path, CZJ, "fiscal_s8/rapidocr_czj_heavy_04_05_drawA.txt")
    read = _read_right(res, text, CZJ, FISCAL, 0.5)
    assert ("fiscal_summary", "社会保障和就业支出", "合计") not in read
    why = {
        (u.row, text[u.span[0] : u.span[1]]): u.reason
        for u in res.extraction.unread  # type: ignore[attr-defined]
        if u.table == "fiscal_summary" and u.span and u.row
    }
    assert "(table 05) prints 326.72" in why[("社会保障和就业支出", "60.99")]
