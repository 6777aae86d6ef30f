"""Placing a table's printed numbers into its cells by the accounting identities the template states.

Text without cell boundaries loses blank cells: ``201 06 07 信息化建设 135.25 135.25`` says the row total is
135.25 and one of the six source columns holds 135.25, not which. The header says which columns exist; the
identities (row total = Σ parts, parent code = Σ child codes, 合计 = Σ 类, two-sided totals, other tables'
figures as anchors) say which placements are consistent. A number is placed only where **every** consistent
placement of the whole table agrees; otherwise it is reported as unread with the columns it could be under —
never guessed, never placed by position alone.

    solve(units, equations, anchors) -> Placement

Each ``Unit`` is one printed row: its numbers, in printed order, and the ordered slots ``(row, col)`` they may
fill (a row's columns in header order). Candidates are the order-preserving injections of the numbers into the
slots; rows read from a grid (cells with positions) have exactly one. The search: local filtering by the
identities within one row, then propagation over the cross-row identities (a per-column subset-sum relaxation,
which only ever removes candidates no solution can use), then, if anything is still open, a bounded
backtracking enumeration of the remaining solutions.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from extractor.schemas import IDENTITIES_FAIL

Slot = tuple[str, str]  # (row key, column key)

MAX_CANDIDATES = 4000  # order-preserving injections per row considered
MAX_SOLUTIONS = 48  # whole-table solutions enumerated before giving up on certainty
MAX_NODES = 5000  # backtracking steps
MAX_SUMS = 20000  # partial sums kept per equation in the propagation


@dataclass
class Num:
    """One printed number: its clean-view offsets and its reading (in cents)."""

    start: int
    end: int
    text: str
    cents: int


@dataclass
class Unit:
    """One printed row: its key, numbers in printed order and the slots they may fill, in order."""

    key: str
    nums: list[Num]
    slots: list[Slot]
    start: int = 0
    end: int = 0
    label: str | None = None
    side: int = 0  # two-sided tables: 0 income, 1 expenditure
    fixed: list[Slot] | None = None  # grid rows: each number's slot is known from its position
    extra: list[Slot] = field(default_factory=list)  # the row's other cells: columns the header does not print
    candidates: list[tuple[Slot, ...]] = field(default_factory=list)

    @property
    def cells(self) -> list[Slot]:
        """Every cell of the row: the ones its numbers may fill and the ones known blank."""
        return [*self.slots, *self.extra]


@dataclass(frozen=True)
class Equation:
    """``lhs = Σ sign·term`` over slots; ``text`` names the identity for reports."""

    lhs: Slot
    terms: tuple[tuple[int, Slot], ...]
    text: str
    leaves: int = 0  # rounded figures behind the sum when more than its terms (a 类 is the sum of its 项)

    def slots(self) -> tuple[Slot, ...]:
        return self._slots

    @cached_property
    def _slots(self) -> tuple[Slot, ...]:
        return (self.lhs, *(s for _, s in self.terms))


@dataclass
class Placement:
    """The outcome: each placed number's slot and how it was decided; numbers left open, with their options."""

    placed: dict[int, tuple[Slot, str]] = field(default_factory=dict)  # id(num) → (slot, how)
    open: dict[int, tuple[Num, Unit, list[Slot]]] = field(default_factory=dict)
    confirmed: set[Slot] = field(default_factory=set)  # slots some identity ties to other printed figures
    failed: list[Equation] = field(default_factory=list)  # identities no placement satisfies
    reason: str = ""


@dataclass(frozen=True)
class Rounding:
    """How far a printed sum may be from its printed parts: half a rounding step (``quantum`` cents) per term
    and for the total. ``loose``: count the rounded leaves behind a sum (a 类 = Σ 项) instead of its terms —
    tried only when the tight rule leaves no consistent placement."""

    quantum: int = 1
    loose: bool = False

    def allows(self, e: Equation, terms: int) -> int:
        return tolerance(max(terms, e.leaves) if self.loose else terms, self.quantum)


def tolerance(nonzero_terms: int, quantum: int = 1) -> int:
    """Cents rounding can explain in a sum of ``n`` printed terms: half a step per term and for the total.

    A "sum" of one term is the same figure printed twice: it must agree exactly.
    """
    if nonzero_terms <= 1:
        return 0
    return math.ceil(0.5 * (nonzero_terms + 1)) * quantum


def candidates(unit: Unit) -> list[tuple[Slot, ...]]:
    """Order-preserving injections of the unit's numbers into its slots (one for a grid row)."""
    if unit.fixed is not None:
        return [tuple(unit.fixed)]
    n, m = len(unit.nums), len(unit.slots)
    if n == 0:
        return [()]
    if n > m or math.comb(m, n) > MAX_CANDIDATES:
        return []
    return [tuple(unit.slots[i] for i in idx) for idx in itertools.combinations(range(m), n)]


