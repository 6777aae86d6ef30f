"""ingest: a path on disk → ``Source`` (decoded text, the encoding it was in, sha256 of the bytes).

Reports arrive as UTF-8 (with or without BOM), GB18030/GBK or UTF-16. BOMs are trusted first; then
strict UTF-8; then charset-normalizer, whose guess is overruled in favour of GB18030 when the bytes
decode cleanly as GB18030 and mostly into CJK text (the detector sometimes calls short Chinese files
Big5 or a Cyrillic code page).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from charset_normalizer import from_bytes

from extractor.errors import InputError

if TYPE_CHECKING:
    from extractor.ocr.model import Provenance

MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """One decoded input file. ``text`` is what every span in the output points into."""

    path: str
    doc_id: str
    text: str
    encoding: str
    sha256: str
    #: PDFs and images only: page, bounding box and OCR confidence of every character of ``text``
    ocr: Provenance | None = None


#: Read through ``extractor.ocr`` (text layer or OCR) instead of being decoded as text.
SCAN_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def ingest(path: str | Path, ocr_engine: str | None = None) -> Source:
    """Read and decode ``path``; raise ``InputError`` naming the file when it cannot be a report.

    PDFs and images (``SCAN_SUFFIXES``) are read page by page from their text layer or by OCR
    (``ocr_engine``, default ``$EXTRACTOR_OCR_ENGINE`` or rapidocr); ``Source.ocr`` then holds where each
    character came from.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a report file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise InputError(p, f"is {len(data) // 1_048_576} MiB; reports over {MAX_BYTES // 1_048_576} MiB are refused")
    if p.suffix.lower() in SCAN_SUFFIXES:
        return _ingest_scan(p, data, ocr_engine)
    text, encoding = decode(data, p)
    if not text.strip():
        raise InputError(p, "is empty")
    return Source(
        path=str(p),
        doc_id=p.stem,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _ingest_scan(p: Path, data: bytes, engine: str | None) -> Source:
    """A PDF or image: text layer where usable, OCR elsewhere (imported lazily: numpy, Pillow, onnxruntime)."""
    if not data:
        raise InputError(p, "is empty")
    from extractor.ocr import read_document

    doc = read_document(p, engine)
    return Source(
        path=str(p),
        doc_id=p.stem,
        text=doc.text,
        encoding=doc.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        ocr=doc.provenance,
    )


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode report bytes, returning (text, encoding name)."""
    if not data:
        raise InputError(path, "is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(enc), enc, path)
    if b"\x00" in data[:4096]:
        for enc in ("utf-16-le", "utf-16-be"):
            text = _try(data, enc)
            if text is not None and _plausible(text):
                return _checked(text, enc, path)
        raise InputError(path, "is a binary file, not text (convert PDFs or scans to text first)")
    try:
        return _checked(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError:
        pass
    gb = _try(data, "gb18030")
    if gb is not None and _cjk_share(gb) > 0.2:
        return _checked(gb, "gb18030", path)
    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "is not text in any supported encoding (UTF-8, GB18030/GBK, UTF-16)")
    return _checked(str(best), best.encoding, path)


def _plausible(text: str) -> bool:
    """BOM-less UTF-16 guess: the decoded text is mostly CJK, ASCII and common punctuation."""
    sample = text[:5000]
    good = sum(
        1
        for ch in sample
        if (ch.isascii() and (ch.isprintable() or ch in "\t\n\r"))
        or "\u3000" <= ch <= "\u9fff"
        or "\uff00" <= ch <= "\uffef"
        or ch in "“”‘’—…·"
    )
    return bool(sample) and good / len(sample) > 0.9


def _try(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return cjk / len(sample)


def _checked(text: str, encoding: str, path: str | Path) -> tuple[str, str]:
    """Refuse decoded text that is mostly control characters: a binary file that happened to decode."""
    sample = text[:20000]
    if sample:
        bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
        if bad / len(sample) > 0.02:
            raise InputError(path, "is a binary file, not text (convert PDFs or scans to text first)")
    return text.lstrip("\ufeff"), encoding
