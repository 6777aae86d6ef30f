"""export: the facts of an extraction folder as facts JSONL, CSV, XLSX or Parquet.

The facts files (``<stem>.facts.jsonl``) are the contract (``spec/facts.md``); every export format is
the same rows with the same columns: doc, table, row, col, value, unit, span_start, span_end (JSONL keeps
``span`` as a pair, exactly as the spec writes it).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook
from pydantic import ValidationError

from extractor.errors import ConfigError, InputError
from extractor.schemas import Fact

COLUMNS = ("doc", "table", "row", "col", "value", "unit", "span_start", "span_end")
TEXT_FORMATS = ("facts", "csv")
BINARY_FORMATS = ("xlsx", "parquet")
FORMATS = TEXT_FORMATS + BINARY_FORMATS


def load_facts(folder: str | Path) -> list[Fact]:
    """All facts of an extraction folder (or one facts file), validated against the spec."""
    p = Path(folder)
    if not p.exists():
        raise InputError(p, "no such file or directory")
    files = [p] if p.is_file() else sorted(p.glob("*.facts.jsonl"))
    if not files:
        raise InputError(p, "holds no *.facts.jsonl files; run `extractor extract … --out DIR` first")
    facts: list[Fact] = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                facts.append(Fact.model_validate_json(line))
            except ValidationError as exc:
                first = exc.errors()[0]
                raise InputError(f, f"line {n} is not a valid fact ({first['msg']})") from None
    return facts


def _rows(facts: list[Fact]) -> list[dict[str, object]]:
    return [
        {
            "doc": f.doc, "table": f.table, "row": f.row, "col": f.col, "value": f.value, "unit": f.unit,
            "span_start": f.span[0] if f.span else None, "span_end": f.span[1] if f.span else None,
        }
        for f in facts
    ]  # fmt: skip


def to_jsonl(facts: list[Fact]) -> str:
    return "".join(json.dumps(f.model_dump(exclude_none=True), ensure_ascii=False) + "\n" for f in facts)


def to_csv(facts: list[Fact]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(_rows(facts))
    return buf.getvalue()


def to_xlsx(facts: list[Fact]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "facts"
    ws.append(list(COLUMNS))
    for r in _rows(facts):
        ws.append([r[c] for c in COLUMNS])
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_parquet(facts: list[Fact]) -> bytes:
    schema = pa.schema([(c, pa.string()) for c in COLUMNS[:6]] + [("span_start", pa.int64()), ("span_end", pa.int64())])
    table = pa.Table.from_pylist(_rows(facts), schema=schema)
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf)
    return buf.getvalue().to_pybytes()


_WRITERS: dict[str, Callable[[list[Fact]], str | bytes]] = {
    "facts": to_jsonl,
    "csv": to_csv,
    "xlsx": to_xlsx,
    "parquet": to_parquet,
}


def render(facts: list[Fact], fmt: str) -> str | bytes:
    """The facts in format ``fmt``; an unknown format lists the known ones."""
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    return writer(facts)


def default_target(folder: str | Path, fmt: str) -> Path | None:
    """Where a binary format goes when no --to is given (text formats go to standard output)."""
    if fmt in BINARY_FORMATS:
        base = Path(folder)
        return (base if base.is_dir() else base.parent) / f"facts.{fmt}"
    return None