def solve(
    units: Sequence[Unit],
    equations: Iterable[Equation],
    anchors: dict[Slot, int] | None = None,
    quantum: int = 1,
    distrust: bool = False,
) -> Placement:
    """Place every number whose slot all consistent placements agree on.

    ``quantum``: cents one rounding step is worth (1 when amounts print two decimals; 100 for whole yuan),
    which scales the rounding tolerance of every identity. ``distrust``: the rows were assembled from text
    without cell boundaries, so when no placement satisfies the identities the reading itself may be wrong:
    numbers under a failing identity are then withdrawn rather than emitted.
    """
    anchors = anchors or {}
    eqs = list(equations)
    out = Placement()
    for u in units:
        u.candidates = candidates(u)
        if not u.candidates and u.nums:
            for num in u.nums:
                out.open[id(num)] = (num, u, [])
    live = [u for u in units if u.candidates]
    owner = {s: u for u in live for s in u.cells}
    eqs = [e for e in eqs if all(s in owner for s in e.slots())]  # a row that cannot be placed is unknown
    # candidates that differ only in where a printed zero goes give every cell the same value: one stands for
    # all while searching, and the zeros' options come back at the end
    variants: dict[int, dict[tuple[Slot, ...], list[tuple[Slot, ...]]]] = {}
    for u in live:
        groups: dict[tuple[Slot, ...], list[tuple[Slot, ...]]] = {}
        for c in u.candidates:
            groups.setdefault(_nonzero(u, c), []).append(c)
        variants[id(u)] = groups
        u.candidates = [g[0] for g in groups.values()]
    first = {id(u): list(u.candidates) for u in live}
    rounding = Rounding(quantum)
    solutions: list[list[tuple[Slot, ...]]] | None = [[u.candidates[0] for u in live]]
    if distrust and not any(len(c) > 1 for c in first.values()):  # one reading of text rows: must fit
        values: dict[Slot, int] = {}
        for u in live:
            values.update(_values(u, u.candidates[0]))
        if not all(_holds(e, values, True, Rounding(quantum, loose=True)) for e in eqs):
            solutions = []
    if any(len(c) > 1 for c in first.values()):  # a grid's cells are placed by position: nothing to search
        for rounding in (Rounding(quantum), Rounding(quantum, loose=True)):
            for u in live:
                u.candidates = list(first[id(u)])
            solutions = _narrow(live, eqs, owner, anchors, rounding)
            if solutions != []:
                break

    def expand(u: Unit, cands: list[tuple[Slot, ...]]) -> list[tuple[Slot, ...]]:
        return [c for rep in cands for c in variants[id(u)][_nonzero(u, rep)]]

    if solutions is None:  # too many solutions to enumerate: what each row's remaining candidates share
        for u in live:
            _common(u, expand(u, u.candidates), out, "identities")
    elif solutions:
        for i, u in enumerate(live):
            _common(u, expand(u, list(dict.fromkeys(sol[i] for sol in solutions))), out, "identities")
    else:
        out.reason = IDENTITIES_FAIL
        for u in live:
            _common(u, expand(u, u.candidates), out, "columns")
    values = _final_values(live, out, anchors)
    for e in eqs:
        if all(s in values or s not in owner for s in e.slots()):
            if _holds(e, values, True, rounding):
                out.confirmed.update(s for s in e.slots() if s in values)
            elif any(s in values for s in e.slots()):
                out.failed.append(e)
    if distrust and solutions == [] and out.failed:
        _withdraw(live, out)
    return out


def _withdraw(units: list[Unit], out: Placement) -> None:
    """Take back every number placed under an identity that fails: the text's rows may have been misread."""
    bad = {s for e in out.failed for s in e.slots()}
    for u in units:
        for num in u.nums:
            placed = out.placed.get(id(num))
            if placed is not None and placed[0] in bad:
                del out.placed[id(num)]
                out.open[id(num)] = (num, u, [placed[0]])
    out.reason = f"{IDENTITIES_FAIL}, so the reading of its rows is not trusted"


def _narrow(
    live: list[Unit], eqs: list[Equation], owner: dict[Slot, Unit], anchors: dict[Slot, int], rounding: Rounding
) -> list[list[tuple[Slot, ...]]] | None:
    """Anchors, then each row's own identities, then propagation over the others, then enumeration."""
    _apply_anchors(live, anchors)
    local = [e for e in eqs if len({id(owner[s]) for s in e.slots()}) == 1]
    by_unit: dict[int, list[Equation]] = {}
    for e in local:
        by_unit.setdefault(id(owner[e.lhs]), []).append(e)
    for u in live:
        own = by_unit.get(id(u))
        if own and len(u.candidates) > 1:
            kept = [c for c in u.candidates if _all_hold(own, _values(u, c), rounding)]
            u.candidates = kept or u.candidates
    if all(n.cents >= 0 for u in live for n in u.nums):
        _zeros(live, eqs, owner)
    _propagate(live, [e for e in eqs if e not in local], owner, anchors, rounding)
    if all(len({_nonzero(u, c) for c in u.candidates}) == 1 for u in live):
        return None  # every row's figures are placed; only printed zeros may still move: nothing to enumerate
    return _enumerate(live, eqs, owner, rounding)


