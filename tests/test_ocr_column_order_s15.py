"""Figures read among the rows printed near them keep each column's order down the rows.

An OCR engine lists a skewed page's boxes by height. Every box of one column sits at one distance from the page's
left edge, so a rotation raises or lowers them alike: down a column, the figures print in their rows' order,
however far the rows' other boxes move past them. Where a code table is read with each figure floating among the
rows whose labels are printed nearest it (``_boxed_code``), that order is what tells sibling rows apart — their
pairs fit the parent's sum whichever sibling takes which.

czj's tables 02 and 03 as RapidOCR printed them from the heavy scan of draw L (held out when it was drawn;
committed as the engine printed it, in tests/data/rows_untold_s14): table 02 read 1 of 45 values, table 03 31 of
44. Each row's 其他收入 box sits highest of its row and is listed first (``6.20`` / ``2,112.86`` / ``2,106.66`` /
``一般公共服务支出``), 行政运行's ``0.01`` even ahead of 财政事务's code, and 208's and 20805's pairs print after
the next row's name. Both now read whole, nothing wrong.

The second document is seed 003's table 02 (its 206 section's figures), placed directly: seven rows, each pair of
figures floating among the rows printed around it, as ``_boxed_windows`` leaves them. 2060101 and 2060199 (and
2060702, 2060705) fit 20601's (20607's) sums either way round; only the column order says which is which.
"""

from __future__ import annotations

from pathlib import Path

from extractor.readers.placement import Equation, Num, Unit, solve
from tests.test_ocr_skew_rows import Values, _read_copy

DATA = Path(__file__).resolve().parent / "data"
CZJ = "shanghai_putuo_czj_2024"
COLS = ("本年收入合计", "财政拨款收入")


def _czj(tmp_path: Path, table: str) -> tuple[Values, Values]:
    return _read_copy(tmp_path, DATA / "rows_untold_s14" / "L_rapidocr_czj_heavy.txt", CZJ, {table})


def test_a_skewed_table_02_is_read_whole_where_its_right_column_leads_each_row(tmp_path: Path) -> None:
    read, gold = _czj(tmp_path, "income")
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert len(read) == len(gold) == 45  # was 1
    assert read[("income", "2010601", "其他收入")] == "0.01"  # printed ahead of 财政事务's code
    assert read[("income", "2080501", "本年收入合计")] == "84.65"  # printed after 20805's name


def test_table_03_of_the_same_scan_is_read_whole(tmp_path: Path) -> None:
    read, gold = _czj(tmp_path, "expenditure")
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert len(read) == len(gold) == 44  # was 31


def _seed003_section() -> tuple[list[Unit], list[Equation]]:
    """Seed 003's table 02, class 206: each row's pair printed after its label, floating among the rows from the
    one above it to two below it (a figure's own label is among the two before it or the two after it)."""
    rows = [
        ("206", 53843),
        ("20601", 39898),
        ("2060101", 18740),
        ("2060199", 21158),
        ("20607", 13945),
        ("2060702", 9880),
        ("2060705", 4065),
    ]
    units = [Unit(key=k, nums=[], slots=[(k, c) for c in COLS], picks=True) for k, _ in rows]
    for i, (_, cents) in enumerate(rows):
        text = f"{cents // 100}.{cents % 100:02d}"
        for j in range(2):
            at = 100 * i + 10 * (j + 1)
            num = Num(at, at + len(text), text, cents, floating=True)
            for u in units[max(0, i - 1) : i + 3]:
                u.nums.append(num)
    tree = {"206": ["20601", "20607"], "20601": ["2060101", "2060199"], "20607": ["2060702", "2060705"]}
    eqs = [Equation((k, COLS[0]), ((1, (k, COLS[1])),), f"{k} row") for k, _ in rows]
    eqs += [
        Equation((p, c), tuple((1, (k, c)) for k in kids), f"{p} = Σ {c}") for p, kids in tree.items() for c in COLS
    ]
    return units, eqs


def test_siblings_that_fit_their_parent_either_way_take_their_own_figures_by_column_order() -> None:
    units, eqs = _seed003_section()
    out = solve(units, eqs, {("206", COLS[0]): 53843}, distrust=True)
    placed = {slot: num.text for u in units for num in u.nums if (slot := out.placed.get(id(num), (None,))[0])}
    expected = {"2060101": "187.40", "2060199": "211.58", "2060702": "98.80", "2060705": "40.65", "20601": "398.98"}
    for row, value in expected.items():
        for col in COLS:
            assert placed.get((row, col)) == value, (row, col)
    assert not out.failed
