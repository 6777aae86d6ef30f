"""The LLM backend: a language model reads the chunks that hold figures, each with its own schema; every value
it returns is tied to the cell (or sentence) it claims before it becomes a fact.

Routing (``plan``): the chunk stage's chunks are what the model reads — a standard table's chunk (a long table
in row groups, each with its title and header) with that table's row schema (``table_rows`` prompt; the schema's
``col`` enum is the table's closed column set); the 情况说明's prose chunks that print a figure with the narrative
schema; the chunks holding project self-evaluations with the performance schema. Never sent: chunks without a
figure, the 概况 part, the 名词解释 glossary, tables that are not standard tables. ``plan(..., select=…)`` sends
only the chunks a selection names (the hybrid backend's: what the rules could not read).

Grounding is **cell-exact**. A table value is accepted only where it is printed in the claimed row (found by
its code or label) and in the claimed column's place: the column its grid cell sits under, or — in text
without cell boundaries — a column the header and the table's identities allow for that printed number
(``readers.tables``: the printed structure of every table; in text printing one OCR box per line, a figure alone
between two rows' labels that the rules leave unread counts as printed in either row: ``floating_rows``); where
the rules could not map the table (header words the template does not know), the printed grid's header cell
that names the column (``backends.grid``).
A narrative value is accepted only where it is printed right after its context words (the model's context, its last
clause, or the key): within their clause, no other figure and no other item of the vocabulary between; where the
vocabulary's statement patterns read the figure (``readers.narrative.stated_keys``), only as the key they read it
as. A performance value only in its own project's part (``_Names``) and in its column: in prose right after the
column's words (预算数 / 执行数 / 完成预算的 / 得分 …) and before its unit, in a self-evaluation table as a whole
cell under the column's header cell. One printed number backs one fact (one printed 收、支总计 backs 收入总计 and
支出总计 alike: ``keys.BOTH_TOTALS_PRINTED``). Anything else is ``Unread(kind="ungrounded", claim=…)`` with the
reason, never a fact. Each accepted value records how it was located (``Amount.located``) and that the model read it
(``Amount.read_by``). Two different values for one fact keep the first (reading order) and
record ``Unread(kind="conflict")``. Notes carry ``what = "llm:<table>/<row>/<col>"``."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from extractor.backends import register
from extractor.backends.base import Backend
from extractor.backends.grid import Grid
from extractor.chunk import Chunk, joined_offsets, joined_to_clean
from extractor.keys import BOTH_TOTALS, BOTH_TOTALS_PRINTED, DECIMAL, strip_label
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
from extractor.readers.narrative import stated_keys
from extractor.readers.placement import Num, Slot
from extractor.readers.prose import Paragraph, explanation_region, glossary_ranges, paragraphs, strip_quotes
from extractor.readers.tables import floating_rows, read_all
from extractor.redact import url_secrets
from extractor.schemas import TABLE_COLUMNS, TABLE_MODELS, Amount, Extraction, Metadata, Unit, Unread
from extractor.schemas.report import NARRATIVE_COUNT_UNITS, NARRATIVE_KEYS, NarrativeFact, PerformanceRow
from extractor.segment import Document, Table
from extractor.template import load as load_template

#: the prompt template (name.version) per section schema; recorded in run.json and in every cache key
PROMPTS = {"table": "table_rows.v2", "narrative": "narrative.v2", "performance": "performance.v2"}
PERFORMANCE_UNITS: dict[str, Unit] = {"预算数": "万元", "执行数": "万元", "执行率": "%", "自评得分": "分"}
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?%?")

Key = tuple[str, str, str]
Piece = tuple[int, int]  # clean-view [start, end)


@dataclass
class _Job:
    """One model call: one chunk (or a few consecutive prose chunks of one part) and its schema."""

    index: int
    part: str  # "table" | "narrative" | "performance"
    pieces: list[Piece]  # clean-view [start, end) ranges, in order, disjoint
    text: str  # the pieces joined with "\n": what the model reads
    request: LLMRequest
    chunks: int = 1  # chunk-stage chunks this request carries
    ids: tuple[int, ...] = ()  # their indices in the chunk stage's list
    section: str | None = None
    table: str | None = None
    _offsets: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        self._offsets = joined_offsets(self.pieces)

    def clean(self, pos: int) -> int:
        """The clean-view offset of excerpt position ``pos`` (a piece's end maps to that piece's end)."""
        return joined_to_clean(self.pieces, self._offsets, pos)

    def holds(self, start: int, end: int) -> bool:
        """Whether clean ``[start, end)`` lies inside the text this request carried."""
        return any(s <= start and end <= e for s, e in self.pieces)

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
    used: set[Piece] = field(default_factory=set)  # clean spans of printed numbers already backing a table fact
    spans: set[tuple[int, int]] = field(default_factory=set)  # clean spans already backing a performance fact
    said: dict[Piece, str] = field(default_factory=dict)  # clean span → the narrative key it backs


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
        self.sent = 0  # chunks sent for the last document

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
        return self.read(doc, chunks)

    def read(self, doc: Document, chunks: list[Chunk], select: Selection | None = None) -> Extraction:
        """The model's reading of the chunks ``plan`` sends (those ``select`` names, when given)."""
        jobs = plan(doc, chunks, select)
        self.sent = len({i for j in jobs for i in j.ids})  # a chunk read with two schemas is one chunk sent
        answers = self.client.run([j.request for j in jobs])
        merged = _Merged()
        cells = _Cells(doc) if any(j.part == "table" for j in jobs) else None
        sentences = _Sentences(doc) if any(j.part == "narrative" for j in jobs) else None
        for job, answer in zip(jobs, answers, strict=True):
            if isinstance(answer, LLMOutputError):  # answered, never validly: noted and flagged, not read
                span = doc.text.span(job.start, job.end)
                merged.unread.append(Unread(what=f"llm:{job.table or job.part}", reason=str(answer), span=span,
                                            kind="unanswered"))  # fmt: skip
                continue
            _ground(doc, job, answer, merged, cells, sentences)
        self.ungrounded += merged.ungrounded
        self.conflicts += merged.conflicts
        return _extraction(doc, merged, self.name)

    def chunks_sent(self) -> int | None:
        return self.sent


