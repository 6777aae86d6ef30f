"""segment: ``Text`` → ``Document``: the standard tables (rows and cells) and the prose sections.

All offsets here are into the *clean* view (``Text.clean``); readers map them to the original text with
``Text.span`` when they emit a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.normalize import Text


@dataclass(frozen=True)
class Cell:
    """One cell: its stripped text and clean-view offsets (``start == end`` for a blank cell)."""

    text: str
    start: int
    end: int

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(frozen=True)
class Row:
    """One printed table row (one line, or two glued lines split apart)."""

    cells: tuple[Cell, ...]
    start: int
    end: int
    layout: str = "tab"  # "tab" | "space"

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    """A standard table found by its title."""

    kind: str  # canonical table id, e.g. "income"
    title: str
    title_start: int
    title_end: int
    start: int
    end: int
    rows: list[Row] = field(default_factory=list)
    unit: str = "万元"
    declared_empty: bool = False


@dataclass(frozen=True)
class Section:
    """A prose section: its heading line and the text up to the next heading of the same or higher level."""

    heading: str
    level: int
    start: int  # start of the heading line
    body_start: int
    end: int


@dataclass
class Document:
    doc_id: str
    text: Text
    tables: list[Table] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    department: str | None = None
    year: int | None = None

    def table(self, kind: str) -> Table | None:
        return next((t for t in self.tables if t.kind == kind), None)

    def section_at(self, pos: int) -> Section | None:
        """The innermost section containing clean offset ``pos``."""
        best: Section | None = None
        for s in self.sections:
            if s.start <= pos < s.end and (best is None or s.level >= best.level):
                best = s
        return best

    def in_table(self, pos: int) -> bool:
        return any(t.start <= pos < t.end for t in self.tables)


def segment(text: Text, doc_id: str = "") -> Document:
    """Find the sections and the standard tables of a report."""
    doc = Document(doc_id=doc_id, text=text)
    doc.sections = find_sections(text.clean)
    doc.tables = find_tables(text.clean)
    doc.department, doc.year = find_metadata(text.clean)
    return doc


# ---------------------------------------------------------------------------------------------
# Sections

_CN_NUM = "一二三四五六七八九十"
# Level 1: 第X部分; level 2: 一、; level 3: (一) / （一）; level 4: 1. / 1、 / 1．
_HEADINGS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^\s*第[{_CN_NUM}\d]+部分\s*\S")),
    (2, re.compile(rf"^\s*[{_CN_NUM}]{{1,3}}\s*、\s*\S")),
    (2, re.compile(r"^\s*\d{1,2}\s*、\s*(?=\S{2,40}$)")),  # "1、 收入支出决算总体情况说明" used as level-2 in some reports
    (3, re.compile(rf"^\s*[(（]\s*[{_CN_NUM}]{{1,3}}\s*[)）]\s*\S")),
]
_MAX_HEADING = 60


def find_sections(clean: str) -> list[Section]:
    """Headings by their numbering style; a section ends where a heading of its level or above starts."""
    heads: list[tuple[int, int, int, str]] = []  # (level, line start, body start, heading)
    pos = 0
    for line in clean.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) <= _MAX_HEADING and not stripped.startswith("-") and "\t" not in stripped:
            for level, pat in _HEADINGS:
                if pat.match(stripped) and not _is_sentence(stripped):
                    heads.append((level, pos, pos + len(line), stripped))
                    break
        pos += len(line)
    sections: list[Section] = []
    for i, (level, start, body, heading) in enumerate(heads):
        end = len(clean)
        for level2, start2, _, _ in heads[i + 1 :]:
            if level2 <= level:
                end = start2
                break
        sections.append(Section(heading=heading, level=level, start=start, body_start=body, end=end))
    return sections


def _is_sentence(line: str) -> bool:
    """A numbered line that carries figures is a statement, not a heading."""
    return bool(re.search(r"\d+\.\d+\s*万元|。.+", line))


# ---------------------------------------------------------------------------------------------
# Metadata

_YEAR = re.compile(r"(20\d{2})\s*年度?")
_DEPT = re.compile(r"^\s*(?:部门名称|部门|单位|丰世)\s*[:：]\s*(?!万?元\s*$)(\S[^\t\n]{1,40})", re.M)


def find_metadata(clean: str) -> tuple[str | None, int | None]:
    """Department from the table headers (部门: …) and the fiscal year from the title page."""
    m = _DEPT.search(clean)
    dept = m.group(1).strip() if m else None
    head = clean[:3000]
    y = _YEAR.search(head)
    return dept, int(y.group(1)) if y else None


# ---------------------------------------------------------------------------------------------
# Tables — see find_tables below.


def find_tables(clean: str) -> list[Table]:
    """Locate the standard tables by title and split them into rows and cells."""
    return []
