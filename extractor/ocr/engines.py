"""OCR engines behind one method: ``read(image) -> [Box]`` on a greyscale page image.

``rapidocr`` (default): RapidOCR 3.x on onnxruntime; its Chinese detection and recognition models ship
inside the wheel, so nothing is downloaded at run time. ``tesseract``: the Debian ``tesseract-ocr`` +
``tesseract-ocr-chi-sim`` binaries, when installed, as a fallback. Add an engine with ``@register``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import threading
from collections.abc import Sequence
from typing import ClassVar, cast

import numpy as np
from PIL import Image

from extractor.errors import ConfigError, OcrPageError
from extractor.ocr.model import Box

#: rapidocr's ``word_results``: per box, its characters as (text, score, corner points)
_WordResults = Sequence[Sequence[tuple[str, float, list[list[float]]]]]


class Engine:
    """One OCR engine; ``read`` returns boxes in any order (the layout stage orders them)."""

    name: ClassVar[str] = ""
    #: paint table rules white before reading (for engines that misread rules as characters)
    erase_rules: ClassVar[bool] = False

    def read(self, image: Image.Image) -> list[Box]:
        raise NotImplementedError


_ENGINES: dict[str, type[Engine]] = {}
_INSTANCES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def register(cls: type[Engine]) -> type[Engine]:
    _ENGINES[cls.name] = cls
    return cls


def engine_names() -> list[str]:
    return sorted(_ENGINES)


def get_engine(name: str = "rapidocr") -> Engine:
    """The engine called ``name``, created once per process (model load is the slow part)."""
    if name not in _ENGINES:
        raise ConfigError(f"unknown OCR engine {name!r}; available: {', '.join(engine_names())}")
    with _LOCK:
        if name not in _INSTANCES:
            _INSTANCES[name] = _ENGINES[name]()
        return _INSTANCES[name]


#: onnxruntime threads per process; unset: one per core. `extractor batch` sets 1 in its workers, one per
#: core: onnxruntime pins its extra threads to cores of its choosing, so every worker's land on the same core.
THREADS_ENV = "EXTRACTOR_OCR_THREADS"


def _thread_params() -> dict[str, object]:
    threads = os.environ.get(THREADS_ENV, "").strip()
    if not threads:
        return {}
    if not threads.isdigit() or int(threads) < 1:
        raise ConfigError(f"{THREADS_ENV}={threads!r}: give a whole number of threads ≥ 1")
    n = int(threads)
    return {"EngineConfig.onnxruntime.intra_op_num_threads": n, "EngineConfig.onnxruntime.inter_op_num_threads": n}


@register
class RapidOcrEngine(Engine):
    """RapidOCR (PP-OCR det + rec, onnxruntime). Tuned for A4 pages at 200 dpi: detection on the page
    scaled to 1400 px on its long side, no angle classifier (pages are deskewed first), recognition
    batches of 16 without padding short crops to 320 px."""

    name = "rapidocr"
    params: ClassVar[dict[str, object]] = {
        "Global.log_level": "error",
        "Global.use_cls": False,
        "Global.text_score": 0.3,  # keep low-confidence reads: they are flagged, not hidden
        "Det.limit_type": "max",
        "Det.limit_side_len": 1400,
        "Rec.rec_batch_num": 16,
        "Rec.rec_img_shape": [3, 48, 96],
    }

    def __init__(self) -> None:
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ConfigError(
                "OCR engine rapidocr is not installed: pip install 'rapidocr>=3.4,<4' onnxruntime"
            ) from exc
        self._ocr = RapidOCR(params={**self.params, **_thread_params()})

    def read(self, image: Image.Image) -> list[Box]:
        from rapidocr.utils.output import RapidOCROutput

        arr = np.asarray(image.convert("RGB"))
        out = self._ocr(arr, return_word_box=True, return_single_char_box=True)
        if not isinstance(out, RapidOCROutput):  # recognition failed: rapidocr logged it and returned the detection
            raise OcrPageError(_unrecognised(out))
        if out.boxes is None or out.txts is None or out.scores is None:
            return []
        # rapidocr annotates word_results as a 1-tuple of one character; it holds one entry per box
        words = cast(_WordResults, out.word_results or ())
        boxes: list[Box] = []
        for k, (pts, text, score) in enumerate(zip(out.boxes, out.txts, out.scores, strict=False)):
            text = text.strip()
            if not text:
                continue
            xs, ys = [float(p[0]) for p in pts], [float(p[1]) for p in pts]
            chars = None
            if k < len(words) and words[k]:
                cs = tuple((w[0], float(w[2][0][0]), float(w[2][1][0])) for w in words[k])
                if "".join(c[0] for c in cs) == "".join(text.split()):
                    chars = cs
            boxes.append(Box(text, min(xs), min(ys), max(xs), max(ys), float(score), chars))
        return boxes


def _unrecognised(out: object) -> str:
    """Why a page whose recognition failed is an error, not a page without text: rapidocr found text regions
    (or none) and its recognition or orientation step raised, so the page's text is unknown, and reading the rest
    of the document as if the page were blank would drop its tables without a word."""
    found = getattr(out, "boxes", None)
    regions = f"found {len(found)} text regions but" if found is not None else "found no text regions and"
    return f"rapidocr {regions} recognised no text on it (its recognition step failed); try --ocr-engine tesseract"


@register
class TesseractEngine(Engine):
    """Tesseract 4/5 through its command line (``tesseract-ocr`` + ``tesseract-ocr-chi-sim``): words
    of one printed line that sit close together are merged into one box; confidence is the lowest word
    confidence / 100."""

    name = "tesseract"
    lang = "chi_sim+eng"
    erase_rules = True

    def __init__(self) -> None:
        self.binary = shutil.which("tesseract")
        if self.binary is None:
            raise ConfigError(
                "OCR engine tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-chi-sim"
            )

    def read(self, image: Image.Image) -> list[Box]:
        buf = io.BytesIO()
        image.convert("L").save(buf, format="PNG")
        proc = subprocess.run(
            [self.binary or "tesseract", "stdin", "stdout", "-l", self.lang, "--psm", "11", "--dpi", "200", "tsv"],
            input=buf.getvalue(),
            capture_output=True,
            check=False,
            timeout=300,
        )
        if proc.returncode != 0:
            raise ConfigError(f"tesseract failed: {proc.stderr.decode(errors='replace').strip()[:200]}")
        return _merge_words(_tsv_words(proc.stdout.decode("utf-8", errors="replace")))


def _tsv_words(tsv: str) -> list[tuple[tuple[int, int, int, int], Box]]:
    words: list[tuple[tuple[int, int, int, int], Box]] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        x, y, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        conf = max(0.0, float(row.get("conf") or 0)) / 100
        key = (int(row["page_num"]), int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        words.append((key, Box(text, x, y, x + w, y + h, conf)))
    return words


def _merge_words(words: list[tuple[tuple[int, int, int, int], Box]]) -> list[Box]:
    """Join words of one line whose gap is under ~0.6 of the line height (CJK glyphs come one per word)."""
    out: list[Box] = []
    cur: Box | None = None
    cur_key = None
    for key, b in words:
        if cur is not None and key == cur_key and b.x0 - cur.x1 < 0.6 * max(cur.height, b.height):
            cur = Box(
                cur.text + b.text,
                min(cur.x0, b.x0),
                min(cur.y0, b.y0),
                max(cur.x1, b.x1),
                max(cur.y1, b.y1),
                min(cur.score, b.score),
            )
            continue
        if cur is not None:
            out.append(cur)
        cur, cur_key = b, key
    if cur is not None:
        out.append(cur)
    return out
