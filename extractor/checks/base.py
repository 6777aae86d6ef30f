"""The check kernel: a registered check is a function from a ``Context`` to flags.

A ``Context`` indexes one extraction's facts by ``(table, row, col)`` and knows the rounding rule; the
helpers here (``Context.sum_flag``, ``Context.equal_flag``) turn an identity into a flag with evidence,
so a check module is mostly a list of identities. Every identity a check evaluates is also recorded as a
``Relation`` — those that hold too — so that, after all checks ran, ``extractor.checks.suspects`` can ask
which single fact's change would satisfy the most failing ones without breaking the holding ones.

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
from decimal import ROUND_UP, Decimal, DivisionByZero, InvalidOperation
from functools import lru_cache
from typing import Literal

from extractor.checks.messages import Text
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
        return _tolerance(self.rounding_per_term, terms)

    def likely(self, terms: int) -> Decimal:
        """The difference rounding usually explains: three standard deviations of ``terms + 1`` uniform
        rounding errors of ± ``rounding_per_term`` (at least one cent, never above ``tolerance``)."""
        return _likely(self.rounding_per_term, terms)

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


#: A check: the flags it raises from one extraction's context (a ``None`` is a comparison that raised nothing,
#: which ``run_checks`` skips, so a check may yield ``ctx.sum_flag(...)`` and the like directly).
CheckFn = Callable[["Context"], Iterable[Flag | None]]


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: id, family, what it checks, its severity and tolerance in words."""

    id: str
    family: str
    description: str
    severity: Severity
    tolerance: str
    fn: CheckFn = field(compare=False, repr=False)
    table_identity: bool = False  # an identity among one table's figures (``identity_failures``)


