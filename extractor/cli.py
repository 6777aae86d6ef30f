"""The ``extractor`` command: parses arguments, calls the stages, prints. No logic lives here."""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from extractor import __version__
from extractor.backends import available, get_backend
from extractor.checks import CheckConfig, catalogue
from extractor.errors import ConfigError, ExtractorError
from extractor.evaluate import evaluate, markdown
from extractor.export import FORMATS, default_target, load_facts, render
from extractor.fileio import atomic_write
from extractor.pipeline import RUN_JSON, recheck, run, tune_gc
from extractor.redact import install_log_redaction, printable, redact
from extractor.report import compare, load_score, render_html
from extractor.schemas import SEVERITIES

app = typer.Typer(
    name="extractor",
    help="Extract every number of scanned 部门决算 reports into verified facts, with a span for each.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"extractor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Extract every number of scanned 部门决算 reports into verified facts, with a span for each."""


BackendOpt = Annotated[
    str,
    typer.Option(
        "--backend",
        "-b",
        help=(
            "rules: the deterministic readers, offline, sends nothing (default). "
            "llm: the model reads every chunk that holds figures (tables, 情况说明, self-evaluations); each "
            "value kept only where it is printed in its claimed row and column / sentence. "
            "hybrid: the rules read first; the model reads only what they could not (tables unread or partly "
            "read, prose figures not read) and its grounded values are added; disagreements are flagged."
        ),
    ),
]
RoundingOpt = Annotated[
    float, typer.Option("--rounding", help="Rounding tolerance per summed term, in 万元 (default 0.005).")
]
DisableOpt = Annotated[list[str] | None, typer.Option("--disable", help="Skip this check id (repeatable).")]
OcrEngineOpt = Annotated[
    str | None,
    typer.Option("--ocr-engine", help="PDFs/images: rapidocr (embedded, default) or tesseract (when installed)."),
]


@app.command()
def extract(
    reports: Annotated[list[Path], typer.Argument(help="Report text files (UTF-8, GB18030/GBK or UTF-16).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for <stem>.json, <stem>.facts.jsonl and run.json.")],
    backend: BackendOpt = "rules",
    rounding: RoundingOpt = 0.005,
    disable: DisableOpt = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Also load the results into this review store (e.g. sqlite:///extractor.db)."),
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="llm/hybrid: OpenAI-compatible server (EXTRACTOR_LLM_BASE_URL).")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="llm/hybrid: model name (EXTRACTOR_LLM_MODEL).")] = None,
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", min=1, help="llm/hybrid: requests in flight at once (default 8).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="llm/hybrid: bypass the answer cache (EXTRACTOR_CACHE_DIR).")
    ] = False,
    llm_mode: Annotated[
        str | None,
        typer.Option(
            "--llm-mode",
            help="llm/hybrid: tools | json_schema | json (servers without tool calling) | json_grammar (json with "
            "the schema in response_format: llama-cpp-python constrains the answer to it).",
        ),
    ] = None,
    ocr_engine: OcrEngineOpt = None,
) -> None:
    """Read REPORTS and write, per report, the full extraction and its facts, plus run.json.

    The checks run on every extraction and write <stem>.flags.jsonl. A file that cannot be read is reported
    on one line and skipped; the others are still processed, and the exit code is 1 if any file failed.
    """
    config = _check_config(rounding, disable)
    progress = Progress(
        TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=err, transient=True, disable=len(reports) < 2,
    )  # fmt: skip
    with progress:
        task = progress.add_task("", total=len(reports))

        def done(path: str, status: str) -> None:
            progress.update(task, advance=1, description=Path(path).name)
            if status != "ok":
                _print_error(progress, status)

        options: dict[str, Any] = {"base_url": base_url, "model": model, "concurrency": concurrency, "mode": llm_mode}
        options = {k: v for k, v in options.items() if v is not None} | ({"cache": False} if no_cache else {})
        try:
            report = run(
                list(reports), out, backend=backend, on_done=done, checks=config, db=db,
                backend_options=options or None, ocr_engine=ocr_engine,
            )  # fmt: skip
        except KeyboardInterrupt:
            err.print(
                f"interrupted: {out / RUN_JSON} records what was done", markup=False, highlight=False, soft_wrap=True
            )
            raise typer.Exit(130) from None
    ok = [i for i in report.inputs if i["status"] == "ok"]
    for i in ok:
        fl = ", ".join(f"{n} {sev}" for sev, n in i["flags"].items())
        typer.echo(
            f"{i['doc']}: {i['facts']} facts, {len(i['tables_found'])} tables, {len(i['unread'])} unread; flags: {fl}"
        )
        for w in i.get("warnings", []):
            err.print(f"warning: {printable(i['path'])}: {printable(w)}", markup=False, highlight=False, soft_wrap=True)
        if i.get("store_doc") not in (None, i["doc"]):
            err.print(
                f"note: {printable(i['path'])}: other content than the stored {printable(i['doc'])}; "
                f"loaded as {printable(i['store_doc'])}",
                markup=False, highlight=False, soft_wrap=True,
            )  # fmt: skip
    typer.echo(f"{len(ok)}/{len(report.inputs)} reports → {out} ({report.wall_seconds:.2f}s)")
    if report.llm is not None:
        m = report.llm
        typer.echo(
            f"llm: {m['calls']} calls, {m['cache_hits']} cache hits, {m['retries']} retries, "
            f"{m['prompt_tokens']} prompt + {m['completion_tokens']} completion tokens, {m['wall_seconds']:.2f}s; "
            f"{m['ungrounded']} ungrounded values rejected, {m['unanswered']} requests unanswered"
        )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def batch(
    sources: Annotated[
        list[str], typer.Argument(help="Report files, folders (searched recursively) or CSV/Parquet manifests.")
    ],
    out: Annotated[str, typer.Option("--out", "-o", help="Output folder, or an fsspec URL (s3://bucket/run).")],
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: one per core).")
    ] = None,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="[ADDRESS]",
            help="Run on Ray: alone, a local Ray instance; with an address (auto, host:6379, ray://host:10001), "
            "join that cluster.",
        ),
    ] = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Run inputs that failed before again (default: skip them).")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout-per-input", help="Seconds one input may take before it is failed.")
    ] = 600.0,
    memory: Annotated[
        int, typer.Option("--memory-per-input", min=0, help="MiB of heap per worker (0: no limit).")
    ] = 4096,
    suffix: Annotated[
        list[str] | None,
        typer.Option("--suffix", help="File types taken from folders (repeatable; default .txt, PDFs, images)."),
    ] = None,
    backend: BackendOpt = "rules",
    rounding: RoundingOpt = 0.005,
    disable: DisableOpt = None,
    ocr_engine: OcrEngineOpt = None,
) -> None:
    """Process an archive: every input's outputs as `extract` writes them, plus manifest.jsonl, Parquet datasets
    (facts/, flags/, documents.parquet) and run.json. Re-running the same command resumes: inputs done with the
    same sha256 are skipped; failed ones are retried only with --retry-failed.

    Exit code 1 if any input of this call is failed, 130 when interrupted (Ctrl-C).
    """
    from extractor.batch import REPORT_SUFFIXES, BatchConfig, collect_inputs, run_batch

    config = BatchConfig(
        out=out, workers=workers, ray=ray, timeout=timeout, memory_mib=memory or None, retry_failed=retry_failed,
        backend=backend, checks=_check_config(rounding, disable), ocr_engine=ocr_engine,
    )  # fmt: skip
    get_backend(backend)  # an unknown backend is a usage error before anything starts
    inputs = collect_inputs(list(sources), tuple(suffix) if suffix else REPORT_SUFFIXES, exclude=out)
    if not inputs:
        raise ConfigError(f"no inputs found in {', '.join(sources)} (suffixes: {', '.join(suffix or REPORT_SUFFIXES)})")
    progress = Progress(
        TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("eta"),
        TimeRemainingColumn(), TextColumn("{task.description}"), console=err, transient=True,
    )  # fmt: skip
    task = progress.add_task("", total=None)

    def started(to_run: int, already: int) -> None:  # the bar appears once the output folder is usable
        progress.update(task, total=to_run, description=f"{already} done before" if already else "")
        progress.start()

    def finished(rec: dict[str, Any]) -> None:
        progress.update(task, advance=1, description=Path(rec["path"]).name)
        if rec["status"] == "failed":
            _print_error(progress, rec["error"])

    try:
        result = run_batch(inputs, config, on_start=started, on_record=finished)
    except KeyboardInterrupt:
        progress.stop()
        err.print("interrupted; run the same command again to resume", soft_wrap=True)
        raise typer.Exit(130) from None
    finally:
        progress.stop()
    _print_batch_summary(result)
    if result.interrupted:
        err.print(
            f"interrupted: {len(result.lost)} inputs in flight were not finished; "
            "run the same command again to resume", highlight=False, soft_wrap=True,
        )  # fmt: skip
        raise typer.Exit(130)
    if result.failures:
        raise typer.Exit(1)


def _print_batch_summary(result: Any) -> None:
    t = result.totals()
    fl = ", ".join(f"{n} {sev}" for sev, n in t["flags"].items())
    earlier = f", {result.skipped} done before" if result.skipped else ""
    typer.echo(
        f"batch: {result.inputs} inputs → {result.out} in {result.wall_seconds:.1f}s: "
        f"{result.done} done{earlier}, {len(result.failures)} failed"
        + (f" ({result.failed_before} failed before, not retried: --retry-failed)" if result.failed_before else "")
    )
    typer.echo(f"  pages: {t['pages']} ({t['ocr_pages']} OCR'd); facts: {t['facts']}; flags: {fl}")


def _print_error(progress: Progress, message: str) -> None:
    """One input's error, one line above the progress bar."""
    progress.console.print(
        f"[red]error:[/red] {escape(printable(redact(message)))}", markup=True, highlight=False, soft_wrap=True
    )


@app.command()
def check(
    folder: Annotated[Path | None, typer.Argument(help="An extraction folder (from `extract --out`).")] = None,
    rounding: RoundingOpt = 0.005,
    disable: DisableOpt = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List every check: id, severity, tolerance, what it checks.")
    ] = False,
) -> None:
    """Re-run the checks on FOLDER's extractions (after corrections, say) and print flags by severity and check."""
    if list_:
        for spec in catalogue():
            typer.echo(f"{spec.id}\t{spec.severity}\t{spec.tolerance}\t{spec.description}")
        return
    if folder is None:
        raise ConfigError("check needs an extraction folder (or --list)")
    flags = recheck(folder, _check_config(rounding, disable))
    table = Table(title=f"flags in {folder}")
    for col in ("doc", "check", *SEVERITIES):
        table.add_column(col, justify="left" if col in ("doc", "check") else "right")
    for doc, fl in flags.items():
        per_check: dict[str, dict[str, int]] = {}
        for f in fl:
            per_check.setdefault(f.check, dict.fromkeys(SEVERITIES, 0))[f.severity] += 1
        for chk, counts in sorted(per_check.items()):
            table.add_row(doc, chk, *(str(counts[s]) for s in SEVERITIES))
    Console().print(table)
    totals = {s: sum(f.severity == s for fl in flags.values() for f in fl) for s in SEVERITIES}
    typer.echo(f"{len(flags)} documents: " + ", ".join(f"{n} {s}" for s, n in totals.items()))


