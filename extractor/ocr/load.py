"""Pages of a PDF or image file: a PDF page with a usable text layer is read from it; any other page is
rasterised (pypdfium2, 200 dpi) or, for images, taken as it is, and handed to the OCR engine."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extractor.errors import InputError
from extractor.ocr.textlayer import PageLayout, read_page

if TYPE_CHECKING:  # pdfplumber loads on first use
    from pdfplumber.pdf import PDF

DPI = 200
PDF_SUFFIXES = frozenset({".pdf"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
SUFFIXES = PDF_SUFFIXES | IMAGE_SUFFIXES
MAX_PAGES = 500
_A4_LONG = round(297 / 25.4 * DPI)  # 2339 px
#: An image (or one frame of a TIFF) with more pixels is refused before its pixels are decoded: a few
#: kilobytes of PNG can declare gigapixels. 80 Mpx holds an A3 page scanned at 600 dpi.
MAX_IMAGE_PIXELS = 80_000_000
#: A scanned PDF page is rasterised with at most this many pixels (A1 at 200 dpi would be 62 Mpx): a larger
#: page is rendered at a lower resolution instead.
MAX_PAGE_PIXELS = 40_000_000
#: A page larger than this (in square millimetres; twice A0) is refused rather than rendered: nothing
#: that size is a report page, and a 200-byte PDF can declare one.
MAX_PAGE_MM2 = 2 * 841 * 1189


@dataclass
class Page:
    """One page: its text layer rebuilt with its layout (``layout``), or its image (``image``, greyscale)."""

    number: int  # 1-based
    width: float  # pixels at ``dpi``
    height: float
    dpi: int
    image: Image.Image | None = None
    layout: PageLayout | None = None


def pages(path: Path) -> Iterator[Page]:
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        yield from _pdf_pages(path)
    elif suffix in IMAGE_SUFFIXES:
        yield from _image_pages(path)
    else:  # pragma: no cover - ingest dispatches on SUFFIXES
        raise InputError(path, f"is not a PDF or image ({', '.join(sorted(SUFFIXES))})")


def _usable(text: str) -> bool:
    """A text layer worth reading: some real characters, and not mostly garbage glyph codes."""
    body = "".join(text.split())
    if len(body) < 10:
        return False
    good = sum(1 for ch in body if ch.isprintable() and ch != "\ufffd" and not ("\ue000" <= ch <= "\uf8ff"))
    return good / len(body) > 0.9


def _pdf_pages(path: Path) -> Iterator[Page]:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover
        raise InputError(path, "needs pypdfium2 to read PDFs: pip install pypdfium2") from exc
    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise InputError(path, f"is not a readable PDF ({str(exc).splitlines()[0] or 'damaged file'})") from None
    try:
        n = len(pdf)
        if n == 0:
            raise InputError(path, "is a PDF with no pages")
        if n > MAX_PAGES:
            raise InputError(path, f"has {n} pages; PDFs over {MAX_PAGES} pages are refused")
        scale = DPI / 72
        plumber = None
        for i in range(n):
            page = pdf[i]
            w_pt, h_pt = page.get_size()
            render = _render_scale(path, i + 1, w_pt, h_pt)  # a page too large to be a report page is refused
            tp = page.get_textpage()
            count = tp.count_chars()
            text = tp.get_text_range() if count > 0 else ""
            tp.close()
            if _usable(text) and not _ocr_layer(page):
                if plumber is None:
                    plumber = _open_plumber(path)
                pl_page = plumber.pages[i]
                try:
                    layout = read_page(pl_page, i + 1)
                finally:
                    pl_page.close()
                yield Page(i + 1, w_pt * scale, h_pt * scale, DPI, layout=layout)
            elif not text.strip() and not _has_images(page):
                # nothing printed but lines (a blank page, an empty table frame): nothing to read, nothing to OCR
                yield Page(i + 1, w_pt * scale, h_pt * scale, DPI, layout=PageLayout(i + 1, w_pt, h_pt))
            else:
                image = page.render(scale=render, grayscale=True).to_pil().convert("L")
                yield Page(i + 1, image.width, image.height, round(render * 72), image=image)
            page.close()
        if plumber is not None:
            plumber.close()
    finally:
        pdf.close()


def _ocr_layer(page: Any) -> bool:  # a pypdfium2 PdfPage
    """Whether the page's text is an OCR layer: a scan whose text a scanner's software or ``ocrmypdf`` /
    ``tesseract … pdf`` laid over it, invisibly (text render mode 3), so that it can be searched. Such a layer is
    an engine's text, not the report's: tesseract's splits every label into its words (``一 般 公 共 服 务
    支出``), misreads figures, and has no ruling lines to rebuild the tables from — the corpus report czj so made
    from its 200 dpi page images read 24 of 212 values right and 6 wrong from the layer. The page is OCR'd as a
    scan instead (its tables rebuilt from the ruling lines the image shows): 203 right, none wrong."""
    import pypdfium2.raw as pdfium_c

    texts = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=3))
    if not texts:
        return False
    invisible = sum(
        1 for obj in texts if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
    )
    return invisible >= 0.9 * len(texts) and _has_images(page)


def _has_images(page: Any) -> bool:  # a pypdfium2 PdfPage (the package ships no types)
    """Whether a page draws any image (a scan to OCR), as opposed to only lines and shapes."""
    import pypdfium2.raw as pdfium_c

    objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)
    return next(iter(objects), None) is not None


def _open_plumber(path: Path) -> PDF:
    """pdfplumber on the same file, for the pages whose text layer is read with its layout."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        return pdfplumber.open(str(path))
    except (PDFSyntaxError, OSError, ValueError) as exc:
        raise InputError(path, f"is not a readable PDF ({str(exc).splitlines()[0] or 'damaged file'})") from None


