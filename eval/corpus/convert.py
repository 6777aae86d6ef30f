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
  column by column) — both skipped when ``pdftotext`` is not installed.

The files are committed, so tests do not need the converters; this script documents how they were made.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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
        if shutil.which("pdftotext"):
            for folder, flags in (("pdftotext-layout", ["-layout"]), ("pdftotext", [])):
                out = HERE / "text" / folder / f"{stem}.txt"
                out.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run(["pdftotext", *flags, str(pdf_path), str(out)], check=True, stderr=subprocess.DEVNULL)
        print(stem)
    return 0


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    sys.exit(main())