def _check_config(rounding: float, disable: list[str] | None) -> CheckConfig:
    if rounding < 0:
        raise ConfigError("--rounding must be ≥ 0")
    return CheckConfig(rounding_per_term=Decimal(str(rounding)), disabled=frozenset(disable or ()))


@app.command()
def export(
    folder: Annotated[
        Path | None, typer.Argument(help="An extraction folder (from `extract --out`) or one facts file.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "facts",
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Output file. Default: stdout for facts/csv, FOLDER/facts.xlsx|parquet otherwise."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Export the review store's current (corrected) values, with provenance columns."),
    ] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="With --db: only this document.")] = None,
) -> None:
    """Export the facts of FOLDER (or of the review store, --db) as facts JSONL, CSV, XLSX or Parquet."""
    if db is not None:
        from extractor.export import split_store_facts
        from extractor.store import Store

        if fmt in ("xlsx", "parquet") and to is None:
            raise ConfigError(f"--format {fmt} with --db needs --to FILE")
        with Store(db, create=False) as store:
            facts, prov = split_store_facts(store.facts(doc))
        data = render(facts, fmt, prov)
        target = to
    elif folder is None:
        raise ConfigError("export needs an extraction folder (or --db URL)")
    else:
        facts = load_facts(folder)
        data = render(facts, fmt)
        target = to or default_target(folder, fmt)
    if target is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode())
        return
    atomic_write(target, data)
    err.print(f"{len(facts)} facts → {target}")


