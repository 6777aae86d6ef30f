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
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from extractor.errors import ConfigError, InputError
from extractor.schemas import Fact, Flag, FlagFact

COLUMNS = ("doc", "table", "row", "col", "value", "unit", "span_start", "span_end")
#: extra columns of an export from the review store (``--db``): where each value came from
PROVENANCE = ("source", "extracted_value", "version")
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


def _rows(facts: list[Fact], extras: list[dict[str, object]] | None = None) -> list[dict[str, object]]:
    return [
        {
            "doc": f.doc, "table": f.table, "row": f.row, "col": f.col, "value": f.value, "unit": f.unit,
            "span_start": f.span[0] if f.span else None, "span_end": f.span[1] if f.span else None,
            **(extras[i] if extras else {}),
        }
        for i, f in enumerate(facts)
    ]  # fmt: skip


def _columns(extras: list[dict[str, object]] | None) -> tuple[str, ...]:
    return COLUMNS + PROVENANCE if extras is not None else COLUMNS


def to_jsonl(facts: list[Fact], extras: list[dict[str, object]] | None = None) -> str:
    return "".join(
        json.dumps({**f.model_dump(exclude_none=True), **(extras[i] if extras else {})}, ensure_ascii=False) + "\n"
        for i, f in enumerate(facts)
    )


def to_csv(facts: list[Fact], extras: list[dict[str, object]] | None = None) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=_columns(extras), lineterminator="\n")
    w.writeheader()
    w.writerows(_rows(facts, extras))
    return buf.getvalue()


def to_xlsx(facts: list[Fact], extras: list[dict[str, object]] | None = None) -> bytes:
    cols = _columns(extras)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet (openpyxl types ``active`` for any workbook)
    ws.title = "facts"
    ws.append(list(cols))
    for r in _rows(facts, extras):
        ws.append([r[c] for c in cols])
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def facts_table(facts: list[Fact], extras: list[dict[str, object]] | None = None) -> pa.Table:
    """The facts as an Arrow table with the export columns (values stay exact decimal strings)."""
    fields = [(c, pa.string()) for c in COLUMNS[:6]] + [("span_start", pa.int64()), ("span_end", pa.int64())]
    if extras is not None:
        fields += [("source", pa.string()), ("extracted_value", pa.string()), ("version", pa.int64())]
    return pa.Table.from_pylist(_rows(facts, extras), schema=pa.schema(fields))


_FLAG_FACT = pa.struct(
    [("table", pa.string()), ("row", pa.string()), ("col", pa.string()), ("value", pa.string()),
     ("span_start", pa.int64()), ("span_end", pa.int64())]
)  # fmt: skip
#: the suspect and the suggested value, flattened to plain columns (null when the flag has none), so a query
#: filters and groups on them without unnesting: ``WHERE suggested IS NOT NULL GROUP BY suspect_table``
_SUSPECT = [("suspect_table", pa.string()), ("suspect_row", pa.string()), ("suspect_col", pa.string()),
            ("suspect_value", pa.string()), ("suspect_printed", pa.string()), ("suspect_unit", pa.string()),
            ("suspect_span_start", pa.int64()), ("suspect_span_end", pa.int64()),
            ("suggested", pa.string()), ("suggested_basis", pa.list_(pa.string()))]  # fmt: skip
FLAG_SCHEMA = pa.schema(
    [("id", pa.string()), ("doc", pa.string()), ("check", pa.string()), ("severity", pa.string()),
     ("message", pa.string()), ("expected", pa.string()), ("found", pa.string()), ("difference", pa.string()),
     ("facts", pa.list_(_FLAG_FACT)), *_SUSPECT]
)  # fmt: skip


def flags_table(flags: list[Flag]) -> pa.Table:
    """Flags as an Arrow table: one row per flag, the facts it involved as a list of structs, its suspect
    and suggested value as flat columns."""
    rows = [
        {**f.model_dump(exclude={"facts", "suspect", "suggested"}), "facts": [_flag_fact(x) for x in f.facts],
         **_suspect_columns(f)}
        for f in flags
    ]  # fmt: skip
    return pa.Table.from_pylist(rows, schema=FLAG_SCHEMA)


def _suspect_columns(f: Flag) -> dict[str, object]:
    cols: dict[str, object] = {}
    if f.suspect is not None:
        suspect = _flag_fact(f.suspect) | {"printed": f.suspect.printed, "unit": f.suspect.unit}
        cols |= {f"suspect_{k}": v for k, v in suspect.items()}
    if f.suggested is not None:  # the basis as its English one-liners (``Σ 302 = 130.68``)
        cols |= {"suggested": f.suggested.value, "suggested_basis": [b.text for b in f.suggested.basis]}
    return cols


def _flag_fact(x: FlagFact) -> dict[str, object]:
    span = x.span or (None, None)
    return {"table": x.table, "row": x.row, "col": x.col, "value": x.value, "span_start": span[0], "span_end": span[1]}


def parquet_bytes(table: pa.Table) -> bytes:
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf)
    return buf.getvalue().to_pybytes()


def to_parquet(facts: list[Fact], extras: list[dict[str, object]] | None = None) -> bytes:
    return parquet_bytes(facts_table(facts, extras))


_WRITERS: dict[str, Callable[[list[Fact], list[dict[str, object]] | None], str | bytes]] = {
    "facts": to_jsonl,
    "csv": to_csv,
    "xlsx": to_xlsx,
    "parquet": to_parquet,
}


def render(facts: list[Fact], fmt: str, provenance: list[dict[str, object]] | None = None) -> str | bytes:
    """The facts in format ``fmt``; an unknown format lists the known ones.

    ``provenance`` (one dict per fact with the ``PROVENANCE`` keys) adds those columns, as an export from
    the review store does.
    """
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    return writer(facts, provenance)


_FACT_FIELDS = ("doc", "table", "row", "col", "value", "unit")


def split_store_facts(records: list[dict[str, object]]) -> tuple[list[Fact], list[dict[str, object]]]:
    """Facts and their provenance from ``Store.facts()`` records (current, corrected values)."""
    facts = [
        Fact.model_validate({k: r[k] for k in _FACT_FIELDS} | {"span": r["span"] or None})  # a [start, end] list
        for r in records
    ]  # fmt: skip
    return facts, [{k: r[k] for k in PROVENANCE} for r in records]


def default_target(folder: str | Path, fmt: str) -> Path | None:
    """Where a binary format goes when no --to is given (text formats go to standard output)."""
    if fmt in BINARY_FORMATS:
        base = Path(folder)
        return (base if base.is_dir() else base.parent) / f"facts.{fmt}"
    return None
