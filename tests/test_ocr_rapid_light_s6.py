"""RapidOCR text of light scans (sixth stop): what draw C's losses showed, read from the tables' structure.

* **A row misread into clean-looking figures beside a damaged one.** ``20601 科学技术管理事务 39.98 3998`` for
  398.98 398.98: the OCR that lost a point in ``3998`` lost a digit of ``398.98`` too, and the row's own identity
  (合计 = 基本支出 + 项目支出) accepts 39.98 twice — only the column identities (206 = 20601 + 20607) fail, so
  no row was taken as misread and the whole table was withdrawn. A row printing a figure with no clean reading
  is what the failure points at: with it left out (its cells eliminated from the identities) every identity
  holds, and the figures an identity then checks are read.
* **A 类 the national list lacks** (``389 其他对个人和家庭的补助`` for 30399) is no row of its own: its figure is
  unread, and the row may be any code of that name under the codes above, so its parent's identity is open.
* **A 三公 item label wrapped around its figures** (``其中：(1)公务用车运行维护`` / ``5.74`` / ``3.65`` / ``费``).
* **The other group's short name after a row read by its name** (table 06's two groups side by side: ``电费`` is
  30206's whole official name, not more of 30108's label).

The excerpts are the engines' real text (draws A, B and C of seeds 000, 002, 003 and ghzy), committed as they
wrote them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import reads_as
from extractor.pipeline import DocResult
from extractor.readers.placement import Equation, Num, Reading, Unit, solve
from tests.test_ocr_light_gaps import _all_right, _run
from tests.test_ocr_skew_rows import Values, _golden, _read

SEED000, SEED002, SEED003 = "000_d2cac5324267c124", "002_846b8c47d01900a7", "003_9ee8868df83b9797"
GHZY = "shanghai_putuo_ghzy_2024"


def _right(res: DocResult, text: str, doc: str, table: str) -> Values:
    """The table's values read: none wrong, each at its print."""
    read, gold = _read(res, {table}), _golden(doc, {table})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)
    return read


def test_a_row_with_a_damaged_figure_is_left_out_when_the_rest_holds(tmp_path: Path) -> None:
    """Seed 003's table 05 (draw C): 20601 prints ``39.98 3998`` for 398.98 398.98 and 20899 ``860 0.98`` for
    0.98 0.98. Before, 6 of its 48 values were read (the rest withdrawn: no placement held); then 44, every one
    right — 20601's and 20899's figures left out, with the reason; since the seventeenth stop all 48, the damaged
    prints repaired where table 03's figures for the same cells and the identities vouch (``_lost_digits``),
    each marked repaired with its print."""
    res, text = _run(tmp_path, SEED003, "s6_rapidocr_seed003_general_c.txt")
    read = _right(res, text, SEED003, "general_budget")
    assert len(read) == 48
    table = next(t for t in res.extraction.model_dump(mode="json")["tables"] if t["table"] == "general_budget")
    row = next(r for r in table["rows"] if r["row"] == "20601")["cells"]
    assert (row["合计"]["repaired_from"], row["基本支出"]["repaired_from"]) == ("39.98", "3998")


def _rows(printed: list[Num]) -> tuple[list[Unit], list[Equation]]:
    """A 类 ``1`` of 款 ``11`` (项 ``111``, ``112``) and ``12``, three columns (合计 = 基本 + 项目); 款 11 prints
    ``printed`` for 40.00 40.00, the 项 print two figures each: whether the second is 基本 or 项目 only the
    column identities tell."""
    cols = ["合计", "基本", "项目"]

    def unit(key: str, at: int, *cents: int) -> Unit:
        nums = [Num(at + 6 * k, at + 6 * k + 5, f"{c / 100:.2f}", c) for k, c in enumerate(cents)]
        return Unit(key, nums, [(key, c) for c in cols])

    units = [unit("1", 0, 6000, 5000, 1000), Unit("11", printed, [("11", c) for c in cols])]
    units += [unit("111", 40, 3000, 3000), unit("112", 60, 1000, 1000), unit("12", 80, 2000, 1000, 1000)]
    eqs = [Equation(("1", c), ((1, ("11", c)), (1, ("12", c))), f"1 = 11 + 12 ({c})") for c in cols]
    eqs += [Equation(("11", c), ((1, ("111", c)), (1, ("112", c))), f"11 = 111 + 112 ({c})") for c in cols]
    row = "合计 = 基本 + 项目"
    eqs += [Equation((u.key, "合计"), ((1, (u.key, "基本")), (1, (u.key, "项目"))), row) for u in units]
    return units, eqs


