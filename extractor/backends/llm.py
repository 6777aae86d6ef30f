"""The LLM backend: a language model reads the parts of a report that hold figures, each with its own
schema; every value it returns is located in the text it was sent before it becomes a fact.

Routing (``plan``) sends only text that holds figures, each piece once: every standard table's chunk with
that table's row schema (``table_rows`` prompt; the schema's ``col`` enum is the table's closed column set);
the project self-evaluation evidence (numbered items, appendix project reports, summary tables — their
figure sentences only) in one call with the performance schema; the figure sentences of the 情况说明 with
their headings, with the narrative schema. Never sent: prose without a figure, the 概况 part, the 名词解释
glossary, department-wide self-evaluation tables and other appendix pages. An excerpt is verbatim pieces of
the clean view joined by newlines; ``_Job.clean`` maps an excerpt position back to the clean view.

Grounding: each value comes back with ``source``, the characters it was read from. The backend finds them
in the excerpt (numbers compared after the facts spec's normalization, ``normalize_value``), near the row
label / the words before the figure / the project name, and builds the ``Amount`` from clean-view offsets
(``readers.common.amount``). A value it cannot find is rejected: ``Unread(kind="ungrounded", claim=…)``,
never a fact. Two different values for one fact keep the first (reading order) and record
``Unread(kind="conflict")``. Notes carry ``what = "llm:<table>/<row>/<col>"``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
    LLMOutputError,
    LLMRequest,
    NarrativeFacts,
    PerformanceFacts,
    load_prompt,
    table_answer,
)
from extractor.normalize import normalize_value
from extractor.readers.common import UnverifiableValue, amount
from extractor.readers.prose import explanation_region, glossary_ranges, strip_quotes
from extractor.redact import url_secrets
from extractor.schemas import TABLE_COLUMNS, TABLE_MODELS, Amount, Extraction, Metadata, Unread
from extractor.schemas.report import NARRATIVE_COUNT_UNITS, NarrativeFact, PerformanceRow
from extractor.segment import Document, Table

#: the prompt template (name.version) per section schema; recorded in run.json and in every cache key
PROMPTS = {"table": "table_rows.v2", "narrative": "narrative.v2", "performance": "performance.v2"}
PERFORMANCE_UNITS = {"预算数": "万元", "执行数": "万元", "执行率": "%", "自评得分": "分"}
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?%?")
_NEAR = 60  # characters after a narrative context / project name in which its figure is looked for

Key = tuple[str, str, str]
Piece = tuple[int, int]  # clean-view [start, end)


@dataclass
class _Job:
    """One model call: an excerpt of the report (verbatim pieces of the clean view) and its schema."""

    index: int
    part: str  # "table" | "narrative" | "performance"
    pieces: list[Piece]  # clean-view [start, end) ranges, in order, disjoint, never adjacent
    text: str  # the pieces joined with "\n": what the model reads
    request: LLMRequest
    section: str | None = None
    table: str | None = None
    _offsets: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        pos = 0
        for s, e in self.pieces:
            self._offsets.append(pos)
            pos += e - s + 1

    def clean(self, pos: int) -> int:
        """The clean-view offset of excerpt position ``pos`` (a piece's end maps to that piece's end)."""
        i = max(0, bisect_right(self._offsets, pos) - 1)
        return self.pieces[i][0] + min(pos - self._offsets[i], self.pieces[i][1] - self.pieces[i][0])

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


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

    def secrets(self) -> list[str]:
        """The API key and any credentials in the base URL: never written to run.json, errors or logs."""
        cfg = self.client.config
        return [k for k in (cfg.api_key, *url_secrets(cfg.base_url)) if k]

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
            if isinstance(answer, LLMOutputError):  # answered, never validly: noted and flagged, not read
                span = doc.text.span(job.start, job.end)
                merged.unread.append(Unread(what=f"llm:{job.table or job.part}", reason=str(answer), span=span,
                                            kind="unanswered"))  # fmt: skip
                continue
            _ground(doc, job, answer, merged)
        self.ungrounded += merged.ungrounded
        self.conflicts += merged.conflicts
        return _extraction(doc, merged, self.name)


def plan(doc: Document, chunks: list[Chunk]) -> list[_Job]:
    """Which text goes to the model with which schema: only the text that holds figures, each piece once.

    * every standard table with rows: its own chunk (title, header, rows) with that table's row schema;
    * the performance evidence (``performance_pieces``) in one call with the performance schema;
    * the figure-bearing sentences of the 情况说明 (``narrative_pieces``, performance evidence excluded),
      with the headings they sit under, with the narrative schema — split at headings past ``MAX_EXCERPT``.

    Never sent: prose without a figure, the 名词解释 glossary, the 概况 part, tables that are not standard
    tables outside the self-evaluation summaries, appendix pages that are not project self-evaluations.
    """
    prompts = {part: load_prompt(ref) for part, ref in PROMPTS.items()}
    jobs: list[_Job] = []

    def add(part: str, pieces: list[Piece], variables: dict[str, Any], model: type[BaseModel], **kw: Any) -> None:
        text = "\n".join(doc.text.clean[s:e] for s, e in pieces)
        where = f"{part}{' ' + kw['table'] if kw.get('table') else ''}, clean {pieces[0][0]}-{pieces[-1][1]}"
        label = f"request {len(jobs)} ({where})"
        req = LLMRequest(prompts[part], {**variables, "chunk": text}, model, label)
        jobs.append(_Job(len(jobs), part, pieces, text, req, **kw))

    for c in chunks:
        t = doc.table(c.table) if c.kind == "table" and c.table in TABLE_COLUMNS else None
        if t is None or not has_amounts(t):
            continue
        variables = {"table": c.table, "unit": t.unit}
        add("table", [(c.start, c.end)], variables, table_answer(c.table), table=c.table)
    perf = performance_pieces(doc)
    if perf:
        add("performance", perf, {}, PerformanceFacts)
    for group in _split(narrative_pieces(doc, perf), doc):
        add("narrative", group, {}, NarrativeFacts)
    return jobs


# ---------------------------------------------------------------------------------------------
# Evidence: which tables and sentences hold figures

_AMOUNT = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def has_amounts(t: Table) -> bool:
    """Whether a table prints any amount: a number cell after the row's first (code) cell, in a row that is
    not the 栏次 / 行次 numbering (which may be printed without its label: 1 2 3 …). Empty tables
    (``本部门无…``, a header over blank rows) are not sent."""
    for row in t.rows:
        texts = [c.replace(" ", "") for c in row.texts()]
        if any("栏次" in c or "行次" in c for c in texts):
            continue
        numbers = [c for c in texts[1:] if _AMOUNT.fullmatch(c)]
        if numbers and numbers != [str(i) for i in range(1, len(numbers) + 1)] and texts[0] != "1":
            return True
    return False


MAX_EXCERPT = 6000  # characters of narrative excerpt per call; longer excerpts are split at headings
_SENTENCE = re.compile(r"[^。\n]*(?:。|$)")
_NARRATIVE_FIGURE = re.compile(r"\d\s*(?:万?元|辆|批次|人)")
_PERFORMANCE_FIGURE = re.compile(r"\d\s*(?:万?元|%|％|分)")
_ITEM_START = re.compile(
    r"^[ \t\-]*(?:[(（]\d{1,2}[)）]|\d{1,2}\s*[、.．])\s*\S.*?(?:自评综述|绩效自评情况|自评情况|根据年初设定)"
)
_REPORT_TITLE = re.compile(r"(?:项目支出绩效自评报告|项目绩效评价报告|项目绩效自评报告)\s*$")
_SUMMARY_HEADER = re.compile(r"项目名称.*(?:自评得分|执行率)|(?:自评得分|执行率).*项目名称")
_ITEM_REACH = 3000  # a numbered project item's figures follow within this many characters


def _line_spans(clean: str, start: int = 0, end: int | None = None) -> list[Piece]:
    """``[start, end)`` of every non-blank line of ``clean[start:end]``, without the newline."""
    end = len(clean) if end is None else end
    out = []
    pos = start
    for line in clean[start:end].split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _sentences(clean: str, s: int, e: int, figure: re.Pattern[str]) -> list[Piece]:
    """The sentences of the line ``clean[s:e]`` that hold a figure (``figure``), trimmed."""
    out = []
    for m in _SENTENCE.finditer(clean, s, e):
        a, b = m.span()
        if a < b and figure.search(clean, a, b):
            while a < b and clean[a].isspace():
                a += 1
            out.append((a, b))
    return out


def _merge(pieces: list[Piece], clean: str) -> list[Piece]:
    """Sorted, overlapping or touching pieces (whitespace between counts as touching) merged."""
    out: list[Piece] = []
    for s, e in sorted(pieces):
        if out and (s <= out[-1][1] or not clean[out[-1][1] : s].strip(" \t")):
            out[-1] = (out[-1][0], max(out[-1][1], e))
            continue
        out.append((s, e))
    return out


def performance_pieces(doc: Document) -> list[Piece]:
    """Project self-evaluation evidence: numbered project items and appendix project reports (the item's or
    report's first line, then its sentences with a 万元 / % / 分 figure), and self-evaluation summary tables
    (a header naming 项目名称 with 自评得分 or 执行率, and its rows). Department-wide tables are not sent."""
    clean = doc.text.clean
    lines = [(s, e) for s, e in _line_spans(clean) if not doc.in_table(s)]
    starts: list[tuple[int, int, int]] = []  # (line index, reach, lines of the title to keep)
    for i, (s, e) in enumerate(lines):
        text = clean[s:e]
        if "\t" not in text and _ITEM_START.match(text):
            starts.append((i, _ITEM_REACH, 1))
        elif "\t" not in text and _REPORT_TITLE.search(text):
            starts.append((i, len(clean), 2))
    pieces: list[Piece] = []
    for n, (i, reach, keep) in enumerate(starts):
        limit = min(lines[starts[n + 1][0]][0] if n + 1 < len(starts) else len(clean), lines[i][0] + reach)
        s0, e0 = lines[i]
        first = _SENTENCE.match(clean, s0, e0)
        pieces.append((s0, first.end() if first and first.end() > s0 else e0))  # the item's name
        pieces.extend(lines[i + 1 : i + keep])  # an appendix report's (project name) line
        pieces.extend(_sentences(clean, s0, e0, _PERFORMANCE_FIGURE))
        for s, e in lines[i + keep :]:
            if s >= limit:
                break
            if "\t" not in clean[s:e]:
                pieces.extend(_sentences(clean, s, e, _PERFORMANCE_FIGURE))
    in_table = False
    for s, e in lines:
        text = clean[s:e]
        if "\t" in text and _SUMMARY_HEADER.search(re.sub(r"\s+", "", text.replace("\t", "|"))):
            in_table = True
            pieces.append((s, e))
        elif in_table and "\t" in text:
            if _DIGIT.search(text):
                pieces.append((s, e))
        else:
            in_table = False
    return _merge(pieces, clean)


def narrative_pieces(doc: Document, exclude: list[Piece]) -> list[Piece]:
    """The 情况说明's prose sentences with a 万元 / 元 / 辆 / 批次 / 人 figure, outside the glossary, the tables
    and ``exclude`` (the performance evidence), plus the headings of the sections they sit in."""
    clean = doc.text.clean
    lo, hi = explanation_region(doc)
    skip = [*glossary_ranges(doc), *((t.title_start, t.end) for t in doc.tables), *exclude]
    pieces: list[Piece] = []
    for s, e in _line_spans(clean, lo, hi):
        if "\t" in clean[s:e] or any(a <= s < b for a, b in skip):
            continue
        pieces.extend(p for p in _sentences(clean, s, e, _NARRATIVE_FIGURE) if not any(a <= p[0] < b for a, b in skip))
    heads = [
        (sec.start, sec.start + len(clean[sec.start : sec.body_start].rstrip()))
        for sec in doc.sections
        if lo <= sec.start < hi and any(sec.start <= p[0] < sec.end for p in pieces)
        and not any(a <= sec.start < b for a, b in skip)
    ]  # fmt: skip
    return _merge(pieces + [(_trim_left(clean, s), e) for s, e in heads], clean)


def _trim_left(clean: str, s: int) -> int:
    while clean[s].isspace():
        s += 1
    return s


def _split(pieces: list[Piece], doc: Document) -> list[list[Piece]]:
    """Consecutive groups of at most ``MAX_EXCERPT`` characters, cut before a top-level heading when possible."""
    tops = {sec.start for sec in doc.sections if sec.level <= 2}
    groups: list[list[Piece]] = []
    size = 0
    for s, e in pieces:
        if not groups or (size + e - s > MAX_EXCERPT and (s in tops or size + e - s > 2 * MAX_EXCERPT)):
            groups.append([])
            size = 0
        groups[-1].append((s, e))
        size += e - s + 1
    return groups


# ---------------------------------------------------------------------------------------------
# Grounding


def _bounded(text: str, s: int, e: int) -> bool:
    """``text[s:e]`` is a whole number, not part of a longer one."""
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    if before.isdigit() or (before == "." and s > 1 and text[s - 2].isdigit()):
        return False
    return not (after.isdigit() or (after in ".," and e + 1 < len(text) and text[e + 1].isdigit()))


def candidates(text: str, value: str, source: str, lo: int = 0, hi: int | None = None) -> list[Piece]:
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


def _locate(text: str, value: str, source: str, regions: list[Piece]) -> tuple[int, int] | None:
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
    text = job.text
    span = doc.text.span(job.start, job.end)

    def put(key: Key, value: str, source: str, unit: str, where: tuple[int, int] | None) -> Amount | None:
        a: Amount | None = None
        if where is not None:
            try:
                s = job.clean(where[0])
                a = amount(doc, s, s + where[1] - where[0], unit)
            except UnverifiableValue:
                a = None
            if a is not None and a.plain() != value and Decimal(a.plain()) != Decimal(value):
                a = None
        if a is None:
            merged.ungrounded += 1
            merged.unread.append(
                Unread(
                    what=f"llm:{'/'.join(key)}",
                    reason=f"the model read {value} (printed {source!r}), not in request {job.index}; rejected",
                    span=span,
                    kind="ungrounded",
                    claim=value,
                )
            )
            return None
        old = merged.values.get(key)
        if old is None:
            merged.values[key] = _Found(a, job.index)
        elif old.amount.value != a.value:
            merged.conflicts += 1
            merged.unread.append(
                Unread(
                    what=f"llm:{'/'.join(key)}",
                    reason=(
                        f"request {old.chunk} reads {old.amount.plain()} but request {job.index} reads {a.plain()}; "
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
        table = job.table or ""
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
                    span = doc.text.span(job.clean(line_start), job.clean(anchor[1]))
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
                sec = doc.section_at(job.clean(where[0])) if where else None
                merged.sections.setdefault(item.key, sec.heading if sec else None)
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
                    s = job.clean(names[0] - len(item.project))
                    span = doc.text.span(s, s + len(item.project))
                merged.rows[("performance", project)] = (None, span)


def _project(name: str) -> str:
    return strip_quotes(name).removesuffix("自评综述").strip() or name


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
