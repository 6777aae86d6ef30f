"""Where the characters of a scanned report came from: page, box and OCR confidence.

Spans of an OCR'd report index into the OCR text; these runs map each span back to a page region, so a
reviewer can see the crop a value was read from and a check can flag numbers read with low confidence.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OcrPage(_Strict):
    page: int = Field(ge=1)
    width: float
    height: float
    dpi: int
    method: Literal["ocr", "text-layer"]
    engine: str | None = None
    angle: float = 0.0


class OcrRun(_Strict):
    """Characters ``[start, end)`` of the text were read from ``bbox`` on ``page`` with confidence ``score``."""

    start: int
    end: int
    page: int = Field(ge=1)
    bbox: tuple[float, float, float, float]
    score: float = Field(ge=0, le=1)


class OcrProvenance(_Strict):
    engine: str
    pages: list[OcrPage] = Field(default_factory=list)
    runs: list[OcrRun] = Field(default_factory=list)
