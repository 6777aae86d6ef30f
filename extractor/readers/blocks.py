"""Table 06 listed block by block: the plain text RapidOCR gives of a skewed or crowded scan.

RapidOCR orders its boxes by their tops and joins into one line every box whose top lies within a few pixels of
the box before it — a chain, not a band: on a skewed page, or where rows crowd, several printed rows chain into one
line, whose boxes are then listed left to right. Table 06 prints its groups of codes side by side (301 / 303 left,
302 / 310 right), so such a line lists the left group's codes, then their names, then their figures, then the right
group's (``301 / 30101 / 30102 / 工资福利支出 / 基本工资 / 津贴补贴 / 4816.14 / 537.64 / 987.86 / 0.00 / 302 / …``).
Within a block the figures are in the order of their left edges — right-aligned, the widest first — which is no
row's order (``1594.02 / 0.00`` are 30107's and 30106's); the codes and names too may come in any order.

What the text keeps is the blocks' order: a column's figures print top to bottom block after block, so with every
row printing one figure (``0.00`` for none) the k-th block of a group's figures holds the figures of the group's
rows from (its figures before) on, as many as it holds — a row's code may sit in the next block, its figure's box a
few pixels higher. Which row of a block takes which of its figures the text does not say: every way the identities
(301 = Σ 301xx, 人员经费合计 = 301 + 303 …) allow is searched, and a row is read where every such way gives it the
same value — a class's total, the one row of a block, rows whose block figures are all equal — the rest unread.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from extractor.readers.side_by_side import Sum, memberships, taken


@dataclass(frozen=True)
class Item:
    """One box of the table's text: a row's code, a row's name (the code it names), a figure, or a total's label."""

    kind: str  # "code" | "name" | "figure" | "total"
    code: str = ""  # code / name: the row's code; total: the total's key
    group: int = -1  # code / name: the column the row prints in


@dataclass(frozen=True)
class Block:
    """A run of one column's figures (item indices) and the rows (indices into the table's rows) they belong to."""

    rows: tuple[int, ...]
    figures: tuple[int, ...]


def blocks(items: Sequence[Item], rows: Sequence[str], group_of: dict[str, int]) -> list[Block] | None:
    """The blocks of figures of each column and the rows they hold, with the totals (``rows`` not in
    ``group_of``) each taking the figure printed right after its label. None where the text is not so: a figure
    before any code, a column whose figures are not as many as its rows (a row printing none, a code lost)."""
    column: dict[int, list[list[int]]] = {}
    group, last = -1, ""
    totals: dict[str, int] = {}
    for k, it in enumerate(items):
        if it.kind == "total":
            group, last = -2, it.code
        elif it.kind in ("code", "name"):
            if group == -2:
                return None  # (rows after the totals: not this layout)
            if it.group != group or last == "figure":
                column.setdefault(it.group, []).append([])
            group, last = it.group, it.kind
        elif group == -2:
            if last and last != "figure":
                totals.setdefault(last, k)
            last = "figure"
        elif group < 0:
            return None
        else:
            if last != "figure" and column[group][-1]:
                column[group].append([])  # (the group's names and codes came between: a new block)
            column[group][-1].append(k)
            last = "figure"
    out: list[Block] = []
    for g, runs in column.items():
        mine = [r for r, code in enumerate(rows) if group_of.get(code) == g]
        if sum(len(run) for run in runs) != len(mine):
            return None
        at = 0
        for run in (run for run in runs if run):
            out.append(Block(tuple(mine[at : at + len(run)]), tuple(run)))
            at += len(run)
    for r, code in enumerate(rows):
        if code not in group_of and code in totals:
            out.append(Block((r,), (totals[code],)))
    return out


def decided(
    found: Sequence[Block], values: Sequence[Sequence[int]], sums: Sequence[Sum], limit: int = 50000
) -> dict[int, tuple[int, int]] | None:
    """Row → (figure item, cents) for every row all ways agree on: each block's figures go to its rows one each
    (a figure of several readings — a point lost — takes any one), every identity holding. ``values``: by item,
    its readings in cents (the first as printed). None when no way holds or the ways are too many to search."""
    member = memberships(sums)
    sizes = [1 + len(s.terms) for s in sums]
    options: list[list[tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]]] = []
    memo: dict[tuple[object, ...], frozenset[tuple[int, int]] | None] = {}

    def search(b: int, begun: tuple[tuple[int, int, int], ...]) -> frozenset[tuple[int, int]] | None:
        key = (b, begun)  # (the identities begun: a sum done no longer tells ways apart)
        if key in memo:
            return memo[key]
        if len(memo) > limit:
            raise OverflowError
        if b == len(found):
            return frozenset()
        got: set[tuple[int, int]] = set()
        ok = False
        for o, way in enumerate(options[b]):
            state = _dealt(begun, way, member, sums, sizes)
            if state is None:
                continue
            rest = search(b + 1, state)
            if rest is not None:
                ok = True
                got |= rest
                got.add((b, o))
        memo[key] = frozenset(got) if ok else None
        return memo[key]

    try:
        options.extend(_options(b, values, member) for b in found)
        ways = search(0, ())
    except OverflowError:
        return None
    if ways is None:
        return None
    out: dict[int, tuple[int, int]] = {}
    for b, block in enumerate(found):
        taken = [options[b][o] for bb, o in ways if bb == b]
        used: set[int] = set()
        for row in block.rows:
            seen = {v for way in taken for rows, part in way if row in rows for v in part}
            if len(seen) != 1:
                continue
            v = seen.pop()
            figure = next((f for f in block.figures if f not in used and v in values[f]), None)
            if figure is not None:
                used.add(figure)
                out[row] = (figure, v)
    return out


def _dealt(
    begun: tuple[tuple[int, int, int], ...],
    way: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...],
    member: dict[int, list[tuple[int, int]]],
    sums: Sequence[Sum],
    sizes: list[int],
) -> tuple[tuple[int, int, int], ...] | None:
    """The identities begun once a block's rows take the values of ``way`` (``side_by_side.taken``, row by row);
    None when one they complete fails."""
    state: tuple[tuple[int, int, int], ...] | None = begun
    for rows, part in way:
        for row, v in zip(rows, part, strict=True):
            if state is None:
                return None
            state = taken({s[0]: s[1:] for s in state}, member.get(row, []), v, sums, sizes)
    return state


def _options(
    block: Block, values: Sequence[Sequence[int]], member: dict[int, list[tuple[int, int]]]
) -> list[tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]]:
    """The ways a block's figures go to its rows that differ to the identities: rows in the same identities with
    the same signs are alike (two children of 301), so only which values each set of alike rows takes counts —
    any row of the set may hold any of them. Each way: (rows of a set, the values it takes) per set."""
    alike: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for row in block.rows:
        alike.setdefault(tuple(member.get(row, ())), []).append(row)
    sets = [tuple(rows) for rows in alike.values()]
    out: set[tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]] = set()
    tried = 0
    for reading in itertools.product(*(values[f] for f in block.figures)):
        for split in _splits(sorted(reading), [len(s) for s in sets]):
            out.add(tuple(zip(sets, split, strict=True)))
            tried += 1
            if tried > _MOST_WAYS:
                raise OverflowError  # (too many to search: the block is left unread)
    return sorted(out)


_MOST_WAYS = 5000  # ways of one block tried before it is given up


def _splits(pool: list[int], sizes: list[int]) -> Iterator[list[tuple[int, ...]]]:
    """The distinct ways of dealing the (sorted) values of ``pool`` into parts of ``sizes``, one by one."""
    if not sizes:
        yield []
        return
    if math.comb(len(pool), sizes[0]) > _MOST_WAYS * 20:
        raise OverflowError  # (a block of many rows and many sets of them: too many to deal)
    for part in dict.fromkeys(itertools.combinations(pool, sizes[0])):
        rest = list(pool)
        for v in part:
            rest.remove(v)
        for tail in _splits(rest, sizes[1:]):
            yield [part, *tail]
