"""chunk: ``Document`` → ``[Chunk]``, the pieces a language model reads one at a time.

Prose is split with langchain-text-splitters inside section boundaries (a chunk never spans two
top-level sections); each standard table is one chunk with its title and header, so a model never sees
rows without the columns they belong to. Every chunk carries its offsets in the clean view and its span
in the original text.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from langchain_text_splitters import RecursiveCharacterTextSplitter

from extractor.segment import Document

DEFAULT_CHUNK_SIZE = 2000
DEFAULT_OVERLAP = 200
_SEPARATORS = ["\n\n", "\n", "。", "；", "，", " ", ""]


@dataclass(frozen=True)
class Chunk:
    """A piece of the report for one model call."""

    index: int
    kind: str  # "table" | "prose"
    text: str  # clean view
    start: int  # clean-view offsets
    end: int
    span: tuple[int, int]  # original-text offsets
    table: str | None = None  # canonical table id for table chunks
    section: str | None = None  # heading of the enclosing prose section


def chunk(doc: Document, size: int = DEFAULT_CHUNK_SIZE, overlap: int = DEFAULT_OVERLAP) -> list[Chunk]:
    """Split ``doc`` into table chunks and section-bounded prose chunks, in reading order."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        separators=_SEPARATORS,
        add_start_index=True,
        keep_separator="end",
    )
    clean = doc.text.clean
    pieces: list[tuple[str, int, int, str | None, str | None]] = []
    for t in sorted(doc.tables, key=lambda t: t.title_start):
        pieces.append(("table", t.title_start, t.end, t.kind, None))
    for start, end, heading in _prose_regions(doc):
        region = clean[start:end]
        for d in splitter.create_documents([region]):
            s = start + int(d.metadata["start_index"])
            e = s + len(d.page_content)
            if clean[s:e].strip():
                pieces.append(("prose", s, e, None, heading))
    pieces.sort(key=lambda p: p[1])
    out: list[Chunk] = []
    for kind, s, e, table, heading in pieces:
        s, e = _trim(clean, s, e)
        if s >= e:
            continue
        out.append(
            Chunk(index=len(out), kind=kind, text=clean[s:e], start=s, end=e, span=doc.text.span(s, e),
                  table=table, section=heading)
        )  # fmt: skip
    return out


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