def _nonzero(u: Unit, cand: tuple[Slot, ...]) -> tuple[Slot, ...]:
    """Where a candidate puts the row's non-zero numbers (zeros change no sum)."""
    return tuple(s for n, s in zip(u.nums, cand, strict=True) if n.cents)


def _zeros(units: list[Unit], eqs: list[Equation], owner: dict[Slot, Unit]) -> None:
    """With no negative figure printed, a sum that is blank has only blank parts: a column blank in the 合计
    row is blank in every 类, a 类 blank in a column has blank 款 there … (cheap, and sound: it only removes
    candidates that put a number where a blank sum forbids one)."""
    sums = [e for e in eqs if all(sign > 0 for sign, _ in e.terms)]

    def blank(s: Slot) -> bool:
        u = owner[s]
        return not any(_value(u, c, s) for c in u.candidates)

    def force_blank(s: Slot) -> bool:
        u = owner[s]
        keep = [c for c in u.candidates if not _value(u, c, s)]
        if keep and len(keep) < len(u.candidates):
            u.candidates = keep
            return True
        return False

    changed = True
    while changed:
        changed = False
        for e in sums:
            if blank(e.lhs):  # a blank sum: blank parts
                for _, s in e.terms:
                    changed |= force_blank(s)
            elif all(blank(s) for _, s in e.terms):  # blank parts: a blank sum
                changed |= force_blank(e.lhs)


def _all_hold(eqs: list[Equation], values: dict[Slot, int], rounding: Rounding) -> bool:
    return all(_holds(e, values, False, rounding) for e in eqs)


def _apply_anchors(units: list[Unit], anchors: dict[Slot, int]) -> None:
    """Drop candidates that contradict another table's figure; an anchor no candidate agrees with is ignored."""
    for u in units:
        pinned = [s for s in u.slots if s in anchors]
        if not pinned or len(u.candidates) <= 1:
            continue
        keep = [c for c in u.candidates if all(_value(u, c, s) == anchors[s] for s in pinned)]
        if keep:
            u.candidates = keep


def _value(u: Unit, cand: tuple[Slot, ...], slot: Slot) -> int:
    for num, s in zip(u.nums, cand, strict=True):
        if s == slot:
            return num.cents
    return 0


def _values(u: Unit, cand: tuple[Slot, ...]) -> dict[Slot, int]:
    vals = {s: 0 for s in u.cells}
    for num, s in zip(u.nums, cand, strict=True):
        vals[s] = num.cents
    return vals


def _holds(e: Equation, values: dict[Slot, int], strict: bool, rounding: Rounding) -> bool:
    """Whether the identity holds; slots without a value count as blank (0). Non-strict: unknown → holds."""
    get = values.get
    if not strict and any(s not in values for s in e.slots()):
        return True
    lhs = get(e.lhs, 0)
    total = 0
    nonzero = 1 if lhs else 0
    for sign, s in e.terms:
        v = get(s, 0)
        if v:
            total += sign * v
            nonzero += 1
    diff = abs(lhs - total)
    return diff == 0 or diff <= rounding.allows(e, max(nonzero - 1, 1))


def _propagate(
    units: list[Unit], eqs: list[Equation], owner: dict[Slot, Unit], anchors: dict[Slot, int], rounding: Rounding
) -> None:
    """Remove candidates that no combination of the other slots' options can make consistent, to a fixpoint:
    a worklist of rows, a row re-examined only when a row it shares an identity with lost candidates."""
    involved: dict[int, list[Equation]] = {}
    for e in eqs:
        for s in e.slots():
            if s in owner:
                involved.setdefault(id(owner[s]), []).append(e)
    neighbours: dict[int, set[int]] = {
        id(u): {id(owner[s]) for e in involved.get(id(u), []) for s in e.slots() if s in owner} for u in units
    }
    by_id = {id(u): u for u in units}
    cells = {id(u): [dict.fromkeys(u.cells, 0) | dict(zip(c, (n.cents for n in u.nums), strict=True))
                     for c in u.candidates] for u in units}  # fmt: skip
    options: dict[Slot, frozenset[int]] = {}

    def refresh(u: Unit) -> None:
        for s in u.cells:
            options[s] = frozenset(vals[s] for vals in cells[id(u)])

    for u in units:
        refresh(u)
    # the most constrained rows first (pop takes from the end): their certainty narrows their neighbours
    queue = [id(u) for u in sorted(units, key=lambda u: -len(u.candidates)) if len(u.candidates) > 1]
    queued = set(queue)
    steps = 0
    while queue and steps < 50 * len(units) + 100:
        steps += 1
        uid = queue.pop()
        queued.discard(uid)
        u = by_id[uid]
        if len(u.candidates) <= 1:
            continue
        mine = involved.get(uid, [])
        keep = [
            k for k, vals in enumerate(cells[uid]) if all(_feasible(e, vals, options, anchors, rounding) for e in mine)
        ]
        if keep and len(keep) < len(u.candidates):
            u.candidates = [u.candidates[k] for k in keep]
            cells[uid] = [cells[uid][k] for k in keep]
            refresh(u)
            for other in neighbours.get(uid, ()):
                if other != uid and other not in queued and len(by_id[other].candidates) > 1:
                    queue.append(other)
                    queued.add(other)


