"""Prose families (narrative, performance, completeness, wording) on the seeds and on corrupted copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.checks import run_checks
from extractor.pipeline import process
from tests.conftest import seed_path, seed_result

PROSE = ("narrative", "performance", "completeness", "wording")


def _prose_flags(flags: list) -> list:
    return [f for f in flags if f.check.split(".")[0] in PROSE]


def _corrupt(tmp_path: Path, doc: str, old: str, new: str) -> list:
    text = seed_path(doc).read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    p = tmp_path / f"{doc}.txt"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return process(p).flags


def _involves(flag, table: str, row: str, col: str | None = None) -> bool:
    return any(x.table == table and x.row == row and (col is None or x.col == col) for x in flag.facts)


def _new(flags: list, doc: str) -> list:
    """Flags a corrupted copy raises that the clean seed does not."""
    clean = {(f.check, f.message) for f in seed_result(doc).flags}
    return [f for f in flags if (f.check, f.message) not in clean]


# -- the clean seeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", ["002_846b8c47d01900a7", "003_9ee8868df83b9797"])
def test_clean_seeds_have_no_prose_errors(doc: str) -> None:
    assert [f for f in _prose_flags(seed_result(doc).flags) if f.severity == "error"] == []


def test_clean_seed_warnings_are_the_genuine_ones() -> None:
    warnings_002 = [f for f in _prose_flags(seed_result("002_846b8c47d01900a7").flags) if f.severity == "warning"]
    assert [(f.check, f.found, f.expected) for f in warnings_002] == [("performance.rate", "94.06", "94.12")]
    assert _prose_flags(seed_result("003_9ee8868df83b9797").flags) == []


def test_seed_000_prose_vs_tables() -> None:
    flags = _prose_flags(seed_result("000_d2cac5324267c124").flags)
    [basic] = [f for f in flags if f.check == "narrative.restates_table" and _involves(f, "general_budget", "合计")]
    assert basic.severity == "info" and basic.found == "1070.90" and basic.expected == "1070.89"
    [public] = [f for f in flags if f.check == "narrative.restates_table" and _involves(f, "narrative", "公用经费")]
    assert public.severity == "error" and public.expected == "130.6"
    [office] = [f for f in flags if f.check == "narrative.office_costs"]
    assert office.severity == "error" and _involves(office, "narrative", "机关运行经费")
    total = [f for f in flags if f.check == "narrative.identities" and "基本支出 + 项目支出" in f.message]
    assert [f.severity for f in total] == ["info"]  # 1070.89 + 832.11 = 1903.00 vs 1903.01
    rates = {f.facts[0].row for f in flags if f.check == "performance.rate"}
    assert rates == {"弘扬科学家精神等宣传经费", "专家工作站建设"}


def test_seed_004_prose_rounding_and_missing_tables() -> None:
    flags = _prose_flags(seed_result("004_c4edb0ea88fbfc7f").flags)
    ident = [f for f in flags if f.check == "narrative.identities"]
    assert {f.severity for f in ident} == {"info"}
    assert any(f.found == "755.32" and f.expected == "755.31" for f in ident)
    assert any(_involves(f, "narrative", "一般公共预算财政拨款基本支出") and f.found == "619.49" for f in ident)
    assert len([f for f in flags if f.check == "completeness.tables"]) == 9
    missing = {f.facts[0].row for f in flags if f.check == "completeness.disclosures"}
    assert missing == {"三公: 因公出国(境)团组数", "三公: 因公出国(境)人次"}  # item 1 of its 三公 section is absent
    # its 三公 breakdown prints 85.17% / 14.83% for 5.07 and 0.99 of 6.06
    shares = [f for f in flags if f.check == "narrative.percent_share"]
    assert {f.found for f in shares} == {"85.17", "14.83"}
    assert all(_involves(f, "narrative", "三公经费支出") for f in shares)


def test_text_checks_are_silent_without_the_text() -> None:
    res = seed_result("000_d2cac5324267c124")
    flags = run_checks(res.extraction, None)
    text_checks = {"narrative.percent_share", "narrative.percent_budget", "narrative.percent_change"}
    text_checks |= {"narrative.office_costs", "wording.fiscal_year", "wording.change_direction"}
    assert not any(f.check in text_checks for f in flags)
    assert any(f.check == "narrative.restates_table" for f in flags)


# -- corrupted copies --------------------------------------------------------------------------------


def test_a_restated_total_that_disagrees_with_the_table_is_an_error(tmp_path: Path) -> None:
    doc = "002_846b8c47d01900a7"
    flags = _new(_corrupt(tmp_path, doc, "(一) 收入总计 851.17 万元", "(一) 收入总计 857.17 万元"), doc)
    [f] = [f for f in flags if f.check == "narrative.restates_table"]
    assert f.severity == "error" and _involves(f, "narrative", "收入总计") and _involves(f, "summary", "收入总计")
    assert any(f.check == "narrative.identities" and f.severity == "error" for f in flags)  # 收入总计 ≠ 支出总计


def test_prose_identity_basic_plus_project(tmp_path: Path) -> None:
    doc = "003_9ee8868df83b9797"
    flags = _new(_corrupt(tmp_path, doc, "基本支出599.20万元，占80.79%", "基本支出592.20万元，占80.79%"), doc)
    [f] = [f for f in flags if f.check == "narrative.identities" and "基本支出 + 项目支出" in f.message]
    assert f.severity == "error" and _involves(f, "narrative", "基本支出")


def test_share_percentage(tmp_path: Path) -> None:
    doc = "003_9ee8868df83b9797"
    flags = _new(_corrupt(tmp_path, doc, "占80.79%", "占83.79%"), doc)
    [f] = [f for f in flags if f.check == "narrative.percent_share"]
    assert f.severity == "warning" and f.found == "83.79" and f.expected == "80.79"
    assert _involves(f, "narrative", "基本支出") and any(x.col == "%" for x in f.facts)


def test_budget_completion_percentage(tmp_path: Path) -> None:
    doc = "003_9ee8868df83b9797"
    flags = _new(_corrupt(tmp_path, doc, "完成预算的94.62%", "完成预算的96.62%"), doc)
    [f] = [f for f in flags if f.check == "narrative.percent_budget"]
    assert (
        f.expected == "94.62"
        and _involves(f, "narrative", "三公经费预算")
        and _involves(f, "narrative", "三公经费支出")
    )


def test_change_percentage_and_direction(tmp_path: Path) -> None:
    doc = "002_846b8c47d01900a7"
    flags = _new(_corrupt(tmp_path, doc, "增长 65.91%", "增长 45.91%"), doc)
    [f] = [f for f in flags if f.check == "narrative.percent_change"]
    assert f.expected == "65.91" and f.found == "45.91"
    assert [x.value for x in f.facts] == ["3.65", "1.45", "45.91"]  # this year's figure: same line, before it
    flags = _new(_corrupt(tmp_path, doc, "增加 1.45 万元，增长", "增加 1.45 万元，下降"), doc)
    assert [f.check for f in flags if f.check.startswith("wording")] == ["wording.change_direction"]


def test_flat_yet_changed(tmp_path: Path) -> None:
    doc = "002_846b8c47d01900a7"
    old = "2023 年因公出国（境）费与上年持平"
    flags = _new(_corrupt(tmp_path, doc, old, "2023 年因公出国（境）费减少为0.00万元，与上年持平"), doc)
    assert [f.check for f in flags if f.check.startswith("wording")] == ["wording.change_direction"]


def test_fiscal_year_mismatch(tmp_path: Path) -> None:
    doc = "003_9ee8868df83b9797"
    flags = _new(
        _corrupt(tmp_path, doc, "2024年度一般公共预算财政拨款基本支出", "2023年度一般公共预算财政拨款基本支出"), doc
    )
    [f] = [f for f in flags if f.check == "wording.fiscal_year"]
    assert f.found == "2023" and f.expected == "2024" and f.facts[0].span is not None
    flags = _new(_corrupt(tmp_path, doc, "## 第二部分 2024年度部门决算表", "## 第二部分 202 年度部门决算表"), doc)
    [f] = [f for f in flags if f.check == "wording.fiscal_year"]
    assert "defective" in f.message and f.found == "202"


def test_performance_rate_and_score(tmp_path: Path) -> None:
    doc = "003_9ee8868df83b9797"
    flags = _new(
        _corrupt(tmp_path, doc, "执行数为2.99万元，完成预算的99.67%", "执行数为2.99万元，完成预算的97.67%"), doc
    )
    [f] = [f for f in flags if f.check == "performance.rate"]
    assert _involves(f, "performance", "2024年驻村工作队保障经费", "执行率") and f.expected == "99.67"
    flags = _new(_corrupt(tmp_path, doc, "项目自评得分为94分", "项目自评得分为194分"), doc)
    [f] = [f for f in flags if f.check == "performance.score_range"]
    assert f.severity == "error" and _involves(f, "performance", f.facts[0].row, "自评得分")


def test_performance_over_budget(tmp_path: Path) -> None:
    doc = "003_9ee8868df83b9797"
    flags = _new(_corrupt(tmp_path, doc, "执行数为26.6万元", "执行数为36.6万元"), doc)
    over = [f for f in flags if f.check == "performance.over_budget"]
    assert [f.severity for f in over] == ["warning"] and _involves(
        over[0], "performance", over[0].facts[0].row, "执行数"
    )


def test_missing_disclosure(tmp_path: Path) -> None:
    doc = "002_846b8c47d01900a7"
    flags = _new(_corrupt(tmp_path, doc, "当年购置公务用车 0 辆", "当年未购置公务用车"), doc)
    [f] = [f for f in flags if f.check == "completeness.disclosures"]
    assert f.severity == "warning" and f.facts[0].row == "三公: 公务用车购置数"
