"""The shipped code dictionaries — 支出功能分类 and 部门预算支出经济分类 — and how a printed name is compared
with a code's official name.

Shared below the readers and the checks: the checks judge printed codes and names against them
(``checks/dictionary.py``), and the stream table reader repairs a row code OCR misread when the row's printed
name and the table's code hierarchy agree on one dictionary code (``readers/tables.py``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from extractor.template import edits

#: shortest printed prefix accepted as a truncated name
MIN_PREFIX = 4
#: whole-name variants printed for the same heading, after normalisation
_VARIANTS = (("卫生与健康", "卫生健康"),)
_LEVEL_SUFFIX = re.compile(r"\((类|款|项)\)$")


@dataclass(frozen=True)
class Entry:
    """One code of a classification: its official name and what is known of its history."""

    code: str
    name: str
    since: int | None = None
    until: int | None = None
    former: tuple[tuple[str, int], ...] = ()
    aliases: tuple[str, ...] = ()
    note: str | None = None

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.since is None or year >= self.since) and (self.until is None or year <= self.until)


@dataclass(frozen=True)
class CodeBook:
    """A classification as shipped: its header (source, coverage) and its entries by code."""

    meta: dict[str, object]
    entries: dict[str, Entry] = field(default_factory=dict)

    def get(self, code: str) -> Entry | None:
        return self.entries.get(code)

    def __contains__(self, code: str) -> bool:
        return code in self.entries

    def __len__(self) -> int:
        return len(self.entries)


@cache
def codebook(kind: str) -> CodeBook:
    """The shipped dictionary ``kind`` (``"function"`` or ``"economic"``), loaded once."""
    raw = json.loads(resources.files("extractor").joinpath(f"data/{kind}_codes.json").read_text(encoding="utf-8"))
    entries = {
        code: Entry(
            code=code,
            name=e["name"],
            since=e.get("from"),
            until=e.get("until"),
            former=tuple((f["name"], f["until"]) for f in e.get("former", ())),
            aliases=tuple(e.get("aliases", ())),
            note=e.get("note"),
        )
        for code, e in raw["codes"].items()
    }
    return CodeBook(raw["_meta"], entries)


#: the lengths of a classification's codes: 类, 款 (and 项 for 功能分类)
CODE_LENGTHS: dict[str, tuple[int, ...]] = {"function": (3, 5, 7), "economic": (3, 5)}


def is_code(text: str) -> bool:
    """Whether ``text`` is a code of either shipped classification (功能分类 or 经济分类)."""
    return text in codebook("function") or text in codebook("economic")


@lru_cache(maxsize=8192)
def normalize_name(name: str) -> str:
    """A name as compared: NFKC (full-width → half-width), no spaces, no ``(类)`` suffix, known variants (cached:
    the readers and checks compare the same printed names with many codes)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    s = _LEVEL_SUFFIX.sub("", s)
    for variant, canonical in _VARIANTS:
        s = s.replace(variant, canonical)
    return s


@lru_cache(maxsize=16384)
def same_name(printed: str, official: str) -> bool:
    """Whether ``printed`` is ``official`` as reports print it (exactly, without 支出, or truncated)."""
    p, o = normalize_name(printed), normalize_name(official)
    if not p:
        return True
    if p == o or p.removesuffix("支出") == o.removesuffix("支出"):
        return True
    return len(p) >= MIN_PREFIX and o.startswith(p)


def name_problem(entry: Entry, printed: str, year: int | None) -> tuple[str, dict[str, str]] | None:
    """``None`` when ``printed`` names ``entry`` in ``year``, else why it does not: a message template of the
    checks' catalogue (``former_name`` or ``wrong_name``) and its parameters."""
    if same_name(printed, entry.name) or any(same_name(printed, a) for a in entry.aliases):
        return None
    for old, until in entry.former:
        if same_name(printed, old):
            if year is None or year <= until:
                return None
            return "former_name", {"printed": printed, "until": str(until), "since": str(until + 1),
                                   "official": entry.name}  # fmt: skip
    return "wrong_name", {"printed": printed, "official": entry.name}


def misnamed(kind: str, printed: str, keep: Callable[[str], bool]) -> set[str]:
    """The codes of dictionary ``kind`` that ``keep`` accepts whose official name ``printed`` is with one
    character misread (as long, one edit apart: ``住房改革文出``, ``公务员医疗补肋缴费``) — what a name a heavy scan
    garbled by a character may be; the caller decides how many may answer."""
    return {
        c
        for c, e in codebook(kind).entries.items()
        if len(e.name) == len(printed) and keep(c) and edits(printed, e.name) == 1
    }


@cache
def named(kind: str, printed: str) -> tuple[Entry, ...]:
    """The codes of dictionary ``kind`` whose official name (or a listed variant) ``printed`` is (cached)."""
    book = codebook(kind)
    return tuple(
        e for e in book.entries.values() if same_name(printed, e.name) or any(same_name(printed, a) for a in e.aliases)
    )