def _feasible(
    e: Equation,
    own: dict[Slot, int],
    options: dict[Slot, frozenset[int]],
    anchors: dict[Slot, int],
    rounding: Rounding,
) -> bool:
    """Can the other slots of ``e`` take values that make it hold, given the row's own cells ``own``?
    (a per-column relaxation: it only ever removes candidates no solution can use)"""
    fixed = 0
    free: list[frozenset[int]] = []
    for sign, s in ((-1, e.lhs), *e.terms):  # Σ sign·x over all terms (lhs negated) must be ≈ 0
        if s in own:
            fixed += sign * own[s]
            continue
        opts = options.get(s)
        if opts is None:
            fixed += sign * anchors.get(s, 0)
        elif len(opts) == 1:
            for v in opts:
                fixed += sign * v
        else:
            free.append(opts if sign > 0 else frozenset(-v for v in opts))
    tol = rounding.allows(e, len(e.terms))
    if not free:
        return abs(fixed) <= tol
    sums = {fixed}
    for opts in free:
        sums = {a + b for a in sums for b in opts}
        if len(sums) > MAX_SUMS:
            return True  # too many combinations to judge: keep the candidate
    return any(abs(v) <= tol for v in sums)


def _enumerate(
    units: list[Unit], eqs: list[Equation], owner: dict[Slot, Unit], rounding: Rounding
) -> list[list[tuple[Slot, ...]]] | None:
    """Whole-table solutions (one candidate per row, in ``units`` order) consistent with every identity.

    None when the budget runs out before the search is complete (then nothing beyond what each row's own
    remaining candidates share is certain).
    """
    order = sorted(range(len(units)), key=lambda i: len(units[i].candidates))
    pos = {id(units[i]): k for k, i in enumerate(order)}
    due: dict[int, list[Equation]] = {}  # each identity is checked once the last of its rows is chosen
    for e in eqs:
        rows = [pos[id(owner[s])] for s in e.slots() if s in owner]
        if rows:
            due.setdefault(max(rows), []).append(e)
    chosen: list[tuple[Slot, ...]] = [()] * len(units)
    values: dict[Slot, int] = {}
    solutions: list[list[tuple[Slot, ...]]] = []
    nodes = 0

    def walk(k: int) -> bool:
        nonlocal nodes
        if k == len(order):
            solutions.append(list(chosen))
            return len(solutions) < MAX_SOLUTIONS
        u = units[order[k]]
        for cand in u.candidates:
            nodes += 1
            if nodes > MAX_NODES:
                return False
            values.update(_values(u, cand))
            chosen[order[k]] = cand
            if all(_holds(e, values, False, rounding) for e in due.get(k, [])) and not walk(k + 1):
                return False
        return True

    return solutions if walk(0) else None


def _common(u: Unit, cands: list[tuple[Slot, ...]], out: Placement, how: str) -> None:
    if not cands:
        return
    for k, num in enumerate(u.nums):
        options = list(dict.fromkeys(c[k] for c in cands))
        if len(options) == 1:
            decided = "position" if u.fixed is not None else ("count" if len(u.slots) == len(u.nums) else how)
            out.placed[id(num)] = (options[0], decided)
            out.open.pop(id(num), None)
        else:
            out.open[id(num)] = (num, u, options)


def _final_values(units: list[Unit], out: Placement, anchors: dict[Slot, int]) -> dict[Slot, int]:
    """The value of every cell that is known: placed numbers, and the blank cells of rows fully placed."""
    values: dict[Slot, int] = {}
    for u in units:
        if not any(id(n) in out.open for n in u.nums):
            for s in u.cells:
                values[s] = 0
        for n in u.nums:
            if id(n) in out.placed:
                values[out.placed[id(n)][0]] = n.cents
    return values
