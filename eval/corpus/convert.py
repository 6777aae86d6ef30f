#!/usr/bin/env python3
"""Rebuild the converted-text copies of the corpus PDFs in ``text/`` — what a user who only has text holds.

Three common converters, each with its own layout quirks:

* ``text/pdfium/``: pypdfium2's page text (CRLF line ends, pages joined by form feeds, a page's first title
  glued to the previous table's note, wrapped labels, numbers on lines of their own);
* ``text/pdfminer/``: pdfminer.six ``extract_text`` (form feeds, cells of ruled tables often on lines of
  their own, in column order);
* ``text/pdfplumber/``: pdfplumber ``extract_text()`` (cells separated by spaces, a tall row's name on the line
  above its code, titles glued to the previous table's figures, the prose's digits on lines of their own) and
  ``text/pdfplumber-layout/``: ``extract_text(layout=True)`` (columns as runs of spaces, a row's figures on a
  line below its labels);
* ``text/pdftotext-layout/``: poppler's ``pdftotext -layout`` (columns kept as runs of spaces), and
  ``text/pdftotext/``: plain ``pdftotext`` (its default reading order: a ruled table's cells in blocks, often
  column by column) — both skipped when ``pdftotext`` is not installed;
* ``text/html/``: HTML as table-structure converters write it (MinerU, PP-Structure, a Word or cloud OCR
  export): each ruled table pdfplumber finds as ``<table><tr><td>…`` on one line, merged cells as ``rowspan`` /
  ``colspan`` (from the cells' boxes), the page's other text lines as ``<p>`` lines, in page order (``html``);
* ``text/markdown/``: markdown as docling or marker write it: each ruled table as pipe rows with a delimiter row
  under the first, a merged cell's text repeated in every cell it covers (docling's way), a cell's wrapped lines
  joined by a space, the page's other text lines as paragraphs (``markdown``).

The files are committed, so tests do not need the converters; this script documents how they were made.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def main() -> int:
    import pdfminer.high_level
    import pdfplumber
    import pypdfium2 as pdfium

    for pdf_path in sorted(HERE.glob("*.pdf")):
        stem = pdf_path.stem
        pdf = pdfium.PdfDocument(str(pdf_path))
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        pdf.close()
        _write(HERE / "text" / "pdfium" / f"{stem}.txt", "\f".join(pages))
        _write(HERE / "text" / "pdfminer" / f"{stem}.txt", pdfminer.high_level.extract_text(str(pdf_path)))
        with pdfplumber.open(pdf_path) as plumbed:
            for folder, layout in (("pdfplumber", False), ("pdfplumber-layout", True)):
                text = "\f".join(page.extract_text(layout=layout) or "" for page in plumbed.pages)
                _write(HERE / "text" / folder / f"{stem}.txt", text)
            _write(HERE / "text" / "html" / f"{stem}.html", html_document(plumbed.pages))
            _write(HERE / "text" / "markdown" / f"{stem}.md", markdown_document(plumbed.pages))
        if shutil.which("pdftotext"):
            for folder, flags in (("pdftotext-layout", ["-layout"]), ("pdftotext", [])):
                out = HERE / "text" / folder / f"{stem}.txt"
                out.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run(["pdftotext", *flags, str(pdf_path), str(out)], check=True, stderr=subprocess.DEVNULL)
        print(stem)
    return 0


def html_document(pages: Iterable[Any]) -> str:
    """Pages (pdfplumber) as HTML: each page's tables and its other text lines, top to bottom."""
    body = _document(pages, lambda line: f"<p>{html.escape(line)}</p>", _html_table)
    return "\n".join(["<html><body>", *body, "</body></html>"]) + "\n"


def markdown_document(pages: Iterable[Any]) -> str:
    """Pages (pdfplumber) as markdown: each page's tables as pipe tables and its other text lines as paragraphs."""
    return "\n\n".join(_document(pages, lambda line: line, _markdown_table)) + "\n"


def _document(pages: Iterable[Any], paragraph: Callable[[str], str], table: Callable[[Any, Any], str]) -> list[str]:
    """Each page's tables (``table(page, cells)``) and its other text lines (``paragraph(text)``), top to bottom."""
    out: list[str] = []
    for page in pages:
        tables = page.find_tables()
        rest = page
        for t in tables:
            rest = rest.outside_bbox(t.bbox)
        items = [(line["top"], paragraph(line["text"])) for line in rest.extract_text_lines()]
        items += [(t.bbox[1], table(page, t.cells)) for t in tables]
        out += [x for _, x in sorted(items, key=lambda item: item[0])]
    return out


def _grid(page: Any, cells: list[tuple[float, float, float, float]]) -> tuple[dict[tuple[int, int], Cell], int, int]:
    """A table's cells (boxes) by the grid lines they start at, each with its text and the rows and columns it
    spans; and the grid's row and column counts. A cell's text is the characters whose centres lie in its box,
    its lines as ``extract_text`` breaks them."""
    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})

    def at(v: float, lines: list[float]) -> int:
        return min(range(len(lines)), key=lambda i: abs(lines[i] - v))

    grid: dict[tuple[int, int], Cell] = {}
    for box in cells:
        r0, r1, c0, c1 = at(box[1], ys), at(box[3], ys), at(box[0], xs), at(box[2], xs)
        inside = page.filter(lambda o, b=box: o.get("object_type") != "char" or _centred(o, b))
        grid[(r0, c0)] = Cell(inside.crop(box).extract_text() or "", r1 - r0, c1 - c0)
    return grid, len(ys) - 1, len(xs) - 1


@dataclass
class Cell:
    text: str
    rows: int
    cols: int


def _html_table(page: Any, cells: list[tuple[float, float, float, float]]) -> str:
    """A table as rows of ``<td>``, a merged cell spanning the grid lines it covers."""
    grid, nrows, ncols = _grid(page, cells)
    rows = []
    for r in range(nrows):
        tds = []
        for c in range(ncols):
            if (cell := grid.get((r, c))) is not None:
                spans = (f' rowspan="{cell.rows}"' if cell.rows > 1 else "") + (
                    f' colspan="{cell.cols}"' if cell.cols > 1 else ""
                )
                tds.append(f"<td{spans}>{html.escape(cell.text.replace(chr(10), ''))}</td>")
        rows.append("".join(tds))
    return "<table>" + "".join(f"<tr>{r}</tr>" for r in rows if r) + "</table>"


def _markdown_table(page: Any, cells: list[tuple[float, float, float, float]]) -> str:
    """A table as pipe rows, a merged cell's text in every grid cell it covers, a delimiter row under the first."""
    grid, nrows, ncols = _grid(page, cells)
    texts = [[""] * ncols for _ in range(nrows)]
    for (r0, c0), cell in grid.items():
        for r in range(r0, r0 + cell.rows):
            for c in range(c0, c0 + cell.cols):
                texts[r][c] = cell.text.replace("\n", " ").replace("|", "\\|")
    lines = ["| " + " | ".join(row) + " |" for row in texts]
    return "\n".join([lines[0], "|" + "---|" * ncols, *lines[1:]]) if lines else ""


def _centred(o: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= (o["x0"] + o["x1"]) / 2 <= box[2] and box[1] <= (o["top"] + o["bottom"]) / 2 <= box[3]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    sys.exit(main())
