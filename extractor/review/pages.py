"""The page a fact was read from, for the reviewer of a scanned report (PDF or image source).

What settles "130.6 or 130.68" on a scan is the image, not the OCR text. The extraction's provenance maps
each character of the text to its page and box (``extractor.ocr.Provenance``); this module renders that
page again exactly as the reader saw it (same resolution and rotation) and cuts out the fact's
neighbourhood with the fact's characters outlined, or shows the whole page with the outline.

The source file is re-read from the path it was loaded from, and only when its sha256 still matches the
stored document: a file moved, edited or replaced since is never shown as the document's page.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from extractor.ocr import Provenance
from extractor.ocr.load import render_page
from extractor.schemas import Extraction

BBox = tuple[float, float, float, float]
#: Context around the fact in a crop (pixels at the page's resolution): towards its row label on the left,
#: the next column on the right, a row above and below.
CROP_LEFT, CROP_RIGHT, CROP_Y = 560, 240, 70
OUTLINE = (220, 30, 30)

_lock = threading.Lock()  # PDFium is not thread-safe, and FastAPI runs sync routes in a thread pool
_pages: OrderedDict[tuple[str, str, int], Image.Image] = OrderedDict()  # a few recently shown pages
_hashes: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) → sha256


@dataclass(frozen=True)
class PageSource:
    """A scanned document's source file, verified to be the stored content, and where its text came from."""

    path: Path
    sha256: str
    provenance: Provenance

    def boxes(self, span: tuple[int, int]) -> tuple[int, list[BBox]] | None:
        """(page, one box per character) of the characters ``[start, end)``; None if none came from a page."""
        located = [self.provenance.locate(i) for i in range(span[0], span[1])]
        hits = [x for x in located if x is not None]
        if not hits:
            return None
        page = hits[0][0]
        return page, [box for p, box in hits if p == page]


def page_source(path: str | None, sha256: str, extraction: Extraction) -> PageSource | str:
    """The verified source of a scanned document, or why there is none (a line for the reviewer)."""
    if extraction.ocr is None:
        return "not a scan"
    if not path:
        return "the scan's file was not recorded"
    p = Path(path)
    try:
        st = p.stat()
        if not p.is_file():
            return f"the scan {p.name} is no longer a file"
        key = (str(p), st.st_size, st.st_mtime_ns)
        digest = _hashes.get(key)
        if digest is None:
            digest = _sha256(p)
            _hashes[key] = digest
    except OSError:
        return f"the scan {p.name} is no longer where it was loaded from"
    if digest != sha256:
        return f"the scan {p.name} has changed since it was loaded; its pages are not shown"
    return PageSource(p, sha256, Provenance.from_json(extraction.ocr.model_dump()))


def _sha256(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb", buffering=0) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _page(src: PageSource, number: int) -> Image.Image:
    key = (str(src.path), src.sha256, number)
    with _lock:
        img = _pages.get(key)
        if img is None:
            info = next(pi for pi in src.provenance.pages if pi.page == number)
            img = render_page(src.path, number, info.angle, info.dpi)
            _pages[key] = img
            while len(_pages) > 4:
                _pages.popitem(last=False)
        else:
            _pages.move_to_end(key)
        return img


def _union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _outlined(img: Image.Image, box: BBox, pad: int = 4, width: int = 3) -> Image.Image:
    out = img.convert("RGB")
    x0, y0, x1, y1 = box
    ImageDraw.Draw(out).rectangle((x0 - pad, y0 - pad, x1 + pad, y1 + pad), outline=OUTLINE, width=width)
    return out


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def crop_png(src: PageSource, span: tuple[int, int]) -> bytes | None:
    """The fact's neighbourhood on its page with its characters outlined (PNG), or None if not from a page."""
    where = src.boxes(span)
    if where is None:
        return None
    page, boxes = where
    img = _page(src, page)
    x0, y0, x1, y1 = _union(boxes)
    left, top = max(0, int(x0) - CROP_LEFT), max(0, int(y0) - CROP_Y)
    right, bottom = min(img.width, int(x1) + CROP_RIGHT), min(img.height, int(y1) + CROP_Y)
    part = img.crop((left, top, right, bottom))
    return _png(_outlined(part, (x0 - left, y0 - top, x1 - left, y1 - top)))


def page_png(src: PageSource, span: tuple[int, int]) -> bytes | None:
    """The whole page the fact was read from, its characters outlined (PNG), or None if not from a page."""
    where = src.boxes(span)
    if where is None:
        return None
    page, boxes = where
    return _png(_outlined(_page(src, page), _union(boxes), pad=6, width=5))


def page_number(src: PageSource, span: tuple[int, int]) -> int | None:
    where = src.boxes(span)
    return None if where is None else where[0]


__all__ = ["PageSource", "crop_png", "page_number", "page_png", "page_source"]
