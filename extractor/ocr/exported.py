"""OCR results exported as JSON — what users of PaddleOCR, RapidOCR or a cloud OCR service keep of a scan: each
text box's text and its corners, no page image.

The boxes are laid out into lines and table rows exactly as this project's own OCR path lays out RapidOCR's boxes
(``layout.page_lines``, without ruling lines: there is no image to find them in), after turning the page straight
by the boxes' own slant (each box's top edge leans with the page). The rebuilt text is what every span points
into, written beside the facts as ``<stem>.ocr.txt``.

Dialects read (found anywhere in the JSON, by shape):

* PaddleOCR 2.x ``ocr.ocr(img)`` saved with ``json.dump``: per page a list of ``[[[x, y] ×4], [text, score]]``;
* PaddleOCR 3.x ``res.save_to_json()`` and PP-Structure: ``rec_texts`` with ``rec_polys`` (or ``rec_boxes``);
* RapidOCR and most tools: objects with a text (``text``, ``txt``, ``words``, ``word``, ``content``,
  ``transcription``, ``DetectedText``) and a geometry (``box``, ``bbox``, ``points``, ``poly``, ``polygon``,
  ``Polygon``, ``pos``, ``boundingBox``, ``location`` / ``rect`` with ``left``/``top``/``width``/``height``) —
  Baidu's ``words_result``, Tencent's ``TextDetections``, Aliyun's ``prism_wordsInfo``, Azure Read's ``lines``.

A list holding box objects is one page; pages come in the order the file lists them.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterator
from typing import Any

from extractor.ocr.fold import fold_text
from extractor.ocr.layout import visual_lines
from extractor.ocr.model import Box

_TEXT_KEYS = ("text", "txt", "words", "word", "content", "transcription", "DetectedText", "label")
_GEOMETRY_KEYS = ("box", "bbox", "points", "poly", "polygon", "Polygon", "pos", "boundingBox", "location", "rect")
#: fewer boxes than this in the whole file: not an OCR result
MIN_BOXES = 10

Point = tuple[float, float]


def exported_pages(text: str) -> list[list[tuple[str, list[Point], float]]] | None:
    """The pages of an exported OCR result (each a list of (text, corners, score)), or None when ``text`` is not
    one (not JSON, or JSON with too few text boxes)."""
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    pages = [page for page in _pages(data) if page]
    return pages if sum(len(p) for p in pages) >= MIN_BOXES else None


def rebuild(pages: list[list[tuple[str, list[Point], float]]]) -> str:
    """The document text of the pages' boxes: each printed line's boxes left to right, a space between two (the
    readers place a line's figures by the table's header and identities, as in any OCR text), pages apart by a
    blank line."""
    lines: list[str] = []
    for items in pages:
        lines += [" ".join(b.text for b in line) for line in visual_lines(_straight_boxes(items))]
        lines.append("")
    return "\n".join(lines) + "\n"


def _pages(node: Any) -> Iterator[list[tuple[str, list[Point], float]]]:
    """Each list (or PaddleOCR 3.x result) holding box items, in document order."""
    if isinstance(node, dict):
        parallel = _parallel(node)
        if parallel is not None:
            yield parallel
            return
        for value in node.values():
            yield from _pages(value)
    elif isinstance(node, list):
        items = [item for item in map(_item, node) if item is not None]
        if items:
            yield items
            return
        for value in node:
            yield from _pages(value)


def _parallel(node: dict[str, Any]) -> list[tuple[str, list[Point], float]] | None:
    """PaddleOCR 3.x: ``rec_texts`` beside ``rec_polys`` / ``rec_boxes`` (and ``rec_scores``)."""
    texts = node.get("rec_texts")
    shapes = node.get("rec_polys") or node.get("rec_boxes") or node.get("dt_polys")
    if not isinstance(texts, list) or not isinstance(shapes, list) or len(texts) != len(shapes):
        return None
    scores = node.get("rec_scores") or [1.0] * len(texts)
    out = []
    for t, shape, s in zip(texts, shapes, scores, strict=False):
        corners = _corners(shape)
        if isinstance(t, str) and t.strip() and corners is not None:
            out.append((t, corners, _score(s)))
    return out


def _item(node: Any) -> tuple[str, list[Point], float] | None:
    """One box: PaddleOCR 2.x's ``[corners, [text, score]]`` or an object with a text and a geometry."""
    if isinstance(node, list) and len(node) == 2 and isinstance(node[1], (list, tuple)) and node[1]:
        corners = _corners(node[0])
        text = node[1][0]
        if corners is not None and isinstance(text, str) and text.strip():
            return text, corners, _score(node[1][1] if len(node[1]) > 1 else 1.0)
        return None
    if not isinstance(node, dict):
        return None
    text = next((node[k] for k in _TEXT_KEYS if isinstance(node.get(k), str)), None)
    shape = next((node[k] for k in _GEOMETRY_KEYS if k in node), None)
    corners = _corners(shape) if shape is not None else None
    if text is None or not text.strip() or corners is None:
        return None
    score = next((node[k] for k in ("score", "confidence", "Confidence", "prob") if k in node), 1.0)
    return text, corners, _score(score)


