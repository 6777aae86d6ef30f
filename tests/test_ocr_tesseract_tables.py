"""tesseract's plain text of the standard tables (``tesseract page.png out -l chi_sim``): the damage it does that
costs whole tables or lends one row's figures to another, each kind on two documents.

Most texts are a seed's table printed as tesseract prints it — cells a run of spaces apart — with one kind of
damage applied; the table-06 texts whose codes tesseract lost are excerpts of its text of a corpus report. Every
value read must be the golden one; what the damage hides stays unread, never guessed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from eval.scans import seed_tables
from extractor.codes import codebook
from extractor.export import load_facts
from extractor.pipeline import DocResult
from extractor.template import match_title
from tests.test_ocr_text import _amount
from tests.test_ocr_text import _run as _read

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "eval" / "seeds"
GOLDEN = ROOT / "eval" / "golden"
S000, S002 = "000_d2cac5324267c124", "002_846b8c47d01900a7"
TWO = [S000, S002]
CZJ = "shanghai_putuo_czj_2024"


def _text(
    seed: str,
    kind: str,
    *,
    title: str | None = None,
    marker: bool = True,
    cells: dict[str, dict[int, str]] | None = None,
    after: dict[str, str] | None = None,
    gap: str = "   ",
) -> str:
    """A seed's table ``kind`` as tesseract prints it: ``title`` instead of the printed one, the ``公开NN表``
    marker left out (``marker``), cells rewritten (a cell of the row → {cell index → text}), lines inserted
    after rows (first cell of the row → line), cells ``gap`` apart."""
    ((heads, rows),) = seed_tables(SEEDS / f"{seed}.txt", [kind])
    lines = [title or heads[0], *(h for h in heads[1:] if marker or "公开" not in h)]
    for row in rows:
        new = next((v for k, v in (cells or {}).items() if k in row), {})
        printed = [new.get(k, c) for k, c in enumerate(row)]
        lines.append(gap.join(c for c in printed if c))
        if row[0] in (after or {}):
            lines.append((after or {})[row[0]])
    return "\n".join(lines) + "\n"


@cache
def _golden(doc: str) -> dict[tuple[str, str, str], str]:
    folder = GOLDEN if doc[0].isdigit() else GOLDEN / "corpus"
    return {(f.table, f.row, f.col): f.value for f in load_facts(folder) if f.doc == doc}


def _facts(res: DocResult, table: str) -> dict[tuple[str, str], str]:
    return {(f.row, f.col): f.value for f in res.facts if f.table == table}


def _wrong(res: DocResult, doc: str, table: str) -> list[tuple[str, str, str]]:
    """Facts of ``table`` that are not the golden value (a zero the golden file leaves out is no error)."""
    gold = _golden(doc)
    return [
        (row, col, v)
        for (row, col), v in _facts(res, table).items()
        if gold.get((table, row, col)) != v and not (float(v) == 0 and (table, row, col) not in gold)
    ]


def _reads(res: DocResult, seed: str, table: str, cells: list[tuple[str, str]]) -> None:
    """``cells`` (row, column) of ``table`` are read as the golden values, and nothing of it is read wrong."""
    read = _facts(res, table)
    for row, col in cells:
        assert read.get((row, col)) == _golden(seed)[(table, row, col)], (row, col)
    assert not _wrong(res, seed, table)


# ---------------------------------------------------------------------------------------------
# Damage that cost a whole table


def test_a_long_title_with_characters_too_many_is_found() -> None:
    """tesseract reads a gap in a title as a character (``和``); a long title is found by edit distance."""
    found = match_title("一般公共和预算财政拨款支出决算和表")
    assert found is not None and found.table == "general_budget"
    assert match_title("一般公共预算财政拨款基本支出决算和表").table == "basic_by_economic"  # type: ignore[union-attr]
    assert match_title("收入决算和表") is None  # a short title: no character to spare (收入决算表, 支出决算表)


@pytest.mark.parametrize("seed", TWO)
def test_a_table_under_a_title_with_characters_too_many_is_read(tmp_path: Path, seed: str) -> None:
    text = _text(seed, "general_budget", title="一般公共和预算财政拨款支出决算和表", marker=False)
    res = _read(tmp_path, seed, text)
    read = _facts(res, "general_budget")
    golden = [k for k in _golden(seed) if k[0] == "general_budget"]
    assert len(read) >= len(golden) // 2 and not _wrong(res, seed, "general_budget")


@pytest.mark.parametrize("seed", TWO)
def test_comma_specks_a_run_of_spaces_apart_do_not_end_a_table(tmp_path: Path, seed: str) -> None:
    """``，、      ，`` (specks of a ruling line) is no clause of prose: the rows below it are still the table's."""
    clean = _facts(_read(tmp_path, seed, _text(seed, "expenditure")), "expenditure")
    specks = _text(seed, "expenditure", after={"206": "             ，、                          ，      "})
    res = _read(tmp_path, seed, specks)
    assert _facts(res, "expenditure") == clean and ("221", "本年支出合计") in clean


