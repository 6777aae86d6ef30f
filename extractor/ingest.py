"""ingest: a path on disk → ``Source`` (decoded text, the encoding it was in, sha256 of the bytes).

Reports arrive as UTF-8 (with or without BOM), GB18030/GBK or UTF-16. BOMs are trusted first; then
strict UTF-8; then charset-normalizer, whose guess is overruled in favour of GB18030 when the bytes
decode cleanly as GB18030 and mostly into CJK text (the detector sometimes calls short Chinese files
Big5 or a Cyrillic code page).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from charset_normalizer import from_bytes

from extractor.errors import InputError
from extractor.office import office_kind, read_office

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
    #: what was repaired on the way in (one line each), e.g. a stray byte that is not UTF-8
    warnings: tuple[str, ...] = ()
    #: ``text`` was rebuilt from a file that is not text (PDF, image, Word, Excel): written beside the facts as
    #: ``<stem>.ocr.txt``, since the file itself holds no text the spans could index
    rebuilt: bool = False


#: Read through ``extractor.ocr`` (text layer or OCR) instead of being decoded as text.
SCAN_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def ingest(path: str | Path, ocr_engine: str | None = None) -> Source:
    """Read and decode ``path``; raise ``InputError`` naming the file when it cannot be a report.

    PDFs and images (``SCAN_SUFFIXES``) are read page by page from their text layer or by OCR
    (``ocr_engine``, default ``$EXTRACTOR_OCR_ENGINE`` or rapidocr); ``Source.ocr`` then holds where each
    character came from.
    """
    p = Path(path)
    data = read_regular(p)
    if p.suffix.lower() in SCAN_SUFFIXES:
        return _ingest_scan(p, data, ocr_engine)
    kind = office_kind(data)
    if kind is not None:
        return _ingest_office(p, data, kind)
    text, encoding, warnings = decode_report(data, p)
    if not text.strip():
        raise InputError(p, "is empty")
    if text.lstrip()[:1] in ("{", "["):
        exported = _ingest_exported_ocr(p, data, text, encoding)
        if exported is not None:
            return exported
    return _source(p, data, text, encoding, warnings=warnings)


def _source(p: Path, data: bytes, text: str, encoding: str, **more: Any) -> Source:
    """The ``Source`` of file ``p`` (its bytes ``data``) whose text is ``text``."""
    return Source(
        path=str(p), doc_id=p.stem, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(), **more
    )


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular(p: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_BYTES``; anything else is refused before it is read.

    A pipe would block and a device (``/dev/zero``) never ends, so the kind of file is checked first —
    on the open descriptor too, so a file swapped for a pipe after the check is still refused.
    """
    try:
        st = os.stat(p)
    except FileNotFoundError:
        if p.is_symlink():
            raise InputError(p, f"is a broken symbolic link (to {os.readlink(p)})") from None
        raise InputError(p, "no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(p, "is a symbolic link loop (it points back to itself)") from None
        raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None
    _require_regular(p, st)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        _require_regular(p, st)
        try:
            data = fh.read(st.st_size + 1)  # what it holds; more only if it is growing
            while len(data) > st.st_size and len(data) <= MAX_BYTES:
                more = fh.read(1 << 20)
                if not more:
                    break
                data += more
        except OSError as exc:
            raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:  # it grew after the check
        raise InputError(p, f"is over {MAX_BYTES // 1_048_576} MiB; larger reports are refused")
    return data


def _require_regular(p: Path, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputError(p, "is a directory, not a report file")
    for test, kind in _KINDS:
        if test(st.st_mode):
            raise InputError(p, f"is {kind}, not a regular file; only regular files are read")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(p, "is not a regular file; only regular files are read")
    if st.st_size > MAX_BYTES:
        raise InputError(
            p, f"is {st.st_size // 1_048_576} MiB; reports over {MAX_BYTES // 1_048_576} MiB are refused (nothing read)"
        )


def _ingest_scan(p: Path, data: bytes, engine: str | None) -> Source:
    """A PDF or image: text layer where usable, OCR elsewhere (imported lazily: numpy, Pillow, onnxruntime)."""
    if not data:
        raise InputError(p, "is empty")
    from extractor.ocr import read_document

    try:
        doc = read_document(p, engine)
    except InputError:
        if p.suffix.lower() == ".pdf" and _no_pages(data):
            raise InputError(p, "is a PDF with no pages") from None
        raise
    return _source(p, data, doc.text, doc.encoding, ocr=doc.provenance, rebuilt=True)


def _ingest_exported_ocr(p: Path, data: bytes, text: str, encoding: str) -> Source | None:
    """An OCR engine's result saved as JSON (boxes and their texts): its text laid out as the OCR path lays out
    boxes (``extractor.ocr.exported``; imported lazily: numpy, Pillow); None when the JSON holds no such boxes."""
    from extractor.ocr.exported import exported_pages, rebuild

    pages = exported_pages(text)
    if pages is None:
        return None
    return _source(p, data, rebuild(pages), f"{encoding}+ocr-json", rebuilt=True)


def _ingest_office(p: Path, data: bytes, kind: str) -> Source:
    """A Word document or an Excel workbook: its text rebuilt as tab text (``extractor.office``)."""
    text, warnings = read_office(p, data, kind)
    if not text.strip():
        raise InputError(p, f"is a .{kind} file with no text")
    return _source(p, data, text, kind, warnings=warnings, rebuilt=True)


def _no_pages(data: bytes) -> bool:
    """A PDF whose page tree is empty (PDFium refuses to open one, with a misleading message)."""
    return re.search(rb"/Type\s*/Page(?![a-zA-Z])", data) is None and re.search(rb"/Count\s+0(?!\d)", data) is not None


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode report bytes, returning (text, encoding name)."""
    text, encoding, _ = decode_report(data, path)
    return text, encoding


#: UTF-8 with a few stray bytes (a damaged copy) is still UTF-8: at most this many bad sequences, and at
#: most one per ``_STRAY_RATIO`` well-formed non-ASCII characters. GB18030 text fails on nearly every one.
_MAX_STRAY = 16
_STRAY_RATIO = 200


def decode_report(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str, tuple[str, ...]]:
    """Decode report bytes: (text, encoding name, warnings about what was repaired)."""
    if not data:
        raise InputError(path, "is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(data, data.decode(enc), enc, path)
    if b"\x00" in data[:4096]:
        for enc in ("utf-16-le", "utf-16-be"):
            text = _try(data, enc)
            if text is not None and _plausible(text):
                return _checked(data, text, enc, path)
        raise InputError(path, _binary(data))
    try:
        return _checked(data, data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError as exc:
        stray = _utf8_with_stray_bytes(data, exc.start, path)
        if stray is not None:
            return stray
    gb = _try(data, "gb18030")
    if gb is not None and _cjk_share(gb) > 0.2:
        return _checked(data, gb, "gb18030", path)
    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "is not text in any supported encoding (UTF-8, GB18030/GBK, UTF-16)")
    return _checked(data, str(best), best.encoding, path)


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


def _utf8_with_stray_bytes(data: bytes, first: int, path: str | Path) -> tuple[str, str, tuple[str, ...]] | None:
    """Text that is UTF-8 but for a few damaged characters: decoded with U+FFFD for each bad byte, and a
    warning saying how many places and where the first is."""
    text = data.decode("utf-8", errors="replace")
    places = len(re.findall("\ufffd+", text)) - data.count("\ufffd".encode())
    well_formed = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if places > _MAX_STRAY or places * _STRAY_RATIO > well_formed:
        return None
    what = "place" if places == 1 else "places"
    warning = f"bytes that are not UTF-8 in {places} {what} (the first at byte {first}), shown as U+FFFD"
    text, encoding, _ = _checked(data, text, "utf-8", path)
    return text, encoding, (warning,)


#: what a binary file is, by its first bytes: the office files reports are also published as
_BINARY_KINDS = (
    (b"PK\x03\x04", "a zip archive"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file"),
)


def _binary(data: bytes) -> str:
    """The one-line refusal of a binary file, naming what it is where its first bytes say so and what to do."""
    kind = next((what for magic, what in _BINARY_KINDS if data.startswith(magic)), "a binary file")
    return (
        f"is {kind}, not text; extract reads text (.txt, .md, .html, .csv), Word (.docx), Excel (.xlsx, .xls), PDFs "
        "and images — save the report as one of those and extract that"
    )


#: control characters other than whitespace, and U+FFFD: what a binary file decodes to
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def _checked(data: bytes, text: str, encoding: str, path: str | Path) -> tuple[str, str, tuple[str, ...]]:
    """Refuse ``text``, decoded from ``data``, when it is mostly control characters: a binary file that happened to
    decode."""
    sample = text[:20000]
    if sample:
        bad = len(_BINARY.findall(sample))
        if bad / len(sample) > 0.02:
            raise InputError(path, _binary(data))
    return text.lstrip("\ufeff"), encoding, ()
