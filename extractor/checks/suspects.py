"""Suspect and suggestion: which fact a flag most likely points at, and the value that would satisfy it.

One wrong figure breaks every identity it takes part in, so it raises several flags (seed 000's truncated
公用经费合计 ``130.6`` raises four). Each flag alone cannot tell which of its facts is wrong; all flags of the
document together usually can. After every check ran, this pass takes the identities they evaluated
(``Context.relations``: the failing ones *and* those that hold) and, for every fact of a failing identity,
the values that would satisfy its failing identities — each identity solved for that fact alone (a total:
the sum of its terms; a term: the total less the other terms; a restated figure: the other printing), and
every value printed the same way within the identity's rounding tolerance. A hypothesis "fact := value" is
ranked by

1. failing identities it satisfies − holding identities it would break (a single change that explains
   most and breaks least);
2. plausibility: a figure printed positive is not suggested negative;
3. how few digit edits turn the printed figure into the value (Damerau–Levenshtein: a changed, dropped,
   added or swapped digit is one edit) — misprints and OCR errors are edits of what was printed, so
   ``9.05`` is more likely ``9.50`` than ``9.49`` when both fit within rounding;
4. how many identities give exactly that value, then a figure printed with fewer decimals than its table
   (a truncated ``130.6`` among ``130.68``s), then closeness to every solution.

Per flag, the suspect is the fact of its identity whose best hypothesis satisfies that flag and ranks
highest, and ``suggested`` is that value when some identity determines it (a bound like ``a ≤ b`` allows
values, it gives none). A blank cell of a printed table can be the suspect (a value the reading missed),
but only by this ranking, which weighs every digit it lacks.

Money in relations is in 万元 (as the checks compare it); a value is suggested in the fact's printed unit
(元, 千元 or 万元), with the decimals its table prints (never fewer than the fact's own).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from rapidfuzz.distance import OSA

from extractor.checks.base import Context, Key, Relation
from extractor.checks.messages import basis_text_en, short
from extractor.schemas.flags import Basis, Flag, Suggestion, Suspect

FAILING = ("error", "warning")
_FACTOR = {"元": Decimal(10000), "千元": Decimal(10)}


@dataclass(frozen=True)
class Hypothesis:
    """``key := value`` (``value`` in the relations' unit) and what it does to the document's identities."""

    key: Key
    value: Decimal
    shown: str  # the value in the fact's printed unit and decimals
    fixed: frozenset[int]  # failing relations it satisfies
    broken: int  # holding relations it would break
    plausible: bool  # not negative where the report prints the figure positive
    edits: int  # digit edits from the printed figure to ``shown``
    exact: int  # failing relations whose own solution is exactly this value
    odd: bool  # the fact is printed with more or fewer decimals than its table
    distance: Decimal

    def score(self) -> tuple[int, bool, int, int, bool, Decimal]:
        return (len(self.fixed) - self.broken, self.plausible, -self.edits, self.exact, self.odd, -self.distance)


#: at most this many values either side of a solution are tried (a 元 table's rounding tolerance in 万元 spans
#: thousands of printed cents)
_SPREAD = 20


def _decimals(v: str) -> int:
    try:
        exp = Decimal(v).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _variants(printed: str) -> set[Decimal]:
    """Every number one edit away from ``printed``: a digit changed, dropped or added, two neighbours swapped
    (the decimal point too), a decimal point dropped or added."""
    if not printed:
        return set()
    chars = "0123456789"
    out: set[str] = set()
    for i in range(len(printed) + 1):
        for d in chars + ("." if "." not in printed else ""):
            out.add(printed[:i] + d + printed[i:])
        if i < len(printed):
            out.add(printed[:i] + printed[i + 1 :])
            for d in chars:
                out.add(printed[:i] + d + printed[i + 1 :])
        if i + 1 < len(printed):
            out.add(printed[:i] + printed[i + 1] + printed[i] + printed[i + 2 :])
    values = set()
    for v in out:
        try:
            values.add(Decimal(v))
        except InvalidOperation:
            continue
    return values


class _Units:
    """Per key: the unit factor (relation value × factor = printed value) and the decimals to print."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._peers: dict[tuple[str, str, str], int] = {}
        counts: dict[tuple[str, str, str], Counter[int]] = defaultdict(Counter)
        for (t, _, c), f in ctx.facts.items():
            counts[(t, c, f.unit)][_decimals(f.value)] += 1
        for k, cnt in counts.items():
            self._peers[k] = cnt.most_common(1)[0][0]
        units: dict[str, Counter[str]] = defaultdict(Counter)
        for (t, _, _), f in ctx.facts.items():
            units[t][f.unit] += 1
        self._units = {t: cnt.most_common(1)[0][0] for t, cnt in units.items()}

    def of(self, key: Key) -> tuple[str | None, Decimal, int, int]:
        """(unit, factor, decimals of the fact itself, decimals its table prints)."""
        f = self.ctx.facts.get(key)
        if f is not None:
            own = _decimals(f.value)
            return f.unit, _FACTOR.get(f.unit, Decimal(1)), own, self._peers.get((key[0], key[2], f.unit), own)
        if key in self.ctx.text_values:
            value, _ = self.ctx.text_values[key]
            own = _decimals(format(value, "f"))
            return ("%" if key[2].startswith("%") else "万元"), Decimal(1), own, own
        unit = self._units.get(key[0], "万元")  # a blank cell: as its table prints
        peers = self._peers.get((key[0], key[2], unit), 2)
        return unit, _FACTOR.get(unit, Decimal(1)), peers, peers

    def printed(self, key: Key) -> str:
        """The figure as the report prints it (normalized), for counting edits; a blank cell prints nothing."""
        f = self.ctx.facts.get(key)
        if f is not None:
            return f.value
        if key in self.ctx.text_values:
            return format(self.ctx.text_values[key][0], "f")
        return ""

    def points(self, key: Key, solution: Decimal, tol: Decimal) -> list[Decimal]:
        """Every value printed as ``key`` prints within ``tol`` of ``solution`` (relation unit), nearest
        ``_SPREAD`` either side."""
        _, factor, own, peers = self.of(key)
        step = Decimal(1).scaleb(-max(own, peers))
        centre = (solution * factor / step).to_integral_value()
        reach = min(_SPREAD, int((tol * factor / step).to_integral_value()))
        return [(centre + i) * step / factor for i in range(-reach, reach + 1)]

    def quantize(self, key: Key, value: Decimal) -> tuple[Decimal, str] | None:
        """``value`` rounded as the report would print it: (back in the relation's unit, as printed)."""
        _, factor, own, peers = self.of(key)
        try:
            printed = (value * factor).quantize(Decimal(1).scaleb(-max(own, peers)))
            if printed == printed.quantize(Decimal(1).scaleb(-peers)):
                printed = printed.quantize(Decimal(1).scaleb(-peers))
        except InvalidOperation:
            return None
        if printed.is_zero():
            printed = abs(printed)
        return printed / factor, format(printed, "f")


class _Pass:
    def __init__(self, ctx: Context, flags: list[Flag]) -> None:
        self.ctx = ctx
        self.rels = ctx.relations
        self.units = _Units(ctx)
        index = {id(r): i for i, r in enumerate(self.rels)}
        self.failing: dict[int, Flag] = {}
        self.flagged: dict[int, Flag] = {}  # any severity: an info flag's relation may give a value too
        for f in flags:
            r = ctx.flag_relations.get(f.id)
            if r is not None and id(r) in index:
                self.flagged[index[id(r)]] = f
                if f.severity in FAILING:
                    self.failing[index[id(r)]] = f
        self.by_key: dict[Key, list[int]] = defaultdict(list)
        for i, r in enumerate(self.rels):
            for k in dict.fromkeys(r.keys):
                self.by_key[k].append(i)
        self._holding: dict[int, bool] = {}  # relation index → it holds as printed (asked for lazily)
        self._best: dict[Key, list[Hypothesis]] = {}

    def holding(self, i: int) -> bool:
        """Whether relation ``i`` holds as printed and no flag says it fails (computed once, when first asked:
        most relations are never in a hypothesis)."""
        ok = self._holding.get(i)
        if ok is None:
            ok = self._holding[i] = i not in self.failing and self.rels[i].ok()
        return ok

    def known(self, key: Key) -> bool:
        """A fact the report printed, a number read from its prose, or a blank cell of a printed table:
        something a reviewer can look at."""
        if key in self.ctx.facts or key in self.ctx.text_values:
            return True
        return key[0] not in ("narrative", "performance", "text") and self.ctx.has_table(key[0])

    def _with(self, r: Relation, key: Key, value: Decimal) -> list[Decimal]:
        vals = list(r.values)
        vals[r.keys.index(key)] = value
        return vals

    def hypotheses(self, key: Key) -> list[Hypothesis]:
        """Every value some failing identity allows ``key``, ranked against all identities it is in."""
        if key in self._best:
            return self._best[key]
        printed = self.units.printed(key)
        _, _, own, peers = self.units.of(key)
        odd = key in self.ctx.facts and own != peers
        solutions: dict[int, Decimal] = {}
        tried: dict[Decimal, None] = {}
        for i in self.by_key[key]:
            if i not in self.failing:
                continue
            r = self.rels[i]
            x = r.solve(r.keys.index(key))
            q = None if x is None else self.units.quantize(key, x)
            if x is None or q is None:
                continue
            solutions[i] = q[0]
            tried.setdefault(q[0])
            if r.kind == "sum" and r.tol:  # what else the identity allows: values near it, and one-edit misprints
                for v in self.units.points(key, x, r.tol):
                    tried.setdefault(v)
                factor = self.units.of(key)[1]
                for v in _variants(printed):
                    if abs(v / factor - x) <= r.tol:
                        tried.setdefault(v / factor)
        out = []
        for value in tried:
            q = self.units.quantize(key, value)
            if q is None:
                continue
            value, shown = q
            fixed, broken = set(), 0
            for i in self.by_key[key]:
                r = self.rels[i]
                ok = r.ok(self._with(r, key, value))
                if i in self.failing and ok:
                    fixed.add(i)
                elif not ok and self.holding(i):
                    broken += 1
            if not fixed:
                continue
            plausible = not (value < 0 <= Decimal(printed or "0"))
            exact = sum(1 for i, x in solutions.items() if x == value)
            distance = sum((abs(value - solutions[i]) for i in fixed if i in solutions), Decimal(0))
            edits = OSA.distance(printed, shown)  # a changed, dropped, added or swapped character: 1
            out.append(Hypothesis(key, value, shown, frozenset(fixed), broken, plausible, edits, exact, odd, distance))
        self._best[key] = out
        return out

    def assign(self, flag: Flag, ri: int) -> None:
        r = self.rels[ri]
        options = [
            (h.score(), -pos, h)
            for pos, k in enumerate(r.keys)
            if self.known(k)
            for h in self.hypotheses(k)
            if ri in h.fixed
        ]
        if not options:
            if r.kind == "single" and self.known(r.keys[0]):
                flag.suspect = self.suspect(r.keys[0])
            return
        _, _, best = max(options, key=lambda o: (o[0], o[1]))
        flag.suspect = self.suspect(best.key)
        # the identities that give exactly this value (a holding one too: a sum already within rounding, like
        # the class a ``0.050`` belongs to); failing that, the failing ones it satisfies within their rounding
        holds = [i for i in self.by_key[best.key] if self.rels[i].determines()]
        holds = [i for i in holds if self.rels[i].ok(self._with(self.rels[i], best.key, best.value))]
        exact = [i for i in holds if self._solution(i, best.key) == best.value]
        givers = exact or [i for i in holds if i in self.failing]
        if givers:
            unit = self.units.of(best.key)[0]
            flag.suggested = Suggestion(value=best.shown, unit=unit, basis=[self.basis(i, best) for i in givers])

    def _solution(self, i: int, key: Key) -> Decimal | None:
        r = self.rels[i]
        x = r.solve(r.keys.index(key))
        q = None if x is None else self.units.quantize(key, x)
        return None if q is None else q[0]

    def suspect(self, key: Key) -> Suspect:
        text = self.ctx.text
        f = self.ctx.facts.get(key)
        value: str | None
        span: tuple[int, int] | None
        unit: str | None
        if f is not None:
            value, span, unit = f.value, f.span, f.unit
        elif key in self.ctx.text_values:
            v, span = self.ctx.text_values[key]
            value, unit = format(v, "f"), self.units.of(key)[0]
        else:  # a blank cell
            value, span, unit = None, None, self.units.of(key)[0]
        printed = text[span[0] : span[1]] if text is not None and span is not None else None
        return Suspect(table=key[0], row=key[1], col=key[2], value=value, span=span, printed=printed, unit=unit)

    def basis(self, i: int, h: Hypothesis) -> Basis:
        """How failing relation ``i`` gives ``h.value``: Σ its terms, the total less the others, the other
        printing of the same figure, or a ratio — with the value it gives exactly (which may differ from the
        suggestion within the identity's rounding)."""
        r, flag = self.rels[i], self.failing.get(i) or self.flagged.get(i)
        x = r.solve(r.keys.index(h.key))
        q = None if x is None else self.units.quantize(h.key, x)
        value = q[1] if q is not None else h.shown
        pos = r.keys.index(h.key)
        others = [k for k in r.keys if k != h.key]
        signs: list[int] = []
        kind: Literal["sum", "part", "equal", "ratio"]
        if r.kind == "ratio":
            kind = "ratio"
        elif r.same:
            kind = "equal"
            signs = [1]
        elif pos == 0:
            kind, signs = "sum", list(r.signs)
        else:
            kind = "part"
            own = r.signs[pos - 1]
            signs = [own] + [-s * own for j, s in enumerate(r.signs, 1) if j != pos]
        via = ["/".join(k) for k in others]
        names = [short(v, "/".join(h.key), "en") for v in via]
        text = basis_text_en(kind, via, signs, value, names)
        return Basis(check=r.check, flag=flag.id if flag else "", kind=kind, via=via, signs=signs, value=value,
                     text=text)  # fmt: skip


def assign_suspects(ctx: Context, flags: Iterable[Flag]) -> None:
    """Set ``suspect`` (and ``suggested``, where determined) on every error and warning flag that is about
    an identity; a rounding note (``info``) about a suspect fact gets that suspect too (no suggestion of its
    own); the others keep none."""
    flags = list(flags)
    p = _Pass(ctx, flags)
    for ri, flag in p.failing.items():
        p.assign(flag, ri)
    # a rounding note about a suspect fact is part of the same story: it joins the suspect's review item
    suspects = {(f.suspect.table, f.suspect.row, f.suspect.col): f.suspect for f in p.failing.values() if f.suspect}
    for ri, flag in p.flagged.items():
        if ri not in p.failing:
            hit = next((k for k in p.rels[ri].keys if k in suspects), None)
            if hit is not None:
                flag.suspect = suspects[hit]


__all__ = ["assign_suspects"]
