"""RapidOCR's plain text of a light scan (development draw H, ninth stop): table 01 of seed 003, which prints a
行次 for every row — the left side 1…K, the right K+1…2K — with the left 总计's label lost.

The 行次 rule (``_figures_by_line_number``) reads K off the two 总计 rows (K and 2K); with one 总计 label printed
it did not run, and the left 总计's 741.64 — printed after its 行次 31, behind the right side's
``年末结转和结余 60`` — was read as 年末结转和结余's, an identity-free wrong value. K is now also read off the
right side's ordinal rows (``一般公共服务支出 32``: 32 − 1), and the figure is unread, its note naming the 行次.
The engine's real text of a development rendering (committed as written), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _read_right

S003 = "003_9ee8868df83b9797"


def test_figure_after_the_other_sides_line_number_is_not_this_rows(tmp_path: Path) -> None:
    text, res = _extract(tmp_path, S003, "line_numbers_s9/rapidocr_seed003_light_01_drawH.txt")
    read = _read_right(res, text, S003, {"summary"}, 1.0)
    assert ("summary", "年末结转和结余", "金额") not in read or read[("summary", "年末结转和结余", "金额")] == "0.00"
    # (tenth stop: the one 总计 printed is the right one — ``总计 62`` — and the figure after 31 the left one's,
    # its label lost: 收入总计, at its print, checked by 收入总计 = 支出总计; ``tests/test_ocr_total_sides_s10.py``)
    left = next(f for f in res.facts if f.table == "summary" and f.row == "收入总计")
    assert left.span and text.rfind("31", 0, left.span[0]) > text.rfind("总计", 0, left.span[0])