@dataclass(frozen=True)
class Selection:
    """Which chunks to send: every chunk of the named tables, the table chunks holding the named clean-view
    positions (a partly read table's unread numbers), and the prose chunks holding the named positions."""

    tables: frozenset[str] = frozenset()
    table_points: tuple[int, ...] = ()
    prose_points: tuple[int, ...] = ()

    def wants(self, c: Chunk) -> bool:
        if c.kind == "table":
            return c.table in self.tables or any(c.start <= p < c.end for p in self.table_points)
        return any(c.start <= p < c.end for p in self.prose_points)

    def __bool__(self) -> bool:
        return bool(self.tables or self.table_points or self.prose_points)


def plan(doc: Document, chunks: list[Chunk], select: Selection | None = None) -> list[_Job]:
    """Which chunks go to the model with which schema: only chunks that hold figures, each chunk once.

    * a standard table's chunk (each part of a long table: its title and header come with it) that prints
      an amount, with that table's row schema;
    * the chunks holding project self-evaluations (``performance_pieces``), with the performance schema;
    * the 情况说明's other prose chunks that print a figure (``narrative_pieces``), with the narrative schema —
      consecutive ones in one request up to ``MAX_EXCERPT`` characters.

    Never sent: prose without a figure, the 名词解释 glossary, the 概况 part, tables that are not standard
    tables outside the self-evaluation summaries. With ``select`` only the chunks it names.
    """
    prompts = {part: load_prompt(ref) for part, ref in PROMPTS.items()}
    jobs: list[_Job] = []

    def add(part: str, group: list[Chunk], variables: dict[str, Any], model: type[BaseModel], **kw: Any) -> None:
        pieces = [p for c in group for p in c.pieces]
        text = "\n".join(c.text for c in group)
        where = f"{part}{' ' + kw['table'] if kw.get('table') else ''}, clean {pieces[0][0]}-{pieces[-1][1]}"
        req = LLMRequest(prompts[part], {**variables, "chunk": text}, model, f"request {len(jobs)} ({where})")
        jobs.append(
            _Job(len(jobs), part, pieces, text, req, chunks=len(group), ids=tuple(c.index for c in group), **kw)
        )

    perf = performance_pieces(doc)
    narr = narrative_pieces(doc, perf)
    starts = project_starts(doc)
    groups: dict[str, list[list[Chunk]]] = {"performance": [], "narrative": []}
    last: dict[str, int] = {}
    for c in chunks:
        if select is not None and not select.wants(c):
            continue
        if c.kind == "table":
            t = doc.table(c.table) if c.table in TABLE_COLUMNS else None
            if t is not None and has_amounts(t) and c.figures:
                add("table", [c], {"table": c.table, "unit": t.unit}, table_answer(c.table), table=c.table)
            continue
        if not c.figures:
            continue
        for part, evidence in (("performance", perf), ("narrative", narr)):
            if not any(c.start < e and s < c.end for s, e in evidence):
                continue
            bucket = groups[part]
            size = sum(len(x.text) for x in bucket[-1]) if bucket else 0
            gap = chunks[last[part] + 1 : c.index] if part in last else []  # a project's report goes on
            # a project's figures stay with its name: a request holds one project from where it starts
            new_project = (
                part == "performance"
                and any(c.start <= p < c.end for p in starts)
                and any(x.start <= p < x.end for x in (bucket[-1] if bucket else []) for p in starts)
            )
            if (
                bucket and not new_project
                and ((select is not None and part == "narrative") or len(gap) <= (2 if part == "performance" else 0))
                and all(g.kind == "prose" for g in gap)
                and size + sum(len(g.text) for g in gap) + len(c.text) <= MAX_EXCERPT
            ):  # fmt: skip
                bucket[-1].extend([c] if select is not None and part == "narrative" else [*gap, c])
            else:
                bucket.append([c])
                prev = chunks[c.index - 1] if c.index > 0 else None
                starts_here = any(c.start <= p < c.end for p in starts)
                if (
                    part == "performance"
                    and not starts_here
                    and prev is not None
                    and prev.kind == "prose"
                    and (last.get(part) != prev.index)
                ):
                    bucket[-1].insert(0, prev)  # a project's name often ends the chunk before its figures
            last[part] = c.index
    for group in groups["performance"]:
        add("performance", group, {}, PerformanceFacts)
    for group in groups["narrative"]:
        add("narrative", group, {}, NarrativeFacts, section=group[0].section)
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
    # text with one cell per line (an OCR engine's boxes, pdfminer): a figure no 行次 number looks like (the
    # clean view has joined thousands groups already: a decimal is the figure)
    return any(DECIMAL.fullmatch(c.replace(" ", "")) for row in t.rows for c in row.texts())


