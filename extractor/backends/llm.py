"""The LLM backend: a language model reads each chunk with its own segment's schema; every value it returns
is located in that chunk before it becomes a fact.

Routing: a table chunk is sent with that table's row schema (``table_rows`` prompt, the table's closed
column set); a prose chunk of the 情况说明 part with the narrative schema; a prose chunk that talks about
self-evaluations (绩效/自评) also with the performance schema. The model never sees the whole report; chunks
without a digit are not sent.

Grounding: each value comes back with ``source``, the characters it was read from. The backend finds them
in the chunk (numbers compared after the facts spec's normalization, ``normalize_value``), near the row
label / the words before the figure / the project name, and builds the ``Amount`` from clean-view offsets
(``readers.common.amount``). A value it cannot find is rejected: ``Unread(kind="ungrounded", claim=…)``,
never a fact. Results from overlapping chunks are merged; two different values for one fact keep the first
(reading order) and record ``Unread(kind="conflict")``. Notes carry ``what = "llm:<table>/<row>/<col>"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from extractor.backends import register
from extractor.backends.base import Backend
from extractor.chunk import Chunk
from extractor.llm import (
    LLMClient,
    LLMConfig,
    LLMRequest,
    NarrativeFacts,
    PerformanceFacts,
    load_prompt,
    table_answer,
)
from extractor.normalize import normalize_value
from extractor.readers.common import UnverifiableValue, amount
from extractor.readers.prose import explanation_region, glossary_ranges
from extractor.schemas import TABLE_COLUMNS, TABLE_MODELS, Amount, Extraction, Metadata, Unread
from extractor.schemas.report import NARRATIVE_COUNT_UNITS, NARRATIVE_KEYS, NarrativeFact, PerformanceRow
from extractor.segment import Document

#: the prompt template (name.version) per section schema; recorded in run.json and in every cache key
PROMPTS = {"table": "table_rows.v1", "narrative": "narrative.v1", "performance": "performance.v1"}
PERFORMANCE_UNITS = {"预算数": "万元", "执行数": "万元", "执行率": "%", "自评得分": "分"}
_PERFORMANCE_HINT = re.compile(r"绩效|自评")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?%?")
_NEAR = 60  # characters after a narrative context / project name in which its figure is looked for

Key = tuple[str, str, str]


@dataclass
class _Job:
    chunk: Chunk
    part: str  # "table" | "narrative" | "performance"
    request: LLMRequest


@dataclass
class _Found:
    amount: Amount
    chunk: int


@dataclass
class _Merged:
    """Grounded values by fact key, in reading order, plus row/project labels and spans."""

    values: dict[Key, _Found] = field(default_factory=dict)
    rows: dict[tuple[str, str], tuple[str | None, tuple[int, int]]] = field(default_factory=dict)
    sections: dict[str, str | None] = field(default_factory=dict)
    unread: list[Unread] = field(default_factory=list)
    ungrounded: int = 0
    conflicts: int = 0


@register
class LLMBackend(Backend):
    name = "llm"
    description = (
        "a language model on any OpenAI-compatible server reads each chunk with its section's schema; "
        "every value is located in its chunk (--base-url, --model)"
    )

    def __init__(self) -> None:
        self._options: dict[str, Any] = {}
        self._client: LLMClient | None = None
        self.ungrounded = 0
        self.conflicts = 0

    # -- configuration and run record --------------------------------------------------------------
    def configure(self, **options: Any) -> None:
        """CLI options (``base_url``, ``model``, ``concurrency``, ``cache``, ``mode`` …); ``None`` = not given."""
        self._options = {k: v for k, v in options.items() if v is not None}
        self._client = None
        _ = self.client  # a missing model or a bad setting is a usage error before any file is read

    @property
    def client(self) -> LLMClient:
        if self._client is None:
            config = LLMConfig.load(self._options)
            config.require_model()
            self._client = LLMClient(config)
        return self._client

    def run_info(self) -> dict[str, Any]:
        """The run.json ``llm`` object: call and token totals, prompt versions, settings."""
        client = self.client
        return {
            **client.stats.to_json(),
            "ungrounded": self.ungrounded,
            "conflicts": self.conflicts,
            "prompts": {part: load_prompt(ref).id for part, ref in PROMPTS.items()},
            "config": client.config.describe(),
        }

    def summary(self) -> str:
        return self.client.stats.line() + f", {self.ungrounded} ungrounded values rejected"

    # -- extraction --------------------------------------------------------------------------------
    def extract(self, doc: Document, chunks: list[Chunk]) -> Extraction:
        jobs = plan(doc, chunks)
        answers = self.client.run([j.request for j in jobs])
        merged = _Merged()
        for job, answer in zip(jobs, answers, strict=True):
            _ground(doc, job, answer, merged)
        self.ungrounded += merged.ungrounded
        self.conflicts += merged.conflicts
        return _extraction(doc, merged, self.name)


def plan(doc: Document, chunks: list[Chunk]) -> list[_Job]:
    """Which chunk goes to the model with which schema (a chunk only ever sees its own segment's schema)."""
    prompts = {part: load_prompt(ref) for part, ref in PROMPTS.items()}
    ex_start, ex_end = explanation_region(doc)
    glossary = glossary_ranges(doc)
    jobs: list[_Job] = []
    for c in chunks:
        if not _DIGIT.search(c.text):
            continue
        label = f"chunk {c.index} ({c.kind}{' ' + c.table if c.table else ''}, clean {c.start}-{c.end})"
        if c.kind == "table" and c.table in TABLE_COLUMNS:
            t = doc.table(c.table)
            variables = {
                "table": c.table,
                "title": t.title if t else c.table,
                "columns": ", ".join(TABLE_COLUMNS[c.table]),
                "unit": t.unit if t else "万元",
                "chunk": c.text,
            }
            jobs.append(_Job(c, "table", LLMRequest(prompts["table"], variables, table_answer(c.table), label)))
            continue
        if c.kind != "prose" or any(g0 <= c.start < g1 for g0, g1 in glossary):
            continue
        if ex_start <= c.start < ex_end:
            variables = {"keys": ", ".join(NARRATIVE_KEYS), "section": c.section or "", "chunk": c.text}
            jobs.append(_Job(c, "narrative", LLMRequest(prompts["narrative"], variables, NarrativeFacts, label)))
        if _PERFORMANCE_HINT.search(c.text):
            variables = {"columns": ", ".join(PERFORMANCE_UNITS), "chunk": c.text}
            jobs.append(_Job(c, "performance", LLMRequest(prompts["performance"], variables, PerformanceFacts, label)))
    return jobs


# ---------------------------------------------------------------------------------------------
# Grounding


def _bounded(text: str, s: int, e: int) -> bool:
    """``text[s:e]`` is a whole number, not part of a longer one."""
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    if before.isdigit() or (before == "." and s > 1 and text[s - 2].isdigit()):
        return False
    return not (after.isdigit() or (after in ".," and e + 1 < len(text) and text[e + 1].isdigit()))


def candidates(text: str, value: str, source: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """Where ``value`` is printed in ``text[lo:hi]``: the source verbatim, or any number that normalizes to it."""
    hi = len(text) if hi is None else min(hi, len(text))
    found: set[tuple[int, int]] = set()
    if source and normalize_value(source) == value:
        i = text.find(source, lo)
        while i >= 0 and i + len(source) <= hi:
            if _bounded(text, i, i + len(source)):
                found.add((i, i + len(source)))
            i = text.find(source, i + 1)
    for m in _NUMBER.finditer(text, lo, hi):
        if normalize_value(m.group()) == value:
            found.add(m.span())
    return sorted(found)


def _locate(text: str, value: str, source: str, regions: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first place in the first region (then the whole chunk) where ``value`` is printed."""
    for lo, hi in [*regions, (0, len(text))]:
        found = candidates(text, value, source, lo, hi)
        if found:
            return found[0]
    return None


def _anchor(text: str, names: list[str], first: tuple[str, str] | None) -> tuple[int, int] | None:
    """Where a row starts: the first occurrence of a name whose rest of line holds the row's first value.

    Returns (position after the name, end of its line)."""
    for name in names:
        if not name:
            continue
        pattern = re.compile(rf"(?<!\d){re.escape(name)}(?!\d)" if name.isdigit() else re.escape(name))
        for m in pattern.finditer(text):
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            if first is None or candidates(text, first[0], first[1], m.end(), line_end):
                return m.end(), line_end
    return None


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


def _ground(doc: Document, job: _Job, answer: BaseModel, merged: _Merged) -> None:
    c = job.chunk
    text = c.text

    def put(key: Key, value: str, source: str, unit: str, where: tuple[int, int] | None) -> Amount | None:
        a: Amount | None = None
        if where is not None:
            try:
                a = amount(doc, c.start + where[0], c.start + where[1], unit)
            except UnverifiableValue:
                a = None
            if a is not None and a.plain() != value and Decimal(a.plain()) != Decimal(value):
                a = None
        if a is None:
            merged.ungrounded += 1
            merged.unread.append(
                Unread(
                    what=f"llm:{'/'.join(key)}",
                    reason=f"the model read {value} (printed {source!r}) but it is not in chunk {c.index}; rejected",
                    span=c.span,
                    kind="ungrounded",
                    claim=value,
                )
            )
            return None
        old = merged.values.get(key)
        if old is None:
            merged.values[key] = _Found(a, c.index)
        elif old.amount.value != a.value:
            merged.conflicts += 1
            merged.unread.append(
                Unread(
                    what=f"llm:{'/'.join(key)}",
                    reason=(
                        f"chunk {old.chunk} reads {old.amount.plain()} but chunk {c.index} reads {a.plain()}; "
                        "kept the first"
                    ),
                    span=old.amount.span,
                    kind="conflict",
                    claim=a.plain(),
                    other_span=a.span,
                )
            )
        return a

    if job.part == "table":
        table = c.table or ""
        t = doc.table(table)
        unit = t.unit if t else "万元"
        cursor = 0
        for row in answer.rows:  # type: ignore[attr-defined]
            key = _key(row.key)
            first = (row.cells[0].value, row.cells[0].source) if row.cells else None
            anchor = _anchor(text, [row.label or "", row.key], first)
            pos, line_end = anchor if anchor else (cursor, len(text))
            spans = []
            for cell in row.cells:
                where = _locate(text, cell.value, cell.source, [(pos, line_end), (pos, len(text))])
                a = put((table, key, cell.col), cell.value, cell.source, unit, where)
                if a is not None and where is not None:
                    spans.append(a.span)
                    pos = where[1]
            cursor = pos
            if spans and (table, key) not in merged.rows:
                if anchor:
                    line_start = text.rfind("\n", 0, anchor[0]) + 1
                    span = doc.text.span(c.start + line_start, c.start + anchor[1])
                else:
                    span = (min(s for s, _ in spans), max(e for _, e in spans))
                merged.rows[(table, key)] = (row.label, span)
    elif job.part == "narrative":
        for item in answer.facts:  # type: ignore[attr-defined]
            regions = [
                (m.end(), m.end() + _NEAR) for name in (item.context, item.key) if name
                for m in re.finditer(re.escape(name), text)
            ]  # fmt: skip
            col = "数量" if item.key in NARRATIVE_COUNT_UNITS else "金额"
            key = ("narrative", item.key, col)
            where = _locate(text, item.value, item.source, regions)
            if put(key, item.value, item.source, item.unit, where) is not None:
                merged.sections.setdefault(item.key, c.section)
    else:
        for item in answer.items:  # type: ignore[attr-defined]
            project = _project(item.project)
            names = [m.end() for m in re.finditer(re.escape(item.project), text)] if item.project else []
            regions = [(p, p + 3000) for p in names]
            where = _locate(text, item.value, item.source, regions)
            a = put(("performance", project, item.col), item.value, item.source, PERFORMANCE_UNITS[item.col], where)
            if a is not None and ("performance", project) not in merged.rows:
                span = a.span
                if names:
                    s = c.start + names[0] - len(item.project)
                    span = doc.text.span(s, c.start + names[0])
                merged.rows[("performance", project)] = (None, span)


def _project(name: str) -> str:
    return re.sub(r"[\s“”‘’\"'「」『』]", "", name).removesuffix("自评综述").removesuffix("项目") or name


def _extraction(doc: Document, merged: _Merged, backend: str) -> Extraction:
    tables = []
    for t in sorted(doc.tables, key=lambda t: t.title_start):
        rows: dict[str, dict[str, Any]] = {}
        for (table, row, col), found in merged.values.items():
            if table != t.kind:
                continue
            label, span = merged.rows.get((table, row), (None, found.amount.span))
            rows.setdefault(row, {"row": row, "label": label, "span": span, "cells": {}})["cells"][col] = found.amount
        tables.append(
            TABLE_MODELS[t.kind](
                title=t.title,
                span=doc.text.span(t.start, max(t.end, t.title_end)),
                unit=t.unit,
                declared_empty=t.declared_empty,
                rows=list(rows.values()),
            )
        )
    narrative = [
        NarrativeFact(row=row, col=col, amount=f.amount, section=merged.sections.get(row))  # type: ignore[arg-type]
        for (table, row, col), f in merged.values.items()
        if table == "narrative"
    ]
    narrative.sort(key=lambda n: n.amount.span)
    projects: dict[str, PerformanceRow] = {}
    for (table, row, col), f in merged.values.items():
        if table != "performance":
            continue
        if row not in projects:
            _, span = merged.rows.get(("performance", row), (None, f.amount.span))
            projects[row] = PerformanceRow(project=row, span=span)
        projects[row].cells[col] = f.amount  # type: ignore[index]
    return Extraction(
        doc=doc.doc_id,
        backend=backend,
        metadata=Metadata(department=doc.department, year=doc.year),
        tables=tables,  # type: ignore[arg-type]
        narrative=narrative,
        performance=list(projects.values()),
        unread=merged.unread,
    )
