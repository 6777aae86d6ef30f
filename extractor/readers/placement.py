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
backtracking enumeration of the remaining solutions — per group of rows the identities tie together, so the
solutions of independent groups never multiply; when there are too many to list, each candidate not yet seen
in a solution is pinned and one solution looked for (the candidates some solution uses).

**Misread rows** (text without cell boundaries): when a group has no consistent placement, a row whose own
identities fail for every placement and reading is left unread, and the group's identities are restated
without its cells (``eliminate``: ``206 = 20601 + 20607`` and ``合计 = 206 + 208`` give ``合计 = 20601 + 20607 +
208``), so one misread row does not cost the rest of the table.

**OCR repair.** A printed number may carry several ``Reading``s: ``1,903:01`` reads as nothing cleanly but
may be ``1903.01``; ``1 903.01`` reads as ``903.01`` after a 行次 or as ``1903.01`` with a space in it. A
candidate then chooses, per number, a slot *and* a reading (or, for a number that may be no amount at all — a
whole number that may have lost its decimal point — no slot). The printed readings are tried first; repaired
readings only when the printed ones satisfy no placement, and then the placements with the fewest repairs
count. The rule stays: a number is placed, with a reading, only where every consistent solution agrees on
both, and a repaired reading is kept only when an identity that holds confirms it (``Placement.confirmed``) —
otherwise the number is unread, with its printed text.

