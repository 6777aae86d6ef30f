"""PDF text layers read with their layout: each page rebuilt from its ruling lines and character boxes.

A born-digital 部门决算 PDF draws its tables with ruling lines. pdfplumber (on pdfminer.six) finds the grid
of each table from those lines and the characters inside each cell, so a table comes out as rows of cells:
blank cells stay blank, a header cell printed over two or three lines is one header, a wrapped label stays in
its row. Each table row becomes one line of tab-separated cells — the ``grid`` layout the segment stage reads
— and the text outside tables becomes lines in reading order (top to bottom; a line's pieces on slightly
different baselines, like a year printed in another font, stay one line).

Across pages (``PageFlow``): running headers and footers — page numbers, and the same short line repeated in
a page margin — never become rows or prose; a table continued on the next page goes on as the same table,
with its repeated header rows skipped.

Every piece of text keeps its page and bounding box (pixels at the page's dpi), so a reviewer can be shown
the cell a value was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]

#: pdfplumber table finding: tables are drawn with ruling lines (lines or thin rectangles)
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
_MARGIN = 0.075  # share of the page height at the top and bottom where running headers and footers sit
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?(?:\s*[-—–－])?\s*$"
)
_DIGITS = re.compile(r"\d+")


@dataclass
class Piece:
    """A run of text and the box it was read from (PDF points, origin top left)."""

    text: str
    bbox: BBox | None


@dataclass
class Line:
    """A line of text outside tables, or one table row (its cells; ``None`` for a blank cell)."""

    top: float
    bottom: float
    pieces: list[Piece]
    cells: bool = False  # a table row: pieces are cells, written tab-separated

    @property
    def text(self) -> str:
        return "".join(sep + p.text for sep, p in zip(self.separators(), self.pieces, strict=True))

    def separators(self) -> list[str]:
        """What goes before each piece: a tab between cells; between words a space only where the page
        leaves a visible gap (words split at quote marks or font changes are one word)."""
        if self.cells:
            return ["", *["\t"] * (len(self.pieces) - 1)]
        seps = [""]
        for a, b in zip(self.pieces, self.pieces[1:], strict=False):
            gap = (b.bbox[0] - a.bbox[2]) if a.bbox and b.bbox else 1e9
            height = (a.bbox[3] - a.bbox[1]) if a.bbox else 10.0
            seps.append(" " if gap > 0.25 * height else "")
        return seps


@dataclass
class PageLayout:
    number: int
    width: float  # points
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: int = 0


def read_page(page: Any, number: int) -> PageLayout:
    """Rebuild one pdfplumber page: its tables as rows of cells, the rest as lines, top to bottom."""
    page = page.dedupe_chars(tolerance=1)
    tables = page.find_tables(TABLE_SETTINGS)
    layout = PageLayout(number=number, width=float(page.width), height=float(page.height), tables=len(tables))
    boxes = [t.bbox for t in tables]
    items: list[Line] = []
    for t in tables:
        items.extend(_table_rows(t))

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    words = page.filter(outside).extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
    items.extend(_lines(words))
    items.sort(key=lambda line: (line.top, line.pieces[0].bbox[0] if line.pieces and line.pieces[0].bbox else 0))
    layout.lines = items
    return layout


def _cell_text(text: str | None) -> str:
    """A cell's text with its printed line breaks removed (a space only between two Latin letters or digits)."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return re.sub(r"\s+", " ", out)


def _table_rows(table: Any) -> list[Line]:
    rows: list[Line] = []
    texts = table.extract(x_tolerance=1.5, y_tolerance=2)
    for row, cells in zip(table.rows, texts, strict=False):
        pieces = [Piece(_cell_text(text), box) for text, box in zip(cells, row.cells, strict=False)]
        if not any(p.text for p in pieces):
            continue
        rows.append(Line(top=row.bbox[1], bottom=row.bbox[3], pieces=pieces, cells=True))
    return rows


def _lines(words: list[dict[str, Any]]) -> list[Line]:
    """Words grouped into lines by vertical overlap (a piece on a slightly lower baseline stays on its line)."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        box = (w["x0"], w["top"], w["x1"], w["bottom"])
        for line in reversed(lines[-3:]):
            overlap = min(line.bottom, w["bottom"]) - max(line.top, w["top"])
            if overlap > 0.5 * min(line.bottom - line.top, w["bottom"] - w["top"]):
                line.pieces.append(Piece(w["text"], box))
                line.top, line.bottom = min(line.top, w["top"]), max(line.bottom, w["bottom"])
                break
        else:
            lines.append(Line(top=w["top"], bottom=w["bottom"], pieces=[Piece(w["text"], box)]))
    for line in lines:
        line.pieces.sort(key=lambda p: p.bbox[0] if p.bbox else 0)
    return lines


@dataclass
class PageFlow:
    """What carries from one page to the next: the margin lines seen, and the last table's header rows."""

    margins: set[str] = field(default_factory=set)
    header_rows: list[str] = field(default_factory=list)

    def clean(self, layout: PageLayout) -> list[Line]:
        """The page's lines without running headers/footers and without a continued table's repeated header."""
        top, bottom = layout.height * _MARGIN, layout.height * (1 - _MARGIN)
        kept: list[Line] = []
        margins: set[str] = set()
        for line in layout.lines:
            in_margin = line.bottom <= top or line.top >= bottom
            if in_margin and not line.cells:
                text = line.text.strip()
                shape = _DIGITS.sub("#", text)
                if _PAGE_NUMBER.match(text) or shape in self.margins:
                    margins.add(shape)
                    continue
                margins.add(shape)
            kept.append(line)
        self.margins = margins or self.margins
        kept = self._skip_repeated_header(kept)
        return kept

    def _skip_repeated_header(self, lines: list[Line]) -> list[Line]:
        first = next((k for k, line in enumerate(lines) if line.cells), None)
        if first is not None and all(not line.text.strip() for line in lines[:first]) and self.header_rows:
            n = len(self.header_rows)
            texts = [line.text for line in lines[first : first + n]]
            if texts == self.header_rows:
                lines = lines[:first] + lines[first + n :]
        self.header_rows = _last_table_header(lines) or self.header_rows
        return lines


_AMOUNT = re.compile(r"-?\d[\d,]*\.\d+")


def _last_table_header(lines: list[Line]) -> list[str]:
    """Header rows of the page's last table: its rows before the first row printing an amount."""
    start = None
    for k in range(len(lines) - 1, -1, -1):
        if lines[k].cells:
            start = k
        elif start is not None:
            break
    if start is None:
        return []
    header: list[str] = []
    for line in lines[start:]:
        if not line.cells or any(_AMOUNT.fullmatch(p.text.replace(" ", "")) for p in line.pieces):
            break
        header.append(line.text)
    return header
