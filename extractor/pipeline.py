"""The pipeline: run every stage on each input, verify every fact against its span, write results.

Per input ``DIR/<stem>.json`` (the full extraction) and ``DIR/<stem>.facts.jsonl`` are written
atomically (temp file + rename), so a failure never leaves partial output; ``DIR/run.json`` records what
ran. A bad input is reported and skipped; the other inputs are still processed.
"""

from __future__ import annotations

import gc
import json
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extractor import __version__
from extractor.backends import Backend, get_backend
from extractor.checks import CheckConfig, identity_failures, run_checks
from extractor.chunk import chunk
from extractor.coverage import coverage, is_report
from extractor.errors import ExtractorError, InputError, NotAReportError, OutputError, out_of_memory
from extractor.fileio import atomic_write
from extractor.ingest import Source, ingest
from extractor.normalize import normalize, normalize_value, reads_as, without_markup
from extractor.redact import redact, redact_json, remember
from extractor.schemas import Extraction, Fact, OcrProvenance, TableRow, Unread
from extractor.schemas.flags import SEVERITIES, Flag
from extractor.segment import segment

STAGES = ("ingest", "normalize", "segment", "chunk", "extract", "verify", "check")
RUN_JSON = "run.json"


@dataclass
class DocResult:
    """One processed input: the extraction, its verified facts and how long each stage took."""

    source: Source
    extraction: Extraction
    facts: list[Fact]
    chunks: int
    timings: dict[str, float] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)  # per template table: read, missing, unread …
    chunks_sent: int | None = None  # chunks the backend sent to a model (None: no model)


#: the collector's thresholds in the program's own processes: allocations between two young-generation
#: collections, and young (then middle) collections between two of the next generation (CPython: 700, 10, 10)
GC_THRESHOLDS = (20_000, 50, 50)


