"""Page layout: straighten the page, find ruled tables, and rebuild what the engine read into text.

OCR engines return boxes in reading order, which scrambles tables: the lines of a multi-line header
cell interleave with their neighbours and blank cells vanish. Here rows come from the table's
horizontal ruling lines (or, without rules, from boxes grouped on their vertical centres) and columns
from its vertical ruling lines (or from the gaps between box columns); each table row is emitted as
one line of tab-separated cells with blanks kept — exactly what ``extractor.segment`` reads. Text
outside tables becomes lines, boxes of one visual line joined left to right.

Only numpy and Pillow: ruling lines are long runs of dark pixels, found with cumulative sums.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from extractor.ocr.model import BBox, Box, TextBuilder

DARK = 150  # grey level below which a pixel is ink


# ---------------------------------------------------------------------------------------------
# Deskew


def deskew_angle(gray: Image.Image, limit: float = 3.0, step: float = 0.1) -> float:
    """The rotation (degrees) that makes printed lines horizontal: the angle whose horizontal projection
    profile is sharpest, on a downscaled ink mask."""
    small = gray.copy()
    small.thumbnail((700, 1000))
    ink = Image.fromarray(((np.asarray(small) < DARK) * 255).astype(np.uint8))
    best, best_score = 0.0, -1.0
    for k in range(-round(limit / step), round(limit / step) + 1):
        a = k * step
        rows = np.asarray(ink.rotate(a, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32).sum(axis=1)
        s = float(np.square(np.diff(rows)).sum())
        if s > best_score:
            best, best_score = a, s
    return round(best, 2)


def straighten(gray: Image.Image) -> tuple[Image.Image, float]:
    angle = deskew_angle(gray)
    if abs(angle) < 0.05:
        return gray, 0.0
    return gray.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255, expand=False), angle


# ---------------------------------------------------------------------------------------------
# Ruling lines


@dataclass
class Grid:
    """A ruled table: its horizontal rules (y), and per band between two rules the vertical rules (x)."""

    ys: list[float]
    x0: float
    x1: float
    band_xs: list[list[float]] = field(default_factory=list)
    columns: list[float] = field(default_factory=list)  # every vertical rule of the table, left to right

    @property
    def y0(self) -> float:
        return self.ys[0]

    @property
    def y1(self) -> float:
        return self.ys[-1]


def _groups(idx: np.ndarray, gap: int = 3) -> list[tuple[int, int]]:
    """Runs of consecutive indices (allowing ``gap``) as (first, last)."""
    if idx.size == 0:
        return []
    out: list[tuple[int, int]] = []
    start = prev = int(idx[0])
    for i in idx[1:]:
        i = int(i)
        if i - prev > gap:
            out.append((start, prev))
            start = i
        prev = i
    out.append((start, prev))
    return out


def horizontal_rules(ink: np.ndarray, min_len: int) -> list[tuple[float, int, int]]:
    """(y, x_start, x_end) of every horizontal run of ink at least ``min_len`` long (90% filled)."""
    # tolerate one pixel of residual skew: a row counts the ink of its neighbours too
    band = ink.copy()
    band[1:] |= ink[:-1]
    band[:-1] |= ink[1:]
    cs = np.cumsum(band, axis=1, dtype=np.int32)
    win = cs[:, min_len:] - cs[:, :-min_len]
    full = win >= int(0.9 * min_len)
    rows = np.flatnonzero(full.any(axis=1))
    rules: list[tuple[float, int, int]] = []
    for a, b in _groups(rows, gap=2):
        cols = np.flatnonzero(full[a : b + 1].any(axis=0))
        rules.append(((a + b) / 2, int(cols.min()), int(cols.max()) + min_len))
    return rules


def find_grids(gray: Image.Image) -> list[Grid]:
    """Ruled tables on a page: stacks of long horizontal rules with vertical rules in the bands between."""
    ink = np.asarray(gray) < DARK
    _, w = ink.shape
    rules = horizontal_rules(ink, max(60, w // 6))
    grids: list[Grid] = []
    cur: list[tuple[float, int, int]] = []

    def close() -> None:
        if len(cur) >= 2:
            g = _grid(ink, cur)
            if g is not None:
                grids.append(g)

    for r in rules:
        if cur and (abs(r[1] - cur[0][1]) > w / 10 or len(_band_rules(ink, cur[-1][0], r[0], r[1], r[2])) < 2):
            close()  # a rule of another width, or a band without vertical rules: the table ended
            cur = []
        cur.append(r)
    close()
    return grids


def _band_rules(ink: np.ndarray, ya: float, yb: float, x0: int, x1: int) -> list[float]:
    """x of every vertical rule crossing the band between two horizontal rules (85% of its height)."""
    a, b = int(ya) + 3, int(yb) - 2
    if b - a < 4 or b - a > 800:
        return []
    lo = max(0, x0 - 3)
    frac = ink[a:b, lo : x1 + 3].mean(axis=0)
    frac = np.maximum(frac, np.maximum(np.roll(frac, 1), np.roll(frac, -1)))  # ±1 px of skew
    return [lo + (p + q) / 2 for p, q in _groups(np.flatnonzero(frac >= 0.85), gap=2)]


def _grid(ink: np.ndarray, rules: list[tuple[float, int, int]]) -> Grid | None:
    x0 = min(r[1] for r in rules)
    x1 = max(r[2] for r in rules)
    ys = [r[0] for r in rules]
    band_xs = [_band_rules(ink, ya, yb, x0, x1) for ya, yb in itertools.pairwise(ys)]
    if sum(len(xs) >= 3 for xs in band_xs) < max(1, len(band_xs) // 2):
        return None  # rules without columns: an underline or a box, not a table
    columns = _cluster([x for xs in band_xs for x in xs], tol=8)
    return Grid(ys=ys, x0=x0, x1=x1, band_xs=band_xs, columns=columns)


def erase_rules(gray: Image.Image, grids: list[Grid], width: int = 3) -> Image.Image:
    """The page with its table rules painted white (engines that read rules as ``|``, ``1`` or ``l``)."""
    arr = np.array(gray)
    for g in grids:
        x0, x1 = int(g.x0), int(g.x1) + 1
        for y in g.ys:
            arr[max(0, int(y) - width) : int(y) + width + 1, x0:x1] = 255
        for (ya, yb), xs in zip(itertools.pairwise(g.ys), g.band_xs, strict=True):
            for x in xs:
                arr[int(ya) : int(yb) + 1, max(0, int(x) - width) : int(x) + width + 1] = 255
    return Image.fromarray(arr)


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


# ---------------------------------------------------------------------------------------------
# Rebuild


@dataclass
class Piece:
    """A piece of text (a whole box, or part of one split at a column rule) with its box and score."""

    text: str
    bbox: BBox
    score: float

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2


def _piece(b: Box) -> Piece:
    return Piece(b.text, (b.x0, b.y0, b.x1, b.y1), b.score)


def _split(b: Box, cuts: list[float]) -> list[tuple[float, Piece]]:
    """Split a box at column rules it crosses (characters shared out by width); (centre x, piece)."""
    inside = [c for c in cuts if b.x0 + 0.3 * b.height < c < b.x1 - 0.3 * b.height]
    if not inside or len(b.text) < 2:
        return [(b.cx, _piece(b))]
    if b.chars:  # the engine says where each character is: cut exactly at the rules
        edges = [b.x0, *inside, b.x1]
        out: list[tuple[float, Piece]] = []
        for ea, eb in itertools.pairwise(edges):
            cs = [c for c in b.chars if ea <= (c[1] + c[2]) / 2 < eb]
            if cs:
                bbox = (cs[0][1], b.y0, cs[-1][2], b.y1)
                out.append(((ea + eb) / 2, Piece("".join(c[0] for c in cs), bbox, b.score)))
        return out
    # characters are shared out by printed width (CJK glyphs are about twice as wide as digits); a cut
    # moves to the nearest change between CJK and digits or to a space, where cells usually meet
    weights = [1.0 if ord(ch) > 0x2E80 else 0.55 for ch in b.text]
    total = sum(weights)
    natural = [
        i
        for i in range(1, len(b.text))
        if b.text[i - 1] == " " or (ord(b.text[i - 1]) > 0x2E80) != (ord(b.text[i]) > 0x2E80)
    ]
    at: list[int] = []  # where each cut falls in the text
    for c in inside:
        limit = (c - b.x0) / b.width * total
        i, acc = 0, 0.0
        while i < len(b.text) and acc + weights[i] / 2 <= limit:
            acc += weights[i]
            i += 1
        near = [n for n in natural if abs(n - i) <= max(2, len(b.text) // 3)]
        if near:
            i = min(near, key=lambda n: abs(n - i))
        at.append(i)
    edges = [b.x0, *inside, b.x1]
    bounds = [0, *at, len(b.text)]
    out = []
    for k, (ea, eb) in enumerate(itertools.pairwise(edges)):
        text = b.text[bounds[k] : max(bounds[k], bounds[k + 1])].strip()
        if text:
            out.append(((ea + eb) / 2, Piece(text, (ea, b.y0, eb, b.y1), b.score)))
    return out


def _cell_text(pieces: list[Piece]) -> list[Piece]:
    """Pieces of one cell in reading order: visual lines top to bottom, left to right in each."""
    if not pieces:
        return []
    hs = [p.bbox[3] - p.bbox[1] for p in pieces]
    tol = 0.5 * statistics.median(hs)
    lines: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: p.cy):
        if lines and abs(p.cy - statistics.fmean(q.cy for q in lines[-1])) <= tol:
            lines[-1].append(p)
        else:
            lines.append([p])
    return [p for line in lines for p in sorted(line, key=lambda p: p.bbox[0])]


def rebuild_grid(grid: Grid, boxes: list[Box]) -> list[tuple[float, list[list[Piece]]]]:
    """Table rows of a ruled grid: (y, cells), one cell per column of the table, blanks kept."""
    ncols = max(1, len(grid.columns) - 1)
    rows: list[tuple[float, list[list[Piece]]]] = []
    for i, (ya, yb) in enumerate(zip(grid.ys, grid.ys[1:], strict=False)):
        xs = grid.band_xs[i] if len(grid.band_xs[i]) >= 2 else grid.columns
        in_band = [b for b in boxes if ya <= b.cy < yb]
        if not in_band:
            continue
        cells: list[list[Piece]] = [[] for _ in range(ncols)]
        for b in in_band:
            for cx, piece in _split(b, xs):
                local = next((k for k in range(len(xs) - 1) if xs[k] <= cx < xs[k + 1]), None)
                if local is None:
                    continue
                # a merged cell lands in the first table column it covers; the rest stay blank
                col = min(range(ncols), key=lambda c: abs(grid.columns[c] - xs[local]))
                cells[col].append(piece)
        rows.append(((ya + yb) / 2, [_cell_text(c) for c in cells]))
    return rows


def visual_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped on their vertical centres into printed lines, each sorted left to right."""
    if not boxes:
        return []
    tol = 0.5 * statistics.median(b.height for b in boxes)
    lines: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        if lines and abs(b.cy - statistics.fmean(x.cy for x in lines[-1])) <= tol:
            lines[-1].append(b)
        else:
            lines.append([b])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _is_columnar(line: list[Box]) -> bool:
    """A printed line with at least three boxes separated by wide gaps: a row of an unruled table."""
    if len(line) < 3:
        return False
    h = statistics.median(b.height for b in line)
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(line)]
    return sum(g > 1.5 * h for g in gaps) >= 2


