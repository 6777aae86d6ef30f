"""The source text around a fact's span, cut into what the flag page shows.

For a table cell: the table's header lines and the printed line holding the span, each split into cells
at tabs, with the value's characters marked. For prose: the sentence-sized window around the span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.schemas import Extraction

HEADER_LINES = 6
WINDOW = 120


@dataclass
class Cell:
    parts: list[tuple[str, bool]] = field(default_factory=list)  # (text, highlighted)


@dataclass
class Excerpt:
    kind: str  # "table" | "prose" | "none"
    header: list[list[Cell]] = field(default_factory=list)
    row: list[Cell] = field(default_factory=list)
    prose: list[tuple[str, bool]] = field(default_factory=list)
    title: str | None = None
    line_no: int | None = None


def _cells(text: str, start: int, end: int, span: tuple[int, int] | None) -> list[Cell]:
    """Split text[start:end] at tabs into cells, marking the characters inside ``span``."""
    cells: list[Cell] = []
    pos = start
    for chunk in text[start:end].split("\t"):
        c0, c1 = pos, pos + len(chunk)
        cells.append(Cell(_mark(text, c0, c1, span)))
        pos = c1 + 1
    return cells


def _mark(text: str, a: int, b: int, span: tuple[int, int] | None) -> list[tuple[str, bool]]:
    if span is None or span[1] <= a or span[0] >= b:
        return [(text[a:b], False)]
    s0, s1 = max(a, span[0]), min(b, span[1])
    return [p for p in ((text[a:s0], False), (text[s0:s1], True), (text[s1:b], False)) if p[0]]


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def excerpt(text: str, extraction: Extraction | None, table: str, span: tuple[int, int] | None) -> Excerpt:
    """What to show for one fact: its table row with the header lines above, or the prose around it."""
    if span is None or span[0] < 0 or span[1] > len(text) or span[0] >= span[1]:
        return Excerpt("none")
    t = extraction.table(table) if extraction is not None else None
    if t is not None and t.span[0] <= span[0] < t.span[1]:
        rs, re_ = _line_bounds(text, span[0])
        first_row = min((r.span[0] for r in t.rows), default=rs)
        head_end = min(first_row, rs)
        lines = []
        pos = t.span[0]
        while pos < head_end:
            ls, le = _line_bounds(text, pos)
            if text[ls:le].count("\t") >= 1:  # header lines of a table are tab-separated
                lines.append((ls, le))
            pos = le + 1
        header = [_cells(text, a, b, None) for a, b in lines[-HEADER_LINES:]]
        return Excerpt(
            "table", header=header, row=_cells(text, rs, re_, span), title=t.title,
            line_no=text.count("\n", 0, rs) + 1,
        )  # fmt: skip
    a = max(0, span[0] - WINDOW)
    b = min(len(text), span[1] + WINDOW)
    return Excerpt("prose", prose=_mark(text, a, b, span), line_no=text.count("\n", 0, span[0]) + 1)