def _corners(shape: Any) -> list[Point] | None:
    """A box's corners from the shapes OCR tools write: ``[[x, y] ×4]``, ``[{x, y} ×4]``, ``[x0, y0, x1, y1]``,
    eight numbers, or ``{left, top, width, height}``."""
    try:
        if isinstance(shape, dict):
            left, top = float(shape["left"]), float(shape["top"])
            w, h = float(shape["width"]), float(shape["height"])
            return [(left, top), (left + w, top), (left + w, top + h), (left, top + h)]
        if isinstance(shape, list) and shape and all(isinstance(p, dict) for p in shape):
            return [(float(p.get("x", p.get("X"))), float(p.get("y", p.get("Y")))) for p in shape]
        if isinstance(shape, list) and shape and all(isinstance(p, (list, tuple)) and len(p) == 2 for p in shape):
            return [(float(p[0]), float(p[1])) for p in shape]
        if isinstance(shape, list) and len(shape) == 4 and all(isinstance(v, (int, float)) for v in shape):
            x0, y0, x1, y1 = map(float, shape)
            return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        if isinstance(shape, list) and len(shape) == 8 and all(isinstance(v, (int, float)) for v in shape):
            return [(float(shape[i]), float(shape[i + 1])) for i in range(0, 8, 2)]
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _score(value: Any) -> float:
    try:
        s = float(value)
    except (TypeError, ValueError):
        return 1.0
    return s / 100 if s > 1 else s


def _straight_boxes(items: list[tuple[str, list[Point], float]]) -> list[Box]:
    """Axis-aligned boxes on the page turned straight (``_page_slant``)."""
    angle = _page_slant(items)
    cos, sin = math.cos(-angle), math.sin(-angle)
    boxes = []
    for text, corners, score in items:
        turned = [(x * cos - y * sin, x * sin + y * cos) for x, y in corners]
        xs, ys = [p[0] for p in turned], [p[1] for p in turned]
        boxes.append(Box(fold_text(text.strip()), min(xs), min(ys), max(xs), max(ys), score))
    return boxes


#: the slants tried for a page whose rows line up better than its boxes' top edges say (radians: ±3° by 0.1°)
_TRIED_SLANTS = [math.radians(d / 10) for d in range(-30, 31)]


def _page_slant(items: list[tuple[str, list[Point], float]]) -> float:
    """The page's slant: the median slant of its wide boxes' top edges (a quad's first two corners, as the tools
    list them clockwise from the top left) — unless another slant lines the boxes up into rows clearly better.

    Why both: many tools (RapidOCR among them) return short texts as upright rectangles whatever the page's skew,
    so on a skewed table page the top edges may say 0° while each row drifts down across the page; laid out
    level, a right-hand column's figures then join the line below their codes (ghzy's table 06 on a heavy scan,
    draw BT). The slant under which the most box centres share a line is the rows' own evidence; it is taken only
    when it lines up a tenth more pairs than the top edges' slant does."""
    slants = [
        math.atan2(c[1][1] - c[0][1], c[1][0] - c[0][0])
        for _, c, _ in items
        if len(c) == 4 and c[1][0] - c[0][0] > 2 * abs(c[3][1] - c[0][1]) > 0
    ]
    angle = statistics.median(slants) if len(slants) >= 5 else 0.0
    angle = angle if abs(angle) < math.radians(10) else 0.0
    centres = [(statistics.fmean(p[0] for p in c), statistics.fmean(p[1] for p in c)) for _, c, _ in items]
    heights = [max(p[1] for p in c) - min(p[1] for p in c) for _, c, _ in items]
    tol = statistics.median(heights) / 4 if heights else 0.0
    if len(centres) < MIN_BOXES or tol <= 0:
        return angle
    best = max(_TRIED_SLANTS, key=lambda a: (_aligned_pairs(centres, a, tol), -abs(a - angle)))
    return best if _aligned_pairs(centres, best, tol) > 1.1 * _aligned_pairs(centres, angle, tol) else angle


def _aligned_pairs(centres: list[Point], angle: float, tol: float) -> int:
    """How many pairs of box centres lie within ``tol`` of one height once the page is turned by ``-angle``."""
    cos, sin = math.cos(-angle), math.sin(-angle)
    ys = sorted(x * sin + y * cos for x, y in centres)
    pairs, j = 0, 0
    for i, y in enumerate(ys):
        while y - ys[j] > tol:
            j += 1
        pairs += i - j
    return pairs
