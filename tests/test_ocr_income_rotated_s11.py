"""RapidOCR text of heavy scans of czj (draws F and I, eleventh stop): tables 01 and 02, one box per line.

Table 02 prints three figures in 201's group (本年收入合计, 财政拨款收入, 其他收入). Draw I's page is turned so its
right side sits higher: each such row's 其他收入 box sits highest of the row and is listed first, ahead of its
label, the row's other figures after it, ahead of the label or after it (``6.20`` / ``2,112.86`` / ``2,106.66`` /
``201 一般公共服务支出``; ``0.01`` / ``201 06 10 行政运行`` / ``1,511.90`` / ``1,511.89``). Both draws print 2010602's
6.19 as a box of three digits alone on its line (``619``): the point lost, not a fragment of a broken figure. Each
case is the engine's real text of a development rendering (committed as written), checked against the golden
facts: nothing read wrong, every value at its print.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _read_right

CZJ = "shanghai_putuo_czj_2024"
INCOME = {"income"}


def test_last_column_printed_first_ahead_of_the_label(tmp_path: Path) -> None:
    """Draw I: every row of 201's group and the 合计 row list their 其他收入 first; read in printed order their
    own identities fail, so the group, its parents and the 合计 column sums stayed open (15 of 45 read, only
    本年收入合计 below them). A row whose identities fail may take its figures with the first one last: the
    identities place every figure."""
    text, res = _extract(tmp_path, CZJ, "income_rotated_s11/rapidocr_czj_heavy_01_02_drawI.txt")
    read = _read_right(res, text, CZJ, INCOME, 1.0)
    assert read[("income", "合计", "其他收入")] == "6.20"
    assert read[("income", "201", "本年收入合计")] == "2112.86"
    assert read[("income", "2010601", "其他收入")] == "0.01"
    assert read[("income", "208", "财政拨款收入")] == "326.72"


@pytest.mark.parametrize("draw", ["F", "I"])
def test_three_digit_box_alone_is_a_figure_whose_point_was_lost(tmp_path: Path, draw: str) -> None:
    """``619`` alone on its line among 201 06 02's figures is 6.19 (16.19 = 10.00 + 6.19, and 20106's 其他收入
    6.20 = 0.01 + 6.19): read so, 2010602's row and the 财政拨款收入 of its siblings 2010607 and 2010608 are placed
    (draw F: 38 of 45 read before)."""
    text, res = _extract(tmp_path, CZJ, f"income_rotated_s11/rapidocr_czj_heavy_01_02_draw{draw}.txt")
    read = _read_right(res, text, CZJ, INCOME, 1.0)
    assert read[("income", "2010602", "其他收入")] == "6.19"
    assert read[("income", "2010602", "本年收入合计")] == "16.19"
    assert read[("income", "2010607", "财政拨款收入")] == "135.25"
