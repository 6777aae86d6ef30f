"""A code printed whole beside another code's official name (forty-second stop).

Rows rebuilt from a heavily skewed scan's boxes join one row's code to the next row's name and figure: draw BL's
RapidOCR rows of ghzy's table 06 (heavy noise; ``tests/data/ocr_rows_s42``, the table's page) print ``30205
机关事业单位基本养老保 446.11`` (30108's name and figure on 30205's line), ``30106 水费 0.92`` (30205's),
``30310 其他交通费用 33.50`` (30239's). The reader took each code as printed: that page alone read sixteen figures
under the wrong codes (ten of them non-zero), and the whole report's text ten, nine of them clean. Now a figure
whose row prints another code's official name stands only where an identity that holds confirms it."""

from __future__ import annotations

from extractor.export import load_facts
from extractor.pipeline import process
from tests.test_ocr_s18 import GHZY, ROOT

PAGE = ROOT / "tests" / "data" / "ocr_rows_s42" / "ghzy_table06_rows_heavy.txt"


def _golden() -> dict[str, str]:
    return {
        f.row: f.value
        for f in load_facts(ROOT / "eval" / "golden" / "corpus")
        if f.doc == GHZY and f.table == "basic_by_economic"
    }


def test_a_figure_beside_another_codes_name_is_unread_not_placed_under_the_printed_code() -> None:
    res = process(PAGE)
    got = {f.row: f.value for f in res.facts if f.table == "basic_by_economic"}
    golden = _golden()
    # the rows that print another code's name: none of them keeps the figure printed beside it
    for code in ("30205", "30106", "30310", "30306", "30308", "30399", "30110", "30209"):
        assert code not in got, (code, got.get(code))
    unread = [u for u in res.extraction.unread if "official name, not its code's" in u.reason]
    assert {u.row for u in unread} >= {"30205", "30106", "30310"}
    # rows whose names are their own keep their figures, and what is read is nearly all right: 302's 537.64
    # (flagged: its class sum fails) and 30108's 225.12 (its name's tail, the next line's figure) are what is left
    assert got["30201"] == "84.62" and got["30107"] == "1594.02" and got["31002"] == "39.76"
    wrong = {k: v for k, v in got.items() if golden.get(k) != v}
    assert wrong == {"302": "537.64", "30108": "225.12"}
