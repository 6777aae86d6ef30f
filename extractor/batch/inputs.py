"""What a batch reads: SOURCE arguments (files, folders, manifests) → a list of ``Input``.

A folder is searched recursively for report files by suffix; a ``.csv`` or ``.parquet`` file is a manifest
with a ``path`` column (relative paths are taken from the manifest's folder) whose other columns are
metadata carried into the batch's outputs. Paths are made absolute, so a resumed run recognises its inputs
whatever the working directory, and every node of a cluster reads the same shared path.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from extractor.errors import ConfigError, InputError
from extractor.ingest import SCAN_SUFFIXES

#: what a folder is searched for by default: report texts, PDFs and page images
REPORT_SUFFIXES: tuple[str, ...] = (".txt", *sorted(SCAN_SUFFIXES))
MANIFEST_SUFFIXES = (".csv", ".parquet")
Meta = dict[str, str | int | float | bool | None]
#: a CSV SOURCE is a manifest; a report saved as CSV (a spreadsheet's table) is read another way
_REPORT_CSV = "; if it is a report saved as CSV, read it with `extractor extract`, or from a folder with --suffix .csv"


@dataclass(frozen=True)
class Input:
    """One report to process: its absolute path and the metadata its manifest row carried."""

    path: str
    meta: Meta = field(default_factory=dict)

    @property
    def doc(self) -> str:
        """The document id ``extract`` gives this file (its stem): output names and the ``doc`` of its facts."""
        return Path(self.path).stem


def collect_inputs(
    sources: list[str | Path], suffixes: tuple[str, ...] = REPORT_SUFFIXES, exclude: str | Path | None = None
) -> list[Input]:
    """Expand SOURCE arguments into inputs, first occurrence of a path wins; ``exclude`` (the output folder)
    is never searched, so a batch never reads its own outputs."""
    wanted = {s.lower() if s.startswith(".") else f".{s.lower()}" for s in suffixes}
    skip = Path(os.path.abspath(exclude)) if exclude else None
    seen: dict[str, Input] = {}
    for src in sources:
        p = Path(src)
        if p.is_dir():
            found = [Input(f) for f in _walk(p, wanted, skip)]
        elif p.is_file() and p.suffix.lower() in MANIFEST_SUFFIXES:
            found = read_manifest(p)
        elif p.exists():
            found = [Input(os.path.abspath(p))]
        else:
            raise ConfigError(f"{p}: no such file or folder")
        for i in found:
            seen.setdefault(i.path, i)
    return list(seen.values())


def _walk(root: Path, suffixes: set[str], skip: Path | None) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(os.path.abspath(root)):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and (skip is None or here / d != skip))
        out.extend(
            str(here / f) for f in sorted(filenames) if not f.startswith(".") and Path(f).suffix.lower() in suffixes
        )
    return out


def read_manifest(path: Path) -> list[Input]:
    """Rows of a CSV (UTF-8, BOM allowed) or Parquet manifest with a ``path`` column."""
    try:
        rows = _parquet_rows(path) if path.suffix.lower() == ".parquet" else _csv_rows(path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"cannot be read as a manifest ({str(exc).splitlines()[0]}){_REPORT_CSV}") from None
    if rows and "path" not in rows[0]:
        raise InputError(path, f"has no `path` column (columns: {', '.join(rows[0])[:120]}){_REPORT_CSV}")
    base = path.parent
    inputs: list[Input] = []
    for n, row in enumerate(rows, 2):
        p = row.pop("path")
        if not p:
            raise InputError(path, f"row {n - 1} has an empty path")
        inputs.append(Input(os.path.abspath(base / str(p)), {k: _scalar(v) for k, v in row.items()}))
    return inputs


def _csv_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def _parquet_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def _scalar(v: Any) -> str | int | float | bool | None:
    """A metadata value as JSON can carry it (dates and the like as ISO text)."""
    if v is None or isinstance(v, str | int | float | bool):
        return v
    if isinstance(v, date | datetime):
        return v.isoformat()
    return str(v)
