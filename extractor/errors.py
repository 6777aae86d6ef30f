"""The errors extractor raises, under one root so callers can catch them all.

    ExtractorError                 root; ``str(err)`` is one actionable line
    ├── InputError                 a file cannot be read as a report (missing, empty, binary, a folder…)
    │   └── NotAReportError        the text decodes but is not a 部门决算 report
    ├── ConfigError                a bad option: unknown backend or format, unusable output folder
    └── OutputError                results could not be written

User errors (``InputError``, ``ConfigError``) are printed by the CLI as one line and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

from pathlib import Path


class ExtractorError(Exception):
    """Root of every error extractor raises on purpose."""


class InputError(ExtractorError):
    """A file cannot be used as input; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotAReportError(InputError):
    """The file is text, but nothing in it looks like a departmental final-accounts report."""


class OcrPageError(ExtractorError):
    """An OCR engine failed on a page image (not a page without text); the reader of the file names file and
    page (``InputError``), so the document fails whole rather than a page going missing without a word."""


class ConfigError(ExtractorError):
    """An option or setting is wrong; the message says which values are allowed."""


class OutputError(ExtractorError):
    """Writing results failed; nothing partial is left behind."""


def out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is an allocation that failed: Python's ``MemoryError``, or a native library's (the OCR
    models' runtime reports C++ ``std::bad_alloc`` as a RuntimeException) — under a worker's memory limit either
    means the input needs more memory than it may take, not a bug. A native library first imported under the
    limit (the OCR runtime, loaded lazily by the first scan) fails to map its pages as an ``ImportError``
    (``cannot map zero-fill pages``, ``failed to map segment from shared object``): the same allocation failure."""
    if isinstance(exc, MemoryError):
        return True
    text = str(exc)
    if isinstance(exc, ImportError):
        return any(m in text for m in _MAP_FAILURES)
    return "bad_alloc" in text or "Failed to allocate memory" in text


_MAP_FAILURES = ("cannot map zero-fill pages", "failed to map segment", "Cannot allocate memory")
