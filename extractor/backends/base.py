"""The backend seam: one abstract method from a segmented, chunked report to an ``Extraction``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from extractor.chunk import Chunk
from extractor.schemas import Extraction
from extractor.segment import Document


class Backend(ABC):
    """Reads one report. Subclasses set ``name`` and are registered with ``@register``."""

    name: ClassVar[str]
    description: ClassVar[str] = ""

    @abstractmethod
    def extract(self, doc: Document, chunks: list[Chunk]) -> Extraction:
        """Read ``doc`` (already segmented and chunked) into an ``Extraction`` with a span on every value."""
