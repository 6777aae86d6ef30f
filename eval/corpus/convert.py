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
  ``colspan`` (from the cells' boxes), the page's other text lines as ``<p>`` lines, in page order (``html``).

The files are committed, so tests do not need the converters; this script documents how they were made.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from collections.abc import Iterable
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
        if shutil.which("pdftotext"):
            for folder, flags in (("pdftotext-layout", ["-layout"]), ("pdftotext", [])):
                out = HERE / "text" / folder / f"{stem}.txt"
                out.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run(["pdftotext", *flags, str(pdf_path), str(out)], check=True, stderr=subprocess.DEVNULL)
        print(stem)
    return 0


def html_document(pages: Iterable[Any]) -> str:
    """Pages (pdfplumber) as HTML: each page's tables and its other text lines, top to bottom."""
    out = ["<html><body>"]
    for page in pages:
        tables = page.find_tables()
        rest = page
        for t in tables:
            rest = rest.outside_bbox(t.bbox)
        items = [(line["top"], f"<p>{html.escape(line['text'])}</p>") for line in rest.extract_text_lines()]
        items += [(t.bbox[1], _html_table(page, t.cells)) for t in tables]
        out += [x for _, x in sorted(items, key=lambda item: item[0])]
    return "\n".join([*out, "</body></html>"]) + "\n"


def _html_table(page: Any, cells: list[tuple[float, float, float, float]]) -> str:
    """A table's cells (boxes) as rows of ``<td>``, a merged cell spanning the grid lines it covers; a cell's text
    is the characters whose centres lie in its box."""
    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})

    def at(v: float, lines: list[float]) -> int:
        return min(range(len(lines)), key=lambda i: abs(lines[i] - v))

    grid: dict[tuple[int, int], str] = {}
    for box in cells:
        r0, r1, c0, c1 = at(box[1], ys), at(box[3], ys), at(box[0], xs), at(box[2], xs)
        inside = page.filter(lambda o, b=box: o.get("object_type") != "char" or _centred(o, b))
        text = html.escape((inside.crop(box).extract_text() or "").replace("\n", ""))
        spans = (f' rowspan="{r1 - r0}"' if r1 - r0 > 1 else "") + (f' colspan="{c1 - c0}"' if c1 - c0 > 1 else "")
        grid[(r0, c0)] = f"<td{spans}>{text}</td>"
    rows = ("".join(grid[(r, c)] for c in range(len(xs) - 1) if (r, c) in grid) for r in range(len(ys) - 1))
    return "<table>" + "".join(f"<tr>{r}</tr>" for r in rows if r) + "</table>"


def _centred(o: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= (o["x0"] + o["x1"]) / 2 <= box[2] and box[1] <= (o["top"] + o["bottom"]) / 2 <= box[3]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    sys.exit(main())
