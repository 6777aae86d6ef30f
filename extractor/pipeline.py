"""The pipeline: run every stage on each input, verify every fact against its span, write results.

Per input ``DIR/<stem>.json`` (the full extraction) and ``DIR/<stem>.facts.jsonl`` are written
atomically (temp file + rename), so a failure never leaves partial output; ``DIR/run.json`` records what
ran. A bad input is reported and skipped; the other inputs are still processed.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extractor import __version__
from extractor.backends import Backend, get_backend
from extractor.checks import CheckConfig, run_checks
from extractor.chunk import chunk
from extractor.errors import ExtractorError, InputError, NotAReportError, OutputError
from extractor.ingest import Source, ingest
from extractor.normalize import normalize, normalize_value
from extractor.schemas import Extraction, Fact, OcrProvenance, Unread
from extractor.schemas.flags import SEVERITIES, Flag
from extractor.segment import segment

STAGES = ("ingest", "normalize", "segment", "chunk", "extract", "verify", "check")


@dataclass
class DocResult:
    """One processed input: the extraction, its verified facts and how long each stage took."""

    source: Source
    extraction: Extraction
    facts: list[Fact]
    chunks: int
    timings: dict[str, float] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)


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
        if source.ocr is not None:
            extraction.ocr = OcrProvenance.model_validate(source.ocr.to_json())
    with clock("verify"):
        facts, rejected = verify(source.text, extraction.to_facts())
        if rejected:
            _prune(extraction, {(f.table, f.row, f.col) for f in extraction.to_facts()} - {_key(f) for f in facts})
        extraction.unread.extend(rejected)
    if not facts and not doc.tables:
        raise NotAReportError(
            source.path, "no 部门决算 tables or figures found; is this a departmental final-accounts report?"
        )
    with clock("check"):
        flags = run_checks(extraction, source.text, checks)
    return DocResult(
        source=source, extraction=extraction, facts=facts, chunks=len(chunks), timings=timings, flags=flags
    )


def _key(f: Fact) -> tuple[str, str, str]:
    return (f.table, f.row, f.col)


def _prune(extraction: Extraction, drop: set[tuple[str, str, str]]) -> None:
    """Remove values that failed verification from the extraction, so nothing downstream sees them."""
    for t in extraction.tables:
        for r in t.rows:
            for col in [c for c in r.cells if (t.table, r.row, c) in drop]:
                del r.cells[col]
    extraction.narrative = [n for n in extraction.narrative if ("narrative", n.row, n.col) not in drop]
    for p in extraction.performance:
        for col in [c for c in p.cells if ("performance", p.project, c) in drop]:
            del p.cells[col]


def verify(original: str, facts: Iterable[Fact]) -> tuple[list[Fact], list[Unread]]:
    """Keep facts whose span text normalizes to their value; the rest become ``Unread`` notes."""
    kept: list[Fact] = []
    rejected: list[Unread] = []
    for f in facts:
        ok = f.span is not None and f.span[1] <= len(original) and normalize_value(original[slice(*f.span)]) == f.value
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
            "started_at": self.started_at,
            "wall_seconds": round(self.wall_seconds, 4),
            "timings": totals,
            "documents": len(self.inputs) - len(self.failed),
            "errors": len(self.failed),
            "inputs": self.inputs,
            **({"llm": self.llm} if self.llm is not None else {}),
        }


def run(
    paths: list[str | Path],
    out_dir: str | Path,
    backend: str = "rules",
    on_done: Callable[[str, str], None] | None = None,
    checks: CheckConfig | None = None,
    db: str | None = None,
    backend_options: dict[str, Any] | None = None,
    ocr_engine: str | None = None,
) -> RunReport:
    """Process every input, writing results as each finishes; ``on_done(path, status)`` reports progress.

    With ``db`` (a database URL), each result is also loaded into the review store (``extractor.store``).
    """
    impl = get_backend(backend)  # an unknown backend is a usage error before any file is touched
    impl.configure(**(backend_options or {}))  # a bad option too (Backend.configure: none taken by default)
    out = _prepare_out(out_dir)
    store = _open_store(db, checks) if db else None
    report = RunReport(backend=backend, out_dir=str(out))
    t0 = time.perf_counter()
    seen: dict[str, str] = {}
    for path in paths:
        entry: dict[str, Any] = {"path": str(path)}
        try:
            stem = Path(path).stem
            if stem in seen:
                raise NotAReportError(path, f"has the same name as {seen[stem]}; outputs would overwrite each other")
            res = process(path, impl, checks, ocr_engine)
            seen[stem] = str(path)
            _write_outputs(out, res)
            entry.update(run_entry(res))
            if store is not None:
                entry["run_id"] = store.load(
                    res.extraction, res.source.text, res.source.sha256, path=str(path), version=__version__
                )
        except ExtractorError as exc:
            entry.update(status="error", error=str(exc))
        report.inputs.append(entry)
        if on_done:
            on_done(str(path), entry["status"] if entry["status"] == "ok" else entry["error"])
    report.wall_seconds = time.perf_counter() - t0
    report.llm = impl.run_info()
    if store is not None:
        store.close()
    atomic_write(out / "run.json", json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    return report


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
        "facts": len(res.facts),
        "facts_per_table": per_table,
        "tables_found": [t.table for t in ex.tables],
        "flags": flag_counts(res.flags),
        "unread": [u.model_dump() for u in ex.unread],
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
    for name, content in output_files(res).items():
        atomic_write(out / name, content)


def output_files(res: DocResult) -> dict[str, str]:
    """File name → content of one input's outputs: what ``extract`` writes for it (``batch`` too, anywhere)."""
    stem = res.source.doc_id
    files = {
        f"{stem}.json": res.extraction.model_dump_json(indent=2) + "\n",
        f"{stem}.facts.jsonl": "".join(f.model_dump_json() + "\n" for f in res.facts),
    }
    if res.source.ocr is not None:  # a scan: keep the OCR text, which every span indexes into
        files[f"{stem}.ocr.txt"] = res.source.text
    files[f"{stem}.flags.jsonl"] = flags_text(res.flags)
    return files


def flags_text(flags: list[Flag]) -> str:
    return "".join(f.model_dump_json() + "\n" for f in flags)


def write_flags(path: Path, flags: list[Flag]) -> None:
    atomic_write(path, flags_text(flags))


def flag_counts(flags: list[Flag]) -> dict[str, int]:
    """Flags per severity (every severity present, zeros included)."""
    return {sev: sum(f.severity == sev for f in flags) for sev in SEVERITIES}


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write via a temp file in the same folder and rename, so readers never see half a file."""
    mode = "wb" if isinstance(content, bytes) else "w"
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
            fh.write(content)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc


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
    extractions = [f for f in files if f.name != "run.json"]
    if not out.is_dir() or not extractions:
        raise InputError(out, "holds no extraction (<stem>.json); run `extractor extract … --out DIR` first")
    sources = _recorded_sources(out / "run.json")
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
