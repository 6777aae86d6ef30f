"""Honest coverage: every template table read, declared empty, blank, unread or missing — said in run.json and
in ``unread``; "not a report" only without a table title and without a figure sentence; no storm of false
flags on a report that is fine or that could not be read."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from extractor.errors import NotAReportError
from extractor.pipeline import process, run

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "corpus"
SEEDS = ROOT / "eval" / "seeds"
CZJ = "shanghai_putuo_czj_2024"


def _coverage(out: Path) -> dict[str, dict[str, Any]]:
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return {i["doc"]: i["coverage"] for i in report["inputs"] if i["status"] == "ok"}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {
        "pdf": tmp_path_factory.mktemp("pdf"),
        "pdfminer": tmp_path_factory.mktemp("pdfminer"),
        "seeds": tmp_path_factory.mktemp("seeds"),
    }
    run(sorted(CORPUS.glob("*.pdf")), out["pdf"])
    run(sorted((CORPUS / "text" / "pdfminer").glob("*.txt")), out["pdfminer"])
    run(sorted(SEEDS.glob("*.txt")), out["seeds"])
    return out


def test_the_template_is_a_report_with_its_nine_tables_empty_or_blank(runs: dict[str, Path]) -> None:
    tables = _coverage(runs["pdf"])["shanghai_template_final_accounts_2024"]["tables"]
    assert set(tables.values()) <= {"blank", "declared_empty"}
    assert len(tables) == 9


@pytest.mark.parametrize("name", ["shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024"])
def test_reports_say_which_tables_they_read(runs: dict[str, Path], name: str) -> None:
    tables = _coverage(runs["pdf"])[name]["tables"]
    assert tables == {
        **dict.fromkeys(["summary", "income", "expenditure", "fiscal_summary", "general_budget"], "read"),
        **dict.fromkeys(["basic_by_economic", "three_public"], "read"),
        "gov_fund": "declared_empty",
        "state_capital": "declared_empty",
    }


@pytest.mark.parametrize("name", ["001_04c96ce19f25fec9", "004_c4edb0ea88fbfc7f"])
def test_tables_a_report_only_lists_are_named_missing(runs: dict[str, Path], name: str) -> None:
    tables = _coverage(runs["seeds"])[name]["tables"]
    assert set(tables.values()) == {"missing"}
    notes = json.loads((runs["seeds"] / f"{name}.json").read_text(encoding="utf-8"))["unread"]
    assert sum(n["what"].startswith("table ") for n in notes) == 9


def test_a_reading_failure_is_said_not_an_empty_success(runs: dict[str, Path]) -> None:
    # pdfminer's column-order text of czj: most tables cannot be read, and run.json says which
    cov = _coverage(runs["pdfminer"])["shanghai_putuo_czj_2024"]["tables"]
    assert {"unread", "partly read"} & set(cov.values())
    notes = json.loads((runs["pdfminer"] / "shanghai_putuo_czj_2024.json").read_text(encoding="utf-8"))["unread"]
    assert len(notes) > 50


def test_a_reading_failure_is_not_a_storm_of_error_flags(runs: dict[str, Path]) -> None:
    # the checks never count a printed-but-unread cell as blank
    for name in ("shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024"):
        flags = [json.loads(x) for x in (runs["pdfminer"] / f"{name}.flags.jsonl").read_text().splitlines()]
        assert sum(f["severity"] == "error" for f in flags) <= 6, name


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        # the only errors are the reports' own: prose figures that contradict their tables (see
        # eval/golden/corpus/README.md); a cent between tables that round at different levels is 尾差 (info)
        ("shanghai_putuo_czj_2024", {"narrative.restates_table"}),
        ("shanghai_putuo_ghzy_2024", {"narrative.restates_table"}),
    ],
)
def test_real_reports_raise_only_their_genuine_errors(runs: dict[str, Path], name: str, errors: set[str]) -> None:
    flags = [json.loads(x) for x in (runs["pdf"] / f"{name}.flags.jsonl").read_text().splitlines()]
    assert {f["check"] for f in flags if f["severity"] == "error"} == errors
    assert not any(f["check"] == "completeness.tables" for f in flags)


def test_other_tables_are_named_with_their_row_count(runs: dict[str, Path]) -> None:
    others = _coverage(runs["seeds"])["002_846b8c47d01900a7"]["other_tables"]
    assert any(o["title"] == "部门(单位)整体绩效自评表" and o["rows"] > 0 for o in others)


def test_not_a_report_only_without_a_title_and_without_a_figure_sentence(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要\n今天讨论了工作安排。\n", encoding="utf-8")
    with pytest.raises(NotAReportError):
        process(notes)
    prose = tmp_path / "prose.txt"
    statement = "一、收入支出决算总体情况说明\n2024年度收入总计100.00万元，支出总计100.00万元。\n"
    prose.write_text(statement, encoding="utf-8")
    assert process(prose).facts
    titled = tmp_path / "titled.txt"
    titled.write_text("收入决算表\n单位：万元\n项目 本年收入合计\n注：本表无数据。\n", encoding="utf-8")
    assert process(titled).coverage["tables"]["income"] == "declared_empty"


def test_the_cli_prints_what_it_could_not_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    src = CORPUS / "text" / "pdfminer" / "shanghai_putuo_ghzy_2024.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(src), "--out", str(out)], capture_output=True, text=True
    )
    assert proc.returncode == 0
    line = next(x for x in proc.stdout.splitlines() + proc.stderr.splitlines() if "shanghai_putuo_ghzy_2024" in x)
    assert "unread" in line and " 0 unread" not in line


_FUND_TITLES = re.compile(r"^\s*(?:政府性基金|国有资本经营)预算财政拨款(?:收入)?支出决算表\s*$", re.M)


@pytest.mark.parametrize(
    "path", [SEEDS / "002_846b8c47d01900a7.txt", CORPUS / "text" / "pdftotext-layout" / f"{CZJ}.txt"]
)
def test_a_fund_table_left_out_is_not_missing_when_the_prose_says_there_was_no_such_money(
    path: Path, tmp_path: Path
) -> None:
    # the report prints no 政府性基金/国有资本经营 table (their titles turned into plain words here), and its
    # prose says 无政府性基金预算财政拨款支出: nothing is missing; without that sentence both tables are
    text = path.read_text(encoding="utf-8")
    left_out = _FUND_TITLES.sub("（此处原有一张表）", text)
    assert left_out != text
    src = tmp_path / path.name
    src.write_text(left_out, encoding="utf-8")
    res = process(src)
    assert res.coverage["tables"]["gov_fund"] == "missing" and res.coverage["tables"]["state_capital"] == "missing"
    assert not [f for f in res.flags if f.check == "completeness.tables"]
    silent = re.sub(r"(?:没有|无)[^。；;]{0,20}(?:政府性基金|国有资本经营)", "未列示", left_out)
    src.write_text(silent, encoding="utf-8")
    flagged = {f.facts[0].table for f in process(src).flags if f.check == "completeness.tables"}
    assert flagged == {"gov_fund", "state_capital"}
