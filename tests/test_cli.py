"""The command line as a user meets it: extract, export, errors, help."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import SEED_IDS, seed_path


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    res = cli("extract", *(seed_path(d) for d in SEED_IDS), "--out", out)
    assert res.returncode == 0, res.stderr
    return out


def test_extract_writes_extraction_facts_and_run_record(extracted: Path) -> None:
    for doc in SEED_IDS:
        assert json.loads((extracted / f"{doc}.json").read_text())["doc"] == doc
        lines = (extracted / f"{doc}.facts.jsonl").read_text().splitlines()
        assert lines, doc
        first = json.loads(lines[0])
        assert set(first) == {"doc", "table", "row", "col", "value", "unit", "span"}
    run = json.loads((extracted / "run.json").read_text())
    assert run["backend"] == "rules" and run["version"]
    assert [i["doc"] for i in run["inputs"]] == SEED_IDS
    assert all(len(i["sha256"]) == 64 and i["status"] == "ok" for i in run["inputs"])
    assert set(run["timings"]) >= {"ingest", "normalize", "segment", "chunk", "extract", "verify"}


def test_export_formats_carry_the_same_facts(extracted: Path, tmp_path: Path) -> None:
    n = sum(len((extracted / f"{d}.facts.jsonl").read_text().splitlines()) for d in SEED_IDS)
    jl = cli("export", extracted, "--format", "facts")
    assert jl.returncode == 0 and len(jl.stdout.splitlines()) == n
    rows = list(csv.DictReader(io.StringIO(cli("export", extracted, "--format", "csv").stdout)))
    assert len(rows) == n and rows[0]["value"] and rows[0]["span_start"]
    assert cli("export", extracted, "--format", "xlsx", "--to", tmp_path / "f.xlsx").returncode == 0
    ws = load_workbook(tmp_path / "f.xlsx").active
    assert isinstance(ws, Worksheet)
    assert ws.max_row == n + 1 and ws["A1"].value == "doc"
    assert cli("export", extracted, "--format", "parquet", "--to", tmp_path / "f.parquet").returncode == 0
    assert pq.read_table(tmp_path / "f.parquet").num_rows == n


def test_bad_inputs_fail_alone_with_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (tmp_path / "novel.txt").write_text("从前有座山，山里有座庙，庙里有个老和尚在讲故事。\n" * 20)
    (tmp_path / "adir").mkdir()
    good = seed_path("002_846b8c47d01900a7")
    out = tmp_path / "out"
    bad = ["empty.txt", "binary.txt", "novel.txt", "adir", "missing.txt"]
    res = cli("extract", *(tmp_path / b for b in bad), good, "--out", out)
    assert res.returncode == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad)
    for name, line in zip(bad, errors, strict=True):
        assert name in line
    assert "Traceback" not in res.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["run.json", f"{good.stem}.json", f"{good.stem}.facts.jsonl", f"{good.stem}.flags.jsonl"]
    )


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    res = cli("extract", seed_path("002_846b8c47d01900a7"), "--out", tmp_path, "--backend", "nope")
    assert res.returncode == 2
    assert "unknown backend 'nope'" in res.stderr and "rules" in res.stderr
    res = cli("export", tmp_path / "nothing-here", "--format", "csv")
    assert res.returncode == 2 and "no such file" in res.stderr
    assert "Traceback" not in res.stderr


def test_help_explains_every_command() -> None:
    for cmd in ("extract", "export", "backends"):
        res = cli(cmd, "--help")
        assert res.returncode == 0
        assert "--help" in res.stdout
    assert "--backend" in cli("extract", "--help").stdout
    assert "parquet" in cli("export", "--help").stdout
