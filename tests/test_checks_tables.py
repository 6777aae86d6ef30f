"""Statement, cross-table and 三公 checks: clean seeds stay clean, corrupted copies are caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.checks import catalogue
from extractor.pipeline import process
from extractor.schemas.flags import Flag
from tests.conftest import SEED_IDS, TABLE_SEEDS, seed_path, seed_result

SEED_000 = "000_d2cac5324267c124"
SEED_002 = "002_846b8c47d01900a7"
SEED_003 = "003_9ee8868df83b9797"
IDS = {
    "summary.income",
    "summary.expenditure",
    "summary.balance",
    "fiscal.income",
    "fiscal.fund_columns",
    "fiscal.expenditure",
    "fiscal.balance",
    "cross.summary_vs_code_tables",
    "cross.income_vs_expenditure",
    "cross.fiscal_vs_fund_tables",
    "cross.general_budget_vs_expenditure",
    "cross.basic_vs_economic",
    "cross.economic_vs_three_public",
    "three_public.sum",
    "three_public.prose",
}


def _mine(flags: list[Flag]) -> list[Flag]:
    return [f for f in flags if f.check in IDS]


def _keys(flag: Flag) -> set[tuple[str, str, str]]:
    return {(x.table, x.row, x.col) for x in flag.facts}


def _corrupt(tmp_path: Path, doc: str, *edits: tuple[str, str]) -> list[Flag]:
    text = seed_path(doc).read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    p = tmp_path / f"{doc}.txt"
    p.write_text(text, encoding="utf-8")
    return process(p).flags


def _errors_of(flags: list[Flag], check: str) -> list[Flag]:
    return [f for f in flags if f.check == check and f.severity == "error"]


def test_checks_are_registered_in_their_families() -> None:
    specs = {s.id: s for s in catalogue()}
    assert set(specs) >= IDS
    assert {specs[i].family for i in IDS} == {"statements", "cross_table", "three_public"}
    for i in IDS:
        assert specs[i].description and specs[i].tolerance and specs[i].severity == "error"


# -- clean seeds -------------------------------------------------------------------------------------
@pytest.mark.parametrize("doc", [SEED_002, SEED_003])
def test_clean_seeds_have_no_errors(doc: str) -> None:
    assert [f.message for f in _mine(seed_result(doc).flags) if f.severity != "info"] == []


@pytest.mark.parametrize("doc", [d for d in SEED_IDS if d not in TABLE_SEEDS])
def test_reports_without_tables_yield_nothing(doc: str) -> None:
    assert _mine(seed_result(doc).flags) == []


def test_seed_002_one_cent_class_differences_are_info() -> None:
    flags = _mine(seed_result(SEED_002).flags)
    by_keys = {frozenset(_keys(f)): f for f in flags}
    science = by_keys[frozenset({("summary", "科学技术支出", "金额"), ("expenditure", "206", "本年支出合计")})]
    assert science.check == "cross.summary_vs_code_tables" and science.severity == "info"
    assert (science.found, science.expected) == ("619.33", "619.32") and "尾差" in science.message
    social = by_keys[frozenset({("summary", "社会保障和就业支出", "金额"), ("expenditure", "208", "本年支出合计")})]
    assert social.severity == "info"
    fiscal = by_keys[
        frozenset({("fiscal_summary", "科学技术支出", "一般公共预算财政拨款"), ("general_budget", "206", "合计")})
    ]
    assert fiscal.check == "cross.fiscal_vs_fund_tables" and fiscal.severity == "info"
    [total] = [f for f in flags if f.check == "summary.expenditure"]
    assert total.severity == "info" and total.found == "851.17" and total.expected == "851.16"
    assert ("summary", "住房保障支出", "金额") in _keys(total)
    assert {f.check for f in flags if f.check.startswith("fiscal.")} == {"fiscal.expenditure"}
    assert all(f.severity == "info" for f in flags)


def test_seed_003_tables_and_prose_agree() -> None:
    # wide 三公 table with 公务接待费 0.26 and 三公经费预算 2.60 in prose: nothing to flag
    assert _mine(seed_result(SEED_003).flags) == []


def test_seed_000_truncated_public_expense_breaks_basic_expenditure() -> None:
    flags = _mine(seed_result(SEED_000).flags)
    [err] = [f for f in flags if f.severity == "error"]
    assert err.check == "cross.basic_vs_economic"
    assert err.found == "1070.89" and err.expected == "1070.82"
    assert _keys(err) == {
        ("general_budget", "合计", "基本支出"),
        ("basic_by_economic", "人员经费合计", "决算数"),
        ("basic_by_economic", "公用经费合计", "决算数"),
    }
    assert all(x.span is not None for x in err.facts)
    [info] = [f for f in flags if f.severity == "info"]  # Σ 06 classes 1070.90 vs 1070.89
    assert info.check == "cross.basic_vs_economic" and info.expected == "1070.90"


# -- corrupted copies: each check fires as an error naming the corrupted fact ----------------------
SUMMARY_TOTALS = "本年收入合计\t27\t851.17\t本年支出合计\t58\t851.17"
SUMMARY_GRAND = "总计\t31\t851.17\t总计\t62\t851.17"
FISCAL_TOTALS = "本年收入合计\t27\t851.17\t本年支出合计\t59\t851.17\t851.17"
FISCAL_GRAND = "总计\t32\t851.17\t总计\t64\t851.17\t851.17"

CASES = [
    # (check, edits, corrupted fact)
    (
        "summary.income",
        [(SUMMARY_TOTALS, "本年收入合计\t27\t815.17\t本年支出合计\t58\t851.17")],
        ("summary", "本年收入合计", "金额"),
    ),
    (
        "summary.expenditure",
        [(SUMMARY_TOTALS, "本年收入合计\t27\t851.17\t本年支出合计\t58\t851.71")],
        ("summary", "本年支出合计", "金额"),
    ),
    (
        "summary.expenditure",
        [("六、科学技术支出\t37\t619.33", "六、科学技术支出\t37\t691.33")],
        ("summary", "科学技术支出", "金额"),
    ),
    ("summary.balance", [(SUMMARY_GRAND, "总计\t31\t851.17\t总计\t62\t852.17")], ("summary", "支出总计", "金额")),
    (
        "fiscal.income",
        [(FISCAL_TOTALS, "本年收入合计\t27\t850.17\t本年支出合计\t59\t851.17\t851.17")],
        ("fiscal_summary", "本年收入合计", "金额"),
    ),
    (
        "fiscal.fund_columns",
        [("六、科学技术支出\t38\t619.33\t619.33", "六、科学技术支出\t38\t691.33\t619.33")],
        ("fiscal_summary", "科学技术支出", "合计"),
    ),
    (
        "fiscal.expenditure",
        [(FISCAL_TOTALS, "本年收入合计\t27\t851.17\t本年支出合计\t59\t851.17\t815.17")],
        ("fiscal_summary", "本年支出合计", "一般公共预算财政拨款"),
    ),
    (
        "fiscal.balance",
        [(FISCAL_GRAND, "总计\t32\t850.17\t总计\t64\t851.17\t851.17")],
        ("fiscal_summary", "收入总计", "金额"),
    ),
    (
        "cross.summary_vs_code_tables",
        [("六、科学技术支出\t37\t619.33", "六、科学技术支出\t37\t629.33")],
        ("summary", "科学技术支出", "金额"),
    ),
    (
        # one cent on a 项 is an error: the same printed figure in 02 and 03 must agree exactly
        "cross.income_vs_expenditure",
        [("2060501\t机构运行\t304.14\t304.14", "2060501\t机构运行\t304.15\t304.15")],
        ("income", "2060501", "本年收入合计"),
    ),
    (
        "cross.fiscal_vs_fund_tables",
        [("六、科学技术支出\t38\t619.33\t619.33", "六、科学技术支出\t38\t629.33\t629.33")],
        ("fiscal_summary", "科学技术支出", "一般公共预算财政拨款"),
    ),
    (
        "cross.general_budget_vs_expenditure",
        [("2060501\t机构运行\t304.14\t304.14\t0.00", "2060501\t机构运行\t304.15\t304.15\t0.00")],
        ("general_budget", "2060501", "合计"),
    ),
    (
        "cross.basic_vs_economic",
        [("人员经费合计\t\t697.48", "人员经费合计\t\t679.48")],
        ("basic_by_economic", "人员经费合计", "决算数"),
    ),
    (
        "cross.economic_vs_three_public",
        [("30231\t公务用车运行维护费\t3.65", "30231\t公务用车运行维护费\t5.65")],
        ("basic_by_economic", "30231", "决算数"),
    ),
    ("three_public.sum", [("合 计\t5.74\t3.65", "合 计\t5.74\t3.56")], ("three_public", "合计", "决算数")),
    (
        "three_public.sum",
        [("其中：（1）公务用车运行维护费\t5.74\t3.65", "其中：（1）公务用车运行维护费\t5.74\t3.56")],
        ("three_public", "公务用车运行维护费", "决算数"),
    ),
    (
        "three_public.prose",
        [("“三公”经费支出 3.65 万元", "“三公”经费支出 3.56 万元")],
        ("narrative", "三公经费支出", "金额"),
    ),
    (
        "three_public.prose",
        [("公务用车运行维护费 3.65 万元", "公务用车运行维护费 3.75 万元")],
        ("narrative", "公务用车运行维护费", "金额"),
    ),
]


@pytest.mark.parametrize(("check", "edits", "key"), CASES, ids=[f"{c[0]}-{c[2][1]}" for c in CASES])
def test_a_corrupted_figure_is_an_error(
    tmp_path: Path, check: str, edits: list[tuple[str, str]], key: tuple[str, str, str]
) -> None:
    flags = _corrupt(tmp_path, SEED_002, *edits)
    hits = [f for f in _errors_of(flags, check) if key in _keys(f)]
    assert hits, [f.message for f in flags if f.check == check]
    for f in hits:
        assert all(x.value is None or x.span is not None for x in f.facts)


def test_three_public_prose_on_the_wide_table(tmp_path: Path) -> None:
    [fact] = [f for f in seed_result(SEED_003).facts if (f.table, f.row) == ("narrative", "公务接待费")]
    text = seed_path(SEED_003).read_text(encoding="utf-8")
    assert fact.span is not None
    start, end = fact.span
    assert text[start:end] == "0.26"
    p = tmp_path / f"{SEED_003}.txt"
    p.write_text(text[:start] + "0.62" + text[end:], encoding="utf-8")
    [err] = _errors_of(process(p).flags, "three_public.prose")
    assert _keys(err) == {("narrative", "公务接待费", "金额"), ("three_public", "公务接待费", "决算数")}


def test_economic_items_below_three_public_are_fine(tmp_path: Path) -> None:
    # 06 covers 基本支出 only: a smaller 30231 than the 三公 决算数 is expected, not flagged
    flags = _corrupt(tmp_path, SEED_002, ("30231\t公务用车运行维护费\t3.65", "30231\t公务用车运行维护费\t1.65"))
    assert not [f for f in flags if f.check == "cross.economic_vs_three_public"]


def test_income_vs_expenditure_is_skipped_with_carry_over(tmp_path: Path) -> None:
    flags = _corrupt(
        tmp_path,
        SEED_002,
        ("2060501\t机构运行\t304.14\t304.14", "2060501\t机构运行\t304.15\t304.15"),
        ("年初结转和结余\t29\t\t年末结转和结余\t60\t", "年初结转和结余\t29\t10.00\t年末结转和结余\t60\t10.00"),
    )
    assert not [f for f in flags if f.check == "cross.income_vs_expenditure"]
    # the carry-over enters both 总计 rows, so 01's own identities now break
    assert _errors_of(flags, "summary.income") and _errors_of(flags, "summary.expenditure")