eval_app = typer.Typer(help="Score predictions against a golden set; compare two scored runs.", no_args_is_help=False)
app.add_typer(eval_app, name="eval")


@eval_app.callback(invoke_without_command=True)
def eval_(
    ctx: typer.Context,
    golden: Annotated[Path | None, typer.Option("--golden", help="Folder of golden <doc>.facts.jsonl files.")] = None,
    pred: Annotated[
        Path | None, typer.Option("--pred", help="Folder of predicted facts (an `extract --out` folder).")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write report.md, report.html (plots) and score.json here.")
    ] = None,
    noise: Annotated[
        Path | None, typer.Option("--noise", help="noise.json from eval/noise.py: adds the F1-vs-noise plot.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of the table.")] = False,
) -> None:
    """Score PRED against GOLDEN as spec/facts.md says: precision, recall, F1 overall, per table/column/doc.

    Lists every missing, wrong and spurious fact with its span.
    """
    if ctx.invoked_subcommand:
        return
    if golden is None or pred is None:
        raise ConfigError("eval needs --golden DIR and --pred DIR (or the `compare` subcommand)")
    s = evaluate(golden, pred)
    data = s.to_json()
    if report:
        noise_data = load_score(noise) if noise else None
        report.mkdir(parents=True, exist_ok=True)
        atomic_write(report / "report.md", markdown(s))
        atomic_write(report / "report.html", render_html(data, noise_data))
        atomic_write(report / "score.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    typer.echo(json.dumps(data, ensure_ascii=False) if as_json else markdown(s))


@eval_app.command("compare")
def eval_compare(
    run_a: Annotated[Path, typer.Argument(help="Report folder (or score.json) of the earlier run.")],
    run_b: Annotated[Path, typer.Argument(help="Report folder (or score.json) of the later run.")],
) -> None:
    """Show what got better and worse between two scored runs (F1 per table and document, facts fixed/broken)."""
    typer.echo(compare(load_score(run_a), load_score(run_b)))


review_app = typer.Typer(
    help="Review flags: a web UI and commands to fix, confirm or dismiss them, every change audited.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="Review store URL (default $EXTRACTOR_DB_URL or sqlite:///extractor.db).", show_default=False
    ),
]
ReasonOpt = Annotated[
    str, typer.Option("--reason", help="Why (required, at most 2000 characters; recorded in the audit log).")
]
ReviewerOpt = Annotated[
    str, typer.Option("--reviewer", help="Who is making the change (recorded; 'token' and 'recheck' are reserved).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
FlagVersionOpt = Annotated[
    int | None,
    typer.Option(
        "--version",
        help="The flag version you reviewed (`review show`); refused if it changed since. Without it, a flag "
        "a reviewer already confirmed or dismissed is not changed.",
    ),
]


def _store(db: str | None, create: bool = False) -> Any:
    """The review store; the commands that only review refuse a store that does not exist."""
    from extractor.store import Store

    return Store(db, create=create)


@review_app.command("serve")
def review_serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="Interface to bind (keep 127.0.0.1 unless behind a proxy).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="Port.")] = 8000,
    ssl_certfile: Annotated[
        str | None, typer.Option("--ssl-certfile", help="Serve HTTPS with this certificate (PEM); Secure cookies.")
    ] = None,
    ssl_keyfile: Annotated[
        str | None, typer.Option("--ssl-keyfile", help="The certificate's private key (PEM).")
    ] = None,
    proxy: Annotated[
        str | None,
        typer.Option(
            "--proxy",
            help="Address of the TLS proxy in front (e.g. 127.0.0.1): trust its X-Forwarded-For/-Proto headers "
            "(client address for login throttling) and mark the cookie Secure.",
        ),
    ] = None,
) -> None:
    """Serve the review web UI. Reviewers log in (`review adduser`); scripts may send
    `Authorization: Bearer $EXTRACTOR_REVIEW_TOKEN` (at least 32 characters)."""
    from extractor.review.app import serve

    serve(db, host=host, port=port, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, proxy=proxy)


@review_app.command("adduser")
def review_adduser(
    name: Annotated[str, typer.Argument(help="Reviewer name (shown in the audit log).")],
    db: DbOpt = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input (first line).")
    ] = False,
) -> None:
    """Create a reviewer (or set a new password). The password is stored as an argon2 hash only."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with _store(db, create=True) as store:
        new = store.add_user(name, password)
    typer.echo(f"reviewer {name} added" if new else f"reviewer {name}: password changed, their sessions ended")


@review_app.command("deluser")
def review_deluser(
    name: Annotated[str, typer.Argument(help="The reviewer to remove.")],
    db: DbOpt = None,
) -> None:
    """Remove a reviewer; their sessions end at once (their past actions stay in the audit log)."""
    with _store(db) as store:
        store.remove_user(name)
    typer.echo(f"reviewer {printable(name)} removed, their sessions ended")


LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="Language of messages: zh (中文, the default) or en; default $EXTRACTOR_LANG."),
]


@review_app.command("list")
def review_list(
    db: DbOpt = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document.")] = None,
    severity: Annotated[str | None, typer.Option("--severity", help="error, warning or info.")] = None,
    check_id: Annotated[str | None, typer.Option("--check", help="Only this check id.")] = None,
    status: Annotated[str, typer.Option("--status", help="open, resolved, confirmed, dismissed or all.")] = "open",
    flat: Annotated[bool, typer.Option("--flags", help="One line per flag instead of one per review item.")] = False,
    confidence: Annotated[
        str | None,
        typer.Option(
            "--confidence",
            help="Only items (flags) involving a fact read with one of these confidences, comma-separated: clean, "
            "confirmed, repaired, identity_fails, or reviewer (a value a reviewer set).",
        ),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """The review queue (open items by default), errors first: one item per suspect fact, with how many checks
    disagree about it and the suggested value; a flag with no suspect is an item of its own."""
    from extractor.review.text import headline, resolve_lang
    from extractor.store import parse_confidences

    if severity and severity not in SEVERITIES:
        raise ConfigError(f"unknown severity {severity!r}; choose one of: {', '.join(SEVERITIES)}")
    wanted = parse_confidences(confidence)
    language = resolve_lang(lang)
    with _store(db) as store:
        if flat:
            flags = store.flags(doc=doc, severity=severity, check=check_id, status=status, confidence=wanted)
        else:
            groups = store.groups(doc=doc, severity=severity, check=check_id, status=status, confidence=wanted)
    if flat:
        if as_json:
            typer.echo(json.dumps([f.to_json() for f in flags], ensure_ascii=False, indent=2))
            return
        for f in flags:
            cells = (f.flag.id, f.flag.severity, f.status, f"v{f.version}", f.flag.doc, _message(f.flag, language))
            typer.echo("\t".join(printable(c) for c in cells))
        err.print(f"{len(flags)} flags")
        return
    if as_json:
        typer.echo(json.dumps([g.to_json() for g in groups], ensure_ascii=False, indent=2))
        return
    for g in groups:
        item = (g.id, g.severity, g.status, g.doc, headline(g, language))
        typer.echo("\t".join(printable(c) for c in item))
    err.print(f"{len(groups)} items, {sum(len(g.flags) for g in groups)} flags")


def _message(flag: Any, lang: Any) -> str:
    from extractor.checks.messages import render

    return render(flag, lang)


@review_app.command("show")
def review_show(
    item: Annotated[str, typer.Argument(help="A review item or a flag (from `review list`).")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """One review item (its suspect, suggestion and every check) or one flag, with every fact involved: its
    value, version and how it was read (its confidence; the printed text of a repaired value)."""
    from extractor.review.text import item_lines, resolve_lang
    from extractor.store import involved

    language = resolve_lang(lang)
    with _store(db) as store:
        if item.startswith("group:"):
            group = store.group(item)
            keys = list(dict.fromkeys(k for v in group.flags for k in involved(v.flag)))
            rows = store.fact_rows(group.doc, keys)
            if as_json:
                typer.echo(json.dumps({**group.to_json(), "stored_facts": rows}, ensure_ascii=False, indent=2))
                return
            for line in item_lines(group, language):
                typer.echo(printable(line))
            _print_facts(keys, rows, language)
            return
        view = store.flag(item)
        fl = view.flag
        keys = [(x.table, x.row, x.col) for x in fl.facts]
        rows = store.fact_rows(fl.doc, keys)
    if as_json:
        typer.echo(json.dumps({**view.to_json(), "stored_facts": rows}, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{printable(fl.id)}  {fl.severity}  {view.status} (version {view.version})  {printable(fl.doc)}")
    typer.echo(printable(_message(fl, language)))
    _print_facts(keys, rows, language)


def _print_facts(keys: list[tuple[str, str, str]], rows: list[dict[str, Any] | None], lang: Any) -> None:
    from extractor.review.text import reading_text

    for (t, r, c), row in zip(keys, rows, strict=True):
        key = printable(f"{t}/{r}/{c}")
        if row is None:
            typer.echo(f"  --fact {key}  (not extracted)")
        else:
            how = reading_text(row, lang)
            typer.echo(
                f"  --fact {key}  = {row['value']} {row['unit']}  ({row['source']}, version {row['version']})"
                + (f"  {printable(how)}" if how else "")
            )


def _print_change(res: dict[str, Any]) -> None:
    head = res.get("item") or res.get("flag") or f"undid {res.get('action')} (log entry {res.get('undone')})"
    if "fact" in res:
        typer.echo(f"{head}: {printable(res['fact'])} {res['old']} → {res['new']}")
    elif "undone" in res:
        typer.echo(f"{head}: {len(res['flags'])} flags reopened for review")
    else:
        typer.echo(f"{head}: {res['status']}")
    for what in ("resolved", "reopened", "opened"):
        for fid in res.get(what, []):
            typer.echo(f"  {what}: {fid}")


def _is_item(ident: str) -> bool:
    return ident.startswith("group:")


@review_app.command("accept")
def review_accept(
    item: Annotated[str, typer.Argument(help="The review item (from `review list`).")],
    reviewer: ReviewerOpt,
    db: DbOpt = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why (default: the suggestion and the identities that give it).")
    ] = None,
    version: Annotated[
        int | None, typer.Option("--version", help="The suspect fact's version you reviewed (`review show`).")
    ] = None,
) -> None:
    """Accept an item's suggested value: its suspect fact takes it, the checks run again, one audit entry."""
    with _store(db) as store:
        _print_change(store.act(item, "accept", reviewer=reviewer, reason=reason, fact_version=version))


@review_app.command("undo")
def review_undo(reviewer: ReviewerOpt, db: DbOpt = None) -> None:
    """Undo your last review-item action (a value goes back, confirmed or dismissed flags reopen) — unless
    someone changed them since."""
    with _store(db) as store:
        _print_change(store.undo(reviewer=reviewer))


@review_app.command("fix")
def review_fix(
    flag_id: Annotated[str, typer.Argument(help="The flag or review item (from `review list`).")],
    value: Annotated[str, typer.Option("--value", help="The correct value, e.g. 130.68.")],
    reason: ReasonOpt,
    reviewer: ReviewerOpt,
    db: DbOpt = None,
    fact: Annotated[
        str | None,
        typer.Option("--fact", help="Which involved fact (table/row/col); required when the flag involves several."),
    ] = None,
    version: Annotated[
        int | None,
        typer.Option(
            "--version",
            help="The fact version you reviewed (`review show`); refused if it changed since. Without it, a fact "
            "a reviewer already corrected is not changed.",
        ),
    ] = None,
) -> None:
    """Correct a value a flag (or a review item: its suspect fact) involves — a plain decimal, at most 15 digits
    before the point and 6 after; the document's checks run again (flags the fix resolves close)."""
    with _store(db) as store:
        if _is_item(flag_id):
            res = store.act(flag_id, "fix", reviewer=reviewer, reason=reason, value=value, fact=fact,
                            fact_version=version)  # fmt: skip
        else:
            res = store.fix(flag_id, value, reviewer=reviewer, reason=reason, fact=fact, expected_version=version)
        _print_change(res)


@review_app.command("confirm")
def review_confirm(
    flag_id: Annotated[str, typer.Argument(help="The flag or review item (from `review list`).")],
    reason: ReasonOpt,
    reviewer: ReviewerOpt,
    db: DbOpt = None,
    version: FlagVersionOpt = None,
) -> None:
    """The values are right as printed: mark the flag (every open flag of a review item) confirmed; it stays so
    when the checks raise it again."""
    with _store(db) as store:
        if _is_item(flag_id):
            _print_change(store.act(flag_id, "confirm", reviewer=reviewer, reason=reason))
        else:
            _print_change(store.confirm(flag_id, reviewer=reviewer, reason=reason, expected_version=version))


@review_app.command("dismiss")
def review_dismiss(
    flag_id: Annotated[str, typer.Argument(help="The flag or review item (from `review list`).")],
    reason: ReasonOpt,
    reviewer: ReviewerOpt,
    db: DbOpt = None,
    version: FlagVersionOpt = None,
) -> None:
    """Not a problem: mark the flag (every open flag of a review item) dismissed; it stays so when the checks
    raise it again."""
    with _store(db) as store:
        if _is_item(flag_id):
            _print_change(store.act(flag_id, "dismiss", reviewer=reviewer, reason=reason))
        else:
            _print_change(store.dismiss(flag_id, reviewer=reviewer, reason=reason, expected_version=version))


@review_app.command("log")
def review_log(
    db: DbOpt = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The audit log, oldest first: who, when, what, old → new, why (control characters shown escaped, so no
    entry can pass for more than one line)."""
    with _store(db) as store:
        entries = store.log(doc)
    if as_json:
        typer.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    for e in entries:
        what = " ".join(x for x in (e["flag"], e["fact"]) if x)
        change = f"{e['old'] or ''} → {e['new'] or ''}" if e["old"] or e["new"] else ""
        cells = (e["at"], e["actor"], e["action"], e["doc"], what, change, e["reason"])
        typer.echo("\t".join(printable(c) for c in cells))


@review_app.command("promote")
def review_promote(
    doc: Annotated[str, typer.Argument(help="The document id to promote.")],
    to: Annotated[Path, typer.Option("--to", help="Golden folder, e.g. eval/golden/.")],
    db: DbOpt = None,
) -> None:
    """Write DOC's reviewed facts (current, corrected values) as a golden file TO/<doc>.facts.jsonl."""
    with _store(db) as store:
        path, n, open_flags = store.promote(doc, to)
    typer.echo(f"{n} facts → {path}")
    if open_flags:
        err.print(f"warning: {doc} still has {open_flags} open flags", highlight=False)


@review_app.command("load")
def review_load(
    folder: Annotated[str, typer.Argument(help="A batch output folder or URL (from `extractor batch --out`).")],
    db: DbOpt = None,
) -> None:
    """Bulk-load a batch into the review store: every done document's extraction, text and flags.

    Loading again keeps each document's review history (corrected facts stay corrected)."""
    from extractor.batch import load_batch

    with _store(db, create=True) as store, Progress(
        TextColumn("[bold]load"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, transient=True
    ) as progress:  # fmt: skip
        task = progress.add_task("", total=None)

        def done(doc: str, error: str | None) -> None:
            progress.update(task, advance=1)
            if error:
                _print_error(progress, error)

        loaded, errors = load_batch(folder, store, on_doc=done)
    typer.echo(f"{loaded} documents loaded into {store.url}" + (f"; {len(errors)} failed" if errors else ""))
    if errors:
        raise typer.Exit(1)


@app.command("sim-server")
def sim_server(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free port).")] = 8765,
    oracle: Annotated[
        Path | None,
        typer.Option(
            "--oracle",
            help="Answer from this answer key (a facts JSONL file or a folder of them) instead of the rules "
            "readers: a perfect model, for the pipeline's ceiling.",
        ),
    ] = None,
    fault: Annotated[
        list[str] | None,
        typer.Option(
            "--fault",
            help="Inject a fault: KIND[:TIMES][:key=value], e.g. 429:2:retry_after=1, slow:1:delay=5, swap:-1. "
            "Kinds: 429, 500, slow, trickle, malformed, invalid, ungrounded, swap, truncate (repeatable).",
        ),
    ] = None,
    latency: Annotated[
        float, typer.Option("--latency", min=0.0, help="Seconds every chat completion waits before answering.")
    ] = 0.0,
    verbose: Annotated[bool, typer.Option("--verbose", help="Log every request.")] = False,
) -> None:
    """Serve a local OpenAI-compatible test model: it answers from the chunk text with the rules readers, or
    with --oracle from an answer key.

    For tests and benchmarks only: its numbers are the deterministic readers' or the answer key's, NOT a
    language model's accuracy.
    """
    from extractor.llm.serve import Fault

    try:
        faults = [Fault.parse(f) for f in fault or []]
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"--fault: {exc}") from None
    if oracle is not None:
        from extractor.llm.oracle import oracle_server

        server = oracle_server(oracle, port=port, faults=faults, verbose=verbose, latency=latency)
        what = f"answer key {oracle}"
    else:
        from extractor.llm.sim_server import SimServer

        server = SimServer(port=port, faults=faults, verbose=verbose, latency=latency)
        what = "the rules readers"
    typer.echo(f"sim-server on {server.base_url}, answering from {what} (model name: anything; Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


@app.command("backends")
def list_backends() -> None:
    """List the extraction backends."""
    for name, desc in available().items():
        typer.echo(f"{name}\t{desc}")


_RAY_ADDRESS = re.compile(r"^(auto|local|\w+://.+|[\w.\-]+:\d+)$")


def ray_argv(argv: list[str]) -> list[str]:
    """``--ray`` takes an optional address: a bare ``--ray`` (followed by an option, a source or nothing)
    becomes ``--ray=local``; the next word is taken as the address only when it looks like one."""
    out = list(argv)
    for i, arg in enumerate(out):
        if arg == "--ray" and (i + 1 == len(out) or not _RAY_ADDRESS.match(out[i + 1])):
            out[i] = "--ray=local"
    return out


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 2, never a traceback. Nothing printed
    or logged carries a secret (``extractor.redact``)."""
    install_log_redaction()
    tune_gc()
    try:
        app(args=ray_argv(sys.argv[1:]))
    except ExtractorError as exc:
        err.print(f"error: {printable(redact(str(exc)))}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
