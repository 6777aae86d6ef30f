"""RapidOCR rows rebuilt from heavy scans of table 06: figures of the first code | name | amount group that float
to the line above their code, one by one, and a line's figure that is the line above's.

A skewed scan moves most figures of table 06's first group onto the line above their code, ahead of the second
group's code (``211.81 30201 办公费 6.78`` / ``30101 基本工资``), while a row whose name wraps keeps its figure on
its own line (``30108 机关事业单位基本养 65.43`` / ``老保险``). The table's first figure then opens the line of the
second group's first code, no first-group row above it (``667.54 302 商品和服务支出 105.62`` / ``301 工资福利支出``):
it is 301's, and the identities (人员经费合计 = 301 + 303, 301 = Σ its 款) place the figures that follow it, and
tell the page's direction for the rest. Excerpts of the engines' real text of development renderings (draw G,
and an earlier draw in ``tests/data``), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import S002, _read_right

CZJ = "shanghai_putuo_czj_2024"
BASIC = {"basic_by_economic"}
TABLE = "basic_by_economic"


def _claims(res: object) -> set[str | None]:
    return {u.claim for u in res.extraction.unread if u.table == TABLE}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "share"),
    [("float_rows_s10/rapidocr_rows_seed002_06_g_heavy.txt", 0.9), ("rapidocr_rows_seed002_heavy_06.txt", 0.75)],
)
def test_first_groups_figures_above_their_codes_read_by_the_identities(tmp_path: Path, name: str, share: float) -> None:
    """Seed 002's table 06, draw G and an earlier draw: 667.54 opens the 302 line above ``301 工资福利支出`` and is
    301's; each figure after it opening a second-group line is the first-group row below's (211.81 基本工资,
    126.07 津贴补贴, 96.12 奖金 …), as 人员经费合计 697.48 = 301 + 303 and 301's sum say. Draw G read 30101 as
    126.07, 30102 as 96.12, 30106 as 27.25 … (each its neighbour's), and left 301 unread."""
    text, res = _extract(tmp_path, S002, name)
    read = _read_right(res, text, S002, BASIC, share)
    for code, value in (("301", "667.54"), ("30101", "211.81"), ("30102", "126.07"), ("30103", "96.12")):
        assert read[(TABLE, code, "决算数")] == value
    assert read[(TABLE, "人员经费合计", "决算数")] == "697.48"


@pytest.mark.parametrize(
    "name", ["float_rows_s10/rapidocr_rows_seed002_06_g_heavy.txt", "rapidocr_rows_seed002_heavy_06.txt"]
)
def test_figures_the_sums_hold_either_way_follow_the_pages_direction(tmp_path: Path, name: str) -> None:
    """``30106 伙食补助费`` / ``27.25 30205 水费 2.46`` / ``30107 绩效工资``: 301's sum holds whether 27.25 is
    伙食补助费's or 绩效工资's; every figure the identities place on their own (from 667.54 down) moved to the row
    below, so it is 绩效工资's — draw G had read it as 伙食补助费's, with 30101 … 30112 each a row off."""
    text, res = _extract(tmp_path, S002, name)
    read = _read_right(res, text, S002, BASIC, 0.75)
    assert read[(TABLE, "30107", "决算数")] == "27.25"
    assert (TABLE, "30106", "决算数") not in read


def test_figure_ahead_of_its_lines_names_is_not_the_right_groups(tmp_path: Path) -> None:
    """czj's table 06 (draw G, codes split over 类 | 款): ``302 16 培训费`` / ``303 02 4.05`` / ``退休费 69.10 302 17
    公务接待费`` — 4.05 is 培训费's, printed ahead of the line's names. The side-by-side reading gave it to 公务接待费
    by elimination (303's sum took 69.10); no identity confirms it: unread. The line's figures printed after their
    row's name (``302 26 劳务费 2.01``) stay read."""
    text, res = _extract(tmp_path, CZJ, "float_rows_s10/rapidocr_rows_czj_06_g_heavy.txt")
    read = _read_right(res, text, CZJ, BASIC, 0.4)
    assert (TABLE, "30217", "决算数") not in read
    assert "4.05" in _claims(res)
    assert read[(TABLE, "30302", "决算数")] == "69.10"
    assert read[(TABLE, "30226", "决算数")] == "2.01"