MAX_EXCERPT = 9000  # characters of prose per request: consecutive chunks of one part share a request up to this
_SENTENCE = re.compile(r"[^。\n]*(?:。|$)")
_NARRATIVE_FIGURE = re.compile(r"\d\s*(?:万?元|辆|批次|人)")
_PERFORMANCE_FIGURE = re.compile(r"\d\s*(?:万?元|%|％|分)")
_ITEM_START = re.compile(
    r"^[ \t\-]*(?:[(（]\d{1,2}[)）]|\d{1,2}\s*[、.．])\s*\S.*?(?:自评综述|绩效自评情况|自评情况|根据年初设定)"
)
_REPORT_TITLE = re.compile(r"(?:项目支出绩效自评报告|项目绩效评价报告|项目绩效自评报告)\s*$")
_SUMMARY_HEADER = re.compile(r"项目名称.*(?:自评得分|执行率)|(?:自评得分|执行率).*项目名称")
#: after a number, marks a count (10个, 20余位), never a project's amount, rate or score
_COUNT_AFTER = re.compile(r"\s*(?:余|多)?\s*[个人次项家条件所名份场批辆位篇期]")
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


def project_starts(doc: Document) -> list[int]:
    """Where each project's self-evaluation starts: a numbered project item or an appendix report's title."""
    clean = doc.text.clean
    return [
        s for s, e in _line_spans(clean)
        if "\t" not in clean[s:e] and (_ITEM_START.match(clean[s:e]) or _REPORT_TITLE.search(clean[s:e]))
    ]  # fmt: skip


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
    pieces.extend(p for p in _joined_sentences(doc, lo, hi) if not any(a <= p[0] < b for a, b in skip))
    heads = [
        (sec.start, sec.start + len(clean[sec.start : sec.body_start].rstrip()))
        for sec in doc.sections
        if lo <= sec.start < hi and any(sec.start <= p[0] < sec.end for p in pieces)
        and not any(a <= sec.start < b for a, b in skip)
    ]  # fmt: skip
    return _merge(pieces + [(_trim_left(clean, s), e) for s, e in heads], clean)


