"""The check kernel and the table-arithmetic family, on the seeds and on corrupted copies."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.checks import CheckConfig, catalogue, run_checks
from extractor.errors import ConfigError
from extractor.pipeline import process
from tests.conftest import seed_path, seed_result


def _errors(doc: str) -> list:
    return [f for f in seed_result(doc).flags if f.severity == "error"]


def test_truncated_public_expense_total_in_seed_000_is_an_error() -> None:
    [flag] = [f for f in _errors("000_d2cac5324267c124") if f.check == "economic.subtotals"]
    assert flag.found == "130.6" and flag.expected == "130.68" and flag.difference == "-0.08"
    involved = {(f.table, f.row, f.col): f for f in flag.facts}
    assert involved[("basic_by_economic", "公用经费合计", "决算数")].span is not None
    assert ("basic_by_economic", "302", "决算数") in involved


@pytest.mark.parametrize("doc", ["002_846b8c47d01900a7", "003_9ee8868df83b9797"])
def test_rounding_differences_are_info_not_errors(doc: str) -> None:
    flags = seed_result(doc).flags
    assert [f for f in flags if f.severity == "error"] == []
    assert any(f.severity == "info" and "尾差" in f.message for f in flags)


def test_a_corrupted_cell_is_caught_by_every_identity_it_breaks(tmp_path: Path) -> None:
    text = seed_path("002_846b8c47d01900a7").read_text(encoding="utf-8")
    bad = text.replace("2060501\t机构运行\t304.14\t304.14", "2060501\t机构运行\t340.14\t304.14", 1)
    assert bad != text
    p = tmp_path / "002.txt"
    p.write_text(bad, encoding="utf-8")
    errors = [f for f in process(p).flags if f.severity == "error"]
    hits = {f.check for f in errors if any(x.row == "2060501" and x.table == "income" for x in f.facts)}
    assert {"hierarchy.sum", "row.sum"} <= hits


def test_flag_ids_are_stable_and_tolerance_is_configurable() -> None:
    res = seed_result("002_846b8c47d01900a7")
    again = run_checks(res.extraction, res.source.text)
    assert [f.id for f in again] == [f.id for f in res.flags]
    strict = run_checks(res.extraction, res.source.text, CheckConfig(rounding_per_term=Decimal(0)))
    assert sum(f.severity == "error" for f in strict) > 0  # with no tolerance, 尾差 become errors
    off = run_checks(res.extraction, None, CheckConfig(disabled=frozenset({"hierarchy.sum"})))
    assert not any(f.check == "hierarchy.sum" for f in off)
    with pytest.raises(ConfigError, match="unknown check"):
        run_checks(res.extraction, None, CheckConfig(disabled=frozenset({"nope"})))


def test_every_check_is_documented() -> None:
    specs = catalogue()
    assert len({s.id for s in specs}) == len(specs)
    for s in specs:
        assert s.description and s.severity in ("error", "warning", "info") and s.tolerance and s.family


def test_check_command_rechecks_and_summarises(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extractor"]
    assert subprocess.run([*cmd, "extract", seed_path("000_d2cac5324267c124"), "--out", out]).returncode == 0
    flags_file = out / "000_d2cac5324267c124.flags.jsonl"
    first = flags_file.read_text()
    assert json.loads(first.splitlines()[0])["severity"] == "error"
    flags_file.unlink()
    res = subprocess.run([*cmd, "check", out], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "economic.subtotals" in res.stdout and " error" in res.stdout
    assert flags_file.read_text() == first
    listing = subprocess.run([*cmd, "check", "--list"], capture_output=True, text=True).stdout
    assert "hierarchy.sum" in listing
