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
        for u in res.extraction.unread  # type: ignore[attr-defined]
        if u.table == "basic_by_economic" and u.span
    }
    assert all("after a code with no name" in why[f] for f in ("0.39", "2.40", "1.50")), why
