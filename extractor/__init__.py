"""extractor: LLM-assisted extraction and QA of scanned legacy reports (部门决算 first).

The public API is what ``__all__`` lists; everything else is private and may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

from extractor.errors import ConfigError, ExtractorError, InputError, NotAReportError, OutputError
from extractor.pipeline import DocResult, process, run

__all__ = [
    "ConfigError",
    "DocResult",
    "ExtractorError",
    "InputError",
    "NotAReportError",
    "OutputError",
    "__version__",
    "process",
    "run",
]
