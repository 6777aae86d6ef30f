"""The check kernel: a registered check is a function from a ``Context`` to flags.

A ``Context`` indexes one extraction's facts by ``(table, row, col)`` and knows the rounding rule; the
helpers here (``Context.sum_flag``, ``Context.equal_flag``) turn an identity into a flag with evidence,
so a check module is mostly a list of identities.

Rounding rule (尾差): every printed figure is rounded to the cent, so a sum of ``n ≥ 2`` printed terms
may differ from the printed total by at most half a cent per term plus half a cent for the total
(``tolerance``); differences that large are rare, and a difference within three standard deviations of
that rounding noise (``likely``, at least one cent) is an ``info`` flag. Between the two it is a
``warning``; beyond ``tolerance`` an ``error``. A "sum" of one non-zero term, like the same quantity
printed in two places, must agree exactly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal

from extractor.schemas import Extraction, Fact
from extractor.schemas.flags import Flag, FlagFact, Severity

CENT = Decimal("0.01")
Key = tuple[str, str, str]


@dataclass(frozen=True)
class CheckConfig:
    """Tolerances, explicit and overridable (``extractor check --rounding 0.005``)."""

    rounding_per_term: Decimal = Decimal("0.005")
    #: relative tolerance for percentages recomputed from rounded parts, in percentage points
    percent_points: Decimal = Decimal("0.1")
    disabled: frozenset[str] = frozenset()

    def tolerance(self, terms: int) -> Decimal:
        """Largest difference rounding can explain for a sum of ``terms`` printed terms.

        A "sum" of one term is the same quantity printed twice: rounding cannot make the two differ.
        """
        if terms <= 1:
            return Decimal(0)
        return (self.rounding_per_term * (terms + 1)).quantize(CENT, rounding=ROUND_UP)

    def likely(self, terms: int) -> Decimal:
        """The difference rounding usually explains: three standard deviations of ``terms + 1`` uniform
        rounding errors of ± ``rounding_per_term`` (at least one cent, never above ``tolerance``)."""
        if terms <= 1:
            return Decimal(0)
        sigma = self.rounding_per_term * 2 / Decimal(12).sqrt() * Decimal(terms + 1).sqrt()
        return min(max(CENT, (3 * sigma).quantize(CENT, rounding=ROUND_UP)), self.tolerance(terms))

    def grade(self, diff: Decimal, terms: int, exact: bool = False) -> Severity | None:
        """How serious a difference between a printed figure and what its parts say it should be is.

        ``None`` for no difference; ``info`` (尾差) within what rounding usually explains; ``warning``
        when rounding could explain it only in the extreme case; ``error`` beyond any rounding.
        """
        diff = abs(diff)
        if diff == 0:
            return None
        if exact or diff > self.tolerance(terms):
            return "error"
        return "info" if diff <= self.likely(terms) else "warning"


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: id, family, what it checks, its severity and tolerance in words."""

    id: str
    family: str
    description: str
    severity: Severity
    tolerance: str
    fn: Callable[[Context], Iterable[Flag]] = field(compare=False, repr=False)


