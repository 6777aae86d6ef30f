"""chunk: ``Document`` → ``[Chunk]``: exactly the pieces a language model reads, one request each.

* **Tables** are never separated from their header: a chunk is the table's title, unit and header lines,
  then its rows. A long table is split by rows, each part with the title and header repeated, so every
  request can be read on its own.
* **Prose** is split with langchain-text-splitters inside section boundaries (a chunk never spans two
  top-level sections), with separators for this layout: page breaks, blank lines, lines, then sentence and
  clause ends (。；，) — a figure's sentence stays whole.

A chunk is one or more verbatim pieces of the clean view joined by newlines (a table part: its header piece
and its rows piece); ``Chunk.clean(pos)`` maps a position of the chunk's text back to the clean view, and every
chunk carries the original-text span it covers. ``figures`` says whether the chunk prints a figure (an amount,
a count with its unit): routing sends only those.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from langchain_text_splitters import RecursiveCharacterTextSplitter

from extractor.segment import Document, Table

DEFAULT_CHUNK_SIZE = 3000
DEFAULT_OVERLAP = 0  # chunks meet at sentence ends: nothing is sent twice
_SEPARATORS = ["\f", "\n\n", "\n", "。", "；", "，", " ", ""]
_FIGURE = re.compile(r"\d\s*(?:万?元|%|％|辆|批次|人次|人|分)|\d\.\d")
Piece = tuple[int, int]  # clean-view [start, end)


@dataclass(frozen=True)
class Chunk:
    """A piece of the report for one model call: verbatim clean-view pieces joined by newlines."""

    index: int
    kind: str  # "table" | "prose"
    pieces: tuple[Piece, ...]
    text: str  # the pieces joined with "\n": what the model reads
    span: tuple[int, int]  # original-text offsets from the first piece's start to the last one's end
    table: str | None = None  # canonical table id for table chunks
    section: str | None = None  # heading of the enclosing prose section
    part: int = 0  # which part of a table split by rows (0 for the first, or a whole table)
    _offsets: tuple[int, ...] = field(default=(), repr=False)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    @property
    def figures(self) -> bool:
        """Whether the chunk prints a figure: a number with a decimal point or a unit."""
        return bool(_FIGURE.search(self.text))

    def clean(self, pos: int) -> int:
        """The clean-view offset of position ``pos`` of ``text`` (a piece's end maps to that piece's end)."""
        return joined_to_clean(self.pieces, self._offsets, pos)


def joined_offsets(pieces: Sequence[Piece]) -> tuple[int, ...]:
    """Where each piece starts in the pieces' text joined by newlines (what a model reads)."""
    offsets, pos = [], 0
    for s, e in pieces:
        offsets.append(pos)
        pos += e - s + 1
    return tuple(offsets)


def joined_to_clean(pieces: Sequence[Piece], offsets: Sequence[int], pos: int) -> int:
    """The clean-view offset of position ``pos`` of the joined text (a piece's end maps to that piece's end)."""
    i = max(0, bisect_right(offsets, pos) - 1)
    s, e = pieces[i]
    return s + min(pos - offsets[i], e - s)


def make_chunk(doc: Document, index: int, kind: str, pieces: list[Piece], **kw: object) -> Chunk:
    """A chunk of ``pieces`` (clean-view ranges, in order, disjoint) of ``doc``."""
    clean = doc.text.clean
    text = "\n".join(clean[s:e] for s, e in pieces)
    span = doc.text.span(pieces[0][0], pieces[-1][1])
    offsets = joined_offsets(pieces)
    return Chunk(index=index, kind=kind, pieces=tuple(pieces), text=text, span=span, _offsets=offsets, **kw)  # type: ignore[arg-type]


