"""What a batch worker does with one input: the same ``pipeline.process()`` and the same output files as
``extract``, plus the document's Parquet partitions, then one record for the manifest.

The same function runs in a local worker process and in a Ray actor. A worker is a long-lived process (the
OCR model loads once per worker, not once per input) that reads one input at a time under a memory limit
(``RLIMIT_DATA``: the worker's heap); the driver enforces the time limit by killing the worker. Whatever
goes wrong with an input — a bad file, a bug in a reader, memory — becomes a ``failed`` record with a
one-line reason; it never escapes the worker.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import socket
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from extractor.checks import CheckConfig
from extractor.errors import ExtractorError, out_of_memory
from extractor.ocr.engines import THREADS_ENV
from extractor.pipeline import DocResult, flag_counts, output_files, process, tune_gc

from .outputs import Sink, doc_outputs, open_sink, partition


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker needs, picklable (it travels to worker processes and Ray nodes)."""

    out: str
    backend: str = "rules"
    checks: CheckConfig | None = None
    ocr_engine: str | None = None
    memory_mib: int | None = None


@dataclass(frozen=True)
class Task:
    """One input handed to a worker."""

    path: str
    doc: str


Record = dict[str, Any]


class WorkerState:
    """Per-process state: the memory limit, the backend instance and the output sink, set up once."""

    def __init__(self, cfg: WorkerConfig) -> None:
        self.cfg = cfg
        limit_memory(cfg.memory_mib)
        tune_gc()
        # one worker, one core (what Ray schedules too): OCR on one thread, unless the user said otherwise
        os.environ.setdefault(THREADS_ENV, "1")
        from extractor.backends import get_backend

        self.backend = get_backend(cfg.backend)
        self.sink: Sink = open_sink(cfg.out)
        self.name = f"{socket.gethostname()}:{os.getpid()}"

    def run(self, task: Task) -> Record:
        return run_one(task, self)


def limit_memory(mib: int | None) -> None:
    """Cap this process's heap: past it allocations fail (``MemoryError``) instead of taking the machine."""
    if not mib:
        return
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (ValueError, OSError):  # a platform without RLIMIT_DATA: the time limit still holds
        pass


def run_one(task: Task, state: WorkerState) -> Record:
    """Process one input and write its outputs; never raises. ``restart`` asks for a fresh worker process."""
    t0, cpu0 = time.perf_counter(), cpu_seconds()
    rec: Record = {"path": task.path, "doc": task.doc}
    try:
        res = process(task.path, state.backend, state.cfg.checks, state.cfg.ocr_engine)
        if res.source.doc_id != task.doc:  # the driver names outputs by stem, as ingest does
            raise ExtractorError(f"{task.path}: document id {res.source.doc_id!r} is not {task.doc!r}")
        _write(state.sink, res)
        rec.update(_done(res))
    except ExtractorError as exc:
        rec.update(status="failed", error=one_line(str(exc)))
    except Exception as exc:  # a bug on one input must not stop the batch: record it, name it
        if out_of_memory(exc):
            mib = state.cfg.memory_mib
            error = f"{task.path}: ran out of memory (limit {mib} MiB per worker)"
            rec.update(status="failed", error=error, restart=True)
        else:
            rec.update(status="failed", error=one_line(f"{task.path}: internal error ({type(exc).__name__}: {exc})"))
    if rec["status"] == "failed":
        rec.update(sha256=file_sha256(task.path), facts=None, flags=None)
        _remove_quietly(state.sink, task.doc)  # outputs of an earlier success would now be stale
    rec.update(seconds=round(time.perf_counter() - t0, 3), cpu_seconds=round(cpu_seconds() - cpu0, 3))
    rec.update(worker=state.name, worker_rss_mib=peak_rss_mib())
    rec["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return rec


def _write(sink: Sink, res: DocResult) -> None:
    from extractor.export import facts_table, flags_table, parquet_bytes

    for name, content in output_files(res).items():
        sink.write(name, content)
    doc = res.source.doc_id
    sink.write(partition("facts", doc), parquet_bytes(facts_table(res.facts).drop_columns(["doc"])))
    sink.write(partition("flags", doc), parquet_bytes(flags_table(res.flags).drop_columns(["doc"])))


def _done(res: DocResult) -> Record:
    pages = res.source.ocr.pages if res.source.ocr is not None else None
    return {
        "sha256": res.source.sha256,
        "status": "done",
        "error": None,
        "facts": len(res.facts),
        "flags": flag_counts(res.flags),
        "pages": len(pages) if pages is not None else None,
        "ocr_pages": sum(p.method == "ocr" for p in pages) if pages is not None else 0,
        "timings": {k: round(v, 4) for k, v in res.timings.items()},
    }


def _remove_quietly(sink: Sink, doc: str) -> None:
    for name in doc_outputs(doc):
        with contextlib.suppress(OSError):
            sink.remove(name)


def one_line(message: str) -> str:
    return " ".join(message.split())


def file_sha256(path: str) -> str | None:
    """The input's sha256, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def cpu_seconds() -> float:
    """CPU time this process (all its threads) and its finished children (tesseract) have used so far."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_rss_mib() -> float:
    """This process's peak resident memory so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def local_worker_main(conn: Any, cfg: WorkerConfig) -> None:
    """Entry point of a local worker process: ``ready``, then one record per task until told to stop.

    Ctrl-C is the driver's to handle (it kills workers), so the worker ignores SIGINT; it also exits when the
    driver is gone (its pipe closes, or its parent changes), so a killed driver leaves no workers behind."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def orphan_watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=orphan_watch, daemon=True).start()
    try:
        state = WorkerState(cfg)
    except MemoryError:
        conn.send(("error", f"a worker ran out of memory while starting (limit {cfg.memory_mib} MiB per worker)"))
        return
    except Exception as exc:  # a broken installation, a bad backend configuration
        conn.send(("error", one_line(f"{type(exc).__name__}: {exc}")))
        return
    conn.send(("ready", state.name))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        rec = run_one(task, state)
        try:
            conn.send(("record", rec))
        except OSError:  # the driver is gone; its next run redoes this input
            return
        if rec.get("restart"):
            return
