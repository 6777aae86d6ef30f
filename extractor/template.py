"""The report template, described once: the nine standard tables as data (``data/template.toml``).

Finding a table (``match_title``), mapping its header (``TableSpec.column_for``), keying its rows and placing its
numbers (the identities) are all driven by these descriptions, so a report that names or orders its columns
differently, or another region's template, is new data rather than new parsing code.

    load() -> Template(tables: {id: TableSpec}, other_titles)
    match_title(line) -> TitleMatch | None        by similarity, so one OCR-garbled character still matches
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from rapidfuzz.distance import Levenshtein

from extractor.keys import CN_DIGITS, differing, key_text

Keys = Literal["code", "econ_code", "two_sided", "item"]


@dataclass(frozen=True)
class ColumnSpec:
    """One value column: its facts key and the header pattern that names it."""

    key: str
    pattern: re.Pattern[str]
    spec: bool = True  # False: known to the template, but the facts spec has no such column

    def matches(self, header: str) -> bool:
        return bool(self.pattern.search(key_text(header)))


@dataclass(frozen=True)
class SideSpec:
    """One side of a two-sided table (or the only side of the others)."""

    name: str
    columns: tuple[ColumnSpec, ...]
    labels: re.Pattern[str] | None = None  # what this side's row labels look like
    aliases: tuple[tuple[re.Pattern[str], str], ...] = ()
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    vocabulary: tuple[str, ...] = ()  # the row keys this side prints in the template (others may occur)

    def canonical(self, label: str) -> str:
        """The row key of a (prefix-stripped) label: its alias, or itself."""
        for pattern, key in self.aliases:
            if pattern.search(label):
                return key
        return label

    def nearest(self, key: str) -> str:
        """A key OCR garbled (``般公共预算财政拨款``, ``年初财政拨坎结转和结余``) as the one vocabulary key within a
        character for every four printed; the key itself when it is one, or near none or several."""
        return nearest(key, self.vocabulary)

    def merged(self, key: str) -> bool:
        """Whether ``key`` is two of the vocabulary's keys run together (two rows' labels on one line)."""
        hits = [v for v in self.vocabulary if len(v) >= 4 and v in key]
        return any(a != b and a not in b and b not in a for a in hits for b in hits)


@dataclass(frozen=True)
class Term:
    sign: int
    row: str  # a row key, "*" (every row), or "sum(above)"
    col: str  # a column key or "*" (every value column)


@dataclass(frozen=True)
class Identity:
    """``lhs = Σ sign·term``; ``tree`` is the code hierarchy (parent = Σ children, 合计 = Σ top-level)."""

    text: str
    lhs: Term | None = None
    terms: tuple[Term, ...] = ()

    @property
    def tree(self) -> bool:
        return self.lhs is None


@dataclass(frozen=True)
class TableSpec:
    id: str
    number: int
    titles: tuple[str, ...]
    keys: Keys
    sides: tuple[SideSpec, ...]
    identities: tuple[Identity, ...]
    items: tuple[ColumnSpec, ...] = ()  # three_public's row vocabulary
    totals: tuple[str, ...] = ()  # labelled total rows of an econ_code table

    @property
    def columns(self) -> tuple[ColumnSpec, ...]:
        """The value columns of a one-sided table (the first side's)."""
        return self.sides[0].columns

    def column_keys(self, spec_only: bool = True) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.key for s in self.sides for c in s.columns if c.spec or not spec_only))

    def column_for(self, header: str, side: int = 0) -> ColumnSpec | None:
        """The column a header cell names (first match in template order), or None."""
        text = key_text(header)
        if not text:
            return None
        return next((c for c in self.sides[side].columns if c.matches(text)), None)

    def item_for(self, label: str) -> str | None:
        """三公: the item a label or header cell names."""
        text = key_text(label)
        return next((i.key for i in self.items if i.pattern.search(text)), None) if text else None


@dataclass(frozen=True)
class Template:
    tables: dict[str, TableSpec]
    other_titles: tuple[str, ...]

    def __getitem__(self, table_id: str) -> TableSpec:
        return self.tables[table_id]


def _columns(raw: list[list[object]]) -> tuple[ColumnSpec, ...]:
    return tuple(
        ColumnSpec(key=str(c[0]), pattern=re.compile(str(c[1])), spec=bool(c[2]) if len(c) > 2 else True) for c in raw
    )