def tune_gc() -> None:
    """Collect garbage less often in a process that runs the pipeline (the CLI, a batch worker), not when it is
    used as a library. Reading a report allocates many short-lived small objects (placement candidates, tokens):
    at CPython's default threshold the collector runs thousands of times per report, re-scanning every
    long-lived object each time — about a sixth of the CPU time on text reports (``eval/bench_rules.py``).
    Freezing what the imports made and a higher threshold keep cycles collected, just less often."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def process(
    path: str | Path,
    backend: str | Backend = "rules",
    checks: CheckConfig | None = None,
    ocr_engine: str | None = None,
) -> DocResult:
    """Run all stages on one file, checks included unless ``checks`` disables them all.

    PDFs and images are read through their text layer or OCR (``ocr_engine``: rapidocr or tesseract).
    Raises ``InputError`` (or ``NotAReportError``) for unusable input.
    """
    timings: dict[str, float] = {}
    clock = _Clock(timings)
    with clock("ingest"):
        source = ingest(path, ocr_engine)
    with clock("normalize"):
        text = normalize(source)
    with clock("segment"):
        doc = segment(text, source.doc_id)
    with clock("chunk"):
        chunks = chunk(doc)
    with clock("extract"):
        impl = backend if isinstance(backend, Backend) else get_backend(backend)
        extraction = impl.extract(doc, chunks)
        sent = impl.chunks_sent()
        if source.ocr is not None:
            extraction.ocr = OcrProvenance.model_validate(source.ocr.to_json())
    with clock("verify"):
        facts, rejected = verify(source.text, extraction.to_facts(), repaired_facts(extraction))
        if rejected:
            _prune(extraction, {(f.table, f.row, f.col) for f in extraction.to_facts()} - {_key(f) for f in facts})
        extraction.unread.extend(rejected)
    if not is_report(doc, extraction):
        raise NotAReportError(
            source.path,
            "no 部门决算 table title and no figure sentence found; is this a departmental final-accounts report?",
        )
    covered, notes = coverage(doc, extraction)
    extraction.unread.extend(notes)
    with clock("check"):
        flags = run_checks(extraction, source.text, checks)
        _mark_failing(extraction, identity_failures(flags))
    return DocResult(
        source=source,
        extraction=extraction,
        facts=facts,
        chunks=len(chunks),
        timings=timings,
        flags=flags,
        coverage=covered,
        chunks_sent=sent,
    )


def _mark_failing(extraction: Extraction, failing: AbstractSet[tuple[str, str, str]]) -> None:
    """A figure read as printed (``clean``, or a backend that did not say) that a check finds failing an identity of
    its table reads ``identity_fails``: the reviewer's filter (``review list --confidence identity_fails``) and the
    review page then show it as the checks see it. A repaired or confirmed reading keeps what it says."""
    for t in extraction.tables:
        rows: list[TableRow[Any]] = t.rows
        for r in rows:
            for col, amount in r.cells.items():
                if amount.confidence in (None, "clean") and (t.table, r.row, col) in failing:
                    amount.confidence = "identity_fails"


def _key(f: Fact) -> tuple[str, str, str]:
    return (f.table, f.row, f.col)


def _prune(extraction: Extraction, drop: AbstractSet[tuple[str, str, str]]) -> None:
    """Remove values that failed verification from the extraction, so nothing downstream sees them."""
    for t in extraction.tables:
        rows: list[TableRow[Any]] = t.rows  # any table's rows: columns as plain strings
        for r in rows:
            for col in [c for c in r.cells if (t.table, r.row, c) in drop]:
                del r.cells[col]
    extraction.narrative = [n for n in extraction.narrative if ("narrative", n.row, n.col) not in drop]
    for p in extraction.performance:
        for p_col in [c for c in p.cells if ("performance", p.project, c) in drop]:
            del p.cells[p_col]


def repaired_facts(extraction: Extraction) -> set[tuple[str, str, str]]:
    """Keys of the table values repaired from damaged OCR print (``Amount.repaired_from``)."""
    return {
        (t.table, r.row, col)
        for t in extraction.tables
        for r in t.rows
        for col, a in r.cells.items()
        if a.repaired_from
    }


def verify(
    original: str, facts: Iterable[Fact], repaired: set[tuple[str, str, str]] | None = None
) -> tuple[list[Fact], list[Unread]]:
    """Keep facts whose span text normalizes to their value; the rest become ``Unread`` notes.

    A fact in ``repaired`` (a value repaired from damaged OCR print) is kept when its span text is one of the
    documented repairs of its value (``normalize.reads_as``): it still points at what was printed, and says
    how it was read.
    """
    kept: list[Fact] = []
    rejected: list[Unread] = []
    repaired = repaired or set()
    for f in facts:
        text = original[slice(*f.span)] if f.span is not None and f.span[1] <= len(original) else None
        ok = text is not None and (
            normalize_value(without_markup(text)) == f.value or (_key(f) in repaired and reads_as(text, f.value))
        )
        if ok:
            kept.append(f)
        else:
            rejected.append(
                Unread(
                    what=f"{f.table}/{f.row}/{f.col}",
                    reason=f"value {f.value} not found at its span",
                    span=f.span,
                )
            )
    return kept, rejected


@dataclass
class RunReport:
    """What one ``extract`` call did; serialised as run.json."""

    backend: str
    out_dir: str
    inputs: list[dict[str, Any]] = field(default_factory=list)
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    wall_seconds: float = 0.0
    llm: dict[str, Any] | None = None  # the backend's run_info(): model calls, cache hits, tokens
    status: str = "running"  # running | complete | interrupted
    paths: list[str] = field(default_factory=list)  # every input asked for, in order

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [i for i in self.inputs if i["status"] != "ok"]

    def to_json(self) -> dict[str, Any]:
        totals: dict[str, float] = {}
        for i in self.inputs:
            for stage, secs in i.get("timings", {}).items():
                totals[stage] = round(totals.get(stage, 0.0) + secs, 6)
        return {
            "tool": "extractor",
            "version": __version__,
            "backend": self.backend,
            "status": self.status,
            "started_at": self.started_at,
            "wall_seconds": round(self.wall_seconds, 4),
            "timings": totals,
            "documents": len(self.inputs) - len(self.failed),
            "errors": len(self.failed),
            "inputs": self.inputs,
            **({"not_processed": self.paths[len(self.inputs) :]} if len(self.paths) > len(self.inputs) else {}),
            **({"llm": self.llm} if self.llm is not None else {}),
        }


def run(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    backend: str = "rules",
    on_done: Callable[[str, str], None] | None = None,
    checks: CheckConfig | None = None,
    db: str | None = None,
    backend_options: dict[str, Any] | None = None,
    ocr_engine: str | None = None,
) -> RunReport:
    """Process every input, writing results as each finishes; ``on_done(path, status)`` reports progress.

    No input takes the run down: any failure of one input (a damaged file, a bug, running out of memory)
    is recorded as that input's error and the others go on. ``DIR/run.json`` is written when the run
    starts (``status: running``), after inputs as they finish (as long as rewriting it costs under 5% of
    the run: a run of thousands of inputs does not rewrite it thousands of times), and at the end —
    ``complete``, or ``interrupted`` on Ctrl-C / SIGTERM (the interrupt then propagates) — so it never
    describes an earlier run.
    With ``db`` (a database URL), each result is also loaded into the review store (``extractor.store``).
    """
    impl = get_backend(backend)  # an unknown backend is a usage error before any file is touched
    impl.configure(**(backend_options or {}))  # a bad option too (Backend.configure: none taken by default)
    remember(impl.secrets())
    out = _prepare_out(out_dir)
    report = RunReport(backend=backend, out_dir=str(out), paths=[str(p) for p in paths])
    t0 = time.perf_counter()
    writing = _write_run_json(out, report, first=True)  # seconds spent writing run.json so far
    store = _open_store(db, checks) if db else None
    seen: dict[str, str] = {}
    try:
        with sigterm_interrupts():
            for path in paths:
                entry = _run_one(path, out, impl, checks, ocr_engine, store, seen)
                report.inputs.append(entry)
                report.wall_seconds = time.perf_counter() - t0
                if writing <= 0.05 * report.wall_seconds:
                    writing += _write_run_json(out, report)
                if on_done:
                    on_done(str(path), entry["status"] if entry["status"] == "ok" else entry["error"])
        report.status = "complete"
    except KeyboardInterrupt:
        report.status = "interrupted"
        raise
    finally:
        report.wall_seconds = time.perf_counter() - t0
        report.llm = _run_info(impl)
        if store is not None:
            store.close()
        _write_run_json(out, report)
    return report


def _run_one(
    path: str | Path,
    out: Path,
    impl: Backend,
    checks: CheckConfig | None,
    ocr_engine: str | None,
    store: Any,
    seen: dict[str, str],
) -> dict[str, Any]:
    """One input, start to finish; every failure (not only ours) becomes its ``status: error`` entry."""
    entry: dict[str, Any] = {"path": str(path)}
    try:
        stem = Path(path).stem
        if stem.casefold() == Path(RUN_JSON).stem:
            raise InputError(path, f"its outputs would overwrite the run summary {RUN_JSON}; rename the file")
        if stem.casefold() in seen:
            other = seen[stem.casefold()]
            raise NotAReportError(path, f"has the same name as {other}; outputs would overwrite each other")
        res = process(path, impl, checks, ocr_engine)
        seen[stem.casefold()] = str(path)
        _write_outputs(out, res)
        entry.update(run_entry(res))
        if store is not None:
            try:
                loaded = store.load_document(
                    res.extraction, res.source.text, res.source.sha256, path=str(path), version=__version__
                )
            except ExtractorError as exc:
                raise OutputError(f"{path}: written to {out}, but not loaded into the review store: {exc}") from None
            entry.update(run_id=loaded.run_id, store_doc=loaded.doc)
    except ExtractorError as exc:
        entry.update(status="error", error=redact(str(exc)))
    except Exception as exc:  # a bug must not cost the other inputs their results
        if out_of_memory(exc):
            entry.update(status="error", error=f"{path}: ran out of memory reading this file; nothing written for it")
        else:
            detail = redact(" ".join(str(exc).split())[:300])
            error = f"{path}: internal error ({type(exc).__name__}: {detail}); please report it"
            entry.update(status="error", error=error)
    return redact_json(entry)  # once, here: run.json is rewritten as the run goes


def _run_info(impl: Backend) -> dict[str, Any] | None:
    try:
        return impl.run_info()
    except Exception:  # the run record must still be written
        return None


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a stopped job, a preempted batch, a killed container) ends the run like Ctrl-C: what is written
    stays, run.json / the manifest say interrupted (main thread only: signals are delivered there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _write_run_json(out: Path, report: RunReport, first: bool = False) -> float:
    """Write run.json, secrets redacted (the inputs' entries were, when made); returns the seconds it took.
    If the first write fails, a run.json left from an earlier run is removed, so it cannot pass for this
    run's."""
    t = time.perf_counter()
    data = {k: v if k == "inputs" else redact_json(v) for k, v in report.to_json().items()}
    try:
        atomic_write(out / RUN_JSON, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OutputError:
        if first:
            (out / RUN_JSON).unlink(missing_ok=True)
        raise
    return time.perf_counter() - t


def _open_store(db: str, checks: CheckConfig | None) -> Any:
    from extractor.store import Store  # only when asked: the store needs SQLAlchemy

    return Store(db, config=checks)


def run_entry(res: DocResult) -> dict[str, Any]:
    """One processed input's entry in run.json (``extract`` and ``batch`` write the same)."""
    ex = res.extraction
    per_table: dict[str, int] = {}
    for f in res.facts:
        per_table[f.table] = per_table.get(f.table, 0) + 1
    return {
        "status": "ok",
        "doc": res.source.doc_id,
        "sha256": res.source.sha256,
        "encoding": res.source.encoding,
        "characters": len(res.source.text),
        "chunks": res.chunks,
        **({"chunks_sent": res.chunks_sent} if res.chunks_sent is not None else {}),
        "facts": len(res.facts),
        "facts_per_table": per_table,
        "tables_found": [t.table for t in ex.tables],
        "coverage": res.coverage,
        "flags": flag_counts(res.flags),
        "unread": [u.model_dump() for u in ex.unread],
        **({"warnings": list(res.source.warnings)} if res.source.warnings else {}),
        "timings": {k: round(v, 6) for k, v in res.timings.items()},
    }


def _prepare_out(out_dir: str | Path) -> Path:
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: output path exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create output directory ({exc.strerror or exc})") from exc
    return out


def _write_outputs(out: Path, res: DocResult) -> None:
    """The input's files, all or none: if one cannot be written, those already written are removed."""
    files = output_files(res)
    written: list[Path] = []
    try:
        for name, content in files.items():
            atomic_write(out / name, content)
            written.append(out / name)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def output_files(res: DocResult) -> dict[str, str]:
    """File name → content of one input's outputs: what ``extract`` writes for it (``batch`` too, anywhere)."""
    stem = res.source.doc_id
    files = {
        f"{stem}.json": res.extraction.model_dump_json(indent=2) + "\n",
        f"{stem}.facts.jsonl": "".join(f.model_dump_json() + "\n" for f in res.facts),
        f"{stem}.flags.jsonl": flags_text(res.flags),
    }
    if res.source.rebuilt:  # not a text file (a scan, an office file, OCR JSON): keep the text every span indexes
        files[f"{stem}.ocr.txt"] = res.source.text
    return files


def flags_text(flags: list[Flag]) -> str:
    return "".join(f.model_dump_json() + "\n" for f in flags)


def write_flags(path: Path, flags: list[Flag]) -> None:
    atomic_write(path, flags_text(flags))


def flag_counts(flags: list[Flag]) -> dict[str, int]:
    """Flags per severity (every severity present, zeros included)."""
    return {sev: sum(f.severity == sev for f in flags) for sev in SEVERITIES}


class _Clock:
    """``with clock("stage"):`` adds the block's wall time to ``timings[stage]``."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings
        self._stage = ""
        self._t = 0.0

    def __call__(self, stage: str) -> _Clock:
        self._stage = stage
        return self

    def __enter__(self) -> None:
        self._t = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.timings[self._stage] = self.timings.get(self._stage, 0.0) + time.perf_counter() - self._t


def recheck(folder: str | Path, config: CheckConfig | None = None) -> dict[str, list[Flag]]:
    """Re-run the checks on an existing extraction folder (after corrections, say); rewrite its flags files.

    Wording checks need the source text: it is read from the path run.json recorded, when the file is still
    there with the same sha256 (for a scan, from the ``<stem>.ocr.txt`` beside it); otherwise only the
    checks on facts run.
    """
    out = Path(folder)
    files = sorted(out.glob("*.json"))
    extractions = [f for f in files if f.name != RUN_JSON]
    if not out.is_dir() or not extractions:
        raise InputError(out, "holds no extraction (<stem>.json); run `extractor extract … --out DIR` first")
    sources = _recorded_sources(out / RUN_JSON)
    result: dict[str, list[Flag]] = {}
    for f in extractions:
        try:
            ex = Extraction.model_validate_json(f.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise InputError(
                f, f"is not an extraction written by `extractor extract` ({str(exc).splitlines()[0]})"
            ) from None
        flags = run_checks(ex, sources.get(ex.doc), config)
        write_flags(out / f"{ex.doc}.flags.jsonl", flags)
        result[ex.doc] = flags
    return result


def _recorded_sources(run_json: Path) -> dict[str, str]:
    """doc id → source text, for inputs recorded in run.json that are unchanged on disk."""
    texts: dict[str, str] = {}
    if not run_json.is_file():
        return texts
    try:
        inputs = json.loads(run_json.read_text(encoding="utf-8")).get("inputs", [])
    except json.JSONDecodeError:
        return texts
    for i in inputs:
        if i.get("status") != "ok" or "doc" not in i:
            continue
        ocr_text = run_json.parent / f"{i['doc']}.ocr.txt"
        if ocr_text.is_file():  # a scan: its text is the OCR output written beside the facts, not the file
            texts[i["doc"]] = ocr_text.read_text(encoding="utf-8")
            continue
        try:
            src = ingest(i["path"])
        except (ExtractorError, KeyError):
            continue
        if src.sha256 == i.get("sha256"):
            texts[i["doc"]] = src.text
    return texts