class Context:
    """One extraction's facts, indexed, plus the source text for checks that read wording."""

    def __init__(self, extraction: Extraction, text: str | None = None, config: CheckConfig | None = None) -> None:
        self.extraction = extraction
        self.doc = extraction.doc
        self.text = text
        self.config = config or CheckConfig()
        self.facts: dict[Key, Fact] = {}
        self._rows: dict[str, list[str]] = {}
        for f in extraction.to_facts():
            self.facts.setdefault((f.table, f.row, f.col), f)
            rows = self._rows.setdefault(f.table, [])
            if f.row not in rows:
                rows.append(f.row)
        self.check_id = ""
        self._cols: dict[tuple[str, str | None], list[str]] | None = None
        #: (table, row) — row None for a whole table — holding printed numbers that could not be read
        self.unknown: set[tuple[str, str | None]] = {
            (u.table, u.row) for u in extraction.unread if u.kind == "unread" and u.table
        }

    # -- lookups ---------------------------------------------------------------------------------
    def get(self, table: str, row: str, col: str) -> Fact | None:
        return self.facts.get((table, row, col))

    def value(self, table: str, row: str, col: str) -> Decimal | None:
        f = self.get(table, row, col)
        return None if f is None else Decimal(f.value)

    def rows(self, table: str) -> list[str]:
        return list(self._rows.get(table, []))

    def cols(self, table: str, row: str | None = None) -> list[str]:
        if self._cols is None:  # indexed once: checks ask for every row of every table
            self._cols = {}
            for t, r, c in self.facts:
                for key in ((t, None), (t, r)):
                    cols = self._cols.setdefault(key, [])
                    if c not in cols:
                        cols.append(c)
        return list(self._cols.get((table, row), []))

    def has_table(self, table: str) -> bool:
        return any(t.table == table for t in self.extraction.tables)

    # -- flag builders ---------------------------------------------------------------------------
    def flag(
        self,
        severity: Severity,
        message: str,
        keys: Sequence[Key],
        expected: Decimal | None = None,
        found: Decimal | None = None,
        check: str | None = None,
    ) -> Flag:
        """A flag naming every fact involved (absent ones with no value) and a stable id."""
        check = check or self.check_id
        facts = [self._flag_fact(k) for k in keys]
        digest = hashlib.sha1("|".join([self.doc, check, *("/".join(k) for k in keys)]).encode()).hexdigest()[:12]
        diff = None if expected is None or found is None else _plain(found - expected)
        return Flag(
            id=f"{check}:{digest}",
            doc=self.doc,
            check=check,
            severity=severity,
            message=message,
            facts=facts,
            expected=None if expected is None else _plain(expected),
            found=None if found is None else _plain(found),
            difference=diff,
        )

    def _flag_fact(self, key: Key) -> FlagFact:
        f = self.facts.get(key)
        return FlagFact(table=key[0], row=key[1], col=key[2], value=f.value if f else None, span=f.span if f else None)

    def sum_flag(
        self, total: Key, parts: Sequence[Key], what: str, exact: bool = False, terms: int | None = None
    ) -> Flag | None:
        """Check ``total = Σ parts`` (blank cells count as 0); ``None`` when it holds exactly.

        ``exact`` (for identities between the same printed quantities) allows no rounding difference;
        ``terms`` overrides the number of rounded terms behind the sum (when the parts are subtotals
        themselves, their leaves count).
        """
        present = [k for k in parts if k in self.facts]
        if total not in self.facts and not present:
            return None
        if any(self.unread(k) for k in (total, *parts)):
            return None  # a cell was printed but not read: blank would be a guess
        found = self.money(total)
        expected = sum((self.money(k) for k in parts), Decimal(0))
        diff = abs(found - expected)
        if diff == 0:
            return None
        n = max(1, len([k for k in present if self.money(k) != 0]), terms or 0)
        severity = self.config.grade(diff, n, exact) or "info"
        note = _NOTES[severity]
        shown = "+".join(_short(k, total) for k in parts[:12])
        if len(parts) > 12:
            shown += f"+… ({len(parts)} terms)"
        message = f"{what}: {found} ≠ {shown} = {expected}{note}"
        return self.flag(severity, message, [total, *parts], expected=expected, found=found)

    def equal_flag(self, a: Key, b: Key, what: str, terms: int = 1, exact: bool = False) -> Flag | None:
        """Check that two printed figures of the same quantity agree; ``None`` if either is absent or equal."""
        if a not in self.facts or b not in self.facts:
            return None
        va, vb = self.money(a), self.money(b)
        if va == vb:
            return None
        severity = self.config.grade(va - vb, terms, exact) or "info"
        note = _NOTES[severity]
        message = f"{what}: {'/'.join(a)} = {va} but {'/'.join(b)} = {vb}{note}"
        return self.flag(severity, message, [a, b], expected=vb, found=va)

    def unread(self, key: Key) -> bool:
        """Whether ``key`` has no fact although its table (or row) printed numbers that could not be read."""
        return key not in self.facts and ((key[0], key[1]) in self.unknown or (key[0], None) in self.unknown)

    def money(self, key: Key) -> Decimal:
        """The fact's value in 万元 (元 ÷ 10000); a blank cell counts as 0."""
        f = self.facts.get(key)
        return Decimal(0) if f is None else _money(f)


_NOTES: dict[str, str] = {
    "info": " (rounding difference, 尾差)",
    "warning": " (more than rounding usually explains)",
    "error": "",
}


def _short(key: Key, total: Key) -> str:
    """A term as briefly as it reads beside its total: the column, the row, or the whole key."""
    if key[:2] == total[:2]:
        return key[2]
    if key[0] == total[0] and key[2] == total[2]:
        return key[1]
    return "/".join(key)


def _money(f: Fact) -> Decimal:
    """Money in 万元 whatever unit it was printed in; other units as they are."""
    v = Decimal(f.value)
    return v / Decimal(10000) if f.unit == "元" else v / Decimal(10) if f.unit == "千元" else v


def _plain(d: Decimal) -> str:
    return format(d.normalize() if d == d.to_integral() else d, "f")


def children(codes: Iterable[str], parent: str) -> list[str]:
    """The direct sub-codes of a 功能/经济分类 code: 206 → 20601…, 20601 → 2060101…; 301 → 30101…."""
    want = len(parent) + 2
    return [c for c in codes if len(c) == want and c.startswith(parent) and c.isdigit()]