def _term(text: str, sign: int = 1) -> Term:
    text = text.strip()
    if text == "sum(above)":
        return Term(sign, "sum(above)", "")
    row, _, col = text.rpartition("/")
    return Term(sign, row, col)


def parse_identity(text: str) -> Identity:
    """``"R/C = R/C + R/C - R/C"`` (rows may contain ``/``: the column is after the last one), or ``tree``."""
    if text.strip() == "tree":
        return Identity(text="tree")
    left, _, right = text.partition("=")
    lhs = _term(left)
    if "sum(above)" in right:
        return Identity(text=text, lhs=lhs, terms=(_term("sum(above)"),))
    terms: list[Term] = []
    # split on +/- that separate terms: a term's row never starts with +/-
    for m in re.finditer(r"(^|[+-])\s*([^+\-]+)", right.strip()):
        sign = -1 if m.group(1) == "-" else 1
        terms.append(_term(m.group(2), sign))
    return Identity(text=text, lhs=lhs, terms=tuple(terms))


def _side(raw: dict[str, object], columns: tuple[ColumnSpec, ...] | None = None) -> SideSpec:
    labels = raw.get("labels")
    groups = raw.get("groups") or {}
    return SideSpec(
        name=str(raw.get("name", "")),
        columns=columns if columns is not None else _columns(raw["columns"]),  # type: ignore[arg-type]
        labels=re.compile(str(labels)) if labels else None,
        aliases=tuple((re.compile(str(a)), str(k)) for a, k in raw.get("aliases", [])),  # type: ignore[attr-defined]
        groups={str(k): tuple(v) for k, v in groups.items()},  # type: ignore[attr-defined]
        vocabulary=tuple(str(v) for v in raw.get("vocabulary", [])),  # type: ignore[attr-defined]
    )


def _table(raw: dict[str, object]) -> TableSpec:
    keys = str(raw["keys"])
    if keys not in ("code", "econ_code", "two_sided", "item"):
        raise ValueError(f"template: table {raw.get('id')!r} has unknown keys {keys!r}")
    if keys == "two_sided":
        sides = tuple(_side(s) for s in raw["side"])  # type: ignore[attr-defined]
    else:
        sides = (_side({"name": ""}, _columns(raw["columns"])),)  # type: ignore[arg-type]
    return TableSpec(
        id=str(raw["id"]),
        number=int(raw["number"]),  # type: ignore[call-overload]
        titles=tuple(key_text(t) for t in raw["titles"]),  # type: ignore[attr-defined]
        keys=keys,  # type: ignore[arg-type]
        sides=sides,
        identities=tuple(parse_identity(i) for i in raw.get("identities", [])),  # type: ignore[attr-defined]
        items=_columns(raw.get("items", [])),  # type: ignore[arg-type]
        totals=tuple(raw.get("totals", [])),  # type: ignore[arg-type]
    )


@cache
def load() -> Template:
    """The shipped template (cached)."""
    data = tomllib.loads(resources.files("extractor").joinpath("data/template.toml").read_text(encoding="utf-8"))
    tables = {t.id: t for t in (_table(raw) for raw in data["table"])}
    other = tuple(key_text(t) for t in data.get("other", {}).get("titles", []))
    return Template(tables=tables, other_titles=other)


# ---------------------------------------------------------------------------------------------
# Titles


@dataclass(frozen=True)
class TitleMatch:
    table: str | None  # a standard table id, or None for a known other table
    title: str  # the variant it matched
    distance: int  # characters that differ (0 = exact)
    ordinal: bool  # the line had an ordinal prefix (一、…): a table of contents entry, usually


_TITLE_NOISE = re.compile(r"[\s\"'“”‘’「」『』?？]")  # ?: a quote tesseract could not read
_SUFFIX = re.compile(r"[(（]?公开\d{1,2}表[)）]?$|(?<=表)[(（][^()（）]{1,16}[)）]$")  # (公开01表), (按经济分类科目)
#: an appendix or table number before a title: 附表1： / 附件2 / 表一 / 表1-1
_TABLE_NUMBER = re.compile(r"^(?:附表|附件|表)[\d一二三四五六七八九十]+(?:[-－]\d+)?[：:、.．]?")
#: the ordinal a list entry or table of contents puts before a title: 一、 / 1. / 12、
ORDINAL_PREFIX = re.compile(rf"^(?:[{CN_DIGITS}]{{1,3}}|\d{{1,2}})[、.．]")
_YEAR = r"(?:\d{4}年度?)"
# What may precede a title on its line: a department-like name and/or a year (``2023年度朝阳市科学技术局部门``).
_DEPT_END = r"(?:委员会|办公室|政府|集团|公司|协会|联合会|中心|监狱|[局厅委办部院所站队会处馆校社署团室台])"
_DEPT_NAME = rf"[\u4e00-\u9fff()·]{{1,36}}{_DEPT_END}"
_PREFIX = re.compile(rf"{_YEAR}?(?:{_DEPT_NAME})?{_YEAR}?(?:部门|单位)?(?:本级)?{_YEAR}?(?:部门|单位)?")
MAX_TITLE = 70
_MAX_PREFIX = 40