def test_only_the_row_printing_damage_is_left_out() -> None:
    """``4.00 400`` (40.00 with a digit and a point lost) fits its row but not the 类: left out, 1 = 111 + 112 +
    12 still holds and tells the 项's columns — they are read. Two clean misread figures (``4.00 4.00``) point
    at no row: the 项 are withdrawn as before."""
    lost = Num(20, 23, "400", 400, readings=(Reading(400, repaired=True),), optional=True)
    units, eqs = _rows([Num(14, 18, "4.00", 400), lost])
    out = solve(units, eqs, distrust=True)
    items = [n for u in units if u.key in ("111", "112") for n in u.nums]
    assert [out.placed[id(n)][0][1] for n in items] == ["合计", "基本", "合计", "基本"]
    assert all(id(n) not in out.placed for n in units[1].nums)
    units, eqs = _rows([Num(14, 18, "4.00", 400), Num(20, 24, "4.00", 400)])
    out = solve(units, eqs, distrust=True)
    assert all(id(n) not in out.placed for u in units if u.key in ("111", "112") for n in u.nums)


@pytest.mark.parametrize("name", ["rapidocr_seed000_basic_c.txt", "rapidocr_rows_seed000_basic_c.txt"])
def test_a_class_the_national_list_lacks_is_no_row(tmp_path: Path, name: str) -> None:
    """Seed 000's table 06 (draw C, both engines) prints ``389 其他对个人和家庭的补助 117.67`` for 30399: before, a
    row 389 was emitted with 117.67 (and 303's four 款 withdrawn, 303 = Σ children failing); now 117.67 is unread
    and 303's 款 are read."""
    res, text = _run(tmp_path, SEED000, f"s6_{name}")
    read = _right(res, text, SEED000, "basic_by_economic")
    assert not any(row == "389" for _, row, _ in read)
    assert {row for _, row, _ in read} >= {"30301", "30302", "30304", "30305"}
    why = [u.reason for u in res.extraction.unread if u.claim == "117.67"]
    assert why and all("30399" in w for w in why), why


@pytest.mark.parametrize(
    ("doc", "name"), [(SEED002, "rapidocr_seed002_three_c.txt"), (SEED000, "rapidocr_seed000_three_a.txt")]
)
def test_a_three_public_label_wrapped_around_its_figures(tmp_path: Path, doc: str, name: str) -> None:
    """Table 09 whose ``其中：(1)公务用车运行维护 … 费`` wraps around its figures (seed 002 draw C, seed 000 draw
    A): before, 公务用车购置及运行费 took both rows' four figures and neither was read; now all six values are."""
    res, text = _run(tmp_path, doc, f"s6_{name}")
    _all_right(res, text, doc, "three_public")


@pytest.mark.parametrize("name", ["s6_rapidocr_rows_ghzy_basic_a.txt", "s6_rapidocr_rows_ghzy_basic_b.txt"])
def test_a_short_name_of_the_other_group_after_a_row_read_by_its_name(tmp_path: Path, name: str) -> None:
    """ghzy's table 06 (rows rebuilt from RapidOCR's boxes, draws A and B) prints a tall row's left name above its
    code, with the right group's name and figure on its line (``机关事业单位基本养老保 电费 18.86`` / ``30108
    446.11 30206`` / ``险缴费``). 30108, read by its name, took ``电费 18.86`` for its own, no identity held and
    26 of the table's 33 values were withdrawn; ``电费`` is 30206's whole official name, another row's — every
    value is read now."""
    res, text = _run(tmp_path, GHZY, name)
    _all_right(res, text, GHZY, "basic_by_economic")
