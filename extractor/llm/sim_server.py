"""The sim-server: the local test server (``serve.py``) answering from the chunk text with the project's own
rules readers, so end-to-end tests of the LLM plumbing have right answers.

``extractor sim-server --port P`` (or ``SimServer(...).start()`` in tests). The answer to a request is read
deterministically from its ``<chunk>…</chunk>`` block: the chunk is segmented and read with
``extractor.readers``. Its numbers are the rules readers' numbers on one chunk: **they say nothing about any
model's accuracy.** Endpoints, faults (``--fault``), streaming and ``latency``: see ``serve.py``.
For a perfect model that never touches the readers, see ``oracle.py`` (``sim-server --oracle``).
"""

from __future__ import annotations

from typing import Any

from extractor.llm.serve import FAULT_KINDS, AnswerServer, Fault, request_size
from extractor.normalize import normalize
from extractor.readers.narrative import read_narrative
from extractor.readers.performance import read_performance
from extractor.readers.tables import read_tables
from extractor.segment import segment

__all__ = ["FAULT_KINDS", "Fault", "SimServer", "read_chunk", "request_size"]


def read_chunk(schema: str, text: str) -> dict[str, Any]:
    """The right answer for ``schema`` on ``text``, read by the deterministic readers."""
    doc = segment(normalize(text), "sim")
    if schema.startswith("TableRows_"):
        table = schema.removeprefix("TableRows_")
        tables, _ = read_tables(doc)
        rows = []
        for t in tables:
            if t.table != table:
                continue
            for r in t.rows:
                cells = [{"col": c, "value": a.plain(), "source": a.text} for c, a in r.cells.items()]
                if cells:
                    rows.append({"key": r.row, "label": r.label, "cells": cells})
        return {"rows": rows}
    if schema == "NarrativeFacts":
        facts, _ = read_narrative(doc)
        out = []
        for n in facts:
            s = n.amount.span[0]
            line_start = text.rfind("\n", 0, s) + 1
            context = text[max(line_start, s - 8) : s]
            out.append(
                {"key": n.row, "value": n.amount.plain(), "source": n.amount.text, "unit": n.amount.unit,
                 "context": context}
            )  # fmt: skip
        return {"facts": out}
    if schema == "PerformanceFacts":
        projects, _ = read_performance(doc)
        items = [
            {"project": p.project, "col": c, "value": a.plain(), "source": a.text}
            for p in projects
            for c, a in p.cells.items()
        ]
        return {"items": items}
    raise ValueError(f"sim-server does not know the schema {schema!r}")


class SimServer(AnswerServer):
    """The test server answering with the rules readers (``read_chunk``); options as ``AnswerServer``'s
    (``port``, ``host``, ``faults``, ``verbose``, ``latency``)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(read_chunk, **options)