def chunk(doc: Document, size: int = DEFAULT_CHUNK_SIZE, overlap: int = DEFAULT_OVERLAP) -> list[Chunk]:
    """Split ``doc`` into table chunks (split by rows when long) and section-bounded prose chunks, in order."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        separators=_SEPARATORS,
        add_start_index=True,
        keep_separator="end",
    )
    clean = doc.text.clean
    found: list[tuple[str, list[Piece], dict[str, object]]] = []
    for t in sorted(doc.tables, key=lambda t: t.title_start):
        for part, pieces in enumerate(_table_parts(doc, t, size)):
            found.append(("table", pieces, {"table": t.kind, "part": part}))
    for start, end, heading in _prose_regions(doc):
        for d in splitter.create_documents([clean[start:end]]):
            s = start + int(d.metadata["start_index"])
            s, e = _trim(clean, s, s + len(d.page_content))
            if s < e:
                found.append(("prose", [(s, e)], {"section": heading}))
    found.sort(key=lambda f: (f[1][-1][0], f[1][0][0]))
    return [make_chunk(doc, i, kind, pieces, **kw) for i, (kind, pieces, kw) in enumerate(found)]


def _table_parts(doc: Document, t: Table, size: int) -> list[list[Piece]]:
    """The table as one piece, or — when longer than ``size`` — its head (title, unit, header lines) and row
    groups, each part ``[head, rows]``."""
    clean = doc.text.clean
    start, end = _trim(clean, t.title_start, max(t.end, t.title_end))
    if end - start <= size or not t.rows:
        return [[(start, end)]]
    first = next((k for k, r in enumerate(t.rows) if _DECIMAL.search(clean[r.start : r.end])), 0)
    head_end = t.rows[first - 1].end if first > 0 else t.title_end
    head = _trim(clean, start, head_end)
    budget = max(size - (head[1] - head[0]), size // 4)
    parts: list[list[Piece]] = []
    group_start: int | None = None
    group_end = 0
    for r in t.rows[first:]:
        if group_start is not None and r.end - group_start > budget:
            parts.append([head, _trim(clean, group_start, group_end)])
            group_start = None
        if group_start is None:
            group_start = r.start
        group_end = r.end
    if group_start is not None:
        parts.append([head, _trim(clean, group_start, group_end)])
    if len(parts) == 1:  # it fitted after all (the head plus rows): one whole piece
        return [[(start, end)]]
    return [[h, rows] if rows[0] > h[1] else [(h[0], rows[1])] for h, rows in parts]


_DECIMAL = re.compile(r"\d\.\d")


def _prose_regions(doc: Document) -> list[tuple[int, int, str | None]]:
    """The text outside tables, cut at every top-level (level ≤ 2) section start.

    Linear in the report: regions and tables are both walked in order (a table that ended before a region
    is never looked at again), and headings come from one sweep (``_Headings``).
    """
    n = len(doc.text.clean)
    cuts = sorted({0, n, *(s.start for s in doc.sections if s.level <= 2)})
    tables = sorted((t.title_start, t.end) for t in doc.tables)
    headings = _Headings(doc)
    regions: list[tuple[int, int, str | None]] = []
    first = 0  # tables before this one ended before the current region
    for a, b in pairwise(cuts):
        while first < len(tables) and tables[first][1] <= a:
            first += 1
        pos = a
        for ts, te in tables[first:]:
            if ts >= b:
                break
            if te <= pos:
                continue
            if ts > pos:
                regions.append((pos, ts, headings.at(pos)))
            pos = max(pos, te)
        if pos < b:
            regions.append((pos, b, headings.at(pos)))
    return regions


class _Headings:
    """``Document.section_at(pos).heading`` for non-decreasing ``pos``, in one sweep over the sections.

    The innermost section holds ``pos`` (the highest level; of equal levels the later one), as
    ``section_at`` says; asking it for every region was quadratic in long reports.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.order = sorted(range(len(doc.sections)), key=lambda i: doc.sections[i].start)
        self.next = 0
        self.active: list[int] = []
        self.last = -1

    def at(self, pos: int) -> str | None:
        if pos < self.last:  # not asked in order: the plain lookup
            sec = self.doc.section_at(pos)
            return sec.heading if sec else None
        self.last = pos
        sections = self.doc.sections
        while self.next < len(self.order) and sections[self.order[self.next]].start <= pos:
            self.active.append(self.order[self.next])
            self.next += 1
        self.active = [i for i in self.active if pos < sections[i].end]
        if not self.active:
            return None
        best = max(self.active, key=lambda i: (sections[i].level, i))
        return sections[best].heading


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