def _joined_sentences(doc: Document, lo: int, hi: int) -> list[Piece]:
    """Sentences whose figure and unit only meet in the prose as the readers join it (``readers.prose
    .paragraphs``): a figure a converter printed on the line below its words (``…总计 万元`` / ``2995.39``), a
    number wrapped away from its unit. Each from its first to its last character as printed — the figures
    line with it — so the request carries what the sentence needs."""
    out: list[Piece] = []
    for para in paragraphs(doc, lo, hi):
        for m in _SENTENCE_END.finditer(para.text):
            if m.start() < m.end() and _NARRATIVE_FIGURE.search(m.group()):
                runs = para.runs(m.start(), m.end())
                if len(runs) > 1:  # one run: a sentence of one line, found line by line already
                    out.append((min(s for s, _ in runs), max(e for _, e in runs)))
    return out


def _trim_left(clean: str, s: int) -> int:
    while clean[s].isspace():
        s += 1
    return s


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


class _Cells:
    """Every standard table's printed structure: by (table, row key), each printed number and the columns it
    can be under — its grid cell's column, or in text without cell boundaries the columns the header and the
    table's identities allow (``readers.tables.read_all``, without figures of the prose)."""

    def __init__(self, doc: Document) -> None:
        self.rows: dict[tuple[str, str], list[tuple[Num, list[Slot], str]]] = {}
        self.known: set[Piece] = set()  # every number the rules' reading holds: the grid never offers these
        for r in read_all(doc, {}):
            p = r.placement
            assert p is not None
            floating = floating_rows(doc, r)
            seen: set[int] = set()
            for u in r.units:
                for n in u.nums:
                    if id(n) in seen:  # (a floating figure is in both rows it stands between)
                        continue
                    seen.add(id(n))
                    if id(n) in p.placed:
                        opts, how = [p.placed[id(n)][0]], "cell" if u.fixed is not None else "identities"
                    else:
                        opts, how = (p.open[id(n)][2] if id(n) in p.open else []) or list(u.slots), "identities"
                        # one box per line: a figure alone between two rows' labels may be either row's
                        opts = list(
                            dict.fromkeys([*opts, *(s for x in floating.get((n.start, n.end), []) for s in x.slots)])
                        )
                    for row in dict.fromkeys(s[0] for s in opts):
                        self.rows.setdefault((r.table.kind, row), []).append((n, opts, how))
                    self.known.add((n.start, n.end))
        self.grid = Grid(doc, skip=self.known)

    def locate(
        self, table: str, row: str, col: str, value: str, job: _Job, used: set[Piece]
    ) -> tuple[Piece | None, str]:
        """Clean ``[start, end)`` of the printed number backing ``table/row/col = value`` and how it was located
        (``Amount.located``), or None and why not: a number the rules' reading holds in that row and column (exact
        where the rules mapped the table), else a number they do not hold, printed in that row under a header cell
        that names the column (``backends.grid``: the header words the rules did not know)."""
        num, why = self.find(table, row, col, value, job, used)
        if num is not None:
            return (num.start, num.end), "row and column"
        found, grid_why = self.grid.find(table, row, col, lambda text: _same(text, value), job.holds, used)
        if found is None:
            return None, f"{why}; in the printed grid: {grid_why}"
        return (found.start, found.end), f"row and column ({found.how})"

    def find(self, table: str, row: str, col: str, value: str, job: _Job, used: set[Piece]) -> tuple[Num | None, str]:
        """The printed number the rules' reading holds for the claim ``table/row/col = value``, or None and why
        not."""
        printed = [x for x in self.rows.get((table, row), []) if job.holds(x[0].start, x[0].end)]
        if not printed:
            return None, f"no row {row} in the table text it was given"
        same = [x for x in printed if _same(x[0].text, value)]
        if not same:
            return None, f"{value} is not printed in row {row}"
        fits = [x for x in same if (row, col) in x[1] and (x[0].start, x[0].end) not in used]
        if not fits:
            where = ", ".join(dict.fromkeys(c for x in same for _, c in x[1]))
            taken = all((x[0].start, x[0].end) in used for x in same)
            if taken:
                return None, f"row {row}'s {value} backs another fact already"
            return None, f"row {row} prints {value} under {where}, not under {col}"
        return fits[0][0], fits[0][2]


