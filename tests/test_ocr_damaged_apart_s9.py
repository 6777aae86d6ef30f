"""Table 06 with a figure damaged beyond reading under two different 类 (ninth stop, draw G).

Seed 003's table 06 in RapidOCR's text of draw G's heavy scan prints ``30101 基本工资 9616`` (94.96 with its point
lost: no reading fits 301 = Σ 款) and ``30239 其他交通费用 *t.6`` (9.44 gone): with both read, 301's and 302's
sums failed and every figure under them (18) was unread. Each damaged row takes away its own 类's sum only, so the
table is read again with both rows unknown, kept only when every identity then holds; the damaged figures stay
unread. The same holds for seed 002's table 06 in tesseract text of a light scan (30107 ``2 35``, 30226 ``5 28``).
Two damaged rows under one 类 are no such case (a misread third there would go unchecked). Each excerpt is the
engine's text of table 06 as written, checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _golden, _read_right

S002 = "002_846b8c47d01900a7"
S003 = "003_9ee8868df83b9797"
BASIC = {"basic_by_economic"}
DATA = Path(__file__).parent / "data" / "damaged_apart_s9"


@pytest.mark.parametrize(
    ("doc", "name", "unread"),
    [
        (S003, "rapidocr_seed003_heavy_06_drawG.txt", {"30101", "30239"}),  # ``9616``, ``*t.6``
        (S003, "rapidocr_rows_seed003_heavy_06_drawG.txt", {"30101", "30239"}),
        (S002, "tesseract_seed002_light_06.txt", {"30107", "30226"}),  # ``2 35``, ``5 28`` (and others damaged)
    ],
)
def test_damaged_rows_under_two_classes_leave_the_rest_read(
    tmp_path: Path, doc: str, name: str, unread: set[str]
) -> None:
    """Every figure but the damaged ones read, none wrong, each at its print; the damaged rows unread."""
    text, res = _extract(tmp_path, doc, f"damaged_apart_s9/{name}")
    read = _read_right(res, text, doc, BASIC, 0.75)
    assert not {k[1] for k in read} & unread
    assert read[("basic_by_economic", "302", "决算数")] == ("105.62" if doc == S002 else "36.28")


def test_seed003_children_under_both_classes(tmp_path: Path) -> None:
    """``30102 津贴补贴 47.08`` and ``30240 税金及附加费用 0.04`` — one under each damaged 类 — read at their print."""
    text, res = _extract(tmp_path, S003, "damaged_apart_s9/rapidocr_seed003_heavy_06_drawG.txt")
    got = {f.row: f for f in res.facts if f.table == "basic_by_economic"}
    for row, value in (("30102", "47.08"), ("30240", "0.04")):
        span = got[row].span
        assert got[row].value == value and span is not None and text[span[0] : span[1]] == value


def test_two_damaged_rows_under_one_class_stay_unread(tmp_path: Path) -> None:
    """Damage a second figure under 301 (``30108 … 35.97`` → ``3597``): two unknown rows under one sum leave its
    other figures unchecked, so they are not read on the strength of the other 类 — nothing is read wrong."""
    _, res = _extract(tmp_path, S003, "damaged_apart_s9/rapidocr_seed003_heavy_06_drawG.txt", ("35.97\n", "3597\n"))
    gold = _golden(S003, BASIC)
    read = {(f.table, f.row, f.col): f.value for f in res.facts if f.table == "basic_by_economic"}
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert ("basic_by_economic", "30102", "决算数") not in read


def test_a_total_whose_figure_was_lost_is_unknown_not_zero(tmp_path: Path) -> None:
    """tesseract printed ``公用经费`` / ``合计`` with no figure: now that 302 is read, the checks must not compare it
    with 公用经费合计 as 0 (``0 ≠ 302 = 105.62``), nor 05's 基本支出 with 人员经费合计 alone — the total is unknown."""
    _, res = _extract(tmp_path, S002, "damaged_apart_s9/tesseract_seed002_light_06.txt")
    assert ("basic_by_economic", "302", "决算数") in {(f.table, f.row, f.col) for f in res.facts}
    false = [f for f in res.flags if f.check in ("economic.subtotals", "cross.basic_vs_economic")]
    assert false == []