#: characters OCR prints for a title's character they resemble and no title holds: tesseract reads 支 as 文
#: (``文出决算表`` for 支出决算表 — seed 000 on draw F, seeds 002, 003 and czj on draw G — which a short title's
#: exact match lost, the table's rows read as the table above's)
_TITLE_GLYPHS = str.maketrans({"文": "支"})


def title_key(line: str) -> tuple[str, bool]:
    """(folded title text, had an ordinal prefix): spaces and quotes removed, (公开NN表) dropped, look-alike
    characters no title holds read as the title's (``_TITLE_GLYPHS``)."""
    key = key_text(_TITLE_NOISE.sub("", line)).lstrip("-•·*>").translate(_TITLE_GLYPHS)
    key = _TABLE_NUMBER.sub("", _SUFFIX.sub("", key))
    ordinal = bool(ORDINAL_PREFIX.match(key))
    return ORDINAL_PREFIX.sub("", key), ordinal


def _allowed(length: int) -> int:
    """Characters a title may have misread (OCR) and still match: none in a short title (收入决算表 and
    支出决算表 differ in one), one, two for long titles."""
    return 0 if length < 7 else 1 if length < 14 else 2


_LONG_TITLE = 14  # characters of a title that may be read with characters too many


@lru_cache(maxsize=4096)
def match_title(line: str, number: int | None = None) -> TitleMatch | None:
    """The standard (or known other) table a line titles, by similarity to the template's variants.

    The whole line must be the title, or end with it after a plausible prefix (a department name and/or a
    year). A variant matches when at most ``_allowed`` characters differ at the same positions (OCR
    substitutes characters; it rarely drops them in a short title). Of several matches the closest wins, then
    the longest — so ``…财政拨款收入支出决算总表`` is never 收入支出决算总表 behind a prefix; an equally close
    second candidate makes the line ambiguous (no match).

    ``number``: the line is followed by a ``公开NN表`` marker with this number — independent evidence of which
    table it titles. Then only that table's variants are compared, by edit distance, and one more character
    may differ, the final 表 included (``收入决算和`` over ``公开02表``; ``…基本支出决算和表``, a character too
    many): OCR damage the marker vouches for.

    Cached (a pure function of the line and the template; ``TitleMatch`` is frozen): segmentation asks about the
    same lines again — each title line, then the lines below it while looking for its body (``_has_body``) — and a
    report's titles, headers and table-of-contents entries repeat from report to report.
    """
    if number is not None:
        return _marked_title(line, number)
    if "\t" in line:
        return None
    if "表" not in line:  # every title ends with 表: most lines are rejected here, cheaply
        return None
    key, ordinal = title_key(line)
    if not key or len(key) > MAX_TITLE or not key.endswith("表"):
        return None
    candidates: list[tuple[int, int, str | None, str]] = []
    for table_id, variant in _title_variants():
        n = len(variant)
        # a long title may also have characters too many (``一般公共和预算…决算和表``: tesseract reads a gap so)
        for size in range(n, n + (_allowed(n) if n >= _LONG_TITLE else 0) + 1):
            if size > len(key):
                break
            tail, head = key[-size:], key[:-size]
            if len(head) > _MAX_PREFIX or tail[-1] != variant[-1] or (head and not _PREFIX.fullmatch(head)):
                continue  # (the cheap tests first: the edit distance is run for every title variant)
            if size > n and sum(ch not in tail for ch in variant) > _allowed(n):
                continue  # each character of the title the line lacks costs an edit
            d = differing(tail, variant) if size == n else edits(tail, variant)
            if d <= _allowed(n):
                candidates.append((d, -n, table_id, variant))
    if not candidates:
        return _headless(key, ordinal)
    candidates.sort(key=lambda c: (c[0], c[1]))
    best = candidates[0]
    rivals = [c for c in candidates[1:] if c[0] == best[0] and c[2] != best[2] and not best[3].endswith(c[3])]
    if best[0] > 0 and rivals:
        return None
    return TitleMatch(table=best[2], title=best[3], distance=best[0], ordinal=ordinal)