def _same(printed: str, value: str) -> bool:
    plain = normalize_value(printed)
    return plain is not None and Decimal(plain) == Decimal(value)


class _Sentences:
    """The 情况说明's sentences, with wrapped lines joined (``readers.prose.paragraphs``), for narrative
    grounding: a figure is accepted only where it is printed right after its own words."""

    def __init__(self, doc: Document) -> None:
        lo, hi = explanation_region(doc)
        # (paragraph, sentence start, end in the paragraph, the clean ranges it was read from)
        self.items: list[tuple[Paragraph, int, int, list[Piece]]] = []
        for para in paragraphs(doc, lo, hi):
            for m in _SENTENCE_END.finditer(para.text):
                if m.start() < m.end():
                    self.items.append((para, m.start(), m.end(), para.runs(m.start(), m.end())))

    def locate(
        self, job: _Job, key: str, words: list[str], value: str, source: str, taken: dict[Piece, str]
    ) -> Piece | None:
        """Clean ``[start, end)`` of the first place (inside the request) where ``value`` is printed as ``key``
        and backs no other fact yet (``taken``: span → key; the one printed 收、支总计 backs both 收入总计 and
        支出总计): where a statement pattern of the vocabulary (``readers.narrative.stated_keys``) reads the figure,
        as that key; elsewhere right after one of ``words`` (``_right_after``)."""
        for para, a, b, runs in self.items:
            if not all(job.holds(s, e) for s, e in runs):  # every line of it, the figures below its words too
                continue
            text = para.text[a:b]
            for s, e in candidates(text, value, source):
                span = para.span(a + s, a + e)
                other = taken.get(span)
                if other is not None and not ({other, key} == BOTH_TOTALS and BOTH_TOTALS_PRINTED.search(text[:s])):
                    continue
                # the vocabulary's statement patterns read the figure as the key's (whatever the model's context
                # words) or as another item's (财政拨款收入、支出总计 X is not 收入总计, whatever words precede it)
                stated = stated_keys(text, s, e)
                if stated:
                    if key in stated:
                        return span
                    continue
                both = key in BOTH_TOTALS and BOTH_TOTALS_PRINTED.search(text[:s])  # 收入支出总计 X: either total's
                if both or _right_after(text[:s], words, _others(key, NARRATIVE_KEYS)):
                    return span
        return None


def _others(own: str, vocabulary: tuple[str, ...]) -> list[str]:
    """The items of ``vocabulary`` other than ``own`` and the parts of its name, folded."""
    return [_fold(k) for k in vocabulary if k != own and _fold(k) not in _fold(own)]


#: what may not stand between a figure and its words: the end of the clause, another item of a list
_CLAUSE_BREAK = re.compile(r"[，,。；;！？、]")
_GAP = 20  # folded characters between the words and the figure, at most (为 / 决算为 / （以合同签订为准）为)