def _render_scale(path: Path, number: int, w_pt: float, h_pt: float) -> float:
    """Pixels per PDF point to rasterise a page: 200 dpi, less for a page too large for that, and a page
    too large to be a report page is refused (before any pixel is allocated)."""
    mm2 = (w_pt / 72 * 25.4) * (h_pt / 72 * 25.4)
    if mm2 > MAX_PAGE_MM2:
        raise InputError(
            path, f"page {number} is {w_pt / 72 * 25.4:.0f} × {h_pt / 72 * 25.4:.0f} mm; pages larger than twice A0 "
            "are refused"
        )  # fmt: skip
    scale = DPI / 72
    pixels = (w_pt * scale) * (h_pt * scale)
    if pixels > MAX_PAGE_PIXELS:
        scale *= (MAX_PAGE_PIXELS / pixels) ** 0.5
    return scale


def _check_pixels(path: Path, img: Image.Image, frame: int) -> None:
    """Refuse an image whose header declares more pixels than a page scan has, before decoding them."""
    w, h = img.size
    if w * h > MAX_IMAGE_PIXELS:
        where = f"frame {frame + 1} is" if frame else "is"
        raise InputError(
            path, f"{where} {w} × {h} pixels ({w * h / 1e6:.0f} Mpx); images over {MAX_IMAGE_PIXELS // 1_000_000} Mpx "
            "are refused"
        )  # fmt: skip


def _image_pages(path: Path) -> Iterator[Page]:
    try:
        img = Image.open(path)
        _check_pixels(path, img, 0)
        img.load()
    except Image.DecompressionBombError:  # Pillow's own, larger limit, met while reading the header
        raise InputError(
            path, f"declares far too many pixels; images over {MAX_IMAGE_PIXELS // 1_000_000} Mpx are refused"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(path, f"is not a readable image ({exc.__class__.__name__})") from None
    for i, frame in enumerate(ImageSequence.Iterator(img)):
        if i >= MAX_PAGES:
            break
        _check_pixels(path, frame, i)
        gray = ImageOps.exif_transpose(frame).convert("L")
        dpi = DPI
        long_side = max(gray.size)
        if long_side > 1.3 * _A4_LONG:  # a high-resolution scan: bring it to about 200 dpi for A4
            f = _A4_LONG / long_side
            gray = gray.resize((round(gray.width * f), round(gray.height * f)), Image.Resampling.LANCZOS)
        yield Page(i + 1, gray.width, gray.height, dpi, image=gray)


def render_page(path: str | Path, page: int, angle: float = 0.0, dpi: float | None = None) -> Image.Image:
    """The page image as the reader saw it (same scale and rotation), for showing a reviewer a crop.

    ``dpi`` is the resolution the page was read at (``PageInfo.dpi``); by default the reader's own choice."""
    p = Path(path)
    img: Image.Image | None = None
    if p.suffix.lower() in PDF_SUFFIXES:  # straight to the page, at the scale the reader used
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(p))
        try:
            if 1 <= page <= len(pdf):
                pg = pdf[page - 1]
                scale = dpi / 72 if dpi else _render_scale(p, page, *pg.get_size())
                img = pg.render(scale=scale, grayscale=True).to_pil().convert("L")
        finally:
            pdf.close()
    else:
        img = next((pg.image for pg in pages(p) if pg.number == page), None)
    if img is None:
        raise InputError(p, f"has no page {page}")
    if angle:
        img = img.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    return img