#: (template's character, line's character) pairs that make another real word, not a misread: 预算 for 决算 is a
#: budget report's table
_REAL_WORDS = frozenset({("决", "预")})


@lru_cache(maxsize=1024)
def near_title(line: str) -> str | None:
    """The standard table a whole line would title with one character more misread than ``match_title`` allows —
    only a candidate, which the header below must confirm (``segment._kind_by_header``): tesseract reads ghzy's
    ``收入决算表`` as ``收入雇算表`` (draws Z and AH), and a short title allows no misread (收入决算表 and 支出决算表
    are two characters apart). The line is the title alone (no prefix, no ordinal), of a title's length; no other
    table's title is within one more character of it; a misread that makes a real word (预 for 决) is none."""
    if "表" not in line:  # (asked of every line no title matched: most leave here, cheaply)
        return None
    key, ordinal = title_key(line)
    if ordinal or not key.endswith("表") or len(key) > MAX_TITLE:
        return None
    cost: dict[str | None, int] = {}
    for table_id, variant in _title_variants():
        if len(variant) == len(key) and variant != key:
            pairs = [(a, b) for a, b in zip(variant, key, strict=True) if a != b]
            if not _REAL_WORDS.intersection(pairs):
                cost[table_id] = min(cost.get(table_id, len(key)), len(pairs))
    ranked = sorted(cost.items(), key=lambda c: c[1])
    if not ranked or ranked[0][0] is None or ranked[0][1] != _allowed(len(key)) + 1:
        return None
    return ranked[0][0] if len(ranked) == 1 or ranked[1][1] > ranked[0][1] + 1 else None


@lru_cache(maxsize=1024)
def garbled_titles(line: str) -> tuple[str, ...]:
    """The standard tables a whole long line (``_LONG_TITLE`` characters or more, ending 表, no ordinal) may title
    with one edit more than ``match_title`` allows — characters lost and added as well as misread — the closest
    first: only candidates, of which the header below must confirm exactly one (``segment._kind_by_header``).
    tesseract prints ghzy's 一般公共预算财政拨款支出决算表 at 300 dpi as ``一般公   预算财政拨录    次支出 决算表``
    (共 lost, 款 misread, 次 added): three edits, as far from table 06's title as from table 05's but for one —
    the header (功能分类, 基本支出, 项目支出) and its first row (a function code) say which."""
    if "表" not in line:
        return ()
    key, ordinal = title_key(line)
    if ordinal or len(key) < _LONG_TITLE or len(key) > MAX_TITLE or not key.endswith("表") or match_title(line):
        return ()
    cost: dict[str, int] = {}
    for table_id, variant in _title_variants():
        if table_id is None or abs(len(variant) - len(key)) > _allowed(len(variant)) + 1:
            continue
        d = edits(key, variant)
        if d <= _allowed(len(variant)) + 1:
            cost[table_id] = min(cost.get(table_id, d), d)
    return tuple(sorted(cost, key=lambda t: cost[t]))


@cache
def _title_variants() -> tuple[tuple[str | None, str], ...]:
    """Every title variant of the template, with its table's id (None: a known other table)."""
    tpl = load()
    return (*((t.id, v) for t in tpl.tables.values() for v in t.titles), *((None, v) for v in tpl.other_titles))


_MIN_HEADLESS = 9  # characters a title missing its head must keep: 支出决算表 alone names nothing
_MAX_LOST = 2  # leading characters a title may lose: 财政拨款支出决算明细表 is a table of its own, not 一般公共预算…
# (or one for every four kept: ``共预算财政拨款基本支出决算表``, 一般公 lost — tesseract, seed 000 draw G light and
# seed 003 draw F heavy ``共预算财政拨款"三公"经费支出决算表``)