def _right_after(head: str, words: list[str] | tuple[str, ...], others: list[str], gap_max: int = _GAP) -> bool:
    """Whether ``head`` (the text before a figure) ends with one of ``words`` and a connector that stays in
    their clause, prints no other figure and names none of ``others`` (folded: the other items of the
    vocabulary) — and the words are not the end of another item's name (基本支出 inside 财政拨款基本支出)."""
    folded = _fold(head)
    for w in words:
        fw = _fold(w)
        i = folded.rfind(fw) if fw else -1
        if i < 0:
            continue
        gap = folded[i + len(fw) :]
        if len(gap) > gap_max or _DIGIT.search(gap) or _CLAUSE_BREAK.search(gap) or any(k in gap for k in others):
            continue
        upto = folded[: i + len(fw)]
        if any(upto.endswith(k) and len(k) > len(fw) for k in others):
            continue
        return True
    return False


_SENTENCE_END = re.compile(r"[^。；;！？]*[。；;！？]?")
_FOLD = re.compile(r"[\s\"'“”‘’「」『』]")


_DASHES = str.maketrans({d: "-" for d in "—–－‐"})


def _fold(text: str) -> str:
    """Text as names and context words are compared: no spaces or quotes, half-width (), every dash -."""
    return _FOLD.sub("", text).replace("（", "(").replace("）", ")").translate(_DASHES)


def _unfold_index(text: str, folded_pos: int) -> int:
    """The position in ``text`` of the ``folded_pos``-th character kept by ``_fold``."""
    kept = 0
    for i, ch in enumerate(text):
        if kept == folded_pos:
            return i
        if not _FOLD.fullmatch(ch):
            kept += 1
    return len(text)


def _ground(
    doc: Document, job: _Job, answer: BaseModel, merged: _Merged, cells: _Cells | None, sentences: _Sentences | None
) -> None:
    span = doc.text.span(job.start, job.end)

    def reject(key: Key, value: str, source: str, why: str) -> None:
        merged.ungrounded += 1
        merged.unread.append(
            Unread(
                what=f"llm:{'/'.join(key)}",
                reason=f"the model read {value} (printed {source!r}): {why}; rejected",
                span=span,
                kind="ungrounded",
                claim=value,
            )
        )

    def put(key: Key, value: str, source: str, unit: Unit, where: tuple[int, int], how: str) -> Amount | None:
        try:
            a = amount(doc, where[0], where[1], unit)
        except UnverifiableValue as exc:
            reject(key, value, source, str(exc))
            return None
        if Decimal(a.plain()) != Decimal(value):
            reject(key, value, source, f"the text there reads {a.plain()}")
            return None
        a.read_by, a.located = "llm", how
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
        unit: Unit = t.unit if t else "万元"
        for row in answer.rows:  # type: ignore[attr-defined]
            rkey = _row_key(table, row.key)
            spans = []
            for cell in row.cells:
                key = (table, rkey, cell.col)
                where, how = cells.locate(table, rkey, cell.col, cell.value, job, merged.used) if cells else (None, "")
                if where is None:
                    reject(key, cell.value, cell.source, how or "no table structure")
                    continue
                merged.used.add(where)
                a = put(key, cell.value, cell.source, unit, where, how)
                if a is not None:
                    spans.append(a.span)
            if spans and (table, rkey) not in merged.rows:
                merged.rows[(table, rkey)] = (row.label or None, (min(s for s, _ in spans), max(e for _, e in spans)))
    elif job.part == "narrative":
        for item in answer.facts:  # type: ignore[attr-defined]
            col = "数量" if item.key in NARRATIVE_COUNT_UNITS else "金额"
            key = ("narrative", item.key, col)
            # the context words as printed before the figure, within its own sentence or clause
            clause = re.split(r"[。；;！？，,：:]", item.context or "")[-1].strip()
            words = [w for w in (clause, item.context, item.key) if w]
            where = sentences.locate(job, item.key, words, item.value, item.source, merged.said) if sentences else None
            if where is None:
                reject(key, item.value, item.source, "not printed right after its words (in their clause, no other "
                       "figure or item between) in its request, or backing another figure already")  # fmt: skip
                continue
            a = put(key, item.value, item.source, item.unit, where, "sentence")
            if a is not None and merged.values[key].amount is a:  # this figure now backs this fact
                merged.said[where] = item.key
                sec = doc.section_at(where[0])
                merged.sections.setdefault(item.key, sec.heading if sec else None)
    else:
        named = _Names(doc, [i.project for i in answer.items if i.project])  # type: ignore[attr-defined]
        for item in answer.items:  # type: ignore[attr-defined]
            project = _project(item.project)
            key = ("performance", project, item.col)
            clean = doc.text.clean
            where = next(
                (
                    (job.clean(f[0]), job.clean(f[1]))
                    for f in candidates(job.text, item.value, item.source)
                    if named.owner(job.clean(f[0])) == item.project
                    and not _COUNT_AFTER.match(clean, job.clean(f[1]))
                    and (job.clean(f[0]), job.clean(f[1])) not in merged.spans
                    and _in_column(clean, job.clean(f[0]), job.clean(f[1]), item.col)
                ),
                None,
            )
            if where is None:
                reject(key, item.value, item.source, f"not printed in its project's part under or right after "
                       f"{item.col}'s words, or backing another figure already")  # fmt: skip
                continue
            a = put(key, item.value, item.source, PERFORMANCE_UNITS[item.col], where, "sentence")
            if a is not None:
                merged.spans.add(where)
                name = named.before(where[0], item.project)
                if ("performance", project) not in merged.rows and name is not None:
                    merged.rows[("performance", project)] = (None, doc.text.span(*name))