@dataclass
class Relation:
    """An identity a check evaluated, with the values it saw (money in 万元, as the checks compare it).

    ``sum``: ``keys[0] = Σ signs[i] · keys[i]`` (``i ≥ 1``; one term is "the same figure printed twice");
    ``le``: ``keys[0] ≤ keys[1]``; ``ratio``: ``keys[0] = keys[1] / keys[2] × 100`` (a percentage);
    ``single``: the one value of ``keys[0]`` is in doubt (OCR confidence, a score out of range) — nothing
    determines another. ``tol`` is the largest difference that raises nothing above ``info``.
    """

    kind: Literal["sum", "le", "ratio", "single"]
    keys: tuple[Key, ...]
    values: tuple[Decimal, ...]
    tol: Decimal
    check: str
    signs: tuple[int, ...] = ()
    #: two printings of one quantity (not a sum of one term): the other one is what it should read
    same: bool = False

    def residual(self, values: Sequence[Decimal] | None = None) -> Decimal | None:
        v = self.values if values is None else values
        if self.kind == "sum":
            return v[0] - sum((s * x for s, x in zip(self.signs, v[1:], strict=True)), Decimal(0))
        if self.kind == "le":
            return max(Decimal(0), v[0] - v[1])
        if self.kind == "ratio":
            try:
                return v[0] - v[1] / v[2] * 100
            except (DivisionByZero, InvalidOperation):
                return None
        return None

    def ok(self, values: Sequence[Decimal] | None = None) -> bool:
        r = self.residual(values)
        return r is not None and abs(r) <= self.tol

    def solve(self, i: int) -> Decimal | None:
        """The value of ``keys[i]`` that makes the relation hold exactly (the bound itself for ``le``)."""
        v = self.values
        try:
            if self.kind == "sum":
                rest = sum((s * x for j, (s, x) in enumerate(zip(self.signs, v[1:], strict=True), 1) if j != i),
                           Decimal(0))  # fmt: skip
                return rest if i == 0 else (v[0] - rest) / self.signs[i - 1]
            if self.kind == "le":
                return v[1] if i == 0 else v[0]
            if self.kind == "ratio":
                if i == 0:
                    return v[1] / v[2] * 100
                return v[0] * v[2] / 100 if i == 1 else v[1] * 100 / v[0]
        except (DivisionByZero, InvalidOperation):
            return None
        return None

    def determines(self) -> bool:
        """Whether a solution is *the* value (an identity), not merely a bound."""
        return self.kind in ("sum", "ratio")


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
        self._sub_codes: dict[str, dict[str, list[str]]] = {}
        self._money: dict[Key, Decimal] = {}
        #: (table, row) — row None for a whole table — holding printed numbers that could not be read
        self.unknown: set[tuple[str, str | None]] = {
            (u.table, u.row) for u in extraction.unread if u.kind == "unread" and u.table
        }
        # a code table whose 合计 row was not read cannot show its rows are complete: a blank in it is no evidence
        self.unknown |= {(t, None) for t, r in self.unknown if r == "合计"}
        #: every identity evaluated, holding or not; and the one each flag was raised for
        self.relations: list[Relation] = []
        self.flag_relations: dict[str, Relation] = {}
        #: values of numbers read from the text that are no fact (``narrative.flag_items``), by pseudo key
        self.text_values: dict[Key, tuple[Decimal, tuple[int, int]]] = {}

    # -- lookups ---------------------------------------------------------------------------------
    def get(self, table: str, row: str, col: str) -> Fact | None:
        return self.facts.get((table, row, col))

    def value(self, table: str, row: str, col: str) -> Decimal | None:
        f = self.get(table, row, col)
        return None if f is None else Decimal(f.value)

    def rows(self, table: str) -> list[str]:
        return list(self._rows.get(table, []))

    def codes(self, table: str) -> list[str]:
        """The code rows (功能/经济分类) of ``table``, printed-but-unread ones too: a sum over a row the reading
        could not place is no evidence (``sum_flag`` sees the unread part and says nothing)."""
        read = [r for r in self.rows(table) if r.isdigit()]
        unread = sorted(r for t, r in self.unknown if t == table and r and r.isdigit() and r not in read)
        return read + unread

    def sub_codes(self, table: str, code: str) -> list[str]:
        """The direct sub-codes of a 功能/经济分类 code in ``table`` (206 → 20601…, 20601 → 2060101…; 301 →
        30101…), indexed once per table: the sum checks ask for every code."""
        index = self._sub_codes.get(table)
        if index is None:
            index = self._sub_codes[table] = {}
            codes = self.codes(table)
            known = set(codes)
            for c in codes:
                if len(c) > 3 and c[:-2] in known:
                    index.setdefault(c[:-2], []).append(c)
        return index.get(code, [])

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
        message: str | Text,
        keys: Sequence[Key],
        expected: Decimal | None = None,
        found: Decimal | None = None,
        check: str | None = None,
        relation: Relation | None = None,
    ) -> Flag:
        """A flag naming every fact involved (absent ones with no value) and a stable id.

        ``message`` is a ``Text`` (template and parameters: the flag reads in English and Chinese) or, for a
        check not yet translated, a plain English string. ``relation``: the identity the flag is about.
        """
        check = check or self.check_id
        facts = [self._flag_fact(k) for k in keys]
        digest = hashlib.sha1("|".join([self.doc, check, *("/".join(k) for k in keys)]).encode()).hexdigest()[:12]
        diff = None if expected is None or found is None else _plain(found - expected)
        text = message if isinstance(message, Text) else None
        flag = Flag(
            id=f"{check}:{digest}",
            doc=self.doc,
            check=check,
            severity=severity,
            message=message.render("en") if isinstance(message, Text) else message,
            facts=facts,
            expected=None if expected is None else _plain(expected),
            found=None if found is None else _plain(found),
            difference=diff,
            template=text.template if text else None,
            params=dict(text.params) if text else {},
        )
        if relation is not None:
            self.flag_relations[flag.id] = relation
        return flag

    def relate(
        self,
        kind: Literal["sum", "le", "ratio", "single"],
        keys: Sequence[Key],
        tol: Decimal,
        signs: Sequence[int] | None = None,
        values: Sequence[Decimal] | None = None,
        same: bool = False,
    ) -> Relation:
        """Record an identity this check evaluates (values default to the facts' money, blank = 0).
        ``same``: ``keys`` are two printings of one quantity."""
        vals = tuple(values) if values is not None else tuple(self.number(k) for k in keys)
        if kind == "sum" and signs is None:
            signs = [1] * (len(keys) - 1)
        rel = Relation(kind, tuple(keys), vals, tol, self.check_id, tuple(signs or ()), same)
        self.relations.append(rel)
        return rel

    def number(self, key: Key) -> Decimal:
        """A fact's money (万元), or a number read from the text, or 0 for a blank cell."""
        if key in self.text_values:
            return self.text_values[key][0]
        return self.money(key)

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
        n = max(1, len([k for k in present if self.money(k) != 0]), terms or 0)
        rel = self.relate("sum", [total, *parts], Decimal(0) if exact else self.config.likely(n))
        if diff == 0:
            return None
        severity = self.config.grade(diff, n, exact) or "info"
        message = Text.of(
            "sum", what=what, total="/".join(total), found=found, parts=["/".join(k) for k in parts[:12]],
            n=len(parts), expected=expected, note=severity,
        )  # fmt: skip
        return self.flag(severity, message, [total, *parts], expected=expected, found=found, relation=rel)

    def equal_flag(self, a: Key, b: Key, what: str, terms: int = 1, exact: bool = False) -> Flag | None:
        """Check that two printed figures of the same quantity agree; ``None`` if either is absent or equal."""
        if a not in self.facts or b not in self.facts:
            return None
        va, vb = self.money(a), self.money(b)
        rel = self.relate("sum", [a, b], Decimal(0) if exact else self.config.likely(terms), same=True)
        if va == vb:
            return None
        severity = self.config.grade(va - vb, terms, exact) or "info"
        return self.flag(
            severity, self.equal_text(what, a, va, b, vb, severity), [a, b], expected=vb, found=va, relation=rel
        )

    def equal_text(self, what: str, a: Key, va: object, b: Key, vb: object, note: str) -> Text:
        """The message of two figures that should agree: ``what: a = va but b = vb`` (note: a severity)."""
        return Text.of("equal", what=what, a="/".join(a), va=va, b="/".join(b), vb=vb, note=note)

    def unread(self, key: Key) -> bool:
        """Whether ``key`` has no fact although its table (or row) printed numbers that could not be read."""
        return key not in self.facts and ((key[0], key[1]) in self.unknown or (key[0], None) in self.unknown)

    def money(self, key: Key) -> Decimal:
        """The fact's value in 万元 (元 ÷ 10000); a blank cell counts as 0 (kept per fact: the sum checks ask
        for each fact's money many times)."""
        m = self._money.get(key)
        if m is None:
            f = self.facts.get(key)
            if f is None:
                return Decimal(0)
            m = self._money[key] = _money(f)
        return m


def _tolerance(per_term: Decimal, terms: int) -> Decimal:
    if terms <= 1:
        return Decimal(0)
    return (per_term * (terms + 1)).quantize(CENT, rounding=ROUND_UP)


@lru_cache(maxsize=1024)
def _likely(per_term: Decimal, terms: int) -> Decimal:
    """``CheckConfig.likely``, cached: every sum check asks, and its two square roots add up."""
    if terms <= 1:
        return Decimal(0)
    sigma = per_term * 2 / Decimal(12).sqrt() * Decimal(terms + 1).sqrt()
    return min(max(CENT, (3 * sigma).quantize(CENT, rounding=ROUND_UP)), _tolerance(per_term, terms))


def _money(f: Fact) -> Decimal:
    """Money in 万元 whatever unit it was printed in; other units as they are."""
    v = Decimal(f.value)
    return v / Decimal(10000) if f.unit == "元" else v / Decimal(10) if f.unit == "千元" else v


def _plain(d: Decimal) -> str:
    return format(d.normalize() if d == d.to_integral() else d, "f")