def _headless(key: str, ordinal: bool) -> TitleMatch | None:
    """The table a whole line titles that lost its first character or two: ``般公共预算财政拨款支出决算表`` (the
    thin stroke of 一 is what noise erases first; tesseract may print it ``-`` or a quote). The line must be the
    tail of one table's title, at most ``_allowed`` of its characters misread, and no other table's title may end
    within one more character of it: ``预算财政拨款支出决算表`` ends three tables' titles and names none."""
    part = _partial(key, head_lost=True)
    if part is None:
        return None
    table_id, variant, d = part
    return TitleMatch(table=table_id, title=variant, distance=d + len(variant) - len(key), ordinal=ordinal)


@lru_cache(maxsize=1024)
def cut_title(line: str) -> str | None:
    """The standard table a whole line would title had OCR not lost its last characters — only a candidate,
    which the lines below must confirm (``segment._kind_by_header``): tesseract prints czj's 一般公共预算财政拨款
    支出决算表 as ``一般公共预算财政拨款支出决`` at 240 dpi, where a title's end runs into the page's ruling.
    The line is the head of one table's title (no ordinal: a table of contents' entry; no 表: a whole title is
    ``match_title``'s), as ``_headless`` takes a tail, and keeps the title's 决 (every title's 决算): a line that
    lost all of that names an amount, not a table (seed 004's chart caption ``一般公共预算财政拨款支出`` over its
    figures). A heading of the 情况说明 wrapped after 决算 is such a head too, which is why the lines below
    decide."""
    if "表" in line or "决" not in line:
        return None
    key, ordinal = title_key(line)
    part = None if ordinal or len(key) > MAX_TITLE else _partial(key, head_lost=False)
    return part[0] if part is not None else None


def _partial(key: str, head_lost: bool) -> tuple[str | None, str, int] | None:
    """(table, variant, characters misread) of the one table whose title ``key`` is with its first characters
    (``head_lost``) or its last lost — at most ``_MAX_LOST``, or one for every four kept; the character at the
    kept end must be the title's own, at most ``_allowed`` others misread, and no other table's title within one
    more character of it."""
    if len(key) < _MIN_HEADLESS:
        return None
    size, edge = len(key), -1 if head_lost else 0
    cost: dict[str | None, tuple[int, str]] = {}
    for table_id, variant in _title_variants():
        kept = variant[-size:] if head_lost else variant[:size]
        if not 0 < len(variant) - size <= max(_MAX_LOST, size // 4) or kept[edge] != key[edge]:
            continue
        d = differing(key, kept)
        if table_id not in cost or d < cost[table_id][0]:
            cost[table_id] = (d, variant)
    ranked = sorted(cost.items(), key=lambda c: c[1][0])
    if not ranked or ranked[0][1][0] > _allowed(size):
        return None
    if len(ranked) > 1 and ranked[1][1][0] <= ranked[0][1][0] + 1:
        return None
    table_id, (d, variant) = ranked[0]
    return table_id, variant, d


def _marked_title(line: str, number: int) -> TitleMatch | None:
    """``match_title`` for a line over a ``公开NN表`` marker: the closest variant of table ``number`` by edit
    distance, at most one character more than ``_allowed`` apart, behind a plausible prefix."""
    key, ordinal = title_key(line)
    if not key or len(key) > MAX_TITLE or "\t" in line:
        return None
    best: tuple[int, str, str] | None = None
    for spec in load().tables.values():
        if spec.number != number:
            continue
        for variant in spec.titles:
            n = len(variant)
            for size in range(max(1, n - 2), min(len(key), n + 2) + 1):
                head, tail = key[:-size], key[-size:]
                d = edits(tail, variant)
                if d > _allowed(n) + 1 or len(head) > _MAX_PREFIX or (head and not _PREFIX.fullmatch(head)):
                    continue
                if best is None or d < best[0]:
                    best = (d, spec.id, variant)
    if best is None:
        return None
    return TitleMatch(table=best[1], title=best[2], distance=best[0], ordinal=ordinal)


def nearest(label: str, names: Collection[str]) -> str:
    """The one of ``names`` a label OCR garbled is within a character for every four printed (the name's length
    and its edit distance both); the label itself when it is one of them, or near none or several."""
    if not label or label in names:
        return label
    near = {n for n in names if abs(len(label) - len(n)) <= len(n) // 4 and edits(label, n) <= len(n) // 4}
    return near.pop() if len(near) == 1 else label


def edits(a: str, b: str) -> int:
    """Levenshtein distance (OCR drops and adds characters as well as substituting them); rapidfuzz's, in C++:
    titles, labels and codes are compared a few thousand times per report."""
    return Levenshtein.distance(a, b)
