"""Bulk-load a batch folder into the review store: every done input's extraction and source text.

The text every span points into is the ``<doc>.ocr.txt`` beside the facts for PDFs and images, else the
input file itself, read again and accepted only when its sha256 is the one the batch recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from extractor import __version__
from extractor.errors import ExtractorError, InputError
from extractor.ingest import ingest
from extractor.schemas import Extraction

from .engine import read_manifest
from .outputs import open_sink


def load_batch(
    folder: str, store: Any, on_doc: Callable[[str, str | None], None] | None = None
) -> tuple[int, list[str]]:
    """Load every done document of the batch in ``folder`` into ``store`` (``Store.load``); returns how many
    loaded and one error line per document that could not be. ``on_doc(doc, error)`` reports progress."""
    sink = open_sink(folder)
    records = [r for r in read_manifest(sink).values() if r["status"] == "done"]
    if not records:
        raise InputError(folder, "holds no batch with done inputs (manifest.jsonl); run `extractor batch … --out DIR`")
    version = _batch_version(sink.read_text("run.json"))
    loaded, errors = 0, []
    for rec in records:
        doc = rec["doc"]
        try:
            raw = sink.read_text(f"{doc}.json")
            if raw is None:
                raise InputError(f"{sink.url}/{doc}.json", "is missing; run the batch again to rebuild it")
            extraction = Extraction.model_validate_json(raw)
            text = sink.read_text(f"{doc}.ocr.txt")
            if text is None:
                src = ingest(rec["path"])
                if src.sha256 != rec["sha256"]:
                    raise InputError(rec["path"], "changed since the batch read it; run the batch again first")
                text = src.text
            store.load(extraction, text, rec["sha256"], path=rec["path"], version=version, actor="batch-load")
            loaded += 1
            error = None
        except (ExtractorError, ValueError) as exc:
            error = " ".join(str(exc).split())
            errors.append(error)
        if on_doc:
            on_doc(doc, error)
    return loaded, errors


def _batch_version(run_json: str | None) -> str:
    try:
        return str(json.loads(run_json or "{}").get("version") or __version__)
    except json.JSONDecodeError:
        return __version__