**Floating figures** (one OCR box per line, a skewed scan): a figure printed alone between two rows' labels may
be the row above's (printed after its name) or the row below's (printed ahead of its code). Such a ``Num`` is
``floating`` and sits in both rows' ``nums`` (the row below's first ``ahead``); a row's candidates take its
figures from one side of its label — a tail of those ahead of it, or a head of those after it — and mark the
floating ones left to the neighbour ``NOT_MINE``. Every solution gives each floating figure to exactly one row
(checked in the enumeration, pruned in the propagation); one placed where not every solution agrees on its row
and column, or taken by no row, is unread (``_settle_floating``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extractor.schemas import IDENTITIES_FAIL, ROW_MISREAD

Slot = tuple[str, str]  # (row key, column key)
Choice = tuple[Slot | None, int]  # a number's slot (None: left out, not an amount) and reading index
Candidate = tuple[Choice, ...]  # one choice per number of a row
Columns = dict[tuple[int, str], list[tuple[int, int]]]  # (side, column) → (row index, figure offset) each

MAX_CANDIDATES = 4000  # order-preserving injections per row considered
MAX_SOLUTIONS = 48  # whole-table solutions enumerated before giving up on certainty
MAX_NODES = 5000  # backtracking steps
MAX_SUMS = 20000  # partial sums kept per equation in the propagation


@dataclass(frozen=True)
class Reading:
    """One way to read a printed number: its value in cents, whether that is a repair of damaged text, and the
    clean-view span it reads when that is only part of the printed number (``1 903.01`` read as ``903.01``)."""

    cents: int
    repaired: bool = False
    start: int | None = None
    end: int | None = None


@dataclass
class Num:
    """One printed number: its clean-view offsets and its reading (in cents), or several candidate readings
    (OCR damage; the first is the printed reading when there is one). ``optional``: the text may be no amount
    at all (a whole number that may have lost its decimal point), so a placement may leave it out."""

    start: int
    end: int
    text: str
    cents: int
    readings: tuple[Reading, ...] = ()
    optional: bool = False
    floating: bool = False  # printed alone between two rows' labels: either row's (``Unit.ahead``)

    def __post_init__(self) -> None:
        if not self.readings:
            self.readings = (Reading(self.cents),)

    @property
    def damaged(self) -> bool:
        """No printed reading: every reading is a repair."""
        return all(r.repaired for r in self.readings)

    def allowed(self, repairs: bool) -> tuple[list[int], bool]:
        """(reading indices, may be left out) in a search that does (not) try repairs: without repairs a
        number keeps its printed readings; one that has none keeps its repairs (they are all it can mean)
        unless it may be no amount, in which case it is left out."""
        clean = [k for k, r in enumerate(self.readings) if not r.repaired]
        if repairs:
            return list(range(len(self.readings))), self.optional
        if clean:
            return clean, False
        return ([], True) if self.optional else (list(range(len(self.readings))), False)


@dataclass
class Unit:
    """One printed row: its key, numbers in printed order and the slots they may fill, in order."""

    key: str
    nums: list[Num]
    slots: list[Slot]
    start: int = 0
    end: int = 0
    label: str | None = None
    at: int = 0  # two-sided tables: where its label is printed (``start`` … ``end`` spans its figures too)
    side: int = 0  # two-sided tables: 0 income, 1 expenditure
    fixed: list[Slot] | None = None  # grid rows: each number's slot is known from its position
    extra: list[Slot] = field(default_factory=list)  # the row's other cells: columns the header does not print
    damaged: bool = False  # prints a figure damaged beyond reading besides ``nums``: its cells may be unknown
    ahead: int = 0  # leading ``nums`` printed before its label: the row's own, or (floating) the row above's
    # one box per line, two labels of a line printed after its figures (``_line_ahead``): the left row may take
    # any run of the floating figures ahead of it (``inner``), the right one a tail of them with those after it
    inner: bool = False
    straddles: bool = False
    # a skewed page printing each row's right-column figures ahead of its code and its first after its name: a
    # tail of the floating figures ahead of it reads after its first figure (``_float_figures``)
    wraps: bool = False
    # … and, its printed order failing its own identities, may print its first figure last of those ahead of its
    # label (``1,503.52 603.14 2,106.66 201 一般公共服务支出``: the first column's box sits lowest: ``rotated``)
    rotates: bool = False
    lead: int = 0  # ``nums`` printed before its label: ``ahead`` and its own printed above its first label
    crowded: bool = False  # prints more figures than cells, one damaged beyond reading: which are its own is open
    # a skewed scan's boxes printing a row's last column a row down, among the next row's figures (``lagging``):
    # the row's trailing ``lags`` nums are the next row's (it may take one of them as its last figure), and one
    # of its own, floating, may be the row above's
    lagging: bool = False
    lags: int = 0
    lines: tuple[int, ...] = ()  # ``nums`` printed over lines, how many on each: the lines' columns may interleave
    # a row whose ``nums`` are the floating figures printed near its label (``_boxed_windows``): it takes a run
    # of them, one for each of its cells at most (``_runs``), or none
    picks: bool = False
    # … and its own ``any_order`` figures printed out of column order (``scrambled``): a run of that many it
    # takes fills its cells in any order
    any_order: int = 0
    # … and the floating figures are two rows' printed interleaved (a crowded row below a row of none, ``mixes``):
    # it takes any of them in printed order, one for each of its cells at most
    mixes: bool = False
    candidates: list[Candidate] = field(default_factory=list)

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
    _slots: tuple[Slot, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_slots", (self.lhs, *(s for _, s in self.terms)))  # asked for in every loop

    def slots(self) -> tuple[Slot, ...]:
        return self._slots


@dataclass
class Placement:
    """The outcome: each placed number's slot and how it was decided; numbers left open, with their options."""

    placed: dict[int, tuple[Slot, str]] = field(default_factory=dict)  # id(num) → (slot, how)
    open: dict[int, tuple[Num, Unit, list[Slot]]] = field(default_factory=dict)
    confirmed: set[Slot] = field(default_factory=set)  # slots some identity ties to other printed figures
    vouched: set[Slot] = field(default_factory=set)  # confirmed by a sum of figures printed in three rows or more
    exact: set[Slot] = field(default_factory=set)  # confirmed by an identity that holds to the cent (no 尾差)
    failed: list[Equation] = field(default_factory=list)  # identities no placement satisfies
    reason: str = ""
    reading: dict[int, int] = field(default_factory=dict)  # id(num) → index of the reading placed
    why: dict[int, str] = field(default_factory=dict)  # id(num) → why an open number is open, beyond its options
    context: dict[int, str] = field(default_factory=dict)  # id(num) → the ``reason`` of its group of rows
    contested: set[int] = field(default_factory=set)  # floating numbers some row left open: never placed

    def merge(self, other: Placement) -> None:
        """Add the outcome of another group of rows."""
        self.placed.update(other.placed)
        self.open.update(other.open)
        self.confirmed |= other.confirmed
        self.vouched |= other.vouched
        self.exact |= other.exact
        self.failed.extend(other.failed)
        self.reading.update(other.reading)
        self.why.update(other.why)
        self.context.update(other.context)
        self.contested |= other.contested
        self.reason = self.reason or other.reason

    def chosen(self, num: Num) -> Reading:
        """The reading a placed number was placed with."""
        return num.readings[self.reading.get(id(num), 0)]


@dataclass(frozen=True)
class Rounding:
    """How far a printed sum may be from its printed parts: half a rounding step (``quantum`` cents) per term
    and for the total. ``loose``: count the rounded leaves behind a sum (a 类 = Σ 项) instead of its terms —
    tried only when the tight rule leaves no consistent placement."""

    quantum: int = 1
    loose: bool = False

    def allows(self, e: Equation, terms: int) -> int:
        return tolerance(max(terms, e.leaves) if self.loose else terms, self.quantum)


_EXACT = Rounding(quantum=0)  # no rounding difference allowed (a tolerance of 0 cents)


def tolerance(nonzero_terms: int, quantum: int = 1) -> int:
    """Cents rounding can explain in a sum of ``n`` printed terms: half a step per term and for the total.

    A "sum" of one term is the same figure printed twice: it must agree exactly.
    """
    if nonzero_terms <= 1:
        return 0
    return math.ceil(0.5 * (nonzero_terms + 1)) * quantum


def candidates(unit: Unit, repairs: bool = False) -> list[Candidate]:
    """Order-preserving injections of the unit's numbers into its slots (one for a grid row), times each
    number's allowed readings (``Num.allowed``); a number that may be no amount may also be left out."""
    if unit.lagging:
        return _lagging_candidates(unit, repairs)
    if unit.picks:
        most = len(unit.slots)
        takes = _picked(len(unit.nums), most) if unit.mixes else _runs(len(unit.nums), most, unit.lead)
        return _taking(unit, takes, repairs)
    if unit.ahead or any(n.floating for n in unit.nums):
        return _floating_candidates(unit, repairs)
    if len(unit.lines) > 1 and sum(unit.lines) == len(unit.nums) and unit.fixed is None:
        return _interleaved(unit, repairs)
    return _placements(unit.nums, unit.slots, unit.fixed, repairs)


def _interleaved(unit: Unit, repairs: bool) -> list[Candidate]:
    """A row whose numbers are printed over lines (``Unit.lines``): each line's numbers keep their order, the
    lines' numbers interleave in any way — the order-preserving placements of every interleaving. Two that put
    the same values in the same cells (equal figures swapped) are one reading: the first, in printed order."""
    groups, at = [], 0
    for size in unit.lines:
        groups.append(list(range(at, at + size)))
        at += size
    out: dict[tuple[tuple[str, str, int], ...], Candidate] = {}
    for order in _interleavings(groups):
        for sub in _placements([unit.nums[k] for k in order], unit.slots, None, repairs):
            mine = dict(zip(order, sub, strict=True))
            cand = tuple(mine[k] for k in range(len(unit.nums)))
            cells = tuple(sorted((*s, n.readings[r].cents) for n, (s, r) in zip(unit.nums, cand, strict=True) if s))
            out.setdefault(cells, cand)
        if len(out) > MAX_CANDIDATES:
            return []
    return list(out.values())


def _interleavings(groups: list[list[int]]) -> Iterable[list[int]]:
    """Every merge of the groups that keeps each group's order (the groups in order first)."""
    if sum(1 for g in groups if g) <= 1:
        yield [k for g in groups for k in g]
        return
    for i, g in enumerate(groups):
        if g:
            for rest in _interleavings([*groups[:i], g[1:], *groups[i + 1 :]]):
                yield [g[0], *rest]


def _floating_candidates(unit: Unit, repairs: bool) -> list[Candidate]:
    """A row of text that prints each figure on a line of its own (an OCR engine's boxes on a skewed scan),
    where a figure group between two rows' labels may be either row's: the row takes its figures from one side
    of its label — a tail of the floating figures printed ahead of it, or a head of those after it (every
    figure there that is pinned to it, on its label's line or before its first label, included) — and a
    floating figure it does not take is marked ``NOT_MINE`` (the neighbour's; ``solve`` gives each to one)."""
    nums, ahead = unit.nums, unit.ahead
    pinned = [k for k in range(ahead, len(nums)) if not nums[k].floating]
    takes: list[range] = []
    if unit.inner:  # the left row of a line whose figures all print ahead of its labels: any run of them
        takes += [range(a, b) for a in range(ahead + 1) for b in range(a, ahead + 1)]
    elif not pinned:  # nothing ties it to what follows its label: the figures printed ahead of it may be its own
        takes += [range(k, ahead) for k in range(ahead + 1)]
    heads = range(max(pinned[-1] + 1 if pinned else 0, ahead + 1), len(nums) + 1)
    if unit.straddles:  # the right row of such a line: a tail of those ahead of it and those after its label
        takes += [range(k, end) for k in range(ahead) for end in heads]
    takes += [range(ahead, end) for end in heads]
    order: list[Sequence[int]] = list(takes)
    lead = max(unit.lead, ahead)
    if unit.wraps and lead < len(nums):  # its first figure after its label, then a tail of those before it
        tails = range(min(lead, pinned[0] if pinned else lead) + 1)  # every pinned figure taken
        after = range(max(pinned[-1] + 1 if pinned else 0, lead + 1), len(nums) + 1)
        order += [(lead, *range(k, lead), *range(lead + 1, end)) for k in tails for end in after]
    if unit.rotates and not pinned and ahead >= 2:  # its first figure printed ahead of its label too, but last
        order += [(ahead - 1, *range(k, ahead - 1)) for k in range(ahead - 1)]
    if unit.rotates:  # its last figure printed first, ahead of its label: the rest (ahead or after) before it
        order += _last_first(unit, pinned, lead)
    return _taking(unit, order, repairs)


def _last_first(unit: Unit, pinned: list[int], lead: int) -> list[Sequence[int]]:
    """A rotated row's runs of figures whose first, printed ahead of its label, is its last column's: on a page
    turned so its right side is higher, the right-most column's box sits highest of the row and is listed first
    (czj table 02, draw I: ``6.20`` / ``2,112.86`` / ``2,106.66`` / ``201 一般公共服务支出`` for 2,112.86 2,106.66
    … 6.20; ``0.01`` / ``201 06 10 行政运行`` / ``1,511.90`` / ``1,511.89``; the 合计 row's ``6.20`` above the header's
    last words, ahead of ``合计 2,946.25 2,940.05``). It takes a run of them from one printed ahead of its label on
    (every pinned figure included), that one last."""
    first = min(lead, pinned[0] + 1 if pinned else lead)
    least = pinned[-1] + 1 if pinned else 0
    return [(*range(k + 1, end), k) for k in range(first) for end in range(max(k + 2, least), len(unit.nums) + 1)]


def _runs(count: int, most: int, lead: int = 0) -> list[Sequence[int]]:
    """What a row of ``most`` cells may take of the ``count`` floating figures printed near its label
    (``Unit.picks``): none, or a run of them in printed order — a row's boxes sit level with each other, so
    the engine lists them together (czj's ``2,940.05`` / ``2,940.05`` / ``2,940.05`` / ``本年支出合计`` /
    ``本年收入合计``: the right row's two and the left row's one); a row of one cell takes one. A run may also
    print its last column first: on a page turned so its right side is higher, the right-most box of a row
    sits highest and is listed first (czj table 02, RapidOCR's heavy scan of draw L: ``6.20`` / ``2,112.86`` /
    ``2,106.66`` / ``一般公共服务支出`` for 2,112.86 2,106.66 … 6.20; as ``Unit.rotates`` rows read).

    A run of three printed across its label (``lead``: the figures printed before it) may be listed in two
    chunks, the boxes above the label's line and those on or below it, each chunk's in column order: any merge
    of the two is its column order (czj table 03, RapidOCR's heavy scan of draw AE: ``1,503.52`` / ``201 06 10
    行政运行`` / ``1,511.89`` / ``8.37`` for 1,511.89 1,503.52 8.37; ``2,336.91`` / ``603.14`` / ``合计`` /
    ``2,940.05``). Three only: a longer run's merges take a window's candidates past ``MAX_CANDIDATES``."""
    runs = [range(a, b) for a in range(count) for b in range(a + 1, min(count, a + most) + 1)]
    across = [r for r in runs if len(r) == 3 and r[0] < lead <= r[-1]]
    merged = [m for r in across for m in _interleavings([list(r[: lead - r[0]]), list(r[lead - r[0] :])])]
    return [(), *runs, *((*r[1:], r[0]) for r in runs if len(r) > 1), *merged]


def _picked(count: int, most: int) -> list[Sequence[int]]:
    """What a row of ``most`` cells may take of ``count`` figures two rows' boxes print interleaved
    (``Unit.mixes``): any of them, in printed order. On a page turned a little, two rows' boxes sit at heights
    that alternate across the columns, and an engine listing boxes by height prints them column by column,
    one row's and the other's by turns (czj table 04, RapidOCR's heavy scan of draw U: ``2,106.66`` /
    ``1,511.89`` / ``1,503.52`` / ``1,503.52`` / ``603.14`` / ``8.37`` for 财政事务 and 行政运行); each row's boxes keep
    its columns' order."""
    return [c for k in range(min(count, most) + 1) for c in itertools.combinations(range(count), k)]


def _taking(unit: Unit, takes: Iterable[Sequence[int]], repairs: bool) -> list[Candidate]:
    """A row's candidates when it takes one of ``takes`` (indices of its ``nums``, in the order they fill its
    slots) and leaves the rest to its neighbours (``NOT_MINE``)."""
    nums = unit.nums
    out: dict[tuple[frozenset[int], tuple[tuple[str, str, int], ...]], Candidate] = {}
    takes = [p for t in takes for p in (itertools.permutations(t) if len(t) == unit.any_order else [t])]
    for take in dict.fromkeys(tuple(x) for x in takes):
        for sub in _placements([nums[k] for k in take], unit.slots, None, repairs):
            mine = dict(zip(take, sub, strict=True))
            cand = tuple(mine.get(k, (None, NOT_MINE)) for k in range(len(nums)))
            # the same figures giving the same values to the same cells (equal figures swapped) are one reading
            cells = tuple(sorted((*s, nums[k].readings[r].cents) for k, (s, r) in mine.items() if s))
            out.setdefault((frozenset(take), cells), cand)
        if len(out) > MAX_CANDIDATES:
            return []
    return list(out.values())


def _lagging_candidates(unit: Unit, repairs: bool) -> list[Candidate]:
    """A row of a skewed scan's boxes whose last column may print a row down (``Unit.lagging``): the box of
    its right-most figure sits as low as the next row's, so the engine lists it among that row's figures —
    first of them (above their line), last (on it, right of them) or between them, where the page turned so
    far that the next row's left columns sit higher and its right ones lower (czj's 收入决算表 on RapidOCR's
    heavy scan of draw W: ``201 06 01 行政运行 1,511.90 1,511.89 6.20 0.01``, 6.20 is 20106's
    其他收入). The row takes its own figures but one (the row above's, so printed), and one of the next row's
    as its last figure, or neither; a figure it leaves is ``NOT_MINE`` (the neighbour's: ``solve`` gives each
    to one row)."""
    nums, own = unit.nums, len(unit.nums) - unit.lags
    gives = [()] + [(k,) for k in range(own) if nums[k].floating]
    takes = [()] + [(k,) for k in range(own, len(nums))]
    return _taking(unit, ([*(k for k in range(own) if k not in g), *b] for g in gives for b in takes), repairs)


NOT_MINE = -1  # a Choice's reading index for a floating number a row leaves to its neighbour


def _placements(nums: list[Num], slots: list[Slot], fixed: list[Slot] | None, repairs: bool) -> list[Candidate]:
    allowed = [n.allowed(repairs) for n in nums]
    if fixed is not None:
        per: list[list[Choice]] = [
            [(s, k) for k in ks] + ([(None, 0)] if skip else []) for s, (ks, skip) in zip(fixed, allowed, strict=True)
        ]
        return _product(per)
    n, m = len(nums), len(slots)
    if n == 0:
        return [()]
    optional = [k for k, (_, skip) in enumerate(allowed) if skip]
    if not optional and all(len(ks) == 1 for ks, _ in allowed):
        return _injections(slots, [ks[0] for ks, _ in allowed])
    out: list[Candidate] = []
    # each number's choices in each slot, built once (the same lists serve every injection)
    choices: list[list[list[Choice]]] = [[[(s, r) for r in ks] for s in slots] for ks, _ in allowed]
    left_out: list[Choice] = [(None, 0)]
    for drop in _subsets(optional, n - m):
        present = [k for k in range(n) if k not in drop]
        if len(present) > m or math.comb(m, len(present)) > MAX_CANDIDATES:
            continue
        single = all(len(allowed[k][0]) == 1 for k in present)  # one reading each: one candidate per injection
        for idx in itertools.combinations(range(m), len(present)):
            where = dict(zip(present, idx, strict=True))
            per = [choices[k][where[k]] if k in where else left_out for k in range(n)]
            if single:
                out.append(tuple(p[0] for p in per))
            else:
                out.extend(_product(per))
            if len(out) > MAX_CANDIDATES:
                return []
    return out


def _injections(slots: list[Slot], readings: list[int]) -> list[Candidate]:
    """``candidates`` in the common case — each number has one reading and none may be left out — without the
    per-injection bookkeeping the general case needs (most rows of most tables: it is the hot path)."""
    n, m = len(readings), len(slots)
    if n > m or math.comb(m, n) > MAX_CANDIDATES:
        return []
    return [tuple(zip([slots[i] for i in idx], readings, strict=True)) for idx in itertools.combinations(range(m), n)]


def _subsets(items: list[int], least: int) -> Iterable[tuple[int, ...]]:
    """Subsets of ``items`` of at least ``least`` elements, smallest first (at most three left out)."""
    for size in range(max(0, least), min(len(items), 3) + 1):
        yield from itertools.combinations(items, size)


def _product(per: list[list[Choice]]) -> list[Candidate]:
    total = math.prod(len(p) for p in per)
    if total == 0 or total > MAX_CANDIDATES:
        return []
    return [tuple(c) for c in itertools.product(*per)]


def solve(
    units: Sequence[Unit],
    equations: Iterable[Equation],
    anchors: dict[Slot, int] | None = None,
    quantum: int = 1,
    distrust: bool = False,
    lost: bool = False,
    lost_figures: bool = False,
) -> Placement:
    """Place every number whose slot (and reading) all consistent placements agree on.

    ``quantum``: cents one rounding step is worth (1 when amounts print two decimals; 100 for whole yuan),
    which scales the rounding tolerance of every identity (``lost``: rows' own identities were dropped for cells
    the OCR lost, ``_lost_cells``: not tried again; ``lost_figures``: a group whose one failing sum falls short
    may have lost a figure's box, ``_lost_figure`` — the table reader's last resort). ``distrust``: the rows were
    assembled from text without cell boundaries, so when no placement satisfies the identities the reading itself
    may be wrong: numbers under a failing identity are then withdrawn rather than emitted. Repaired readings are
    tried only when the printed ones leave no consistent placement (see the module docstring).
    """
    anchors = anchors or {}
    eqs = list(equations)
    out = Placement()
    for part_units, part_eqs in _components(units, eqs):
        out.merge(_solve_part(part_units, part_eqs, anchors, quantum, distrust, lost, lost_figures))
    _settle_floating(units, out)
    return out


def _settle_floating(units: Sequence[Unit], out: Placement) -> None:
    """A floating number is read only where every row that may own it agrees it is placed where it is; one no
    row took (its neighbour unread) or some row left open is unread, with the rows it stands between."""
    rows: dict[int, list[Unit]] = {}
    for u in units:
        for n in u.nums:
            if n.floating:
                rows.setdefault(id(n), []).append(u)
    for u in units:
        for n in u.nums:
            if not n.floating or (id(n) in out.placed and id(n) not in out.contested):
                continue
            slot = out.placed.pop(id(n), None)
            out.reading.pop(id(n), None)
            keys = " and ".join(dict.fromkeys(x.key for x in rows[id(n)]))
            options = out.open[id(n)][2] if id(n) in out.open else [slot[0]] if slot else []
            out.open[id(n)] = (n, u, options)
            out.why.setdefault(id(n), f"printed between the labels of rows {keys}: the identities do not tell whose")


def _components(units: Sequence[Unit], eqs: list[Equation]) -> list[tuple[list[Unit], list[Equation]]]:
    """Rows tied together by identities, each group with its identities: groups are placed independently, so
    the solutions of one never multiply those of another (and a misread row only unsettles its own group)."""
    owner = {s: k for k, u in enumerate(units) for s in u.cells}
    parent = list(range(len(units)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    eqs = [e for e in eqs if all(s in owner for s in e.slots())]  # one with a row not printed is unknown
    ties = [{owner[s] for s in e.slots()} for e in eqs]
    ties += [{i for i, _ in w} for w in _shared(units).values()]  # (a floating figure has one owner among them)
    for rows in ties:
        first = root(next(iter(rows)))
        for k in rows:
            parent[root(k)] = first
    groups: dict[int, tuple[list[Unit], list[Equation]]] = {}
    for k, u in enumerate(units):
        groups.setdefault(root(k), ([], []))[0].append(u)
    for e in eqs:
        groups[root(owner[e.lhs])][1].append(e)
    return list(groups.values())


def _solve_part(
    units: list[Unit],
    eqs: list[Equation],
    anchors: dict[Slot, int],
    quantum: int,
    distrust: bool,
    lost: bool,
    lost_figures: bool = False,
) -> Placement:
    """One group of rows: printed readings, then repairs, then (text without cells) its misread rows left out,
    then — nothing consistent — what the columns say, with numbers under failing identities withdrawn."""
    out, solutions = _stage(units, eqs, anchors, quantum, repairs=False, distrust=distrust)
    if solutions is None and out.failed:  # too many to list, yet what every candidate left shares fails: none
        solutions = []
    repairable = any(n.optional or any(r.repaired for r in n.readings) for u in units for n in u.nums)
    retried = repairable and (solutions == [] or bool(out.failed))  # (rows of one placement each: not searched)
    if retried:
        repaired, found = _stage(units, eqs, anchors, quantum, repairs=True, distrust=distrust)
        if found != [] and len(repaired.failed) < len(out.failed) + (solutions == []):
            out, solutions = repaired, found
    misread = _misread_rows(units, eqs, quantum, repairable) if solutions == [] and distrust else []
    if misread and len(misread) < len(units):
        without = _without_cells(units, eqs, misread, anchors, quantum) or _without_rows(
            units, eqs, misread, anchors, quantum, ROW_MISREAD
        )
        kept = None if lost else _lost_cells(units, eqs, misread, anchors, quantum)
        if kept is None or kept.failed or kept.reason or len(kept.placed) <= len(without.placed):
            return without  # (the rows' candidates are not read again once their group is placed)
        return kept
    damaged = _damaged_rows(units) if solutions == [] and distrust else []
    alt = _without_rows(units, eqs, damaged, anchors, quantum, DAMAGED_MISREAD) if damaged else None
    lone = _lone_culprit(units, out.failed) if solutions == [] and distrust and alt is None else None
    if solutions == [] and distrust and alt is None and lone is None and lost_figures:
        short = _lost_figure(units, eqs, out, anchors, quantum)
        if short is not None:
            return short
    if lone is not None:
        alt = _without_rows(units, eqs, [lone], anchors, quantum, LONE_MISREAD)
    if alt is not None:  # (the search left the rest's candidates on the rows: the printed readings' outcome again)
        out, solutions = _stage(units, eqs, anchors, quantum, repairs=False, distrust=distrust)
        retried = False
    if solutions == []:
        if retried:  # the search with repairs left its candidates on the rows: the printed readings' outcome again
            out, solutions = _stage(units, eqs, anchors, quantum, repairs=False, distrust=distrust)
        if distrust and out.failed:
            _withdraw([u for u in units if u.candidates], out)
    _unconfirmed_repairs(units, out)
    if alt is not None and not alt.failed and not alt.reason:
        _checked_without(units, alt, out)
    if out.reason:
        for num, _, options in out.open.values():
            if options and id(num) not in out.why:
                out.context[id(num)] = out.reason
    return out


def _lost_cells(
    units: list[Unit], eqs: list[Equation], misread: list[Unit], anchors: dict[Slot, int], quantum: int
) -> Placement | None:
    """The group placed with the misread rows' own identities (row total = Σ parts) dropped and their cells kept
    in every other identity — None unless every misread row prints its total first and parts that sum to less
    (``_lost_part``). Text without cell boundaries prints no blank cell, and tesseract loses a column the same way:
    czj's table 02 prints ``合计 2.946.25 2.940.05`` and ``行政运行 1.511.90 1.511.89`` on draws F and G, its
    其他收入 (6.20, 0.01) not printed, so five rows failed their own sums and were left out — and with the 合计 row
    the column sums that tell 财政拨款收入 from the four other columns, so no row's second figure was read. Kept,
    the rows' figures are placed only where the column sums (and the anchors another table gives) agree on one
    place for each; the lost cell itself stays unread."""
    if not all(_lost_part(u) for u in misread):
        return None
    mine = {id(u): set(u.cells) for u in misread}
    own = {id(e) for e in eqs for u in misread if all(s in mine[id(u)] for s in e.slots())}
    return solve(units, [e for e in eqs if id(e) not in own], anchors, quantum, distrust=True, lost=True)


def _lost_figure(
    units: list[Unit], eqs: list[Equation], out: Placement, anchors: dict[Slot, int], quantum: int
) -> Placement | None:
    """An OCR engine may lose a figure's box altogether: its row prints a code and a name and nothing else, like a
    blank row (seed 002's table 06, RapidOCR light, draw J: ``30206`` / ``电费`` / ``31003``, 9.07 lost), and its
    parent's sum falls short (302 = Σ children fails by 9.07) — so every figure under it was withdrawn. Where
    every figure of the group reads cleanly and has one place, the one identity that fails is a sum whose parts
    fall short of it beyond rounding, and among its parts are rows that print no figure, those rows' cells are
    unknown, not blank: the group is placed again with them eliminated from the identities (``_without_rows``),
    and kept where every identity then holds. The lost figure stays unread (the table's checks flag the sum);
    a misread that shrank a printed figure would fail the same way, so only sums that fall short qualify."""
    if len(out.failed) != 1 or any(n.damaged or n.optional or n.floating for u in units for n in u.nums):
        return None
    if out.failed[0].lhs not in out.confirmed:  # the sum itself checked by an identity that holds
        return None
    if not all(id(n) in out.placed for u in units for n in u.nums):
        return None
    (e,) = out.failed
    values = _final_values(units, out)
    if any(sign < 0 for sign, _ in e.terms) or e.lhs not in values:
        return None
    parts = [values.get(s, 0) for _, s in e.terms]
    if values[e.lhs] - sum(parts) <= tolerance(sum(1 for v in parts if v) + 1, quantum):
        return None
    owner = {s: u for u in units for s in u.cells}
    bare = list({id(owner[s]): owner[s] for _, s in e.terms if s in owner and not owner[s].nums}.values())
    if not bare:
        return None
    alt = _without_rows(units, eqs, bare, anchors, quantum, LOST_FIGURE)
    return None if alt.failed or alt.reason else alt


#: why a group's figures stand although a sum of it fails (``_lost_figure``)
LOST_FIGURE = "a sum falls short and a row under it prints no figure: the OCR may have lost that row's figure"


def _lost_part(u: Unit) -> bool:
    """Whether a row prints its total first (its first slot) and more figures that, read as printed, sum to less
    than it: a part the OCR did not print (``1.511.90 1.511.89``: 0.01 lost), never one it added."""
    if len(u.nums) < 2 or u.fixed is not None or u.ahead or u.lines or not u.slots:
        return False
    first, rest = u.nums[0], u.nums[1:]
    return first.cents > sum(n.cents for n in rest) > 0


def _without_rows(
    units: list[Unit], eqs: list[Equation], rows: list[Unit], anchors: dict[Slot, int], quantum: int, why: str
) -> Placement:
    """The group placed with ``rows`` unread (each number open, ``why``) and eliminated from its identities."""
    rest = [u for u in units if all(u is not m for m in rows)]
    anchors = _blank_parts(units, eqs, anchors, rows)  # (before the rows' cells leave the identities)
    out = solve(rest, eliminate(eqs, [s for u in rows for s in u.cells]), anchors, quantum, distrust=True)
    for u in rows:
        u.candidates = []
        for n in u.nums:
            if id(n) not in out.placed:  # (a floating number its neighbour took is the neighbour's)
                out.open[id(n)] = (n, u, [])
                out.why[id(n)] = why
    return out


def no_negative(units: Sequence[Unit]) -> bool:
    """Whether no reading of any printed figure is negative: then a blank sum has only blank parts, and no part
    exceeds its sum (``_zeros``, ``_blank_parts``, the table reader's blank columns and spent sums)."""
    return all(r.cents >= 0 for u in units for n in u.nums for r in n.readings)


def _blank_parts(
    units: Sequence[Unit], eqs: list[Equation], anchors: dict[Slot, int], left_out: Sequence[Unit]
) -> dict[Slot, int]:
    """Anchors with, where no negative figure is printed, the parts of a column another table gives as blank in
    a 合计 row ``left_out`` also blank, down through the rows left out with it (``_zeros``' rule, which leaves
    such rows' sums out with them): seed 000's table 02 in a heavy RapidOCR scan prints its 合计 row damaged
    (``193.°1`` for 1903.01), so that row is left out as misread — and with it the column sums that told each
    row's second figure was 财政拨款收入, not 上级补助收入 …; table 01 gives those columns' 合计 as 0, so each 类 is
    blank there (and each 款 under a blank 类). Only from the 合计 row: table 01's column totals are what the
    report prints most plainly, while an anchor of another row spread to its parts made a skewed page's figures
    one row off fit (``tests/test_ocr_nameless_code_s9.py``)."""
    total = {s for u in left_out if u.key == "合计" for s in u.cells if anchors.get(s) == 0}
    if not total or not no_negative(units):
        return anchors
    cells = {s for u in left_out for s in u.cells}
    blank, todo = set(total), [e for e in eqs if all(sign > 0 for sign, _ in e.terms) and e.lhs in cells]
    changed = True
    while changed:
        changed = False
        for e in todo:
            if e.lhs in blank and any(s not in blank for _, s in e.terms):
                blank.update(s for _, s in e.terms)
                changed = True
    return {**{s: 0 for s in blank}, **anchors}


def around_damage(u: Unit, cells: bool = True) -> tuple[Unit, list[Slot]]:
    """A damaged row read around what the damage hides — (the row as read, its cells unknown): where ``cells``
    and the row prints one figure for each of its cells, one of them with no clean reading (``2060799
    其他科学技术普及支出 18..11 0.00 119.81``: seed 000's table 05, RapidOCR heavy, draw P), only that figure's cell,
    the others read by their place (each still checked by its column's sums); where it prints fewer figures than
    cells and none but its first is damaged, its total's cell — text without cells prints a row's total first
    (``20604 技术与开发 06.20 17.90`` for 17.90 17.90, ``20608 … 10°1 1.08``: seed 002's table 03, RapidOCR heavy,
    draw Z), so the others are parts, placed by the column sums, which must confirm each to the cent
    (``solve_around``); otherwise the whole row."""
    bad = [k for k, n in enumerate(u.nums) if n.damaged]
    plain = u.fixed is None and not u.ahead and not u.extra and not any(n.floating or n.optional for n in u.nums)
    if cells and plain and len(bad) == 1 and len(u.nums) == len(u.slots) >= 2:
        slots = [s for k, s in enumerate(u.slots) if k != bad[0]]
        nums = [n for k, n in enumerate(u.nums) if k != bad[0]]
        row = Unit(u.key, nums, slots, u.start, u.end, label=u.label, fixed=slots, extra=[u.slots[bad[0]]])
        return row, [u.slots[bad[0]]]
    if cells and plain and bad in ([], [0]) and 2 <= len(u.nums) < len(u.slots):
        # (text without cells prints a row's total first: its other figures are parts, wherever they go)
        row = Unit(u.key, u.nums[1:], u.slots[1:], u.start, u.end, label=u.label, extra=[u.slots[0]])
        return row, [u.slots[0]]
    return Unit(key=u.key, nums=[], slots=[], start=u.start, end=u.end, label=u.label, extra=u.cells), u.cells


#: why a figure ``around_damage`` reads its row around is unread
DAMAGED_CELL = "a figure damaged beyond reading: its cell is unknown, the row's other figures read by their place"


def solve_around(
    units: Sequence[Unit],
    eqs: list[Equation],
    rows: Sequence[Unit],
    anchors: dict[Slot, int],
    quantum: int,
    cells: bool,
) -> tuple[list[Unit], dict[int, Unit], Placement] | None:
    """The group placed with ``rows`` read around their damage (``around_damage``) and what it hides eliminated
    from the identities — (the units as read, each row's reading by ``id``, the placement) — or None where an
    identity then fails, or (``cells``) no row reads around a single cell (its whole-row reading is tried apart)."""
    around = {id(u): around_damage(u, cells) for u in rows}
    if cells and not any(row.nums for row, _ in around.values()):
        return None
    rest = [around[id(u)][0] if id(u) in around else u for u in units]
    unknown = [s for _, lost in around.values() for s in lost]
    out = solve(rest, eliminate(eqs, unknown), anchors, quantum, distrust=True)
    if out.failed or out.reason:
        return None
    parts = [n for row, _ in around.values() if row.fixed is None for n in row.nums]
    if any(id(n) in out.placed and out.placed[id(n)][0] not in out.exact for n in parts):
        # (a row read around its total: that the total is what was misread is a guess its parts' column sums must
        # bear out to the cent — a part cut to one decimal, ``28. 11 28.1 0.00``, fits a sum within its 尾差)
        return None
    return rest, {k: row for k, (row, _) in around.items()}, out


def _without_cells(
    units: list[Unit], eqs: list[Equation], rows: list[Unit], anchors: dict[Slot, int], quantum: int
) -> Placement | None:
    """The group placed with the misread ``rows`` read around their damage (``solve_around``: a row of one figure
    a cell, one of them with no clean reading, loses only that cell) — None where no row reads so, or an identity
    then fails."""
    found = solve_around(units, eqs, rows, anchors, quantum, cells=True)
    if found is None:
        return None
    _, read, out = found
    for u in rows:
        u.candidates = []
        for n in u.nums:
            if id(n) not in out.placed and id(n) not in out.open:
                out.open[id(n)] = (n, u, [])
                out.why[id(n)] = DAMAGED_CELL if read[id(u)].nums else ROW_MISREAD
    return out


def _checked_without(units: list[Unit], alt: Placement, out: Placement) -> None:
    """Figures the group's placement without its damaged rows (``alt``: every identity holds) places where an
    identity checks them, and ``out`` leaves open: placed. Only where an identity that holds confirms them —
    the rows left out may have taken away all that checked a figure (a 款 of one column loses its Σ children)."""
    taken = {slot for slot, _ in out.placed.values()}
    for u in units:
        for n in u.nums:
            placed = alt.placed.get(id(n))
            if id(n) in out.placed or placed is None or placed[0] not in alt.confirmed or placed[0] in taken:
                if id(n) in out.open and alt.why.get(id(n)) in (DAMAGED_MISREAD, LONE_MISREAD):
                    out.why[id(n)] = alt.why[id(n)]
                continue
            out.placed[id(n)] = placed
            out.reading[id(n)] = alt.reading.get(id(n), 0)
            out.confirmed.add(placed[0])
            if placed[0] in alt.exact:
                out.exact.add(placed[0])
            if placed[0] in alt.vouched:
                out.vouched.add(placed[0])
            for held in (out.open, out.why, out.context):
                held.pop(id(n), None)


def _lone_culprit(units: Sequence[Unit], failed: list[Equation]) -> Unit | None:
    """The one printed row whose cells every failing identity of a group passes through, when two identities
    or more fail (a total misread into another clean figure: ``总计 85.12`` for 851.17 fails both 收入总计 =
    本年收入合计 + … and 收入总计 = 支出总计, while every other identity holds): a row of one figure has no
    identity of its own to fail (``_misread_rows``), yet the failures point at it alone. Where the group
    without it fits every identity, ``_solve_part`` reads from that placement the figures an identity that holds
    still checks (``_checked_without``) — one the row's absence leaves unchecked stays unread."""
    if len(failed) < 2:
        return None
    common = [u for u in units if u.nums and all(any(s in e.slots() for s in u.cells) for e in failed)]
    return common[0] if len(common) == 1 and len(common[0].nums) == 1 and not common[0].nums[0].floating else None


#: why the numbers of the row ``_lone_culprit`` finds are unread
LONE_MISREAD = (
    f"{IDENTITIES_FAIL} with its row read: every identity that fails passes through this row, and every one "
    "holds without it (misread?)"
)


def _damaged_rows(units: Sequence[Unit]) -> list[Unit]:
    """Rows of a group no placement fits, none of them failing its own identities, that print a figure with no
    clean reading (``39.98 3998`` for 398.98 398.98: the OCR that lost a point there may have lost a digit beside
    it, into a clean-looking figure the row's own identity accepts) — at most two, fewer than half the rows
    with numbers: they are what the group's failure points at, when leaving them out makes every identity hold."""
    printed = [u for u in units if u.nums]
    bad = [u for u in printed if any(n.optional or n.damaged for n in u.nums)]
    return bad if 0 < len(bad) <= 2 and 2 * len(bad) < len(printed) else []


#: why the numbers of a row left out by ``_damaged_rows`` are unread
DAMAGED_MISREAD = f"{IDENTITIES_FAIL} with its row read: the row prints a figure with no clean reading (misread?)"

Solutions = list[list[Candidate]] | None


def eliminate(eqs: list[Equation], unknown: Sequence[Slot]) -> list[Equation]:
    """The identities that still hold among the known cells when ``unknown`` cells (a misread row's) are
    eliminated: ``206 = 20601 + 20607`` and ``合计 = 206 + 208`` give ``合计 = 20601 + 20607 + 208`` when 206 is
    unknown (Gaussian elimination over the identities, each a ±1 linear form; a combination whose coefficients
    leave ±1 is dropped). ``unknown`` is taken in the table's order: which identity is the pivot decides which
    combinations survive, so a set's hash order would make the same text read differently from run to run."""
    forms = [_form(e) for e in eqs]
    for slot in dict.fromkeys(unknown):
        having = [f for f in forms if f[0].get(slot)]
        if not having:
            continue
        pivot = having[0]
        rest = [f for f in forms if not f[0].get(slot)]
        for f in having[1:]:
            k = -f[0][slot] * pivot[0][slot]  # coefficients are ±1: f + k·pivot cancels the slot
            merged = dict(f[0])
            for s2, c in pivot[0].items():
                merged[s2] = merged.get(s2, 0) + k * c
            merged = {s2: c for s2, c in merged.items() if c}
            if merged and all(abs(c) == 1 for c in merged.values()):
                rest.append((merged, f"{f[1]} and {pivot[1]}", f[2] + pivot[2]))
        forms = rest
    return [e for f in forms if (e := _equation(f)) is not None]


Form = tuple[dict[Slot, int], str, int]  # coefficients (lhs +1, terms −sign), text, leaves


def _form(e: Equation) -> Form:
    coef: dict[Slot, int] = {e.lhs: 1}
    for sign, s in e.terms:
        coef[s] = coef.get(s, 0) - sign
    return {s: c for s, c in coef.items() if c}, e.text, e.leaves


def _equation(f: Form) -> Equation | None:
    coef, text, leaves = f
    if len(coef) < 2 or any(abs(c) != 1 for c in coef.values()):
        return None
    lhs = next((s for s, c in coef.items() if c == 1), None)
    if lhs is None:
        coef = {s: -c for s, c in coef.items()}
        lhs = next(iter(coef))
    return Equation(lhs, tuple((-c, s) for s, c in coef.items() if s != lhs), text, leaves)


def rotated(units: Sequence[Unit], eqs: list[Equation], quantum: int) -> list[Unit]:
    """Rows of a skewed scan's boxes (``Unit.wraps``) whose own identities fail for every placement of their
    figures in printed order, marked ``rotates``: on a page turned so its right side is higher, a row's first
    column (its total) sits lower than the columns right of it, and its box is printed after theirs — ahead of
    the row's label too when the label's boxes sit lower still; and its right-most column sits highest, its box
    printed first, ahead of the label (``_last_first``). Only such rows are offered those orders: a row its
    printed order fits is read as printed (a row of equal figures, or of a zero, fits both orders)."""
    bad = [u for u in _misread_rows(units, eqs, quantum, repairs=True) if u.wraps and max(u.ahead, u.lead) >= 1]
    for u in bad:
        u.rotates = True
    return bad


def scrambled(units: Sequence[Unit], eqs: list[Equation], quantum: int) -> list[Unit]:
    """Rows of a skewed scan's boxes whose own identity (row total = Σ parts) fails for every placement of their
    figures in printed order but holds in another order, offered every order (``Unit.lines``, a figure a line):
    a row's boxes sit at nearly one height, and the engine lists them by their tops — czj's heavy scan on draw H
    prints ``201 06 财政事务 1,503.52 603.14 2,106.66`` (its total last) and ``行政运行 1,503.52 1,511.89 8.37``
    (printed so again on draw I).
    Only such rows are offered it: a row its printed order fits is read as printed."""
    owner = {s: u for u in units for s in u.cells}
    loose = Rounding(quantum, loose=True)
    out: list[Unit] = []
    for u in units:
        if not 2 <= len(u.nums) <= 4 or u.ahead or u.picks or u.lagging or u.fixed is not None or u.lines:
            continue
        if any(n.floating for n in u.nums):
            continue
        mine = set(u.cells)
        own = [e for e in eqs if all(s in mine for s in e.slots()) and all(s in owner for s in e.slots())]
        if not own or any(all(_holds(e, _values(u, c), False, loose) for e in own) for c in candidates(u)):
            continue
        u.lines = (1,) * len(u.nums)
        if any(all(_holds(e, _values(u, c), False, loose) for e in own) for c in candidates(u)):
            out.append(u)
        else:
            u.lines = ()
    return out


def _misread_rows(units: Sequence[Unit], eqs: list[Equation], quantum: int, repairs: bool) -> list[Unit]:
    """Rows whose own identities (row total = Σ parts) fail for every placement and reading of their numbers —
    text without cell boundaries misread them (a digit lost, a number missing) — and rows printing a number
    that may have lost its point where no reading of it fits the row (it is there, but unreadable) — and both
    rows a floating figure stands between when neither can take it with its own identities holding (``86.0
    0.98`` for 0.98 0.98: whichever row it is, that row is misread)."""
    owner = {s: u for u in units for s in u.cells}
    loose = Rounding(quantum, loose=True)
    bad: list[Unit] = []
    taken: set[int] = set()  # floating numbers some row can take
    for u in units:
        if not u.nums:
            continue
        mine = set(u.cells)
        own = [e for e in eqs if all(s in mine for s in e.slots()) and all(s in owner for s in e.slots())]
        fitting = [c for c in candidates(u, repairs) if all(_holds(e, _values(u, c), False, loose) for e in own)]
        lost = [k for k, n in enumerate(u.nums) if n.optional]
        if (own and not fitting) or (lost and all(c[k][0] is None for c in fitting for k in lost)):
            bad.append(u)
        taken.update(id(n) for c in fitting for n, (_, k) in zip(u.nums, c, strict=True) if k != NOT_MINE)
    for w in _shared(units).values():
        if id(units[w[0][0]].nums[w[0][1]]) not in taken:
            bad.extend(units[i] for i, _ in w if all(units[i] is not b for b in bad))
    return bad


def _stage(
    units: Sequence[Unit],
    eqs: list[Equation],
    anchors: dict[Slot, int],
    quantum: int,
    repairs: bool,
    distrust: bool = False,
    left_out: Sequence[Unit] = (),
) -> tuple[Placement, Solutions]:
    """One search: with the printed readings only, or with the repairs too (then fewest repairs first);
    ``left_out``: rows treated as unread (their cells unknown). ``distrust``: rows of text with one reading each
    must fit the identities (else there is no solution: they may be misread)."""
    out = Placement()
    for u in units:
        u.candidates = candidates(u, repairs) if all(u is not x for x in left_out) else []
        if not u.candidates and u.nums:
            for num in u.nums:
                out.open[id(num)] = (num, u, [])
    live = [u for u in units if u.candidates]
    owner = {s: u for u in live for s in u.cells}
    eqs = [e for e in eqs if all(s in owner for s in e.slots())]  # a row that cannot be placed is unknown
    # candidates that differ only in where a printed zero goes give every cell the same value: one stands for
    # all while searching, and the zeros' options come back at the end (``expand``)
    variants: dict[int, dict[Candidate, list[Candidate]]] = {}
    for u in live:
        if len(u.candidates) == 1:  # a grid row, or as many numbers as columns: nothing to group
            continue
        groups: dict[Candidate, list[Candidate]] = {}
        for c in u.candidates:
            groups.setdefault(_nonzero(u, c), []).append(c)
        variants[id(u)] = groups
        u.candidates = [g[0] for g in groups.values()]

    def expand(u: Unit, cands: list[Candidate]) -> list[Candidate]:
        groups = variants.get(id(u))
        return cands if groups is None else [c for rep in cands for c in groups[_nonzero(u, rep)]]

    first = {id(u): u.candidates for u in live}  # (rows get new lists of candidates, never edited in place)
    rounding = Rounding(quantum)
    solutions: Solutions = [[u.candidates[0] for u in live]]
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
        if solutions and any(u.picks for u in live):
            solutions = _equal_swaps(live, solutions)
    if solutions and repairs:
        fewest = min(_repairs(live, sol) for sol in solutions)
        solutions = [sol for sol in solutions if _repairs(live, sol) == fewest]
    supported = _support(live, eqs, owner, rounding) if solutions is None else None
    if supported is not None and not all(supported):
        solutions = []
    if solutions is None:  # too many solutions to list: the candidates some solution uses (or all left)
        for k, u in enumerate(live):
            _common(u, expand(u, supported[k] if supported is not None else u.candidates), out, "identities")
    elif solutions:
        for i, u in enumerate(live):
            _common(u, expand(u, list(dict.fromkeys(sol[i] for sol in solutions))), out, "identities")
    else:
        out.reason = IDENTITIES_FAIL
        for u in live:
            _common(u, expand(u, first[id(u)]), out, "columns")  # not what narrowing an inconsistent system left
    values = _final_values(live, out)
    for e in eqs:
        if all(s in values or s not in owner for s in e.slots()):
            if _holds(e, values, True, rounding):
                out.confirmed.update(s for s in e.slots() if s in values)
                out.vouched.update(_vouching(e, values, owner))
                if _holds(e, values, True, _EXACT):
                    out.exact.update(s for s in e.slots() if s in values)
            elif any(s in values for s in e.slots()):
                out.failed.append(e)
    return out, solutions


def _equal_swaps(live: list[Unit], solutions: list[list[Candidate]]) -> list[list[Candidate]]:
    """Solutions that give every cell the same value, equal figures traded between the rows that take them
    (``总计`` / ``2,995.39`` / ``总计`` / ``2,995.39``: either 总计 may take either print), are one reading — as
    ``_interleaved`` keeps one of a row's: the one whose rows, in order, take the figures earliest printed."""
    best: dict[tuple[tuple[Slot, int], ...], tuple[tuple[int, ...], list[Candidate]]] = {}
    for sol in solutions:
        values: dict[Slot, int] = {}
        for u, cand in zip(live, sol, strict=True):
            values.update(_values(u, cand))
        cells = tuple(sorted(values.items()))
        order = tuple(
            n.start for u, cand in zip(live, sol, strict=True) for n, (s, _) in zip(u.nums, cand, strict=True) if s
        )
        if cells not in best or order < best[cells][0]:
            best[cells] = (order, sol)
    return [sol for _, sol in best.values()]


def _repairs(units: list[Unit], solution: list[Candidate]) -> int:
    """Repaired readings a whole-table solution uses."""
    return sum(
        1
        for u, cand in zip(units, solution, strict=True)
        for n, (slot, k) in zip(u.nums, cand, strict=True)
        if slot is not None and n.readings[k].repaired
    )


def _speck_digit_dropped(num: Num, reading: Reading) -> bool:
    """Whether a reading takes the print's last digit after the cents for a speck (``2,940.235`` → 2940.23): which
    of its three decimals is the speck the print does not say, and the readings it leaves (2940.23, 2940.25,
    2940.35) lie a few cents apart — within the rounding (尾差) an identity allows."""
    if not reading.repaired or not _THREE_DECIMALS.search(num.text):
        return False
    digits = "".join(ch for ch in num.text if ch.isdigit())
    return reading.cents == int(digits[:-1])


_THREE_DECIMALS = re.compile(r"[.,:;·。]\d{3}\W*$")


def _within_rounding(num: Num, reading: Reading) -> bool:
    """Whether a repaired reading may lie a few cents from the print's figure, so only an identity that holds to
    the cent confirms it: a speck taken for the last digit (``_speck_digit_dropped``), or a figure the OCR cut
    short after its point (``28. 1`` for 28.11: tables' ``_cut_short`` — 28.10 is a cent from the truth, within a
    column sum's rounding tolerance; tesseract, draw L)."""
    return _speck_digit_dropped(num, reading) or (reading.repaired and bool(ONE_DECIMAL.fullmatch(num.text)))


#: a figure printed with one decimal (``28.1``): in a table that prints cents, one cut short or truncated
ONE_DECIMAL = re.compile(r"-?\d+\.\d")


def _unconfirmed_repairs(units: list[Unit], out: Placement) -> None:
    """A repaired reading stands only where an identity that holds ties it to other printed figures — and so
    does any figure of a ``crowded`` row (a damaged figure beside it may be the row's own, the clean one a
    neighbour's that the text's rows took in). A reading that takes a speck for the print's last decimal
    (``_speck_digit_dropped``) or reads a figure cut short (``_within_rounding``) needs an identity that holds to
    the cent: a sum that holds only within its rounding
    (尾差) tolerance cannot tell it from the print's other readings — ``2,940.235`` read 2940.23 where 2940.05 +
    0.20 = 2940.25, all three misread (czj's table 01, tesseract, draw G: 2946.25 and 6.20 printed), and ``0.004``
    read 0.00 for 0.04 (seed 003's table 06, RapidOCR, draw G)."""
    for u in units:
        for num in u.nums:
            placed = out.placed.get(id(num))
            if placed is None or not (u.crowded or out.chosen(num).repaired):
                continue
            if placed[0] in (out.exact if _within_rounding(num, out.chosen(num)) else out.confirmed):
                continue
            del out.placed[id(num)]
            out.open[id(num)] = (num, u, [placed[0]])
            out.why[id(num)] = _CROWDED if u.crowded else "damaged print: no identity confirms a reading of it"


_CROWDED = "its row prints more figures than cells, one damaged beyond reading, and no identity tells its own"


def _vouching(e: Equation, values: dict[Slot, int], owner: dict[Slot, Unit]) -> list[Slot]:
    """The cells of an identity that holds with non-zero figures printed in three rows or more, one each (人员经费合计
    = 301 + 303): misread or misplaced figures of that many rows agree by no more than chance — they stand even
    where another identity of theirs fails (a damaged child of 301). Within one row, or between two (a parent
    and its one child print the same figure), figures a misread row took as a whole agree as well."""
    nonzero = [s for s in e.slots() if values.get(s)]
    rows = {id(owner[s]) for s in nonzero}
    return nonzero if len(nonzero) >= 3 and len(rows) == len(nonzero) else []


def _withdraw(units: list[Unit], out: Placement) -> None:
    """Take back every number placed under an identity that fails: the text's rows may have been misread —
    unless an identity that holds vouches for it (``_vouching``)."""
    bad = {s for e in out.failed for s in e.slots()} - out.vouched
    for u in units:
        for num in u.nums:
            placed = out.placed.get(id(num))
            if placed is not None and placed[0] in bad:
                del out.placed[id(num)]
                out.open[id(num)] = (num, u, [placed[0]])
    out.reason = f"{IDENTITIES_FAIL}, so the reading of its rows is not trusted"


def _narrow(
    live: list[Unit], eqs: list[Equation], owner: dict[Slot, Unit], anchors: dict[Slot, int], rounding: Rounding
) -> Solutions:
    """Anchors, then each row's own identities, then propagation over the others, then enumeration."""
    _apply_anchors(live, anchors)
    local: list[Equation] = []  # identities within one row
    spread: list[Equation] = []  # identities across rows
    for e in eqs:
        (local if len({id(owner[s]) for s in e.slots()}) == 1 else spread).append(e)
    by_unit: dict[int, list[Equation]] = {}
    for e in local:
        by_unit.setdefault(id(owner[e.lhs]), []).append(e)
    for u in live:
        own = by_unit.get(id(u))
        if not own:
            continue
        kept = [c for c in u.candidates if _all_hold(own, _values(u, c), rounding)]
        if not kept:  # a row no placement of its own satisfies: no whole-table solution exists
            return []
        u.candidates = kept
    if no_negative(live):
        _zeros(live, eqs, owner)
    _propagate(live, spread, owner, anchors, rounding)
    return _enumerate(live, eqs, owner, rounding)


def _nonzero(u: Unit, cand: Candidate) -> Candidate:
    """Where a candidate puts the row's non-zero readings (zeros, and numbers left out, change no sum) — and,
    by position, the floating numbers it leaves to its neighbour (that changes the neighbour's row)."""
    return tuple(
        (s, k) if k != NOT_MINE else (None, NOT_MINE - i)
        for i, (n, (s, k)) in enumerate(zip(u.nums, cand, strict=True))
        if k == NOT_MINE or (s is not None and n.readings[k].cents)
    )


def _zeros(units: list[Unit], eqs: list[Equation], owner: dict[Slot, Unit]) -> None:
    """With no negative figure printed, a sum that is blank has only blank parts: a column blank in the 合计
    row is blank in every 类, a 类 blank in a column has blank 款 there … (cheap, and sound: it only removes
    candidates that put a number where a blank sum forbids one)."""
    sums = [e for e in eqs if all(sign > 0 for sign, _ in e.terms)]
    filled = {id(u): _filled(u) for u in units}  # per row, the cells some candidate puts a non-zero in

    def blank(s: Slot) -> bool:
        return s not in filled[id(owner[s])]

    def force_blank(s: Slot) -> bool:
        u = owner[s]
        if blank(s):
            return False  # no candidate fills it: nothing to remove
        keep = [c for c in u.candidates if not _value(u, c, s)]
        if keep and len(keep) < len(u.candidates):
            u.candidates = keep
            filled[id(u)] = _filled(u)
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


def _filled(u: Unit) -> set[Slot]:
    """The cells some candidate of the row puts a non-zero reading in."""
    return {
        s for c in u.candidates for n, (s, k) in zip(u.nums, c, strict=True) if s is not None and n.readings[k].cents
    }


def _all_hold(eqs: list[Equation], values: dict[Slot, int], rounding: Rounding) -> bool:
    return all(_holds(e, values, False, rounding) for e in eqs)


def _apply_anchors(units: list[Unit], anchors: dict[Slot, int]) -> None:
    """Drop candidates that contradict another table's figure; an anchor no candidate agrees with is ignored —
    that one alone: table 01's misread 其他收入 (``0.20`` for 6.20, a cell table 02's text lost) no longer takes
    away the 财政拨款收入 that table 04 gives table 02's 合计 row (czj, tesseract, draw G)."""
    for u in units:
        pinned = [s for s in u.slots if s in anchors]
        if not pinned or len(u.candidates) <= 1:
            continue
        keep = [c for c in u.candidates if all(_value(u, c, s) == anchors[s] for s in pinned)]
        if not keep:  # (each anchor on its own, one no candidate agrees with set aside)
            keep = u.candidates
            for s in pinned:
                keep = [c for c in keep if _value(u, c, s) == anchors[s]] or keep
        u.candidates = keep


def _value(u: Unit, cand: Candidate, slot: Slot) -> int:
    for num, (s, k) in zip(u.nums, cand, strict=True):
        if s == slot:
            return num.readings[k].cents
    return 0


def _values(u: Unit, cand: Candidate) -> dict[Slot, int]:
    vals = dict.fromkeys(u.slots, 0)  # (``u.cells`` without building its list: asked for every candidate)
    if u.extra:
        vals.update(dict.fromkeys(u.extra, 0))
    for num, (s, k) in zip(u.nums, cand, strict=True):
        if s is not None:
            vals[s] = num.readings[k].cents
    return vals


def holds_exactly(e: Equation, values: dict[Slot, int]) -> bool:
    """Whether the identity holds to the cent with ``values`` (a cell without a value is blank)."""
    return _holds(e, values, True, _EXACT)


def holds_within(e: Equation, values: dict[Slot, int], quantum: int) -> bool:
    """Whether the identity holds to within rounding at a step of ``quantum`` cents (a cell without a value is
    blank)."""
    return _holds(e, values, True, Rounding(quantum))


def _holds(e: Equation, values: dict[Slot, int], strict: bool, rounding: Rounding) -> bool:
    """Whether the identity holds; slots without a value count as blank (0). Non-strict: unknown → holds."""
    get = values.get
    if not strict:
        for s in e.slots():  # (a loop, not ``any`` over a generator: the solver's innermost test)
            if s not in values:
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
        for uid in dict.fromkeys(id(owner[s]) for s in e.slots() if s in owner):  # each row once
            involved.setdefault(uid, []).append(e)
    neighbours: dict[int, set[int]] = {
        id(u): {id(owner[s]) for e in involved.get(id(u), []) for s in e.slots() if s in owner} for u in units
    }
    by_id = {id(u): u for u in units}
    cells = {id(u): [_values(u, c) for c in u.candidates] for u in units}
    options: dict[Slot, frozenset[int]] = {}
    links = _links(units)
    for uid, pairs in links.items():
        neighbours[uid] |= {vid for vid, _, _ in pairs}

    def linked(uid: int, cand: Candidate) -> bool:  # some candidate of each neighbour takes what this one leaves
        return all(
            tuple(cand[j][1] == NOT_MINE for j in mine) in {tuple(d[j][1] != NOT_MINE for j in theirs)
                                                             for d in by_id[vid].candidates}
            for vid, mine, theirs in links.get(uid, [])
        )  # fmt: skip

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
            k
            for k, vals in enumerate(cells[uid])
            if all(_feasible(e, vals, options, anchors, rounding) for e in mine) and linked(uid, u.candidates[k])
        ]
        if keep and len(keep) < len(u.candidates):
            u.candidates = [u.candidates[k] for k in keep]
            cells[uid] = [cells[uid][k] for k in keep]
            refresh(u)
            for other in neighbours.get(uid, ()):
                if other != uid and other not in queued and len(by_id[other].candidates) > 1:
                    queue.append(other)
                    queued.add(other)


def _links(units: list[Unit]) -> dict[int, list[tuple[int, list[int], list[int]]]]:
    """Per row (by id), the rows it shares floating numbers with: (their id, the numbers' indices in it, in
    them)."""
    out: dict[int, dict[int, tuple[list[int], list[int]]]] = {}
    for w in _shared(units).values():
        if len(w) != 2:  # (a figure three rows may own: left by one, it is either other's — checked when listed)
            continue
        (a, ja), (b, jb) = w
        for (x, jx), (y, jy) in (((a, ja), (b, jb)), ((b, jb), (a, ja))):
            pair = out.setdefault(id(units[x]), {}).setdefault(id(units[y]), ([], []))
            pair[0].append(jx)
            pair[1].append(jy)
    return {uid: [(vid, m, t) for vid, (m, t) in pairs.items()] for uid, pairs in out.items()}


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
    units: list[Unit],
    eqs: list[Equation],
    owner: dict[Slot, Unit],
    rounding: Rounding,
    limit: int = MAX_SOLUTIONS,
    pin: tuple[int, Candidate] | None = None,
) -> Solutions:
    """Whole-table solutions (one candidate per row, in ``units`` order) consistent with every identity, up to
    ``limit``; ``pin``: one row's candidate fixed.

    None when the node budget runs out, or more than ``limit`` solutions exist (then ``_support`` tells which
    candidates some solution uses, without listing them all).
    """
    shared = _shared(units)
    order = _order(units, eqs, owner, shared)
    pos = {id(units[i]): k for k, i in enumerate(order)}
    due: dict[int, list[Equation]] = {}  # each identity is checked once the last of its rows is chosen
    for e in eqs:
        rows = [pos[id(owner[s])] for s in e.slots() if s in owner]
        if rows:
            due.setdefault(max(rows), []).append(e)
    owners: dict[int, list[list[tuple[int, int]]]] = {}  # floating numbers, checked once both rows are chosen
    for where in shared.values():
        owners.setdefault(max(pos[id(units[i])] for i, _ in where), []).append(where)
    chosen: list[Candidate] = [()] * len(units)
    values: dict[Slot, int] = {}
    solutions: list[list[Candidate]] = []
    nodes = 0
    columns: Columns = {}  # figures rows taking them near their labels put in each column (``_in_column_order``)

    def walk(k: int) -> bool:
        nonlocal nodes
        if k == len(order):
            solutions.append(list(chosen))
            return len(solutions) < limit
        u = units[order[k]]
        for cand in [pin[1]] if pin is not None and pin[0] == order[k] else u.candidates:
            nodes += 1
            if nodes > MAX_NODES:
                return False
            values.update(_values(u, cand))
            chosen[order[k]] = cand
            marks = _column_marks(u, order[k], cand)
            if not (
                all(_holds(e, values, False, rounding) for e in due.get(k, []))
                and all(sum(chosen[i][j][1] != NOT_MINE for i, j in w) == 1 for w in owners.get(k, []))
                and _in_column_order(columns, marks)
            ):
                continue
            for col, mark in marks:
                columns.setdefault(col, []).append(mark)
            deeper = walk(k + 1)
            for col, _ in marks:
                columns[col].pop()
            if not deeper:
                return False
        return True

    complete = walk(0)
    if limit == 1 and solutions:
        return solutions
    return solutions if complete else None


def _column_marks(u: Unit, row: int, cand: Candidate) -> list[tuple[tuple[int, str], tuple[int, int]]]:
    """Where candidate ``cand`` of a row taking figures printed near its label (``Unit.picks``; ``row``: its
    index in the table) puts them, for ``_in_column_order``; nothing for other rows."""
    if not u.picks:
        return []
    return [((u.side, s[1]), (row, n.start)) for n, (s, _) in zip(u.nums, cand, strict=True) if s is not None]


def _in_column_order(columns: Columns, marks: list[tuple[tuple[int, str], tuple[int, int]]]) -> bool:
    """Whether figures placed in a column (``marks``, ``columns``: those placed so far) print in its rows'
    order. An OCR engine lists a skewed page's boxes by height; a column's boxes all sit at one distance from
    the page's left edge, so a rotation raises or lowers them alike and they keep their rows' order, however
    far the rows' other boxes move past them. Rows taking the figures printed near their labels (``_runs``)
    would otherwise trade figures that fit their parent's sum in any order: 2080501 … 2080599's four pairs
    under 20805's 326.72 (czj table 02, RapidOCR's heavy scan of draw L)."""
    for col, (row, at) in marks:
        for other, there in columns.get(col, ()):
            if (other < row) != (there < at):
                return False
    return True


def _shared(units: Sequence[Unit]) -> dict[int, list[tuple[int, int]]]:
    """The floating numbers two of these rows may own: id → (row index, number index) in each."""
    where: dict[int, list[tuple[int, int]]] = {}
    for i, u in enumerate(units):
        for j, n in enumerate(u.nums):
            if n.floating:
                where.setdefault(id(n), []).append((i, j))
    return {k: w for k, w in where.items() if len(w) > 1}


def _order(
    units: list[Unit], eqs: list[Equation], owner: dict[Slot, Unit], shared: dict[int, list[tuple[int, int]]]
) -> list[int]:
    """The order rows are chosen in: fewest candidates first; where rows share floating numbers, each next row
    the one most tied (by identities and shared numbers) to the rows already chosen, so a choice that leaves a
    number to nobody or to two rows fails at once rather than after every row between them is enumerated."""
    order = sorted(range(len(units)), key=lambda i: len(units[i].candidates))
    if not shared:
        return order
    index = {id(u): i for i, u in enumerate(units)}
    ties: list[list[int]] = [[] for _ in units]
    for e in eqs:
        rows = list(dict.fromkeys(index[id(owner[s])] for s in e.slots() if s in owner and id(owner[s]) in index))
        for a in rows:
            ties[a].extend(b for b in rows if b != a)
    for w in shared.values():
        for (a, _), (b, _) in itertools.permutations(w, 2):
            ties[a].append(b)
    out: list[int] = []
    weight = [0] * len(units)
    left = set(order)
    while left:
        nxt = max(left, key=lambda i: (weight[i], -len(units[i].candidates), -i))
        out.append(nxt)
        left.discard(nxt)
        for b in ties[nxt]:
            weight[b] += 1
    return out


def _support(
    units: list[Unit], eqs: list[Equation], owner: dict[Slot, Unit], rounding: Rounding
) -> list[list[Candidate]] | None:
    """Per row, the candidates some whole-table solution uses — when there are too many solutions to list:
    each candidate not yet seen in a solution is pinned and one solution looked for. None if a search runs out
    of budget (then nothing beyond what each row's candidates share is certain)."""
    seen: list[set[Candidate]] = [set() for _ in units]
    for i, u in enumerate(units):
        for c in u.candidates:
            if c in seen[i]:
                continue
            found = _enumerate(units, eqs, owner, rounding, limit=1, pin=(i, c))
            if found is None:
                return None
            if found:
                for j, cj in enumerate(found[0]):
                    seen[j].add(cj)
    return [[c for c in u.candidates if c in seen[i]] for i, u in enumerate(units)]


def _common(u: Unit, cands: list[Candidate], out: Placement, how: str) -> None:
    """Place each number of ``u`` whose (slot, reading) every candidate in ``cands`` agrees on."""
    if not cands:
        return
    for k, num in enumerate(u.nums):
        options = list(dict.fromkeys(c[k] for c in cands))
        slots = list(dict.fromkeys(s for s, _ in options if s is not None))
        if options == [(None, NOT_MINE)]:  # the neighbour's in every placement: its row says
            continue
        if num.floating and len(options) > 1:
            out.contested.add(id(num))
        if len(options) == 1 and options[0][0] is None:  # no amount in every placement: not read as one
            out.open.pop(id(num), None)
        elif len(options) == 1:
            decided = "position" if u.fixed is not None else ("count" if len(u.slots) == len(u.nums) else how)
            out.placed[id(num)] = (slots[0], decided)
            out.reading[id(num)] = options[0][1]
            out.open.pop(id(num), None)
        else:
            if num.floating and id(num) in out.open:  # the rows it floats between: every row's options
                slots = list(dict.fromkeys([*out.open[id(num)][2], *slots]))
            out.open[id(num)] = (num, u, slots)
            if len(slots) == 1 and all(s is not None for s, _ in options):
                readings = ", ".join(plain(num.readings[r].cents) for _, r in options)
                out.why[id(num)] = f"damaged print: its readings {readings} all fit the identities"


def plain(cents: int) -> str:
    """Cents as the plain decimal the facts spec writes, two places."""
    return f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _final_values(units: list[Unit], out: Placement) -> dict[Slot, int]:
    """The value of every cell that is known: placed numbers, and the blank cells of rows fully placed — a row
    whose only open figures float and are another row's in every solution (``6.20`` between
    ``文化旅游体育与传媒支出`` and ``其他收入``, open between two income rows) is fully placed too."""
    values: dict[Slot, int] = {}
    for u in units:
        if not any(_may_be_its(u, n, out) for n in u.nums):
            for s in u.cells:
                values[s] = 0
        for n in u.nums:
            if id(n) in out.placed:
                values[out.placed[id(n)][0]] = out.chosen(n).cents
    return values


def _may_be_its(u: Unit, n: Num, out: Placement) -> bool:
    """Whether open figure ``n`` may fill a cell of row ``u``: a floating one only where its options (the union
    over the rows it floats between) name one of the row's cells."""
    if id(n) not in out.open:
        return False
    options = out.open[id(n)][2]
    return not n.floating or not options or any(s in u.cells for s in options)


def contradicted(
    units: Sequence[Unit], eqs: Iterable[Equation], out: Placement, quantum: int
) -> list[tuple[Num, Unit]]:
    """Placed figures (each with its row) an identity contradicts through the damaged figures the placement left open:
    an identity whose every cell is known but for unplaced damaged figures whose digits are all there, only their
    separators misread (``2.995.39``) — each row printing one figure a cell, so the cell is certain — that fails for
    every reading of them, and holds one clean figure no identity that holds confirms. Which is misread is open; left
    placed, the clean one is emitted ``clean`` and unchecked — czj's table 01 in tesseract's text of its page
    (``2.995.39`` = ``2.940.05`` + ``533.34`` for 55.34: both totals damaged, 533.34 read as printed). A print with
    digits lost or garbled (``1. 2`` for 1.21) is likelier the misread one: no evidence against the clean figures
    beside it — nor are several clean figures against damaged prints (302 = Σ 302xx on ghzy's P text)."""
    values = _final_values(list(units), out)
    options: dict[Slot, list[int]] = {}
    for u in units:
        left = [n for n in u.nums if id(n) not in out.placed]
        if not left or u.ahead or any(n.floating for n in u.nums):
            continue
        if len(u.slots) == 1 and len(left) == len(u.nums) and len({n.text for n in left}) == 1:
            nums = left[:1]  # (``总计 2.995.39 2.995.39``: one total printed for both sides, read as one row)
        elif len(u.nums) == len(u.slots):
            nums = u.nums
        else:
            continue
        for n, s in zip(nums, u.fixed or u.slots, strict=True):
            if id(n) not in out.placed and n.damaged:
                options[s] = sorted({r.cents for r in n.readings if _same_digits(n.text, r.cents)})
    owner = {id(n): (n, u) for u in units for n in u.nums}
    by_slot = {slot: owner[i] for i, (slot, _) in out.placed.items()}
    found: dict[int, tuple[Num, Unit]] = {}
    for e in eqs:
        slots = e.slots()
        free = [s for s in slots if s in options and s not in values]
        if not free or any(s not in values and s not in options for s in slots) or not all(options[s] for s in free):
            continue
        clean = [s for s in slots if s in by_slot and s not in out.confirmed and values.get(s)]
        if len(clean) != 1:
            continue  # (several clean figures against damaged prints: the damaged one is likelier misread)
        if math.prod(len(options[s]) for s in free) > 64:
            continue
        if any(holds_within(e, {**values, **dict(zip(free, vals, strict=True))}, quantum)
               for vals in itertools.product(*(options[s] for s in free))):  # fmt: skip
            continue
        n, u = by_slot[clean[0]]
        found[id(n)] = n, u
    return list(found.values())


def _same_digits(printed: str, cents: int) -> bool:
    """Whether a reading of a damaged print keeps its digits, only its separators read (``2.995.39``: 2995.39)."""
    return "".join(c for c in printed if c.isdigit()).lstrip("0") == str(cents).lstrip("0")
