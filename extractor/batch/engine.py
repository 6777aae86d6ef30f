"""The batch driver: plan what is left to do, hand inputs to workers, record each result as it arrives.

``manifest.jsonl`` is the batch's memory. A record is appended (and fsynced) for each input the moment its
worker answers, after the worker has written the input's outputs, so at any instant every ``done`` record
has its outputs; outputs without a record are simply redone. Re-running the same command reads the
manifest and skips every input already done with the same sha256 (and, unless ``retry_failed``, every
input that failed with the same sha256). Ctrl-C, SIGTERM or a killed worker lose at most the inputs in
flight. At the end (also after Ctrl-C) the manifest is compacted to one line per input and ``run.json``
and ``documents.parquet`` are rewritten from it.
"""

from __future__ import annotations

import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from extractor import __version__
from extractor.checks import CheckConfig
from extractor.errors import ConfigError
from extractor.pipeline import sigterm_interrupts
from extractor.schemas import SEVERITIES

from .inputs import Input
from .outputs import Sink, open_sink
from .pools import LocalPool, Pool
from .worker import Record, Task, WorkerConfig, file_sha256

MANIFEST = "manifest.jsonl"
#: an object store cannot append: the manifest is rewritten whole at most this often (and at the end)
FLUSH_SECONDS = 15.0
DEFAULT_TIMEOUT = 600.0
DEFAULT_MEMORY_MIB = 4096


@dataclass(frozen=True)
class BatchConfig:
    """How to run a batch. ``ray``: None (local processes), ``"local"`` (a local Ray instance) or an address."""

    out: str
    workers: int | None = None
    ray: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    memory_mib: int | None = DEFAULT_MEMORY_MIB
    retry_failed: bool = False
    backend: str = "rules"
    checks: CheckConfig | None = None
    ocr_engine: str | None = None


@dataclass
class BatchResult:
    """What one ``batch`` call did, and the state of its inputs afterwards."""

    out: str
    inputs: int = 0
    done: int = 0  # processed by this call
    failed: int = 0  # failed in this call
    skipped: int = 0  # already done with the same sha256
    failed_before: int = 0  # failed in an earlier call, not retried
    interrupted: bool = False
    lost: list[str] = field(default_factory=list)  # in flight when interrupted
    wall_seconds: float = 0.0
    records: list[Record] = field(default_factory=list)  # latest record of every input of this call

    @property
    def failures(self) -> list[Record]:
        return [r for r in self.records if r["status"] == "failed"]

    def totals(self) -> dict[str, Any]:
        """Over this call's inputs that are done: pages, pages OCR'd, facts, flags by severity."""
        done = [r for r in self.records if r["status"] == "done"]
        return {
            "pages": sum(r.get("pages") or 0 for r in done),
            "ocr_pages": sum(r.get("ocr_pages") or 0 for r in done),
            "facts": sum(r.get("facts") or 0 for r in done),
            "flags": {s: sum(r["flags"].get(s, 0) for r in done) for s in SEVERITIES},
        }