#: in prose, the words a project's figure is printed right after, by column, and the unit printed after it
_COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "预算数": ("预算数", "预算安排", "预算资金", "预算金额", "项目资金"),
    "执行数": ("执行数", "实际支出", "当年支出", "执行金额", "支出金额"),
    "执行率": ("完成预算的", "执行率", "支付率", "完成率"),
    "自评得分": ("得分", "分数", "评分"),
}
_COLUMN_UNIT = {c: re.compile(rf"\s*(?:{u})") for c, u in
                (("预算数", "万?元"), ("执行数", "万?元"), ("执行率", "[%％]"), ("自评得分", "分"))}  # fmt: skip
#: in a self-evaluation table, the header cells (spaces removed) each column's figures are printed under
_COLUMN_HEADER = {
    "预算数": re.compile(r"^(?!.*(?:执行|率)).*预算"),
    "执行数": re.compile(r"^(?!.*率).*(?:执行数|实际支出|执行金额)"),
    "执行率": re.compile(r"^(?:预算|资金)?执行率|^资金支付率"),
    "自评得分": re.compile(r"^(?!.*率).*(?:得分|分数|评分)"),
}
_PERFORMANCE_GAP = 24  # folded characters between a column's words and its figure (预算安排“科创会”专项经费106万元)


def _in_column(clean: str, s: int, e: int, col: str) -> bool:
    """Whether the figure at clean ``[s, e)`` is printed as ``col``: in a table row, a whole cell under a header
    cell of that column; in prose, right after the column's words (``_right_after``) and before its unit."""
    line_start = clean.rfind("\n", 0, s) + 1
    line_end = clean.find("\n", e)
    line = clean[line_start : len(clean) if line_end < 0 else line_end]
    if "\t" not in line:
        others = [w for c, ws in _COLUMN_WORDS.items() if c != col for w in ws]
        head = clean[max(0, s - 80) : s]
        unit_at = e - 1 if clean[e - 1] in "%％" else e  # 99.67% printed with its sign
        return bool(_COLUMN_UNIT[col].match(clean, unit_at)) and _right_after(
            head, _COLUMN_WORDS[col], others, _PERFORMANCE_GAP
        )
    cells = line.split("\t")
    index = clean.count("\t", line_start, s)
    if re.sub(r"[\s%％]", "", cells[index]) != re.sub(r"[\s%％]", "", clean[s:e]):
        return False  # part of a cell, not the cell
    header = _header_above(clean, line_start)
    return header is not None and index < len(header) and bool(_COLUMN_HEADER[col].search(header[index]))


