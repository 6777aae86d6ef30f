"""RapidOCR text of heavy scans (draw D, seventh stop): the corpus documents' rows rebuilt by position.

Table 06 prints its codes in two groups side by side (301/303 codes left, 302/310 codes right). On a page
turned so its right side sits higher, a printed row's boxes climb from left to right: the left group's code
sinks below its name onto the next rebuilt line, and the right group's figure of the next row rises onto that
same line — ``30110 82.20`` (82.20 is 30209 物业管理费's), ``30301 0.39`` (30217 公务接待费's), ``3011 1.50``
(30111's code damaged, 1.50 30211 差旅费's): ghzy, draw D; in draw A the skew runs the other way and the line
``30111 236.63`` carries 30110's figure. A figure printed after a code with no name beside it is therefore no
evidence of that code's row: it is read only where an identity that holds confirms it. Each case is the
engine's real text of a development rendering (committed as written), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _read_right

GHZY = "shanghai_putuo_ghzy_2024"
BASIC = {"basic_by_economic"}


def test_figure_after_a_nameless_code_is_not_that_codes(tmp_path: Path) -> None:
    """ghzy's table 06, draw D: ``30301 0.39`` and ``30305 2.40`` gave 30301 and 30305 (both blank) the figures
    of 30217 and 30226 beside them, and ``3011 1.50`` gave 30209 物业管理费 (82.20) the figure of 30211: three
    wrong values, placed by count because the rows of their parents (302, 303) print two figures each and left
    the parents' identities unknown. Now no value is read wrong; the three are unread with their print."""
    text, res = _extract(tmp_path, GHZY, "rapid_heavy_s7/rapidocr_rows_ghzy_heavy_06_drawD.txt")
    read = _read_right(res, text, GHZY, BASIC, 0.25)  # (no value wrong, each at its print)
    assert not {("basic_by_economic", r, "决算数") for r in ("30209", "30301", "30305")} & set(read)
    why = {
        text[u.span[0] : u.span[1]]: u.reason
        for u in res.extraction.unread
        if u.table == "basic_by_economic" and u.span
    }
    assert all("after a code with no name" in why[f] for f in ("0.39", "2.40")), why
    # (1.50: since the twenty-fifth stop the first line's 301, its code lost, is read by its name, and 30209's
    # row then fails its own sum with it — unread either way, with its print)
    assert "1.50" in why, why


SPENDING = {"expenditure"}
CZJ = "shanghai_putuo_czj_2024"


@pytest.mark.parametrize(
    ("doc", "name", "rows"),
    [
        (CZJ, "rapidocr_rows_czj_heavy_03_drawD.txt", {"合计": "2940.05", "201": "2106.66", "20106": "2106.66"}),
        (GHZY, "rapidocr_rows_ghzy_heavy_03_drawD.txt", {"合计": "9759.38", "22001": "4461.67", "212": "3845.24"}),
    ],
)
def test_line_of_figures_only_is_the_row_below(tmp_path: Path, doc: str, name: str, rows: dict[str, str]) -> None:
    """Table 03 (with tables 04 and 05 after it, whose figures anchor its columns), rows rebuilt from heavy scans
    whose figures sit higher than their codes: a row's figures whose boxes rise past the line's tolerance make
    a line of their own above its code (czj: ``2,106.66 1,503.52 603.14`` / ``201 一般公共服务支出``; ghzy:
    ``4416.67 2339.58 2077.09`` / ``2200150 事业运行``; czj's draw B prints the same). Read as the row above's
    (printed after its label), rows took two rows' figures and the whole table was lost (draw D: czj 0/44,
    ghzy 0/59); one rotation skews the page one way, so every such line read as the row below's makes the
    identities hold, and the table is read — nothing wrong."""
    text, res = _extract(tmp_path, doc, f"rapid_heavy_s7/{name}")
    read = _read_right(res, text, doc, SPENDING, 0.2)
    assert {r: read.get(("expenditure", r, "本年支出合计")) for r in rows} == rows
