"""Suspect and suggestion: the flags one wrong figure raises point at it together, with the value it should have."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractor.checks import run_checks
from extractor.pipeline import process
from extractor.schemas.report import BasicByEconomicTable
from extractor.store import apply_values, group_of, merge_suggestions
from tests.conftest import seed_path, seed_result

DOC = "000_d2cac5324267c124"
TOTAL = ("basic_by_economic", "公用经费合计", "决算数")


def _key(x: object) -> tuple[str, str, str]:
    return (x.table, x.row, x.col)  # type: ignore[attr-defined]


def _failing(flags: list) -> list:
    return [f for f in flags if f.severity in ("error", "warning")]


def test_seed_000s_truncated_subtotal_is_one_item_suggesting_130_68() -> None:
    errors = [f for f in seed_result(DOC).flags if f.severity == "error"]
    assert {f.check for f in errors} == {
        "economic.subtotals", "cross.basic_vs_economic", "narrative.restates_table", "narrative.office_costs",
    }  # fmt: skip
    assert {_key(f.suspect) for f in errors} == {TOTAL}
    assert {group_of(f) for f in errors} == {group_of(errors[0])}
    suspect = errors[0].suspect
    assert suspect is not None and suspect.printed == "130.6" and suspect.unit == "万元"
    suggestion = merge_suggestions(errors)
    assert suggestion is not None and suggestion.value == "130.68"
    texts = {b.check: b.text for b in suggestion.basis}
    assert texts["economic.subtotals"] == "Σ 302 = 130.68"
    assert texts["narrative.restates_table"] == "prose 公用经费 = 130.68"
    # 05 基本支出 − 人员经费合计 gives 130.67: 130.68 satisfies it within rounding, it does not give it
    assert "cross.basic_vs_economic" not in texts or texts["cross.basic_vs_economic"].endswith("130.67")


def test_accepting_the_suggestion_clears_every_flag_it_caused() -> None:
    r = seed_result(DOC)
    ex = apply_values(r.extraction.model_copy(deep=True), {TOTAL: "130.68"})
    after = run_checks(ex, r.source.text)
    assert not [f for f in _failing(after) if TOTAL in {_key(x) for x in f.facts}]
    before = {f.id for f in r.flags if f.severity == "error"}
    assert not [f for f in _failing(after) if f.id in before]


def _corrupt(tmp: Path, doc: str, key: tuple[str, str, str], bad: str) -> tuple[str, list]:
    """The seed with the printed characters of ``key`` replaced by ``bad``: (the true value, the flags)."""
    text = seed_path(doc).read_text(encoding="utf-8")
    fact = next(f for f in seed_result(doc).facts if _key(f) == key)
    assert fact.span is not None
    path = tmp / f"{doc}.txt"
    path.write_text(text[: fact.span[0]] + bad + text[fact.span[1] :], encoding="utf-8")
    return fact.value, process(path).flags


@pytest.mark.parametrize(
    ("doc", "key", "bad"),
    [
        # a swapped pair of digits in a 经济分类 item: the class sum is off by a rounding cent in the report
        # itself, so Σ gives 9.49; 9.50 fits too and is one edit from what is printed
        ("002_846b8c47d01900a7", ("basic_by_economic", "30302", "决算数"), "9.05"),
        # a 项 of table 03 whose row, its 款 and table 05 all disagree
        ("003_9ee8868df83b9797", ("expenditure", "2080501", "本年支出合计"), "25.91"),
        # a total: table 01's 本年支出合计 (its classes, 支出总计, table 03 and the prose all say otherwise)
        ("003_9ee8868df83b9797", ("summary", "本年支出合计", "金额"), "1355.14"),
    ],
)
def test_a_corrupted_cell_is_the_suspect_and_its_true_value_suggested(
    tmp_path: Path, doc: str, key: tuple[str, str, str], bad: str
) -> None:
    true, flags = _corrupt(tmp_path, doc, key, bad)
    clean = {(f.check, f.message) for f in seed_result(doc).flags}
    new = [f for f in _failing(flags) if (f.check, f.message) not in clean]
    assert new, "the corruption raised no flag"
    assert {_key(f.suspect) for f in new if f.suspect} == {key}, [(f.check, f.suspect) for f in new]
    assert len({group_of(f) for f in new}) == 1  # one review item
    suggestion = merge_suggestions(new)
    assert suggestion is not None and Decimal(suggestion.value) == Decimal(true)


def test_a_suggestion_is_in_the_facts_printed_unit(tmp_path: Path) -> None:
    """Table 06 printed in 元: the checks compare 万元, the suggestion is in 元 with the table's decimals."""
    r = seed_result("002_846b8c47d01900a7")
    ex = r.extraction.model_copy(deep=True)
    t = ex.table("basic_by_economic")
    assert isinstance(t, BasicByEconomicTable)
    t.unit = "元"
    for row in t.rows:
        for col, a in list(row.cells.items()):
            row.cells[col] = a.model_copy(update={"value": a.value * 10000, "unit": "元"})
    ex = apply_values(ex, {("basic_by_economic", "30302", "决算数"): "90500.00"})  # 95000.00 with a digit changed
    flags = [f for f in _failing(run_checks(ex, r.source.text)) if f.suspect and f.suspect.row == "30302"]
    assert flags
    suggestion = merge_suggestions(flags)
    assert suggestion is not None and suggestion.unit == "元" and suggestion.value == "95000.00"


def test_flags_that_are_not_about_a_value_have_no_suspect() -> None:
    flags = seed_result("002_846b8c47d01900a7").flags
    name = next(f for f in flags if f.check == "dictionary.function_name")
    assert name.suspect is None and name.suggested is None
    assert all(f.suspect is None for f in flags if f.severity == "info")
