"""RapidOCR plain text of heavy scans (draw E, eighth stop): table 04 (财政拨款收入支出决算总表), one box per line
in the order of the boxes' tops.

A skewed page puts a printed line's figures above its labels: the totals line (本年收入合计 | 本年支出合计) then
prints its figures ahead of both labels, and which label comes first depends on which sits higher — the right
one in ghzy draw C and czj draw A (read already, ``test_ocr_rapid_heavy_s6``), the left one in czj draw E. The
case is the engine's real text of a development rendering (committed as written), checked against the golden
facts: nothing read wrong, every value at its print.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _golden, _read_right

CZJ = "shanghai_putuo_czj_2024"
FISCAL = {"fiscal_summary"}


def test_totals_line_printed_after_its_figures_left_label_first(tmp_path: Path) -> None:
    """czj draw E: ``2,940.05 ×3 | 本年收入合计 | 本年支出合计`` — the totals line's figures ahead of both its
    labels, the left one printed first. Read as no figure after either total, the table was refused whole
    ("not in row order", 0/19); the three figures now float between the row above and the line's two rows, as
    they do with the right label first, and the identities place them: the whole table reads right."""
    text, res = _extract(tmp_path, CZJ, "fiscal_s8/rapidocr_czj_heavy_04_drawE.txt")
    read = _read_right(res, text, CZJ, FISCAL, 1.0)
    assert read == _golden(CZJ, FISCAL)
    assert not any("not in row order" in u.reason for u in res.extraction.unread)