def _header_above(clean: str, pos: int) -> list[str] | None:
    """The cells (spaces removed) of the self-evaluation table header above the row starting at ``pos``: the
    nearest line above naming 项目名称 with 自评得分 or 执行率, with only table rows and blank lines between."""
    end = pos - 1
    while end > 0:
        start = clean.rfind("\n", 0, end) + 1
        line = clean[start:end]
        if line.strip():
            if "\t" not in line:
                return None
            cells = [re.sub(r"\s+", "", c) for c in line.split("\t")]
            if _SUMMARY_HEADER.search("|".join(cells)):
                return cells
        end = start - 1
    return None


class _Names:
    """Which project a figure belongs to. Inside a project's own self-evaluation (a numbered item, an appendix
    report: ``project_starts``) it is the project its opening lines name, whatever other projects its prose
    mentions; in a table row, the project named in that row; elsewhere the project named last before it."""

    def __init__(self, doc: Document, names: list[str]) -> None:
        clean = doc.text.clean
        self.clean = clean
        self.places: list[tuple[int, int, str]] = []
        for name in dict.fromkeys(names):
            self.places.extend((s, e, name) for s, e in _name_ends(clean, name))
        self.places.sort()
        lines = [(s, e) for s, e in _line_spans(clean) if clean[s:e].strip()]
        starts = [bisect_right(lines, (p, len(clean) + 1)) - 1 for p in project_starts(doc)]
        self.regions: list[tuple[int, int, str | None]] = []  # (start, end, the project it opens with)
        for n, i in enumerate(starts):
            end = lines[starts[n + 1]][0] if n + 1 < len(starts) else len(clean)
            head_end = lines[min(i + 1, len(lines) - 1)][1]  # a report's title line and the name line under it
            # the first project named there (of two starting together the longer)
            named = [(s, s - e, name) for s, e, name in self.places if lines[i][0] <= s and e <= head_end]
            self.regions.append((lines[i][0], end, min(named)[2] if named else None))

    def owner(self, pos: int) -> str | None:
        line_start = self.clean.rfind("\n", 0, pos) + 1
        if "\t" in self.clean[line_start:pos]:  # a table row: the project named in the row
            in_row = [p for p in self.places if line_start <= p[0] and p[1] <= pos]
            if in_row:
                return in_row[-1][2]
        region = next((r for r in reversed(self.regions) if r[0] <= pos < r[1]), None)
        if region is not None and region[2] is not None:
            return region[2]
        before = [p for p in self.places if p[1] <= pos]
        return before[-1][2] if before else None

    def before(self, pos: int, name: str) -> tuple[int, int] | None:
        hits = [(s, e) for s, e, n in self.places if n == name and e <= pos]
        return hits[-1] if hits else None


def _name_ends(text: str, name: str) -> list[tuple[int, int]]:
    """Where a project name is printed in ``text`` (quotes and spaces aside), as (start, end)."""
    folded_name = _fold(name)
    if not folded_name:
        return []
    kept = [i for i, ch in enumerate(text) if not _FOLD.fullmatch(ch)]
    folded = _fold("".join(text[i] for i in kept))
    out = []
    for m in re.finditer(re.escape(folded_name), folded):
        out.append((kept[m.start()], kept[m.end() - 1] + 1))
    return out


def _row_key(table: str, printed: str) -> str:
    """The row key a model gave, as the readers key rows: a code's digits, or the label as the template
    canonicalises it (ordinals dropped; 总计 → 收入总计/支出总计 by side, fund name variants …)."""
    key = strip_label(printed)
    if key.isdigit():
        return key
    spec = load_template().tables.get(table)
    if spec is None or spec.keys != "two_sided":
        return key
    for side in spec.sides:
        canonical = side.canonical(key)
        if canonical != key:
            return canonical
    return key


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
            TABLE_MODELS[t.kind].model_validate(
                {
                    "title": t.title,
                    "span": doc.text.span(t.start, max(t.end, t.title_end)),
                    "unit": t.unit,
                    "declared_empty": t.declared_empty,
                    "rows": list(rows.values()),
                }
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
        tables=tables,
        narrative=narrative,
        performance=list(projects.values()),
        unread=merged.unread,
    )
