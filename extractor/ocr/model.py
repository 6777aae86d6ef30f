"""Value objects of the OCR path: what an engine reads (``Box``) and where every character came from
(``Provenance``: pages and runs of characters with page, bounding box and confidence).

Coordinates are pixels at the page's ``dpi`` (200 for rasterised pages; PDF points are converted to
the same scale for text-layer pages), origin top left, after the page was rotated by ``angle`` degrees
to straighten it — ``extractor.ocr.crop`` applies the same rotation, so a reviewer sees the exact crop.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Box:
    """One text box an engine read: its text, bounding box (pixels) and confidence in [0, 1]."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float = 1.0
    #: per-character (character, x0, x1) when the engine gives them (spaces excluded)
    chars: tuple[tuple[str, float, float], ...] | None = None

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class Run:
    """Characters ``[start, end)`` of the document text, all read from one box on one page."""

    start: int
    end: int
    page: int  # 1-based
    bbox: BBox
    score: float

    def char_bbox(self, offset: int) -> BBox:
        """The box of one character of the run, by even division of the run's width."""
        n = max(1, self.end - self.start)
        i = min(max(offset - self.start, 0), n - 1)
        x0, y0, x1, y1 = self.bbox
        w = (x1 - x0) / n
        return (round(x0 + i * w, 1), y0, round(x0 + (i + 1) * w, 1), y1)


@dataclass(frozen=True)
class PageInfo:
    page: int  # 1-based
    width: float
    height: float
    dpi: int
    method: str  # "ocr" | "text-layer"
    engine: str | None = None
    angle: float = 0.0  # degrees the page image was rotated by before reading


@dataclass
class Provenance:
    """Where each character of an OCR'd / PDF document came from. Characters outside every run (tabs,
    newlines between cells and lines) were inserted by the table rebuild and have no box."""

    engine: str
    pages: list[PageInfo] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    def run_at(self, offset: int) -> Run | None:
        """The run holding character ``offset`` (binary search; runs are sorted and disjoint)."""
        lo, hi = 0, len(self.runs)
        while lo < hi:
            mid = (lo + hi) // 2
            r = self.runs[mid]
            if offset < r.start:
                hi = mid
            elif offset >= r.end:
                lo = mid + 1
            else:
                return r
        return None

    def runs_in(self, start: int, end: int) -> list[Run]:
        """Every run overlapping ``[start, end)``."""
        return [r for r in self.runs if r.start < end and start < r.end]

    def locate(self, offset: int) -> tuple[int, BBox] | None:
        """(page, character bounding box) of one character, or None for an inserted tab/newline."""
        r = self.run_at(offset)
        return None if r is None else (r.page, r.char_bbox(offset))

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "pages": [asdict(p) for p in self.pages],
            "runs": [
                {"start": r.start, "end": r.end, "page": r.page, "bbox": list(r.bbox), "score": round(r.score, 4)}
                for r in self.runs
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Provenance:
        return cls(
            engine=data["engine"],
            pages=[PageInfo(**p) for p in data.get("pages", [])],
            runs=[Run(r["start"], r["end"], r["page"], tuple(r["bbox"]), r["score"]) for r in data.get("runs", [])],
        )


class TextBuilder:
    """Accumulates the document text and the run of every piece read from a box."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self.runs: list[Run] = []

    def add(self, text: str, page: int | None = None, bbox: BBox | None = None, score: float = 1.0) -> None:
        if not text:
            return
        if page is not None and bbox is not None:
            x0, y0, x1, y1 = bbox
            box = (round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1))
            self.runs.append(Run(self._len, self._len + len(text), page, box, float(score)))
        self._parts.append(text)
        self._len += len(text)

    def __len__(self) -> int:
        return self._len

    def text(self) -> str:
        return "".join(self._parts)