class Manifest:
    """The latest record per input path, persisted in ``manifest.jsonl``."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.records: dict[str, Record] = {}
        self._flushed = time.monotonic()
        self._dirty = False

    def load(self) -> Manifest:
        """Read the manifest and rewrite it compacted (one line per input; a torn last line dropped)."""
        self.records = read_manifest(self.sink)
        if self.records:
            self.flush()
        return self

    def add(self, rec: Record) -> None:
        self.records[rec["path"]] = rec
        if self.sink.can_append:
            self.sink.append(MANIFEST, _line(rec))
        else:
            self._dirty = True
            if time.monotonic() - self._flushed >= FLUSH_SECONDS:
                self.flush()

    def flush(self) -> None:
        self.sink.write(MANIFEST, "".join(_line(r) for r in self.records.values()))
        self._flushed, self._dirty = time.monotonic(), False


def read_manifest(sink: Sink) -> dict[str, Record]:
    """The latest record per input path. A torn last line (a killed driver) is ignored."""
    records: dict[str, Record] = {}
    for line in (sink.read_text(MANIFEST) or "").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and "path" in rec and rec.get("status") in ("done", "failed"):
            records[rec["path"]] = rec
    return records


def _line(rec: Record) -> str:
    return json.dumps(rec, ensure_ascii=False) + "\n"


#: a manifest line's keys in reading order: the issue's columns first
RECORD_KEYS = ("path", "sha256", "status", "error", "seconds", "facts", "flags", "doc", "pages", "ocr_pages",
               "cpu_seconds", "timings", "worker", "worker_rss_mib", "finished_at", "meta")  # fmt: skip


def _key_order(key: str) -> int:
    return RECORD_KEYS.index(key) if key in RECORD_KEYS else len(RECORD_KEYS)


@dataclass
class _Plan:
    tasks: list[Task] = field(default_factory=list)
    skipped: int = 0
    failed_before: int = 0
    refused: list[Record] = field(default_factory=list)  # name clashes, failed without running


def plan(inputs: list[Input], manifest: Manifest, names: set[str], retry_failed: bool) -> _Plan:
    """Which inputs to run. A done input is skipped when its outputs exist and its bytes are unchanged; a
    document name (the file's stem, as ``extract`` names outputs) belongs to the first path that used it."""
    prev = manifest.records
    recheck = [i for i in inputs if i.path in prev and _skippable(prev[i.path], names, retry_failed)]
    with ThreadPoolExecutor(max_workers=8) as hashing:  # only inputs that may be skipped are hashed here
        sha = dict(zip([i.path for i in recheck], hashing.map(file_sha256, [i.path for i in recheck]), strict=True))
    owner = {r["doc"]: p for p, r in prev.items() if r["status"] == "done" and r.get("doc")}
    out = _Plan()
    for inp in inputs:
        rec = prev.get(inp.path)
        if rec is not None and inp.path in sha and sha[inp.path] == rec.get("sha256"):
            if rec["status"] == "done":
                out.skipped += 1
            else:
                out.failed_before += 1
            continue
        holder = owner.setdefault(inp.doc, inp.path)
        if holder != inp.path:
            out.refused.append(
                _failed(inp, f"{inp.path}: has the same document name ({inp.doc}) as {holder}; outputs would "
                             "overwrite each other (rename one of them)")
            )  # fmt: skip
            continue
        out.tasks.append(Task(inp.path, inp.doc))
    return out


def _skippable(rec: Record, names: set[str], retry_failed: bool) -> bool:
    if rec["status"] == "done":
        return f"{rec.get('doc')}.facts.jsonl" in names
    return not retry_failed


def _failed(inp: Input | Task, reason: str) -> Record:
    return {
        "path": inp.path, "doc": inp.doc, "sha256": file_sha256(inp.path), "status": "failed",
        "error": reason, "seconds": 0.0, "facts": None, "flags": None,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }  # fmt: skip


def run_batch(
    inputs: list[Input],
    cfg: BatchConfig,
    on_start: Callable[[int, int], None] | None = None,
    on_record: Callable[[Record], None] | None = None,
) -> BatchResult:
    """Run every input not yet done; ``on_start(to_run, already_done)`` and ``on_record(record)`` report progress.

    Ctrl-C (or SIGTERM) stops the workers at once; the result then has ``interrupted`` and the inputs lost.
    """
    if cfg.timeout <= 0:
        raise ConfigError("--timeout-per-input must be > 0 seconds")
    t0 = time.perf_counter()
    sink = open_sink(cfg.out)
    sink.lock()
    try:
        manifest = Manifest(sink).load()
        todo = plan(inputs, manifest, sink.names(), cfg.retry_failed)
        result = BatchResult(out=sink.url, inputs=len(inputs), skipped=todo.skipped, failed_before=todo.failed_before)
        meta = {i.path: i.meta for i in inputs if i.meta}

        def record(rec: Record) -> None:
            rec.pop("restart", None)
            if rec["path"] in meta:
                rec["meta"] = meta[rec["path"]]
            rec = {k: rec[k] for k in sorted(rec, key=_key_order)}
            manifest.add(rec)
            if rec["status"] == "done":
                result.done += 1
            else:
                result.failed += 1
            if on_record:
                on_record(rec)

        if on_start:
            on_start(len(todo.tasks) + len(todo.refused), todo.skipped + todo.failed_before)
        for rec in todo.refused:
            record(rec)
        if todo.tasks:
            worker_cfg = WorkerConfig(cfg.out, cfg.backend, cfg.checks, cfg.ocr_engine, cfg.memory_mib)
            with sigterm_interrupts(), _pool(cfg, worker_cfg, len(todo.tasks)) as pool:
                lost = _drive(pool, todo.tasks, cfg.timeout, record)
            result.interrupted, result.lost = lost is not None, lost or []
        result.records = [manifest.records[i.path] for i in inputs if i.path in manifest.records]
        finish(sink, manifest, cfg, t0)
        result.wall_seconds = time.perf_counter() - t0
        return result
    finally:
        sink.close()


def _drive(pool: Pool, tasks: list[Task], timeout: float, record: Callable[[Record], None]) -> list[str] | None:
    """Keep every slot busy until the queue is empty. On Ctrl-C, kill the workers and return the inputs that
    were in flight (None when the run was not interrupted)."""
    queue = deque(tasks)
    running: dict[int, tuple[Task, float]] = {}
    try:
        while queue or running:
            for slot in pool.idle():
                if not queue:
                    break
                task = queue.popleft()
                pool.submit(slot, task)
                running[slot] = (task, time.monotonic() + timeout)
            nearest = min((d for _, d in running.values()), default=time.monotonic() + 1.0)
            for slot, rec, reason in pool.wait(min(1.0, max(0.0, nearest - time.monotonic()))):
                task, _ = running.pop(slot)
                if rec is None:
                    rec = _failed(task, f"{task.path}: {reason}")
                elif rec.get("restart"):
                    pool.kill(slot)  # after a MemoryError the process is not to be trusted
                record(rec)
            now = time.monotonic()
            for slot, (task, deadline) in list(running.items()):
                if now >= deadline:
                    pool.kill(slot)
                    del running[slot]
                    record(_failed(task, f"{task.path}: timed out after {timeout:g} s (--timeout-per-input)"))
    except KeyboardInterrupt:
        pool.close()
        return [t.path for t, _ in running.values()]
    return None


@contextmanager
def _pool(cfg: BatchConfig, worker_cfg: WorkerConfig, n_tasks: int) -> Iterator[Pool]:
    """Workers for the batch, stopped on the way out (idle by then, or killed mid-input on Ctrl-C or error)."""
    if cfg.ray is None:
        pool: Pool = LocalPool(max(1, min(cfg.workers or _cores(), n_tasks)), worker_cfg)
        try:
            yield pool
        finally:
            pool.close()
        return
    from .ray_pool import RayPool, ray_session

    with ray_session(cfg.ray, cfg.workers) as slots:
        pool = RayPool(max(1, min(slots, n_tasks)), worker_cfg)
        try:
            yield pool
        finally:
            pool.close()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def finish(sink: Sink, manifest: Manifest, cfg: BatchConfig, t0: float) -> None:
    """Compact the manifest; rewrite ``run.json`` and ``documents.parquet`` from it."""
    manifest.flush()
    recs = list(manifest.records.values())
    sink.write("run.json", json.dumps(run_json(recs, cfg, t0), ensure_ascii=False, indent=2) + "\n")
    sink.write("documents.parquet", documents_parquet(recs))


def run_json(recs: list[Record], cfg: BatchConfig, t0: float) -> dict[str, Any]:
    """The batch as ``extract``'s run.json, so ``extractor check DIR`` finds every input's source."""
    totals: dict[str, float] = {}
    for r in recs:
        for stage, secs in (r.get("timings") or {}).items():
            totals[stage] = round(totals.get(stage, 0.0) + secs, 4)
    inputs = [
        {"path": r["path"], "status": "ok" if r["status"] == "done" else "error", "doc": r.get("doc"),
         "sha256": r.get("sha256"), "facts": r.get("facts"), "flags": r.get("flags"), "error": r.get("error"),
         "seconds": r.get("seconds")}
        for r in recs
    ]  # fmt: skip
    return {
        "tool": "extractor",
        "version": __version__,
        "command": "batch",
        "backend": cfg.backend,
        "executor": "local" if cfg.ray is None else f"ray:{cfg.ray}",
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - t0, 4),
        "timings": totals,
        "documents": sum(r["status"] == "done" for r in recs),
        "errors": sum(r["status"] == "failed" for r in recs),
        "inputs": inputs,
    }


