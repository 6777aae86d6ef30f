"""A whole number of three digits in a row of several figures is read as the figure it may be — found by the
identities, marked repaired — instead of being dropped as no amount.

RapidOCR's text-direction classifier turns a short box upside down: ``0.98`` comes out ``860``, ``0.88`` comes out
``880`` (read backwards, 6 and 9 trading places, the point lost at the top). In a one-column table such a print
already had its readings (``8.60``, or ``0.98`` turned); in a row of several figures (table 02's 合计 and
财政拨款收入) it was dropped, the row lost its figures, and the parent = Σ children identities over it failed: the
whole table went unread. Each excerpt is an engine's real text of a development rendering (committed as written),
of a different report and draw.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_skew_rows import S003, _read_right, _run

DATA = Path(__file__).resolve().parent / "data" / "turned_s8"
GHZY = "shanghai_putuo_ghzy_2024"


@pytest.mark.parametrize(
    ("doc", "name", "row", "printed", "value"),
    [
        (S003, "rapidocr_seed003_light_01_02.txt", "20899", "860", "0.98"),  # draw E, light scan
        (GHZY, "rapidocr_ghzy_heavy_01_02.txt", "2080599", "880", "0.88"),  # draw D, heavy scan
    ],
)
def test_a_turned_figure_in_a_row_of_several_is_read(
    tmp_path: Path, doc: str, name: str, row: str, printed: str, value: str
) -> None:
    """Table 02 (table 01 before it fixes its 财政拨款 column) reads whole, the turned figure with it: at the span
    of what was printed, marked repaired, flagged for the reviewer."""
    text = (DATA / name).read_text(encoding="utf-8")
    res = _run(tmp_path, doc, text)
    read = _read_right(res, text, doc, {"income"}, 1.0)
    assert read[("income", row, "本年收入合计")] == value
    turned = [f for f in res.facts if (f.table, f.row) == ("income", row) and f.value == value]
    assert printed in {text[f.span[0] : f.span[1]] for f in turned if f.span is not None}
    assert any(f.check == "ocr.repaired" and f"'{printed}'" in f.message for f in res.flags)