def rebuild_unruled(lines: list[list[Box]]) -> list[tuple[float, list[list[Piece]]]]:
    """Rows of a table without rules: columns are the gaps in the boxes' horizontal coverage."""
    boxes = [b for line in lines for b in line]
    h = statistics.median(b.height for b in boxes)
    lo = min(b.x0 for b in boxes)
    hi = max(b.x1 for b in boxes)
    cover = np.zeros(int(hi - lo) + 2, dtype=bool)
    for b in boxes:
        cover[int(b.x0 - lo) : int(b.x1 - lo) + 1] = True
    free = np.flatnonzero(~cover)
    seps = [lo + (a + b) / 2 for a, b in _groups(free, gap=1) if b - a + 1 >= 0.8 * h]
    edges = [lo - 1, *seps, hi + 1]
    rows: list[tuple[float, list[list[Piece]]]] = []
    for line in lines:
        cells: list[list[Piece]] = [[] for _ in range(len(edges) - 1)]
        for b in line:
            k = next((k for k in range(len(edges) - 1) if edges[k] <= b.cx < edges[k + 1]), len(edges) - 2)
            cells[k].append(_piece(b))
        rows.append((statistics.fmean(b.cy for b in line), [_cell_text(c) for c in cells]))
    return rows


def page_lines(boxes: list[Box], grids: list[Grid]) -> list[tuple[float, list[list[Piece]], bool]]:
    """Every printed line of a page in top-to-bottom order: (y, cells, is a table row). A prose line is
    one cell whose pieces are the boxes left to right."""
    out: list[tuple[float, list[list[Piece]], bool]] = []
    rest = list(boxes)
    for g in grids:
        inside = [b for b in rest if g.y0 <= b.cy < g.y1 and g.x0 - 5 <= b.cx <= g.x1 + 5]
        ids = {id(b) for b in inside}
        rest = [b for b in rest if id(b) not in ids]
        out.extend((y, cells, True) for y, cells in rebuild_grid(g, inside))
    lines = visual_lines(rest)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_columnar(lines[j]):
            j += 1
        if j - i >= 3:  # at least three columnar lines in a row: an unruled table
            out.extend((y, cells, True) for y, cells in rebuild_unruled(lines[i:j]))
            i = j
            continue
        line = lines[i]
        out.append((statistics.fmean(b.cy for b in line), [[_piece(b) for b in line]], False))
        i += 1
    out.sort(key=lambda t: t[0])
    return out


def emit_page(builder: TextBuilder, page: int, lines: list[tuple[float, list[list[Piece]], bool]]) -> None:
    """Append a page's lines to the document text: table rows as tab-separated cells, prose lines with a
    space where the boxes were apart."""
    for _, cells, is_row in lines:
        if is_row:
            for k, cell in enumerate(cells):
                if k:
                    builder.add("\t")
                for p in cell:
                    builder.add(p.text, page, p.bbox, p.score)
        else:
            prev: Piece | None = None
            for p in cells[0]:
                if prev is not None:
                    h = p.bbox[3] - p.bbox[1]
                    if p.bbox[0] - prev.bbox[2] > 0.8 * h:
                        builder.add(" ")
                builder.add(p.text, page, p.bbox, p.score)
                prev = p
        builder.add("\n")
