"""A table's printed grid read for grounding: where the model's claim ``table/row/col = value`` is printed when
the rules could not map the table (header words the template's vocabulary does not know).

The rules map a header cell to a column only by the template's vocabulary (``TableSpec.column_for``) and read
nothing under a cell they cannot name. A person reading ``本年收入 | 财政补助收入 | 上级补助收入 …`` knows which
columns those are; so should grounding, or the model's correct answers are rejected with the rules' blind spots.
Here a header cell names a column

* by the template's vocabulary (as the rules map it): ``located = "row and column (printed header)"``;
* else by its own words: it shares characters with exactly one column name still unnamed between its named
  neighbours, characters no other column's name has, e.g. 财政补助收入 → 财政拨款收入 (财政) once 上级补助收入
  is named by its own cell: ``"row and column (header words)"``;
* else by its place: between two named header cells (or a named cell and the table's edge) the unnamed cells
  are exactly as many as the template's columns left between those columns, none has words of another column,
  and they are taken in the template's printed order: ``"row and column (header order)"``.

Anything else stays unnamed and a claim under it is rejected; a header that prints a value column's name over
the rows' codes or labels is not aligned with its rows, and names nothing. Only tab grids (cells with their boundaries
kept) of one-sided tables keyed by code or by 三公 item in rows are read here; in text without cell boundaries
a number's column cannot be shown from the header alone, so such claims stay rejected. A row is found by its
printed code (whole, split ``208 | 05 | 05``, or only its own part under split 类|款|项 columns) or its label,
both keyed as the readers key them (``readers.tables.code_key``, ``keys.strip_label``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from extractor.keys import is_number, key_text, strip_label
from extractor.readers.tables import (
    CODE_HEADERS,
    IGNORED_HEADERS,
    NAME_HEADERS,
    HeaderColumn,
    code_key,
    first_number,
    header_columns,
    is_blank,
    is_number_row,
    partial_code,
    split_header,
)
from extractor.segment import Document, Row, Table
from extractor.template import TableSpec
from extractor.template import load as load_template

Piece = tuple[int, int]


@dataclass(frozen=True)
class GridNumber:
    """A number printed in a grid cell: its clean-view span, text, and the column its header names (or None)."""

    start: int
    end: int
    text: str
    col: str | None
    how: str  # how the header cell was named: "printed header" | "header words" | "header order"


class Grid:
    """Every tab-grid standard table's printed numbers by (table, row key), each with the column its header
    cell names. ``skip``: clean spans not to offer (numbers the rules' reading already placed)."""

    def __init__(self, doc: Document, skip: set[Piece] | None = None) -> None:
        self.rows: dict[tuple[str, str], list[GridNumber]] = {}
        specs = load_template().tables
        for t in doc.tables:
            spec = specs.get(t.kind)
            if spec is None or t.layout != "grid" or len(spec.sides) != 1 or spec.keys not in ("code", "item"):
                continue
            for key, number in _numbers(t, spec):
                if (number.start, number.end) not in (skip or set()):
                    self.rows.setdefault((t.kind, key), []).append(number)

    def find(
        self, table: str, row: str, col: str, same: Callable[[str], bool], holds: Callable[[int, int], bool],
        used: set[Piece],
    ) -> tuple[GridNumber | None, str]:  # fmt: skip
        """The printed number backing ``table/row/col`` (``same``: whether a printed text reads as the claimed
        value; ``holds``: whether a clean span is in the model's request), or None and why not."""
        printed = [n for n in self.rows.get((table, row), []) if holds(n.start, n.end)]
        if not printed:
            return None, f"no row {row} in the printed grid it was given"
        values = [n for n in printed if same(n.text)]
        if not values:
            return None, f"not printed in row {row}"
        free = [n for n in values if (n.start, n.end) not in used]
        if not free:
            return None, f"row {row}'s number backs another fact already"
        fits = [n for n in free if n.col == col]
        if not fits:
            under = ", ".join(dict.fromkeys(n.col or "a header no column name fits" for n in free))
            return None, f"row {row} prints it under {under}, not under {col}"
        return fits[0], ""


def _numbers(t: Table, spec: TableSpec) -> list[tuple[str, GridNumber]]:
    """(row key, number) for every number printed in the table's tab rows after the rows' key cells."""

    def is_data(r: Row) -> bool:
        return r.layout == "tab" and not is_number_row(r) and first_number(r) is not None

    heads, body = split_header(t, is_data)
    data = [r for r in body if is_data(r)]
    if not data:
        return []
    key_area = min(k for r in data if (k := first_number(r)) is not None)
    names = name_columns(spec, header_columns(heads), key_area)
    prefix = "2"
    context: dict[int, str] = {}
    out: list[tuple[str, GridNumber]] = []
    for row in body:
        if row.layout != "tab" or is_number_row(row):
            continue
        keys = _row_keys(spec, row, key_area, prefix, context)
        for i, cell in enumerate(row.cells[key_area:], start=key_area):
            if is_blank(cell.text) or not is_number(cell.text):
                continue
            col, how = names.get(i, (None, ""))
            out.extend((k, GridNumber(cell.start, cell.end, cell.text, col, how)) for k in keys)
    return out


def _row_keys(spec: TableSpec, row: Row, key_area: int, prefix: str, context: dict[int, str]) -> list[str]:
    """The keys a printed row can be named by: its code (or 合计) and its label, as the readers key them."""
    cells = row.cells[:key_area]
    label = strip_label("".join(key_text(c.text) for c in cells if not key_text(c.text).isdigit()))
    keys: list[str] = []
    if spec.keys == "code":
        found = code_key(cells, prefix) or partial_code(cells, context)
        if found is not None:
            code, _ = found
            if code.isdigit():
                context[len(code)] = code
            keys.append(code)
    else:
        item = spec.item_for(label)
        if item is not None:
            keys.append(item)
    if label:
        keys.append(label)
    return list(dict.fromkeys(keys))


def name_columns(spec: TableSpec, cols: list[HeaderColumn], key_area: int) -> dict[int, tuple[str, str]]:
    """Column index → (column key, how it was named) for the header cells from ``key_area`` on: by the
    template's vocabulary, then by a cell's own words, then by order between named cells (module docstring)."""
    order = [c.key for c in spec.columns]
    names: dict[int, tuple[str, str]] = {}
    unknown: list[int] = []
    for i, c in enumerate(cols):
        if not c.leaf or IGNORED_HEADERS.search(c.leaf) or _keys_header(c.leaf):
            continue
        if i < key_area:
            if spec.column_for(c.leaf) is not None:
                return {}  # a value column's name over the rows' codes or labels: the header is not aligned
            continue
        col = spec.column_for(c.leaf) or next(
            (spec.column_for(p) for p in reversed(c.parents) if spec.column_for(p)), None
        )
        if col is not None:
            names[i] = (col.key, "printed header")
        else:
            unknown.append(i)
    named = [order.index(k) for k, _ in names.values() if k in order]
    if len(named) != len(set(named)) or named != sorted(named):
        return names  # a column named twice or out of the template's order: nothing to infer from
    for how in ("header words", "header order"):
        for cells, free in _gaps(names, unknown, order):
            if how == "header order":
                pairs = list(zip(cells, [order[f] for f in free], strict=False))
                # as many cells as columns, and no cell whose own words name another column of the table
                own = [_by_words(cols[i].leaf, order, order) for i, _ in pairs]
                if len(cells) == len(free) and all(w in (None, k) for w, (_, k) in zip(own, pairs, strict=True)):
                    names.update((i, (k, how)) for i, k in pairs)
                continue
            picks = {i: _by_words(cols[i].leaf, [order[f] for f in free], order) for i in cells}
            chosen = [(i, k) for i, k in picks.items() if k is not None]
            if len({k for _, k in chosen}) == len(chosen) and [order.index(k) for _, k in chosen] == sorted(
                order.index(k) for _, k in chosen
            ):
                names.update((i, (k, how)) for i, k in chosen)
        unknown = [i for i in unknown if i not in names]
    return names


def _keys_header(text: str) -> bool:
    """A header over the rows' codes or labels (科目编码, 科目名称, 项目), as the readers tell them."""
    return bool(CODE_HEADERS.search(text) or NAME_HEADERS.fullmatch(text))


def _gaps(names: dict[int, tuple[str, str]], unknown: list[int], order: list[str]) -> list[tuple[list[int], list[int]]]:
    """(unnamed cell indices, free template column indices) between consecutive named cells and the edges."""
    anchors = sorted((i, order.index(k)) for i, (k, _) in names.items() if k in order)
    bounds = [(-1, -1), *anchors, (10**6, len(order))]
    taken = {f for _, f in anchors}
    out = []
    for (i0, f0), (i1, f1) in itertools.pairwise(bounds):
        cells = [i for i in unknown if i0 < i < i1]
        free = [f for f in range(f0 + 1, f1) if f not in taken]
        if cells and free:
            out.append((cells, free))
    return out


def _by_words(header: str, keys: list[str], vocabulary: list[str]) -> str | None:
    """The one column key of ``keys`` that shares with ``header`` a pair of characters no other column of the
    table (``vocabulary``) has (财政补助收入 and 财政拨款收入 share 财政; 收入 is in every column's name and says
    nothing; 补助 is 上级补助收入's too)."""
    pairs = {header[i : i + 2] for i in range(len(header) - 1)}
    hits = []
    for k in keys:
        others = {o[i : i + 2] for o in vocabulary if o != k for i in range(len(o) - 1)}
        own = {k[i : i + 2] for i in range(len(k) - 1)} - others
        if pairs & own:
            hits.append(k)
    return hits[0] if len(hits) == 1 else None
