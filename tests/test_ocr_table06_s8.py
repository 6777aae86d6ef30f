"""Table 06's side-by-side lines (eighth stop): a 类 box whose name is lost is the row its 款 box reads.

czj's table 06 prints 301 / 303 beside 302 / 310, each row ``类 | 款 | 科目名称 | 决算数``, and is read by its
printed lines (``readers.side_by_side``). On a heavy scan a line's name may be lost: garbled beyond reading
(draw E: ``302 | 12 | 用``, 因公出国（境）费用 lost but its wrapped tail), or printed on the line above (draw C,
rows rebuilt: ``抚恤金`` beside the line above's ``退职（役）费``). Before, such a line was unread and opened its
classes' sums: draw E read 15 of 29 values (plain text) and 26 of 29 with one wrong (rows rebuilt), draw C's
rows 22 of 29. A group lists its class's codes in ascending order, so the nameless 类 box is the code its
line's free 款 box reads, where that code falls between its group's codes above and below. Draw C's line also
prints 303's figure as ``6941`` (its point lost): a whole number among a line's figures is an amount.

The excerpts are RapidOCR's real text of draws E (plain and rows rebuilt, heavy) and C (rows rebuilt, heavy),
committed as the engines wrote them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.pipeline import DocResult
from tests.test_ocr_skew_rows import _golden
from tests.test_ocr_two_groups_s7 import _none_wrong
from tests.test_ocr_two_groups_s7 import _run as _run_text

DATA = Path(__file__).parent / "data" / "table06_s8"
CZJ = "shanghai_putuo_czj_2024"
TABLE = "basic_by_economic"


def _run(tmp_path: Path, text: str) -> DocResult:
    return _run_text(tmp_path, "", text)[0]


@pytest.mark.parametrize(
    "excerpt",
    [
        "rapidocr_czj_06_e_heavy.txt",  # draw E, plain: ``302 / 301 / 13 / 住房公积金 / 187.19 / 12 / 用``
        "rapidocr_rows_czj_06_e_heavy.txt",  # draw E, rows rebuilt: ``301 13 187.19 302 12`` / ``住房公积金 用``
        "rapidocr_rows_czj_06_c_heavy.txt",  # draw C, rows rebuilt: 抚恤金 a line up, 303's 69.41 printed ``6941``
    ],
)
def test_a_class_box_whose_name_is_lost_is_the_row_its_part_box_reads(tmp_path: Path, excerpt: str) -> None:
    """All 29 values, none left unread: the line with the lost name no longer opens 301's and 302's sums (or
    302's and 303's), so every figure is placed by the identities. Before: 15, 26 (one wrong: 30166) and 22."""
    text = (DATA / excerpt).read_text(encoding="utf-8")
    res = _run(tmp_path, text)
    read = _none_wrong(res, text)
    assert set(read) == set(_golden(CZJ, {TABLE}))
    assert not [u for u in res.extraction.unread if u.table == TABLE and u.claim]


def test_the_lost_row_takes_no_figure_of_its_neighbour(tmp_path: Path) -> None:
    """Draw E's nameless 302 box (30212, blank) shares its line with 30113's 187.19: 301 = Σ its 款 gives the
    figure to 30113, and no value is read for the row the 款 box named."""
    text = (DATA / "rapidocr_czj_06_e_heavy.txt").read_text(encoding="utf-8")
    read = _none_wrong(_run(tmp_path, text), text)
    assert read[(TABLE, "30113", "决算数")] == "187.19"
    assert (TABLE, "30212", "决算数") not in read


def test_a_part_box_out_of_its_groups_order_names_no_row(tmp_path: Path) -> None:
    """The 款 box is believed only where its code falls between the group's codes above and below: read as
    ``14`` (30214 is named two lines below), the nameless box is no row, its line unread with why — and its
    classes' sums open, nothing read wrong."""
    text = (DATA / "rapidocr_czj_06_e_heavy.txt").read_text(encoding="utf-8")
    at = text.index("187.19\n12\n")
    text = text[:at] + "187.19\n14\n" + text[at + len("187.19\n12\n") :]
    res = _run(tmp_path, text)
    read = _none_wrong(res, text)
    assert (TABLE, "30113", "决算数") not in read
    why = {u.claim: u.reason for u in res.extraction.unread if u.table == TABLE}
    assert "no name read beside the 类 box 302" in why["187.19"], why
