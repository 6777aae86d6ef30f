"""The backend seam: one abstract method from a segmented, chunked report to an ``Extraction``, plus
optional hooks for backends with settings (``configure``), a run record (``run_info``) and credentials
never to be written out (``secrets``)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from extractor.chunk import Chunk
from extractor.errors import ConfigError
from extractor.schemas import Extraction
from extractor.segment import Document


class Backend(ABC):
    """Reads one report. Subclasses set ``name`` and are registered with ``@register``."""

    name: ClassVar[str]
    description: ClassVar[str] = ""

    @abstractmethod
    def extract(self, doc: Document, chunks: list[Chunk]) -> Extraction:
        """Read ``doc`` (already segmented and chunked) into an ``Extraction`` with a span on every value."""

    def configure(self, **options: Any) -> None:
        """Apply run options (CLI ``--model``, ``--concurrency`` …; ``None`` = not given) before any file is
        read; a bad option is a ``ConfigError``. The default takes none."""
        given = sorted(k for k, v in options.items() if v is not None)
        if given:
            raise ConfigError(f"backend {self.name!r} takes no options ({', '.join(given)})")

    def chunks_sent(self) -> int | None:
        """How many chunks the last ``extract`` sent to a model (None: this backend sends none)."""
        return None

    def run_info(self) -> dict[str, Any] | None:
        """What run.json records about this run beyond the documents (e.g. model calls); None: nothing."""
        return None

    def secrets(self) -> list[str]:
        """Credentials this backend was configured with (an API key, a URL's password): the pipeline
        removes them from everything it writes (``extractor.redact``). The default has none."""
        return []