@pytest.mark.parametrize(("seed", "digit"), [(S000, "1"), (S002, "1"), (S000, "9")])
def test_a_ruling_line_read_as_a_digit_beside_a_code_keeps_its_row(tmp_path: Path, seed: str, digit: str) -> None:
    """``206 1 1550.75 …`` (its name lost): the 1 is the ruling line (a 9 a speck), not a 栏次 run that unmakes
    the code."""
    res = _read(tmp_path, seed, _text(seed, "expenditure", cells={"206": {0: f"206   {digit}", 1: ""}}))
    read = _facts(res, "expenditure")
    assert ("206", "本年支出合计") in read and not _wrong(res, seed, "expenditure")


# ---------------------------------------------------------------------------------------------
# Repairs the identities confirm


@pytest.mark.parametrize(("seed", "row"), [(S000, "2210203"), (S002, "2210201")])
def test_a_figure_printed_with_a_space_for_its_point_is_repaired(tmp_path: Path, seed: str, row: str) -> None:
    """``17 33``: two digits a space after a whole number on a label's line — 17.33, where an identity says so."""
    value = _golden(seed)[("general_budget", row, "基本支出")]
    spaced = value.replace(".", " ")
    res = _read(tmp_path, seed, _text(seed, "general_budget", cells={row: {3: spaced}}))
    got = _amount(res, "general_budget", row, "基本支出")
    assert got is not None and str(got.value) == value and got.repaired_from == spaced
    assert not _wrong(res, seed, "general_budget")


@pytest.mark.parametrize("seed", TWO)
def test_a_total_over_three_rows_stands_where_a_damaged_child_fails_its_parent(tmp_path: Path, seed: str) -> None:
    """30109's and 30201's figures damaged beyond reading (``:33``): 301 = Σ children cannot hold, but 人员经费合计
    = 301 + 303 holds with three printed figures — they stand; 301's children stay unread."""
    gold = _golden(seed)
    a, b = gold[("basic_by_economic", "30109", "决算数")], gold[("basic_by_economic", "30201", "决算数")]
    damaged = {"30109": {2: ":" + a[-2:]}, "30101": {5: ":" + b[-2:]}}  # (30201 is printed beside 30101)
    res = _read(tmp_path, seed, _text(seed, "basic_by_economic", cells=damaged))
    _reads(res, seed, "basic_by_economic", [(row, "决算数") for row in ("301", "303", "人员经费合计")])
    assert ("30109", "决算数") not in _facts(res, "basic_by_economic")


@pytest.mark.parametrize("seed", TWO)
def test_an_item_row_starts_at_a_damaged_figure(tmp_path: Path, seed: str) -> None:
    """三公 printed one item a line: ``合 计 3 00 1.81`` and ``公务用车购置及运行费 3 00 1.81`` (points read as
    spaces) still start their items' rows (with one row left, the table would be taken for the wide layout)."""
    ((_, rows),) = seed_tables(SEEDS / f"{seed}.txt", ["three_public"])
    lost = {r[0]: {1: r[1].replace(".", " ")} for r in rows if "购置及运行" in r[0] or "合" in r[0]}
    res = _read(tmp_path, seed, _text(seed, "three_public", cells=lost))
    _reads(res, seed, "three_public", [("公务用车运行维护费", "决算数")])


# ---------------------------------------------------------------------------------------------
# Table 06 when tesseract loses codes: no figure lent to another row (excerpts of a corpus report's text)

#: tesseract's text of the corpus report's table 06 (light scan): codes lost, rows of the two groups interleaved
CZJ_06 = """一般公共预算财政拨款基本支出决算表

单位，万元

经济分类                                          经济分类

科目编码               科目名称              闫站数 | 个昌且可            科目名称          决算数
301           工资福利支出                  2,082.85     302           商品和服务支出           1 7于07
0                      262 33      2                   21.21
|                   123858 | 32 | oa | 印届缆                 7.61
2 | 中 |                                 | 00 |

301         0 | ，信让品生                                    302         04 | 手续费                   0.09
301     |                                 302     0 | 人
301     08   1      302     06 | 直缆

，     “| 职业年金缴费                 80.38      5     07 | 邮电缆                 4.88
301 | 了0 | 职工基本医疗保险缴费          6099 | “” | o8 |取暖妆

| |公务员医疗补助缴费                     | 虽 | 多管理
了1 | 玫 | 其他社会保障缴费              1 | |                  120
301    13 | 住房公积金               187.19 0

0 | 玫 | =                          | 1 | 准焦(护) 吕          2.83
301 | 89 | 其他工资福利支出             0 | | 4 |和二
          对个人和家庭的补助           GO

|                                     302      16 “| 培训费                    4.05
2                      69.10     17 “| 公务接待费
2                         “50” | 18 | 专用材料费
303     04 | 抚僵合                               302     24 | 被装购置费

5 ”| 55 | 专用燃料费
303    07 | 医疗痪补助                          302    26 | 劳务费                2.01
50 | | 2 | 27 | 委托业务更
303    几 | xs                     031     302    28 “| 工全经机              24.42
| 机 | 人人玫二二=让             ”| 2 | 福利炎         4277
303    11 | 代缴社会保险费                      302   ， 务用车运行维护
3035 | 8串 | 其他对个人和家庭的补助                302 | 39 | 其他交通费用          48.49
50” | 40 | 税金及附加费用
302   。 他商品和服务支  11 53
，     资本性支出       13.58
3 | ol | 房屋建筑物购建
510 | oz | 办公设备购置      13.58
迪142.26                                    184.65

公用经费合计
"""


