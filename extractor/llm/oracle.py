"""A perfect model: answers each request from an answer key (facts JSONL, ``spec/facts.md``), never from the
rules readers, so what the pipeline emits with it is the ceiling of routing and grounding, not of reading.

``extractor sim-server --oracle PATH`` (a facts file or a folder of them) serves the answer key through the
test server (``serve.py``: same endpoints, faults and streaming). For each request the key's facts of the
requested table (``TableRows_<table>``) or section (``NarrativeFacts`` → narrative, ``PerformanceFacts`` →
performance) whose values are printed in the request's ``<chunk>`` are answered, in that response schema:
the value as its printed characters normalize (``value``) and those characters (``source``), rows and
cells in printed order, the row label / project name / context words as printed near the value. Where the
key holds several reports, the one with the most values printed in the chunk answers. A fact the schema
cannot express (a unit or key outside its vocabulary) is left out, as a model bound to the schema would.

Which printed number backs a fact — the oracle's only guess: for a table or project value, the first not
yet used after the row's code or label (the project name), else the first anywhere; for a narrative figure,
the one with most of its key's words in order just before it (收、支总计 backs both 收入总计 and 支出总计) —
for a figure on a line of figures only, the words of the line above (a converter printed the digits below their
words) — and never a percentage.
The import-linter contract "the oracle never reads" keeps this module (and everything it
imports) away from ``extractor.readers``, ``segment``, ``chunk`` and the backends.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from extractor.errors import InputError
from extractor.export import load_facts
from extractor.keys import BOTH_TOTALS, BOTH_TOTALS_PRINTED
from extractor.llm.answers import NarrativeItem, PerformanceItem, table_answer
from extractor.llm.serve import AnswerServer
from extractor.normalize import normalize_value
from extractor.schemas import TABLE_COLUMNS, Fact

_D = r"[0-9０-９]"
#: a printed number: thousands groups, a decimal part (OCR may put one space after the separator), a percent sign
_NUMBER = re.compile(rf"(?<![0-9０-９.．])[-－]?{_D}+(?:[,，] ?{_D}{{3}})*(?:[.．] ?{_D}+)?(?: ?[%％])?")
_NEAR = 40  # characters before a narrative figure in which its key's words are looked for
#: a line of figures only: a converter printed the digits (and quotation marks) below their words
_FIGURES_ONLY = re.compile(r"[\s\d.,%％“”‘’-]*\d[\s\d.,%％“”‘’-]*")
_SCHEMA_TABLE = {"NarrativeFacts": "narrative", "PerformanceFacts": "performance"}


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: Decimal

    percent: bool = False

    def source(self, text: str) -> str:
        return text[self.start : self.end]


def printed_numbers(text: str) -> list[_Number]:
    """Every number printed in ``text``, with its place and its value (the facts spec's normalization)."""
    out = []
    for m in _NUMBER.finditer(text):
        plain = normalize_value(m.group())
        if plain is not None:
            out.append(_Number(m.start(), m.end(), Decimal(plain), m.group().endswith(("%", "％"))))
    return out


def _key_pattern(key: str) -> re.Pattern[str]:
    """A row key or name as it may be printed: codes as whole numbers (a 7-digit code possibly as ``208 05 05``),
    labels with any spacing or quotes, either width of parentheses and any dash."""
    if key.isdigit():
        parts = [key[:3], key[3:5], key[5:]] if len(key) in (5, 7) else [key]
        return re.compile(r"(?<!\d)" + r"\s?".join(p for p in parts if p) + r"(?!\d)")
    chars = []
    for ch in key.split("/")[-1]:
        if ch in "()（）":
            chars.append(r"[(（]" if ch in "(（" else r"[)）]")
        elif ch in "-—–－":
            chars.append(r"[-—–－]+")
        elif not ch.isspace():
            chars.append(re.escape(ch))
    return re.compile(r"[\s\"“”‘’「」]*".join(chars))  # quotes the golden key folded away


class AnswerKey:
    """The facts of one or more reports, by document and table, answering requests as a perfect model would."""

    def __init__(self, facts: list[Fact]) -> None:
        self.facts: dict[str, dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
        for f in facts:
            self.facts[f.doc][f.table].append(f)

    @classmethod
    def load(cls, path: str | Path) -> AnswerKey:
        """The key in ``path``: a facts JSONL file, or a folder of ``*.facts.jsonl`` files."""
        facts = load_facts(path)
        if not facts:
            raise InputError(Path(path), "the answer key holds no facts")
        return cls(facts)

    @property
    def docs(self) -> list[str]:
        return sorted(self.facts)

    def answer(self, schema: str, text: str) -> dict[str, Any]:
        """The answer to a request for ``schema`` on ``text``: see the module docstring."""
        table = _SCHEMA_TABLE.get(schema) or schema.removeprefix("TableRows_")
        if table not in TABLE_COLUMNS and table not in ("narrative", "performance"):
            raise ValueError(f"the oracle does not know the schema {schema!r}")
        numbers = printed_numbers(text)
        values = {n.value for n in numbers}
        # the report the request comes from: most facts whose row (code, label or project) and value are
        # both printed in it, then most values printed
        best: list[Fact] = []
        best_rank = (0, 0)
        for doc in self.docs:
            printed = [f for f in self.facts[doc].get(table, []) if Decimal(f.value) in values]
            rows = {f.row for f in printed}
            named = {r for r in rows if table == "narrative" or _key_pattern(r).search(text)}
            rank = (sum(f.row in named for f in printed), len(printed))
            if rank > best_rank:
                best, best_rank = printed, rank
        placed = _Placer(text, numbers)
        if table == "narrative":
            return {"facts": _narrative(best, placed)}
        if table == "performance":
            return {"items": _performance(best, placed)}
        return {"rows": _rows(table, best, placed)}


class _Placer:
    """Chooses the printed number that backs each fact; one printed number backs one fact."""

    def __init__(self, text: str, numbers: list[_Number]) -> None:
        self.text = text
        self.numbers = numbers
        self.used: set[int] = set()

    def anchors(self, key: str) -> list[tuple[int, int]]:
        return [m.span() for m in _key_pattern(key).finditer(self.text)] if key else []

    def take(self, value: str, after: list[int]) -> _Number | None:
        """The first unused occurrence of ``value`` after one of the positions ``after``, else the first unused
        one anywhere, else (a number printed once may back two facts, e.g. 收、支总计) the first one."""
        want = Decimal(value)
        found = [n for n in self.numbers if n.value == want]
        unused = [n for n in found if n.start not in self.used]
        for a in after:
            for n in unused:
                if n.start >= a:
                    self.used.add(n.start)
                    return n
        first = unused[0] if unused else found[0] if found else None
        if first is not None:
            self.used.add(first.start)
        return first

    def before(self, n: _Number) -> str:
        """The words a reader takes the figure ``n`` with: what precedes it on its line — or, on a line of figures
        only (a converter printed a line's digits below its words), the line above: up to the figure's column
        where the figures line keeps columns (it is indented), else all of it."""
        start = self.text.rfind("\n", 0, n.start) + 1
        end = self.text.find("\n", n.start)
        line = self.text[start : len(self.text) if end < 0 else end]
        if start == 0 or not _FIGURES_ONLY.fullmatch(line):
            return self.text[start : n.start]
        above = self.text[self.text.rfind("\n", 0, start - 1) + 1 : start - 1]
        return above[: n.start - start] if line[:1].isspace() else above

    def right_after(self, value: str, words: re.Pattern[str]) -> _Number | None:
        """The first occurrence of ``value`` printed right after ``words`` (a pattern ending in ``$``), in its line."""
        for n in self.numbers:
            if n.value == Decimal(value) and not n.percent and words.search(self.before(n)[-_NEAR:]):
                self.used.add(n.start)
                return n
        return None

    def near_words(self, value: str, words: str) -> _Number | None:
        """The occurrence of ``value`` whose line, in the ``_NEAR`` characters before it, holds most of
        ``words`` in order (the longest common subsequence); unused before used, then the first. Never a
        percentage: no figure of the narrative vocabulary is one."""
        want = Decimal(value)
        best: tuple[float, bool, int] | None = None
        pick = None
        for n in self.numbers:
            if n.value != want or n.percent:
                continue
            window = self.before(n)[-_NEAR:]
            rank = (_lcs(words, window) / max(1, len(words)), n.start not in self.used, -n.start)
            if best is None or rank > best:
                best, pick = rank, n
        if pick is not None:
            self.used.add(pick.start)
        return pick


def _lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence of ``a`` and ``b`` (both short)."""
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _valid(model: type[BaseModel], item: dict[str, Any]) -> bool:
    try:
        model.model_validate(item)
    except ValidationError:
        return False
    return True


def _read(n: _Number, text: str) -> dict[str, str]:
    source = n.source(text)
    return {"value": normalize_value(source) or "", "source": source}


def _rows(table: str, facts: list[Fact], placed: _Placer) -> list[dict[str, Any]]:
    model = table_answer(table)
    order = {c: i for i, c in enumerate(TABLE_COLUMNS[table])}
    by_row: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_row[f.row].append(f)
    rows = []
    for key, row_facts in by_row.items():
        anchors = placed.anchors(key)
        cells = []
        for f in sorted(row_facts, key=lambda f: order.get(f.col, len(order))):
            n = placed.take(f.value, [e for _, e in anchors])
            if n is not None:
                cells.append((n, {"col": f.col, **_read(n, placed.text)}))
        if not cells:
            continue
        cells.sort(key=lambda c: c[0].start)
        row = {"key": key, "label": _label(placed.text, key, anchors, cells[0][0]), "cells": [c for _, c in cells]}
        if _valid(model, {"rows": [row]}):
            rows.append((cells[0][0].start, row))
    return [r for _, r in sorted(rows, key=lambda r: r[0])]


def _label(text: str, key: str, anchors: list[tuple[int, int]], first: _Number) -> str:
    """The row label as printed: the label itself, or for a code the words between it and its first value."""
    before = [a for a in anchors if a[1] <= first.start]
    if not before:
        return "" if key.isdigit() else key
    s, e = before[-1]
    if not key.isdigit():
        return text[s:e]
    between = text[e : first.start]
    return " ".join(between.split()) if "\n" not in between else ""


def _narrative(facts: list[Fact], placed: _Placer) -> list[dict[str, Any]]:
    out = []
    for f in facts:
        # a printed 收、支总计 states 收入总计 and 支出总计 alike (the prompt says so): that figure, if printed
        n = placed.right_after(f.value, BOTH_TOTALS_PRINTED) if f.row in BOTH_TOTALS else None
        n = n or placed.near_words(f.value, f.row)
        if n is None:
            continue
        context = placed.before(n)[-8:]
        item = {"key": f.row, **_read(n, placed.text), "unit": f.unit, "context": context}
        if _valid(NarrativeItem, item):
            out.append((n.start, item))
    return [i for _, i in sorted(out, key=lambda i: i[0])]


def _performance(facts: list[Fact], placed: _Placer) -> list[dict[str, Any]]:
    """A project's figures as a careful model reads them: printed after the project's name, nearest it, and
    before another project is named (inside a project's own report, under its name printed as the subtitle,
    another project's name is a mention) — or, for a value no other project in the key has, in the same line as
    the name (a figure elsewhere in the request is another project's, or no project's)."""
    # by where each printed name ends; of two ending together the longer (the one holding the other) last
    names = sorted({(e, e - s, row) for row in {f.row for f in facts} for s, e in placed.anchors(row)})
    heads = [(e, row) for e, width, row in names if _heading(placed.text, e - width, e)]
    owners: dict[Decimal, set[str]] = defaultdict(set)
    for f in facts:
        owners[Decimal(f.value)].add(f.row)
    out = []
    order = {c: i for i, c in enumerate(("预算数", "执行数", "执行率", "自评得分"))}
    for f in sorted(facts, key=lambda f: (f.row, order.get(f.col, 9))):
        n = _owned(placed, f, names, heads, len(owners[Decimal(f.value)]) == 1)
        if n is None:
            continue
        item = {"project": f.row, "col": f.col, **_read(n, placed.text)}
        if _valid(PerformanceItem, item):
            out.append((n.start, item))
    return [i for _, i in sorted(out, key=lambda i: i[0])]


#: what follows a count or a target, not an amount, rate or score (10个, 20余位, ≥10个)
_COUNT = re.compile(r"\s*(?:余|多)?\s*[个人次项家条件所名份场批辆位篇期]")


#: what may stand beside a project's name on a line of its own: its report's subtitle （“科创会”专项经费）
_HEADING_REST = re.compile(r"[\s()（）\"“”‘’「」]*")


def _heading(text: str, s: int, e: int) -> bool:
    """Whether the name printed at ``text[s:e]`` stands on a line of its own (brackets and quotes aside): the
    subtitle that opens the project's own report, whose figures are all that project's."""
    start = text.rfind("\n", 0, s) + 1
    end = text.find("\n", e)
    end = len(text) if end < 0 else end
    return bool(_HEADING_REST.fullmatch(text[start:s]) and _HEADING_REST.fullmatch(text[e:end]))


def _owned(
    placed: _Placer, f: Fact, names: list[tuple[int, int, str]], heads: list[tuple[int, str]], unique: bool
) -> _Number | None:
    """The unused printing of ``f``'s value that backs it (see ``_performance``)."""
    want = Decimal(f.value)
    best: tuple[int, _Number] | None = None
    for n in placed.numbers:
        if n.value != want or n.start in placed.used or _COUNT.match(placed.text, n.end):
            continue
        before = [(end, row) for end, _, row in names if end <= n.start]
        own = [end for end, row in before if row == f.row]
        if not own:
            continue
        # another project named in between: still this one's if no other project has the value and it is
        # printed in the same line as its name (“科创会”专项经费106万元，其中 …天府科技云… 当年支出76.78万元)
        # inside the project's own report (its name as the subtitle above) other projects' names are mentions
        in_report = [row for end, row in heads if end <= n.start][-1:] == [f.row]
        if before[-1][1] != f.row and not in_report and not (unique and "\n" not in placed.text[own[-1] : n.start]):
            continue
        if best is None or n.start - own[-1] < best[0]:
            best = (n.start - own[-1], n)
    if best is None:
        return None
    placed.used.add(best[1].start)
    return best[1]


def oracle_server(path: str | Path, **options: Any) -> AnswerServer:
    """The test server answering from the answer key in ``path`` (see ``AnswerKey.load``); options as
    ``AnswerServer``'s (``port``, ``host``, ``faults``, ``verbose``, ``latency``)."""
    return AnswerServer(AnswerKey.load(path).answer, **options)


__all__ = ["AnswerKey", "oracle_server", "printed_numbers"]
