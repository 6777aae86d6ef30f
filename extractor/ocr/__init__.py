"""Scanned reports in: PDF and image files → document text with per-character provenance.

    read_document(path, engine="rapidocr") -> OcrDocument(text, encoding, provenance)

A PDF page with a usable text layer is read from it; a scanned page is rasterised at 200 dpi, straightened,
read by the OCR engine (``engines``), and its tables are rebuilt from their ruling lines into
tab-separated rows with blank cells kept (``layout``), so the normal segment stage reads them. Every
character read from the page keeps its page, bounding box and confidence (``model.Provenance``);
``crop`` cuts the part of the page a value came from, for a reviewer.

Errors: ``InputError`` naming the file (damaged PDF, unreadable image, nothing readable on any page),
``ConfigError`` for an unknown or uninstalled engine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from extractor.errors import InputError, OcrPageError
from extractor.ocr.engines import Engine, engine_names, get_engine
from extractor.ocr.fold import fold_text
from extractor.ocr.layout import emit_page, erase_rules, find_grids, page_lines, straighten
from extractor.ocr.load import SUFFIXES, Page, pages, render_page
from extractor.ocr.model import Box, PageInfo, Provenance, Run, TextBuilder
from extractor.ocr.textlayer import PageFlow

DEFAULT_ENGINE = "rapidocr"
ENGINE_ENV = "EXTRACTOR_OCR_ENGINE"


@dataclass(frozen=True)
class OcrDocument:
    text: str
    encoding: str  # "pdf-text", "ocr-rapidocr", or both joined by "+"
    provenance: Provenance


def default_engine() -> str:
    return os.environ.get(ENGINE_ENV) or DEFAULT_ENGINE


def read_document(path: str | Path, engine: str | None = None) -> OcrDocument:
    """Read every page of a PDF or image file into one text, with provenance for each character."""
    p = Path(path)
    name = engine or default_engine()
    builder = TextBuilder()
    prov = Provenance(engine=name)
    methods: list[str] = []
    flow = PageFlow()
    for page in pages(p):
        if page.layout is not None:
            _emit_layout(builder, page, flow)
            info = PageInfo(page.number, page.width, page.height, page.dpi, "text-layer")
            methods.append("pdf-text")
        else:
            assert page.image is not None
            try:
                angle = read_image_page(builder, page, get_engine(name))
            except OcrPageError as exc:
                raise InputError(p, f"page {page.number}: {exc}") from exc
            info = PageInfo(page.number, page.width, page.height, page.dpi, "ocr", name, angle)
            methods.append(f"ocr-{name}")
        prov.pages.append(info)
        builder.add("\n")
    text = builder.text()
    if not text.strip():
        what = "image" if p.suffix.lower() != ".pdf" else "PDF"
        raise InputError(p, f"no text found: the OCR read nothing on this {what} (blank page or not a document?)")
    prov.runs = builder.runs
    return OcrDocument(text=text, encoding="+".join(dict.fromkeys(methods)), provenance=prov)


def read_image_page(builder: TextBuilder, page: Page, engine: Engine) -> float:
    """OCR one page image into ``builder``; returns the rotation applied to straighten it."""
    assert page.image is not None
    gray, angle = straighten(page.image)
    grids = find_grids(gray)
    boxes = [_folded(b) for b in engine.read(erase_rules(gray, grids) if engine.erase_rules else gray)]
    emit_page(builder, page.number, page_lines(boxes, grids))
    return angle


def _folded(b: Box) -> Box:
    text = fold_text(b.text)
    if text == b.text:
        return b
    chars = None if b.chars is None else tuple((fold_text(c), x0, x1) for c, x0, x1 in b.chars)
    return replace(b, text=text, chars=chars)


def _emit_layout(builder: TextBuilder, page: Page, flow: PageFlow) -> None:
    """A text-layer page: table rows as tab-separated cells, other lines as they read; every piece a run."""
    assert page.layout is not None
    scale = page.dpi / 72
    for line in flow.clean(page.layout):
        for sep, piece in zip(line.separators(), line.pieces, strict=True):
            builder.add(sep)
            if piece.bbox is None or not piece.text:
                builder.add(piece.text)
                continue
            x0, y0, x1, y1 = piece.bbox
            builder.add(piece.text, page.number, (x0 * scale, y0 * scale, x1 * scale, y1 * scale), 1.0)
        builder.add("\n")


def crop(path: str | Path, provenance: Provenance, start: int, end: int, margin: int = 12) -> Image.Image:
    """The part of the page that characters ``[start, end)`` were read from (first page they touch)."""
    runs = provenance.runs_in(start, end)
    if not runs:
        raise ValueError(f"characters [{start}, {end}) were not read from any page")
    page = runs[0].page
    boxes = [r.bbox for r in runs if r.page == page]
    info = next(pi for pi in provenance.pages if pi.page == page)
    img = render_page(path, page, info.angle, info.dpi)
    x0 = max(0, int(min(b[0] for b in boxes)) - margin)
    y0 = max(0, int(min(b[1] for b in boxes)) - margin)
    x1 = min(img.width, int(max(b[2] for b in boxes)) + margin)
    y1 = min(img.height, int(max(b[3] for b in boxes)) + margin)
    return img.crop((x0, y0, x1, y1))


__all__ = [
    "SUFFIXES",
    "Box",
    "Engine",
    "OcrDocument",
    "PageInfo",
    "Provenance",
    "Run",
    "crop",
    "default_engine",
    "engine_names",
    "get_engine",
    "read_document",
]