def test_table_06_lends_no_figure_to_a_row_whose_code_was_lost(tmp_path: Path) -> None:
    """``32 | oa | 印届缆 7.61`` is no row 30232 (the dictionary knows no such code); ``302 商品和服务支出 1 7于07``
    prints a figure damaged beyond reading beside the 21.21 the text moved into its row, so 21.21 needs an identity;
    ``302 06 | 直缆`` then ``职业年金缴费 80.38``: 30109's name and figure, not 30206's."""
    res = _read(tmp_path, CZJ, CZJ_06)
    read = _facts(res, "basic_by_economic")
    assert read.get(("30109", "决算数")) == "80.38"
    assert all(row in codebook("economic") or "合计" in row for row, _ in read)
    assert len(read) >= 5 and not _wrong(res, CZJ, "basic_by_economic")


@pytest.mark.parametrize("seed", TWO)
def test_a_total_whose_label_lost_a_character_is_read(tmp_path: Path, seed: str) -> None:
    """``大员经费合计 940.22`` is 人员经费合计 (one character misread), not more of the last code row."""
    text = _text(seed, "basic_by_economic", cells={"人员经费合计": {0: "大员经费合计"}})
    _reads(_read(tmp_path, seed, text), seed, "basic_by_economic", [("人员经费合计", "决算数")])


@pytest.mark.parametrize("seed", TWO)
def test_specks_after_a_label_do_not_unmake_it(tmp_path: Path, seed: str) -> None:
    """``本年支出合计 邓 g. 59 …``: specks after a label of the template are no part of it — the row is still
    本年支出合计, and its figures are read."""
    text = _text(seed, "fiscal_summary", cells={"本年收入合计": {3: "本年支出合计   邓   g."}})
    _reads(_read(tmp_path, seed, text), seed, "fiscal_summary", [("本年支出合计", "合计")])


@pytest.mark.parametrize("seed", TWO)
def test_a_row_whose_figure_is_cut_is_unknown_and_the_rest_is_read(tmp_path: Path, seed: str) -> None:
    """``九、卫生健康支出 40 四,93``: the figure's tail after a decimal mark — damaged beyond reading, so the row
    is unknown, not blank; without it every other identity of table 01 holds, and its figures are read."""
    value = _golden(seed)[("summary", "卫生健康支出", "金额")]
    res = _read(tmp_path, seed, _text(seed, "summary", cells={"九、卫生健康支出": {5: "四," + value[-2:]}}))
    _reads(res, seed, "summary", [(row, "金额") for row in ("本年支出合计", "支出总计", "社会保障和就业支出")])
    assert ("卫生健康支出", "金额") not in _facts(res, "summary")


@pytest.mark.parametrize("seed", TWO)
def test_two_figures_printed_without_a_gap_are_two(tmp_path: Path, seed: str) -> None:
    """``718.64832.11``: two figures of two decimals with no gap (four digits between the points: no thousands
    group) — 718.64 and 832.11, each from its own printed characters."""
    ((_, rows),) = seed_tables(SEEDS / f"{seed}.txt", ["general_budget"])
    row = next(r for r in rows if r[0] == "206")
    res = _read(tmp_path, seed, _text(seed, "general_budget", cells={"206": {3: row[3] + row[4], 4: ""}}))
    gold = _golden(seed)
    for col in ("基本支出", "项目支出"):
        got = _amount(res, "general_budget", "206", col)
        assert got is not None and str(got.value) == gold[("general_budget", "206", col)] and got.text in row, col
    assert not _wrong(res, seed, "general_budget")


@pytest.mark.parametrize(("seed", "row"), [(S000, "21011"), (S002, "20805")])
def test_a_line_of_a_code_and_figures_is_a_row(tmp_path: Path, seed: str, row: str) -> None:
    """``21011      21.93      21.93      0.00`` (its name lost, columns a run of spaces apart): a row of its own,
    not figures of a multi-line cell to give to the line above."""
    res = _read(tmp_path, seed, _text(seed, "general_budget", cells={row: {1: ""}}, gap="      "))
    _reads(res, seed, "general_budget", [(row, "合计"), (row, "基本支出")])