def documents_parquet(recs: list[Record]) -> bytes:
    """One row per input: status, counts, and the manifest's metadata columns (as ``meta_<name>``)."""
    import pyarrow as pa

    from extractor.export import parquet_bytes

    meta_keys = sorted({k for r in recs for k in (r.get("meta") or {})})
    rows = [
        {
            "doc": r.get("doc"), "path": r["path"], "sha256": r.get("sha256"), "status": r["status"],
            "error": r.get("error"), "seconds": r.get("seconds"), "facts": r.get("facts"),
            **{f"flags_{s}": (r.get("flags") or {}).get(s) for s in SEVERITIES},
            "pages": r.get("pages"), "ocr_pages": r.get("ocr_pages"), "finished_at": r.get("finished_at"),
            **{f"meta_{k}": _text((r.get("meta") or {}).get(k)) for k in meta_keys},
        }
        for r in recs
    ]  # fmt: skip
    fields = [("doc", pa.string()), ("path", pa.string()), ("sha256", pa.string()), ("status", pa.string()),
              ("error", pa.string()), ("seconds", pa.float64()), ("facts", pa.int64()),
              *[(f"flags_{s}", pa.int64()) for s in SEVERITIES], ("pages", pa.int64()), ("ocr_pages", pa.int64()),
              ("finished_at", pa.string()), *[(f"meta_{k}", pa.string()) for k in meta_keys]]  # fmt: skip
    return parquet_bytes(pa.Table.from_pylist(rows, schema=pa.schema(fields)))


def _text(v: object) -> str | None:
    return None if v is None else str(v)
