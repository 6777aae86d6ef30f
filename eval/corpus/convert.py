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

And the reports as the office files departments also publish, under ``office/`` (``office``): ``<stem>.docx`` — a
Word document of the pages' text lines as paragraphs and each ruled table as a Word table, merged cells merged
(python-docx); ``<stem>.xlsx`` — a workbook with one sheet per table (its title, table number and unit lines above
it, a title merged across the sheet, a table continued on the next page going on in the same sheet, figures as
numbers formatted ``#,##0.00``, merged cells merged; openpyxl); ``<stem>.xls`` — the same workbook as Excel 97
(xlwt, installed by hand: ``pip install xlwt``).

The files are committed, so tests do not need the converters; this script documents how they were made.
"""

from __future__ import annotations

import html
import re
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
            office_documents(plumbed.pages, HERE / "office" / stem)
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


def office_documents(pages: list[Any], stem: Path) -> None:
    """The pages as a Word document (``.docx``) and as workbooks (``.xlsx``, ``.xls``), one sheet per table."""
    import docx

    stem.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    sheets: list[list[tuple[list[Any], list[tuple[int, int, int, int]]]]] = []  # per sheet: (rows, merges) pieces
    for page in pages:
        tables = page.find_tables()
        rest = page
        for t in tables:
            rest = rest.outside_bbox(t.bbox)
        lines = [(line["top"], line["text"]) for line in rest.extract_text_lines()]
        items = sorted([*lines, *((t.bbox[1], t) for t in tables)], key=lambda item: item[0])
        for _, item in items:
            if isinstance(item, str):
                document.add_paragraph(item)
            else:
                _docx_table(document, *_grid(page, item.cells))
        if tables:
            above = [text for top, text in lines if top < tables[0].bbox[1]]
            titled = any(re.search(r"(决算表|总表)$", text.strip()) for text in above)
            if titled or not sheets:
                sheets.append([])
            for n, t in enumerate(tables):
                sheets[-1].append(_sheet_rows(above if n == 0 else [], *_grid(page, t.cells)))
    document.save(str(stem.with_suffix(".docx")))
    _xlsx(sheets, stem.with_suffix(".xlsx"))
    _xls(sheets, stem.with_suffix(".xls"))


def _docx_table(document: Any, grid: dict[tuple[int, int], Cell], nrows: int, ncols: int) -> None:
    table = document.add_table(rows=nrows, cols=ncols)
    for (r, c), cell in grid.items():
        target = table.cell(r, c)
        if cell.rows > 1 or cell.cols > 1:
            target = target.merge(table.cell(r + cell.rows - 1, c + cell.cols - 1))
        target.text = cell.text.replace("\n", "")


def _sheet_rows(
    above: list[str], grid: dict[tuple[int, int], Cell], nrows: int, ncols: int
) -> tuple[list[Any], list[tuple[int, int, int, int]]]:
    """A table's rows for a sheet (the lines above it first, each in its first cell, a title merged across),
    figures as numbers; and its merges (first row, last row, first column, last column; 0-based, within)."""
    rows: list[list[Any]] = [[text] + [None] * (ncols - 1) for text in above]
    merges = [(i, i, 0, ncols - 1) for i, text in enumerate(above) if text.strip().endswith(("决算表", "总表"))]
    body: list[list[Any]] = [[None] * ncols for _ in range(nrows)]
    for (r, c), cell in grid.items():
        text = cell.text.replace("\n", "")
        number = re.fullmatch(r"-?[\d,]+\.\d+|-?\d+", text.strip())
        body[r][c] = float(text.replace(",", "")) if number and "." in text else text
        if cell.rows > 1 or cell.cols > 1:
            merges.append((len(above) + r, len(above) + r + cell.rows - 1, c, c + cell.cols - 1))
    return rows + body, merges


def _xlsx(sheets: list[list[tuple[list[Any], list[tuple[int, int, int, int]]]]], path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    for n, pieces in enumerate(sheets, 1):
        sheet = book.create_sheet(f"表{n}", n - 1)
        at = 0
        for rows, merges in pieces:
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None and value != "":
                        cell = sheet.cell(at + r + 1, c + 1, value)
                        if isinstance(value, float):
                            cell.number_format = "#,##0.00"
            for r0, r1, c0, c1 in merges:
                sheet.merge_cells(start_row=at + r0 + 1, end_row=at + r1 + 1, start_column=c0 + 1, end_column=c1 + 1)
            at += len(rows)
    del book[book.sheetnames[-1]]  # the empty sheet a new workbook starts with
    book.save(str(path))


def _xls(sheets: list[list[tuple[list[Any], list[tuple[int, int, int, int]]]]], path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    for n, pieces in enumerate(sheets, 1):
        sheet = book.add_sheet(f"表{n}")
        at = 0
        for rows, merges in pieces:
            starts = {(r0, c0): (r1, c1) for r0, r1, c0, c1 in merges}
            inside = {(r, c) for r0, r1, c0, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if (r, c) in starts:
                        r1, c1 = starts[(r, c)]
                        sheet.write_merge(at + r, at + r1, c, c1, value or "")
                    elif (r, c) not in inside and value not in (None, ""):
                        sheet.write(at + r, c, value, money if isinstance(value, float) else xlwt.Style.default_style)
            at += len(rows)
    book.save(str(path))


def _centred(o: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= (o["x0"] + o["x1"]) / 2 <= box[2] and box[1] <= (o["top"] + o["bottom"]) / 2 <= box[3]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    sys.exit(main())
