"""The committed golden facts of the development corpus are well-formed and reconcile as documented.

The golden set is independent of the extractor: this test imports nothing from `extractor`, only the
standalone transcription script (eval/golden/corpus/transcribe_pdf.py), whose validation and identity
checks also produce the README's inconsistency list.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent.parent / "eval" / "golden" / "corpus"
SCRIPT = GOLDEN / "transcribe_pdf.py"
CZJ, GHZY, TEMPLATE = "shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024", "shanghai_template_final_accounts_2024"

_spec = importlib.util.spec_from_file_location("transcribe_pdf", SCRIPT)
assert _spec and _spec.loader
tp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tp)

# Every identity that fails in the printed reports (README "Genuine inconsistencies"): (label, left, right).
DOCUMENTED = {
    CZJ: {
        ("income 合计/本年收入合计 = Σ classes", 2946.25, 2946.26),
        ("income 合计/财政拨款收入 = Σ classes", 2940.05, 2940.06),
        ("expenditure 合计/本年支出合计 = Σ classes", 2940.05, 2940.06),
        ("expenditure 合计/基本支出 = Σ classes", 2336.91, 2336.92),
        ("general_budget 合计/合计 = Σ classes", 2940.05, 2940.06),
        ("general_budget 合计/基本支出 = Σ classes", 2336.91, 2336.92),
        ("summary 社会保障和就业支出 vs expenditure 208", 326.71, 326.72),
        ("fiscal_summary 社会保障和就业支出/一般公共预算财政拨款 vs general_budget 208", 326.71, 326.72),
        ("basic_by_economic 301 = Σ items", 2082.85, 2082.86),
        ("basic_by_economic 302 = Σ items", 171.07, 171.09),
        ("narrative 政府采购支出总额 = 货物 + 工程 + 服务", 251.25, 251.26),
        ("narrative 财政拨款收支总计 vs fiscal_summary 收入总计/金额", 0.3, 2961.68),
    },
    GHZY: {
        ("general_budget 合计: 合计 = Σ 基本支出+项目支出", 9746.5, 9746.49),
        ("general_budget 212: 合计 = Σ 基本支出+项目支出", 3832.36, 3832.35),
        ("general_budget 21201: 合计 = Σ 基本支出+项目支出", 1092.8, 1092.79),
        ("general_budget 2120101: 合计 = Σ 基本支出+项目支出", 1092.8, 1092.79),
        ("summary 卫生健康支出 vs expenditure 210", 236.63, 236.64),
        ("summary 城乡社区支出 vs expenditure 212", 3845.25, 3845.24),
        ("fiscal_summary 本年支出合计/合计 = Σ function classes", 9746.5, 9746.49),
        ("fiscal_summary 本年支出合计/一般公共预算财政拨款 = Σ function classes", 9746.5, 9746.49),
        ("fiscal_summary 卫生健康支出/一般公共预算财政拨款 vs general_budget 210", 236.63, 236.64),
        ("basic_by_economic 302 = Σ items", 440.9, 440.88),
        ("basic_by_economic 人员经费合计 = 301 + 303", 4884.09, 4884.1),
        ("narrative 政府采购支出总额 = 货物 + 工程 + 服务", 2319.21, 2319.22),
        ("narrative 一般公共预算财政拨款基本支出 vs general_budget 合计/基本支出", 5377.64, 5364.75),
        ("narrative 人员经费 vs basic_by_economic 人员经费合计/决算数", 4896.98, 4884.09),
    },
    TEMPLATE: set(),
}
# README counts: all facts per doc and table (the template prints no figure at all)
COUNTS = {
    CZJ: {"summary": 12, "income": 45, "expenditure": 44, "fiscal_summary": 19, "general_budget": 44,
          "basic_by_economic": 29, "three_public": 2, "narrative": 23},
    GHZY: {"summary": 12, "income": 50, "expenditure": 75, "fiscal_summary": 17, "general_budget": 75,
           "basic_by_economic": 67, "three_public": 12, "narrative": 28},
    TEMPLATE: {},
}  # fmt: skip


def facts(doc: str) -> list[dict]:
    return tp.load(str(GOLDEN / f"{doc}.facts.jsonl"))


@pytest.mark.parametrize("doc", list(DOCUMENTED))
def test_committed_file_is_valid_and_has_the_documented_counts(doc: str) -> None:
    assert tp.validate(str(GOLDEN / f"{doc}.facts.jsonl")) == []
    got: dict[str, int] = {}
    for f in facts(doc):
        got[f["table"]] = got.get(f["table"], 0) + 1
    assert got == COUNTS[doc]


@pytest.mark.parametrize("doc", list(DOCUMENTED))
def test_identities_hold_to_the_cent_except_the_documented_inconsistencies(doc: str) -> None:
    checked, fails = tp.reconcile(doc, facts(doc))
    assert set(fails) == DOCUMENTED[doc]
    assert checked >= (150 if doc != TEMPLATE else 0)


def test_check_mode_exits_zero_without_reading_pdfs() -> None:
    res = subprocess.run([sys.executable, SCRIPT, "--check"], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "TOTAL 554" in res.stdout


def test_validation_rejects_malformed_facts(tmp_path: Path) -> None:
    good = facts(GHZY)
    bad = [
        {**good[0], "value": "9,746.50"},  # thousands separator
        {**good[1], "col": "决算数"},  # summary has only 金额
        {**good[2], "row": "社会保障和就业支出（类）"},  # not a summary row key
        {**good[3], "unit": "元/人"},
        {**good[4], "doc": CZJ},  # not the file's document
        good[5],
        good[5],  # duplicate key
        {"doc": GHZY, "table": "narrative", "row": "项目数量", "col": "数量", "value": "39", "unit": "个"},
        {"doc": GHZY, "table": "narrative", "row": "车辆总数", "col": "金额", "value": "0", "unit": "万元"},
    ]
    path = tmp_path / f"{GHZY}.facts.jsonl"
    path.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in bad), encoding="utf-8")
    errors = tp.validate(str(path))
    for needle in ["bad value", "bad col", "not a summary row key", "bad unit", "not the file's stem",
                   "duplicate key", "'项目数量'", "'车辆总数'"]:  # fmt: skip
        assert any(needle in e for e in errors), (needle, errors)


def test_reconcile_reports_a_changed_cell() -> None:
    """One income cell off by 0.10 breaks its 款 sum and its row total: the check can fail."""
    changed = [
        {**f, "value": "1511.80"} if (f["table"], f["row"], f["col"]) == ("income", "2010601", "本年收入合计") else f
        for f in facts(CZJ)
    ]
    _, fails = tp.reconcile(CZJ, changed)
    new = {label for label, _a, _b in set(fails) - DOCUMENTED[CZJ]}
    assert "income 20106/本年收入合计 = Σ children" in new
    assert (
        "income 2010601: 本年收入合计 = Σ 财政拨款收入+上级补助收入+事业收入+经营收入+附属单位上缴收入+其他收入" in new
    )
