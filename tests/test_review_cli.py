"""The review commands end to end on seed 000: extract --db, list, fix, log, export --db, promote, adduser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

from typer.testing import CliRunner

from extractor.cli import app
from tests.conftest import seed_path

DOC = "000_d2cac5324267c124"
FLAG = "economic.subtotals:57cde6728e0e"
TOTAL = "basic_by_economic/公用经费合计/决算数"
runner = CliRunner()


def _ok(*args: str, stdin: str | None = None) -> str:
    r = runner.invoke(app, list(args), input=stdin)
    assert r.exit_code == 0, (r.output, r.exception)
    return r.stdout


def test_review_workflow_on_seed_000(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    _ok("extract", str(seed_path(DOC)), "--out", str(tmp_path / "out"), "--db", db)
    listed = json.loads(_ok("review", "list", "--db", db, "--severity", "error", "--json"))
    flag = next(f for f in listed if f["id"] == FLAG)
    assert flag["check"] == "economic.subtotals" and flag["status"] == "open"
    assert FLAG in _ok("review", "list", "--db", db, "--doc", DOC)

    out = _ok("review", "fix", FLAG, "--value", "130.68", "--reason", "OCR dropped a digit", "--reviewer", "ann",
              "--db", db)  # fmt: skip
    assert "130.6 → 130.68" in out and f"resolved: {FLAG}" in out
    errors = json.loads(_ok("review", "list", "--db", db, "--severity", "error", "--json"))
    assert FLAG not in [f["id"] for f in errors]
    assert all(TOTAL not in {f"{x['table']}/{x['row']}/{x['col']}" for x in f["facts"]} for f in errors)

    log = json.loads(_ok("review", "log", "--db", db, "--json"))
    fix = [e for e in log if e["action"] == "fix"]
    assert len(fix) == 1
    assert {k: fix[0][k] for k in ("flag", "fact", "old", "new", "actor", "reason")} == {
        "flag": FLAG, "fact": TOTAL, "old": "130.6", "new": "130.68", "actor": "ann", "reason": "OCR dropped a digit"
    }  # fmt: skip

    stale = runner.invoke(app, ["review", "fix", FLAG, "--value", "1", "--reason", "r", "--reviewer", "bob",
                                "--version", "1", "--db", db])  # fmt: skip
    assert stale.exit_code != 0

    csv = _ok("export", "--db", db, "--format", "csv")
    assert csv.splitlines()[0].endswith("source,extracted_value,version")
    assert f"{DOC},basic_by_economic,公用经费合计,决算数,130.68,万元,68618,68623,corrected,130.6,2" in csv
    facts = [json.loads(line) for line in _ok("export", "--db", db, "--format", "facts").splitlines()]
    assert {"value": "130.68", "source": "corrected"}.items() <= next(
        f for f in facts if f["row"] == "公用经费合计"
    ).items()

    _ok("review", "promote", DOC, "--db", db, "--to", str(tmp_path / "golden"))
    golden = (tmp_path / "golden" / f"{DOC}.facts.jsonl").read_text(encoding="utf-8")
    assert '"row": "公用经费合计", "col": "决算数", "value": "130.68"' in golden

    _ok("review", "adduser", "ann", "--db", db, "--password-stdin", stdin="a long password\n")
    from extractor.store import Store

    with Store(db) as s:
        assert s.verify_user("ann", "a long password")
