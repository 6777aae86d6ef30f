"""`extractor batch` as a user runs it: an archive folder in, every input's outputs out, resumable, each
input isolated (bad files, time and memory limits, a killed worker), Parquet datasets, fsspec outputs,
the review-store bulk load, and the same outputs through Ray (a local instance of 2 CPUs).
"""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing as mp
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from eval.scans import render_seed, save_pdf
from tests.conftest import ROOT, SEED_IDS, need_service, seed_path

CORPUS_PDF = ROOT / "eval" / "corpus" / "shanghai_putuo_ghzy_2024.pdf"
MINUTES = "关于召开年度工作会议的通知\n各科室：定于下周一上午九时召开年度工作会议，请准时参加。\n" * 5
OUTPUT_SUFFIXES = (".json", ".facts.jsonl", ".flags.jsonl", ".ocr.txt")


def cli(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


def manifest(out: Path) -> dict[str, dict]:
    recs = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    return {Path(r["path"]).name: r for r in recs}


def errors(res: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in res.stderr.splitlines() if line.startswith("error:")]


def scan_pdf(path: Path, seed: str = "002_846b8c47d01900a7", kinds: tuple[str, ...] = ("three_public",)) -> Path:
    """An image-only PDF of a seed's tables, rendered and lightly damaged as eval/scans.py does."""
    pages, _ = render_seed(seed_path(seed), 1, kinds=list(kinds))
    save_pdf(pages, path)
    return path


def bad_inputs(folder: Path) -> None:
    """A truncated PDF (a download cut short) and a text that is no report."""
    (folder / "truncated.pdf").write_bytes(CORPUS_PDF.read_bytes()[:20000])
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")


def seeds_into(folder: Path, ids: list[str] = SEED_IDS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in ids:
        shutil.copy(seed_path(doc), folder)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive folder: the seeds two levels down, a one-page scan, two bad inputs, a file of another type."""
    root = tmp_path_factory.mktemp("archive")
    seeds_into(root / "2023" / "科技局")
    scan_pdf(root / "scan_002.pdf")
    bad_inputs(root)
    (root / "readme.md").write_text("not an input: folders are searched by suffix", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local_run(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("batch")
    return out, cli("batch", archive, "--out", out, "--workers", "2")


@pytest.fixture(scope="module")
def extracted(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`extract` on the same files, for comparison."""
    out = tmp_path_factory.mktemp("extract")
    files = sorted(p for p in archive.rglob("*") if p.suffix in (".txt", ".pdf"))
    cli("extract", *files, "--out", out)
    return out


def test_batch_writes_what_extract_writes_and_a_manifest(
    archive: Path, local_run: tuple[Path, subprocess.CompletedProcess], extracted: Path
) -> None:
    out, res = local_run
    assert res.returncode == 1, res.stderr  # two inputs failed
    assert "Traceback" not in res.stderr
    assert sorted(errors(res)) == [
        f"error: {archive / 'minutes.txt'}: no 部门决算 table title and no figure sentence found; is this a "
        "departmental final-accounts report?",
        f"error: {archive / 'truncated.pdf'}: is not a readable PDF (Failed to load document (PDFium: Data format "
        "error).)",
    ]
    recs = manifest(out)
    assert sorted(recs) == sorted([f"{d}.txt" for d in SEED_IDS] + ["scan_002.pdf", "truncated.pdf", "minutes.txt"])
    for name, r in recs.items():
        assert list(r)[:7] == ["path", "sha256", "status", "error", "seconds", "facts", "flags"]
        assert r["sha256"] == hashlib.sha256(Path(r["path"]).read_bytes()).hexdigest()
        assert r["status"] == ("failed" if name in ("truncated.pdf", "minutes.txt") else "done"), r
    assert "\n" not in recs["truncated.pdf"]["error"] and recs["minutes.txt"]["facts"] is None
    assert recs["scan_002.pdf"]["pages"] == 1 and recs["scan_002.pdf"]["ocr_pages"] == 1
    scan = recs["scan_002.pdf"]  # one worker, one core: OCR on one thread, so never more CPU than wall time
    assert scan["cpu_seconds"] <= scan["seconds"] * 1.1 + 0.2, scan
    assert "6 done, 2 failed" in res.stdout and "pages: 1 (1 OCR'd)" in res.stdout
    # the same files, byte for byte, as `extract` writes for the same inputs
    produced = sorted(p.name for p in extracted.iterdir() if p.name != "run.json")
    assert "scan_002.ocr.txt" in produced
    for name in produced:
        assert (out / name).read_bytes() == (extracted / name).read_bytes(), name
    run = json.loads((out / "run.json").read_text())
    assert run["documents"] == 6 and run["errors"] == 2 and run["executor"] == "local"


def test_facts_and_flags_are_parquet_datasets_partitioned_by_document(
    local_run: tuple[Path, subprocess.CompletedProcess],
) -> None:
    out, _ = local_run
    part = ds.partitioning(pa.schema([("doc", pa.string())]), flavor="hive")
    facts = ds.dataset(out / "facts", format="parquet", partitioning=part).to_table()
    flags = ds.dataset(out / "flags", format="parquet", partitioning=part).to_table()
    docs = sorted(d for d, r in _by_doc(out).items() if r["status"] == "done")
    assert sorted({p.name for p in (out / "facts").iterdir()}) == sorted(f"doc={d}" for d in docs)
    for doc in docs:
        lines = [json.loads(x) for x in (out / f"{doc}.facts.jsonl").read_text(encoding="utf-8").splitlines()]
        rows = facts.filter(pc.equal(facts["doc"], doc)).to_pylist()
        assert [(r["table"], r["row"], r["col"], r["value"], [r["span_start"], r["span_end"]]) for r in rows] == [
            (f["table"], f["row"], f["col"], f["value"], f["span"]) for f in lines
        ]
        flag_lines = [json.loads(x) for x in (out / f"{doc}.flags.jsonl").read_text(encoding="utf-8").splitlines()]
        flag_rows = flags.filter(pc.equal(flags["doc"], doc)).to_pylist()
        assert [(r["id"], r["severity"], _suspect_of(r), r["suggested"], r["suggested_basis"]) for r in flag_rows] == [
            (f["id"], f["severity"], f["suspect"], f["suggested"] and f["suggested"]["value"],
             f["suggested"] and [b["text"] for b in f["suggested"]["basis"]])
            for f in flag_lines
        ]  # fmt: skip
    first = flags.slice(0, 1).to_pylist()[0]
    assert first["severity"] in ("error", "warning", "info") and first["facts"][0]["table"]
    # seed 000 prints 公用经费合计 130.6 for 130.68: its flags point at that figure and suggest the value
    suggested = flags.filter(pc.is_valid(flags["suggested"])).to_pylist()
    assert ("basic_by_economic", "公用经费合计", "130.6", "130.6", "130.68") in {
        (r["suspect_table"], r["suspect_row"], r["suspect_value"], r["suspect_printed"], r["suggested"])
        for r in suggested
    }
    assert all(r["suggested_basis"] for r in suggested)
    documents = pq.read_table(out / "documents.parquet").to_pylist()
    assert sorted((r["doc"], r["status"]) for r in documents) == sorted(
        (d, r["status"]) for d, r in _by_doc(out).items()
    )


def _suspect_of(r: dict) -> dict | None:
    """A flags-dataset row's suspect columns as the flags file writes the suspect (None when it has none)."""
    if r["suspect_table"] is None:
        return None
    keys = ("table", "row", "col", "value", "span", "printed", "unit")
    span = [r["suspect_span_start"], r["suspect_span_end"]] if r["suspect_span_start"] is not None else None
    return {k: span if k == "span" else r[f"suspect_{k}"] for k in keys}


def _by_doc(out: Path) -> dict[str, dict]:
    return {r["doc"]: r for r in manifest(out).values()}


def test_rerun_skips_done_inputs_and_retries_failed_ones_only_when_asked(tmp_path: Path) -> None:
    src = tmp_path / "in"
    seeds_into(src)
    bad_inputs(src)
    out = src / "out"  # inside the folder it reads: never read back as input
    assert cli("batch", src, "--out", out, "--workers", "2").returncode == 1
    (out / "notes.txt").write_text(MINUTES, encoding="utf-8")
    before = manifest(out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.facts.jsonl")}

    again = cli("batch", src, "--out", out)
    assert again.returncode == 1 and "0 done, 5 done before" in again.stdout
    assert "2 failed before, not retried" in again.stdout and not errors(again)
    assert manifest(out) == before  # nothing ran again, nothing duplicated
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.facts.jsonl")} == stamps
    assert len((out / "manifest.jsonl").read_text().splitlines()) == 7

    changed = src / f"{SEED_IDS[1]}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # new bytes, new sha256
    third = cli("batch", src, "--out", out)
    assert "1 done, 4 done before" in third.stdout
    assert manifest(out)[changed.name]["sha256"] != before[changed.name]["sha256"]

    retried = cli("batch", src, "--out", out, "--retry-failed")
    assert retried.returncode == 1 and len(errors(retried)) == 2 and "0 done, 5 done before" in retried.stdout
    after = manifest(out)
    assert after["minutes.txt"]["finished_at"] >= before["minutes.txt"]["finished_at"]
    assert len((out / "manifest.jsonl").read_text().splitlines()) == 7

    (src / "minutes.txt").write_bytes(seed_path(SEED_IDS[4]).read_bytes())  # fixed at the source: runs again
    fixed = cli("batch", src, "--out", out)
    assert manifest(out)["minutes.txt"]["status"] == "done" and "1 done" in fixed.stdout


def test_ctrl_c_loses_only_the_inputs_in_flight_and_a_rerun_completes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = seed_path(SEED_IDS[0]).read_bytes()
    for i in range(24):  # the largest seed under 24 names: each takes a worker a few hundred ms
        (src / f"dept{i:02d}_{SEED_IDS[0]}.txt").write_bytes(text)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "extractor", "batch", src, "--out", out, "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint,
    )  # fmt: skip
    _wait_for_records(out, 3, proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted:" in stderr and "run the same command again to resume" in stderr
    first = manifest(out)
    assert 3 <= len(first) < 24
    for r in first.values():  # every recorded input has all its outputs, complete
        assert r["status"] == "done"
        facts = (out / f"{r['doc']}.facts.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(facts) == r["facts"] and all(json.loads(x)["doc"] == r["doc"] for x in facts)
    assert not list(out.rglob("*.tmp"))

    res = cli("batch", src, "--out", out, "--workers", "2")
    assert res.returncode == 0, res.stderr
    assert f"{24 - len(first)} done, {len(first)} done before" in res.stdout
    final = manifest(out)
    assert len(final) == 24 and all(r["status"] == "done" for r in final.values())
    assert {n: final[n] for n in first} == first  # done once: the first run's records stand
    assert len((out / "manifest.jsonl").read_text().splitlines()) == 24


def _default_sigint() -> None:
    """Ctrl-C as in a terminal, even when the test runner was started with SIGINT ignored (it is inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_records(out: Path, n: int, proc: subprocess.Popen, limit: float = 120) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        m = out / "manifest.jsonl"
        if m.exists() and len(m.read_text(encoding="utf-8").splitlines()) >= n:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError(f"no {n} records in {limit}s")


def _worker_pids(parent: int) -> list[int]:
    """The batch's worker processes: children of the driver running multiprocessing's spawn_main."""
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if ppid == parent and b"spawn_main" in (proc / "cmdline").read_bytes():
                pids.append(int(proc.name))
        except (OSError, IndexError, ValueError):
            continue
    return pids


def _rss_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS")), 0.0)


@pytest.fixture(scope="module")
def slow_scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six scanned pages: OCR takes a fresh worker well over the 3 s the timeout test allows, on a fast machine
    too (two pages finished inside it now and then: the test's premise is the scan's length, not the machine's
    load)."""
    kinds = ("three_public", "income", "expenditure", "general_budget", "basic_by_economic", "summary")
    return scan_pdf(tmp_path_factory.mktemp("slow") / "a_scan.pdf", kinds=kinds)


def test_a_killed_worker_fails_its_input_and_the_batch_goes_on(tmp_path: Path, slow_scan: Path) -> None:
    src = tmp_path / "in"
    seeds_into(src, SEED_IDS[:2])
    shutil.copy(slow_scan, src)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "extractor", "batch", src, "--out", out, "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    t0 = time.monotonic()
    victim = None
    while victim is None and time.monotonic() - t0 < 120 and proc.poll() is None:
        # the worker is reading the scan once the OCR model is loaded (its memory well past a text report's)
        victim = next((p for p in _worker_pids(proc.pid) if _rss_mib(p) > 300), None)
        time.sleep(0.05)
    assert victim is not None, f"the worker never started on the scan: {proc.communicate()}"
    subprocess.run(["kill", "-KILL", str(victim)], check=True)  # as the kernel's OOM killer would
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr
    recs = manifest(out)
    assert recs["a_scan.pdf"]["status"] == "failed"
    assert (
        recs["a_scan.pdf"]["error"]
        == f"{src / 'a_scan.pdf'}: the worker process died (SIGKILL) while reading this input"
    )
    assert [recs[f"{d}.txt"]["status"] for d in SEED_IDS[:2]] == ["done", "done"]
    assert len([line for line in stderr.splitlines() if line.startswith("error:")]) == 1


def test_time_and_memory_limits_fail_the_input_not_the_batch(tmp_path: Path, slow_scan: Path) -> None:
    src = tmp_path / "in"
    seeds_into(src, SEED_IDS[:2])
    shutil.copy(slow_scan, src)
    slow = cli("batch", src, "--out", tmp_path / "t", "--workers", "2", "--timeout-per-input", "3")
    recs = manifest(tmp_path / "t")
    assert recs["a_scan.pdf"]["error"] == f"{src / 'a_scan.pdf'}: timed out after 3 s (--timeout-per-input)"
    assert slow.returncode == 1 and [recs[f"{d}.txt"]["status"] for d in SEED_IDS[:2]] == ["done", "done"]
    assert not (tmp_path / "t" / "a_scan.facts.jsonl").exists()

    # 400 MiB of heap is plenty for a text report, not for rasterising and OCR-ing an A4 page
    small = cli("batch", src, "--out", tmp_path / "m", "--workers", "2", "--memory-per-input", "400")
    recs = manifest(tmp_path / "m")
    err = recs["a_scan.pdf"]["error"]
    assert small.returncode == 1 and recs["a_scan.pdf"]["status"] == "failed"
    assert "ran out of memory (limit 400 MiB per worker)" in err or "its 400 MiB (--memory-per-input)" in err, err
    assert [recs[f"{d}.txt"]["status"] for d in SEED_IDS[:2]] == ["done", "done"]


def test_a_manifest_names_the_inputs_and_carries_metadata(tmp_path: Path) -> None:
    seeds_into(tmp_path / "files", SEED_IDS[:2])
    rows = [{"path": f"files/{d}.txt", "province": "辽宁", "year": "2023"} for d in SEED_IDS[:2]]
    with (tmp_path / "list.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["path", "province", "year"])
        w.writeheader()
        w.writerows(rows)
    pq.write_table(pa.Table.from_pylist([{"path": str(seed_path(SEED_IDS[2])), "year": 2024}]), tmp_path / "l.parquet")
    res = cli("batch", tmp_path / "list.csv", tmp_path / "l.parquet", "--out", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    recs = manifest(tmp_path / "out")
    assert recs[f"{SEED_IDS[0]}.txt"]["meta"] == {"province": "辽宁", "year": "2023"}
    assert recs[f"{SEED_IDS[2]}.txt"]["meta"] == {"year": 2024}
    docs = {r["doc"]: r for r in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert docs[SEED_IDS[1]]["meta_province"] == "辽宁" and docs[SEED_IDS[2]]["meta_year"] == "2024"

    (tmp_path / "bad.csv").write_text("file,year\nx.txt,2023\n", encoding="utf-8")
    bad = cli("batch", tmp_path / "bad.csv", "--out", tmp_path / "out2")
    assert bad.returncode == 2 and "bad.csv: has no `path` column (columns: file, year)" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_two_inputs_with_one_document_name_cannot_overwrite_each_other(tmp_path: Path) -> None:
    for dept in ("a", "b"):
        (tmp_path / "in" / dept).mkdir(parents=True)
        shutil.copy(seed_path(SEED_IDS[2]), tmp_path / "in" / dept / "report.txt")
    res = cli("batch", tmp_path / "in", "--out", tmp_path / "out")
    recs = {r["path"]: r for r in map(json.loads, (tmp_path / "out" / "manifest.jsonl").read_text().splitlines())}
    a, b = str(tmp_path / "in" / "a" / "report.txt"), str(tmp_path / "in" / "b" / "report.txt")
    assert recs[a]["status"] == "done" and recs[b]["status"] == "failed" and res.returncode == 1
    assert recs[b]["error"] == (
        f"{tmp_path / 'in' / 'b' / 'report.txt'}: has the same document name (report) as "
        f"{tmp_path / 'in' / 'a' / 'report.txt'}; outputs would overwrite each other (rename one of them)"
    )


def test_outputs_to_an_fsspec_url(tmp_path: Path) -> None:
    src = tmp_path / "in"
    seeds_into(src, SEED_IDS[:3])
    bad_inputs(src)
    url = (tmp_path / "remote").as_uri()  # file:///…: the fsspec code path an s3:// URL takes
    res = cli("batch", src, "--out", url, "--workers", "2")
    assert res.returncode == 1 and url in res.stdout
    local = tmp_path / "local"
    cli("batch", src, "--out", local, "--workers", "2")
    remote = tmp_path / "remote"
    for doc in SEED_IDS[:3]:
        for suffix in (".json", ".facts.jsonl", ".flags.jsonl"):
            assert (remote / f"{doc}{suffix}").read_bytes() == (local / f"{doc}{suffix}").read_bytes()
    assert ds.dataset(remote / "facts", partitioning="hive").count_rows() == sum(
        r["facts"] or 0 for r in manifest(local).values()
    )
    again = cli("batch", src, "--out", url)
    assert "0 done, 3 done before" in again.stdout
    assert len((remote / "manifest.jsonl").read_text().splitlines()) == 5  # rewritten whole, never appended
    assert not [p for p in remote.rglob("*") if p.is_file() and "tmp" in p.name]


def test_review_load_bulk_loads_a_batch(local_run: tuple[Path, subprocess.CompletedProcess], tmp_path: Path) -> None:
    from extractor.store import Store

    out, _ = local_run
    db = f"sqlite:///{tmp_path / 'review.db'}"
    res = cli("review", "load", out, "--db", db)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("6 documents loaded")
    done = {r["doc"]: r for r in manifest(out).values() if r["status"] == "done"}
    with Store(db) as store:
        docs = {d["doc"]: d for d in store.documents()}
        assert sorted(docs) == sorted(done)
        for doc, r in done.items():
            assert docs[doc]["facts"] == r["facts"] and docs[doc]["sha256"] == r["sha256"]
        assert store.text("scan_002") == (out / "scan_002.ocr.txt").read_text(encoding="utf-8")
    again = cli("review", "load", out, "--db", db)  # loading again keeps the review history
    assert again.returncode == 0


def test_workers_default_to_the_cores_and_never_outnumber_the_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.batch import BatchConfig, collect_inputs, engine, run_batch

    # "the cores" are those this process may run on (taskset, a Slurm allocation, a container's cpuset)
    one_core = subprocess.run(
        [sys.executable, "-c", "from extractor.batch.engine import _cores; print(_cores())"],
        capture_output=True, text=True, timeout=60, preexec_fn=lambda: os.sched_setaffinity(0, {0}),
    )  # fmt: skip
    assert one_core.stdout.strip() == "1", one_core.stderr

    monkeypatch.setattr(engine, "_cores", lambda: 3)  # a three-core machine
    seeds_into(tmp_path / "in", SEED_IDS[:4])
    seeds_into(tmp_path / "two", SEED_IDS[:2])
    for src, workers in (("in", 3), ("two", 2)):  # one worker per core, no more workers than inputs
        alive: list[int] = []

        def count_workers(_: dict, alive: list[int] = alive) -> None:  # the driver's live worker processes
            alive.append(len(mp.active_children()))

        inputs = collect_inputs([tmp_path / src])
        res = run_batch(inputs, BatchConfig(out=str(tmp_path / f"out_{src}")), on_record=count_workers)
        assert res.done == len(inputs) and alive and set(alive) == {workers}, (src, alive)


def test_the_closing_summary_counts_what_the_output_files_hold(
    local_run: tuple[Path, subprocess.CompletedProcess],
) -> None:
    out, res = local_run
    done = [r["doc"] for r in manifest(out).values() if r["status"] == "done"]
    lines = [json.loads(x) for d in done for x in (out / f"{d}.flags.jsonl").read_text(encoding="utf-8").splitlines()]
    severity = Counter(f["severity"] for f in lines)
    facts = sum(len((out / f"{d}.facts.jsonl").read_text(encoding="utf-8").splitlines()) for d in done)
    assert severity["error"] and severity["warning"] and severity["info"]
    summary = res.stdout.splitlines()[-1]
    assert summary == (
        f"  pages: 1 (1 OCR'd); facts: {facts}; "
        f"flags: {severity['error']} error, {severity['warning']} warning, {severity['info']} info"
    )


def test_a_progress_bar_counts_inputs_and_names_the_last_one(tmp_path: Path) -> None:
    src = tmp_path / "in"
    seeds_into(src, SEED_IDS[:2])
    out = tmp_path / "out"
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "160"}  # as in a terminal (stderr here is a pipe)

    def bar(*args: str | Path) -> str:
        res = subprocess.run([sys.executable, "-m", "extractor", "batch", *map(str, args)],
                             capture_output=True, text=True, timeout=300, env=env)  # fmt: skip
        assert res.returncode == 0, res.stderr
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", res.stderr)  # the frames, without terminal codes

    first = bar(src, "--out", out, "--workers", "2")
    assert "0/2" in first and "2/2" in first and " eta " in first
    assert re.search(r"batch \S+ 2/2 \d:\d\d:\d\d eta \d:\d\d:\d\d (" + "|".join(SEED_IDS[:2]) + r")\.txt", first), (
        first
    )
    shutil.copy(seed_path(SEED_IDS[2]), src)
    second = bar(src, "--out", out)
    assert "0/1 " in second and "2 done before" in second and "1/1 " in second and f"{SEED_IDS[2]}.txt" in second


# -- Ray: a local instance of 2 CPUs (one start per test; ~10 s each on two cores) ----------------------------


def test_ray_writes_the_same_outputs_as_the_local_run(
    archive: Path, local_run: tuple[Path, subprocess.CompletedProcess], tmp_path: Path
) -> None:
    local, _ = local_run
    out = tmp_path / "ray"
    res = cli("batch", archive, "--out", out, "--ray", "--workers", "2")
    assert res.returncode == 1, res.stderr
    assert sorted(errors(res)) == sorted(errors(local_run[1]))
    names = sorted(p.name for p in local.iterdir() if p.name.endswith(OUTPUT_SUFFIXES) and p.name != "run.json")
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(OUTPUT_SUFFIXES) and p.name != "run.json") == names
    for name in names:
        assert (out / name).read_bytes() == (local / name).read_bytes(), name
    for dataset in ("facts", "flags"):
        assert (
            ds.dataset(out / dataset, partitioning="hive")
            .to_table()
            .sort_by("doc")
            .equals(ds.dataset(local / dataset, partitioning="hive").to_table().sort_by("doc"))
        )
    recs = manifest(out)
    assert {n: r["status"] for n, r in recs.items()} == {n: r["status"] for n, r in manifest(local).items()}
    assert json.loads((out / "run.json").read_text())["executor"] == "ray:local"
    assert len({r["worker"] for r in recs.values() if "worker" in r}) == 2  # both Ray workers took inputs


def test_ray_worker_out_of_memory_fails_its_input_only(tmp_path: Path, slow_scan: Path) -> None:
    src = tmp_path / "in"
    seeds_into(src, SEED_IDS[:2])
    shutil.copy(slow_scan, src)
    res = cli("batch", src, "--out", tmp_path / "out", "--ray", "--workers", "2", "--memory-per-input", "400")
    recs = manifest(tmp_path / "out")
    assert res.returncode == 1 and recs["a_scan.pdf"]["status"] == "failed", res.stderr
    err = recs["a_scan.pdf"]["error"]
    assert "ran out of memory (limit 400 MiB per worker)" in err or "Ray worker died" in err, err
    assert [recs[f"{d}.txt"]["status"] for d in SEED_IDS[:2]] == ["done", "done"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def ray_cluster(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], Path, subprocess.Popen]]:
    """A running Ray cluster to join: a head node of 2 CPUs (`ray start --head --block`) with its own temp dir
    and ports, token-authenticated as Ray clusters are by default. Stopped afterwards through its own process
    (`ray stop` would stop every Ray instance on the machine, other test runs' included)."""
    ray_bin = Path(sys.executable).parent / "ray"
    need_service(ray_bin.exists(), f"{ray_bin} is missing (pip install 'extractor[ray]')")
    temp = Path(tempfile.mkdtemp(prefix="ray-"))  # short: Ray's socket paths under it must fit in 107 bytes
    env = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32),
           "RAY_USAGE_STATS_ENABLED": "0"}  # fmt: skip
    port = _free_port()
    log = tmp_path / "ray-head.log"
    with log.open("w") as fh:
        head = subprocess.Popen(
            [ray_bin, "start", "--head", "--block", "--num-cpus", "2", "--port", str(port), "--temp-dir", temp,
             "--disable-usage-stats", "--include-dashboard", "false", "--dashboard-port", str(_free_port()),
             "--dashboard-agent-listen-port", str(_free_port())],
            env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        t0 = time.monotonic()
        while not (temp / "ray_current_cluster").exists() and head.poll() is None and time.monotonic() - t0 < 90:
            time.sleep(0.2)
        up = head.poll() is None and (temp / "ray_current_cluster").exists()
        need_service(up, f"a Ray head node cannot start: {log.read_text()[-2000:]}")
        yield f"127.0.0.1:{port}", env, temp, head
    finally:
        head.terminate()  # SIGTERM: `ray start --block` stops its node's processes
        with suppress(subprocess.TimeoutExpired):
            head.wait(30)
        with suppress(ProcessLookupError):
            os.killpg(head.pid, signal.SIGKILL)  # whatever of its process group outlived it
        head.wait()
        shutil.rmtree(temp, ignore_errors=True)


def test_ray_joins_a_running_cluster_and_writes_the_same_facts(
    ray_cluster: tuple[str, dict[str, str], Path, subprocess.Popen],
    local_run: tuple[Path, subprocess.CompletedProcess],
    tmp_path: Path,
) -> None:
    address, env, temp, head = ray_cluster
    src = tmp_path / "in"
    seeds_into(src, SEED_IDS[:3])
    (src / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    out = tmp_path / "out"
    res = subprocess.run(
        [sys.executable, "-m", "extractor", "batch", src, "--out", out, "--ray", address],
        capture_output=True, text=True, timeout=180, env=env,
    )  # fmt: skip
    assert res.returncode == 1, res.stderr
    assert "3 done, 1 failed" in res.stdout
    local, _ = local_run
    for doc in SEED_IDS[:3]:
        for suffix in (".json", ".facts.jsonl", ".flags.jsonl"):
            assert (out / f"{doc}{suffix}").read_bytes() == (local / f"{doc}{suffix}").read_bytes(), doc + suffix
    recs = manifest(out)
    assert recs["minutes.txt"]["status"] == "failed" and recs["minutes.txt"]["error"].startswith(
        f"{src / 'minutes.txt'}: no 部门决算 table title"
    )
    assert json.loads((out / "run.json").read_text())["executor"] == f"ray:{address}"
    # the cluster's own workers read the inputs (their logs are in its session), and joining left it running
    cluster_pids = {int(p.stem.rsplit("_", 1)[1]) for p in temp.glob("session_*/logs/python-core-worker-*.log")}
    assert {int(r["worker"].rsplit(":", 1)[1]) for r in recs.values()} <= cluster_pids, (recs, cluster_pids)
    assert head.poll() is None


def test_ray_takes_an_optional_address() -> None:
    from extractor.cli import ray_argv

    assert ray_argv(["batch", "in/", "--out", "o", "--ray"]) == ["batch", "in/", "--out", "o", "--ray=local"]
    assert ray_argv(["batch", "--ray", "--workers", "2", "in/"])[1] == "--ray=local"
    assert ray_argv(["batch", "--ray", "archive/", "--out", "o"])[1:3] == ["--ray=local", "archive/"]
    for address in ("auto", "head.example:6379", "ray://10.0.0.5:10001"):
        assert ray_argv(["batch", "in/", "--ray", address]) == ["batch", "in/", "--ray", address]
    help_text = cli("batch", "--help").stdout
    assert "--ray" in help_text and "--retry-failed" in help_text and "--timeout-per-input" in help_text


def test_one_batch_per_output_folder(tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with (out / ".batch.lock").open("w") as held:  # as a batch still running on this folder holds it
        fcntl.flock(held, fcntl.LOCK_EX)
        res = cli("batch", seed_path(SEED_IDS[1]), "--out", out)
    assert res.returncode == 2 and "another `extractor batch` is writing to this folder" in res.stderr
    assert not (out / "manifest.jsonl").exists()


def test_a_native_library_that_cannot_load_under_the_memory_limit_is_out_of_memory() -> None:
    """The OCR runtime is imported by the first scan a worker reads; under ``--memory-per-input`` its shared
    library may fail to map (seen in CI: onnxruntime's ``cannot map zero-fill pages``) — the input needs more
    memory, which the batch reports as such and answers with a fresh worker, not as an internal error."""
    from extractor.errors import out_of_memory

    so = "/venv/lib/python3.11/site-packages/onnxruntime/capi/onnxruntime_pybind11_state.so"
    assert out_of_memory(ImportError(f"{so}: cannot map zero-fill pages"))
    assert out_of_memory(ImportError(f"{so}: failed to map segment from shared object"))
    assert not out_of_memory(ImportError("No module named 'onnxruntime'"))  # not installed: a real error
