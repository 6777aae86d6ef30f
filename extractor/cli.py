"""The ``extractor`` command: parses arguments, calls the stages, prints. No logic lives here."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extractor import __version__
from extractor.backends import available
from extractor.checks import CheckConfig, catalogue
from extractor.errors import ConfigError, ExtractorError
from extractor.evaluate import evaluate, markdown
from extractor.export import FORMATS, default_target, load_facts, render
from extractor.pipeline import atomic_write, recheck, run
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


@app.command()
def extract(
    reports: Annotated[list[Path], typer.Argument(help="Report text files (UTF-8, GB18030/GBK or UTF-16).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for <stem>.json, <stem>.facts.jsonl and run.json.")],
    backend: Annotated[
        str, typer.Option("--backend", "-b", help="Extraction backend: rules (offline, the default).")
    ] = "rules",
    rounding: Annotated[
        float, typer.Option("--rounding", help="Rounding tolerance per summed term, in 万元 (default 0.005).")
    ] = 0.005,
    disable: Annotated[list[str] | None, typer.Option("--disable", help="Skip this check id (repeatable).")] = None,
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
                progress.console.print(f"[red]error:[/red] {status}", markup=True, highlight=False, soft_wrap=True)

        report = run(list(reports), out, backend=backend, on_done=done, checks=config)
    ok = [i for i in report.inputs if i["status"] == "ok"]
    for i in ok:
        fl = ", ".join(f"{n} {sev}" for sev, n in i["flags"].items())
        typer.echo(
            f"{i['doc']}: {i['facts']} facts, {len(i['tables_found'])} tables, {len(i['unread'])} unread; flags: {fl}"
        )
    typer.echo(f"{len(ok)}/{len(report.inputs)} reports → {out} ({report.wall_seconds:.2f}s)")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def check(
    folder: Annotated[Path | None, typer.Argument(help="An extraction folder (from `extract --out`).")] = None,
    rounding: Annotated[
        float, typer.Option("--rounding", help="Rounding tolerance per summed term, in 万元 (default 0.005).")
    ] = 0.005,
    disable: Annotated[list[str] | None, typer.Option("--disable", help="Skip this check id (repeatable).")] = None,
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
    folder: Annotated[Path, typer.Argument(help="An extraction folder (from `extract --out`) or one facts file.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "facts",
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Output file. Default: stdout for facts/csv, FOLDER/facts.xlsx|parquet otherwise."),
    ] = None,
) -> None:
    """Export the facts of FOLDER as facts JSONL (spec/facts.md), CSV, XLSX or Parquet."""
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


@app.command("backends")
def list_backends() -> None:
    """List the extraction backends."""
    for name, desc in available().items():
        typer.echo(f"{name}\t{desc}")


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 2, never a traceback."""
    try:
        app()
    except ExtractorError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
