"""Readers for the nine standard tables (公开01–09表), generic and driven by the template's descriptions.

Each table is read into *units* — one printed row each: its key, its numbers in printed order, and the cells
(``(row, column)`` slots) they may fill — then its numbers are placed by ``readers.placement`` and emitted:

* a **grid** table (tab-separated cells with blanks kept: the seeds' converted text, and the page text this
  project rebuilds from PDFs and scans) has known columns: the header's cells are mapped to the template's
  columns by what they say (``TableSpec.column_for``), so every number's cell is fixed by its position;
* a **stream** table (space-separated text, one cell per line, wrapped labels, blank cells absent) is
  tokenized: a row starts at its code (``201 06 01`` or ``2010601``), its 合计, or a label of the template's
  vocabulary; the header says which columns exist; the accounting identities place the numbers.

How rows are keyed is the template's ``keys``: ``code`` (功能分类 codes and 合计), ``econ_code`` (经济分类
codes side by side, and 人员经费合计/公用经费合计), ``two_sided`` (income and expenditure labels) or ``item``
(三公, long or wide). Tables are read in an order that lets earlier tables anchor later ones (table 01's
income by source fixes table 02's 合计 row, the prose's 基本支出 fixes table 03's …), and a table is read again
when one read after it fixes some of its cells (table 05's 类 totals are table 04's 一般公共预算 column): an
anchor only ever chooses between placements the table's own identities allow.

Every value is built with ``readers.common.amount`` from the number's clean-view span, so it verifies against
the original text. Whatever cannot be placed with certainty becomes an ``Unread`` with the printed text.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import TypeVar

from extractor.codes import (
    CODE_LENGTHS,
    MIN_PREFIX,
    CodeBook,
    Entry,
    codebook,
    is_code,
    misnamed,
    name_problem,
    named,
    normalize_name,
    same_name,
)
from extractor.keys import BLANK_MARKS, CJK, CN_DIGITS, CN_ORDINAL_MARKS, differing, is_number, key_text, strip_label
from extractor.normalize import (
    DASHED_POINT,
    OCR_SEPARATORS,
    OCR_SPECKS,
    WHOLE_LOST,
    added_digit,
    digits_apart,
    dropped_digit,
    in_order,
    lookalike_digits,
    lookalike_readings,
    lost_digits,
    normalize_value,
    ocr_readings,
    pointless,
    reads_as,
    turned_code,
    turned_readings,
)
from extractor.readers import blocks, side_by_side
from extractor.readers.common import UnverifiableValue, amount
from extractor.readers.placement import (
    DAMAGED_CELL,
    ONE_DECIMAL,
    Equation,
    Num,
    Placement,
    Reading,
    Slot,
    Unit,
    contradicted,
    eliminate,
    holds_exactly,
    holds_within,
    no_negative,
    plain,
    rotated,
    scrambled,
    solve,
    solve_around,
    tolerance,
)
from extractor.schemas import ROW_MISREAD, TABLE_MODELS, Amount, StandardTable, TableRow, Unread
from extractor.segment import Cell, Document, Row, Table, amount_cells
from extractor.template import ColumnSpec, SideSpec, TableSpec, edits, load, nearest

#: Tables are read in this order, so the ones read first can anchor the placement of the later ones.
READ_ORDER = (
    "summary",
    "fiscal_summary",
    "basic_by_economic",
    "general_budget",
    "three_public",
    "income",
    "expenditure",
    "gov_fund",
    "state_capital",
)
IGNORED_HEADERS = re.compile(r"栏次|行次|^行$|^序号$")
CODE_HEADERS = re.compile(r"编码|代码|^类$|^款$|^项$|分类$")
NAME_HEADERS = re.compile(r"科目名称|项目|名称|^科目$")
_TOTAL_ROW = re.compile(r"^(?:合计|总计)$")


# ---------------------------------------------------------------------------------------------
# What one table read produced


@dataclass
class TableRead:
    """One table: its units, what the placement decided, and notes on what could not be read."""

    table: Table
    spec: TableSpec
    units: list[Unit] = field(default_factory=list)
    notes: list[Unread] = field(default_factory=list)
    placement: Placement | None = None
    anchors: dict[Slot, int] = field(default_factory=dict)  # what other tables' figures fixed in this one
    lost: set[Slot] = field(default_factory=set)  # cells the OCR lost (a cut line, a lost column): unknown, not blank

    def value(self, row: str, col: str) -> Decimal | None:
        """A placed value (None when blank, unplaced or not printed)."""
        for u in self.units:
            if u.key != row:
                continue
            for n in u.nums:
                placed = self.placement.placed.get(id(n)) if self.placement else None
                if placed and placed[0] == (row, col):
                    return Decimal(self.placement.chosen(n).cents) / 100  # type: ignore[union-attr]
        return None

    def printed(self, row: str) -> bool:
        """Whether the row is printed, and every number in it was placed (so a blank cell means zero)."""
        return any(
            u.key == row and self.placement is not None and all(id(n) in self.placement.placed for n in u.nums)
            for u in self.units
        )

    def known(self, row: str, col: str, checked: bool = False) -> Decimal | None:
        """The cell as the reading knows it: its placed value, 0 for a blank in a row whose every number was
        placed, None otherwise (the row is not printed, or a number of it was left unread: the cell may hold it).
        ``checked``: a blank under an identity that fails is unknown too — its figure may have been read into
        another row (seed 003's table 01 in rows rebuilt from RapidOCR's heavy scan, draw M: ``1 741.64 一、一般
        公共服务支出 32`` / ``一般公共预算财政拨款收入`` — the fund's figure, read as the expenditure's, left the
        fund blank and 本年收入合计 = Σ income failing)."""
        v = self.value(row, col)
        if v is not None:
            return v
        if (row, col) in self.lost:
            return None
        failed = checked and self.placement is not None and any((row, col) in e.slots() for e in self.placement.failed)
        return Decimal(0) if self.printed(row) and not failed else None


def read_tables(doc: Document, narrative: dict[str, Decimal] | None = None) -> tuple[list[StandardTable], list[Unread]]:
    """Read every standard table of the document; ``narrative`` figures (by key) may anchor placements."""
    reads = read_all(doc, narrative or {})
    tables: list[StandardTable] = []
    unread: list[Unread] = []
    for r in sorted(reads, key=lambda r: r.table.title_start):
        model, notes = _emit(doc, r)
        tables.append(model)
        unread.extend(notes)
    return tables, unread


#: whether a two-sided row whose label names no row is keyed as the row its neighbours leave out (``read_all``)
_BETWEEN: ContextVar[bool] = ContextVar("_BETWEEN", default=False)


def read_all(doc: Document, narrative: dict[str, Decimal]) -> list[TableRead]:
    """Units and placements of every table (``_read_all``). Where a two-sided table prints a row whose label
    the OCR garbled beyond naming between two rows one apart in the template's order (``_between_keys``), the
    report is read again with that row keyed as the one between, kept where it places more with no more
    identities failing over all tables: czj's table 01 on tesseract's light scan of draw BC printed ``丝宫收和从``
    for 经营收入, and table 02's 6.20 stood between 经营收入 and 其他收入 in every row (19 → 43 of 45). Only so:
    a row keyed may make a sum checkable that a misread elsewhere fails before a later reading repairs it
    (czj's table 01 on draw AR, ``2,940.25`` for 2,946.25: with its blank 经营收入 keyed, 本年收入合计 = Σ income
    failed and table 01 was withdrawn whole; without it, table 02's anchors repair the print)."""
    reads = _read_all(doc, narrative)
    if not any(r.spec.keys == "two_sided" and r.table.layout == "stream" and _between_keys(r.spec, r.units)
               for r in reads):  # fmt: skip
        return reads
    token = _BETWEEN.set(True)
    try:
        keyed = _read_all(doc, narrative)
    finally:
        _BETWEEN.reset(token)
    return keyed if _reads_better(keyed, reads) else reads


def _reads_better(a: list[TableRead], b: list[TableRead]) -> bool:
    """Whether the report's reading ``a`` places more figures than ``b`` with no more identities failing."""

    def count(reads: list[TableRead]) -> tuple[int, int]:
        ps = [r.placement for r in reads if r.placement is not None]
        return sum(len(p.placed) for p in ps), sum(len(p.failed) for p in ps)

    (placed_a, failed_a), (placed_b, failed_b) = count(a), count(b)
    return placed_a > placed_b and failed_a <= failed_b


def _read_all(doc: Document, narrative: dict[str, Decimal]) -> list[TableRead]:
    """Units and placements of every table, in read order (anchors flow from earlier tables); a table read
    earlier is read again when one read later (or its own reading) gives it anchors it lacked (``_later``)."""
    tpl = load()
    done: dict[str, TableRead] = {}
    reads: list[TableRead] = []
    for t in sorted(doc.tables, key=lambda t: (READ_ORDER.index(t.kind), t.title_start)):
        anchors = {} if t.kind in done else _anchors_for(t, done, narrative)
        r = _read(doc, t, tpl[t.kind], anchors)
        if t.kind in done:
            r.notes.append(_note(doc, t.kind, "table printed twice; the first one is read", t.start, t.end))
            continue
        done[t.kind] = r
        reads.append(r)
        for k, old in enumerate(reads):
            for _ in range(3):  # each reading may place the figures the next anchor needs: a few rounds at most
                if old.placement is None or not old.placement.open:  # (nothing left to place: no anchors sought)
                    break
                more = {s: v for s, v in _later(old, _same_unit(old.table, done)).items() if s not in old.anchors}
                if not more:
                    break
                old = _read(doc, old.table, old.spec, {**old.anchors, **more})
                reads[k] = done[old.table.kind] = old
        _classes_misread(done)  # (as soon as table 05 is read: tables 02 and 03, read later, take its anchors)
    for kind in ("fiscal_summary", "summary"):  # (table 01's evidence takes table 04's figures)
        if (boxed := _boxed(doc, done, kind)) is not None:
            reads[reads.index(done[kind])] = done[kind] = boxed
            if kind == "summary":
                _income_anchored_again(doc, done, reads, narrative)
    _printed_alike(doc, done, reads)
    unanchored = _unanchored(doc, done["income"]) if "income" in done else None
    if unanchored is not None and _income_disputes(doc, done, unanchored):
        income = done["income"]
        anchors = _anchors_for(income.table, done, narrative)
        k = reads.index(income)
        again = _read(doc, income.table, income.spec, anchors)
        assert again.placement is not None
        if again.placement.failed and _better((free := unanchored()).placement, again.placement):
            again = free  # (table 01's blank rows misread too: table 02's own print, unanchored, says more)
        reads[k] = done["income"] = again
        reads[reads.index(next(r for r in reads if r.table.kind == "summary"))] = done["summary"]
    _classes_misread(done)
    _printed_elsewhere(done)
    for r in reads:
        _inexact_lookalike(doc.text.clean, r)
        _repaired_away(r)
        _lost_digit_in_sum(r)
        _contradicted(r)
    return reads


def _inexact_lookalike(clean: str, r: TableRead) -> None:
    """A clean print its identities confirm only within a rounding step (尾差), where a figure the report prints
    elsewhere is that print with one or two digits read for their look-alikes (``lookalike_digits``) and makes every
    identity the cell stands in hold to the cent — two at least, each failing to the cent with the print: the
    print is misread, the look-alike is the reading (repaired). czj's table 01 in tesseract's text of a clean scan
    prints 本年支出合计 ``2.940.03`` (5 read 3): Σ 类 = 2,940.05 and 支出总计 − 年末结转和结余 = 2,940.05 held within
    two cents of it, and the wrong figure was emitted; tables 02, 03 and 05 print 2,940.05. A print legitimately
    rounded apart from its sums has no look-alike printed elsewhere that both sums agree with exactly."""
    p = r.placement
    if p is None or r.table.layout != "stream" or not _prints_damage(r.units):
        return
    eqs = equations(r.spec, r.units)
    values = _read_values(r.units, p)
    elsewhere = _report_prints(clean)
    for u in r.units:
        for k, n in enumerate(u.nums):
            placed = p.placed.get(id(n))
            if placed is None or placed[0] in p.exact or n.damaged:
                continue
            slot, cents = placed[0], p.chosen(n).cents
            mine = [e for e in eqs if slot in e.slots() and all(s in values for s in e.slots())]
            if len(mine) < 2 or any(holds_exactly(e, values) for e in mine):
                continue
            fits = [
                c
                for c in elsewhere
                if c != cents
                and lookalike_digits(plain(cents), plain(c))
                and all(holds_exactly(e, {**values, slot: c}) for e in mine)
            ]
            if len(fits) != 1:
                continue
            fixed = _with_repairs(n, fits)
            u.nums[k] = fixed
            p.placed[id(fixed)] = p.placed.pop(id(n))
            p.reading.pop(id(n), None)
            p.reading[id(fixed)] = len(fixed.readings) - 1
            p.exact.add(slot)
            values[slot] = fits[0]


def _repaired_away(r: TableRead) -> None:
    """A figure placed with a repaired reading where the print as read holds more of the identities it stands in to
    the cent, every one of them within its rounding, and one of them a sum of figures of three rows or more (two
    identities at least): the print stands, the repair goes. A repair's value may come from another table's figure
    that is itself the misread one: tesseract read czj's table 04 ``2,940.05`` as ``2,940.03`` in every cell (5
    read 3), its sums holding alike, and table 02's ``2.940.05`` — 2,946.25 = 2,940.05 + 6.20 to the cent, 合计 =
    Σ 类 within its rounding — was repaired to table 04's figure (draw BQ)."""
    p = r.placement
    if p is None or r.table.layout != "stream":
        return
    eqs, quantum = equations(r.spec, r.units), _quantum(r.units)
    values = _read_values(r.units, p)
    owner = {s: u for u in r.units for s in u.slots}
    for n in (n for u in r.units for n in u.nums):
        placed = p.placed.get(id(n))
        if placed is None or p.reading.get(id(n), 0) == 0:  # (placed as read)
            continue
        slot, printed = placed[0], n.readings[0].cents  # (a damaged print's first reading: as read)
        mine = [e for e in eqs if slot in e.slots() and all(s in values for s in e.slots())]
        now = {**values, slot: printed}
        if len(mine) < 2 or not all(holds_within(e, now, quantum) for e in mine):
            continue
        if sum(holds_exactly(e, now) for e in mine) <= sum(holds_exactly(e, values) for e in mine):
            continue
        if not any(len({id(owner.get(s)) for s in e.slots() if values.get(s)}) >= 3 for e in mine):
            continue
        p.reading[id(n)] = 0
        values[slot] = printed
        if all(holds_exactly(e, now) for e in mine):
            p.exact.add(slot)


def _lost_digit_in_sum(r: TableRead) -> None:
    """A sum of figures printed in three rows or more that fails by one figure the OCR printed with a digit lost
    (RapidOCR's ``9.03`` for czj's 30199 其他工资福利支出 91.03 on draw BQ's heavy scan: 301 = Σ 301xx failed, and
    9.03 was emitted, flagged): where exactly one figure of the failing sum is, with one or two digits put back
    (``normalize.lost_digits``), a value that makes it hold within its rounding, that value is a repaired reading;
    kept where the table, read again with it, fails fewer identities, places no fewer figures and that sum then
    vouches for it. Never a digit changed: a changed digit fits some figure of almost any failing sum."""
    p = r.placement
    if p is None or not p.failed or r.table.layout != "stream":
        return
    values, quantum = _read_values(r.units, p), _quantum(r.units)
    nums = {p.placed[id(n)][0]: n for u in r.units for n in u.nums if id(n) in p.placed and not n.damaged}
    fuller: dict[int, Num] = {}
    for e in p.failed:
        if sum(1 for s in e.slots() if values.get(s)) < 3:
            continue
        hits = [
            (n, c)
            for slot, n in nums.items()
            if slot in e.slots()
            for c in _sum_gives(e, values, slot, quantum)
            if lost_digits(n.text, plain(c)) and holds_within(e, {**values, slot: c}, quantum)
        ]
        if len(hits) == 1:
            n, c = hits[0]
            fuller[id(n)] = _with_repairs(n, [c])
    if not fuller:
        return
    units = [dataclasses.replace(u, nums=[fuller.get(id(n), n) for n in u.nums], candidates=[]) for u in r.units]
    alt = solve(units, equations(r.spec, units), r.anchors, quantum, distrust=True)
    repaired = [alt.placed[id(n)][0] for n in fuller.values() if id(n) in alt.placed and alt.chosen(n).repaired]
    if len(alt.failed) < len(p.failed) and len(alt.placed) >= len(p.placed) and set(repaired) <= alt.vouched:
        r.units, r.placement = units, alt


def _sum_gives(e: Equation, values: dict[Slot, int], slot: Slot, quantum: int) -> range:
    """The cents a cell may hold for identity ``e`` to hold within its rounding, the other cells as read (a cell
    without a value blank)."""
    need = _solved_for(e, slot, {s: values.get(s, 0) for s in e.slots()})
    slack = quantum * (len(e.terms) + 1 + e.leaves)
    return range(max(1, need - slack), need + slack + 1)


def _classes_misread(done: dict[str, TableRead]) -> None:
    """Table 01's 类 rows printed with digits misread — a face's look-alikes in every cell of a column (czj's
    ``2,106.60`` for 2,106.66, ``320.71`` for 326.71 and ``4453.69`` for 445.69 on tesseract's light scan, draw
    AH), which fail 本年支出合计 = Σ 类 together, so no one of them is confirmed and the table's own figures give
    them no candidates. The same 类's figure tables 03 and 05 confirm (本年支出合计; 合计) is a candidate reading
    of a print it is with digits misread, lost or added (``digits_apart``), and a reading of the print with
    look-alike digits swapped, or one digit of its whole part taken out (``_near_readings``: ``3206.71`` on draw
    AO), within a rounding of it is one (table 05 rounds czj's 208 to 326.72; only where no figure is the print's
    value so) — never the other table's value itself: a 类 of table 05 is only its 一般公共预算 money. Any cell
    another table confirms (the table's anchors: table 02's 本年收入合计 for ``2,940.23``, 2,946.25 with 6 read 0
    and 5 read 3, draw AO) is a source so too. Kept only where table 01's identities then place more and fail no
    more, every figure placed anew vouched for by an identity of three rows or more (``_kept_with``), and every
    candidate taken confirmed by an identity that holds to the cent: a rounding's slack (Σ of four 类 may be off
    by three cents) would let a candidate a cent or two off in."""
    r = done.get("summary")
    if r is None or r.placement is None or not (r.placement.failed or r.placement.open):
        return
    same = _same_unit(r.table, done)
    names = {code: name for name, code in _class_codes().items()}
    found: dict[Slot, set[int]] = {}
    for kind, col in (("expenditure", "本年支出合计"), ("general_budget", "合计")):
        for code, v in _classes_confirmed(same, kind, col).items():
            if v > 0:
                found.setdefault((names[code], "金额"), set()).add(v)
    for slot, v in r.anchors.items():  # (another table's confirmed figure for a cell: table 02's 本年收入合计)
        if v > 0:
            found.setdefault(slot, set()).add(v)
    fuller: dict[int, Num] = {}
    for u in r.units:
        values = sorted({v for slot in u.slots for v in found.get(slot, ())})
        for n in (n for n in u.nums if values and id(n) not in r.placement.placed):
            near = set(_apart(n, values))
            near = near or {c for c in map(_cents, (y for x in _print_texts(n) for y in _near_readings(x)))
                            if any(abs(c - v) <= _ROUNDING for v in values)}  # fmt: skip
            kept = sorted(near - {x.cents for x in n.readings})
            if kept:
                fuller[id(n)] = _with_repairs(n, kept)
    if not fuller:
        return
    units, placement = r.units, r.placement
    # (with the rows whose values the identities then give: czj's 本年收入合计 ``2,9406.25``)
    _derived_repairs(r, equations(r.spec, units), r.anchors, _quantum(units), fuller)
    now = r.placement
    repaired = [now.placed[id(n)][0] for n in fuller.values() if id(n) in now.placed and now.chosen(n).repaired]
    if any(slot not in now.exact for slot in repaired):
        r.units, r.placement = units, placement  # (a candidate a rounding's slack let in is no reading)


def _near_readings(raw: str) -> list[str]:
    """What a print reads as with look-alike digits swapped or one digit of its whole part taken out (czj's
    ``3206.71`` for 326.71, tesseract's light scan of draw AO: table 05 rounds it to 326.72, so no figure printed
    elsewhere is the value itself) — candidates an identity must confirm to the cent."""
    return [*lookalike_readings(raw), *dropped_digit(raw)]


_ROUNDING = 2  # cents two tables' prints of one quantity may differ by (尾差: each rounds the yuan its own way)


def _boxed(doc: Document, done: dict[str, TableRead], kind: str) -> TableRead | None:
    """Table 01 (or 04, ``kind``) in text without cells (an OCR engine's boxes one per line, or rows rebuilt from
    them) whose reading by order fails its identities or leaves figures open, read again with every figure
    floating among the rows printed nearest it (``_boxed_windows``): ghzy's heavy scan on draw F, 0/12 read by
    order; in rows rebuilt by position, a figure the identities leave open keeps its line's row (``_as_lined``).
    Besides the identities, what tables 02–04 print for a row (``_summary_evidence``) pins it — only where this
    table prints that very figure near the row: reports round the same quantity differently from table to table
    (ghzy's 卫生健康支出 is 236.63 in table 01, 236.64 in table 03), and such a difference must not fail the
    reading. Kept when it places more with no more identities failing; a figure it places where the first
    reading did not is read only where an identity that holds confirms it, and one the identities leave between
    rows is unread (``_may_hold``).

    Table 04 prints several columns a row on its expenditure side: a row there takes a run of the figures near
    its label (``Unit.picks``), its sums across (合计 = Σ funds) and down (本年支出合计 = Σ 类, 总计 = 本年合计 +
    结转和结余), table 01's funds and table 05's 类 totals (``_fiscal_evidence``) deciding: czj's heavy scan on
    draw G prints ``2,940.05`` three times ahead of ``本年支出合计`` / ``本年收入合计`` (the right row's label
    first) and 住房保障支出's pair after the row above's label (2/19 read by order, now 19/19); seed 003's on draw
    F prints the 本年支出合计 pair ahead of the 本年收入合计 label (1/15, now 15/15); czj's on draw H 16/19, now
    19/19.

    Also where the reading by order refused the text (``_out_of_order``: its 总计 rows print no figure after their
    labels) — czj's table 01 on RapidOCR's heavy scan of draw L prints both 总计 labels after their ``2,995.39``s,
    0/12 read, now 9/12; ghzy's in pdftotext's plain text (the corpus) 0 → 2 of 12, none wrong.
    """
    r = done.get(kind)
    if r is None or r.table.layout != "stream" or r.placement is None:
        return None
    lined = not _one_per_line(doc.text.clean, _tokens(doc.text.clean, r.table))
    if lined and r.table.figures_below:
        return None  # (a line of labels, their figures on the line below: ``_share_figures_below``)
    same = _same_unit(r.table, done)
    evidence = _summary_evidence(r, same) if kind == "summary" else _fiscal_evidence(r, same)
    disputed = _disputed(r.units, r.placement, evidence)
    refused = not any(u.nums for u in r.units)  # (read by order, the text was refused: ``_out_of_order``)
    if not (r.placement.failed or r.placement.open or disputed or refused):
        return None
    notes: list[Unread] = []
    units, alt = _boxed_reading(doc, r, evidence, lined, notes)
    if not _boxed_better(r, units, alt, evidence, disputed):
        return None
    _unconfirmed_moves(r, units, alt, pinned=_printed_evidence(units, evidence))
    if not _boxed_better(r, units, alt, evidence, disputed):
        return None
    _may_hold(doc, r.table, units, alt, notes)
    return TableRead(table=r.table, spec=r.spec, units=units, notes=notes, placement=alt, anchors=r.anchors)


def _income_anchored_again(
    doc: Document, done: dict[str, TableRead], reads: list[TableRead], narrative: dict[str, Decimal]
) -> None:
    """Table 02 takes its 合计 row's anchors from table 01 (``_anchors``); table 01 read again among nearby rows
    (``_boxed``) may now know figures it left open, so table 02, with figures open, is read again with them and
    kept where it places more with no more identities failing — czj's rows rebuilt, RapidOCR heavy on draw J:
    ``2,946.25 2,940.05 6.20`` under seven columns leaves 财政拨款收入 or 附属单位上缴收入 open in every row
    until table 01's 一般公共预算财政拨款收入 (2,940.05) pins the 合计 row, and 合计 = Σ 类 the rest."""
    income = done.get("income")
    if income is None or income.placement is None:
        return
    anchors = _anchors_for(income.table, done, narrative)
    if any(slot in anchors and anchors[slot] != v for slot, v in income.anchors.items()):
        # table 02 was read on table 01's first reading, which the second overturns (``一般公共预算财政拨款收入``
        # blank, then 851.17 — seed 002's rows rebuilt from RapidOCR's heavy scan, draw BV): that reading rests
        # on an anchor now known false, so table 02 is read again on the new ones, kept unless the old placed more
        again = _read(doc, income.table, income.spec, {**income.anchors, **anchors})
        if again.placement is not None and not _better(income.placement, again.placement):
            reads[reads.index(income)] = done["income"] = again
        return
    if income.placement.open:
        _income_again(doc, done, reads, anchors)


def _income_again(doc: Document, done: dict[str, TableRead], reads: list[TableRead], more: dict[Slot, int]) -> None:
    """Table 02 read again with ``more`` anchors (where they add any), kept where it places more with no more
    identities failing."""
    income = done["income"]
    assert income.placement is not None  # (callers read it again only where figures are open)
    if not more.items() - income.anchors.items():
        return
    again = _read(doc, income.table, income.spec, {**income.anchors, **more})
    if _better(again.placement, income.placement):
        reads[reads.index(income)] = done["income"] = again


def _printed_alike(doc: Document, done: dict[str, TableRead], reads: list[TableRead]) -> None:
    """Table 02 whose figures the identities leave between columns, read again with the cells table 01 prints
    alike (``_income_alike``), kept where it places more with no more identities failing: czj's table 01 on
    tesseract's light scan of draw AO misreads four 类 and both 总计, so none of its rows is trusted and table 02
    gets no anchor — its ``2.946.25 2.940.05 6.20`` left between 财政拨款收入 and 经营收入 (a header word lost) in
    every row. Table 01 prints ``2,940.05`` for 一般公共预算财政拨款收入 (the other funds blank) and ``6.20`` for
    其他收入: two prints of one quantity agreeing is evidence no misread gives."""
    income, summary = done.get("income"), done.get("summary")
    if income is None or summary is None or income.placement is None or not income.placement.open:
        return
    if summary.table.unit != income.table.unit:
        return
    _income_again(
        doc, done, reads, {s: v for s, v in _income_alike(summary, income).items() if s not in income.anchors}
    )


def _income_alike(summary: TableRead, income: TableRead) -> dict[Slot, int]:
    """Table 02's 合计-row cells (in cents) for which table 01 prints, alone in the row of the same quantity, a
    clean figure that a reading of a figure of table 02's 合计 row is too (placed or not): 财政拨款收入 is the
    three funds' sum, so only where table 01 prints the other funds' rows blank."""
    row = next((u for u in income.units if u.key == "合计"), None)
    if row is None:
        return {}
    printed = {x.cents for n in row.nums for x in n.readings}  # (``2.940.05``: a reading the identities must hold)
    mine = {**_SUMMARY_IN_INCOME, ("一般公共预算财政拨款收入", "金额"): ("合计", "财政拨款收入")}
    rows = {u.key: u for u in summary.units}
    shared = Counter(id(n) for u in summary.units for n in u.nums)
    out: dict[Slot, int] = {}
    for (srow, scol), slot in mine.items():
        u = rows.get(srow)
        if u is None or len(u.nums) != 1 or u.nums[0].floating or shared[id(u.nums[0])] > 1:
            continue  # (a figure floating among rows, rows rebuilt from a skewed scan, is not this row's own print)
        v = _printed_cents(summary, srow, scol)
        if not v or v not in printed:
            continue
        if slot[1] == "财政拨款收入" and any(rows[f].nums for f in _OTHER_FUNDS if f in rows):
            continue
        out[slot] = v
    return out


_OTHER_FUNDS = ("政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入")


def _disputed(units: list[Unit], p: Placement, evidence: dict[Slot, int]) -> int:
    """How many cells the other tables' ``evidence`` (confirmed there) disputes in a reading: a figure placed in
    a cell for which they print another (0 included: ghzy's table 05 prints no 207, so the pair read after
    ``七、文化旅游体育与传媒支出`` by order, RapidOCR heavy on draw I, is 八's — 208 = 754.75 there)."""
    nums = {id(num): num for u in units for num in u.nums}  # (a floating figure is in each row it is near)
    placed = [(p.placed[k][0], p.chosen(num).cents) for k, num in nums.items() if k in p.placed]
    return sum(slot in evidence and abs(cents - evidence[slot]) > _ROUNDED_ELSEWHERE for slot, cents in placed)


#: cents by which two tables may print one quantity (a 类 the sum of its 项, rounded at different levels, half a
#: cent per 项: czj's 社会保障和就业支出 is 326.71 in table 04, 326.72 in table 05): no dispute (``_disputed``)
_ROUNDED_ELSEWHERE = 5


def _boxed_better(r: TableRead, units: list[Unit], alt: Placement, evidence: dict[Slot, int], disputed: int) -> bool:
    """Whether the reading of figures among nearby rows (``alt``) is kept over the first (``r``'s): it places more
    with no more identities failing (``_better``), or as many with none failing more and fewer cells the other
    tables dispute (``_disputed``) — the identities of table 04 alone cannot tell two rows' pairs apart."""
    assert r.placement is not None
    if _better(alt, r.placement):
        return True
    return (
        disputed > 0
        and len(alt.placed) >= len(r.placement.placed)
        and len(alt.failed) <= len(r.placement.failed)
        and _disputed(units, alt, evidence) < disputed
    )


def _boxed_reading(
    doc: Document, r: TableRead, evidence: dict[Slot, int], lined: bool, notes: list[Unread]
) -> tuple[list[Unit], Placement]:
    """Table 01's rows with each figure floating among the rows printed nearest it (``_boxed_windows``), placed
    by the identities and by the other tables' ``evidence`` for the rows it is printed near (``_boxed``);
    ``lined``: rows rebuilt by position (``_as_lined``)."""
    units = _dedupe(doc, r.table, _stream_two_sided(doc, r.table, r.spec, notes, boxed=True), notes)
    anchors = {**r.anchors, **_printed_evidence(units, evidence)}
    eqs, quantum = equations(r.spec, units), _quantum(units)
    alt = solve(units, eqs, anchors, quantum, distrust=True)
    if alt.failed or alt.open:  # a figure with digits lost fits no row (``9859.38`` printed ``98.38``: ghzy, U)
        again = TableRead(table=r.table, spec=r.spec, units=units, placement=alt, anchors=anchors)
        _lost_digits(doc, again, anchors, eqs)
        assert again.placement is not None
        units, alt = again.units, again.placement
    if lined:
        alt = _as_lined(r, units, alt, lambda kept: solve(units, eqs, {**anchors, **kept}, quantum, distrust=True))
    if alt.open:
        units, alt = _as_the_page_prints(
            units, alt, lambda us: solve(us, equations(r.spec, us), anchors, quantum, distrust=True)
        )
    return units, alt


def _as_the_page_prints(
    units: list[Unit], alt: Placement, again: Callable[[list[Unit]], Placement]
) -> tuple[list[Unit], Placement]:
    """A figure the identities leave between rows near it (``_boxed_windows``) is the one of them on the side of
    its label the page prints its figures: one skew moves a whole page's boxes alike, so where on each side of
    the table every figure the identities placed sits before its row's label (or every one after it), two at
    least, a row the open figure sits the other way of is not its. czj's heavy scan on draw X lists each line's
    figures first (``326.71`` / ``6.20`` / ``八、社会保障和就业支出`` / ``八、其他收入``): 6.20 was 附属单位上缴收入's
    (七、, the line above) or 其他收入's; every figure placed sits before its label, so it is 其他收入's — the one
    income row after it. A side whose placed figures sit both ways keeps the page from any order: ghzy's heavy
    scan on draw D prints 112.88 before its label 年初结转和结余 where the other income figures follow theirs (its
    expenditure figures sit both ways). Read again with those rows dropped (``again``); kept where it places more
    with no more identities failing."""
    nums = {id(n): n for u in units for n in u.nums if n.floating}
    ways: dict[int, list[bool]] = {}
    for key, (slot, _) in alt.placed.items():
        owner = next((u for u in units if slot in u.slots and any(n is nums.get(key) for n in u.nums)), None)
        if owner is not None:
            ways.setdefault(owner.side, []).append(nums[key].start < owner.at)
    if any(len(set(w)) > 1 or len(w) < 2 for w in ways.values()):
        return units, alt
    before = {side: w[0] for side, w in ways.items()}
    open_ = {id(num) for num, _, _ in alt.open.values()}
    moved = [
        replace(u, nums=[n for n in u.nums if id(n) not in open_ or (n.start < u.at) == before[u.side]])
        if u.side in before
        else u
        for u in units
    ]
    if all(len(a.nums) == len(b.nums) for a, b in zip(moved, units, strict=True)):
        return units, alt
    fresh = again(moved)
    return (moved, fresh) if _better(fresh, alt) else (units, alt)


def _printed_evidence(units: list[Unit], evidence: dict[Slot, int]) -> dict[Slot, int]:
    """The other tables' ``evidence`` this table's print bears out, as anchors: a 0 (a row they do not print), or
    a figure printed near the row (as read, unrepaired) that equals theirs or is the one within rounding of it —
    reports round one quantity differently from table to table (ghzy's 城乡社区支出 is 3845.25 in table 01 and
    3845.24 in table 03, its 卫生健康支出 236.63 and 236.64): the anchor is this table's print, so a difference of
    rounding never fails the reading, and still tells which row a figure floating between two is."""
    printed: dict[Slot, set[int]] = {}
    for u in units:
        cents = {x.cents for n in u.nums for x in n.readings if not x.repaired}
        for slot in u.slots:
            printed.setdefault(slot, set()).update(cents)
    out: dict[Slot, int] = {}
    for slot, v in evidence.items():
        near = {c for c in printed.get(slot, ()) if abs(c - v) <= _ROUNDED_ELSEWHERE}
        if not v or v in near:
            out[slot] = v
        elif len(near) == 1:
            out[slot] = near.pop()
    return out


def _as_lined(
    r: TableRead, units: list[Unit], alt: Placement, again: Callable[[dict[Slot, int]], Placement]
) -> Placement:
    """Rows rebuilt by position (a line per printed row): the first reading gave each figure the row whose line it
    is printed on. Where the reading of figures among nearby rows (``_boxed``) leaves a figure between rows that
    include that one, the line's row stands — nothing says the skew moved it (czj's ``九、卫生健康支出 60.99``);
    where the identities put it in another row, they do (ghzy's ``八、其他收入 236.63``: 本年收入合计 = Σ income
    rows has no room for it; it is 卫生健康支出's). The lines' rows are kept together only where the identities
    still hold with them (``again`` reads the table with them fixed); otherwise the reading stays as it was."""
    assert r.placement is not None
    first = {
        (n.start, n.end): r.placement.placed[id(n)][0] for u in r.units for n in u.nums if id(n) in r.placement.placed
    }
    kept: dict[Slot, int] = {}
    for num, _, _ in alt.open.values():
        slot = first.get((num.start, num.end))
        if slot is not None and any(slot in u.slots and any(n is num for n in u.nums) for u in units):
            kept[slot] = num.cents
    if not kept:
        return alt
    lined = again(kept)
    placed = {lined.placed[id(n)][0] for u in units for n in u.nums if id(n) in lined.placed}
    if lined.failed or lined.reason or not kept.keys() <= placed:
        return alt
    return lined


def _may_hold(doc: Document, t: Table, units: list[Unit], p: Placement, notes: list[Unread]) -> None:
    """A floating figure left unread may be the figure of any row near it that read none (``使用非财政拨款结余``
    or ``年初结转和结余`` for ghzy's ``112.88``): each such row's cell is unknown, not blank, so the checks do not
    take it for 0 (``收入总计 ≠ 本年收入合计 + …`` raised over a figure that was printed but not read). The figure's
    note names the first of them; the others get a note of their own."""
    read = {slot[0] for slot, _ in p.placed.values()}
    for key, (num, _, _) in list(p.open.items()):
        rows = [u for u in units if any(n is num for n in u.nums) and u.key not in read]
        if not num.floating or not rows:
            continue
        p.open[key] = (num, rows[0], [s for u in rows for s in u.slots])
        why = f"may hold the figure {num.text} printed near its label, whose row the identities do not tell"
        notes.extend(_note(doc, f"{t.kind}/{u.key}", why, num.start, num.end, num.text, row=u.key) for u in rows[1:])


def _summary_evidence(r: TableRead, done: dict[str, TableRead]) -> dict[Slot, int]:
    """What the other tables print for table 01's (``r``'s) rows, where an identity of theirs confirms it
    (``_confirmed_cents``): table 02's 合计 row (本年收入合计 and each source of income), table 04's three funds
    (``_confirmed_elsewhere``), table 03's 合计 and each 类 — table 01's expenditure rows are the 类 of every
    fund's spending, as table 03's are, so a 类 table 03 does not print is blank in table 01 when the 类 it
    prints add up to its 合计."""
    out = _confirmed_elsewhere(r, done)
    names = {code: name for name, code in _class_codes().items()}
    classes = _classes_confirmed(done, "expenditure", "本年支出合计")
    out.update({(names[code], "金额"): v for code, v in classes.items()})
    return out


def _classes_confirmed(done: dict[str, TableRead], kind: str, col: str) -> dict[str, int]:
    """Each 类's figure (by code, in cents) in column ``col`` of table ``kind`` (03 or 05) where an identity
    that holds confirms it; every 类 the table does not print is 0 when the ones it prints add up to its 合计."""
    r = done.get(kind)
    names = set(_class_codes().values())
    printed = {u.key for u in r.units if u.key in names} if r is not None else set()
    classes = {code: _confirmed_cents(done, kind, code, col) for code in printed}
    out = {code: v for code, v in classes.items() if v is not None}
    total = _confirmed_cents(done, kind, "合计", col)
    known = list(out.values())
    if total is not None and known and len(known) == len(classes) and abs(sum(known) - total) <= tolerance(len(known)):
        out.update(dict.fromkeys(names - printed, 0))
    return out


def _fiscal_evidence(r: TableRead, done: dict[str, TableRead]) -> dict[Slot, int]:
    """What the other tables print for table 04's (``r``'s) rows, where an identity of theirs confirms it: the
    cells another table prints again (``_confirmed_elsewhere``), and its 一般公共预算财政拨款 column, table 05's
    合计 of each 类 (``_classes_confirmed``; 0 for a 类 table 05 does not print when the ones it prints add up)."""
    out = _confirmed_elsewhere(r, done)
    classes = _classes_confirmed(done, "general_budget", "合计")
    for u in r.units:
        code = _class_code(u.key) if u.side == 1 else None
        if code is not None and code in classes and (u.key, "一般公共预算财政拨款") in u.cells:
            out[(u.key, "一般公共预算财政拨款")] = classes[code]
    return out


def _confirmed_cents(done: dict[str, TableRead], kind: str, row: str, col: str) -> int | None:
    """A table's placed figure for a cell, in cents, where an identity of that table that holds confirms it."""
    r = done.get(kind)
    if r is None or r.placement is None or (row, col) not in r.placement.confirmed:
        return None
    v = r.value(row, col)
    return None if v is None else int(v * 100)


#: table 01's cells that table 02 prints again in its 合计 row
_SUMMARY_IN_INCOME: dict[Slot, Slot] = {
    ("本年收入合计", "金额"): ("合计", "本年收入合计"),
    **{(c, "金额"): ("合计", c) for c in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")},
}


def _unanchored(doc: Document, r: TableRead) -> Callable[[], TableRead]:
    """Table ``r`` read again without anchors — once, when first asked for (the dispute and the re-read after it
    may both want it)."""
    return cache(lambda: _read(doc, r.table, r.spec, {}))


def _income_disputes(doc: Document, done: dict[str, TableRead], unanchored: Callable[[], TableRead]) -> bool:
    """Table 01 prints table 02's 合计 row again (本年收入合计, and each source of income). OCR may misread a
    digit the same way in a total and one of its parts (``2,946.25`` and ``6.20`` read as ``2,940.25`` and
    ``0.20``): the sum still holds, so the three figures vouch for each other although another identity of table
    01 fails with them (总计 = 本年收入合计 + 年初结转和结余). Where table 02 prints a different figure for such a
    cell, confirmed there by an identity that holds, table 01's row is misread: it is read again with that row
    unknown (its identities restated without it) and its figure unread, naming table 02's. Then table 02, whose
    anchors came from table 01, is read again. Where those anchors fail table 02, its reading without them
    (``unanchored``) says what it prints, when it fails fewer identities. Returns whether table 01 changed."""
    summary, income = done.get("summary"), done.get("income")
    if summary is None or income is None or summary.table.unit != income.table.unit:
        return False
    if summary.table.layout != "stream":  # cells read as printed: a disagreement is the checks' to flag
        return False
    sp, ip = summary.placement, income.placement
    assert sp is not None and ip is not None
    if ip.failed:  # (table 01's misread rows anchor table 02 too, and fail it: its own print is read without them)
        free = unanchored()
        assert free.placement is not None
        if len(free.placement.failed) < len(ip.failed):
            income, ip = free, free.placement
    failing = {slot for e in sp.failed for slot in e.slots()}
    income_failing = {slot for e in ip.failed for slot in e.slots()}
    disputed: dict[str, Decimal] = {}
    for mine, theirs in _SUMMARY_IN_INCOME.items():
        a, b = summary.value(*mine), income.value(*theirs)
        if a is None or b is None or a == b:
            continue
        if theirs in ip.confirmed and theirs not in income_failing:
            disputed[mine[0]] = b
    if not any((row, "金额") in failing for row in disputed):
        return False  # (a part misread with its total still holds their sum: disputed once a sum of either fails)
    rows = [u for u in summary.units if u.key in disputed and u.nums]
    if not rows:
        return False
    # (the misread row kept the rest of the table from any reading: its other misreads are repaired now — czj's
    # ``2,106.00`` and ``3206.71`` beside ``2,940.25`` for 本年收入合计, tesseract's light scan of draw BF)
    again = _summary_around(doc, summary, rows, {}, disputed)
    repaired = _disputes_repaired(doc, summary, rows, disputed)
    assert again.placement is not None
    if repaired is not None and _better(repaired.placement, again.placement):
        again = repaired
    done["summary"] = again
    return True


def _disputes_repaired(
    doc: Document, summary: TableRead, rows: list[Unit], disputed: dict[str, Decimal]
) -> TableRead | None:
    """Table 01 read with each disputed row's print given table 02's figure as a repaired reading, where the print
    reads as that figure with a digit or two misread, lost or added (``digits_apart``: ``2,940.25`` for 2,946.25, 6
    read as 0) — the rows whose print does not (``0.20`` for 6.20: too few digits to say) left unknown, as the
    caller leaves them all: table 02's identities confirm the figure, and it is the reading where table 01's own
    identities then hold — every one, after the table's other misreads are repaired (``_lost_digits``). None where
    no print so reads or an identity still fails; the caller keeps it only where it reads more."""
    fuller: dict[int, Num] = {}
    lost: list[Unit] = []
    for u in rows:
        cents = int(disputed[u.key] * 100)
        if all(any(digits_apart(t, plain(cents)) for t in _print_texts(n)) for n in u.nums):
            fuller.update({id(n): _with_repairs(n, [cents]) for n in u.nums})
        else:
            lost.append(u)
    if not fuller:
        return None
    again = _summary_around(doc, summary, lost, fuller, disputed)
    return None if again.placement is None or again.placement.failed else again


def _summary_around(
    doc: Document, summary: TableRead, lost: list[Unit], fuller: dict[int, Num], disputed: dict[str, Decimal]
) -> TableRead:
    """Table 01 read again with the ``lost`` rows unknown (out of its identities, their figures unread, naming
    table 02's) and the figures of ``fuller`` (by id) given their repaired readings, the rest of its misreads
    repaired as in any reading (``_lost_digits``)."""
    unknown = {id(u): Unit(u.key, [], [], u.start, u.end, label=u.label, extra=u.cells) for u in lost}
    units = [
        unknown.get(id(u))
        or (dataclasses.replace(u, nums=[fuller.get(id(n), n) for n in u.nums], candidates=[]) if fuller else u)
        for u in summary.units
    ]
    eqs = eliminate(equations(summary.spec, summary.units), [s for u in lost for s in u.cells])
    again = TableRead(table=summary.table, spec=summary.spec, units=units, notes=list(summary.notes))
    again.anchors = summary.anchors
    again.placement = solve(units, eqs, summary.anchors, _quantum(units), distrust=summary.table.layout == "stream")
    _lost_digits(doc, again, summary.anchors, eqs)
    for u in lost:
        why = _INCOME_SAYS.format(plain(int(disputed[u.key] * 100)))
        again.notes.extend(_note(doc, f"summary/{u.key}", why, n.start, n.end, n.text, row=u.key) for n in u.nums)
    return again


#: cells two tables print for the same quantity (a fund's income in tables 01 and 04, the year's totals in 01,
#: 02 and 03, table 04's 一般公共预算 spending and table 05's 合计)
_SAME_QUANTITY: tuple[tuple[tuple[str, str, str], tuple[str, str, str]], ...] = (
    *(
        (("summary", f"{fund}收入", "金额"), ("fiscal_summary", fund, "金额"))
        for fund in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    ),
    *((("summary", *mine), ("income", *theirs)) for mine, theirs in _SUMMARY_IN_INCOME.items()),
    (("summary", "本年支出合计", "金额"), ("expenditure", "合计", "本年支出合计")),
    (("fiscal_summary", "本年支出合计", "一般公共预算财政拨款"), ("general_budget", "合计", "合计")),
    (("fiscal_summary", "本年收入合计", "金额"), ("income", "合计", "财政拨款收入")),  # (the three funds' income)
)


def _printed_elsewhere(done: dict[str, TableRead]) -> None:
    """Text without cell boundaries (OCR text): a figure placed by its position alone (no identity of its table
    ties it to other figures) is withdrawn where another table prints a different figure for the same quantity
    (``_SAME_QUANTITY``) — placed there or printed alone in its row: one of the two is misread, and nothing says
    this one is not (``一、一般公共预算财政拨款 2240.05`` in table 04, ``2,940.05`` in table 01). ``rounding``: the
    steps two tables may round one quantity apart (table 01's 类 rows and table 03's, ``_class_pairs``)."""
    pairs = [(pair, 0) for pair in _SAME_QUANTITY] + [(pair, 1) for pair in _class_pairs(done)]
    for pair, rounding in pairs:
        for (kind, row, col), (other, orow, ocol) in (pair, pair[::-1]):
            r, o = done.get(kind), done.get(other)
            if r is None or o is None or r.table.unit != o.table.unit or r.placement is None:
                continue
            if r.table.layout != "stream":  # cells read as printed: a disagreement is the checks' to flag
                continue
            theirs = _printed_cents(o, orow, ocol)
            if theirs is None:
                continue
            apart = rounding * _quantum(r.units)
            for u in r.units:
                for n in u.nums:
                    placed = r.placement.placed.get(id(n))
                    if placed is None or placed[0] != (row, col) or placed[0] in r.placement.confirmed:
                        continue
                    if abs(r.placement.chosen(n).cents - theirs) <= apart:
                        continue
                    _unplace(r.placement, n, u, _ELSEWHERE.format(o.spec.titles[0], plain(theirs)))


def _class_pairs(done: dict[str, TableRead]) -> list[tuple[tuple[str, str, str], tuple[str, str, str]]]:
    """Table 01's spending per 类 (its rows named by the 类) and table 03's 本年支出合计 of the 类's code: one
    quantity, which tables may round apart by a cent (czj prints 社会保障和就业支出 326.71 in table 01, 326.72 in
    table 03) — tesseract read czj's table 01 ``2,100.60`` for 2,106.66, ``320.71`` for 326.71 and ``4453.69`` for
    445.69 on draw BM, its identities unread around them, while table 03 printed each whole."""
    summary = done.get("summary")
    if summary is None:
        return []
    labels = {u.key for u in summary.units if u.side == 1}
    return [
        (("summary", label, "金额"), ("expenditure", code, "本年支出合计"))
        for label in sorted(labels)
        if (code := _class_code(label)) is not None
    ]


def _contradicted(r: TableRead) -> None:
    """Text without cell boundaries (OCR text): a row none of whose figures is what another table's confirmed
    figures for its cells (the anchors it was read with, not 0) say, within a cent's rounding, has its figures
    withdrawn — unless an identity across three rows or more of its own table vouches for one of them
    (``Placement.vouched``: the row is tied to the table's sums, and the other table may be the wrong one — seed
    000's 基本支出 1,070.89 against 人员经费合计 + 公用经费合计 = 1,070.82 over its truncated ``130.6``). The
    anchor was set aside for it (``_apply_anchors``: the other table may be the misread one), so nothing but the
    row's own sum checked its figures, and a misread printed twice holds that sum — czj's table 04 on
    tesseract's light scan of draw L: ``2,940.03`` twice for 本年支出合计 (合计 = 一般公共预算) where table 05
    confirms 2,940.05; ``320.71`` twice for 326.71. One of the two tables is misread, and nothing says which:
    the row's cells are unread, naming the other table's figure. A row one of whose figures the other table
    does confirm is tied to it, and a disagreement in another cell is the other table's misread (czj's table 02
    on tesseract's light scan of draw K: ``2,940.05`` as table 01 has it, table 01's ``0.20`` for 6.20)."""
    p = r.placement
    if p is None or r.table.layout != "stream" or not r.anchors or r.table.kind == "general_budget":
        return  # (table 05's one anchor is a sum of table 06's totals: a report's own truncation breaks it)
    for u in r.units:
        printed = {x.cents for n in u.nums for x in n.readings}
        theirs = [v for s in u.slots if (v := r.anchors.get(s))]
        if not theirs or any(abs(c - v) <= 1 for v in theirs for c in printed):
            continue  # (a figure the other table confirms ties the row to it: a disagreement is the other's)
        if any(s in p.vouched for s in u.slots):
            continue
        for n in u.nums:
            if id(n) in p.placed:
                _unplace(p, n, u, _CONTRADICTED.format(plain(theirs[0])))
            elif p.why.get(id(n)) == _RUN_INTO:  # (unread already: the other table's figure says more)
                p.why[id(n)] = _CONTRADICTED.format(plain(theirs[0]))


_CONTRADICTED = (
    "another table confirms {} for a cell of this row, which prints no such figure: one of the two is misread"
)


def _printed_cents(r: TableRead, row: str, col: str) -> int | None:
    """What a table prints for a cell: its placed figure, or the one clean figure printed in the row when the row
    has that one cell (placed or not: a figure left unread still says what was printed)."""
    if (v := r.value(row, col)) is not None:
        return int(v * 100)
    for u in r.units:
        if u.key == row and len(u.slots) == 1 and u.slots[0] == (row, col) and len(u.nums) == 1:
            readings = [x for x in u.nums[0].readings if not x.repaired]
            return readings[0].cents if len(readings) == 1 else None
    return None


_ELSEWHERE = "{} prints {} for the same quantity, and no identity of this table confirms this figure"


_INCOME_SAYS = (
    "misread: 收入决算表 (table 02) prints {} for it in its 合计 row, confirmed there by an identity, and an "
    "identity of this table fails with this figure"
)


def _read(doc: Document, t: Table, spec: TableSpec, anchors: dict[Slot, int], below: bool = False) -> TableRead:
    """One table's units and placement, with the anchors other tables (and the prose) give it; ``below``: each
    line of figures only given to the row below it (``_figure_lines_below``). Table 06 whose groups print side
    by side with split codes is read by its printed lines (``_read_side_by_side``) — from text of one box per
    line unless that reading fails its identities and the generic one does better; from other text where the
    generic reading fails and this one does better (read only then: a converter's text seldom needs it, and it
    is the slower reading)."""
    side = t.layout == "stream" and spec.keys == "econ_code"
    alone = side and _one_per_line(doc.text.clean, _tokens(doc.text.clean, t))
    paired = _read_side_by_side(doc, t, spec, anchors, alone) if alone else None
    if paired is not None and paired.placement is not None and not paired.placement.failed:
        return paired
    r = TableRead(table=t, spec=spec, anchors=anchors)
    if below:
        r.units = _below_only(_dedupe(doc, t, _stream_code(doc, t, spec, r.notes, True, lines=True), r.notes))
    else:
        reader = _GRID_READERS[spec.keys] if t.layout == "grid" else _STREAM_READERS[spec.keys]
        r.units = _dedupe(doc, t, reader(doc, t, spec, r.notes), r.notes)
    if t.layout == "stream" and spec.keys == "code" and _keeps_columns(doc.text.clean, _tokens(doc.text.clean, t)):
        _blank_columns(r.units, anchors)
    if alone and not r.units and (listed := _listed_in_blocks(doc, t, spec, anchors)) is not None:
        return listed  # (refused as printed column by column: RapidOCR's lines chained into blocks)
    quantum = _quantum(r.units)
    eqs = equations(spec, r.units)
    r.placement = solve(r.units, eqs, anchors, quantum, distrust=t.layout == "stream")
    if t.layout == "stream" and spec.keys in ("code", "econ_code") and not below:
        _float_figures(doc, r, anchors)
    if t.layout == "stream" and spec.keys == "code" and (r.placement.failed or r.placement.open):
        _scrambled(r, anchors)
    if r.placement.failed and t.layout == "stream" and spec.keys == "econ_code":
        _label_less_total(doc, r, anchors)
    if t.layout == "stream" and spec.keys == "econ_code":
        displaced = _displaced(doc.text.clean, r)
        _crossed_rows(doc, r, displaced)
        if displaced or (r.placement.open and alone):
            _merged_columns(doc, r, anchors)
    kind = "economic" if spec.keys == "econ_code" else "function"
    if t.layout == "stream" and spec.keys in ("code", "econ_code"):
        _run_into_rows(r, kind)
    if r.placement.failed:
        _without_damaged(doc, r, eqs, anchors, quantum)
    if (r.placement.failed or r.placement.reason) and t.layout == "stream" and spec.keys in ("code", "econ_code"):
        _without_bare_rows(doc.text.clean, r, anchors)
    if t.layout == "stream":
        _lost_digits(doc, r, anchors)
    if t.layout == "stream" and spec.keys == "code" and (r.placement.failed or r.placement.open):
        _lost_column(doc, r, anchors)
    if t.layout == "stream" and spec.keys == "code" and (r.placement.failed or r.placement.open):
        _cut_rows(doc, r, anchors)
    if t.layout == "stream" and spec.keys == "code" and (r.placement.failed or r.placement.open):
        _band_lost(doc, r, anchors)
    if t.layout == "stream" and spec.keys == "code":
        _row_repairs(r, anchors)
    if t.layout == "stream" and spec.keys == "code" and not below:
        _lagged_column(doc, r, anchors)
        _boxed_code(doc, r, anchors)
    if side and not alone and r.placement.failed:
        paired = _read_side_by_side(doc, t, spec, anchors, alone)
    if paired is not None and (alone or r.placement.failed) and _better(paired.placement, r.placement):
        return paired  # (rows rebuilt from a skewed scan's boxes print a printed line's groups over two lines)
    if not below and t.layout == "stream" and spec.keys == "code" and (r.placement.failed or r.placement.open):
        lines = _figure_lines_below(doc, r)
        _by_class(lines)
        _run_into_rows(lines, kind)
        _zeros_beside_blank_total(lines)
        _remains_untied(lines)
        return lines
    if (
        len(r.placement.failed) == 1
        and t.layout == "stream"
        and not _keeps_columns(doc.text.clean, _tokens(doc.text.clean, t))
    ):
        _with_lost_figure(r, anchors)
    if t.layout == "stream" and spec.keys == "code":
        _by_class(r)
    if t.layout == "stream" and spec.keys in ("code", "econ_code"):
        # (again on the final reading: a later reading solves the table anew — ``_without_bare_rows`` read czj's
        # 20106 ``财政事务行政运行`` with 行政运行's figures again, rows rebuilt from draw Y's heavy scan)
        _run_into_rows(r, kind)
    _wide_row_failing(doc.text.clean, r)
    _damage_contradicts(r)
    if t.layout == "stream" and spec.keys == "code":
        _zeros_beside_blank_total(r)
        _remains_untied(r)
    if t.layout == "stream" and spec.keys in ("code", "econ_code"):
        _beside_a_stranger(r, kind)
        _under_anothers_name(doc.text.clean, r, kind)
        _named_as_another(r, kind)
        _no_such_code(r, kind)
    return r


def _between_keys(spec: TableSpec, units: list[Unit]) -> dict[int, str]:
    """A two-sided row whose label the OCR garbled beyond naming (``丝宫收和从`` for 经营收入, run into the junk
    around it: czj's table 01 in tesseract's light scan of draw BC), by its place in ``units``, and the one row
    the template prints between its neighbours: a side's rows come in the template's order (一、… 八、), so a label
    that names no row, alone between two that are one row apart in that order, is that row — unless the report
    printed it elsewhere (its figures, if any, then stand in that row's identities, which check them)."""
    out: dict[int, str] = {}
    for side, spec_side in enumerate(spec.sides):
        order = {key: k for k, key in enumerate(spec_side.vocabulary)}
        mine = [(k, u) for k, u in enumerate(units) if u.side == side]
        keys = {u.key for _, u in mine}
        for j in range(1, len(mine) - 1):
            (_, before), (k, u), (_, after) = mine[j - 1], mine[j], mine[j + 1]
            if u.key in order or before.key not in order or after.key not in order:
                continue
            if order[after.key] - order[before.key] != 2:  # (one row of the template between them)
                continue
            missing = spec_side.vocabulary[order[before.key] + 1]
            if missing in keys or _template_key(spec, u.key):
                continue
            out[k] = missing
            keys.add(missing)
    return out


def _garbled_between(spec: TableSpec, units: list[Unit]) -> None:
    """Rows keyed as ``_between_keys`` says — in the report's second reading only (``read_all``)."""
    for k, key in _between_keys(spec, units).items():
        units[k] = _rekeyed(units[k], key)


def _remains_untied(r: TableRead) -> None:
    """A figure read from what a band of the scan left of it — a zero printed without its whole digit (``.00``,
    ``_LOST_ZERO``), the cents of a figure the table prints (``.64``, ``_stub``) — is checked by its row's own sum
    alone as easily as not: ``2200199 .00 0.00 .00`` holds as 0 = 0 + 0 though it printed 45.00, 0.00, 45.00
    (tesseract, ghzy's table 05, draw AX), ``2080502 2.11 .11 0.00`` as 2.11 = 2.11 + 0 though 28.11 was misread
    into 2.11 (draw AU, heavy). Such a figure is read only where an identity that holds across rows (a parent's
    column sum, 合计 = Σ 类) ties its cell; else it is unread, with its print, and so is each figure of its row no
    such identity ties (its own sum with it was all that checked them)."""
    p = r.placement
    if p is None:
        return
    rows = [u for u in r.units if any(id(n) in p.placed and _from_remains(n) for n in u.nums)]
    if not rows:
        return
    values = {s: 0 for u in r.units for s in u.extra if s not in r.lost}
    values.update({s: 0 for u in r.units if not u.nums for s in u.cells if s not in r.lost})
    values.update({p.placed[id(n)][0]: p.chosen(n).cents for u in r.units for n in u.nums if id(n) in p.placed})
    row_of = {s: u.key for u in r.units for s in u.cells}
    quantum, tied = _quantum(r.units), set[Slot]()
    for e in equations(r.spec, r.units):
        cross = all(s in values for s in e.slots()) and len({row_of.get(s) for s in e.slots()}) > 1
        if cross and holds_within(e, values, quantum):
            tied.update(e.slots())
    for u in rows:
        placed = [n for n in u.nums if id(n) in p.placed]
        if all(p.placed[id(n)][0] in tied for n in placed if _from_remains(n)):
            continue
        for n in placed:
            if p.placed[id(n)][0] not in tied or _from_remains(n):
                _unplace(p, n, u, _REMAINS_UNTIED)


def _from_remains(n: Num) -> bool:
    """Whether figure ``n`` prints only what a band of the scan left of it: a point, two digits (``.00``, ``.64``)."""
    return bool(WHOLE_LOST.fullmatch(n.text.strip()))


_REMAINS_UNTIED = (
    "a figure read from its print's remains (a zero without its whole digit, a figure's cents) or beside one, that "
    "no identity across rows confirms: its row's own sum holds as well with the figures the remains were of"
)


def _lost_column(doc: Document, r: TableRead, anchors: dict[Slot, int]) -> None:
    """A column whose figures the OCR lost in several rows: tesseract drops a band of a page now and then —
    czj's table 02 on draw AR lost its 其他收入 figures (``合计 2.946.25 2,940.05``, 6.20 gone; 201's, 20106's
    too), ghzy's table 04 on draw L 2120101's and 合计's 项目支出. Such a row's figures fail
    its own sum whichever columns they take (its total more than the rest), so it was left unread, and the
    sums it stands in with it. Read again with one column's cell unknown in each such row (``short``: the
    row's first figure, its total, more than the others' sum) and that cell taken out of the identities — for
    each column but the first in turn; kept where every reading that holds places the same figures, every
    identity holds, more is placed and nothing but the short rows' figures reads anew. Rows printing a zero are
    not taken as short (``754.75 0.00`` lost 基本支出's 754.75, not 项目支出's: either reading holds once the cell
    is out of the sums). The lost cells are unread, noted."""
    p = r.placement
    assert p is not None
    quantum = _quantum(r.units)
    short = [u for u in r.units if _short(u, quantum)]
    if len(short) < 2 or not no_negative(r.units):
        return
    eqs = equations(r.spec, r.units)
    others = {id(n) for u in r.units if all(u is not x for x in short) for n in u.nums} | set(p.placed)
    found: list[tuple[str, list[Unit], Placement]] = []
    for col in [c.key for c in r.spec.columns][1:]:
        lost = {id(u): [col] for u in short if (u.key, col) in u.slots}
        if len(lost) < 2:
            continue
        units, _, alt = _with_cells_unknown(r.units, eqs, lost, anchors, quantum)
        # (only the short rows' figures may read anew: another row's figure placed now would be placed by fewer
        # sums than before — the cells taken out of them checked it too)
        if _reads_more_alone(alt, p, others):
            found.append((col, units, alt))
    if not _one_reading([alt for _, _, alt in found]):
        return
    _, r.units, r.placement = found[0]
    r.lost.update((u.key, c) for c, _, _ in found for u in short)
    cols = "/".join(c for c, _, _ in found)
    for u in short:
        why = f"a figure the OCR lost ({cols}): its printed total is more than its other figures' sum"
        r.notes.append(_note(doc, f"{r.table.kind}/{u.key}", why, u.start, max(u.end, u.start + 1), row=u.key))


def _cut_rows(doc: Document, r: TableRead, anchors: dict[Slot, int]) -> None:
    """Lines cut at the right: a skewed scan's corner cropped (or a band past the page's edge lost) leaves each
    row of the top of a wide table its first figure only — ``2080501 单位离退 54.53 54.`` (ghzy's table 05,
    tesseract, light scans of draws AF and AS). A row-sum table's row with a nonzero total prints two
    figures at least (its total and a part), so a row printing one figure lost the rest; every placement of it
    failed its own sum, and the table was unread. Read again with the cells right of a cut unknown in each such
    row, and out of the identities — the cut after the first column, then the second, and so on — kept where
    every reading that holds places the same figures, every identity holds, more is placed and nothing but the
    cut rows' figures reads anew: a column sum the kept figure stands in (合计 = Σ 类, a 类 = Σ 款) must confirm it
    to the cent — a cut row's one slot would place it by construction. A cut row whose figure is misread besides
    (``2200199 人 5.00`` for 45.00) fails its parent's sum: the rows of one figure under it, each of which left
    unknown lets every identity hold — one, or two where the identities cannot tell which (``_around_misread``) —
    are read around. The cut cells are unknown (``TableRead.lost``: no anchor takes them for blanks), noted."""
    p = r.placement
    assert p is not None
    book = codebook("function").entries
    # (a row of a code the classification lacks, ``201 06 80`` for 2010608, is no row the sums may take as cut:
    # its one figure would read under the wrong code)
    clean = doc.text.clean
    cut = [
        u
        for u in r.units
        if u.key in book
        and ((_lone_figure(u) and id(u.nums[0]) not in p.placed) or _misread_row(u, p))
        and _printed_first(clean, u.nums[0])
    ]
    if len(cut) < 2 or not no_negative(r.units):
        return
    quantum = _quantum(r.units)
    eqs = equations(r.spec, r.units)
    others = {id(n) for u in r.units if all(u is not x for x in cut) for n in u.nums} | set(p.placed)
    cols = [c.key for c in r.spec.columns]
    keys = {u.key for u in cut}
    found: list[tuple[list[Unit], Placement, list[Unit]]] = []
    for lost in [cols[i:] for i in range(1, len(cols))]:
        units, cut_eqs, alt = _with_cells_unknown(r.units, eqs, {id(u): lost for u in cut}, anchors, quantum)
        misread: list[Unit] = []
        if alt.failed:
            units, alt, misread = _around_misread(units, cut_eqs, alt, keys, anchors, quantum)
        # (a cut row's one slot places its figure by construction: a sum must confirm it exactly)
        _unconfirmed_unread(units, alt, keys, _CUT_UNCONFIRMED)
        if _reads_more_alone(alt, p, others):
            found.append((units, alt, misread))
    if not _one_reading([alt for _, alt, _ in found]):
        return
    r.units, r.placement, misread = found[0]
    r.lost.update(s for u in r.units for s in u.extra if s[0] in keys)
    kind = r.table.kind
    for u in cut:
        why = "a line cut at the right: the cells after its first figure lost (unknown, not blank)"
        r.notes.append(_note(doc, f"{kind}/{u.key}", why, u.start, max(u.end, u.start + 1), row=u.key))
    for u in misread:
        why = _MISREAD_PAST_REPAIR if len(misread) == 1 else _MISREAD_ONE_OF
        r.notes.extend(_note(doc, f"{kind}/{u.key}", why, n.start, n.end, n.text, row=u.key) for n in u.nums)


_CUT_UNCONFIRMED = "a line cut at the right: no sum that holds confirms the figure left of the cut to the cent"


def _band_lost(doc: Document, r: TableRead, anchors: dict[Slot, int]) -> None:
    """A band of a scan lost over a column in a run of rows: tesseract keeps each such row's other figures and of
    the lost one a fragment — ``2080501 单位离退 .史 54.53 .00`` (合计 lost; ghzy's table 05, light scans of draws
    AO, AT and AX), ``212 城乡社区支出 3832.36 1572.70 .5`` lower down (项目支出 lost), ``220 .67 2339.58 .09``
    (both). A row printing fewer figures than cells whose line prints such remains before its first figure lost
    its first cell, after its last its last cell (``_remains``); a run of such rows, no row printing every cell
    between them, lost the same cells in every row where its rows' remains agree (a row whose remains the OCR
    dropped whole, ``208 ， 、 754.75 .00``, lies in the band too). Read again with those cells unknown and out of
    the identities; kept where every identity holds, more is placed, nothing but the band's figures reads anew,
    and a sum that holds confirms each figure placed in a band row to the cent (its figures fill the cells left
    by construction). A row under a failing sum that prints a zero without its whole digit (``.00``) may be the
    band's too: where leaving it out alone lets every sum hold, it is unread (``_around_lost_zeros``)."""
    p = r.placement
    assert p is not None
    if not no_negative(r.units) or not _keeps_columns(doc.text.clean, _tokens(doc.text.clean, r.table)):
        return
    # (a row's cells another reader found lost, ``_lost_column``'s, count: ghzy's table 05 on draw AZ lost 项目支出
    # in 212's group, read so, and 合计 from 208 down)
    cells = {len(u.slots) + sum(1 for s in u.extra if s in r.lost) for u in r.units if u.key.isdigit()}
    if len(cells) != 1 or min(cells) < 3 or max(len(u.nums) for u in r.units) != min(cells):
        return  # (rows of a total and two parts or more, a row printing every cell: in a total and one part the
        # column sums hold alike in either column, and where no row prints every cell a blank prints nothing)
    clean = doc.text.clean
    band: dict[int, tuple[int, ...]] = {}  # id(row) → the indices of its lost cells
    run: list[Unit] = []
    for u in [*r.units, None]:
        if u is not None and u.fixed is None and not u.ahead and 1 <= len(u.nums) < len(u.slots):
            run.append(u)
            continue
        band.update(_band_of(clean, run))
        run = []
    rows = [u for u in r.units if id(u) in band]
    if sum(1 for u in rows if _remains(clean, u)) < 2:
        return
    unknown = [u.slots[k] for u in rows for k in band[id(u)]]
    lost = {id(u): [u.slots[k][1] for k in band[id(u)]] for u in rows}
    quantum = _quantum(r.units)
    known = eliminate(equations(r.spec, r.units), [s for u in r.units for s in u.extra if s in r.lost])
    units, eqs, alt = _with_cells_unknown(r.units, known, lost, anchors, quantum)
    misread: list[Unit] = []
    if alt.failed:  # (``2200199 .00 0.00 .00`` for 45.00, 0.00, 45.00: zeros of the band's lost digits, ``whole_lost``)
        units, alt, misread = _around_lost_zeros(units, eqs, alt, anchors, quantum)
    # (its figures fill the cells left by construction: a sum must confirm each exactly)
    _unconfirmed_unread(units, alt, {u.key for u in rows}, _BAND_UNCONFIRMED)
    unread = {id(n) for u in misread for n in u.nums}
    others = ({id(n) for u in r.units if id(u) not in band for n in u.nums} | set(p.placed)) - unread
    if not _reads_more_alone(alt, p, others):
        return
    r.units, r.placement = units, alt
    r.lost.update(unknown)
    for u in rows:
        names = " and ".join(u.slots[k][1] for k in band[id(u)])
        why = f"a band of the scan lost over its {names} (unknown, not blank)"
        r.notes.append(_note(doc, f"{r.table.kind}/{u.key}", why, u.start, max(u.end, u.start + 1), row=u.key))
    for u in misread:
        what = f"{r.table.kind}/{u.key}"
        r.notes.extend(_note(doc, what, _REMAINS_UNTIED, n.start, n.end, n.text, row=u.key) for n in u.nums)


def _around_lost_zeros(
    units: list[Unit], eqs: list[Equation], alt: Placement, anchors: dict[Slot, int], quantum: int
) -> tuple[list[Unit], Placement, list[Unit]]:
    """The reading with the one row under a failing identity that prints a zero without its whole digit (``.00``:
    ``_LOST_ZERO``, perhaps a figure whose whole digits a band lost) read around, where that alone lets every
    identity hold — or, where no such row alone does, that row and one more whose figure reads only as a repair
    (``225-19`` for 225.12, its point read as a dash and a cent misread: ghzy's table 05, tesseract's light scan
    of draw AZ, 2200199's ``.00`` for 45.00 besides); else the reading as it was. Exactly one choice must do."""
    failing = {s for e in alt.failed for s in e.slots()}
    rows = [u for u in units if failing.intersection(u.cells) and any(_LOST_ZERO.fullmatch(n.text) for n in u.nums)]

    def one_of(tries: list[list[Unit]]) -> tuple[list[Unit], Placement, list[Unit]] | None:
        """The reading with exactly one of ``tries`` read around, where only one lets every identity hold."""
        found = _only_one_left_out(len(tries), lambda k: solve_around(units, eqs, tries[k], anchors, quantum, False))
        return None if found is None else (found[1][0], found[1][2], tries[found[0]])

    repaired = [u for u in units if u.fixed is None and any(_repairs_only(n) for n in u.nums)]
    pairs = [[z, d] for z in rows for d in repaired if d is not z]
    return one_of([[u] for u in rows]) or (len(pairs) <= _MISREAD_ROWS and one_of(pairs)) or (units, alt, [])


def _repairs_only(n: Num) -> bool:
    """Whether figure ``n`` reads only as repairs of its print (``225-19``: its point read as a dash) — not as the
    remains of one (``.64``: which figure it was is the identities' to say, not a misread)."""
    return bool(n.readings) and all(x.repaired for x in n.readings) and not _from_remains(n)


_BAND_UNCONFIRMED = "a band of the scan lost a cell of its row: no sum that holds confirms this figure to the cent"


def _band_of(clean: str, run: list[Unit]) -> dict[int, tuple[int, ...]]:
    """The cells each row of a run of rows printing fewer figures than cells lost (by ``id``): its remains say, or
    — none printed — its nearest neighbours' in the run, where those above and below agree; only where that many
    cells lost leaves one figure for each cell left."""
    said = [_remains(clean, x) for x in run]
    out: dict[int, tuple[int, ...]] = {}
    for k, x in enumerate(run):
        lost = said[k]
        if not lost:
            near = {next((s for s in said[k::-1] if s), ()), next((s for s in said[k:] if s), ())} - {()}
            lost = near.pop() if len(near) == 1 else ()
        if lost and len(x.nums) + len(lost) == len(x.slots):
            out[id(x)] = lost
    return out


def _remains(clean: str, u: Unit) -> tuple[int, ...]:
    """Where row ``u``'s line prints the remains of figures the OCR lost: ``0`` before its first figure (digits, or
    a point before a character: ``53 54.53``, ``.史 54.53``), ``-1`` after its last (``1572.70 .5``)."""
    before = _without_code(_line_before(clean, u.nums[0].start), u.key)
    after = _line_after(clean, u.nums[-1].end)
    first = not _printed_first(clean, u.nums[0], u.key) or bool(_POINT_FRAGMENT.search(before))
    last = bool(re.search(r"\d", after) or _POINT_FRAGMENT.search(after))
    return (*((0,) if first else ()), *((-1,) if last else ()))


#: a point or colon before a character, standing apart: the remains of a figure's cents
_POINT_FRAGMENT = re.compile(r"(?:^|(?<=\s))[.:：]\S")


def _around_misread(
    units: list[Unit], eqs: list[Equation], alt: Placement, keys: set[str], anchors: dict[Slot, int], quantum: int
) -> tuple[list[Unit], Placement, list[Unit]]:
    """The reading with the rows of one figure (among ``keys``) under a failing identity read around, where
    leaving out one of them lets every identity hold — or either of two (which was misread, the identities
    cannot tell: both are unread); else the reading as it was. At most ``_MISREAD_ROWS`` rows tried."""
    failing = {s for e in alt.failed for s in e.slots()}
    rows = [u for u in units if u.key in keys and len(u.nums) == 1 and failing.intersection(u.cells)]
    if len(rows) > _MISREAD_ROWS:
        return units, alt, []
    alone = [u for u in rows if solve_around(units, eqs, [u], anchors, quantum, cells=False) is not None]
    found = solve_around(units, eqs, alone, anchors, quantum, cells=False) if 1 <= len(alone) <= 2 else None
    if found is None:
        return units, alt, []
    return found[0], found[2], alone


def _misread_row(u: Unit, p: Placement) -> bool:
    """Whether a row's own identities fail for every placement of its figures (the solver left them all unread
    so), each a clean figure of one reading, its first not zero: a row that lost cells to a cut, or one misread
    (the column sums tell). A row printing a damaged figure besides is no cut row: the damage is where its
    figure went (``225.12 225-12 0.00``)."""
    if u.fixed is not None or u.ahead or u.damaged or u.crowded or not u.nums or not u.nums[0].cents:
        return False
    if any(n.floating or n.optional or len(n.readings) > 1 or any(x.repaired for x in n.readings) for n in u.nums):
        return False
    return all(p.why.get(id(n)) == ROW_MISREAD for n in u.nums)


def _printed_first(clean: str, n: Num, key: str = "") -> bool:
    """Whether figure ``n`` is the first its line prints after the row's code and name: nothing with a digit
    between them (``2130599 其他…支出 269 2.99``: 269, damaged beyond reading, is a figure before it — 2.99 may be
    any cell after the first, so the row is no line cut at the right); ``key``: the row's code, where known."""
    line = _line_before(clean, n.start)
    words = list(CJK.finditer(line))
    tail = line[words[-1].end() :] if words else _without_code(line, key)
    return not any(c.isdigit() for c in tail)


def _without_code(line: str, key: str) -> str:
    """``line`` without the row code it opens with — row ``key``'s where it is printed as such (``21011   64
    236. 64``: 64 is a figure's remains, not a 项 of 2101164: ghzy's table 05, tesseract light, draw AZ), else
    any code's, whole or split over its 类 | 款 | 项 columns."""
    if key.isdigit() and len(key) in (3, 5, 7):
        parts = [key[:3], *(key[k : k + 2] for k in range(3, len(key), 2))]
        own = re.match(r"[\s|]*" + r"[\s|]*".join(parts) + r"(?!\d)", line)
        if own is not None:
            return line[own.end() :]
    return _LEADING_CODE.sub("", line)


#: a row code at a line's start, whole or split over its 类 | 款 | 项 columns
_LEADING_CODE = re.compile(r"^[\s|]*\d{3}(?:[\s|]*\d{2}){0,2}")


def _lone_figure(u: Unit) -> bool:
    """Whether a row of a row-sum table prints one clean nonzero figure where it has three cells or more."""
    if u.fixed is not None or u.ahead or len(u.nums) != 1 or len(u.slots) < 3:
        return False
    n = u.nums[0]
    return not (n.floating or n.optional or len(n.readings) > 1 or not n.cents)


def _with_cells_unknown(
    units: list[Unit], eqs: list[Equation], lost: Mapping[int, Collection[str]], anchors: dict[Slot, int], quantum: int
) -> tuple[list[Unit], list[Equation], Placement]:
    """The rows read again with the cells of columns ``lost[id(row)]`` unknown — no figure takes them, no identity
    counts them (``eliminate``): the rows, the identities left and the reading. What a row that lost cells to the
    OCR (a column, a cut, a band) reads as, for its caller to accept or not."""
    out = [_without_cells(u, lost[id(u)]) if id(u) in lost else u for u in units]
    unknown = [(u.key, c) for u in units if id(u) in lost for c in lost[id(u)] if (u.key, c) in u.slots]
    left = eliminate(eqs, unknown)
    return out, left, solve(out, left, anchors, quantum, distrust=True)


def _unconfirmed_unread(units: list[Unit], alt: Placement, keys: set[str], why: str) -> None:
    """Unread each figure of rows ``keys`` that ``alt`` placed with no sum confirming it to the cent: a row that lost
    cells fills the cells left with its figures by construction, so only an exact sum is evidence."""
    for u in units:
        for n in u.nums:
            if u.key in keys and id(n) in alt.placed and alt.placed[id(n)][0] not in alt.exact:
                _unplace(alt, n, u, why)


def _reads_more_alone(alt: Placement, p: Placement, others: set[int]) -> bool:
    """Whether reading ``alt`` holds every identity, places more than ``p``, and places each figure of ``others``
    (by id) where ``p`` did (or leaves it open as ``p`` did)."""
    before = {k: slot for k, (slot, _) in p.placed.items()}
    moved = any(alt.placed.get(k, (None,))[0] != before.get(k) for k in others)
    return not (alt.failed or alt.reason or moved or len(alt.placed) <= len(p.placed))


def _one_reading(found: list[Placement]) -> bool:
    """Whether there are readings and all place the same figures in the same cells."""
    placed = [{k: slot for k, (slot, _) in alt.placed.items()} for alt in found]
    return bool(found) and all(x == placed[0] for x in placed)


def _short(u: Unit, quantum: int) -> bool:
    """Whether a row prints its total and parts falling short of it, fewer figures than cells, one reading each."""
    if u.fixed is not None or u.ahead or not 2 <= len(u.nums) < len(u.slots):
        return False
    if any(n.floating or n.optional or len(n.readings) > 1 or not n.cents for n in u.nums):
        return False  # (a zero printed: its row may have lost a figure before it as well as after)
    rest = sum(n.cents for n in u.nums[1:])
    return u.nums[0].cents - rest > tolerance(len(u.nums), quantum)


def _without_cells(u: Unit, cols: Collection[str]) -> Unit:
    """Row ``u`` with its cells of columns ``cols`` unknown: no figure of its takes them."""
    lost = [(u.key, c) for c in cols if (u.key, c) in u.slots]
    return replace(u, slots=[s for s in u.slots if s not in lost], extra=[*u.extra, *lost], candidates=[])


def _zeros_beside_blank_total(r: TableRead) -> None:
    """A printed zero whose column the identities cannot tell, where the table's 合计 row leaves all but one of its
    columns blank: it is that column's. Text without cells loses blank cells, so ``754.75 754.75 0.00`` under six
    columns may put 0.00 under any column that is zero in that row — every such cell is zero whichever holds it:
    only where it is printed is open. ghzy's table 03 prints 本年支出合计, 基本支出 and 项目支出 in every row, 0.00
    where there is nothing, and leaves 上缴上级支出, 经营支出 and 对附属单位补助支出 blank in every row, 合计's
    too; its fifteen 0.00 were unread in every engine's text on every draw. A report prints a column the same way
    down the table, so a column whose 合计 prints nothing prints nothing in the rows: the zero is the one column
    left. Only where 合计's figures are all read with its own sum holding (its blank cells are zero, not lost:
    with no figure negative, every row's are too) and the row has one such zero and that column free."""
    p = r.placement
    total = next((u for u in r.units if u.key == "合计"), None)
    if p is None or total is None or not total.nums or not no_negative(r.units):
        return
    if not all(id(n) in p.placed for n in total.nums):
        return
    values = _read_values(r.units, p)
    own = [e for e in equations(r.spec, r.units) if e.lhs[0] == "合计" and all(s[0] == "合计" for s in e.slots())]
    if not own or not all(holds_within(e, values, _quantum(r.units)) for e in own):
        return
    printed = {p.placed[id(n)][0][1] for n in total.nums}
    blank = {col for _, col in total.cells} - printed
    for u in r.units:
        still = [p.open[id(n)] for n in u.nums if id(n) in p.open]
        if len(still) != 1 or still[0][0].cents != 0 or len(still[0][0].readings) > 1:
            continue  # (one figure open, a clean zero)
        n, _row, slots = still[0]
        left = [s for s in slots if s[1] not in blank]
        taken = {p.placed[id(m)][0] for m in u.nums if id(m) in p.placed}
        if len(left) == 1 and left[0] in u.slots and left[0] not in taken:
            p.open.pop(id(n))
            p.why.pop(id(n), None)
            p.placed[id(n)] = (left[0], "blank total")
            p.reading[id(n)] = 0


def _beside_a_stranger(r: TableRead, kind: str) -> None:
    """A row whose code was completed from the codes above (``02`` under 301: 30102) and whose printed name shares
    not one character with that code's official name (nor a variant of it): nothing but the position says the
    row is that code, and the position is what a garbled line gets wrong — tesseract's text of czj's table 06 on
    draw AA printed ``301 2. 08286 | 02 计 171.07`` (302's 171.07 read as 30102's), X's ``05 下是和 4.88`` (30205,
    no such figure): emitted clean, no identity able to check them. Its figures stand only where an identity
    that holds confirms them. A code printed whole keeps its figure whatever its name reads (``30231 人 3.65``:
    tesseract's heavy scans garble names beyond reading)."""
    p = r.placement
    if p is None:
        return
    book = codebook(kind)
    completed = {n.what.partition("/")[2] for n in r.notes if _COMPLETED.match(n.reason)}
    for u in r.units:
        entry = book.get(u.key) if u.key in completed else None
        printed = {c for c in strip_label(u.label or "") if "\u4e00" <= c <= "\u9fff"}
        if entry is None or not printed or any(printed & set(name) for name in (entry.name, *entry.aliases)):
            continue
        _unplace_unconfirmed(p, u, _STRANGER.format(label=u.label, name=entry.name))


def _under_anothers_name(clean: str, r: TableRead, kind: str) -> None:
    """A row's figure printed before its code, right after the whole official name of another code on its line:
    the figure is that name's row's, which the reading lost (its code damaged beyond reading) — tesseract's text
    of czj's table 06 on draw BJ prints each left-hand code a line above its name (``303 0 2`` / ``对个人和家庭的
    补助 69 41``), and ``其他工资福利支出 91.03`` (30199's name and figure), 30199's code unreadable, was read as
    the next row's: 303 = 91.03, emitted clean. Such a figure stands only where an identity that holds confirms
    it."""
    p = r.placement
    if p is None:
        return
    book = codebook(kind)
    for u in r.units:
        if not u.key.isdigit():
            continue
        own = book.get(u.key)
        for n in u.nums[: max(u.ahead, u.lead)]:  # (printed before the row's code: ``Unit.ahead``, ``Unit.lead``)
            placed = p.placed.get(id(n))
            if placed is None or placed[0] in p.confirmed:
                continue
            words = _line_before(clean, n.start).split()
            name = normalize_name(strip_label(words[-1])) if words else ""
            other = [e for e in _others_named(kind, name, u.key) if normalize_name(e.name) == name]
            if len(name) >= 4 and other and (own is None or normalize_name(own.name) != name):
                _unplace(p, n, u, _ANOTHERS_NAME.format(name=name, code=other[0].code))


def _named_as_another(r: TableRead, kind: str) -> None:
    """A row whose code is printed whole but whose name is another code's official name (not its own, nor one it
    once had): rows rebuilt from a skewed scan's boxes join one row's code to the next row's name and figure —
    RapidOCR's heavy scan of ghzy's table 06 on draw BL printed ``30205 机关事业单位基本养老保 446.11`` (30108's
    name and figure on 30205's line), ``30106 水费 0.92``, ``30310 其他交通费用 33.50``: ten figures under the
    wrong codes, nine emitted clean. Which of the two the figure is is open: it stands only where an identity that
    holds confirms it (``_beside_a_stranger`` does this for a code completed from the codes above, whose name
    shares nothing with its own)."""
    p = r.placement
    if p is None:
        return
    book = codebook(kind)
    for u in r.units:
        own = book.get(u.key) if u.key.isdigit() else None
        label = strip_label(u.label or "")
        if own is None or not label or name_problem(own, label, None) is None:
            continue
        other = _others_named(kind, label, u.key)
        if other:
            _unplace_unconfirmed(p, u, _NAMED_AS_ANOTHER.format(label=label, code=other[0].code))


def _others_named(kind: str, name: str, key: str) -> list[Entry]:
    """The codes ``name`` names (``named``) other than ``key``, its parents and its children."""
    return [e for e in named(kind, name) if not (e.code.startswith(key) or key.startswith(e.code))]


_NAMED_AS_ANOTHER = (
    "its row's printed name {label!r} is {code}'s official name, not its code's: whose figure it is is open"
)


def _no_such_code(r: TableRead, kind: str) -> None:
    """A row whose code has a length no code of the table's classification has (经济分类: 3 or 5 digits; 功能分类:
    3, 5 or 7): digits of two printed codes run together (tesseract's text of czj's table 06 on draw BJ read ``301
    09`` and the next line's ``10`` as 3010910, its figure 30109's). The row is no row of the report: its figures
    stand only where an identity that holds confirms them (the checks flag the code either way)."""
    p = r.placement
    if p is None:
        return
    lengths = CODE_LENGTHS[kind]
    for u in r.units:
        if u.key.isdigit() and len(u.key) not in lengths:
            _unplace_unconfirmed(p, u, _NO_SUCH_CODE)


_NO_SUCH_CODE = "its row's code has a length no code of the classification has (two codes' digits run together)"


_ANOTHERS_NAME = "printed after {name!r} ({code}'s official name) on a line without its row's code: whose it is is open"


#: the note of a row code read from fewer digits than it has, the rest from the codes above (``'02'`` → 30102)
_COMPLETED = re.compile(r"row code printed '(\d{1,4})' read as (\d{5,7}):")

_STRANGER = "its row's printed name {label!r} shares nothing with {name!r}, its code's: whose figure it is is open"


def _damage_contradicts(r: TableRead) -> None:
    """Figures an identity fails for whatever the damaged figures beside them read (``contradicted``): unread."""
    p = r.placement
    if p is None:
        return
    for n, u in contradicted(r.units, equations(r.spec, r.units), p, _quantum(r.units)):
        _unplace(p, n, u, _DAMAGE_CONTRADICTS)


_DAMAGE_CONTRADICTS = (
    "an identity through it fails for every reading of the damaged figures it sums with: which is misread is open"
)


def _wide_row_failing(clean: str, r: TableRead) -> None:
    """The wide 三公 table is one printed row of twelve figures, read by their printed order: printed over several
    lines, where an identity of it fails, that order is not the columns' — and a figure an identity of the other
    half still holds for was placed by that same order, so it is no evidence either: every figure of the row is
    unread. Rows rebuilt from a skewed scan list seed 003's two halves on two lines, 决算数 first (``2.46 0.00 2.20
    0.00 2.20 0.26`` / ``0.00 2.20 0.00 2.20 0.40`` / ``2.60``, draw Z): the first six held the 预算数 sums, and 2.46
    and 0.26 were emitted as 预算数 — two wrong values. On one line the order is the columns' and a failing sum a
    misread figure's (ghzy's ``2.85 0.39 0.00 … 2.89 0.39``, tesseract, draw D): the figures it holds for stand."""
    p = r.placement
    if p is None or not p.failed:
        return
    for u in r.units:
        if u.key == "三公" and len({clean.rfind("\n", 0, n.start) for n in u.nums}) > 1:
            for n in u.nums:
                if id(n) in p.placed:
                    _unplace(p, n, u, _WIDE_FAILS)


_WIDE_FAILS = "the wide 三公 row's figures, read in printed order, fail its identities: which column is whose is open"


def _by_class(r: TableRead, eqs: list[Equation] | None = None) -> None:
    """The last resort for a code table whose identities fail: each 类 read on its own. 合计 = Σ 类 ties every
    class of the table into one group, so the OCR damaging one class's figures (seed 003's table 03 in tesseract
    text, draw O: 2060199's 211.58 read 241.55, 2080501's 115.22 read 和5.22) withdrew the figures of every other
    class too, their own sums holding. Read again without the sums over classes, each class is a group of its
    own: its figures stand where its own identities hold (a class whose do not is withdrawn, as before). Kept
    only where it reads more, every figure read before stays where it was, each sum over classes whose terms all
    read still holds — and of a class whose 类 row it reads no figure of, none (nothing ties that class's sums
    to a figure read: a skewed page's figures one row off fit it). ``eqs``: the identities to read by (default:
    the template's over the table's rows; ``_without_bare_rows`` gives them with its unknown rows eliminated)."""
    first = r.placement
    assert first is not None
    if not (first.failed or first.reason):
        return
    eqs = eqs if eqs is not None else equations(r.spec, r.units)
    over = [e for e in eqs if e.lhs[0] == "合计" and any(len(row) == 3 for _, (row, _) in e.terms)]
    if not over:
        return
    within, quantum = [e for e in eqs if all(e is not o for o in over)], _quantum(r.units)
    alt = solve(r.units, within, r.anchors, quantum, distrust=True)
    spent = _spent(over, _read_values(r.units, alt), r.units, r.anchors, quantum)
    if spent:
        alt = solve(r.units, within, {**r.anchors, **spent}, quantum, distrust=True)
    if len(alt.placed) <= len(first.placed):
        return
    if any(alt.placed.get(k, (None,))[0] != slot for k, (slot, _) in first.placed.items()):
        return
    read = {u.key for u in r.units if len(u.key) == 3 and any(id(n) in alt.placed for n in u.nums)}
    for u in r.units:
        for n in u.nums:
            if u.key.isdigit() and u.key[:3] not in read and _newly(n, first, alt):
                slot = alt.placed.pop(id(n))[0]
                alt.open[id(n)] = (n, u, [slot])
                alt.why[id(n)] = _CLASS_UNREAD
    if len(alt.placed) <= len(first.placed):
        return
    values = _read_values(r.units, alt)
    if not all(holds_within(e, values, quantum) for e in over if all(s in values for s in e.slots())):
        return
    # (a sum over classes with a term unread is unchecked: its figures read as in a table whose identities fail)
    alt.failed = [*alt.failed, *(e for e in over if any(s not in values for s in e.slots()))]
    r.placement = alt


def _read_values(units: list[Unit], p: Placement) -> dict[Slot, int]:
    """The cells a placement reads: its placed figures, and the other cells of a row all of whose figures it
    places (blank)."""
    values: dict[Slot, int] = {}
    for u in units:
        if all(id(n) in p.placed for n in u.nums):
            values.update({s: 0 for s in u.cells})
        values.update({p.placed[id(n)][0]: p.chosen(n).cents for n in u.nums if id(n) in p.placed})
    return values


def _spent(
    over: list[Equation], values: dict[Slot, int], units: list[Unit], anchors: dict[Slot, int], quantum: int
) -> dict[Slot, int]:
    """The cells of unread classes a sum over classes leaves nothing for, as blank anchors: where no figure is
    negative, a 合计 its read classes already make up (to within rounding) has blank cells in every other class.
    czj's table 02 in tesseract text (draw P): 合计's 其他收入 6.20 is all 201's, so 210's and 221's second
    figures, between 财政拨款收入 and 其他收入 while 208's damaged class leaves that column's sum unchecked, are
    财政拨款收入."""
    if not no_negative(units):
        return {}
    out: dict[Slot, int] = {}
    for e in over:
        unknown = [s for sign, s in e.terms if s not in values and s not in anchors]
        if e.lhs not in values or not unknown or any(sign < 0 for sign, _ in e.terms):
            continue
        known = [values[s] for _, s in e.terms if s in values]
        if abs(values[e.lhs] - sum(known)) <= tolerance(sum(1 for x in known if x) + 1, quantum):
            out.update(dict.fromkeys(unknown, 0))
    return out


_CLASS_UNREAD = "no figure of its class's 类 row is read, and the table's sum over classes fails: nothing checks it"


def _newly(n: Num, first: Placement, alt: Placement) -> bool:
    """Whether ``alt`` places a figure ``first`` did not."""
    return id(n) in alt.placed and id(n) not in first.placed


def _with_lost_figure(r: TableRead, anchors: dict[Slot, int]) -> None:
    """The last resort for a table one sum of which fails: read again allowing that a row printing no figure
    under that sum lost its figure's box (``placement._lost_figure``), with every sum of classes checked over
    the classes the table prints (``_instantiate``: the failing sum itself must be checked by one), kept only
    where every identity then holds and every figure the first reading placed stays where it was. The sum still
    fails as printed: the placement keeps it as failed, so its figures read ``identity_fails`` and the checks
    flag it. Not for text in columns of spaces (tesseract's, ``_keeps_columns``): tesseract misreads a figure
    into a smaller clean one now and then, which fails a sum the same way; its bare rows have their own reading
    (``_without_bare_rows``)."""
    first = r.placement
    assert first is not None
    eqs = equations(r.spec, r.units, classes_optional=True)
    alt = solve(r.units, eqs, anchors, _quantum(r.units), distrust=True, lost_figures=True)
    if alt.failed or len(alt.placed) <= len(first.placed):
        return
    if any(alt.placed.get(k, (None,))[0] != slot for k, (slot, _) in first.placed.items()):
        return
    alt.failed = list(first.failed)  # the sum as printed still fails: its figures say so (``identity_fails``)
    r.placement = alt


def _blank_columns(units: list[Unit], anchors: dict[Slot, int]) -> None:
    """A code table's columns another table says are blank in its 合计 row (table 01's 上级补助收入 … for table 02)
    are blank in every row when no figure is negative: 合计 = Σ 类, a 类 = Σ its 款, a 款 = Σ its 项. The
    identities say so too, but only while every row is known — a row the OCR misread is left out of them, and
    with it the chain that blanks its siblings' cells (seed 003's table 02, tesseract light, draw K: four damaged
    rows, and every other row's second figure left between six columns). Such columns are taken from each row's
    slots (kept as its known-blank cells), where its printed figures still fit the columns left. Only in text laid
    out in columns of spaces (tesseract's): in one box per line, or rows rebuilt from a skewed scan's boxes, fewer
    columns let a row take a neighbour's figures with its own sums holding (a floating reading made certain)."""
    if not no_negative(units):
        return
    blank = {col for (row, col), v in anchors.items() if row == "合计" and v == 0}
    for u in units:
        keep = [s for s in u.slots if s[1] not in blank]
        if u.fixed is None and len(keep) < len(u.slots) and len(u.nums) <= len(keep):
            u.extra = [*u.extra, *(s for s in u.slots if s[1] in blank)]
            u.slots = keep


def _read_side_by_side(
    doc: Document, t: Table, spec: TableSpec, anchors: dict[Slot, int], alone: bool
) -> TableRead | None:
    """Table 06 read by its printed lines (``_side_by_side``), or None when its text is not laid out so;
    ``alone``: text of one box per line (else rows rebuilt by position: ``_before_its_name``)."""
    r = TableRead(table=t, spec=spec, anchors=anchors)
    units = _side_by_side(doc, t, spec, r.notes)
    if units is None:
        return None
    r.units, quantum = units, _quantum(units)
    eqs = equations(spec, units) + _printed_totals(spec, units)
    r.placement = solve(units, eqs, anchors, quantum, distrust=True)
    if r.placement.failed:
        _without_damaged(doc, r, eqs, anchors, quantum)
    if r.placement.failed or r.placement.reason:
        _around_shared_damage(doc, r, eqs, anchors, quantum)
    if r.placement.failed or r.placement.reason:
        _lost_digits(doc, r, anchors, eqs, dropped=True)
    if r.placement.failed or r.placement.reason:
        _one_sum_off(r, eqs, anchors, quantum)
    if not alone:
        _before_its_name(doc.text.clean, r)
    return r


def _one_sum_off(r: TableRead, eqs: list[Equation], anchors: dict[Slot, int], quantum: int) -> None:
    """Table 06 read by its printed lines, no placement holding once damaged figures were tried: one figure was
    misread into another clean one (czj's ``其他工资福利支出 90.03`` for 91.03, RapidOCR heavy on draw U), so the sum
    over its class fails whichever row takes what — and with it every line's figures stay open, though the
    other groups' sums still tell each line's figures apart. Where leaving out exactly one identity places
    every figure with every other identity holding, that placement is read, the identity left out stays
    failing (its cells marked so, and the checks flag it with the figures): the reviewer sees which sum is off.
    Two identities that would each do are no reading."""

    def without(k: int) -> Placement | None:
        alt = solve(r.units, eqs[:k] + eqs[k + 1 :], anchors, quantum, distrust=True)
        return None if alt.failed or alt.reason or alt.open else alt

    found = _only_one_left_out(len(eqs), without)
    if found is not None:
        k, r.placement = found
        r.placement.failed.append(eqs[k])


_T = TypeVar("_T")


def _only_one_left_out(count: int, attempt: Callable[[int], _T | None]) -> tuple[int, _T] | None:
    """The one ``k`` of ``range(count)`` whose ``attempt`` (a reading with item ``k`` left out) succeeds, with what
    it read; None when none does or several do (stopping at the second: then no leaving-out tells which)."""
    found: tuple[int, _T] | None = None
    for k in range(count):
        got = attempt(k)
        if got is None:
            continue
        if found is not None:
            return None
        found = (k, got)
    return found


def _around_shared_damage(
    doc: Document, r: TableRead, eqs: list[Equation], anchors: dict[Slot, int], quantum: int
) -> None:
    """Table 06 read by its printed lines, no placement holding: a line's figure damaged beyond its readings is
    one row's of that line — which, only the identities can tell. czj's ``301 02 津贴补贴 1.238.58 302 02 印刷费
    191`` (RapidOCR heavy, draw R; 30202 is 7.61): no reading of 191 makes 302 = Σ 302xx hold, so the whole table
    was unread, the line's two rows taken out and with them both sums that decide every other line's figures. Each
    row of the line is tried as the damaged figure's, its cell unknown and eliminated from the identities: kept
    where exactly one such reading places every figure with every identity holding (the figure unread, with its
    printed text)."""
    found: list[tuple[list[Unit], Placement, Num, Unit]] = []
    damaged = {id(n): n for u in r.units for n in u.nums if n.damaged and n.floating}
    if len(damaged) > _SHARED_DAMAGE:
        return  # (several figures damaged beyond reading: others are likely misread into clean ones too)
    for n in damaged.values():
        sharing = [u for u in r.units if any(m is n for m in u.nums)]
        if len(sharing) < 2:
            continue
        for owner in sharing:
            units = [_without_figure(u, n, u is owner) for u in r.units]
            alt = solve(units, eliminate(eqs, owner.cells), anchors, quantum, distrust=True)
            if not (alt.failed or alt.reason or alt.open):
                found.append((units, alt, n, owner))
        if len(found) > 1:
            return
    if len(found) != 1:
        return
    r.units, r.placement, n, owner = found[0]
    r.notes.append(_note(doc, f"{r.table.kind}/{owner.key}", DAMAGED_CELL, n.start, n.end, n.text, row=owner.key))


_SHARED_DAMAGE = 3  # damaged figures of shared lines tried, at most


def _without_figure(u: Unit, n: Num, unknown: bool) -> Unit:
    """Row ``u`` without the figure ``n``; ``unknown``: its cells unknown (it takes no figure)."""
    if unknown:
        return replace(u, nums=[], slots=[], extra=u.cells, ahead=0, lead=0, lines=(), lags=0, candidates=[])
    at = next((k for k, m in enumerate(u.nums) if m is n), None)
    if at is None:
        return replace(u, candidates=[])
    lines, seen = list(u.lines), 0
    for i, count in enumerate(lines):  # (the line it printed on has one figure less)
        if seen <= at < seen + count:
            lines[i] -= 1
        seen += count
    return replace(
        u,
        nums=[m for m in u.nums if m is not n],
        ahead=u.ahead - (at < u.ahead),
        lead=u.lead - (at < u.lead),
        lines=tuple(lines),
        lags=u.lags - (at >= len(u.nums) - u.lags),
        candidates=[],
    )


def _before_its_name(clean: str, r: TableRead) -> None:
    """In rows rebuilt by position, a printed line's figures are its rows' only where the skew left them there:
    a figure of the row above may open the line below, ahead of this line's names (czj draw G, heavy: ``302 16
    培训费`` / ``303 02 4.05`` / ``退休费 69.10 302 17 公务接待费`` — 4.05 is 30216's). A figure the side-by-side
    reading gives a row of a shared line (``_side_by_side``) with no identity that holds confirming it — placed
    by elimination alone — is read only where it is printed after that row's name with no other row's name
    between (``302 26 劳务费 2.01``); otherwise unread, with its printed text."""
    p = r.placement
    assert p is not None
    names = sorted(u.end for u in r.units if u.label)
    for u in r.units:
        for n in u.nums:
            placed = p.placed.get(id(n))
            if placed is None or not n.floating or placed[0] in p.confirmed or placed[0][0] != u.key:
                continue
            k = bisect.bisect_right(names, n.start)
            last = names[k - 1] if k else -1
            if not u.label or u.end > n.start or last != u.end or "\n" in clean[u.end : n.start]:
                _unplace(p, n, u, _BEFORE_ITS_NAME)


_BEFORE_ITS_NAME = (
    "printed where its line's order does not make it its row's (ahead of the row's name, or after another row's), "
    "and no identity that holds confirms it (rows rebuilt from a skewed scan print a row's figure a line off)"
)


def _better(a: Placement | None, b: Placement) -> bool:
    """Whether reading ``a`` places more figures than ``b`` with no more identities failing."""
    return a is not None and len(a.placed) > len(b.placed) and len(a.failed) <= len(b.failed)


def _lines_of_figures(clean: str, t: Table) -> bool:
    """Whether a table's text is rows rebuilt by position that print lines of figures only (``_figure_lines``; not
    one box per line): a row's figures may be on such a line, and the row-below reading is the one to try."""
    toks = _tokens(clean, t)
    return not _one_per_line(clean, toks) and _figure_lines(clean, toks)


def _figure_lines_below(doc: Document, r: TableRead) -> TableRead:
    """Rows rebuilt by position from a skewed scan print some rows' figures on a line of their own between two
    rows' labels (``_on_figure_line``). One rotation skews a whole page the same way, so either every such line
    is the row above's (the first reading) or every one is the row below's, printed above its code (czj draws
    B and D, ghzy draw D: ``2,106.66 1,503.52 603.14`` / ``201 一般公共服务支出``): that second reading is kept
    where it fails fewer identities and leaves fewer figures unread (``_worse``) — a figure it places where the
    first reading placed it elsewhere with an identity confirming it, or where no identity confirms it, unread."""
    clean = doc.text.clean
    if not _lines_of_figures(clean, r.table):
        return r
    other = _read(doc, r.table, r.spec, r.anchors, below=True)
    assert r.placement is not None and other.placement is not None
    if not _worse(r.placement, other.placement):
        return r
    _either_row(other.units, other.placement, r.units, r.placement)
    _unconfirmed_moves(r, other.units, other.placement)
    return other


def _float_figures(doc: Document, r: TableRead, anchors: dict[Slot, int]) -> None:
    """Figures printed one per line (an OCR engine's boxes of a skewed scan), or opening the line of another
    group's code in rows an OCR tool rebuilt by position (``47.08 30202 印刷费``), may stand before their row's
    code rather than after its name: read the table again with each such figure given to the row above or below
    as the identities decide (``_floating``). A table of several amount columns with one figure per line keeps
    that reading when it places more with no more identities failing (then tries ``_wrapped``); otherwise it
    is kept unless it fails more identities. A figure either row may own — the identities hold both ways, as
    they do when a whole column's figures shift by one row — is then unread, with its printed text, where the
    first reading placed it by position alone.

    One rotation skews a whole page: every figure that left its row's line left it the same way. So when
    giving each such figure to the row above (the first reading) fails more identities and leaves more
    figures unread than giving each to the row below (``_worse``), or the other way round, the identities have
    told the direction, and the better reading is kept (``_float_leading``). Table 06's first figure may
    open the second group's first line with no first-group row above it: the reading giving it to that group's
    first row (``_above_first_group``) is kept where it fails fewer identities or leaves fewer figures unread."""
    t, base = r.table, r.placement
    assert base is not None
    toks = _tokens(doc.text.clean, t)
    leading = _figure_leads_code(doc.text.clean, toks)
    one_per_line = _one_per_line(doc.text.clean, toks)
    if not leading and not one_per_line:  # (lines of figures only, in rows rebuilt by position: ``_read``)
        return
    notes: list[Unread] = []
    units = _dedupe(doc, t, _stream_code(doc, t, r.spec, notes, floating=True), notes)
    if not any(u.ahead for u in units):
        return
    alt = solve(units, equations(r.spec, units), anchors, _quantum(units), distrust=True)
    if not leading and r.spec.keys != "econ_code":  # a table of several amount columns: a shift changes sums
        if len(alt.failed) <= len(base.failed) and (base.failed or base.open) and len(alt.placed) > len(base.placed):
            r.units, r.notes, r.placement = units, notes, alt
        else:
            _rows_untold(r, units, alt)
        _wrapped(doc, r, anchors)
        _all_below(doc, r)
        return
    if len(alt.failed) > len(base.failed):
        return
    kept = dataclasses.replace(r, placement=_copied(base), anchors=anchors)
    _float_leading(doc, kept, units, notes, alt, first=False)
    if leading and not one_per_line and r.spec.keys == "econ_code":  # (the first figure: the first group's?)
        other = dataclasses.replace(r, placement=_copied(base), anchors=anchors)
        notes = []
        units = _dedupe(doc, t, _stream_code(doc, t, r.spec, notes, floating=True, first_group=True), notes)
        alt = solve(units, equations(r.spec, units), anchors, _quantum(units), distrust=True)
        _float_leading(doc, other, units, notes, alt, first=True)
        assert kept.placement is not None and other.placement is not None
        if _worse(kept.placement, other.placement):
            kept = other
    r.units, r.notes, r.placement = kept.units, kept.notes, kept.placement


def _all_below(doc: Document, r: TableRead) -> None:
    """A table of several amount columns, one box per line, whose every row's figures print ahead of its code
    (a page turned so its right side is higher: czj table 04 on RapidOCR's heavy scan of draw U, ``2,106.66``
    / ``1,503.52`` / ``603.14`` / ``一般公共服务支出`` / ``201``): the reading giving every floating figure to the
    row below, kept where the kept reading fails more identities or leaves more unread (``_worse``) — a figure
    it moves read only where an identity that holds confirms it (``_unconfirmed_moves``). A reading that then
    places no figure is no evidence of the page's direction and is not kept: czj's table 02 (RapidOCR heavy, draw
    BA) prints 行政运行's 0.01 as ``100`` and 221's box among 2101101's figures, so no placement holds either way;
    the rows given to the row below placed one figure, unconfirmed, and replaced the reading by order — whose
    rows the later readings (``_boxed_code``, ``_by_class``) then read (0 → 32 of 45)."""
    assert r.placement is not None
    if not (r.placement.failed or r.placement.open):
        return
    for page in [None, *_pages(doc.text.clean, r.table)]:  # (a table over two pages, each skewed its own way)
        units, notes, below = _all_below_reading(doc, r, pairs=True, within=page)
        if not _worse(r.placement, below):
            continue
        _unconfirmed_moves(r, units, below)
        if below.placed:
            r.units, r.notes, r.placement = units, notes, below
            return


def _pages(clean: str, t: Table) -> list[tuple[int, int]]:
    """The spans of a table's body on each page it prints on, where it prints on more than one: pages end at a
    form feed (tesseract's) or a blank line (the lines of RapidOCR's boxes, pages joined so)."""
    cuts = [m.start() for m in re.finditer(r"\n\s*\n|\f", clean[t.body_start : t.body_end])]
    bounds = [t.body_start, *(t.body_start + c for c in cuts), t.body_end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a] if cuts else []


def _all_below_reading(
    doc: Document, r: TableRead, first: bool = False, pairs: bool = False, within: tuple[int, int] | None = None
) -> tuple[list[Unit], list[Unread], Placement]:
    """The table read with every floating figure given to the row below (``_below_only``; ``first``:
    ``_above_first_group``, ``pairs``: ``_interleaved_pairs``) — ``within``: only the figures of rows whose code
    prints in that span (one page), each other one the row above's: its rows, notes and placement."""
    notes: list[Unread] = []
    units = _stream_code(doc, r.table, r.spec, notes, floating=True, first_group=first)
    units = _dedupe(doc, r.table, units, notes)
    units = _below_only(units, pairs=pairs, within=within)
    return units, notes, solve(units, equations(r.spec, units), r.anchors, _quantum(units), distrust=True)


def _copied(p: Placement) -> Placement:
    """A placement whose records may be changed (``_unplace``) without changing ``p``'s."""
    return dataclasses.replace(
        p, placed=dict(p.placed), open=dict(p.open), reading=dict(p.reading), why=dict(p.why), failed=list(p.failed)
    )


def _float_leading(
    doc: Document, r: TableRead, units: list[Unit], notes: list[Unread], alt: Placement, first: bool
) -> None:
    """``_float_figures`` for figures opening another group's code line: the first reading (``r``: each figure
    the row above's), every figure the row below's, or each floating on its own (``units``, ``alt``), as the
    identities tell; ``first``: the table's first figure given to the first group's first row
    (``_above_first_group``)."""
    base = r.placement
    assert base is not None
    shifted, shifted_notes, below = _all_below_reading(doc, r, first=first)
    if _worse(below, base):  # the skew's direction, told by the identities
        _either_row(r.units, base, shifted, below)
        return
    if _worse(base, below):
        units, notes, alt = shifted, shifted_notes, below
    else:
        _either_row(units, alt, shifted, below)
    _unconfirmed_moves(r, units, alt)
    r.units, r.notes, r.placement = units, notes, alt


def _scrambled(r: TableRead, anchors: dict[Slot, int]) -> None:
    """A code table whose rows' figures a skewed scan's boxes listed out of column order (``scrambled``: a row
    whose own identity fails as printed and holds in another order) read again with those rows' figures in any
    order; kept when it places more with no more identities failing and every figure of those rows it places is
    confirmed by an identity that holds with another row's figures (a row's own total = Σ parts holds in two
    orders of its parts; ``201 = 20106``, ``20106 = Σ 项`` tell which is 基本支出). Seen on czj's heavy scan on
    draws H (``财政事务 1,503.52 603.14 2,106.66``, ``行政运行 1,503.52 1,511.89 8.37``) and I (``行政运行`` again,
    read by ``_boxed_code``: 208's figures two labels off fail the reading by order there)."""
    assert r.placement is not None
    units = [replace(u, lines=u.lines) for u in r.units]
    eqs, quantum = equations(r.spec, units), _quantum(units)
    rows = scrambled(units, eqs, quantum)
    if not rows:
        return
    alt = solve(units, eqs, anchors, quantum, distrust=True)
    if not _better(alt, r.placement):
        return
    if all(_tied_to_rows(u, eqs, alt) for u in rows):
        r.units, r.placement = units, alt


def _tied_to_rows(u: Unit, eqs: list[Equation], p: Placement) -> bool:
    """Whether every figure ``p`` places in row ``u``'s cells sits in a cell an identity that holds ties to another
    row's figures (``p.confirmed`` counts the row's own total = Σ parts too)."""
    mine = set(u.cells)
    ties = [e for e in eqs if e not in p.failed and not set(e.slots()) <= mine and set(e.slots()) <= p.confirmed]
    cells = {s for e in ties for s in e.slots()}
    placed = [p.placed[id(n)][0] for n in u.nums if id(n) in p.placed]
    return all(slot in cells for slot in placed if slot in mine)


def _rows_untold(r: TableRead, units: list[Unit], floating: Placement) -> None:
    """A figure the first reading (``r``) places by its position after a row's name, where the reading that lets
    each figure float between the rows printed around it (``floating``) leaves it open between two rows or more
    (or in another row only): its row is the position's word alone, and text of one box per line does not keep
    it. czj's table 02 on RapidOCR's heavy scan of draw L prints each 项's figures ahead of its code from 行政运行
    on, and the first reading gave every row the pair of the row below — ``135.25 135.25`` to 一般行政管理事务 —
    each pair holding its own row's 本年收入合计 = 财政拨款收入, the misread 款 above left out of the sums that
    would have told. So is one the floating reading places, confirmed, in another row (``_either_row``: 208's
    pair, ``326.72 326.72`` after 财政委托业务支出). Such a figure is unread, with its printed text — where rows
    were left out as misread only: with every row read, the sums across rows tie each pair to its row (seed
    003's table 05 and ghzy's table 03 on RapidOCR's heavy scans of draw K keep their rows by position, rightly).
    A zero fits every row, and keeps its place."""
    assert r.placement is not None
    if ROW_MISREAD not in r.placement.why.values():  # (with every row read, the sums across rows tell)
        return
    rows = {(n.start, n.end): {slot[0] for slot in options} for n, _, options in floating.open.values() if n.cents}
    for u in r.units:
        for n in u.nums:
            placed = r.placement.placed.get(id(n))
            if placed is None or placed[0] in r.placement.vouched or not (held := rows.get((n.start, n.end))):
                continue
            if held != {placed[0][0]}:  # (open between rows, or in another row only)
                _unplace(r.placement, n, u, _EITHER_ROW)
    _either_row(r.units, r.placement, units, floating)  # (and one it places, confirmed, in another row)


def _either_row(units: list[Unit], kept: Placement, shifted: list[Unit], below: Placement) -> None:
    """A non-zero figure the reading kept (``kept``) places in one row and the reading that gives every figure
    printed ahead of a code to the row below (``below``) places in another, with an identity that holds there
    confirming it, may be either row's: a group's sum holds both ways when its figures shift by one row (seed
    002 table 06: 9.50 / 19.21 / 1.24 under 303's 29.94, each printed between 离休费 and 退休费), whichever
    reading fails fewer identities elsewhere. It is unread, with its printed text. (A zero fits every sum: that
    it fits one says nothing of its row, and it keeps the place the reading gave it.)"""
    other = {
        (n.start, n.end): below.placed[id(n)][0]
        for u in shifted
        for n in u.nums
        if id(n) in below.placed and below.placed[id(n)][0] in below.confirmed and n.cents
    }
    for u in units:
        for n in u.nums:
            placed = kept.placed.get(id(n))
            if placed is not None and other.get((n.start, n.end), placed[0]) != placed[0]:
                _unplace(kept, n, u, _EITHER_ROW)


_EITHER_ROW = (
    "printed between two rows, and the identities hold whichever row it is given to (a skewed scan's figures a row off)"
)


def _wrapped(doc: Document, r: TableRead, anchors: dict[Slot, int]) -> None:
    """A skew may print a row's right-column figures ahead of its code and its first column after its name
    (``1,503.52 603.14 201 一般公共服务支出 2,106.66``): the floating reading again with a tail of the figures
    ahead of each row read after its first figure, kept where it places more with no more identities failing."""
    kept = r.placement
    assert kept is not None
    if not (kept.failed or kept.open):
        return
    notes: list[Unread] = []
    units = _dedupe(doc, r.table, _stream_code(doc, r.table, r.spec, notes, floating=True), notes)
    for u in units:
        u.wraps = True
    eqs, quantum = equations(r.spec, units), _quantum(units)
    rotated(units, eqs, quantum)
    alt = solve(units, eqs, anchors, quantum, distrust=True)
    if len(alt.failed) <= len(kept.failed) and len(alt.placed) > len(kept.placed):
        r.units, r.notes, r.placement = units, notes, alt


def _lagged_column(doc: Document, r: TableRead, anchors: dict[Slot, int]) -> None:
    """A skewed scan's boxes may print each row's right-most figure a row down, among the next row's figures
    (czj table 02, draws D and E, one box per line and rows rebuilt: ``201 一般公共服务支出 2,112.86 2,106.66`` /
    ``201 06 财政事务 6.20 2,112.86 2,106.66``, where 6.20 is 201's 其他收入): read the table again letting
    each row take the first or last figure printed with the next row as its last one (``Unit.lagging``), kept
    where it places more figures with no more identities failing — a figure it places where the first reading
    did not, only with an identity that holds confirming it (``_unconfirmed_moves``). Every placement of the
    figures as printed is one of its placements: where that reading fits, this one is no surer. Text that keeps
    its rows (no box per line, no line of figures only) is read as printed."""
    kept, clean = r.placement, doc.text.clean
    assert kept is not None
    if not (kept.failed or kept.open):
        return
    if not _skewed_boxes(clean, _tokens(clean, r.table)):
        return
    notes: list[Unread] = []
    units = _dedupe(doc, r.table, _stream_code(doc, r.table, r.spec, notes, skewed=True), notes)
    for u in units:
        u.lagging = True
    for a, b in itertools.pairwise(units):
        if a.nums and b.nums and not _unreadable(a.key) and not _unreadable(b.key):
            for n in b.nums:
                n.floating = True
            a.nums, a.lags = [*a.nums, *b.nums], len(b.nums)
    alt = solve(units, equations(r.spec, units), anchors, _quantum(units), distrust=True)
    if not _better(alt, kept):
        return
    _unconfirmed_moves(r, units, alt)
    if len(alt.placed) > len(kept.placed):
        r.units, r.notes, r.placement = units, notes, alt


def _skewed_boxes(clean: str, toks: list[_Tok]) -> bool:
    """Whether a function-code table's text is a skewed scan's boxes, for the readings that let figures float
    among nearby rows: one box per line, rows rebuilt by position that split a row's figures over two lines, or
    that print the 类 boxes of two rows or more a line above the rest of their codes (``_class_above_its_row``:
    czj's tables 02 and 05 on RapidOCR's heavy scans of draws BE and BG, rows rebuilt, each row's last column a
    line down — the reading of such text by its lines read 5 of 45 and 39 of 44), or a code below its name and
    figures (``_codes_below_names``: czj's table 05 on draw BH, the row below's right columns risen onto the code's
    line — 3 of 44, two values wrong)."""
    if _one_per_line(clean, toks) or _figure_lines(clean, toks, split=True):
        return True
    kind = _code_kind("2")
    return (
        _codes_below_names(clean, toks, "2", kind) != toks or _class_above_its_row(clean, toks, "2", kind, True) != toks
    )


def _boxed_code(doc: Document, r: TableRead, anchors: dict[Slot, int]) -> None:
    """A code table (03, 02, 05) in text of one box per line whose reading by order fails its identities or
    leaves figures open, read again with every figure floating among the rows whose labels are printed nearest
    it (``_boxed_windows``; a row takes a run of them, one for each of its columns at most, or none), as tables
    01 and 04 are (``_boxed``): on a heavily skewed page a row's figures may print two labels down. czj's heavy
    scan on draw I prints ``208 社会保障和就业支出`` / ``208 05 行政事业单位养老支出`` / ``326.72`` / ``326.72`` /
    ``208 05 01 行政单位离退休`` / ``326.72`` / ``326.72`` / ``84.65`` / ``84.65``: 208's pair after 20805's name,
    20805's after 2080501's — four figures for 2080501, and the one-row float (``_float_figures``) cannot place
    them. The identities (row total = Σ columns, parent = Σ children, 合计 = Σ 类) decide; the reading is kept
    where it places more with no more identities failing, and a figure it places where the first reading did
    not is read only where an identity that holds confirms it (``_unconfirmed_moves``). A row whose own figures,
    as printed, fail its own total in column order and fit it in another (``scrambled``: the same page prints
    ``201 06 01 行政运行 1,503.52 1,511.89 8.37``, as draw H did) takes its run in any order, each figure read only
    where an identity with another row's figures confirms it (``_tied_to_rows``: its own total holds with two
    parts swapped). Draw I's 2010601 is read so (37/44 → 44/44); on draw H, where nothing else fails, the reading
    by order reads it (``_scrambled``).

    Down each column the figures keep their rows' order (``placement._in_column_order``: a skew moves one
    column's boxes alike), and a row's run may list its last column first (``placement._runs``). With both, the
    reading runs wherever the one by order fails or leaves figures open — no longer only where a row prints
    more figures than 合计 — and a figure may float to the second label printed after it: czj's table 02 on
    draw L lists each row's 其他收入 box first (``6.20`` / ``2,112.86`` / ``2,106.66`` / ``一般公共服务支出``),
    行政运行's ``0.01`` ahead of 财政事务's code ``201 06``, and was read 1 of 45; now 45 of 45 (table 03 31 → 44
    of 44)."""
    kept = r.placement
    assert kept is not None
    if not (kept.failed or kept.open):
        return
    clean = doc.text.clean
    if not _skewed_boxes(clean, _tokens(clean, r.table)):
        return
    notes: list[Unread] = []
    units = _dedupe(doc, r.table, _stream_code(doc, r.table, r.spec, notes, boxed=True, skewed=True), notes)
    if not units:
        return
    eqs = equations(r.spec, units)
    shuffled: dict[str, int] = {}
    alt: Placement | None = None
    for rows in _scrambled_readings(doc, r):  # (the second only where the first does not read more)
        more = {u.key: len(u.nums) for u in scrambled(rows, equations(r.spec, rows), _quantum(rows))}
        if alt is not None and not set(more) - set(shuffled):
            break
        shuffled = more | shuffled
        for u in units:
            u.any_order = shuffled.get(u.key, 0)
        alt = solve(units, eqs, anchors, _quantum(units), distrust=True)
        if _better(alt, kept):
            break
    if alt is None or not _better(alt, kept):
        return
    _unconfirmed_moves(r, units, alt)
    for u in units:  # (its own total = Σ parts holds with two parts swapped: another row's identity must tell)
        if u.any_order and not _tied_to_rows(u, eqs, alt):
            for n in u.nums:
                if id(n) in alt.placed and alt.placed[id(n)][0] in u.cells:
                    _unplace(alt, n, u, _UNCONFIRMED_MOVE)
    if _better(alt, kept):
        r.units, r.notes, r.placement = units, notes, alt


def _scrambled_readings(doc: Document, r: TableRead) -> Iterator[list[Unit]]:
    """The two readings in which a row's own figures stand together, for ``scrambled`` to find rows printed out of
    column order: each row's figures after its name (as printed), and — where the rows that one shows do not let
    the boxed reading read more — each row's figures ahead of its code (the row below's, ``_below_only``: the
    page's right side higher). czj's table 03 on RapidOCR's heavy scan of draw AX prints ``1,503.52`` /
    ``1,511.89`` / ``8.37`` / ``201 06 10 行政运行``, 行政运行's own ahead of its code in the order 基本支出, 合计,
    项目支出: read as printed, 行政运行 takes the ``10.00`` pair after its name, and only the second reading shows
    its figures scrambled (26 of 44 unread before). Only as the fallback: a row the second reading shows
    scrambled by chance takes its figures in any order, and its own total then ties none of them (czj's table 02
    on draw AV: 行政运行's, read before, would be unread)."""
    t, spec = r.table, r.spec
    yield _dedupe(doc, t, _stream_code(doc, t, spec, []), [])
    yield _below_only(_dedupe(doc, t, _stream_code(doc, t, spec, [], floating=True), []))


def _unconfirmed_moves(
    r: TableRead, units: list[Unit], new: Placement, tied: Collection[int] = (), pinned: dict[Slot, int] | None = None
) -> None:
    """A figure the new reading ``new`` places where the first reading (``r``) did not is read only where an
    identity that holds confirms it: rows that do not take their figures (two figures for one column) leave
    their identities unchecked, and the rest of such a group is then placed by nothing but its rows' counts.
    ``tied``: figures (by id) their print ties to their rows, read without; ``pinned``: cells another table's
    identity confirms (``_printed_evidence``) — a figure placed there with that very value is confirmed by the
    cross-table identity (czj's ``2,940.05`` for 一般公共预算财政拨款收入, table 04's, while 6.20 stays open between
    two income rows and leaves table 01's income sum unchecked: RapidOCR heavy, draw J)."""
    pinned = pinned or {}
    first = r.placement
    assert first is not None
    before = {(n.start, n.end): first.placed[id(n)][0] for u in r.units for n in u.nums if id(n) in first.placed}
    for u in units:
        for n in u.nums:
            placed = new.placed.get(id(n))
            if placed is None or placed[0] in new.confirmed or before.get((n.start, n.end)) == placed[0]:
                continue
            if pinned.get(placed[0]) == new.chosen(n).cents:
                continue
            if id(n) in tied:
                continue
            _unplace(new, n, u, _UNCONFIRMED_MOVE)


def _unplace(p: Placement, n: Num, u: Unit, why: str) -> None:
    """Leave a placed figure unread (open, its one option the cell it was placed in), saying ``why``."""
    placed = p.placed.pop(id(n))
    p.reading.pop(id(n), None)
    p.open[id(n)] = (n, u, [placed[0]])
    p.why[id(n)] = why


def _unplace_unconfirmed(p: Placement, u: Unit, why: str) -> None:
    """Leave each of row ``u``'s placed figures that no identity that holds confirms unread, saying ``why``."""
    for n in u.nums:
        placed = p.placed.get(id(n))
        if placed is not None and placed[0] not in p.confirmed:
            _unplace(p, n, u, why)


def _crossed_rows(doc: Document, r: TableRead, displaced: bool) -> None:
    """Table 06 prints its codes two or three to a line (301 codes left, 302 codes right). Text that prints
    every OCR box on a line of its own lists a line's boxes by their tops, so a figure after one code's name
    may be the figure of the code beside it (``30101 基本工资 440.90 537.64 30201``: 440.90 is 302's, 537.64
    30101's; ``30103 奖金 987.86``: 30102's); rows rebuilt by position from such a scan's boxes print a row's
    code, name and figure on different lines (``30205 0.08`` over ``水费 0.92``: 0.08 is 30204's). Where many
    rows show it (``_displaced``), the figures cannot be tied to rows by their position where rows of two
    groups alternate, and a group's sum cannot tell either: it holds as well with two of its rows' figures
    swapped. There a row's figure is read only where its row is tied (``_tied``): a total an identity that
    holds confirms, or the one child of its parent; elsewhere it is unread with its printed text. A row whose
    rows beside it in the text are of its own group (310's after the other column ended) keeps its place.

    Whatever the count, a figure printed after a code with no name beside it on its line is read only where
    an identity confirms it (``_after_code_only``)."""
    p = r.placement
    assert p is not None
    clean = doc.text.clean
    for u in r.units:  # (a figure after a nameless code: whatever the crossing count, see ``_after_code_only``)
        for n in u.nums:
            if id(n) in p.placed and p.placed[id(n)][0] not in p.confirmed and _after_code_only(clean, n):
                _unplace(p, n, u, _AFTER_CODE)
    if not displaced:
        return
    tied = _tied(r)
    units = sorted(r.units, key=lambda u: u.start)
    column = side_by_side._groups([u.key[:3] for u in units if u.key.isdigit()])
    for k, u in enumerate(units):
        beside = [units[j].key for j in (k - 1, k + 1) if 0 <= j < len(units)]
        if u.label and all(b.isdigit() and column[b[:3]] == column[u.key[:3]] for b in [u.key, *beside]):
            continue  # (rows of its own column around it: its place is its row's)
        for n in u.nums:
            placed = p.placed.get(id(n))
            if placed is not None and placed[0] not in tied:
                _unplace(p, n, u, _CROSSED)


def _displaced(clean: str, r: TableRead) -> bool:
    """Whether table 06's text ties no figure to its row by position: text of one box per line, or rows rebuilt
    by position from a skewed scan (a figure opens the line of a code: ``_figure_leads_code``), where many rows
    (a quarter of those printing a figure, two at least) print more figures than columns, their code with no
    name beside it or their name run into another code's — a row's code, name and figure on different lines
    (``30205 0.08`` / ``水费 0.92``, ``30211 差旅费住房公积金``, ``30101 基本工资 440.90 537.64``). (Text that
    keeps the page's lines, tesseract's, ties a figure to the code before it: a damaged row's extra figure there
    says nothing of the others.)"""
    toks = _tokens(clean, r.table)
    if not (_one_per_line(clean, toks) or _figure_leads_code(clean, toks)):
        return False
    odd = sum(
        1
        for u in r.units
        if u.nums
        and u.key.isdigit()
        and (not u.label or len(u.nums) > len(u.slots) or _two_names(u.key, strip_label(u.label), "economic"))
    )
    return odd >= max(2, sum(1 for u in r.units if u.nums) / 4)


def _tied(r: TableRead) -> set[Slot]:
    """The cells an identity that holds ties to their row whichever way figures are swapped between rows of one
    group: its total (``302 = Σ 302xx``: moving a child's figure into the total breaks it) and a child that is
    its parent's only term (``310 = 31002``) — never one child of several (a sum holds with any two swapped)."""
    p = r.placement
    assert p is not None
    values = {s: 0 for u in r.units if not u.nums for s in u.cells}  # (a row printing no figure: blank)
    values.update({p.placed[id(n)][0]: p.chosen(n).cents for u in r.units for n in u.nums if id(n) in p.placed})
    owned = {s for u in r.units for s in u.cells}
    out: set[Slot] = set()
    quantum = _quantum(r.units)
    for e in equations(r.spec, r.units) + _printed_totals(r.spec, r.units):
        if any(s in owned and s not in values for s in e.slots()) or e.lhs not in values:
            continue
        if holds_within(e, values, quantum):
            out.add(e.lhs)
            if len(e.terms) == 1:
                out.add(e.terms[0][1])
    return out


def _merged_columns(doc: Document, r: TableRead, anchors: dict[Slot, int]) -> None:
    """Table 06 whose figures its text does not tie to rows by position (``_displaced``), read from what the page
    keeps: each column (301 / 303 left, 302 / 310 right: ``side_by_side._groups``) prints its figures in its
    rows' order, each within a row of its code. Every way the figures go to the rows so with the identities
    holding is searched (``side_by_side.merged_values``); a row is read where every such way gives it the same
    value — two rows' figures swapped within a group are then told apart by the other column's rows that
    print between them (ghzy draw F heavy: ``30103 奖金 987.86`` is 30102's, read as 30102's) — and the rest is
    unread with its printed text. Kept where it places more than the reading by position, no more identities
    failing. Needs every row to print one figure (``0.00`` for none): a row with none, or a figure damaged
    beyond one reading, leaves the ways unknown and the table as it was. A figure of one repair (``28959``:
    289.59, its point lost — ghzy draw I heavy; ``000``, 0.00 — draw U) takes part as that reading, placed only
    where an identity that holds confirms it. Where no way holds every sum — a figure misread into another clean
    one (``987.36`` for 987.86) fails its class's sum whoever takes what — the ways that hold every sum but one
    are read, when exactly one sum is so left out: it stays failing, its cells marked so and flagged.

    Tried too where text of one box per line leaves figures open though too few rows cross to call it displaced:
    ghzy's table 06 on RapidOCR's heavy scan of draw AR prints 302's 440.90 after 30101's name and 30102's 987.86
    after 30201's at the top of the page only — read by position, 30101 was 440.90 (wrong); now 33 of 33."""
    clean, spec, t = doc.text.clean, r.spec, r.table
    base = r.placement
    assert base is not None
    notes: list[Unread] = []
    printed = _stream_code(doc, t, spec, notes)
    units = _dedupe(doc, t, printed, [])  # (a row printed twice — a name wrapped over two boxes — prints one figure)
    rows = sorted((u for u in units if u.key.isdigit()), key=lambda u: u.start)
    totals = [u for u in units if u.key in spec.totals]
    figures = sorted({n.start: n for u in printed for n in u.nums}.values(), key=lambda n: n.start)
    # a row printing a figure damaged beyond reading (a crowded one too) leaves its cell unknown; ``000`` (0.00, its
    # point lost: ghzy's 30305 on RapidOCR's heavy scan of draw U) takes part as its one reading, and a figure of
    # two readings is refused below
    beyond = {x.row for x in notes if x.reason == _BEYOND_READING}
    if not rows or len(rows) + len(totals) != len(units) or any(u.key in beyond for u in units):
        return
    if any(len(n.readings) > 1 for n in figures) or not len(rows) <= len(figures):
        return
    ordered, col, quantum = [*rows, *totals], spec.columns[0].key, _quantum(units)
    column = side_by_side._groups([u.key[:3] for u in rows])
    columns = [[k for k, u in enumerate(rows) if column[u.key[:3]] == g] for g in range(max(column.values()) + 1)]
    spare = list(range(len(rows), len(ordered)))
    row_of = {(u.key, col): k for k, u in enumerate(ordered)}
    eqs = [e for e in equations(spec, ordered) + _printed_totals(spec, ordered) if all(s in row_of for s in e.slots())]
    sums = [
        side_by_side.Sum(row_of[e.lhs], tuple((x, row_of[s]) for x, s in e.terms), lambda n: tolerance(n, quantum))
        for e in eqs
    ]

    def ways(kept: list[side_by_side.Sum]) -> dict[int, set[int]]:
        got: dict[int, set[int]] = {}
        for late in (True, False):  # (one rotation skews a page: every figure late, or every one early)
            windows = _column_windows(ordered, columns, len(clean) + 1, late)
            found = side_by_side.merged_values(
                [*columns, spare], spare, windows, [n.start for n in figures], [n.cents for n in figures], kept
            )
            for k, taken in (found or {}).items():
                got.setdefault(k, set()).update(taken)
        return got

    got, off = ways(sums), None
    if not got:  # (one figure misread into another clean one: its sum fails whoever takes what)
        found = _only_one_left_out(len(sums), lambda k: ways(sums[:k] + sums[k + 1 :]) or None)
        if found is None:
            return
        got, off = found[1], eqs[found[0]]
    used: set[int] = set()
    out: list[Unit] = []
    for k, u in enumerate(ordered):
        figs = sorted(f for f in got.get(k, set()) if f not in used)
        if figs and len({figures[f].cents for f in got[k]}) == 1:
            used.add(figs[0])
            out.append(Unit(u.key, [figures[figs[0]]], [(u.key, col)], u.start, u.end, label=u.label))
        else:
            out.append(Unit(u.key, [], [], u.start, u.end, label=u.label, extra=[(u.key, col)]))
    for pair in _swappable_misordered(clean, t, (printed, ordered), column, eqs, col):
        if all(out[k].nums for k in pair) and len({out[k].nums[0].cents for k in pair}) == 2:
            for k in pair:
                u, n = ordered[k], out[k].nums[0]
                notes.append(_note(doc, f"{t.kind}/{u.key}", _MISORDERED, n.start, n.end, n.text, u.key))
                out[k] = Unit(u.key, [], [], u.start, u.end, label=u.label, extra=[(u.key, col)])
    unknown = [s for u in out if not u.slots for s in u.extra]
    alt = solve(out, eliminate([e for e in eqs if e is not off], unknown), anchors, quantum, distrust=True)
    if alt.reason or not _better(alt, base):
        return
    if off is not None:
        alt.failed.append(off)  # (its cells read as the other sums place them, marked failing: the checks flag it)
    notes.extend(
        _note(doc, t.kind, _MERGES_DISAGREE, n.start, n.end, n.text) for f, n in enumerate(figures) if f not in used
    )
    r.units, r.notes, r.placement = out, notes, alt


def _listed_in_blocks(doc: Document, t: Table, spec: TableSpec, anchors: dict[Slot, int]) -> TableRead | None:
    """Table 06 in text of one box per line whose printed rows chained into blocks, each listing a column's codes,
    then names, then figures in no row's order (``readers.blocks``: RapidOCR's plain text of a skewed scan, ghzy on
    draws AK, AL, AP and AQ — 0 of 33 read, refused as printed column by column). Each block's figures are its
    column's next rows'; a row is read where every way of giving them out with the identities holding gives it one
    value (a class's total, a block of one row or of equal figures), every other row unread with its block's
    figures. None where the text is not so laid out (a column's figures not one per row)."""
    clean, col = doc.text.clean, spec.columns[0].key
    book = codebook("economic")
    toks = _one_box(clean, _tokens(clean, t), book)
    codes = [x.text for x in toks if x.number and not x.decimal and len(x.text) in (3, 5) and x.text in book]
    groups = side_by_side._groups([c[:3] for c in codes])
    items: list[blocks.Item] = []
    kept: list[_Tok] = []
    at: dict[str, _Tok] = {}  # row → the box that prints its code (or, code lost, its name)
    names: dict[str, str] = {}
    first = next((k for k, x in enumerate(toks) if x.number and x.text in book and x.text[:3] in groups), len(toks))
    for x in toks[first:]:  # (what comes before the first code is the header's)
        if x.number and not x.decimal and x.text in book and x.text[:3] in groups:
            items.append(blocks.Item("code", x.text, groups[x.text[:3]]))
            at.setdefault(x.text, x)
        elif x.amount(True):
            items.append(blocks.Item("figure"))
        elif x.number:
            return None  # (a number neither a code nor an amount: which row's, the count cannot tell)
        elif (total := strip_label(x.text)) in spec.totals:
            items.append(blocks.Item("total", total))
            at.setdefault(total, x)
        else:
            of = {e.code for e in named("economic", strip_label(x.text)) if e.code[:3] in groups}
            if len({c[:3] for c in of}) != 1 or len({groups[c[:3]] for c in of}) != 1:
                continue  # (a name garbled, or one of two columns': no evidence of its column)
            code = min(of) if len(of) == 1 else ""
            items.append(blocks.Item("name", code, groups[next(iter(of))[:3]]))
            if code:
                names.setdefault(code, x.text)
                at.setdefault(code, x)
        kept.append(x)
    rows = sorted((c for c in at if c.isdigit()), key=lambda c: (groups[c[:3]], c))
    rows += [k for k in spec.totals if k in at]
    found = blocks.blocks(items, rows, {c: groups[c[:3]] for c in rows if c.isdigit()})
    if not found:
        return None
    bare = [Unit(k, [], [(k, col)], at[k].start, at[k].end) for k in rows]
    eqs = equations(spec, bare) + _printed_totals(spec, bare)
    index = {(k, col): i for i, k in enumerate(rows)}
    quantum = 1  # (table 06 prints cents)
    eqs = [e for e in eqs if all(s in index for s in e.slots())]
    sums = [
        side_by_side.Sum(index[e.lhs], tuple((x, index[s]) for x, s in e.terms), lambda n: tolerance(n, quantum))
        for e in eqs
    ]
    values = [[g.cents for g in x.readings] or [_cents(x.text)] if x.amount(True) else [] for x in kept]
    got, off = blocks.decided(found, values, sums), None
    if got is None:  # (a figure misread into another clean one — ``12.94`` for 17.94 — fails its class's sum)
        one = _only_one_left_out(len(sums), lambda k: blocks.decided(found, values, sums[:k] + sums[k + 1 :]))
        if one is None:
            return None
        off, got = eqs[one[0]], one[1]
    notes: list[Unread] = []
    units: list[Unit] = []
    block_of = {row: b for b in found for row in b.rows}
    for i, k in enumerate(rows):
        x = at[k]
        if i in got:
            f, v = got[i]
            n = _tok_num(kept[f])
            if v != n.cents:
                n = replace(n, cents=v, readings=tuple(r for r in n.readings if r.cents == v))
            units.append(Unit(k, [n], [(k, col)], x.start, x.end, label=names.get(k)))
            continue
        units.append(Unit(k, [], [], x.start, x.end, label=names.get(k), extra=[(k, col)]))
        printed = [kept[f] for f in block_of[i].figures]
        claim = " / ".join(p.text for p in printed)
        notes.append(_note(doc, f"{t.kind}/{k}", _IN_BLOCKS, printed[0].start, printed[-1].end, claim, k))
    unknown = [s for u in units if not u.slots for s in u.extra]
    r = TableRead(table=t, spec=spec, anchors=anchors, units=units, notes=notes)
    r.placement = solve(units, eliminate([e for e in eqs if e is not off], unknown), anchors, quantum, distrust=True)
    if off is not None:
        r.placement.failed.append(off)  # (its cells read as the other sums place them, marked failing: flagged)
    return r


def _one_box(clean: str, toks: list[_Tok], book: CodeBook) -> list[_Tok]:
    """Whole numbers printed on one line of one-box-per-line text, none a code, as the one box they are: a figure
    whose point is lost and a space read in (``00 0``: 0.00, ghzy on RapidOCR's heavy scan of draw AL)."""
    out: list[_Tok] = []
    for x in toks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and all(y.number and not y.decimal and y.text not in book for y in (prev, x))
            and "\n" not in clean[prev.end : x.start]
        ):
            text = clean[prev.start : x.end]
            found = ocr_readings(re.sub(r"\s+", "", text))
            readings = tuple(Reading(_cents(j), True) for j in found if re.fullmatch(r"\d+\.\d+", j))
            out[-1] = _Tok(text, prev.start, x.end, True, readings=readings)
            continue
        out.append(x)
    return out


_IN_BLOCKS = (
    "table 06's rows listed block by block (codes, then names, then figures of several rows at once): these "
    "figures are this row's and its block's others', and which is whose neither their order nor an identity tells"
)


def _swappable_misordered(
    clean: str, t: Table, rows: tuple[list[Unit], list[Unit]], column: dict[str, int], eqs: list[Equation], col: str
) -> list[tuple[int, int]]:
    """Two rows next to each other in a column of table 06 whose codes the text lists in the reverse of their
    order, in the same sums (a swap of their figures no identity sees): the engine's order is scrambled there, and
    which figure is whose the order of the figures cannot say (ghzy, RapidOCR's heavy scan of draw AG: ``30227`` /
    ``30226`` / ``劳务费`` / ``委托业务费`` / ``19.16`` / ``2.40`` — 19.16 is 30227's, read as 30226's by the rows'
    order). Indices into ``ordered`` (``rows``: the rows as printed, and as read); each row's place is where its
    code is first printed whole, or its row starts."""
    printed, ordered = rows
    whole: dict[str, int] = {}  # every run of digits printed whole in the table → where it is first printed
    for m in _WHOLE_DIGITS.finditer(clean, t.body_start, t.end):
        whole.setdefault(m.group(), m.start())
    first: dict[str, int] = {}
    for u in printed:
        if u.key.isdigit():
            first[u.key] = min(first.get(u.key, u.start), u.start, whole.get(u.key, u.start))
    index = {u.key: k for k, u in enumerate(ordered)}

    def sums(key: str) -> list[tuple[int, int]]:
        slot = (key, col)
        return [
            (i, 0 if e.lhs == slot else dict((s, x) for x, s in e.terms)[slot])
            for i, e in enumerate(eqs)
            if slot in e.slots()
        ]

    keys = sorted(k for k in index if k.isdigit() and k in first)
    out: list[tuple[int, int]] = []
    for g in set(column.values()):
        mine = [k for k in keys if column[k[:3]] == g]
        for a, b in itertools.pairwise(mine):
            if first[a] > first[b] and len(a) == len(b) and sums(a) == sums(b):
                out.append((index[a], index[b]))
    return out


_WHOLE_DIGITS = re.compile(r"(?<![\d.])\d+(?![\d.])")
_MISORDERED = (
    "its code and the next row's are listed in the reverse of their order, in the same sums: which of the two "
    "figures printed near them is whose, neither their order nor an identity tells"
)


def _column_windows(ordered: list[Unit], columns: list[list[int]], end: int, late: bool) -> list[tuple[int, int]]:
    """Where each row's figure may print in text of a skewed scan's boxes (after the first offset, before the
    second): ``late``, after its own code and before the code two rows below in its column (ghzy draw F heavy:
    ``30102 津贴补贴 84.62 30103 奖金 987.86`` — 987.86 is 30102's); otherwise after the code of the row above
    in its column and before the next one's. A total (after both columns) anywhere after the last code."""
    rows = [k for members in columns for k in members]
    out = [(max(ordered[k].start for k in rows), end)] * len(ordered)
    for members in columns:
        for j, k in enumerate(members):
            if late:
                hi = ordered[members[j + 2]].start if j + 2 < len(members) else end
                out[k] = (ordered[k].start - 1, hi)
            else:
                hi = ordered[members[j + 1]].start if j + 1 < len(members) else end
                out[k] = (ordered[members[j - 1]].start if j else -1, hi)
    return out


_MERGES_DISAGREE = (
    "table 06's columns printed side by side, their figures interleaved by a skewed scan: the ways of giving "
    "the columns' figures to their rows in order with the identities holding give this figure different rows"
)


def _after_code_only(clean: str, n: Num) -> bool:
    """Whether only a code's digits (no name) stand before figure ``n`` on its line. In table 06's groups side by
    side, rows rebuilt from a skewed scan put a left code below its name and the right group's next figure
    beside it (``30301 0.39``: 0.39 is 30217's; ``3011 1.50``: 30111's code damaged, 1.50 30211's) — or, the
    skew the other way, a left figure a row low (``30111 236.63``: 30110's): such a figure is either row's."""
    head = _line_before(clean, n.start).split()
    return bool(head) and all(x.isdigit() for x in head)


_AFTER_CODE = "printed after a code with no name beside it, and no identity that holds confirms it"


def _run_into_rows(r: TableRead, kind: str) -> None:
    """A row whose printed name runs into another code's whole name (``30204 手续费绩效工资``: 绩效工资 is
    30107's; ``30108 机关事业单位基本养老保水费``: 水费 is 30205's; ``201 06 财政事务`` / ``行政运行 1,511.89
    1,503.52 8.37``: 行政运行 is 2010601's, its code below it misread) mixes two rows' text — rows rebuilt from a
    skewed scan's boxes: its figures may be the other row's. They are read only where an identity that holds
    ties them to another row's figures: the row's own total = Σ parts holds with either row's (czj's table 04 on
    draw U's rows rebuilt from the heavy scan read 20106 as 1,511.89 / 1,503.52 / 8.37 so)."""
    p = r.placement
    assert p is not None
    mixed = [u for u in r.units if _two_names(u.key, strip_label(u.label or ""), kind)]
    eqs = equations(r.spec, r.units) if mixed else []
    for u in mixed:
        if len(u.slots) > 1 and not _tied_to_rows(u, eqs, p):  # (its own total = Σ parts holds with any row's)
            for n in u.nums:
                if id(n) in p.placed:
                    _unplace(p, n, u, _RUN_INTO)
        else:
            _unplace_unconfirmed(p, u, _RUN_INTO)


_RUN_INTO = "its row's name runs into another code's name (two rows' text mixed), and no identity confirms it"


_TRAILING_JUNK = re.compile(r"[A-Za-z|_\-—]+$")


@lru_cache(maxsize=4096)
def _two_names(code: str, label: str, kind: str) -> bool:
    """Whether ``label`` is the start of ``code``'s official name followed by the whole official name of a code
    not above it in the hierarchy (``其他社会保障和就业支出`` is no 其他 + 208's name; ``住房改革支出住房公积金`` is
    22102's name and 2210201's, the row below's)."""
    own = codebook(kind).get(code)
    if own is None or len(label) < 4:
        return False
    for k in range(2, len(label) - 1):
        head, tail = label[:k], _TRAILING_JUNK.sub("", label[k:])  # ``其他社会保障缴费iT``: OCR junk after it
        if not same_name(head, own.name):
            continue
        if any(e.name == tail and e.code != code and not code.startswith(e.code) for e in named(kind, tail)):
            return True
    return False


_CROSSED = (
    "rows of the table print the figures of the codes beside them (more figures than columns, or a code with no "
    "name), and no identity ties this figure to its row (a group's sum holds with two of its figures swapped)"
)


_UNCONFIRMED_MOVE = "its row's figures may be printed a row off (a skewed scan), and no identity that holds confirms it"


def _below_only(units: list[Unit], pairs: bool = False, within: tuple[int, int] | None = None) -> list[Unit]:
    """The floating reading's rows with every floating figure the row below's (printed ahead of its code) —
    ``within``: every one printed in that span (one page of the table), each other one the row above's;
    ``pairs``: two rows' figures printed interleaved may be either's (``_interleaved_pairs``)."""
    lo, hi = within or (0, sys.maxsize)
    for u in units:
        u.nums = [
            n
            for k, n in enumerate(u.nums)
            if not n.floating or (k < u.ahead) == (lo <= n.start < hi)  # (ahead of its code: the row below's)
        ]
        u.ahead = 0
    for u in units:
        for n in u.nums:
            n.floating = False
    if pairs:
        _interleaved_pairs(units)
    return units


def _interleaved_pairs(units: list[Unit]) -> None:
    """A row of no figures above a row of more figures than cells, in the reading that gives each row the
    figures printed ahead of its code: the two rows' boxes sat level on the skewed page and were listed
    interleaved (``_picked``) — each row takes any of them, each figure one row's, as the identities decide."""
    for a, b in itertools.pairwise(units):
        if a.nums or a.side != b.side or not len(b.slots) < len(b.nums) <= len(a.slots) + len(b.slots):
            continue
        if a.fixed is not None or b.fixed is not None or not a.key.isdigit() or not b.key.isdigit():
            continue
        for n in b.nums:
            n.floating = True
        a.nums = list(b.nums)
        a.picks = b.picks = a.mixes = b.mixes = True


def _worse(a: Placement, b: Placement) -> bool:
    """Whether reading ``a`` of a table fails more of its identities than ``b`` and leaves more figures
    unread — at least as many of both, more of one."""
    fa, fb, oa, ob = len(a.failed), len(b.failed), len(a.open), len(b.open)
    return fa >= fb and oa >= ob and (fa, oa) != (fb, ob)


def floating_rows(doc: Document, r: TableRead) -> dict[tuple[int, int], list[Unit]]:
    """A code table of text that prints each figure on a line of its own: (start, end) of every figure alone
    between two rows' labels → both rows (the floating reading's units, ``_float_figures``) — the rows a model
    may claim it for, where the reading kept leaves it unread. Empty for any other table."""
    t = r.table
    if t.layout != "stream" or r.spec.keys not in ("code", "econ_code"):
        return {}
    units = r.units
    if not any(u.ahead for u in units):
        units = _stream_code(doc, t, r.spec, [], floating=True)
    out: dict[tuple[int, int], list[Unit]] = {}
    for u in units:
        for n in u.nums:
            if n.floating:
                out.setdefault((n.start, n.end), []).append(u)
    return out


def _label_less_total(doc: Document, r: TableRead, anchors: dict[Slot, int]) -> None:
    """Table 06 ends with its totals (人员经费合计, 公用经费合计); OCR may lose a total's label and leave its figure
    alone on a line below the last code row (``39999 其他支出`` / ``940.22  公用经 | 费合计 130.6``), where it
    reads as that row's. When the table's identities fail, the figure is given in turn to each total that prints
    no figure, and a reading is kept only when exactly one such total takes it with strictly fewer identities
    failing, an identity that holds confirming the total's value (人员经费合计 = 301 + 303) — never a guess."""
    spec, base = r.spec, r.placement
    assert base is not None
    clean = doc.text.clean
    rows = [u for u in r.units if u.key not in spec.totals]
    if not rows:
        return
    last = max(rows, key=lambda u: u.start)
    if len(last.nums) != 1 or last.ahead or any(u.start > last.start and u.nums for u in rows):
        return
    (num,) = last.nums
    if "\n" not in clean[last.start : num.start] or not _line_start(clean, num.start):
        return  # printed on its row's own line: the row's
    col = spec.columns[0].key
    found: list[tuple[list[Unit], Placement]] = []
    for total in spec.totals:
        if any(u.key == total and u.nums for u in r.units):
            continue
        bare = Unit(last.key, [], last.slots, last.start, last.end, label=last.label, extra=last.extra)
        own = Unit(total, [num], [(total, col)], num.start, num.end, extra=[(total, c.key) for c in spec.columns[1:]])
        units = [bare if u is last else u for u in r.units if u.key != total] + [own]
        alt = solve(units, equations(spec, units), anchors, _quantum(units), distrust=True)
        placed = alt.placed.get(id(num))
        if placed is not None and placed[0] in alt.confirmed and len(alt.failed) < len(base.failed):
            found.append((units, alt))
    if len(found) == 1:
        r.units, r.placement = found[0]


def _without_damaged(doc: Document, r: TableRead, eqs: list[Equation], anchors: dict[Slot, int], quantum: int) -> None:
    """Identities fail, and one row prints a figure the OCR damaged beyond reading (``_damaged_print``): that
    row's cells are unknown, not blank. The table is read again with the row unread and eliminated from the
    identities (``206 = 20601 + 20607`` loses 20607: the identities among the other rows still hold), and the
    new reading is kept only when every identity then holds. Only one such row: where the OCR damaged several
    figures of a table beyond reading, it misread others into clean-looking ones too, and the identities the
    damaged rows take away are what would have caught them. Where no row is so damaged, the one row printing a
    figure no reading of which any placement took (``_unread_damage``) is — or else the one row under a failing
    identity printing a figure cut to one decimal (``_cut_cents``)."""
    assert r.placement is not None
    failing = {s for e in r.placement.failed for s in e.slots()}
    marked = [u for u in r.units if u.damaged]
    if len(marked) > 1 and len(bare := [u for u in marked if not u.nums]) == 1:
        marked = bare  # (the one row whose figure is all damage, ``10°30.°01``; ``1.550.75`` has readings to try)
    damaged = (
        marked
        or [u for u in r.units if any(_unread_damage(r.placement, n) for n in u.nums)]
        or [u for u in r.units if any(_cut_cents(n.text) for n in u.nums) and failing.intersection(u.cells)]
    )
    for rows in ([damaged] if len(damaged) == 1 else []) + [_apart_damaged(r, eqs)]:
        if rows and _read_around(doc, r, eqs, anchors, quantum, rows):
            return
    _derived_repairs(r, eqs, anchors, quantum)
    if r.placement.failed and not marked:
        _misread_clean(doc, r, eqs, anchors, quantum)


def _misread_clean(doc: Document, r: TableRead, eqs: list[Equation], anchors: dict[Slot, int], quantum: int) -> None:
    """Identities fail with no figure damaged past reading: a figure may read cleanly and yet be misread past any
    repair (``97346.50`` for 9,746.50: ghzy's 收入总计 in table 04, tesseract's heavy scan of draw AP, which failed
    收入总计 = 本年收入合计 + 年初结转和结余 and 收入总计 = 支出总计, and with them the rows they hold). The one row of
    one figure under a failing identity whose figure, left unknown, lets every identity hold — tried for each such
    row, kept only where exactly one does, and it places more — is read around: its print unread (the identities'
    value is not its print's), the rest placed. Two such figures (``459。38`` and ``二1L2.88`` in the same draw's
    table 01, tesseract light) leave it as it was."""
    p = r.placement
    assert p is not None
    failing = {s for e in p.failed for s in e.slots()}
    rows = [u for u in r.units if len(u.nums) == 1 and failing.intersection(u.cells)]
    if not 2 <= len(rows) <= _MISREAD_ROWS:
        return

    one = _only_one_left_out(len(rows), lambda k: _solved_around(r, eqs, [rows[k]], anchors, quantum))
    if one is None or not _better(one[1][2], p):
        return
    u, (units, _read, alt) = rows[one[0]], one[1]
    n = u.nums[0]
    r.notes.append(_note(doc, f"{r.table.kind}/{u.key}", _MISREAD_PAST_REPAIR, n.start, n.end, n.text, row=u.key))
    r.units, r.placement = units, alt


_MISREAD_ROWS = 12  # rows under failing identities tried one by one (each a placement of the table)
_MISREAD_PAST_REPAIR = (
    "read as a clean figure, but the table's identities all hold only with this cell unknown: misread past repair"
)
_MISREAD_ONE_OF = (
    "read as a clean figure, but the table's identities all hold only with this cell or one other unknown: "
    "one of the two is misread past repair, which the identities cannot tell"
)


def _derived_repairs(
    r: TableRead, eqs: list[Equation], anchors: dict[Slot, int], quantum: int, fuller: dict[int, Num] | None = None
) -> None:
    """Rows of one cell printing one figure no placement took — damaged (``二12..88`` for 112.88), cut to one
    decimal (``3845.`` / ``2`` for 3,845.25: ghzy's table 01, tesseract's light scan of draw AF) or clean but with
    a digit lost or added (``12.88`` for 112.88, ghzy's table 01 on draw AH; czj's ``2,9406.25`` for 2,946.25). An
    identity whose every other cell holds a figure of one reading (printed, or a repair such as a figure broken
    over two lines at its point) or is blank gives the row's value; where the print is that value with a digit or
    two lost (``lost_digits``) or one added to a whole part of two digits or more (``added_digit``: ``06.20`` is
    6.20 with a speck, not 0.20 with a 6 added), it is a repaired reading of the print — not where
    the print differs from it by a digit: a neighbour misread by a look-alike digit shifts the value by as much
    (czj's ``2.106.66`` beside ``443.69`` for 445.69, tesseract's heavy scan of draw Z, would have read 2,108.66).
    The table is read again with those readings (and ``fuller``'s: other figures' candidate readings, whose rows
    give no value here) and kept where it places more, fails no more identities and an identity of figures
    printed in three rows or more vouches for every figure it places anew (as ``_lost_digits``): a row's value
    is the print's as the identities confirm it, never one it does not bear out."""
    p = r.placement
    assert p is not None
    fuller = dict(fuller or {})
    single = [u for u in r.units if len(u.nums) == 1 and len(u.slots) == 1]
    bare = {id(u): re.sub(r"[^\d.]", "", u.nums[0].text) for u in single}  # (``3845.\n2``: 3845.2)
    cut = {id(u) for u in single if _cut_cents(bare[id(u)])}
    rows = [u for u in single if id(u.nums[0]) not in p.placed and id(u.nums[0]) not in fuller]
    # (a print cut to one decimal gives no other row a value: its reading's cents are a guess)
    sure = [u for u in single if len(u.nums[0].readings) == 1 and id(u) not in cut and id(u.nums[0]) not in fuller]
    known = {**anchors, **{u.slots[0]: u.nums[0].readings[0].cents for u in sure}}
    blank = {s for u in r.units if not u.nums for s in u.slots if s not in known}
    for u in rows:
        n, value = u.nums[0], _derived(u.slots[0], eqs, {s: v for s, v in known.items() if s != u.slots[0]}, blank)
        texts = {n.text, bare[id(u)], *(plain(x.cents) for x in n.readings)}
        if value is None or value <= 0 or any(x.cents == value for x in n.readings):
            continue
        if any(_repair_of(x, plain(value), point_lost=False) for x in texts):
            fuller[id(n)] = _with_repairs(n, [value])
    fuller.update(_twins([u for u in rows if id(u.nums[0]) not in fuller], eqs, known, blank))
    if fuller:
        _kept_with(r, fuller, anchors, eqs, quantum)


def _twins(rows: list[Unit], eqs: list[Equation], known: dict[Slot, int], blank: set[Slot]) -> dict[int, Num]:
    """Two rows of one cell printing the same figure misread alike (czj's 收入总计 and 支出总计, both ``2,993.39``
    for 2,995.39: tesseract reads the face's 5 as 3, light scan of draw AO), each given the same value by its own
    identity, the other's print left out (收入总计 = 本年收入合计 + 年初结转和结余: 2,946.25 + 49.14; 支出总计 =
    本年支出合计 + 年末结转和结余: 2,940.05 + 55.34) — a value the print is with look-alike digits swapped
    (``lookalike_digits``). One identity's value is no reading so (a neighbour misread by a look-alike digit shifts
    it by as much: ``_derived_repairs``); two identities of different rows agreeing are, the repair confirmed by
    each. Each twin's figure (by id) with that repaired reading."""
    alike: dict[tuple[int, int], list[Num]] = {}
    for u in rows:
        n = u.nums[0]
        if len(n.readings) != 1:
            continue
        printed = n.readings[0].cents
        others = {s: v for s, v in known.items() if s != u.slots[0] and v != printed}
        value = _derived(u.slots[0], eqs, others, blank)
        if value is not None and value > 0 and lookalike_digits(plain(printed), plain(value)):
            alike.setdefault((printed, value), []).append(n)
    return {id(n): _with_repairs(n, [value]) for (_, value), ns in alike.items() if len(ns) > 1 for n in ns}


def _row_repairs(r: TableRead, anchors: dict[Slot, int]) -> None:
    """The table read again with the figures its rows' own identities give (``_row_given``), kept where it places
    more, fails no more identities and a sum over rows vouches for each (``_kept_with``)."""
    if r.placement is None or all(id(n) in r.placement.placed for u in r.units for n in u.nums):
        return
    found = _row_given(r, equations(r.spec, r.units))
    if found:
        _kept_with(r, {id(u.nums[k]): _with_repairs(u.nums[k], [value]) for u, k, value in found}, anchors, None)


def _row_given(r: TableRead, eqs: list[Equation]) -> list[tuple[Unit, int, int]]:
    """Rows printing one figure for each of their cells, one of them left unplaced, whose own identity (合计 = 基本支出
    + 项目支出) gives that figure's value from the others — each clean, of one reading — where the print is that
    value with a digit or two lost, one added to a whole part of two digits or more, or its point lost or read as a
    digit (``pointless``): czj's table 05 on tesseract's light scans of draws N and Q, ``行政运行  1,$11.89 |
    1,503.52  8.37`` (1,511.89). (Seed 000's on draw AK, ``22102 住房改革支出  591.52  91.52  0.00``, gets its
    candidates too, but with five more of its rows damaged no sum over rows is left to vouch for them.) (row, the
    figure's index, the value) each."""
    p = r.placement
    assert p is not None
    out: list[tuple[Unit, int, int]] = []
    for u in r.units:
        if len(u.slots) < 2 or len(u.nums) != len(u.slots) or u.fixed is not None or u.ahead or u.lines:
            continue
        own = [e for e in eqs if all(s in u.slots for s in e.slots())]
        clean = {
            s: n.readings[0].cents for s, n in zip(u.slots, u.nums, strict=True) if not n.damaged and not n.optional
        }
        for k, (slot, n) in enumerate(zip(u.slots, u.nums, strict=True)):
            if id(n) in p.placed or n.floating or len(clean) != len(u.slots) - (slot not in clean):
                continue
            value = _derived(slot, own, {s: v for s, v in clean.items() if s != slot}, set())
            if value is None or value <= 0 or any(x.cents == value for x in n.readings):
                continue
            texts = {n.text, re.sub(r"[^\d.]", "", n.text)}
            if any(_repair_of(x, plain(value)) for x in texts):
                out.append((u, k, value))
    return out


def _repair_of(printed: str, value: str, point_lost: bool = True) -> bool:
    """Whether ``printed`` is the value an identity gives with a digit or two lost, one added to a whole part of two
    digits or more (``06.20`` is 6.20 with a speck, not 0.20 with a 6 added), or (``point_lost``) its point lost or
    read as a digit — never a digit changed (a neighbour's look-alike shifts a sum as much): what ``_row_given`` and
    ``_derived_repairs`` accept."""
    added = len(value.partition(".")[0]) >= 2 and added_digit(printed, value)
    return added or lost_digits(printed, value) or (point_lost and pointless(printed, value))


def _derived(slot: Slot, eqs: list[Equation], known: dict[Slot, int], blank: set[Slot]) -> int | None:
    """The value of ``slot`` (cents) that an identity whose every other cell is read (``known``) or blank gives —
    the one every such identity gives, or None."""
    cells = {**dict.fromkeys(blank, 0), **known}
    values = {
        _solved_for(e, slot, cells)
        for e in eqs
        if e.slots().count(slot) == 1 and all(s in cells for s in e.slots() if s != slot)
    }
    return values.pop() if len(values) == 1 else None


def _unread_damage(p: Placement, n: Num) -> bool:
    """A figure with no clean reading (``95.598`` for 69.58: RapidOCR heavy, seed 000's table 06 on draw P)
    that no placement took: its row's cell is unknown, as a figure damaged beyond reading leaves it."""
    return n.damaged and id(n) not in p.placed


def _cut_cents(text: str) -> bool:
    """Whether a figure prints one decimal where the table prints two (``20.6`` for 9.07, ``69.3`` for 619.33:
    RapidOCR heavy, seed 002 on draw N): a digit lost — or a converter that drops a trailing zero (seed 000's
    ``130.6``), so only where no row prints a figure damaged beyond reading and the identities then all hold."""
    return bool(ONE_DECIMAL.fullmatch(text))


def _read_around(
    doc: Document, r: TableRead, eqs: list[Equation], anchors: dict[Slot, int], quantum: int, damaged: list[Unit]
) -> bool:
    """The table read with ``damaged`` rows unread and eliminated from the identities, kept (True) only when
    every identity then holds — first with only the damaged figure's cell unknown where its row prints one figure
    for each of its cells (``around_damage``), then with the whole row unknown."""
    found = _solved_around(r, eqs, damaged, anchors, quantum)
    if found is not None:
        units, read, alt = found
        kind = r.table.kind
        for u in damaged:
            row = read[id(u)]
            r.notes.extend(
                _note(doc, f"{kind}/{u.key}", DAMAGED_CELL if row.nums else _DAMAGED_ROW, n.start, n.end, n.text,
                      row=u.key)
                for n in u.nums
                if all(n is not m for m in row.nums)
            )  # fmt: skip
        r.units, r.placement = units, alt
        return True
    return False


def _solved_around(
    r: TableRead, eqs: list[Equation], rows: list[Unit], anchors: dict[Slot, int], quantum: int
) -> tuple[list[Unit], dict[int, Unit], Placement] | None:
    """``solve_around`` with only the damaged figure's cell of each row unknown, else with the whole rows: the
    first that lets every identity hold."""
    tries = (solve_around(r.units, eqs, rows, anchors, quantum, cells) for cells in (True, False))
    return next((x for x in tries if x is not None), None)


def _apart_damaged(r: TableRead, eqs: list[Equation]) -> list[Unit]:
    """Rows damaged beyond reading — a figure gone (``30239 其他交通费用 *t.6``) or one printed with no point that
    no placement took (``30101 基本工资 9616`` for 94.96), or one with no clean reading no placement took
    (``_unread_damage``) — at most one under each 类 and no identity through two
    (seed 003's table 06 in a heavy scan: one under 301, one under 302; seed 002's in tesseract text: 30107 and
    30226). Each takes away only its own group's sum, as the one damaged row ``_without_damaged`` reads around
    does; two under one 类 would leave a misread third unchecked (draw F's tesseract text of seed 002 damages
    five rows, two under 301 whose printed 607.54 is 667.54 misread), so then none (empty)."""
    assert r.placement is not None
    placed = r.placement.placed
    lost = [u for u in r.units if any((n.optional or n.damaged) and id(n) not in placed for n in u.nums)]
    rows = [u for u in r.units if u.damaged or any(u is x for x in lost)]
    classes = [u.key[:3] for u in rows if u.key.isdigit()]
    cells = [set(u.cells) for u in rows]
    crossed = any(sum(1 for c in cells if c & set(e.slots())) > 1 for e in eqs)
    apart = len(classes) == len(rows) and len(set(classes)) == len(rows)
    return rows if len(rows) > 1 and apart and not crossed else []


_DAMAGED_ROW = "its row prints a figure damaged beyond reading: the row's cells are unknown"


def _without_bare_rows(clean: str, r: TableRead, anchors: dict[Slot, int]) -> None:
    """Identities fail, and rows of a function-code table print no figure at all: in rows an OCR tool rebuilt
    from a skewed scan's boxes, such a row's figures sit on a neighbour's line (``208 社会保障和就业支出`` /
    ``208 05 326.72 326.72`` / ``行政事业单位养老支出 326.72 326.72``: 208's figures on its child's code line) —
    its cells are unknown, not blank (a blank 类 under 合计 fails every sum it is in). The table is read again
    with those rows eliminated from the identities, kept only when every identity then holds and more is placed;
    a figure it places that the first reading did not stands only where an identity that holds confirms it (a
    neighbour that took a bare row's figures is then checked by no identity of the bare row's).

    Table 06 prints one figure a row: where tesseract lost a row's figure (``30108 机关事业单位基本养老保  ee``),
    its 类's sum is open and confirms none of its other rows — but a row whose code, name and one clean figure
    stand on one line (``30101   基本工资   537.64 | 30201 …``) is tied to that figure by its print (``_on_its_line``)
    and is read; ghzy's table 06 on tesseract's light scan of draw I, 7/33 → 31/33.

    A function-code table whose identities still fail with those rows unknown — another class damaged too — is
    read class by class on them (``_by_class``), a figure placed anew standing only where an identity that holds
    confirms it: seed 002's table 03 on tesseract's light scan of draw AP prints ``2080502 事业单位离退休 6.T7 1``
    (no figure read: 20805 = Σ 项 failed as a blank) besides three damaged rows of 206 — 12/57 → 40/57. Not in
    rows rebuilt by position that print lines of figures only: there a bare row's figures are on such a line,
    and every such line read as the row below's is the reading to try (``_figure_lines_below``)."""
    assert r.placement is not None
    bare = [u for u in r.units if not u.nums and u.key.isdigit() and not u.damaged]
    if not bare:
        return
    unknown = {id(u): Unit(u.key, [], [], u.start, u.end, label=u.label, extra=u.cells) for u in bare}
    units = [unknown.get(id(u), u) for u in r.units]
    eqs = eliminate(equations(r.spec, r.units), [s for u in bare for s in u.cells])
    alt = solve(units, eqs, anchors, _quantum(units), distrust=True)
    if (alt.failed or alt.reason) and r.spec.keys == "code" and not _lines_of_figures(clean, r.table):
        trial = TableRead(table=r.table, spec=r.spec, units=units, placement=alt, anchors=anchors)
        _by_class(trial, eqs)
        assert trial.placement is not None
        if len(trial.placement.placed) > len(r.placement.placed):
            _unconfirmed_moves(r, units, trial.placement, set())
            if len(trial.placement.placed) > len(r.placement.placed):
                r.units, r.placement = units, trial.placement
        return
    if alt.failed or alt.reason:
        return
    tied: set[int] = set()
    if r.spec.keys == "econ_code" and _keeps_columns(clean, _tokens(clean, r.table)):
        tied = _tied_rows(clean, units, alt)
    _unconfirmed_moves(r, units, alt, tied)  # (a neighbour of a bare row may hold its figures: an identity must say)
    if len(alt.placed) > len(r.placement.placed):
        r.units, r.placement = units, alt


def _tied_rows(clean: str, units: list[Unit], p: Placement) -> set[int]:
    """Table 06's rows tied to their figure by their line (``_on_its_line``), by the figure's id: a 类 and its 款
    where the 类's figure (read, or printed alone on its row) is at least the sum of its tied 款' — none where
    their figures exceed it: tesseract misreads a figure now and then (``30301 | 离休费 417.22`` for 17.22 under
    303's 69.41; ``302 商品和服务支出 71.07`` for 171.07), and a 类's sum open by one lost row still bounds them."""
    value = {u.key: u.nums[0].cents for u in units if len(u.nums) == 1}  # (a 类 printed with one figure)
    value.update({u.key: p.chosen(n).cents for u in units for n in u.nums if id(n) in p.placed})
    rows = [u for u in units if len(u.key) == 5 and _on_its_line(clean, u)]
    heads = {u.key: u for u in units if len(u.key) == 3 and _on_its_line(clean, u)}
    out: set[int] = set()
    for parent in {u.key[:3] for u in rows}:
        mine = [u for u in rows if u.key[:3] == parent]
        if parent in value and sum(value.get(u.key, 0) for u in mine) <= value[parent]:
            out |= {id(u.nums[0]) for u in [*mine, *([heads[parent]] if parent in heads else [])]}
    return out


def _on_its_line(clean: str, u: Unit) -> bool:
    """Whether row ``u`` of a table laid out in columns of spaces (tesseract's text) prints its code as the
    national list has it and one figure, unrepaired and not floating, on the code's line with no digit between
    them but the code's own: a digit more (``301 02 | 二贴补由 1    7.61``) is a figure lost or another group's."""
    if len(u.nums) != 1 or u.nums[0].floating or any(x.repaired for x in u.nums[0].readings):
        return False
    if u.key not in codebook("economic"):
        return False
    between = clean[u.start : u.nums[0].start]
    return "\n" not in between and sum(c.isdigit() for c in between) == len(u.key)


def _lost_digits(
    doc: Document, r: TableRead, anchors: dict[Slot, int], eqs: list[Equation] | None = None, dropped: bool = False
) -> None:
    """OCR drops characters — a thin digit, two of them (``398.98`` printed ``39.8``): such a figure fails its
    row's identities for every reading and is left unread. Where the report prints a figure whose digits it keeps
    in order (``normalize.lost_digits``) — in this table, another table fixing the cell, or anywhere in its text
    (``_report_prints``) — that figure is a repaired reading of it;
    the table is read again with those readings and kept when it places more, fails no more identities, and an
    identity of figures printed in three rows or more vouches for every figure it places anew (``20601
    科学技术管理事务 398.98 39.8``: 206 = 20601 + 20607 says 398.98). OCR *adds* digits as well (``187.19``
    printed ``1837.19``; seed 002's ``2101101 行政单位医疗 153.97 13.97``, draw E, where 21011 = 2101101 +
    2101102 + 2101103 says 13.97: ``normalize.added_digit``): a row identity alone (合计 = 基本支出) would take
    the clean print for the damaged one — hence the vouching. ``dropped`` (table 06 read by its printed lines,
    ``_read_side_by_side``): a figure is also tried with a digit of its whole part taken out (``dropped_digit``)
    where no other figure prints its value — czj's ``30199 其他工资福利支出 910.03`` (91.03, draw F heavy) failed
    301 = Σ 301xx, and every figure of the table, each floating between the two rows of its line, was unread;
    the sum of the nine other prints of class 301 is what vouches for 91.03. ``eqs``: the identities the reading
    placed by (default: the template's)."""
    # (tenths and damaged prints after the clean ones: a repair of theirs no identity vouches for would keep the
    # others' repairs from being read; the report's other prints last: more candidates for a print make its
    # reading ambiguous where the table's own would do — seed 000's ``903.01`` for 本年支出合计's 1,903.01; only in
    # OCR text, ``_ocr_damaged``)
    damage = _ocr_damaged(doc, r)
    pools = [frozenset(), _report_prints(doc.text.clean)] if damage else [frozenset()]
    for elsewhere in pools:
        for more in (False, True):
            _lost_digits_of(r, anchors, eqs, dropped, more, elsewhere)
    if damage and not dropped and r.placement is not None and r.placement.failed:
        _lost_digits_of(r, anchors, eqs, True, True, pools[-1])  # (last: a digit added, ``3206.71`` for 326.71)


def _ocr_damaged(doc: Document, r: TableRead) -> bool:
    """Whether the table's text, or any table of the report, prints OCR damage (``_prints_damage``, or a figure of
    another table with no clean reading): OCR text, where a clean print that fails its sums may be a misread. czj's
    table 01 in tesseract's text of draw BF prints every figure cleanly, four of them misread (``2,106.00`` for
    2,106.66, ``3206.71`` for 326.71, ``0.20``, ``2,940.25``), while its other tables print damage (``2.946.25``,
    ``442.5<``); a text converted from a PDF's text layer prints none anywhere."""
    if _prints_damage(r.units):
        return True
    clean = doc.text.clean
    return _text_damaged(clean, tuple(_body_key(clean, t) for t in doc.tables))


@lru_cache(maxsize=4)
def _text_damaged(
    clean: str, bodies: tuple[tuple[str, int, int, bool, tuple[tuple[int, int], ...], bool], ...]
) -> bool:
    """Whether a figure of the tables at ``bodies`` (``_body_key``) has no clean reading — asked by every reading of
    every table of a report (``_ocr_damaged``), answered once per report."""
    return any(
        tok.number and tok.readings and _tok_num(tok).damaged for key in bodies for tok in _body_tokens(clean, *key)
    )


def _prints_damage(units: list[Unit]) -> bool:
    """Whether a table's text shows OCR damage — a figure with no clean reading, or a row printing damage beside its
    figures. Only in OCR text is a clean print that fails its sums taken for a misread the report's other prints may
    repair (here, ``_inexact_lookalike``; in any table of a report that prints damage, ``_ocr_damaged``): in a text
    converted from a PDF's text layer a clean print is what the report published, and a figure that disagrees with
    another table's (``40.53`` in table 02 where table 03 prints 40.35) is the report's inconsistency — the checks'
    to flag, not a reading's to mend."""
    return any(u.damaged or any(n.damaged for n in u.nums) for u in units)


@lru_cache(maxsize=4)
def _report_prints(clean: str) -> frozenset[int]:
    """Every amount (cents) the report's text prints cleanly, with two decimals, anywhere — a table's figure the OCR
    damaged is often printed whole in another table or the prose: table 01's class totals are table 03's 类 rows,
    its 本年收入合计 table 02's 合计. Tesseract reads czj's 6 as 0 and 5 as 3 (``2,106.00`` for 2,106.66, ``320.71``
    for 326.71, ``2,940.25`` for 2,946.25 in table 01's clean scan): table 01 prints none of the right values and
    read 2 of 12; the other tables print them (10 of 12 then, each vouched for by table 01's sums — 326.71 they
    print nowhere: tables 02, 03 and 05 round 社会保障和就业支出 to 326.72)."""
    return frozenset(_cents(m.group().replace(",", "")) for m in _CLEAN_AMOUNT.finditer(clean))


#: the least figure (cents) another place of the report lends a damaged print as a candidate: 10.00 — small
#: figures recur by chance (0.09, 1.20), and the look-alike repairs take four digits or more too
_FAR_LEAST = 1000
#: an amount printed cleanly: thousands groups with commas (or none), a point, two decimals
_CLEAN_AMOUNT = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}(?![\d.,])")


def _lost_digits_of(
    r: TableRead,
    anchors: dict[Slot, int],
    eqs: list[Equation] | None,
    dropped: bool,
    more: bool,
    elsewhere: frozenset[int] = frozenset(),
) -> None:
    """``_lost_digits`` over the figures the placement left unplaced — ``more``: a misread tenths digit too, and
    the figures printed damaged, by each of their readings (``1.503.32`` is 1503.32, its tenths misread for
    1,503.52: czj's table 03, draw Q)."""
    assert r.placement is not None
    nums = {id(n): n for u in r.units for n in u.nums}
    printed = {x.cents for n in nums.values() for x in n.readings if not x.repaired} | set(anchors.values())
    # (the report's other prints: four digits or more, and never for a zero — a blank cell's ``0.00`` read as a
    # 10.00 printed somewhere took ghzy's zeros of table 03 from their column, RapidOCR heavy, draws T, Z, AX)
    far = {c for c in elsewhere if c >= _FAR_LEAST}
    fuller: dict[int, Num] = {}
    for key, n in nums.items():
        if key in r.placement.placed or (n.damaged and not more):
            continue
        pool = printed | (far if any(x.cents for x in n.readings) else set())
        values = sorted(pool | ({_cents(v) for v in dropped_digit(n.text)} if dropped else set()))
        have = {x.cents for x in n.readings}
        kept = [c for c in _apart(n, values, more) if c not in have]
        if kept:
            fuller[key] = _with_repairs(n, kept)
    if fuller:
        _kept_with(r, fuller, anchors, eqs)


def _print_texts(n: Num) -> list[str]:
    """What a figure's print is compared by: its text, or — damaged, no clean reading — each of its readings."""
    return [plain(x.cents) for x in n.readings] if n.damaged else [n.text]


def _apart(n: Num, values: list[int], tenths: bool = True) -> list[int]:
    """The ``values`` (cents, in their order) ``n``'s print is with a digit or two lost, added or misread
    (``digits_apart``; ``tenths``: a misread tenths digit too)."""
    texts = _print_texts(n)
    return [c for c in values if any(digits_apart(x, plain(c), tenths) for x in texts)]


def _with_repairs(n: Num, cents: list[int]) -> Num:
    """``n`` with more readings, each a repair an identity must confirm."""
    return dataclasses.replace(n, readings=(*n.readings, *(Reading(c, True) for c in cents)))


def _kept_with(
    r: TableRead,
    fuller: dict[int, Num],
    anchors: dict[Slot, int],
    eqs: list[Equation] | None,
    quantum: int | None = None,
) -> None:
    """The table read again with some figures given more readings (``fuller``: by the old ``Num``'s id), kept
    where it places more, fails no more identities, and every figure it places anew is vouched for
    (``_all_vouched``). ``eqs``/``quantum``: the identities and rounding step to read by (default: the template's,
    and the new rows')."""
    assert r.placement is not None
    units = [dataclasses.replace(u, nums=[fuller.get(id(n), n) for n in u.nums], candidates=[]) for u in r.units]
    eqs = eqs if eqs is not None else equations(r.spec, units)
    quantum = quantum if quantum is not None else _quantum(units)
    alt = solve(units, eqs, anchors, quantum, distrust=True)
    before = {n.start for u in r.units for n in u.nums if id(n) in r.placement.placed}
    anew = [(alt.placed[id(n)][0], n) for u in units for n in u.nums if id(n) in alt.placed and n.start not in before]
    if _better(alt, r.placement) and _all_vouched(alt, units, anew, anchors, eqs, quantum):
        r.units, r.placement = units, alt


def _all_vouched(
    p: Placement,
    units: list[Unit],
    anew: list[tuple[Slot, Num]],
    anchors: dict[Slot, int],
    eqs: list[Equation],
    quantum: int,
) -> bool:
    """Whether every figure placed anew stands on more than its own row: an identity of figures printed in three
    rows or more holds with it (``Placement.vouched``); or another table prints that very value for the cell and an
    identity of this table holds with it — where the print is more than a rounding from it (tables round one
    quantity differently: 1,289,000 元 in table 04 is 128.90 万元, 1,289,100 in table 05 128.91; the print stands);
    or an identity holds exactly whose every other non-zero figure stands so, one on another table's print
    (czj's table 03 on tesseract, draw Q: ``财政事务 2 106.66 1.503.32 603.14`` — table 05 prints 20106's 基本支出
    1,503.52 and 项目支出 603.14, and 2,106.66 = 1,503.52 + 603.14 exactly vouches for the 2,106.66)."""
    values = {**anchors, **{p.placed[id(n)][0]: p.chosen(n).cents for u in units for n in u.nums if id(n) in p.placed}}
    rounding = _ROUNDED_ELSEWHERE * quantum  # (a print that far from the other table's is its rounding)
    elsewhere = {
        slot
        for slot, n in anew
        if anchors.get(slot) == p.chosen(n).cents
        and slot in p.confirmed
        and not 0 < abs(n.cents - anchors[slot]) <= rounding
    }
    sure = set(p.vouched) | elsewhere
    todo = {slot for slot, _ in anew} - sure
    while todo:
        for e in eqs:
            if not holds_exactly(e, values):
                continue
            unsure = [s for s in e.slots() if values.get(s) and s not in sure]
            if len(unsure) == 1 and unsure[0] in todo:
                sure.add(unsure[0])
                todo.discard(unsure[0])
                break
        else:
            return False
    return True


def _quantum(units: list[Unit]) -> int:
    """Cents one rounding step is worth: 1 for amounts printed with two decimals, 100 for whole numbers — or more,
    where the figures show a coarser step: a table in whole yuan converted from 万元 with two decimals prints every
    amount a multiple of 100 元 (128.90 万元 is 1,289,000 元), and there one quantity rounded differently in two
    tables differs by 100 元 (1,289,000 beside 1,289,100), as 0.01 万元 does in the source."""
    decimals = [len(n.text.partition(".")[2]) for u in units for n in u.nums]
    if not decimals:
        return 1
    usual = max(set(decimals), key=decimals.count)
    step = 10 ** max(0, 2 - usual)
    if usual:
        return step
    figures = [abs(n.cents) for u in units for n in u.nums if n.cents]
    while len(figures) >= _STEP_FIGURES and _share(figures, step * 10) >= _STEP_SHARE:
        step *= 10
    return step


_STEP_FIGURES = 8  # non-zero whole numbers a coarser step is read from (8 random figures all round by chance: 1e-8)
_STEP_SHARE = 0.9  # of them on the coarser step (a figure OCR misread by a digit still leaves the step)


def _share(figures: list[int], step: int) -> float:
    """The share of ``figures`` that are multiples of ``step``."""
    return sum(1 for f in figures if f % step == 0) / len(figures)


# ---------------------------------------------------------------------------------------------
# Numbers


def _num(cell: Cell) -> Num | None:
    """A cell's number; a cell OCR damaged (``1,903:01``) gets its candidate readings instead."""
    text = cell.text.strip()
    if not is_number(text):
        repaired = tuple(Reading(_cents(r), True) for r in ocr_readings(text))
        return Num(cell.start, cell.end, text, repaired[0].cents, repaired) if repaired else None
    try:
        cents = int((Decimal(text) * 100).to_integral_value())
    except InvalidOperation:
        return None
    return Num(start=cell.start, end=cell.end, text=text, cents=cents)


def _amount_cell(text: str) -> bool:
    """A cell that prints an amount, as it reads or damaged by OCR."""
    return is_number(text) or bool(ocr_readings(text.strip()))


def is_blank(text: str) -> bool:
    return key_text(text) in BLANK_MARKS


def _note(
    doc: Document,
    what: str,
    reason: str,
    start: int,
    end: int,
    claim: str | None = None,
    row: str | None = None,
    table: bool = True,
) -> Unread:
    """A printed number (or row) that was not read. ``what`` starts with the table id; ``row`` (when known)
    and the table are recorded so the checks never count the unread cell as blank (``table=False``: a note
    that does not hide a value, like a printed zero whose column is unknown)."""
    span = doc.text.span(start, end) if start < end else None
    table_id = re.split(r"[/ ]", what, maxsplit=1)[0] if table else None
    return Unread(what=what, reason=reason, span=span, claim=claim, table=table_id, row=row if table else None)


# ---------------------------------------------------------------------------------------------
# Grid headers


@dataclass
class HeaderColumn:
    """A header column: its own (bottom-most) header text and the carried group texts above it."""

    leaf: str
    parents: list[str]

    @property
    def path(self) -> list[str]:
        return [*self.parents, self.leaf]


def header_columns(headers: list[Row]) -> list[HeaderColumn]:
    """Per column index: the bottom-most own header text, plus the (carried-forward) group texts above it.

    Group headers (``本年支出`` over 小计/基本支出/项目支出) are printed once at the group's left edge, so
    they are carried right over blank cells; leaves are never carried.
    """
    width = max((len(r.cells) for r in headers), default=0)
    own = [[key_text(r.cells[i].text) if i < len(r.cells) else "" for i in range(width)] for r in headers]
    carried: list[list[str]] = []
    started = [False] * width  # the column has its own text in a row above: it is not part of a group to its left
    for texts in own:
        row: list[str] = []
        last = ""
        for i, x in enumerate(texts):
            last = x or ("" if started[i] else last)
            row.append(last)
        carried.append(row)
        started = [s or bool(x) for s, x in zip(started, texts, strict=True)]
    cols: list[HeaderColumn] = []
    for i in range(width):
        leaf_row = max((k for k in range(len(own)) if own[k][i]), default=-1)
        leaf = own[leaf_row][i] if leaf_row >= 0 else ""
        cols.append(HeaderColumn(leaf=leaf, parents=[carried[k][i] for k in range(leaf_row) if carried[k][i]]))
    return cols


def _column_of(spec: TableSpec, c: HeaderColumn) -> ColumnSpec | None:
    """The template column a header column is: its own text's, or its group's above it. A subtotal under a
    group (``基本支出`` over ``小计 | 人员经费 | 公用经费``, as some templates print table 05) is the group's
    column, never the table's 合计 that the word 小计 names on its own."""
    own = spec.column_for(c.leaf)
    group = next((col for p in reversed(c.parents) if (col := spec.column_for(p)) is not None), None)
    if own is not None and group is not None and own.key != group.key and _SUBTOTAL.fullmatch(key_text(c.leaf)):
        return group
    return own or group


_SUBTOTAL = re.compile(r"小计|合计|金额")


def is_number_row(row: Row) -> bool:
    """The 栏次 row or a bare column-number row (``1 2 3 …``): structure, not facts."""
    texts = [key_text(c.text) for c in row.cells if not is_blank(c.text)]
    if any(x == "栏次" for x in texts):
        return True
    return bool(texts) and all(x.isdigit() and len(x) <= 2 for x in texts)


def split_header(t: Table, is_data: Callable[[Row], bool]) -> tuple[list[Row], list[Row]]:
    """Header rows (before the first data row, minus 栏次/number rows) and the rest."""
    for n, row in enumerate(t.rows):
        if is_data(row):
            heads = [r for r in t.rows[:n] if r.layout == "tab" and not is_number_row(r)]
            return heads, t.rows[n:]
    return [r for r in t.rows if r.layout == "tab" and not is_number_row(r)], []


def _grid_unit(
    key: str, label: str | None, row: Row, placed: list[tuple[str, Cell]], slots: list[Slot], notes: list[Unread]
) -> Unit:
    """A grid row's unit: each number's slot fixed by its column."""
    nums: list[Num] = []
    fixed: list[Slot] = []
    for col, cell in placed:
        num = _num(cell)
        if num is None:
            continue
        nums.append(num)
        fixed.append((key, col))
    return Unit(key=key, nums=nums, slots=slots, start=row.start, end=row.end, label=label, fixed=fixed)


def _value_cells(
    doc: Document, t: Table, row: Row, mapping: dict[int, str], key_area: int, what: str, notes: list[Unread]
) -> list[tuple[str, Cell]]:
    """(column, cell) for the row's non-blank cells under mapped columns; anything else printed → a note."""
    out: list[tuple[str, Cell]] = []
    for i, cell in enumerate(row.cells):
        if i < key_area or is_blank(cell.text):
            continue
        col = mapping.get(i)
        if col is None:
            if is_number(cell.text):
                notes.append(_note(doc, what, f"cell {cell.text!r} under no known column", cell.start, cell.end))
            continue
        if not _amount_cell(cell.text):
            notes.append(_note(doc, what, f"not a number: {cell.text!r}", cell.start, cell.end, cell.text))
            continue
        out.append((col, cell))
    return out


# ---------------------------------------------------------------------------------------------
# Grid: code tables (income, expenditure, general_budget, gov_fund, state_capital)

_CODE_LEAD = re.compile(r"(\d{3}(?:\d{2}){0,2})\s*(\S.*)?")
_LEVEL_WORDS = frozenset({"类", "款", "项", "栏次"})  # the code columns' sub-headers, printed in the 合计 row


def code_key(cells: tuple[Cell, ...], prefix: str = "2") -> tuple[str, str | None] | None:
    """(row key, label) from a row's key cells: a code (whole, split 类|款|项, or glued to its name) or 合计."""
    digits = ""
    label: list[str] = []
    for c in cells:
        text = key_text(c.text)
        if not text or text in _LEVEL_WORDS:
            continue
        if text.isdigit() and ((len(text) in (3, 5, 7) and not digits) or (len(text) == 2 and digits and not label)):
            digits += text
            continue
        if text.isdigit() and len(text) <= 2:
            continue  # a 行次 number (``合计 | | 1``, ``206 | 科学技术支出 | 2``): neither code nor name
        m = _CODE_LEAD.fullmatch(c.text.strip())
        if m and not digits and not is_number(c.text) and m.group(2):
            digits = m.group(1)
            label.append(m.group(2))
            continue
        label.append(text)
    name = strip_label("".join(label)) or None
    if digits and len(digits) in (3, 5, 7) and digits.startswith(prefix):
        return digits, name
    if name and _TOTAL_ROW.fullmatch(name):
        return "合计", name
    return None


def _grid_code(doc: Document, t: Table, spec: TableSpec, notes: list[Unread]) -> list[Unit]:
    """Rows keyed by code or 合计; cells placed by the mapped header columns."""
    prefix = "3" if spec.keys == "econ_code" else "2"

    def is_data(r: Row) -> bool:
        k = first_number(r)
        return k is not None and code_key(r.cells[:k], prefix) is not None

    heads, body = split_header(t, is_data)
    cols = header_columns(heads)
    mapping: dict[int, str] = {}
    for i, c in enumerate(cols):
        if not c.leaf or IGNORED_HEADERS.search(c.leaf):
            continue
        col = _column_of(spec, c)
        if col is not None and not (CODE_HEADERS.search(c.leaf) or NAME_HEADERS.fullmatch(c.leaf)):
            mapping[i] = col.key
    all_cols = [c.key for c in spec.columns]
    key_area = min(mapping) if mapping else None
    units: list[Unit] = []
    context: dict[int, str] = {}  # the last 类 (3 digits) and 款 (5) read, for rows printing only their own part
    for row in body:
        if is_number_row(row):
            continue
        k = key_area if key_area is not None else first_number(row)
        if k is None:
            if any(not is_blank(c.text) for c in row.cells):
                _unread_row(doc, t, notes, row, "row without a code or 合计")
            continue
        key = code_key(row.cells[:k], prefix) or partial_code(row.cells[:k], context)
        if key is None:
            if any(is_number(c.text) for c in row.cells[k:]):
                _unread_row(doc, t, notes, row, "row without a code or 合计")
            continue
        code, label = key
        if code.isdigit():
            context[len(code)] = code
        what = f"{t.kind}/{code}"
        if not mapping:  # no header: numbers only when they fill every column
            nums = [c for c in row.cells[k:] if not is_blank(c.text)]
            if len(nums) != len(all_cols):
                _unread_row(doc, t, notes, row, "no header to place the numbers by")
                continue
            placed = list(zip(all_cols, nums, strict=True))
        else:
            placed = _value_cells(doc, t, row, mapping, k, what, notes)
        units.append(_grid_unit(code, label, row, placed, [(code, c) for c in all_cols], notes))
    return units


def partial_code(cells: tuple[Cell, ...], context: dict[int, str]) -> tuple[str, str | None] | None:
    """A row under split 类|款|项 columns printing only its own part (``| 06 | | 财政事务``): the 款 column's
    two digits extend the last 类, the 项 column's the last 款 (the column says which, never the value)."""
    digits = [(i, key_text(c.text)) for i, c in enumerate(cells) if key_text(c.text).isdigit()]
    if len(digits) != 1 or len(digits[0][1]) != 2 or len(cells) < 3:
        return None
    column, part = digits[0]
    parent = context.get(3) if column == 1 else context.get(5) if column == 2 else None
    if parent is None:
        return None
    label = strip_label("".join(key_text(c.text) for c in cells[3:] if not key_text(c.text).isdigit())) or None
    return parent + part, label


def first_number(row: Row) -> int | None:
    """Index of the first cell printing an amount (``segment.amount_cells``)."""
    return next(iter(amount_cells([c.text for c in row.cells])), None)


def _unread_row(doc: Document, t: Table, notes: list[Unread], row: Row, reason: str) -> None:
    text = " | ".join(c.text for c in row.cells if c.text)
    notes.append(_note(doc, f"{t.kind} row {text[:60]!r}", reason, row.start, row.end))


# ---------------------------------------------------------------------------------------------
# Grid: basic_by_economic (06): (code, name, 决算数) groups side by side, and the labelled totals


def _grid_econ(doc: Document, t: Table, spec: TableSpec, notes: list[Unread]) -> list[Unit]:
    header = next((r for r in t.rows if sum(bool(spec.column_for(c.text)) for c in r.cells) >= 2), None)
    if header is None:
        header = next((r for r in t.rows if any(spec.column_for(c.text) for c in r.cells)), None)
    values = [i for i, c in enumerate(header.cells) if spec.column_for(c.text)] if header else []
    col = spec.columns[0].key
    start = t.rows.index(header) + 1 if header else 0
    units: list[Unit] = []
    for row in t.rows[start:]:
        joined = "".join(key_text(c.text) for c in row.cells)
        if any(total[:4] in joined for total in spec.totals):
            units.extend(_econ_totals(doc, t, spec, row, notes))
            continue
        if is_number_row(row):
            continue
        groups = values or _econ_groups(row)
        prev = -1
        for v in groups:
            if v >= len(row.cells):
                break
            cells = row.cells[prev + 1 : v]
            prev = v
            cell = row.cells[v]
            key = code_key(cells, "3")
            if key is None:
                if not is_blank(cell.text) and is_number(cell.text):
                    notes.append(_note(doc, f"{t.kind}", "amount without an economic code", cell.start, cell.end))
                continue
            code, label = key
            placed = [] if is_blank(cell.text) or not _amount_cell(cell.text) else [(col, cell)]
            units.append(_grid_unit(code, label, row, placed, [(code, col)], notes))
    return units


def _econ_groups(row: Row) -> list[int]:
    """Without a header: every amount cell closes a (code, name, amount) group."""
    return amount_cells([c.text for c in row.cells])


def _econ_totals(doc: Document, t: Table, spec: TableSpec, row: Row, notes: list[Unread]) -> list[Unit]:
    """The totals row: a label (possibly split across cells, ``公用经|费合计``) takes the next amount after it."""
    units: list[Unit] = []
    pending = ""
    col = spec.columns[0].key
    for cell in row.cells:
        text = key_text(cell.text)
        if not text:
            continue
        if is_number(cell.text):
            key = next((tot for tot in spec.totals if strip_label(pending).startswith(tot[:4])), None)
            if key is not None:
                units.append(_grid_unit(key, key, row, [(col, cell)], [(key, col)], notes))
            else:
                notes.append(_note(doc, f"{t.kind} {pending!r}", "total with an unknown label", cell.start, cell.end))
            pending = ""
        else:
            pending = pending + text if pending and not pending.endswith("合计") else text
    return units


# ---------------------------------------------------------------------------------------------
# Grid: two-sided tables (summary 01, fiscal_summary 04)

_LABEL_HEADERS = re.compile(r"^(?:项目|收入项目|支出项目|收入|支出|科目|科目名称)$")


def _grid_two_sided(doc: Document, t: Table, spec: TableSpec, notes: list[Unread]) -> list[Unit]:
    """Income side left, expenditure side right of the second label column; each side label + values."""
    header_at = next(
        (
            n
            for n, r in enumerate(t.rows)
            if sum(bool(_LABEL_HEADERS.fullmatch(key_text(c.text))) for c in r.cells) >= 2
            and any(spec.column_for(c.text, s) for c in r.cells for s in (0, 1))
        ),
        None,
    )
    if header_at is None:
        if any(first_number(r) is not None for r in t.rows):
            notes.append(_note(doc, t.kind, "no header naming the two sides' columns", t.start, t.end))
        return []
    heads = [r for r in t.rows[: header_at + 1] if not is_number_row(r)]
    cols = header_columns(heads)
    leaves = [c.leaf for c in cols]
    label_idx = [i for i, x in enumerate(leaves) if _LABEL_HEADERS.fullmatch(x)][:2]
    sides: list[tuple[int, dict[int, str]]] = []
    for s, li in enumerate(label_idx):
        stop = label_idx[s + 1] if s + 1 < len(label_idx) else len(leaves)  # one label column: one side
        mapping: dict[int, str] = {}
        for i in range(li + 1, stop):
            if IGNORED_HEADERS.search(leaves[i]):
                continue
            col = spec.column_for(leaves[i], s)
            if col is not None:
                mapping[i] = col.key
        sides.append((li, mapping))
    states = [_SideState(), _SideState()]
    units: list[Unit] = []
    for row in t.rows[header_at + 1 :]:
        if is_number_row(row):
            continue
        for s, (li, mapping) in enumerate(sides):
            stop = sides[1][0] if s == 0 and len(sides) > 1 else len(row.cells)
            raw = row.cells[li].text if li < len(row.cells) else ""
            placed_cells = [
                (mapping[i], row.cells[i])
                for i in range(li + 1, min(stop, len(row.cells)))
                if i in mapping and not is_blank(row.cells[i].text) and _amount_cell(row.cells[i].text)
            ]
            if not key_text(raw):
                for _, cell in placed_cells:
                    notes.append(_note(doc, f"{t.kind} side {s}", "value without a label", cell.start, cell.end))
                continue
            key = states[s].key(spec.sides[s], raw)
            slots = [(key, c.key) for c in spec.sides[s].columns]
            unit = _grid_unit(key, key_text(raw), row, placed_cells, slots, notes)
            unit.side = s
            units.append(unit)
    return units


@dataclass
class _SideState:
    """Group rows (年初财政拨款结转和结余 / its three funds) are keyed ``<group>/<label>`` while inside the group."""

    group: str | None = None

    def key(self, side: SideSpec, raw: str) -> str:
        key = side.nearest(side.canonical(strip_label(raw)))
        if key in side.groups:
            self.group = key
            return key
        if self.group is not None and key in side.groups[self.group]:
            return f"{self.group}/{key}"
        self.group = None
        return key


# ---------------------------------------------------------------------------------------------
# Grid: three_public (09), long (rows per item) or wide (items in the header)


def _grid_items(doc: Document, t: Table, spec: TableSpec, notes: list[Unread]) -> list[Unit]:
    def is_data(r: Row) -> bool:
        texts = [c.text for c in r.cells if not is_blank(c.text)]
        return bool(texts) and not is_number_row(r) and bool(amount_cells(texts))

    heads, body = split_header(t, is_data)
    wide = any(sum(spec.item_for(c.text) not in (None, "合计") for c in r.cells) >= 2 for r in heads)
    if wide:
        return _grid_items_wide(doc, t, spec, heads, body, notes)
    cols = header_columns(heads)
    mapping = {i: col.key for i, c in enumerate(cols) if c.leaf and (col := spec.column_for(c.leaf)) is not None}
    units: list[Unit] = []
    for row in body:
        if is_number_row(row) or not row.cells:
            continue
        label_cells = [c for c in row.cells if c.text and not is_number(c.text) and not is_blank(c.text)]
        label = label_cells[0].text if label_cells else ""
        item = spec.item_for(label)
        if item is None:
            if any(is_number(c.text) for c in row.cells):
                _unread_row(doc, t, notes, row, "unknown 三公 item")
            continue
        placed = _value_cells(doc, t, row, mapping, 0, f"{t.kind}/{item}", notes)
        units.append(_grid_unit(item, strip_label(label), row, placed, [(item, c.key) for c in spec.columns], notes))
    return units


def _grid_items_wide(
    doc: Document, t: Table, spec: TableSpec, heads: list[Row], body: list[Row], notes: list[Unread]
) -> list[Unit]:
    """Two-level header (预算数/决算数 × items, either way up); one data row of numbers."""
    cols = header_columns(heads)
    slots: dict[int, Slot] = {}
    for i, c in enumerate(cols):
        col = next((spec.column_for(p) for p in reversed(c.path) if p and spec.column_for(p)), None)
        items = [spec.item_for(p) for p in reversed(c.path) if p]
        item = next((x for x in items if x not in (None, "合计")), None)
        if item is None and c.leaf == "小计":
            item = "公务用车购置及运行费"
        if item is None and any(x == "合计" for x in items):
            item = "合计"
        if col is not None and item is not None:
            slots[i] = (item, col.key)
    units: list[Unit] = []
    all_slots = [(i.key, c.key) for i in spec.items for c in spec.columns]
    for row in body:
        if is_number_row(row):
            continue
        nums: list[Num] = []
        fixed: list[Slot] = []
        for i, cell in enumerate(row.cells):
            if is_blank(cell.text):
                continue
            num = _num(cell)
            if num is None or i not in slots:
                notes.append(_note(doc, t.kind, f"cell {cell.text!r} under no known column", cell.start, cell.end))
                continue
            nums.append(num)
            fixed.append(slots[i])
        if nums:
            units.append(Unit(key="三公", nums=nums, slots=all_slots, start=row.start, end=row.end, fixed=fixed))
    return units


# ---------------------------------------------------------------------------------------------
# Stream tables: tokens → rows → numbers placed by the identities

#: a number — a figure followed by a speck read as a full stop too (``115.22.| 115.22``: seed 003's table 03 on
#: tesseract's light scan, draw AK, where the figure was dropped), never part of one (``1.903.01``) — or a word
_TOKEN = re.compile(r"-?\d+(?:\.\d+)?(?![\d.])|-?\d+\.\d+(?=\.(?!\d))|[^\s\d]+(?:\d+[^\s\d.,:]+)*")
_ORDINAL_SPLIT = re.compile(rf"(?<=[^\s{CN_DIGITS}])(?=[{CN_DIGITS}]{{1,3}}、)")
_GLUED_CODE = re.compile(r"^(-?\d+\.\d{2})(\d{3}(?:\d{2}){0,2})$")


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    number: bool
    spaced: bool = False  # joined from characters printed a space apart
    readings: tuple[Reading, ...] = ()  # damaged OCR print: its candidate readings (``ocr_readings``)
    optional: bool = False  # a whole number that may be an amount with its decimal point lost, or no amount
    cents: bool = False  # two digits behind a point standing apart (``.64``): a figure's cents, no code part

    @property
    def decimal(self) -> bool:
        return self.number and ("." in self.text or (bool(self.readings) and not self.optional))

    def amount(self, decimal: bool) -> bool:
        """Whether the token may be an amount of a table that prints decimals (``decimal``) or not."""
        return self.number and (self.decimal or not decimal or self.optional)


def _tokens(clean: str, t: Table) -> list[_Tok]:
    """Numbers and words of a table body in reading order (see ``_float_numbers`` for layout text), without
    the column numbers (栏次 ``1 2 3 …``) some templates print under the header; OCR-damaged numbers carry their
    candidate readings (``_ocr_tokens``). A fresh list of shared tokens (``_body_tokens``): never change one."""
    return list(_body_tokens(clean, *_body_key(clean, t)))


def _body_key(clean: str, t: Table) -> tuple[str, int, int, bool, tuple[tuple[int, int], ...], bool]:
    """What table ``t``'s tokens depend on besides the text (``_body_tokens``' key)."""
    return t.kind, t.body_start, t.body_end, t.figures_below, t.skipped, _report_cents(clean, t)


@lru_cache(maxsize=16)
def _body_tokens(
    clean: str,
    kind: str,
    start: int,
    end: int,
    figures_below: bool,
    skipped: tuple[tuple[int, int], ...],
    cents: bool,
) -> tuple[_Tok, ...]:
    """``_tokens`` of the body ``clean[start:end]`` of a table of ``kind``, computed once: a stream table is
    tokenized several times per report (its reading, the skew readings, re-reads with anchors from later
    tables). Keyed by everything the tokens depend on, the text itself included (a change to ``_tokens`` must keep
    the key complete); its 16 entries keep the last reports' texts alive, no more."""
    toks = _drop_column_numbers(_join_spaced(clean, _split_grouped(clean, _raw_tokens(clean, start, end))))
    toks = [x for x in toks if not any(a <= x.start < b for a, b in skipped)]  # a note's words read among the rows
    spec = load()[kind]
    one_column = spec.keys in ("code", "econ_code") and len(spec.columns) == 1
    rows_apart = spec.keys == "item"  # (三公's rows: a figure line apart from the label below is a row of its own)
    leads = "3" if spec.keys == "econ_code" else "23"  # (table 06 prints economic codes only: 3xx)
    ocr = _ocr_tokens(clean, toks, one_column, cents, leads)
    return tuple(_float_numbers(clean, ocr, figures_below, rows_apart))


def _join_spaced(clean: str, toks: list[_Tok]) -> list[_Tok]:
    """A label printed with a space between its characters (``合 计``, ``因 公 出 国``) is one word."""
    out: list[_Tok] = []
    for t in toks:
        prev = out[-1] if out else None
        if (
            prev is not None and not prev.number and not t.number and len(t.text) == 1
            and clean[prev.end : t.start] == " " and len(prev.text.split()[-1] if prev.text else "") >= 1
            and (len(prev.text) == 1 or prev.spaced)
        ):  # fmt: skip
            out[-1] = _Tok(prev.text + t.text, prev.start, t.end, False, spaced=True)
            continue
        out.append(t)
    return out


def _drop_column_numbers(toks: list[_Tok]) -> list[_Tok]:
    """Remove runs of three or more whole numbers counting up by one (1 2 3 … or 1 2 | 3 …): column numbers.
    A skewed scan's rebuilt rows may print the run's tail on the line above its head (``3 4 5 6`` /
    ``栏次 1 2``): a run from 3 on followed by 栏次 and 1 … up to where it starts is one run too."""
    keep = [True] * len(toks)
    i = 0
    while i < len(toks):
        j = _counting(toks, i)
        head = 0
        if j - i >= 3 and toks[i].text not in ("1", "2") and j < len(toks) and "栏次" in toks[j].text:
            k = _counting(toks, j + 1)
            if toks[j + 1 :][:1] and toks[j + 1].text == "1" and k - j - 1 == int(toks[i].text) - 1:
                head = k - j  # (栏次 and the head of the run)
        if j - i >= 3 and (toks[i].text in ("1", "2") or head):
            keep[i:j] = [False] * (j - i)
            keep[j + 1 : j + head] = [False] * (head - 1)
            i = j + head
        else:
            i += 1
    return [t for t, k in zip(toks, keep, strict=True) if k]


def _counting(toks: list[_Tok], i: int) -> int:
    """The end of the run of whole numbers counting up by one from token ``i`` (``i`` when there is none)."""
    j = i
    while (
        j < len(toks) and toks[j].number and not toks[j].decimal and toks[j].text.isdigit()
        and int(toks[j].text) == int(toks[i].text) + (j - i)
    ):  # fmt: skip
        j += 1
    return j


_LAYOUT_GAP = re.compile(r" {4,}\S")  # columns kept as runs of spaces (leading ones included)


def _float_numbers(clean: str, toks: list[_Tok], figures_below: bool = False, rows_apart: bool = False) -> list[_Tok]:
    """Layout-preserving text (columns as runs of spaces, as ``pdftotext -layout`` writes): a line of only
    numbers belongs to the next line that has words — a multi-line cell centres its row's other cells, so they
    print a line higher — unless that line already prints numbers in the same columns (then to the line above).
    Where the converter prints every row's figures below its labels (``figures_below``, as
    ``segment.figures_below`` finds), they belong to the line above. Within a line, numbers are read left to
    right by column. ``rows_apart`` (三公): a blank line between a line of figures and the words below keeps them
    apart (``_blank_between``)."""
    if not toks or not _keeps_columns(clean, toks):
        return toks
    lines: dict[int, list[_Tok]] = {}
    starts: dict[int, int] = {}
    for t in toks:
        ls = clean.rfind("\n", 0, t.start) + 1
        lines.setdefault(ls, []).append(t)
        starts[id(t)] = ls
    order = sorted(lines)
    moved: dict[int, list[_Tok]] = {ls: list(lines[ls]) for ls in order}

    def cols(t: _Tok) -> tuple[int, int]:
        return t.start - starts[id(t)], t.end - starts[id(t)]

    def clash(a: list[_Tok], b: list[_Tok]) -> bool:
        return any(
            min(cols(x)[1], cols(y)[1]) > max(cols(x)[0], cols(y)[0]) for x in a if x.number for y in b if y.number
        )

    for k, ls in enumerate(order):
        line = moved[ls]
        if not line or not all(t.number for t in line):
            continue
        below = next((o for o in order[k + 1 :] if any(not t.number for t in moved[o])), None)
        above = next((o for o in reversed(order[:k]) if any(not t.number for t in moved[o])), None)
        target = below if below is not None and not clash(line, moved[below]) else above
        if rows_apart and target is not None and target == below and _blank_between(clean, ls, below):
            target = None  # (a row of its own whose label the OCR lost: ``_blank_between``)
        if figures_below and any(t.decimal for t in line) and above is not None and not clash(line, moved[above]):
            target = above
        if target is None or (_opens_with_code(line) and any(_opens_with_code([t, *line[1:]]) for t in moved[target])):
            continue
        if target == below and below is not None:
            after = next((moved[o] for o in order if o > below), [])
            if _next_rows_head(line, moved[above] if above is not None else [], moved[below], after):
                continue
        moved[target].extend(line)
        moved[ls] = []
    out: list[_Tok] = []
    for ls in order:
        out.extend(sorted(moved[ls], key=lambda t: (cols(t)[0], t.start)))
    return out


def _next_rows_head(line: list[_Tok], head: list[_Tok], words: list[_Tok], after: list[_Tok]) -> bool:
    """Whether a line of a code and its figures stays off the line of words below it: its own name's ``head`` above
    it is cut short (its tail lost), and the ``words`` below are the head of the next row's name — the line
    ``after`` them opens with a code whose official name they begin, and this code's name they do not continue:
    ``社会保障和就`` / ``208 754.75 754.75 0.00`` / ``行政事业单位`` / ``20805 754.75 …`` / ``养老支出`` (ghzy's table
    05, tesseract's light scan, draw Z: 208 took 20805's head for its name, was read as 20805, and the table
    failed). A name printed whole above its code line (``自然资源事务`` / ``22001 …`` / ``事业运行`` / ``2200150 …``,
    pdfplumber's layout text of ghzy) is a layout whose reading of such lines stands."""
    if not _opens_with_code(line) or not after or not _opens_with_code(after):
        return False
    text, own = (
        strip_label("".join(t.text for t in itertools.takewhile(lambda t: not t.number, x))) for x in (words, head)
    )
    if len(text) < MIN_PREFIX or len(text) < sum(len(t.text) for t in words if not t.number):
        return False
    mine, theirs = (_official_name(_code_kind(x[0].text), x[0].text) for x in (line, after))
    if mine is None or theirs is None:
        return False
    cut = len(own) >= MIN_PREFIX and mine.startswith(own) and len(own) < len(mine) - 2
    return cut and same_name(text, theirs) and not mine.endswith(text)


def _code_kind(code: str) -> str:
    """The dictionary of a printed code: economic (3xx) or function."""
    return "economic" if code.startswith("3") else "function"


def _blank_between(clean: str, line: int, below: int) -> bool:
    """Whether a blank line separates a line of figures from the line of words below it. A row's centred figures
    print on the lines of its label's cell, so a blank line between them and the next label — the row above
    printing figures in their columns — says they are a row of their own whose label the OCR lost (tesseract
    sets its text blocks apart with blank lines): ``3、公务用车购置及运行费 5.74 | 3.65`` / ``5.74| 3.65`` / (blank)
    / ``(2)公务用车购置费`` (seed 002, draw G: the 运行维护费 label lost) — given to the label below, its figures made
    购置费 5.74, under an identity (购置及运行费 = 运行维护费 + 购置费) that holds either way."""
    return _BLANK_LINE.search(clean, line, below) is not None


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _opens_with_code(line: list[_Tok]) -> bool:
    """A line of numbers that opens with a classification code and prints figures after it (``21011 236.64
    236.64 .00``, its name lost): moved into a line that prints a code too, it would join two rows — it is a row
    of its own. (Into a line of words only, it is the code and figures of the name printed above it.)"""
    if len(line) > 2 and all(t.number and not t.decimal and len(t.text) == 2 for t in line[:2]):
        return any(t.decimal for t in line[2:])  # (its 类 cell lost too: ``05 06 0 80.38 80.38``, ``_classless_row``)
    return len(line) > 1 and not line[0].decimal and is_code(line[0].text) and any(t.decimal for t in line[1:])


def _keeps_columns(clean: str, toks: list[_Tok]) -> bool:
    """Whether a table's text keeps its columns as runs of spaces (``pdftotext -layout``): lines of its tokens
    with such runs are at least three in ten."""
    starts = {clean.rfind("\n", 0, t.start) + 1 for t in toks}
    body = [clean[ls : clean.find("\n", ls) if clean.find("\n", ls) >= 0 else len(clean)] for ls in starts]
    return sum(bool(_LAYOUT_GAP.search(b)) for b in body) >= 0.3 * len(body)


#: a printed number as OCR may have damaged it: digits, the letters read for digits, separators of any kind
_NUM_CHARS = r"\dOolISBZz"
_MARKS = re.escape(OCR_SEPARATORS + OCR_SPECKS)
_DAMAGED = re.compile(rf"(?<![A-Za-z\d])[{_NUM_CHARS}](?:[{_NUM_CHARS}{_MARKS}]*[{_NUM_CHARS}])?(?![A-Za-z\d])")
#: a number printed with another mark for its decimal point and a space beside it (``4381, 74``, ``48 ,06``; the
#: clean view already joins ``754. 75``): two digits after the mark, so no thousands separator — a repair
_SPACED_POINT = re.compile(rf"(?<![A-Za-z\d.,:])[{_NUM_CHARS}][{_NUM_CHARS},]*(?:[,:] | [,:])\d{{2}}(?![A-Za-z\d.,:])")
#: two figures of two decimals printed with no gap between them (``0.0017.90``, ``304.1429.08``): the first ends
#: two digits after its point — the cut is where the print says, no character read otherwise. Four digits or more
#: between the points, as a thousands group has three (``2.106.66``, ``61.570.00`` may be 2,106.66 and 61,570.00).
#: The first may print a space after its point (``9746. 509746.50``: tesseract, ghzy's table 04, draw Y — the clean
#: view joined the second's ``509746. 50`` first) or before it (``31 .8331.83``: seed 003's table 02, draw AO)
_GLUED_FIGURES = re.compile(r"(?<![\d.,:])(\d+ ?\. ?\d{2})([1-9]\d+\.\d{2})(?![\d.,:])")
#: … and where the first prints a space after its point, the second may be under 10, a zero too (``754. 750.00``
#: for 754.75 and 0.00, ``1084. 028.77`` for 1,084.02 and 8.77: tesseract, ghzy's table 05, draw AV): the space
#: says where the first's cents begin, and they are two digits (a second of two whole digits or more matches
#: ``_GLUED_FIGURES`` first)
_GLUED_AFTER_SPACE = re.compile(r"(?<![\d.,:])(\d+\. \d{2})((?:0|[1-9]\d{0,2})\.\d{2})(?![\d.,:])")
#: a zero whose leading 0 the OCR lost (``.00``, ``. 00``): a repair to 0.00
_LOST_ZERO = re.compile(r"(?<![\w.,:])[.,:] ?00(?![\d.,:])")
#: a decimal point read as a dash (``2-85``, ``0.-39`` for 2.85 and 0.39: tesseract, ghzy's 三公 row on draw AG), with
#: nothing figure-like around it (``2024-12-31`` is no figure) — a repair the identities must confirm
_DASHED_POINT = re.compile(rf"(?<![\w.,:\-]){DASHED_POINT.pattern}(?![\w.,:\-])")
#: a figure the OCR broke over two lines at its decimal point (``754.`` / ``75``, ``100，`` / ``00``, ``459。`` /
#: ``38``): the whole part ends its line with the mark (a speck after it: ``236.，`` / ``63``), the cents are the
#: next line's only text — a repair the identities must confirm; one digit of them (``3845.`` / ``2``: a digit lost
#: too) reads as its tenths, to be repaired further (``_derived_repairs``)
_BROKEN_AT_POINT = re.compile(
    r"(?<![\w.,:，])(\d{1,3}(?:,\d{3})+|\d+)[.,:，。](?:[ \t]*[.,，。])?[ \t]*\n\s*?(\d{1,2})(?=[ \t]*(?:\n|$))"
)
#: what ruling lines and specks leave between cells: never a label, never an amount
_JUNK = re.compile(r"[_—–\-\[\]~=:;,.。，、·'’`\"“”()<>〈〉《》{}!/\\*^]+")


def _damaged(m: re.Match[str]) -> _Tok | None:
    """A match of ``_DAMAGED`` as a damaged number (``1,903:01``, ``19O3.01``) with its repaired readings; None
    when it reads cleanly, has fewer than two digits, or is a whole number (a code, a 行次, or an amount that
    lost its point: ``_ocr_tokens``)."""
    text = m.group()
    if sum(ch.isdigit() for ch in text) < 2 or text.isdigit():
        return None
    plain = normalize_value(text)
    if plain is not None and not _PLAIN.fullmatch(text) and len(plain.partition(".")[2]) == 2:
        return _Tok(text, m.start(), m.end(), True, readings=(Reading(_cents(plain)),))  # ``91.,52``: reads as 91.52
    readings = ocr_readings(text)
    if not readings:
        return None
    return _Tok(text, m.start(), m.end(), True, readings=tuple(Reading(_cents(r), True) for r in readings))


_PLAIN = re.compile(r"-?\d+(?:\.\d+)?")


def _cents(plain: str) -> int:
    return int((Decimal(plain) * 100).to_integral_value())


def _raw_tokens(clean: str, start: int, end: int) -> list[_Tok]:
    """Numbers and words of a table body, with clean offsets; glued labels and glued rows split apart; numbers
    damaged by OCR kept whole, with their candidate readings; ruling-line junk dropped."""
    toks: list[_Tok] = []
    pos = start
    glued = list(_GLUED_FIGURES.finditer(clean, start, end))
    glued += [m for m in _GLUED_AFTER_SPACE.finditer(clean, start, end) if not _inside(m, glued)]
    spaced = [*_SPACED_POINT.finditer(clean, start, end), *_LOST_ZERO.finditer(clean, start, end)]
    spaced = [m for m in spaced if not _inside(m, glued)]
    broken = [m for m in _BROKEN_AT_POINT.finditer(clean, start, end) if not _inside(m, glued)]
    broken += [m for m in _DASHED_POINT.finditer(clean, start, end) if not _inside(m, [*glued, *broken])]
    spaced = [*(m for m in spaced if not _inside(m, broken)), *broken]
    taken = [*glued, *spaced]
    matches = [*taken, *(m for m in _DAMAGED.finditer(clean, start, end) if not _inside(m, taken))]
    for m in sorted(matches, key=lambda m: m.start()):
        if m.re is _GLUED_FIGURES or m.re is _GLUED_AFTER_SPACE:  # ``304.1429.08``: 304.14 and 29.08, no gap
            toks.extend(_plain_tokens(clean, pos, m.start()))
            first = m.group(1)  # (``9746. 50``: read as printed, the space left out)
            spaced_first = (Reading(_cents(first.replace(" ", ""))),) if " " in first else ()
            toks.append(_Tok(first, m.start(1), m.end(1), True, readings=spaced_first))
            toks.append(_Tok(m.group(2), m.start(2), m.end(2), True))
            pos = m.end()
            continue
        if m.re is _BROKEN_AT_POINT or m.re is _DASHED_POINT:
            toks.extend(_plain_tokens(clean, pos, m.start()))
            whole = m.group(1).replace(",", "")
            joined = Reading(_cents(f"{whole}.{m.group(2)}"), True)
            toks.append(_Tok(m.group(), m.start(), m.end(), True, readings=(joined,)))
            pos = m.end()
            continue
        damaged = _damaged(m)
        if damaged is None:
            continue
        toks.extend(_plain_tokens(clean, pos, damaged.start))
        toks.append(damaged)
        pos = damaged.end
    toks.extend(_plain_tokens(clean, pos, end))
    return [_point_led(clean, _glyph_led(clean, t)) for t in toks if t.number or not _JUNK.fullmatch(t.text)]


#: one CJK character standing apart from the words before it on its line (a tab, a rule or two spaces) and glued
#: to the figure after it: tesseract reads a figure's leading digits so — ``折1.08`` for 461.08, ``二903.01`` for
#: 1,903.01, ``和550.75`` for 1,550.75: 113 prints across the development draws' texts, every one a damaged figure.
#: Read as clean, a row whose every cell lost the same digits (``住房保障支出  折1.08  直1.08``, ghzy's table 02 on
#: draw Z's heavy scan) passed its own identity with 1.08. (At a line's start, below its label — ``惑计`` /
#: ``和59.38`` — such a print is left as it reads: a table of several damaged rows is read no further, and the
#: identities take a clean-looking figure there as they find it)
_GLYPH_BEFORE = re.compile(r"(?:[ \t]{2}|[\t|])[\u4e00-\u9fff]\Z")


def _glyph_led(clean: str, tok: _Tok) -> _Tok:
    """A figure glued behind a lone CJK character mid-line (``_GLYPH_BEFORE``) read as a repair — an identity must
    confirm it, and a figure another table prints that it is with digits lost may fill it (``lost_digits``)."""
    if not tok.number or not _GLYPH_BEFORE.search(clean, max(0, tok.start - 3), tok.start):
        return tok
    if tok.readings:
        return replace(tok, readings=tuple(replace(r, repaired=True) for r in tok.readings))
    plain = normalize_value(tok.text)
    if plain is None or "." not in plain:
        return tok
    return replace(tok, readings=(Reading(_cents(plain), True),))


#: a thousands separator standing before a figure of three whole digits, apart from what precedes it: the figure's
#: thousands were lost (``.550.75`` for 1,550.75, seed 000's table 04 on tesseract's light scan, draw AK, read 550.75
#: and emitted; ``.106.66`` for 2,106.66) — or the mark is a ruling's speck (``.238.81`` for 238.81). 23 such prints
#: across the development texts, the one that read as a clean figure emitted wrong
_POINT_BEFORE = re.compile(r"(?:^|[ \t|])[.,]\Z")


def _point_led(clean: str, tok: _Tok) -> _Tok:
    """A figure of three whole digits behind a lone separator (``_POINT_BEFORE``) read as a repair: an identity must
    confirm it as printed, or a figure another table prints that it is with digits lost fills it (``lost_digits``)."""
    if not tok.number or tok.readings or not _POINT_BEFORE.search(clean, max(0, tok.start - 2), tok.start):
        return tok
    plain = normalize_value(tok.text)
    if plain is None or not re.fullmatch(r"\d{3}\.\d{2}", plain):
        return tok
    return replace(tok, readings=(Reading(_cents(plain), True),))


#: a figure whose thousands a '.' groups (``2.946.25``) — or two figures glued, the second under 10 (``19.210.00``)
_GROUPED = re.compile(r"(\d{1,3}\.\d{2})(\d\.\d{2})")


def _split_grouped(clean: str, toks: list[_Tok]) -> list[_Tok]:
    """Figures printed as ``19.210.00`` read as two, 19.21 and 0.00, where no cell of the table can be 19,210.00:
    tesseract glues a row's last figures (``2080801 死亡抚恤 19.21 19.210.00``: seed 002's table 05, draw P) as it
    reads a comma for a point (czj's ``2.946.25`` is 2,946.25). No cell of a table exceeds its column's 合计 where
    no figure is negative, so a 合计 row read whole — its first figure the sum of the others (within 尾差) — bounds
    every figure; a grouped reading above that bound is the glued pair. Each part is a repair (an identity must
    confirm it); the 合计 row's own figures stay as printed. The row is the figures after 合计 on its line: text
    of one box per line may print a row's figures above its label (N's seed 000, RapidOCR heavy: 合计's figures
    above it, 206's after it)."""
    if any(x.text.startswith("-") for x in toks if x.number):
        return toks
    # (the first 合计 with figures after it on its line: a header prints the word too — ``合计  收入  收入  上缴收入``
    # over seed 003's table 02, tesseract's light scan of draw AO)
    found = ((k, _figures_after_total(clean, toks, k)) for k, x in enumerate(toks) if x.text in ("合计", "总计"))
    at, row = next(((k, row) for k, row in found if row), (None, []))
    if at is None:
        return toks
    values = [v for v in map(_tok_cents, row) if v is not None]
    if len(values) < max(len(row), 2) or abs(values[0] - sum(values[1:])) > tolerance(len(values), 1):
        return toks
    bound = max(values)
    out: list[_Tok] = []
    for k, x in enumerate(toks):
        m = _GROUPED.fullmatch(x.text) if x.number and not at < k <= at + len(row) else None
        if m is None or _cents(x.text.replace(".", "", 1)) <= bound:
            out.append(x)
            continue
        cut = x.start + m.end(1)
        out += [
            _Tok(m.group(1), x.start, cut, True, readings=(Reading(_cents(m.group(1)), True),)),
            _Tok(m.group(2), cut, x.end, True, readings=(Reading(_cents(m.group(2)), True),)),
        ]
    return out


def _figures_after_total(clean: str, toks: list[_Tok], at: int) -> list[_Tok]:
    """The figures after the total at ``toks[at]`` on its line."""
    line_end = clean.find("\n", toks[at].end)
    return list(itertools.takewhile(lambda x: x.decimal and (line_end < 0 or x.start < line_end), toks[at + 1 :]))


def _tok_cents(x: _Tok) -> int | None:
    """A number token's value in cents: its first reading, or its clean print; None for neither."""
    if x.readings:
        return x.readings[0].cents
    plain = normalize_value(x.text)
    return _cents(plain) if plain is not None else None


def _inside(m: re.Match[str], spans: list[re.Match[str]]) -> bool:
    return any(x.start() < m.end() and m.start() < x.end() for x in spans)


def _behind_point(clean: str, pos: int, text: str) -> bool:
    """Whether ``text`` at ``pos`` is two digits behind a point standing apart (``_STUB``: ``.64``)."""
    return len(text) == 2 and _stub_print(clean, pos, pos + 2) is not None


def _stub_print(clean: str, start: int, end: int) -> re.Match[str] | None:
    """The ``_STUB`` print (a point, perhaps a space, two digits) whose digits are ``clean[start:end]``."""
    for k in (start - 1, start - 2):
        if k >= 0 and (m := _STUB.match(clean, k)) is not None and m.end() == end:
            return m
    return None


def _plain_tokens(clean: str, start: int, end: int) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(clean, start, end):
        text, pos = m.group(), m.start()
        glued = _GLUED_CODE.match(text)
        if glued:  # "196.29212 城乡社区支出": the last amount of a page glued to the next row's code
            a = len(glued.group(1))
            toks.append(_Tok(text[:a], pos, pos + a, True))
            toks.append(_Tok(text[a:], pos + a, pos + len(text), True))
            continue
        if _ARABIC_ORDINAL.match(clean, pos, min(end, pos + 4)):
            continue  # ``2、公务接待费``: a list's numeral, no figure (the label that follows drops its 、)
        if text[0].isdigit() or (text[0] == "-" and len(text) > 1 and text[1].isdigit()):
            toks.append(_Tok(text, pos, pos + len(text), True, cents=_behind_point(clean, pos, text)))
            continue
        lead, trail = len(text) - len(text.lstrip(_EDGE_JUNK)), len(text) - len(text.rstrip(_EDGE_JUNK))
        if lead + trail >= len(text):
            continue  # ruling-line residue only
        text, pos = text[lead : len(text) - trail], pos + lead  # ``[本年收入合计``: the rule is not the label
        cuts = [0, *(k.start() for k in _ORDINAL_SPLIT.finditer(text)), len(text)]
        for a, b in itertools.pairwise(cuts):
            if a < b:
                toks.append(_Tok(text[a:b], pos + a, pos + b, False))
    return toks


#: an arabic list numeral before its item's name (三公's ``1、因公出国(境)费``, ``2、公务接待费``): never an amount
_ARABIC_ORDINAL = re.compile(r"\d{1,2}、[\u4e00-\u9fff]")

#: what ruling lines leave at the edges of a cell's text
_EDGE_JUNK = "[]_—–-~=`'\"“”‘’!/\\*^"


def _ocr_tokens(
    clean: str, toks: list[_Tok], one_column: bool = False, cents: bool = False, leads: str = "23"
) -> list[_Tok]:
    """OCR damage between tokens, in a table that prints decimals:

    * a number split by a space (``1 903.01``: the OCR cut it at the thousands): one token read as printed (the
      903.01 after a 行次 ``1``) or, repaired, joined (1903.01);
    * a whole number of four or more digits that is no code of the table and not followed by a label
      (``2193``; a code's first digit is one of ``leads``: in table 06, of economic codes 3xx only, ``28959``
      is 289.59 with its point lost — ghzy draw I, heavy): it may be an amount whose decimal point was lost
      (21.93), or no amount at all — of three
      digits too in a code table of ``one_column`` (``30201 办公费 577``: the row's one figure, 5.77); in a row of
      several figures three digits are as often a fragment of a figure the OCR broke (``本832`` for 832.11), so
      there only what a box turned upside down reads as (``860`` for 0.98, ``880`` for 0.88: ``turned_readings``)
      — unless it is an engine's box alone on its line, in text of one box per line: that is all the engine read
      of the box, no fragment, so its point was lost (czj table 02, draws F and I: ``619`` for 2010602's 6.19).
    """
    if not _decimal_style(toks, cents):
        return toks
    boxes = _one_per_line(clean, toks)
    out: list[_Tok] = []
    for i, t in enumerate(toks):
        prev = out[-1] if out else None
        if (
            prev is not None and prev.number and not prev.readings and prev.text.isdigit() and len(prev.text) <= 3
            and t.number and t.decimal and clean[prev.end : t.start] == " "
            and len(str(abs(_reading_of(t).cents) // 100)) == 3
            and not prev.text.startswith("0") and not _ends_split_code(out) and not _row_code(clean, prev)
            and not _named_after(prev, toks[i + 1] if i + 1 < len(toks) else None)
        ):  # fmt: skip
            own = t.readings or (Reading(_cents(t.text)),)
            joined = ocr_readings(clean[prev.start : t.end]) or [normalize_value(clean[prev.start : t.end]) or ""]
            alone = tuple(Reading(r.cents, r.repaired, t.start, t.end) for r in own)
            extra = tuple(Reading(_cents(j), True) for j in joined if re.fullmatch(r"\d+\.\d+", j))
            out[-1] = _Tok(clean[prev.start : t.end], prev.start, t.end, True, readings=alone + extra)
            continue
        if (speck := _speck_inside(clean, out, t)) is not None:
            out[-2:] = [speck]
            continue
        if t.number and t.decimal and t.text.startswith("-") and not t.readings:
            # (no standard table prints a negative amount: a dash glued to a figure is a ruling's — ``210 卫生健康支出
            # 31.831 -31.83``, seed 003's table 05 on tesseract's heavy scan of draw AL; ``5.74 | -3.65``, seed 002's
            # 三公 row on AK's light one. Read as printed, its negative turned every blank column's inference off)
            out.append(replace(t, readings=(Reading(-_cents(t.text), True),)))
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if _spaced_point(clean, out, t, nxt):  # ``5 28``: 5.28 with a space for its point, or no amount
            assert prev is not None
            lost = Reading(_cents(f"{prev.text}.{t.text}"), True)
            out[-1] = _Tok(clean[prev.start : t.end], prev.start, t.end, True, readings=(lost,), optional=True)
            continue
        code_like = len(t.text) in (3, 5, 7) and t.text[0] in leads
        box = boxes and _alone(clean, t)  # a box of its own: all the OCR read of it, no fragment of a figure
        if (
            t.number and not t.readings and t.text.isdigit() and not code_like and (nxt is None or nxt.number)
            and (len(t.text) >= (3 if one_column or box else 4) or (len(t.text) == 3 and _turned_figure(t.text)))
        ):  # fmt: skip
            several = len(t.text) == 3 and not (one_column or box)  # (only what a turned box reads: ``860`` is 0.98)
            readings = tuple(Reading(_cents(x), True) for x in (turned_readings if several else ocr_readings)(t.text))
            out.append(_Tok(t.text, t.start, t.end, True, readings=readings, optional=True))
            continue
        out.append(t)
    return out


def _named_after(code: _Tok, nxt: _Tok | None) -> bool:
    """Whether the word after the figure that follows whole number ``code`` is the official name of that code: a
    row's code, its figure and name (table 06's groups side by side, rows rebuilt from a skewed scan: czj draw I
    heavy, ``301 工资福利支出 2,082.85 302 171.07`` / ``商品和服务支出`` — 302 is the right group's 类, not the
    thousands of 302,171.07)."""
    if nxt is None or nxt.number or not code.text.isdigit():
        return False
    label = strip_label(nxt.text)
    return any(e.code == code.text for kind in ("economic", "function") for e in named(kind, label))


def _speck_inside(clean: str, out: list[_Tok], t: _Tok) -> _Tok | None:
    """One figure whose digits a speck (``OCR_SPECKS``) split into two numbers, read with the speck left out:
    ``1.5$11.90`` for 1,511.90 (czj's table 02, tesseract, draws F and G: ``1.5$11.89`` / ``1.5$11.90``, one in
    each). The head must read as no figure of the table's two decimals (``1.5``), the whole without the speck as
    one; the reading is a repair, kept only where an identity confirms it."""
    if len(out) < 2 or len(out[-1].text) != 1 or out[-1].text not in OCR_SPECKS:
        return None
    prev, gap = out[-2], clean[out[-2].end : t.start]
    if not (prev.number and t.decimal and not prev.readings and not t.readings) or gap != out[-1].text:
        return None
    if "." not in prev.text or len(prev.text.rpartition(".")[2]) == 2:
        return None
    readings = ocr_readings(clean[prev.start : t.end])
    if len(readings) != 1:
        return None
    return _Tok(clean[prev.start : t.end], prev.start, t.end, True, readings=(Reading(_cents(readings[0]), True),))


def _turned_figure(text: str) -> bool:
    """Whether three digits in a row of several figures may be a figure below 1 whose box was read upside down
    (``860``: 0.98). Not ``000``: a zero's lost point is as often a zero that may be no amount — left out, the
    figures after it would move a column left."""
    return bool(text.strip("0")) and text.endswith("0") and bool(turned_readings(text))


def _spaced_point(clean: str, out: list[_Tok], t: _Tok, nxt: _Tok | None) -> bool:
    """Whether two digits ``t`` after a whole number a space before it (``劳务费 5 28``, ``262 33``) may be one
    figure whose decimal point the OCR read as a space: the number is no code and follows a label or a figure on
    its line (a code opens its line, or a group of its own, and its parts follow it: ``301 08``, ``21.21 302 01``),
    and no further code part follows."""
    prev = out[-1] if out else None
    before = out[-2] if len(out) >= 2 else None
    return (
        prev is not None and prev.number and not prev.readings and prev.text.isdigit() and len(prev.text) <= 4
        and t.number and not t.readings and t.text.isdigit() and len(t.text) == 2
        and clean[prev.end : t.start] == " " and not prev.text.startswith("0") and not is_code(prev.text)
        and not _line_start(clean, prev.start)
        and before is not None and "\n" not in clean[before.end : prev.start]
        and (not before.number or before.decimal) and not _ends_split_code(out)
        and (nxt is None or not (nxt.number and nxt.text.isdigit() and len(nxt.text) == 2))
    )  # fmt: skip


def _ends_split_code(toks: list[_Tok]) -> bool:
    """Whether the last tokens are a code printed split over 类/款/项 cells (``201 06 17``): its last part is no
    thousands group of the amount after it."""
    k = len(toks) - 1
    parts = 0
    while k >= 0 and parts < 2 and toks[k].number and toks[k].text.isdigit() and len(toks[k].text) == 2:
        k, parts = k - 1, parts + 1
    lead = toks[k] if k >= 0 else None
    return parts > 0 and lead is not None and lead.number and _CODE_LEAD_PART.fullmatch(lead.text) is not None


def _row_code(clean: str, t: _Tok) -> bool:
    """A classification code first on its line (``206 619.32``: a row whose name is printed above it), not the
    first group of an amount a space split."""
    return _line_start(clean, t.start) and is_code(t.text)


_CODE_LEAD_PART = re.compile(r"[23]\d{2}(?:\d{2})?")


def _reading_of(t: _Tok) -> Reading:
    return t.readings[0] if t.readings else Reading(_cents(t.text))


@dataclass
class _Row:
    """A stream row being assembled: its key, label words and numbers."""

    key: str
    start: int
    end: int
    label: list[str] = field(default_factory=list)
    nums: list[_Tok] = field(default_factory=list)
    side: int = 0
    line: int = 0
    stray: list[_Tok] = field(default_factory=list)  # digits printed among its figures that read as no amount
    at: int = 0  # where its key is printed (``start`` may be earlier: figures printed above its first label)
    ahead: int = 0  # two-sided tables: leading ``nums`` that float between it and a row above (``_leading_figures``)
    after_figures: bool = False  # two-sided tables: printed after figures on its line, so the right side's label
    damaged: list[_Tok] = field(default_factory=list)  # two-sided tables: its figure, damaged, on another line
    inner: bool = False  # two-sided tables: the left label of a line printed after its figures (``_line_ahead``)
    straddles: bool = False  # … and the right one
    picks: bool = False  # two-sided tables of one box per line: any one of the figures near its label (``_boxed``)
    total_side: int | None = None  # two-sided tables: a 总计's side, named by the 行次 after it (``_total_sides``)


@lru_cache(maxsize=4)
def _prints_cents(clean: str) -> bool:
    """Whether the report prints its amounts with cents (``1,903.01``): thirty such figures at least."""
    return len(_CENTS.findall(clean)) >= 30


def _report_cents(clean: str, t: Table) -> bool:
    """Whether a 万元 table of a report that prints cents (``_prints_cents``) prints them too, whatever its own
    figures say: the template prints every 万元 amount to the cent, and a table whose figures lost their points
    to the OCR reads as whole numbers by its own count (``_decimal_style``) — czj's table 05 on tesseract's heavy
    scan of draw I (``一般公共服务支出  210666 | 150352 | 60314``, the identities holding as well in cents: 9
    wrong values); a 三公 table of a few figures, none with a point (``合计 300| 181`` for 3.00 and 1.81)."""
    return t.unit == "万元" and _prints_cents(clean)


_CENTS = re.compile(r"(?<![\d.])\d[\d,]*\.\d\d(?![\d.])")


def _table_decimal(clean: str, t: Table, toks: list[_Tok]) -> bool:
    """``_decimal_style`` of table ``t``'s tokens, the report's style (``_report_cents``) included."""
    return _decimal_style(toks, _report_cents(clean, t))


def _decimal_style(toks: list[_Tok], cents: bool = False) -> bool:
    """Whether the table prints amounts with decimals (then whole numbers are codes, 行次 or page numbers):
    ``cents``, the report's style says so (``_report_cents``), or its own figures do."""
    nums = [t for t in toks if t.number]
    decimals = sum(t.decimal for t in nums)
    return cents or not nums or decimals >= 3 or decimals >= 0.3 * len(nums)


def _code_at(toks: list[_Tok], i: int, prefix: str) -> tuple[str, int] | None:
    """A code starting at token ``i`` (``2010601``, or split ``201 06 01``) → (code, tokens used)."""
    t = toks[i]
    if not t.number or t.decimal or not t.text.startswith(prefix) or len(t.text) not in (3, 5, 7):
        return None
    code, j = t.text, i + 1
    while len(code) < 7 and j < len(toks) and _part_digits(toks[j]):
        code += toks[j].text
        j += 1
    nxt = toks[j] if j < len(toks) else None
    after = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is not None and nxt.text in _RULE_DIGITS and (after is None or not after.number or _amount_like(after)):
        return code, j + 1 - i  # ``208 1 754.75``, ``301 0 工资福利支出``: the ruling line beside the code misread
    if nxt is not None and nxt.number and not nxt.decimal and not nxt.text.startswith("-"):
        return None  # a run of integers: 栏次, not a code (``21201`` / ``-1``: a speck below it, ghzy, draw AA)
    return code, j - i


def _amount_like(t: _Tok) -> bool:
    """A figure, not a 栏次: decimals, or four digits or more (a figure whose point OCR lost: ghzy's table 05 on
    tesseract's light scan of draw AN prints ``2120201   2   2739   488.   2250. 88`` — its name above it — and the
    row, taken for a run of 栏次, was read into 21202's, failing that row's own identity: six values lost) — and
    no classification code (``30399 1  30240 | 税金及附加费用``: table 06's groups side by side)."""
    return t.decimal or (len(t.text.lstrip("-")) >= 4 and not is_code(t.text))


def _part_digits(t: _Tok) -> bool:
    """Two digits that may continue a split code (``201 06 01``); never ``-1`` (a speck before a 1)."""
    return t.number and len(t.text) == 2 and not t.decimal and not t.text.startswith("-") and not t.cents


#: what OCR reads a ruling line or a speck between a code and its name or figures as (``208 | 754.75`` →
#: ``208 1 754.75``, ``2080599 9 ， 0.88``): one digit alone
_RULE_DIGITS = tuple("0123456789")


def _stream_rows(toks: list[_Tok], start_at: Callable[[int], tuple[str, int] | None], decimal: bool) -> list[_Row]:
    """Split tokens into rows: a row starts where ``start_at`` says; words after its key are its label (a
    wrapped label's second line included), numbers its values."""
    rows: list[_Row] = []
    orphans: list[_Tok] = []  # numbers before the first row: a vertically centred first row prints them above
    i = 0
    while i < len(toks):
        hit = start_at(i)
        if hit is not None:
            key, used = hit
            t = toks[i]
            row = _Row(key=key, start=t.start, end=toks[i + used - 1].end, at=t.start)
            if not t.number:
                row.label.append(t.text)
            if not rows and orphans:
                row.nums, row.start = list(orphans), min(row.start, orphans[0].start)
            rows.append(row)
            i += used
            continue
        t = toks[i]
        if not rows and t.amount(decimal):
            orphans.append(t)
        elif not rows and not t.number and len(t.text) > 2:
            orphans.clear()  # header words between them and the first row: they were header numbers
        if rows:
            row = rows[-1]
            row.start = min(row.start, t.start)  # (a code moved ahead of its name's line: ``_codes_below_names``)
            if t.number:
                if t.amount(decimal):
                    row.nums.append(t)
                    row.end = max(row.end, t.end)
                else:
                    row.stray.append(t)
            else:
                row.label.append(t.text)
        i += 1
    return rows


def _header_words(clean: str, start: int, toks: list[_Tok], rows: list[_Row]) -> str:
    """The header: everything before the first row that prints a number."""
    return key_text(_header_text(clean, start, toks, rows))


def _header_text(clean: str, start: int, toks: list[_Tok], rows: list[_Row]) -> str:
    """The header as printed, lines kept."""
    first = next((r for r in rows if r.nums), None)
    end = first.start if first is not None else (toks[-1].end if toks else start)
    return clean[start:end]


_STRUCTURE = re.compile(
    r"项目|支出功能分类|功能分类|经济分类|科目编码|科目名称|编码|名称|栏次|行次|单位|万元|千元|元|[类款项:：]"
)


def _present(columns: tuple[ColumnSpec, ...], header: str, lines: list[str] | None = None) -> list[str] | None:
    """The template columns the header names, in the order it prints them; None when it cannot be trusted.

    The header is trusted only when its column names and the structural words (项目, 科目编码 …) account for
    nearly all of it: a layout converter that interleaves the lines of multi-line header cells leaves
    fragments (``本年收入合``, ``缴收入``) behind, and then every template column must be considered. A report
    may print the columns in another order than the template (项目支出 before 基本支出): the numbers of a row
    follow the header's order, so that is the order returned — where the header prints it. Names on different
    ``lines`` of the header say nothing of their columns' order (a wrapped cell's first half rises above the
    line of the one-line names: ``经营收入 附属单位 其他收入`` over ``本年收入合计 财政拨款收入 …``), so when every
    line names its columns in the template's order, the template's order is the header's. A header short of a
    template column whose first character is left over names it garbled (``合;`` for 合计, tesseract at 250 dpi):
    not trusted either.
    """
    found: dict[str, int] = {}
    rest = header
    for c in columns:
        loose = _loose(c)
        if re.search(loose, header):
            found[c.key] = -1
        rest = rest.replace(c.key, "")
        rest = re.sub(loose, "", rest)
    rest = _STRUCTURE.sub("", rest)
    if len(re.findall(r"[\u4e00-\u9fff]", rest)) > 4:
        return None
    if any(c.key not in found and c.key[0] in rest for c in columns):
        return None  # a column's name garbled beyond matching (``合;  基本支出  项目支出``): which it prints is open
    if _skips_garbled(columns, found, rest):
        return None
    found.update(_positions(columns, header, list(found)))
    canon = [c.key for c in columns if c.key in found]
    if -1 in found.values():
        return canon or None  # a name only the masked words hold: keep the template's order
    printed = sorted(found, key=found.__getitem__)
    if printed != canon and lines is not None and _lines_in_order(columns, lines, canon):
        return canon
    return printed or None


def _more_figures_than_named(rows: list[_Row], present: list[str]) -> bool:
    """Whether most rows printing figures print more than the header names columns: the header lost names to
    the OCR (``对附属单位`` / ``As |`` / ``助支出`` over rows of three figures, ghzy's table 03 on tesseract's light
    scan of draw AV, every figure unread) — then every template column is considered, as for a header not
    trusted."""
    counts = sorted(len(r.nums) for r in rows if r.nums)
    return bool(counts) and counts[len(counts) // 2] > len(present)


def _skips_garbled(columns: tuple[ColumnSpec, ...], found: dict[str, int], rest: str) -> bool:
    """Whether the header skips a column the template prints between two it names, with words left over that
    name no column: the skipped column's name garbled (``基本支出 0 | EL <`` / ``对附属单位``: 项目支出 printed
    as ``EL``, tesseract's light scan of ghzy's table 03) — its figures are then no column's the header tells."""
    at = [k for k, c in enumerate(columns) if c.key in found]
    if len(at) < 2 or at[-1] - at[0] + 1 == len(at):
        return False
    return bool(CJK.search(rest) or re.search(r"[A-Za-z]{2}", rest))


def _loose(c: ColumnSpec) -> str:
    """A column's header pattern anywhere in the header (its anchors dropped)."""
    return re.sub(r"[\^$]", "", c.pattern.pattern)


def _positions(columns: tuple[ColumnSpec, ...], text: str, keys: list[str]) -> dict[str, int]:
    """Where each of the columns ``keys`` is named in ``text``, once the words of the code and name columns are
    out of the way (``项目支出功能分类科目编码`` is 项目 + 支出功能分类…, not the column 项目支出); -1: only there."""
    masked = _NAME_COLUMN_WORDS.sub(lambda m: "#" * len(m.group()), text)
    out: dict[str, int] = {}
    for c in columns:
        if c.key in keys and re.search(_loose(c), text):
            m = re.search(_loose(c), masked)
            out[c.key] = m.start() if m else -1
    return out


def _lines_in_order(columns: tuple[ColumnSpec, ...], lines: list[str], canon: list[str]) -> bool:
    """Whether the header names its columns on more than one line, every line in the template's order."""
    named = [p for line in lines if (p := _positions(columns, key_text(line), canon))]
    if len(named) < 2:
        return False
    for p in named:
        order = [k for k in sorted(p, key=p.__getitem__) if p[k] >= 0]
        if order != [k for k in canon if k in order]:
            return False
    return True


_NAME_COLUMN_WORDS = re.compile(r"支出功能分类|功能分类|经济分类|科目编码|科目名称|编码|名称|栏次|行次")


def _stream_code(
    doc: Document,
    t: Table,
    spec: TableSpec,
    notes: list[Unread],
    floating: bool = False,
    lines: bool = False,
    first_group: bool = False,
    boxed: bool = False,
    skewed: bool = False,
) -> list[Unit]:
    """A code table's rows from its text. ``floating``: figures printed alone on their lines between two rows'
    labels may be either row's (``_floating``) — and, ``lines``, figures on lines of figures only;
    ``first_group``, the table's first figure the first group's (``_above_first_group``); ``boxed``: every
    figure floating among the rows printed nearest it (``_boxed_code``)."""
    clean = doc.text.clean
    prefix = "3" if spec.keys == "econ_code" else "2"
    kind = _code_kind(prefix)
    toks = _tokens(clean, t)
    if spec.keys == "code":  # (table 06's groups side by side: a group's code below its name is left as printed)
        toks = _class_above_its_row(clean, _codes_below_names(clean, toks, prefix, kind), prefix, kind, skewed)
    decimal = _table_decimal(clean, t, toks)
    totals = spec.totals
    seen: list[str] = []  # the codes of the rows so far: the hierarchy a misread code must fit
    repaired: dict[str, str] = {}  # repaired code → the digits printed
    in_runs, codes = _codes_in_runs(toks, prefix, kind)
    if in_runs >= _RUN_MIN and in_runs * 4 >= codes:
        why = f"it prints the table column by column ({in_runs} of its {codes} row codes follow another code"
        notes.append(_out_of_order(doc, t, f"{why} with no name or figure between them)"))
        return []
    by_names = _names_trusted(toks, prefix, kind)
    last = [len(toks)]  # where the words of the last row's label may start
    lost = [False]  # a row whose code is unreadable stands since the last code read as printed
    within: dict[int, list[str]] = {}  # an unreadable row printed after its 类's box → the codes it may be

    def start_at(i: int) -> tuple[str, int] | None:
        hit = row_at(i)
        found = _foreign_row(toks, last[0], i, prefix, seen, kind) if hit is None and by_names else set()
        if len(found) == 1:
            code = found.pop()
            printed = _code_at(toks, i + 1, prefix) if i + 1 < len(toks) else None
            if i + 1 < len(toks) and toks[i + 1].text == code:  # (``伙食补助费`` / ``30106 30204 手续费 0.04``)
                printed = code, 1
            hit = (code, 1 + printed[1]) if printed is not None and printed[0] == code else (code, 1)
            seen.append(code)
            if hit[1] == 1:
                repaired[code] = ""
        elif found:  # another row, of one of these codes: its parents' identities are open
            hit = f"{_UNREADABLE}{'|'.join(sorted(found))}", 1
        elif hit is None and (named_class := _class_by_name(clean, toks, i, seen, kind)) is not None:
            hit = named_class, 1
            seen.append(named_class)
            repaired[named_class] = ""
        elif (
            hit is None and seen and _garbled_row_line(clean, toks, last[0], i, decimal, _official_name(kind, seen[-1]))
        ):
            hit = _UNREADABLE, 1  # (a line of the row's own figures: ``由    ww      160.75  160.75``)
            lost[0] = True
        if hit is not None:  # (a row read by its name: that name is its label, and a name after it another row's)
            last[0] = i + hit[1] if toks[i].number or not hit[0].isdigit() else i
        return hit

    def row_at(i: int) -> tuple[str, int] | None:
        tok = toks[i]
        if tok.number:
            hit = _code_at(toks, i, prefix)
            if hit is None and seen and _code_tail_below(toks, i, seen[-1], last[0]):
                return None  # (the row above's code ends here, under its wrapped name: the same row)
            if hit is None and (lost_class := _classless_row(clean, toks, i, seen, kind)) is not None:
                seen.append(lost_class[0])
                return lost_class
            if not by_names:
                return hit or _unreadable_code(toks, i)
            if hit is None and _nameless_before_code(toks, i, prefix, seen, kind):
                hit = toks[i].text, 1  # (``2101101 行政单位医疗`` / ``2101102`` / ``2101103 公务员医疗补助``)
            if hit is None and _clean_code_next(toks, i, prefix, seen, kind):
                return None  # digits before a row code that reads cleanly: a damaged figure of the row above
            if hit is not None and _nameless_unknown(toks, i, hit, seen, kind):
                return None  # (``2130599 其他…支出 269 2.99``: 2.99 with its point misread, no 类 269)
            if (
                hit is None
                or not _fits(hit[0], seen)
                or _unknown_or_misnamed(hit[0], toks, i + hit[1], kind)
                or _misnamed_before(hit[0], toks, i, i + hit[1], seen, kind)
            ):
                fixed = _repaired_code(toks, i, prefix, seen, kind, parents=not lost[0])
                if fixed is not None and fixed[0].isdigit() and fixed[0] != toks[i].text:
                    repaired[fixed[0]] = "".join(x.text for x in toks[i : i + fixed[1]])
                elif hit is not None and (
                    (not _fits(hit[0], seen) and _unknown_or_misnamed(hit[0], toks, i + hit[1], kind))
                    or (len(hit[0]) == 3 and hit[0] not in codebook(kind))
                    or _child_named(hit[0], toks, i + hit[1], kind)
                ):
                    # (``20010 事业运行`` under 22001: a code misread beyond repair — no row its figures are of; ``389
                    # 其他对个人和家庭的补助`` for 30399: a 类 the national list lacks is no row of its own)
                    lost[0] = True
                    return _UNREADABLE + "|".join(_codes_named(toks, i + hit[1], prefix, seen, kind)), hit[1]
                hit = fixed or hit or _unreadable_code(toks, i)
                if hit is not None and hit[0] == _UNREADABLE and (codes := _within_class(clean, toks, i, seen, kind)):
                    within[toks[i].start] = codes
            elif hit[0] in codebook(kind):
                lost[0] = False  # a whole code read as printed: the parents above are known again
            if hit is not None and hit[0].isdigit():
                seen.append(hit[0])
            elif hit is not None:
                lost[0] = True  # a row whose code is unknown: it may have opened another 类 or 款
            return hit
        label = strip_label(tok.text)
        named_total = _TOTAL_ROW.fullmatch(label.rstrip(":：;；"))  # (``合计:``: a speck read as a colon, draw AG)
        if spec.keys == "code" and (named_total or _total_by_place(clean, toks, i, seen, prefix)):
            return None if _header_total(toks, i, spec) else ("合计", 1)
        named_row = _named_row(clean, toks, i, prefix, seen, kind) if by_names else None
        if named_row is not None:
            seen.append(named_row)
            printed = _code_at(toks, i + 1, prefix) if i + 1 < len(toks) else None
            printed = printed or _classless_code(toks, i + 1, named_row)
            if printed is not None and printed[0] == named_row:
                return named_row, 1 + printed[1]  # the name printed above its code (``行政运行`` / ``201 06 01 …``)
            if _code_lost_digit(toks, i + 1, named_row, kind):
                repaired[named_row] = toks[i + 1].text  # (``行政事业单位`` / ``2101`` / ``医疗``: 21011, a digit lost)
                return named_row, 2
            repaired[named_row] = ""
            return named_row, 1
        for used in (1, 2):  # a label split over two cells: 公用经 | 费合计
            joined = "".join(strip_label(x.text) for x in toks[i : i + used] if not x.number)
            total = next((tot for tot in totals if joined.startswith(tot[:4])), None)
            total = total or next((tot for tot in [nearest(joined, totals)] if tot in totals), None)  # ``大员经费合计``
            if total is not None:
                return total, used
        return None

    listed = _stream_rows(toks, start_at, decimal)
    elsewhere = _holes_printed_elsewhere(clean, listed, repaired, kind)
    rows = [
        r
        for k, r in enumerate(listed)
        if r.nums or not (r.key == "合计" or _unreadable(r.key)) or (floating and _total_last(listed, k))
    ]
    first = next((k for k, r in enumerate(rows) if r.nums), len(rows))
    # a total's name above every figure is a header word (人员经费 | 公用经费 over the two halves), not its row
    rows = [r for k, r in enumerate(rows) if k >= first or r.key not in totals]
    _header_totals(rows, totals)
    raw = _header_text(clean, t.body_start, toks, rows) + _header_in_total(clean, rows)
    all_cols = [c.key for c in spec.columns]
    present = _present(spec.columns, key_text(raw), raw.split("\n")) or all_cols
    if _more_figures_than_named(rows, present):
        present = all_cols
    units: list[Unit] = []
    num_of = {id(x): _tok_num(x) for r in rows for x in r.nums}  # one Num per printed figure, shared when floating
    printed_values = {x.cents for n in num_of.values() for x in n.readings if not x.repaired}
    alone = _one_per_line(clean, toks)
    ahead = _floating(clean, rows, num_of, alone, lines, first_group) if floating else {}
    if boxed:
        if any(_unreadable(r.key) for r in rows):
            return []  # (a row of no code keeps the figures near it: which of them are its own is open)
        for x in _boxed_windows(rows):
            num_of[x].floating = True
    for r in rows:
        if _unreadable(r.key):
            notes.extend(
                _note(
                    doc,
                    f"{t.kind} row {''.join(r.label)[:30]!r}",
                    "the row's code is unreadable"
                    + (f" (its name is that of {' or '.join(r.key[1:].split('|'))})" if r.key[1:] else ""),
                    x.start,
                    x.end,
                    x.text,
                )
                for x in r.nums
            )
            maybe = r.key[1:] or "|".join(within.get(r.at, []))
            key = f"{_UNREADABLE}{len(units)}{maybe and ':' + maybe}"  # (its candidate codes, when known)
            units.append(Unit(key=key, nums=[], slots=[], start=r.start, end=r.end))
            continue
        if r.key in repaired:
            label = strip_label("".join(r.label))
            printed = f"printed {repaired[r.key]!r}" if repaired[r.key] else "not printed"
            official = _official_name(kind, r.key) or label
            near = not same_name(label, official) and nearest(label, [official]) == official
            misread = " but for a misread character" if near else ""
            by_name = f"the code whose official name is the printed {label!r}{misread}"
            why = (
                f"the code the codes printed above make of it (its printed name {label!r} is not {official!r})"
                if repaired[r.key] and not set(label) & set(official)
                else f"{by_name} and that fits the codes printed above"
            )  # (``05 下是和`` under 302: its place says 30205, its name nothing)
            if r.key in elsewhere:
                why = _ONE_CODE_ELSEWHERE
            what = f"{t.kind}/{r.key}"
            notes.append(_note(doc, what, f"row code {printed} read as {r.key}: {why}", r.start, r.end, table=False))
        cols = present if r.key not in totals else [spec.columns[0].key]
        before = ahead.get(id(r), [])
        nums = [*before, *(num_of[id(tok)] for tok in r.nums)]
        slots = [(r.key, c) for c in cols]
        printed_label = strip_label("".join(r.label)) or None
        extra = [(r.key, c) for c in all_cols if c not in cols]
        damaged = [x for x in _damaged_print(clean, r) if not _code_in_order(x, rows, kind)]
        # (read by their cents as a figure the table prints, ``_stub`` — in rows of several columns, whose own sum
        # checks it: in table 06's one column a figure with those cents fits a class's sum by chance as well)
        stubs = [n for x in damaged if (n := _stub(clean, x, printed_values)) is not None] if len(cols) > 1 else []
        if stubs:
            nums = sorted([*nums, *stubs], key=lambda n: n.start)
        notes.extend(
            _note(doc, f"{t.kind}/{r.key}", _BEYOND_READING, x.start, x.end, x.text, r.key)
            for x in damaged
            if not any(n.end == x.end for n in stubs)
        )
        # three digits in a table of decimals: 5.77 with its point lost (``577``), or 0.98 beyond reading (``860``)
        damaged_row = bool(damaged) or any(n.optional and len(n.text) == 3 for n in nums)
        unit = Unit(r.key, nums, slots, r.start, r.end, label=printed_label, extra=extra, damaged=damaged_row)
        unit.ahead, unit.crowded = len(before), bool(damaged) and len(nums) + len(damaged) > len(slots)
        unit.lead = len(before) + sum(1 for x in r.nums if x.start < r.at)
        unit.picks = r.picks
        if not alone and not before and len(cols) > 1 and not boxed:
            unit.lines = _line_groups(clean, r)
        units.append(unit)
        if r is not rows[-1] and (_garbled_row_below(clean, r) or _two_rows_figures(r, cols, floating or boxed)):
            units.append(Unit(key=f"{_UNREADABLE}{len(units)}", nums=[], slots=[], start=r.end, end=r.end))
    return units


def _two_rows_figures(r: _Row, cols: list[str], floating: bool) -> bool:
    """Whether a row prints a whole line of figures more than it has cells: the figures of a row below whose code
    was read as no row (``2120201 … 2739.56 488.68 2250.88`` / ``220 2 洋 4461.67 2339.58 2122.09``, ghzy's table
    05 on draw Q's tesseract text) — a row of unknown code, so the sums over its parents are open, not failing."""
    return not floating and len(cols) > 1 and len(r.nums) >= 2 * len(cols)


def _garbled_row_below(clean: str, r: _Row) -> bool:
    """Whether a line after the row's figures, before the next line that prints a figure or a name, holds
    digits that read as no figure and no code — three digits or more, none a run of three that may be a code,
    beside junk, no letters: a row whose code, name and figures tesseract garbled alike (czj's table 03 on light
    scans, draw F: ``05 05 光让 160.75 160.75`` / ``人 、 0 35 ，，`` / ``208 05 99 …`` — 2080506's 80.38 and its
    name lost; the tables_01_04 draw: ``， ， 038 到``). The row stands, unread, so its parents' sums are open
    rather than failing over its siblings."""
    start = clean.find("\n", max([r.at, *(x.end for x in r.nums)]))
    lines = clean[start + 1 :].split("\n", _GARBLED_LINES)[:_GARBLED_LINES] if start >= 0 else []
    for line in lines:
        if _ROW_LINE.search(line) or _GLUED_FIGURE.fullmatch(line.strip()):
            return False  # the next row's line, or a wrapped name's — or one figure a speck damaged (``1°33``)
        groups = _DIGIT_RUN.findall(line)
        junk = _NOT_DIGIT.search(line)  # (a line of digits alone is a code or figure the OCR misread)
        if junk and sum(map(len, groups)) >= 3 and not any(len(g) >= 3 and g[0] in "23" for g in groups):
            return True
    return False


#: how many lines below a row's figures a garbled row is looked for
_GARBLED_LINES = 3
#: a line that prints a figure, a word of two characters or letters: a row's (``_garbled_row_below``)
_ROW_LINE = re.compile(r"\d[.,]\d\d|[\u4e00-\u9fff]{2}|[A-Za-z]")
_DIGIT_RUN = re.compile(r"\d+")
#: one figure whose point a speck took (``1°33`` for 11.33: seed 000's table 03, RapidOCR heavy, draw N): the row's
#: own figure damaged beyond reading (``_damaged_print``), no garbled row — a whole part never opens with 0 (``06°21``
#: for 17.90, seed 002's on draw O, opens with what may be a split code's part: a garbled row still)
_GLUED_FIGURE = re.compile(rf"(?:0|[1-9]\d*)[{re.escape(OCR_SPECKS)}]\d+")
_NOT_DIGIT = re.compile(r"[^\d\s]")


def _side_by_side(doc: Document, t: Table, spec: TableSpec, notes: list[Unread]) -> list[Unit] | None:
    """Table 06 in text of one box per line whose groups print side by side with split codes
    (``readers.side_by_side``): one row per name of a printed line, the line's figures shared by its rows — each
    row takes one of them or none, every figure goes to one row (``Unit.inner`` over all of them), and the
    identities decide which. A whole number among a line's figures (``6941``) is a figure whose point was lost
    — its repairs are what it can mean; left out, its row would read blank and the identities place the rest
    wrong (czj draw C, rows rebuilt, heavy). None when the text is not laid out so (most lines' names and 类
    boxes do not pair): the generic stream reading then reads it."""
    toks = _tokens(doc.text.clean, t)
    if _keeps_columns(doc.text.clean, toks):
        return None  # (columns kept as runs of spaces: they tell the groups apart, the generic reading's way)
    decimal = _table_decimal(doc.text.clean, t, toks)
    alone = _one_per_line(doc.text.clean, toks)
    found = side_by_side.lines(toks, lambda i: toks[i].amount(decimal), spec.totals, alone)
    if found is None or 2 * sum(1 for ln in found if ln.problem) > len(found):
        return None
    col = spec.columns[0].key
    seen: set[str] = set()
    for ln in found:  # a code named on two lines: the later line is misread
        codes = {code for code, _ in ln.names.values()}
        if not ln.problem and codes & seen:
            ln.problem = f"names {', '.join(sorted(codes & seen))}, printed on a line above too"
        seen |= codes
    units: list[Unit] = []
    blocks = _line_blocks(found)
    for block in blocks:
        figures = list(dict.fromkeys(i for ln in block for i in (*ln.shared, *ln.figures)))
        rows = [(code, at) for ln in block for _, (code, at) in sorted(ln.names.items())]
        problem = next((ln.problem for ln in block if ln.problem), "")
        if not problem and len(figures) > len(rows):
            problem = f"{len(figures)} figures for {len(rows)} rows"
        if problem:
            units.extend(_unpaired(doc, t, toks, block, figures, problem, notes, len(units)))
            continue
        nums = [_tok_num(toks[i]) for i in figures]
        for n in nums:
            n.floating = len(rows) > 1
            n.optional = False  # (a figure box of the line: a whole number here lost its point, never no amount)
        for code, at in rows:
            x = toks[at]
            label = None if x.number else strip_label(x.text) if code.isdigit() else code  # (a 款 box: no name)
            unit = Unit(code, list(nums), [(code, col)], x.start, x.end, label=label)
            unit.ahead, unit.inner = (len(nums), True) if len(rows) > 1 else (0, False)
            units.append(unit)
    return units


def _line_blocks(found: list[side_by_side.Line]) -> list[list[side_by_side.Line]]:
    """Printed lines grouped where they share figures: the totals with the line above when figures printed
    between their names may be either's."""
    blocks: list[list[side_by_side.Line]] = []
    for ln in found:
        if ln.shared and blocks:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    return blocks


def _unpaired(
    doc: Document,
    t: Table,
    toks: list[_Tok],
    block: list[side_by_side.Line],
    figures: list[int],
    problem: str,
    notes: list[Unread],
    at: int,
) -> list[Unit]:
    """A printed line whose names and 类 boxes do not pair: its figures are unread (with why), and each of its
    groups is a row of an unknown code of its class — the class's identities are open (``_holed``)."""
    first = toks[block[0].first]
    reason = f"{_UNPAIRED}: {problem}"
    notes.extend(
        _note(doc, f"{t.kind} line at {first.text!r}", reason, toks[i].start, toks[i].end, toks[i].text)
        for i in figures
    )
    book = codebook("economic")
    units: list[Unit] = []
    for ln in block:
        for cls in ln.classes.values():
            codes = "|".join(c for c in book.entries if c.startswith(cls) and len(c) == 5)
            key = f"{_UNREADABLE}{at + len(units)}:{codes}"
            units.append(Unit(key=key, nums=[], slots=[], start=first.start, end=toks[ln.last].end))
    return units


_UNPAIRED = "its line's names and 类 codes do not pair (table 06's groups side by side), so no row of it is known"


def _printed_totals(spec: TableSpec, units: list[Unit]) -> list[Equation]:
    """A total the template sums over classes the table does not all print (公用经费合计 = 302 + 307 + … + 399),
    stated over the classes it prints — where every printed line was read (no row of unknown code), a class not
    printed is none of the table's."""
    keys = {u.key for u in units}
    if any(_unreadable(k) for k in keys):
        return []
    out: list[Equation] = []
    for ident in spec.identities:
        if ident.lhs is None or ident.lhs.row not in keys:
            continue
        terms = [(x.sign, (x.row, x.col)) for x in ident.terms if x.row in keys]
        if terms and len(terms) < len(ident.terms):
            out.append(Equation((ident.lhs.row, ident.lhs.col), tuple(terms), f"{ident.text} (the classes printed)"))
    return out


def _header_in_total(clean: str, rows: list[_Row]) -> str:
    """A column name wrapped over two boxes (``本年收入`` / ``合计``), printed as boxes after the other names, puts
    a ``合计`` among the header's words; where the 合计 row's own label was lost, that word starts the 合计 row,
    and the header's words after it (``上缴收入``, ``科目编码``, ``栏次`` …) read as its label. Those words — from
    the 合计 to the row's first figure — are the header's too: without them the header names one column less
    than the table prints (the 栏次 ``1 … 7`` under six names)."""
    first = next((r for r in rows if r.nums), None)
    if first is None or first.key != "合计" or not _NAME_COLUMN_WORDS.search("".join(first.label[1:])):
        return ""
    if not any(x.decimal for x in first.nums):
        return ""  # (a blank table's 栏次 numbers the OCR left unmatched: ``1 忆 3``)
    return clean[first.at : first.nums[0].start]


def _header_totals(rows: list[_Row], totals: tuple[str, ...]) -> None:
    """Totals print after the codes; a total's name before every code is a header word (人员经费 | 公用经费
    over the two halves) even when figures follow it — a skewed scan's rows rebuilt by position print the first
    code's figure on the line above its code (``667.54 302 商品和服务支出`` / ``301 工资福利支出``). Such a row
    is dropped, its figures printed above the first row the way a vertically centred first row prints them."""
    while len(rows) > 1 and rows[0].key in totals:
        head = rows.pop(0)
        rows[0].nums = [*head.nums, *rows[0].nums]
        rows[0].start = min(rows[0].start, *(x.start for x in head.nums)) if head.nums else rows[0].start


def _line_groups(clean: str, r: _Row) -> tuple[int, ...]:
    """A row's figures printed on two lines (rows rebuilt from a skewed scan, or a converter's rows of a table
    whose name cells wrap: ``行政运行 1,503.52`` / ``201 06 01 1,511.89 8.37``, ``合计 2,336.91 603.14`` /
    ``2,940.05``): how many on each, in the order read; () when they are on one line, or on more than two, or
    the text keeps its columns as runs of spaces (their order is then known). Each line's figures keep their
    order, but which columns the two lines' figures interleave in is not printed."""
    return _line_runs(clean, r.nums, r.start, r.end)


def _line_runs(clean: str, nums: list[_Tok], start: int | None = None, end: int | None = None) -> tuple[int, ...]:
    """How many of ``nums`` print on each of two lines, in the order read (``_line_groups``); () when they
    print on one line or on more than two, or the text between ``start`` and ``end`` keeps its columns as runs
    of spaces."""
    if _LAYOUT_GAP.search(clean, nums[0].start if start is None else start, nums[-1].end if end is None else end):
        return ()  # (rows of a layout: ``_float_numbers`` ordered them by column)
    runs = [len(list(g)) for _, g in itertools.groupby(clean.count("\n", 0, x.start) for x in nums)]
    return tuple(runs) if len(runs) == 2 else ()


def _codes_below_names(clean: str, toks: list[_Tok], prefix: str, kind: str) -> list[_Tok]:
    """Rows an OCR tool rebuilt from a skewed scan's boxes may print a row's code on the line below its name and
    figures (``科学技术支出 538.43 398.98 139.45`` / ``206``, or a wrapped name: ``社会保障和就 754.75 …`` / ``208
    业支出``): the code box sits lower than the boxes right of it, so it fell into the next line's row. Such a code
    is moved back to the head of the line above — where a row starts — when that line opens with the code's
    official name (or its first part, the code's own line printing the rest), unless the line below opens with
    the code's name too. A parent and its child may share a name (``20899`` and ``2089999`` 其他社会保障和就业
    支出): one rotation skews the page, so such a code goes up with the table's other codes that went up — unless
    a code of the table sits above its own name instead. For the same reason (and with the same proviso), where both
    lines print figures (``机关事业单位 446.11 0.00`` / ``2080505 基本养老保险 446.11``: the name wraps, the row is
    taller), the figures of the code's line are the row's first columns — the left boxes sit lower — and they
    go up with the code, ahead of the others. A code of a 项 the dictionary lacks is the one 项 of its 款 whose
    official name the line above opens with (``住房公积金 187.19 187.19`` / ``221 02 10``: 2210201 — czj's tables 03
    and 05, rows rebuilt, draws J and BH), read by that name once up beside it."""
    if _keeps_columns(clean, toks):
        return toks  # (a layout's lines were already put together by column: ``_float_numbers``)
    lines = _printed_lines(clean, toks)
    up: dict[int, int] = {}  # line of a code printed below its name → parts of the code
    tied: dict[int, int] = {}  # … where the line below opens with the code's name too
    split: dict[int, int] = {}  # … where both lines print figures
    head: dict[int, list[int]] = {}  # … → the tokens from its name's line to it
    down = 0  # codes alone on their line, their name opening the line below (the other way round)
    for k in range(1, len(lines)):
        code, parts = _line_code(toks, lines[k], prefix)
        name = _official_name(kind, code)
        if name is None and len(code) == 7:  # (``住房公积金 187.19 187.19`` / ``221 02 10``: 2210201, its 项 misread)
            name = _one_named_under(kind, code[:5], 7, _leading_words(toks, lines[k - 1]))
        after = lines[k][parts - 1] + 1 if parts else 0
        if name is None or (after < len(toks) and _code_part(toks[after])):
            continue  # (a code printed on to the next line: ``201`` / ``06`` / ``财政事务``)
        j = k - 1  # the name's line, above lines of figures only (one box per line)
        while j > 0 and all(toks[i].number and toks[i].decimal for i in lines[j]):
            j -= 1
        above = [i for line in lines[j:k] for i in line]
        below, rest = lines[k + 1] if k + 1 < len(lines) else [], lines[k][parts:]
        own, first, nxt = (_leading_words(toks, x) for x in (rest, lines[j], below))
        if own and _alike(own, name):
            continue  # the code printed beside its own name: a row of its own line
        named_below = not own and not rest and len(nxt) >= MIN_PREFIX and same_name(nxt, name)
        if len(first) < MIN_PREFIX or not (_alike(first, name) or (own and _alike(first + own, name))):
            down += named_below
            continue
        if _named_by(toks, lines, j - 1, prefix, kind, first) and j - 1 not in head:
            continue  # the name's own code printed right above it (``2080501`` / ``行政单位离退休`` / … / ``2080502``)
        figures = any(toks[i].number for i in above) and any(toks[i].number for i in rest)
        other = any(_line_code(toks, [i], prefix)[0] for i in rest) or (own and not same_name(first + own, name))
        if figures and other:
            continue  # the line also prints another group's code or name (table 06's groups side by side)
        (split if figures else tied if named_below else up)[k] = parts
        head[k] = above
    if not up:
        return toks
    moves = {head[k][0]: lines[k][:parts] for k, parts in up.items()}  # a name line's first token → code
    if not down:  # the table's direction, told by the codes that went up on their own evidence
        moves.update({head[k][0]: lines[k][:parts] for k, parts in tied.items()})
        for k, parts in split.items():  # the code ahead of the name, its line's figures ahead of the name's
            moves[head[k][0]] = lines[k][:parts]
            moves[next(i for i in head[k] if toks[i].number)] = [i for i in lines[k][parts:] if toks[i].number]
    moved = {i for idx in moves.values() for i in idx}
    out: list[_Tok] = []
    for i, x in enumerate(toks):
        out.extend(toks[j] for j in moves.get(i, []))
        if i not in moved:
            out.append(x)
    return out


def _printed_lines(clean: str, toks: list[_Tok]) -> list[list[int]]:
    """Token indices per printed line, in reading order."""
    lines: list[list[int]] = []
    last = -1
    for i, x in enumerate(toks):
        at = clean.rfind("\n", 0, x.start)
        if at != last or not lines:
            lines.append([])
            last = at
        lines[-1].append(i)
    return lines


def _class_above_its_row(clean: str, toks: list[_Tok], prefix: str, kind: str, skewed: bool = False) -> list[_Tok]:
    """Rows an OCR tool rebuilt from a skewed scan's boxes may print a row's 类 box on the line above the rest of
    its code, beside the figures of the row above: ``208 05 行政事业单位养老支出`` / ``208 326.72 326.72`` / ``05 01
    行政单位离退休`` / ``208 84.65 84.65`` (czj's tables 03 and 05 on RapidOCR's heavy scan of draw AZ, rows
    rebuilt: 326.72 is 20805's, 84.65 2080501's) — the 类 column's boxes sit higher than those right of them.
    Two digits opening a line are no code alone: where the 类 box on the line above, with figures only beside
    it, makes them a code of the classification (``208`` + ``05 01``), the box is moved to them, and the figures
    stand on a line of their own between two rows' names — either row's, as the identities say (``_floating``).
    Only where two such rows at least show the page so skewed (one box is no evidence of a page's rotation); then
    a class's own row so printed (``221 60.99 60.99`` / ``住房保障支出 445.69``) too, where the line below opens
    with the class's name and prints figures of its own (a name wrapped below its row prints none). A row whose
    line below prints figures besides its name is left as printed (``201 1,511.89 0.01`` / ``06 10 行政运行
    1,511.90``: czj's table 02 on the same page, its right columns a line up — one row over its two lines).

    ``skewed``: for the readings that let each figure float among the rows printed near it (``_lagged_column``,
    ``_boxed_code``), where a figure on the 类 box's line is the row above's or the row below's as the identities
    say: the box moves whatever the line below prints, with its 款 box too (``201 06 2,106.66`` / ``01 行政运行
    1,511.90 6.20``, czj's table 02 on RapidOCR's heavy scan of draw BE, rows rebuilt: 5 → 45 of 45), and a code
    the parts make that the dictionary lacks is the one 项 under them of the printed name (``208 326.72 326.72``
    / ``05 10 行政单位离退休``: 2080501)."""
    if _keeps_columns(clean, toks):
        return toks
    lines, book = _printed_lines(clean, toks), codebook(kind)
    moves: dict[int, list[int]] = {}  # the first token of a line → the 类 box (and parts) moved ahead of it
    classes: dict[int, list[int]] = {}  # … a 类's own row's box
    for k in range(len(lines) - 1):
        line, below = lines[k], lines[k + 1]
        box = toks[line[0]]
        if not (box.number and not box.decimal and len(box.text) == 3 and box.text.startswith(prefix)):
            continue
        head = [line[0], *itertools.takewhile(lambda i: _part_digits(toks[i]), line[1:2] if skewed else [])]
        if (
            box.text not in book.entries
            or len(line) <= len(head)
            or not all(toks[i].decimal for i in line[len(head) :])
        ):
            continue
        parts = list(itertools.takewhile(lambda i: _part_digits(toks[i]), below[: 3 - len(head)]))
        code = "".join(toks[i].text for i in [*head, *parts])
        rest = below[len(parts) :]
        words = _leading_words(toks, rest)
        name = _official_name(kind, code) if parts else None
        if skewed and parts and not (name is not None and _alike(words, name)):
            under = code[: -len(toks[parts[-1]].text)]  # (``208`` / ``05 10 行政单位离退休``: 2080501 by its name)
            name = _one_named_under(kind, under, len(code), words)
        if name is not None and _alike(words, name) and (skewed or not any(toks[i].number for i in rest)):
            moves[below[0]] = head  # (its name printed, its figures not: ``05 01 行政单位离退休``)
        elif not parts and len(head) == 1 and any(toks[i].decimal for i in rest):
            name = _official_name(kind, box.text)
            if name is not None and _alike(_leading_words(toks, below), name):
                classes[below[0]] = head
    if len(moves) < 2:
        return toks
    moves.update(classes)  # (the page's 类 boxes a line up, told by its 款 and 项 rows: its 类 rows' too)
    moved = {i for head in moves.values() for i in head}
    out: list[_Tok] = []
    for i, x in enumerate(toks):
        if i in moves:
            out.extend(toks[j] for j in moves[i])
        if i not in moved:
            out.append(x)
    return out


def _named_by(toks: list[_Tok], lines: list[list[int]], k: int, prefix: str, kind: str, printed: str) -> bool:
    """Whether line ``k`` prints only a code whose official name ``printed`` is."""
    code, parts = _line_code(toks, lines[k], prefix) if k >= 0 else ("", 0)
    name = _official_name(kind, code)
    return name is not None and parts == len(lines[k]) and _alike(printed, name)


def _one_named_under(kind: str, under: str, length: int, printed: str) -> str | None:
    """The official name of the one code of ``length`` digits under ``under`` whose name is the ``printed`` one."""
    if not printed:
        return None
    names = {e.name for c, e in codebook(kind).entries.items() if len(c) == length and c.startswith(under)}
    named = [n for n in names if same_name(printed, n)] or [n for n in names if _alike(printed, n)]
    return named[0] if len(named) == 1 else None


def _official_name(kind: str, code: str) -> str | None:
    """A code's official name; for a 项 the dictionary lacks, the name every 项 of the dictionary ending in the
    same two digits has (``2200150``: 事业运行, as every ``…50``), when they all have one."""
    entry = codebook(kind).get(code) if code else None
    if entry is not None or len(code) != 7:
        return entry.name if entry is not None else None
    return _suffix_names(kind).get(code[-2:])


@cache
def _suffix_names(kind: str) -> dict[str, str]:
    """Two last digits of a 项 → the one name every 项 of the dictionary ``kind`` ending in them has."""
    names: dict[str, set[str]] = {}
    for code, e in codebook(kind).entries.items():
        if len(code) == 7:
            names.setdefault(code[-2:], set()).add(e.name)
    return {suffix: next(iter(n)) for suffix, n in names.items() if len(n) == 1}


def _alike(printed: str, official: str) -> bool:
    """Whether a printed name is an official name as reports print it (``codes.same_name``: whole, without 支出,
    or its first part), or as a report's variant or OCR leaves it — within a character per three of the official
    name and as long but for two (``技术与开发`` for 技术研究与开发)."""
    near = abs(len(printed) - len(official)) <= 2 and edits(printed, official) <= max(1, len(official) // 3)
    return near or same_name(printed, official)


def _line_code(toks: list[_Tok], line: list[int], prefix: str) -> tuple[str, int]:
    """The row code a line opens with (``2010601``, or split ``201 06 01``) and how many tokens it takes; ("", 0)
    when the line opens with no code."""
    first = toks[line[0]]
    if not first.number or first.decimal or not first.text.startswith(prefix) or len(first.text) not in (3, 5, 7):
        return "", 0
    code, used = first.text, 1
    while len(code) < 7 and used < len(line):
        if not _code_part(toks[line[used]]):
            break
        part = toks[line[used]]
        code += part.text
        used += 1
    return code, used


def _code_part(x: _Tok) -> bool:
    """Two digits that continue a code split over its 类 | 款 | 项 cells."""
    return x.number and not x.decimal and len(x.text) == 2 and x.text.isdigit()


def _leading_words(toks: list[_Tok], line: list[int]) -> str:
    """The words a line opens with, up to its first number, joined."""
    words = list(itertools.takewhile(lambda i: not toks[i].number, line))
    return strip_label("".join(toks[i].text for i in words))


def _floating(
    clean: str, rows: list[_Row], num_of: dict[int, Num], alone: bool, lines: bool = False, first: bool = False
) -> dict[int, list[Num]]:
    """Text that prints each figure on a line of its own (an OCR engine's boxes, one per line): on a skewed
    scan a row's figure boxes sit a little higher or lower than its code's, so the engine prints them after
    the row's labels or before them, row by row. Each figure alone on its line between two rows' labels is
    marked floating — the row above's or the row below's, as the identities decide — and the figures after
    row k's labels are also offered to row k+1, printed ahead of it: row id → those figures (``alone``: the
    table's text is of that kind). In rows rebuilt by position, a figure opening the line of another group's
    code (``_leads_a_code``) floats the same way between its row above and the row below in that row's group
    (``_next_in_group``)."""
    out: dict[int, list[Num]] = {}
    for r, nxt in itertools.pairwise(rows):
        if not (alone or lines) or _unreadable(r.key) or _unreadable(nxt.key):
            continue
        tail: list[_Tok] = []
        for x in reversed(r.nums):
            if x.start < r.at and not (alone and _after_own_name(clean, r, x)):
                break
            if not (_alone(clean, x) if alone else _on_figure_line(clean, x, r.at)):
                break
            tail.insert(0, x)
        for x in tail:
            num_of[id(x)].floating = True
        out[id(nxt)] = [num_of[id(x)] for x in tail]
    for k, r in enumerate(rows[:-1]):
        last = r.nums[-1] if r.nums else None
        if last is None or not last.decimal or last.start < r.at or num_of[id(last)].floating:
            continue
        if not _leads_a_code(clean, last, rows[k + 1].at):
            continue
        below = _next_in_group(clean, rows, k)
        if below is None:
            continue
        num_of[id(last)].floating = True
        out[id(below)] = sorted([*out.get(id(below), []), num_of[id(last)]], key=lambda n: n.start)
    if first and not (lines or alone):
        _above_first_group(clean, rows, num_of, out)
    return out


def _after_own_name(clean: str, r: _Row, x: _Tok) -> bool:
    """Whether figure ``x``, printed ahead of its row's code, follows the row's name printed ahead of it too
    (``一般公共服务支出`` / ``6.20`` / ``201`` / ``2,112.86``, czj's 收入决算表 on RapidOCR's heavy scan of draw AE,
    6.20 being 20106's): on a page turned so its right side is higher, a row's name box sits above its code's, and
    the row below's right-most figure box may sit between them — the figure is the row's or the row below's."""
    return bool(_LABEL_WORD.search(clean, r.start, x.start)) and not _LABEL_WORD.search(clean, x.end, r.at)


def _above_first_group(clean: str, rows: list[_Row], num_of: dict[int, Num], out: dict[int, list[Num]]) -> None:
    """The first figure of table 06 in rows rebuilt by position may open the line of the second group's first
    code, no row of the first group printed above it (``667.54 302 商品和服务支出 105.62`` / ``301 工资福利支出``:
    draw G, seed 002; 667.54 is 301's): it is no figure of the row whose line it opens, and no row above may own
    it — it is the first group's first row's, below it (``_floating`` then lets the figures that follow float
    between that group's rows, as the identities decide). Left to the floating reading: it is given to that row
    alone, marked floating (placed only where the identities agree)."""
    k = next((k for k, r in enumerate(rows) if r.nums), None)
    if k is None or _unreadable(rows[k].key) or _line_start(clean, rows[k].at):
        return
    r, x = rows[k], rows[k].nums[0]
    if x.start >= r.at or not x.decimal or not _leads_a_code(clean, x, r.at) or num_of[id(x)].floating:
        return
    below = next((n for n in rows[k + 1 :] if n.label and _line_start(clean, n.at) and n.key.isdigit()), None)
    if below is None or below.key[:3] == r.key[:3] or any(_unreadable(n.key) for n in rows[k + 1 : rows.index(below)]):
        return
    r.nums.remove(x)
    num_of[id(x)].floating = True
    out[id(below)] = sorted([*out.get(id(below), []), num_of[id(x)]], key=lambda n: n.start)


def _on_figure_line(clean: str, x: _Tok, at: int) -> bool:
    """Whether figure ``x`` is printed on a line of figures only, below the line of its row's key at ``at``: in
    rows rebuilt by position from a skewed scan, a row's figures whose boxes sit higher than its code's by more
    than the line's tolerance make a line of their own above it (``2,106.66 1,503.52 603.14`` / ``201
    一般公共服务支出``: czj draws B and D; ``4416.67 2339.58 2077.09`` / ``2200150 事业运行``: ghzy draw D) —
    the row above's, printed after its label, or the row below's, printed ahead of it."""
    start = clean.rfind("\n", 0, x.start) + 1
    end = clean.find("\n", x.end)
    line = clean[start : end if end >= 0 else len(clean)].split()
    return at < start and len(line) >= 1 and all(_FIGURE.fullmatch(w) for w in line)


_FIGURE = re.compile(r"-?[\d,]*\d[.,]\d{2}")  # (``19,21``: a point read as a comma)


def _figure_lines(clean: str, toks: list[_Tok], split: bool = False) -> bool:
    """Whether the table's text prints lines of two figures or more and nothing else (rows rebuilt by position
    from a skewed scan: ``_on_figure_line``); with ``split``, only such a line under a line that ends in a
    figure — a row's figures split over two lines, not a name a converter wrapped before its figures
    (``机关事业单位基本养老保`` / ``险缴费支出`` / ``446.11 446.11 0.00``)."""
    lines: dict[int, list[str]] = {}
    for x in toks:
        lines.setdefault(clean.rfind("\n", 0, x.start), []).append(x.text)
    words = list(lines.values())
    return any(
        len(w) >= 2
        and all(_FIGURE.fullmatch(t) for t in w)
        and (not split or (k > 0 and _FIGURE.fullmatch(words[k - 1][-1])))
        for k, w in enumerate(words)
    )


def _total_by_place(clean: str, toks: list[_Tok], i: int, seen: list[str], prefix: str) -> bool:
    """A code table's 合计 row whose label the OCR garbled beyond a character (``侣二``, ``全让``): a word of one or
    two characters opening its line, followed on that line by figures only, printed above the first code row or
    below the last — where the template puts 合计 — in a table that prints no 合计 label. Its figures are then
    the 合计's, which the identity 合计 = Σ 类 confirms or leaves unread."""
    label = strip_label(toks[i].text)
    levels = _after_level_words(clean, toks[i].start)  # (there, three characters: ``款 项 上A守 2 940.05 …``, draw AP)
    opens = _line_start(clean, toks[i].start) or levels
    if label in _LEVEL_WORDS:
        return False  # (a code column's sub-header, the 合计 row's upper half: ``项 2,940.05 6.20`` / ``类 款 合计 …``)
    if not 1 <= len(label) <= (3 if levels else 2) or not opens or (seen and label in _name_tails()):
        return False  # (the tail of a name wrapped onto the line of its figures: ``财政委托业务`` / ``支出 449.52`` —
        # below a row only: above the first, ``全|`` is no name's tail, ghzy's 合计 in table 03, tesseract, draw AZ)
    if not _figures_on_line(clean, toks, i):
        return False
    if any(_figures_on_line(clean, toks, k) for k, x in enumerate(toks) if _TOTAL_ROW.fullmatch(strip_label(x.text))):
        return False  # (a 合计 printed as such, with figures: not a column header's)
    below = any(
        x.number and _line_start(clean, x.start) and _code_at(toks, k, prefix) for k, x in enumerate(toks) if k > i
    )
    return not seen or not below


def _total_last(rows: list[_Row], k: int) -> bool:
    """Whether row ``k`` is a 合计 printed last, after the row above's figures: a skewed scan's boxes may print
    its figures ahead of its label (``258.50`` / ``221 02 03 购房补贴`` / ``2,940.05`` … / ``合计``: czj table 04,
    draw U), so the floating reading offers it those."""
    return k == len(rows) - 1 and k > 0 and rows[k].key == "合计" and bool(rows[k - 1].nums)


def _header_total(toks: list[_Tok], i: int, spec: TableSpec) -> bool:
    """Whether the 合计 at ``i`` is the column header's word, not the total row: other columns' header words
    follow it before any figure, and a 合计 is printed again further on — czj's table 04 on RapidOCR's heavy scan
    of draw U lists the header skewed as ``合计`` / ``基本支出`` / ``项目支出`` / ``科目名称``, its 合计 row last."""
    after = list(itertools.takewhile(lambda x: not x.number, toks[i + 1 :]))
    words = [strip_label(x.text) for x in after]
    if not any(w and not _TOTAL_ROW.fullmatch(w) and any(c.matches(w) for c in spec.columns) for w in words):
        return False
    return any(_TOTAL_ROW.fullmatch(strip_label(x.text)) for x in toks[i + 1 + len(after) :])


def _after_level_words(clean: str, at: int) -> bool:
    """Whether only the code columns' sub-headers (``类 款 项``, which the 合计 row prints: ``_LEVEL_WORDS``) stand
    before ``at`` on its line: ``款 项 和 2 940.05 2.336.91 603.14`` (czj's table 03, tesseract, draw Q)."""
    before = [strip_label(w) for w in _line_before(clean, at).split()]
    levels = sum(w in _LEVEL_WORDS for w in before)
    # (one of them garbled to another character: ``关 款 项 A计 2 940.05 …``, 类 read as 关 — czj's table 03, draw AT)
    return bool(before) and all(w in _LEVEL_WORDS or (len(w) <= 1 and levels >= 2) for w in before)


@cache
def _name_tails() -> frozenset[str]:
    """The last one and two characters of every official name (and the names themselves that short): what a
    name wrapped over two lines leaves on the second."""
    names = [e.name for kind in ("function", "economic") for e in codebook(kind).entries.values()]
    return frozenset(n[-k:] for n in names for k in (1, 2) if n)


def _figures_on_line(clean: str, toks: list[_Tok], i: int) -> bool:
    """Whether token ``i`` is followed on its line by two figures or more, and nothing else."""
    end = clean.find("\n", toks[i].end)
    end = len(clean) if end < 0 else end
    line = [x for x in toks[i + 1 :] if x.start < end]
    return len(line) >= 2 and all(x.decimal for x in line)


def _line_before(clean: str, at: int) -> str:
    """The text of ``at``'s line before it."""
    return clean[clean.rfind("\n", 0, at) + 1 : at]


def _line_after(clean: str, at: int) -> str:
    """The text of ``at``'s line from it on."""
    end = clean.find("\n", at)
    return clean[at : end if end >= 0 else len(clean)]


def _line_start(clean: str, at: int) -> bool:
    """Whether only spaces stand before ``at`` on its line."""
    return not _line_before(clean, at).strip()


def _figure_leads_code(clean: str, toks: list[_Tok]) -> bool:
    """Whether a figure opens the line of a code (``47.08 30202 印刷费``, ``_leads_a_code``): rows an OCR tool
    rebuilt by position from a skewed scan's boxes."""
    return any(
        x.decimal and y.number and _CODE_SHAPED.fullmatch(y.text) and _leads_a_code(clean, x, y.start)
        for x, y in itertools.pairwise(toks)
    )


def _leads_a_code(clean: str, x: _Tok, at: int) -> bool:
    """Whether figure ``x`` opens its line and a code printed at ``at`` follows it there (``47.08 30202 印刷费``):
    in rows an OCR tool rebuilt from a skewed scan's boxes, a figure of the first code | name | amount group
    that slid onto the line of the other groups' row. Under split 类 | 款 | 项 columns the figure's row may
    bring its 款 along (``02 69.10 302 17 公务接待费`` over ``303 退休费``): two digits before it are no bar."""
    gap = clean[x.end : at]
    head = _line_before(clean, x.start).split()
    return (not head or (len(head) == 1 and _SPLIT_PART.fullmatch(head[0]) is not None)) and (
        "\n" not in gap and not gap.strip()
    )


_SPLIT_PART = re.compile(r"\d{2}")


def _next_in_group(clean: str, rows: list[_Row], k: int) -> _Row | None:
    """In a table printed in several code | name | amount groups side by side, the row below row ``k`` in its
    group: the next row whose code opens its line when row ``k``'s does (the first group), else the next row
    of its class (``30201`` after ``302``). None when an unreadable row stands between."""
    r = rows[k]
    first = _line_start(clean, r.at)
    for nxt in rows[k + 1 :]:
        if _unreadable(nxt.key):
            return None
        if nxt.label and (_line_start(clean, nxt.at) if first else nxt.key[:3] == r.key[:3] and nxt.key.isdigit()):
            return nxt
    return None


def _one_per_line(clean: str, toks: list[_Tok]) -> bool:
    """Whether a table's text prints (nearly) every word and figure on a line of its own: an OCR engine's boxes."""
    return _spans_one_per_line(clean, tuple((x.start, x.end) for x in toks))


@lru_cache(maxsize=64)
def _spans_one_per_line(clean: str, spans: tuple[tuple[int, int], ...]) -> bool:
    """``_one_per_line`` of the tokens at ``spans``, computed once: a table's reading asks it of the same tokens
    a dozen times (each skew reading, each re-read with anchors) and looks at every token's line each time.
    Keyed by the text and the tokens' offsets, all it depends on; 64 entries: the last few reports' tables."""
    return bool(spans) and sum(_alone_at(clean, a, b) for a, b in spans) >= 0.8 * len(spans)


def _alone(clean: str, tok: _Tok) -> bool:
    """Whether a figure is printed on a line of its own (no other word or figure beside it)."""
    return _alone_at(clean, tok.start, tok.end)


def _alone_at(clean: str, start: int, end: int) -> bool:
    """``_alone`` for the text ``clean[start:end]``."""
    first = clean.rfind("\n", 0, start) + 1
    last = clean.find("\n", end)
    return not clean[first:start].strip() and not clean[end : last if last >= 0 else len(clean)].strip()


_UNREADABLE = "?"


def _unreadable(key: str) -> bool:
    """A row whose code is unreadable (``?``, or ``?30108|30109``: one of those codes, by its printed name)."""
    return key.startswith(_UNREADABLE)


#: what OCR glues to digits it could not read as a figure: ruling-line junk, letters (``:33``, ``Ti7``)
_GLUE = re.compile(r"[^\s\d\u4e00-\u9fff（）()]")
#: digits on both sides of one character: a figure with a digit misread as a character (``1 7于07`` for 171.07)
_SANDWICH = re.compile(r"\d\S\d")


def _damaged_print(clean: str, r: _Row) -> list[_Tok]:
    """Digits among a row's figures of a table that prints decimals, read as no amount: glued to junk or letters
    (``:33`` for 11.33, ``Ti7`` for 1.17), one character away from more digits (``7于07``), or a whole number of
    three or more digits that is no code and no year (``860`` for 0.98), or one digit ending the row's line after
    a word (``培训费 1``: ``_head_left``). A figure printed there that the OCR damaged beyond reading — evidence
    that a cell of the row is unknown, not blank. (Two digits standing alone are code parts, 行次 or page
    numbers: no evidence.)"""
    return [
        x
        for x in r.stray
        if (x.start > 0 and _GLUE.match(clean[x.start - 1]))
        or (x.end < len(clean) and _GLUE.match(clean[x.end]))
        or _SANDWICH.match(clean, x.end - 1)
        or (x.start >= 2 and _SANDWICH.match(clean, x.start - 2))
        or (len(x.text) >= 3 and not _CODE_SHAPED.fullmatch(x.text))
        or _head_left(clean, r, x)
    ]


#: a figure's cents behind its point, its whole digits lost (``.64`` for 236.64): space or a line start before it
_STUB = re.compile(rf"(?:^|(?<=\s)){WHOLE_LOST.pattern}(?=\s|$)", re.M)


def _stub(clean: str, x: _Tok, printed: set[int]) -> Num | None:
    """Digits among a row's figures that are the cents of a figure whose whole digits the OCR lost — a point and
    two digits standing apart (``210 卫生健康支出 .64 236.64 .00``: 236.64, tesseract, ghzy's table 05 on light
    scans of draws AO, AT and AX, where a band of the page lost the first column's whole digits; ``.88`` for 0.88)
    — read as each figure the table prints with those cents, every reading a repair an identity must confirm
    (``optional``: no amount at all where none is). None where no figure of the table has those cents (it stays
    beyond reading)."""
    m = _stub_print(clean, x.start, x.end)
    if m is None or m.group(1) == "00":
        return None
    cents = int(m.group(1))
    values = sorted(c for c in printed if c > 0 and c % 100 == cents)
    if not values:
        return None
    readings = tuple(Reading(c, True) for c in values)
    return Num(m.start(), m.end(), m.group(), values[0], readings, optional=True)


def _head_left(clean: str, r: _Row, x: _Tok) -> bool:
    """Whether digit ``x`` is all tesseract kept of row ``r``'s last figure: one digit ending the row's own line
    right after a word (``30216 培训费 1`` for 1.21; on a heavy scan ``302 商品和服务支出 1`` for 171.07,
    ``30240 税金及附夫费用 亿 0`` for 0.00). Not a ruling line between a code and what follows it
    (``208 1 754.75``): nothing follows it on its line."""
    line_end = clean.find("\n", x.end)
    before = _line_before(clean, x.start).split()
    return (
        len(x.text) == 1
        and "\n" not in clean[r.at : x.start]
        and not clean[x.end : line_end if line_end >= 0 else len(clean)].strip()
        and bool(before)
        and not any(ch.isdigit() for ch in before[-1])
    )


def _code_in_order(x: _Tok, rows: list[_Row], kind: str) -> bool:
    """Whether digits among a row's figures are a code of the table's classification in code order among the
    rows of its class printed around them (``30113 住房公积金 32.55 | ”30212 。`` between rows 30211 and 30213):
    a row code whose name the OCR lost, not a figure damaged beyond reading."""
    if x.text not in codebook(kind):
        return False
    group = [r for r in rows if r.key.isdigit() and len(r.key) == len(x.text) and r.key[:3] == x.text[:3]]
    before = [r.key for r in group if r.start < x.start]
    after = [r.key for r in group if r.start > x.start]
    return bool(before and after) and before[-1] < x.text < after[0]


_BEYOND_READING = "a figure printed damaged beyond reading"

#: digits that may stand alone among a code table's figures: codes, their two-digit parts, years
_CODE_SHAPED = re.compile(r"[23]\d{2}(?:\d{2}){0,2}|(?:19|20)\d{2}")


def _nameless_before_code(toks: list[_Tok], i: int, prefix: str, seen: list[str], kind: str) -> bool:
    """Whether token ``i``, a code followed at once by another row's code (which ``_code_at`` takes for a run of
    栏次), is a row whose name the OCR lost: a code the dictionary knows, not printed yet, that fits the codes
    above and stands in code order between the last code read and the next one (seed 002's table 03 on draw H's
    heavy scan, RapidOCR: ``2101101`` / ``行政单位医疗`` / ``16.64`` / ``16.64`` / ``2101102`` / ``2101103`` /
    ``公务员医疗补助``: 事业单位医疗 lost, and with it the row, so 21011 = Σ 项 failed and the whole table — 57
    figures — was unread). The sibling of ``_code_in_order`` (a nameless code among a row's figures). A code
    already read from its name printed above it (``行政单位医疗 13.97 13.97`` / ``2101101`` / ``2101102 16.64``:
    the same table in rows rebuilt by position) is not in order after itself and stays that row's. In table 06,
    whose groups print side by side, the next code may be the other group's: the order that counts is then that
    of the code's own class (rows rebuilt, ghzy draw I heavy: ``30306`` / ``30225 专用燃料费 0.00`` / ``救济费``)."""
    code, nxt = toks[i], toks[i + 1] if i + 1 < len(toks) else None
    return (
        nxt is not None
        and all(x.number and not x.decimal and x.text.startswith(prefix) for x in (code, nxt))
        and code.text in codebook(kind)
        and nxt.text in codebook(kind)
        and code.text not in seen
        and bool(seen)
        and (seen[-1] < code.text < nxt.text or _after_own_class(code.text, nxt.text, seen, kind))
        and _fits(code.text, seen)
    )


def _after_own_class(code: str, nxt: str, seen: list[str], kind: str) -> bool:
    """Whether economic ``code``, followed by ``nxt`` of another class (table 06's other group), comes after the
    codes of its own class read so far — its class printed above it."""
    mine = [c for c in seen if c[:3] == code[:3]]
    return kind == "economic" and nxt[:3] != code[:3] and bool(mine) and max(mine) < code


def _clean_code_next(toks: list[_Tok], i: int, prefix: str, seen: list[str], kind: str) -> bool:
    """Whether token ``i`` (digits that are no code) is followed by a row code that reads cleanly — known,
    beside its own name, fitting the codes above: then the row starts there, not at these digits."""
    hit = _code_at(toks, i + 1, prefix) if i + 1 < len(toks) else None
    return (
        hit is not None
        and hit[0] in codebook(kind)
        and i + 1 + hit[1] < len(toks)
        and not toks[i + 1 + hit[1]].number
        and (_fits(hit[0], seen) or _beside_own_name(hit[0], toks[i + 1 + hit[1]], seen, kind))
        and not _misnamed(hit[0], toks, i + 1 + hit[1], kind)
    )


def _beside_own_name(code: str, word: _Tok, seen: list[str], kind: str) -> bool:
    """A code printed whole beside its own official name, under its 类, not read yet: the row is that code though
    its parent's line was lost (``201 06 02 一般行政管理事务`` with no ``201 06 财政事务`` above — czj's table 03,
    tesseract light, draw AA)."""
    if code in seen or not _class_seen(code, seen):
        return False
    return any(e.code == code for e in named(kind, strip_label(word.text)))


def _foreign_row(toks: list[_Tok], since: int, i: int, prefix: str, seen: list[str], kind: str) -> set[str]:
    """The codes word ``i`` may be the row of, in a table of 经济分类 codes: printed after the label of the row
    read last (its label words start at ``since``), it is the official name of other codes that fit the codes
    above and are not printed yet — a row of another code group whose code the OCR lost (``302 06 电费 |
    职业年金缴费 80.38``: 30109's name and figure), a row of its own, not more of the row above (whose figures
    its figures would be taken for). A name of fewer than four characters counts only printed whole and right
    after the label, before any figure (a tall row: ``机关事业单位基本养老保 | 电费 | 18.86`` / ``30108 446.11
    30206``: 30206's name and figure on the line above its code) — after figures it may be a fragment. Empty
    when it is no such name."""
    label = strip_label(toks[i].text)
    own = codebook(kind).get(seen[-1]) if seen else None
    if kind != "economic" or len(label) < 2 or own is None or label in own.name:
        return set()
    if all(t.number for t in toks[since:i]) or (len(label) < 4 and any(t.number for t in toks[since:i])):
        return set()
    codes = _fitting_named(kind, label, prefix, seen, (3, 5))
    # (a short name only as printed whole, right after the label: ``机关事业单位基本养老保 | 电费 | 18.86``)
    return codes if len(label) >= 4 else {c for c in codes if codebook(kind).entries[c].name == label}


def _class_by_name(clean: str, toks: list[_Tok], i: int, seen: list[str], kind: str) -> str | None:
    """The 类 whose official name word ``i`` prints whole at a line's start, in a table of function codes, where
    its code was lost: a 类 not printed yet that comes after every 类 printed so far (rows print in code order).
    Read as the tail of the row above's label (``财政委托业务支出 449 .52`` / ``社会保障和就业支出 326.72 326.72``:
    czj's table 03, tesseract's light scan of draw AH, its 类 codes lost with a garbled margin), the 类's figures
    were the row above's — and both rows failed. A 类 name is no wrapped tail of another's (``…养老保险缴`` /
    ``费支出``)."""
    tok = toks[i]
    if kind != "function" or not seen or tok.number or not _line_start(clean, tok.start):
        return None
    label = strip_label(tok.text)
    if len(label) < 4:
        return None
    last = max((c for c in seen if len(c) == 3), default="")
    fit = {e.code for e in named(kind, label) if len(e.code) == 3 and e.name == label}
    fit = {c for c in fit if c not in seen and c > last}
    if len(fit) != 1:
        return None
    code = fit.pop()
    after = next((x for x in itertools.islice(toks, i + 1, None) if x.number), None)
    # (a tall row prints its name above its code: ``卫生健康支出`` / ``210  236.64 …`` — the code opens it)
    return None if after is not None and after.text.startswith(code) else code


def _fitting_named(
    kind: str, label: str, prefix: str, seen: list[str], lengths: tuple[int, ...] = (3, 5, 7), unseen: bool = True
) -> set[str]:
    """The codes of ``lengths`` whose official name ``label`` is that fit the codes printed above (``_fits``) —
    and, ``unseen``, are not printed yet: what a row whose code the OCR lost or misread may be."""
    codes = {e.code for e in named(kind, label) if len(e.code) in lengths and e.code.startswith(prefix)}
    return {c for c in codes if _fits(c, seen) and not (unseen and c in seen)}


def _fits(code: str, seen: list[str]) -> bool:
    """A code fits the hierarchy printed so far: a 类, or its parent printed above (or the table prints no row of
    its parent's level, as a table of 项 only)."""
    parent = code[:-2]
    return len(code) == 3 or parent in seen or not any(len(c) == len(parent) for c in seen)


def _under_latest(code: str, seen: list[str]) -> bool:
    """Whether a code's parent is the last code of the parent's level printed so far: rows print in code order,
    so a row after 20605 is none of 20604's."""
    parent = code[:-2]
    return next((c for c in reversed(seen) if len(c) == len(parent)), None) == parent


def _repaired_code(
    toks: list[_Tok], i: int, prefix: str, seen: list[str], kind: str, parents: bool = True
) -> tuple[str, int] | None:
    """A row code OCR damaged, read back with evidence — (code, tokens used) — or None:

    * printed without its leading part(s), as a split code whose 类 column was lost (``06 01`` under 20106):
      the code under the nearest parent printed above that makes it a whole code — unless (``parents`` False) a
      row whose code is unreadable stands between: it may have opened another 类 or 款 (``05 行政事业单位养老支出``
      under a lost 208), so ``05 05`` is not a code under the parent above it; one that code order puts before a
      sibling printed above (``01`` after 30206) is a row whose code is unreadable (``_UNREADABLE``);
    * misread (``206609``, ``20600101``, ``2110201``, ``80103``, ``21``): the one dictionary code whose official
      name is the row's printed name, a few digits away from what was printed (two, three for a 项), and that
      fits the codes above — tried first, the name being the stronger evidence; of several such (机构运行 names a
      项 under each of 20602 … 20607), the one under the last parent printed;
    * turned upside down (``6666802`` for 2089999: ``turned_code``): a code of the row's printed name that fits
      the codes above and is exactly what the printed digits read as turned — tried before the misreadings, as
      a turned code is every digit away from what it means;
    * misread beyond those few digits, printed right under its parent (``269 其他社会保障和就业支出`` after
      ``20899 其他社会保障和就业支出``: seed 003, RapidOCR light, draw K): the one code of the row's printed name
      whose parent is the row above, printed as one group of no more digits than it has, its first as printed — a
      款 named 其他… prints its one 项 of that name right under it;
    * misread in every digit, printed as one group of a whole code's length (``66108 其他工资福利支出``: 30199, seed
      002's table 06 on RapidOCR's light scan of draw BG): the one code the row's name names, printed whole
      (``_named_whole``), fitting the codes above.
    """
    j = i
    digits = ""
    while j < len(toks) and toks[j].number and not toks[j].decimal and toks[j].text.isdigit() and len(digits) < 9:
        digits += toks[j].text
        j += 1
    groups = j - i  # the digit groups printed (a split code prints several)
    while digits and j + 1 < len(toks) and not toks[j].number and not any(ch.isalnum() for ch in toks[j].text):
        j += 1  # (a mark between the code and its name: ``666689 % 其他社会保障和就业支出``: 2089999, seed 003)
    nxt = toks[j] if j < len(toks) else None
    before = nxt is not None and nxt.number
    nxt = _name_before(toks, i, j) if before else nxt
    if not digits or nxt is None or len(digits) < 2:
        return None
    lengths = CODE_LENGTHS[kind]
    if groups > 1 and _figure_before_split(toks[i].text, toks[i + 1 : i + groups], kind):
        return None  # (``5837 06 02 一般行政管理事务``: a figure of the row above, its point lost, before a split code)
    label = strip_label(nxt.text)
    by_name = [e.code for e in named(kind, label) if len(e.code) in lengths and e.code.startswith(prefix)]
    garbled = _garbled_name_of(kind, label, digits) if digits in codebook(kind) and not by_name else None
    by_name = [garbled] if garbled is not None and garbled.startswith(prefix) else by_name
    if not by_name and len(digits) == 3 and digits in codebook(kind):
        by_name = sorted(_children_named(kind, label, digits))  # (``301 ] 住房公积人 187.19``: the 款 box lost)
    if not by_name and kind == "function" and digits not in codebook(kind) and len(digits) >= 5:
        # (``208501 行政单位离退体``: 2080501, a digit lost, 休 misread — the print the code with one digit lost, none
        # changed; ``20808501`` on draw AE, one digit added; not table 06's codes, whose groups print side by side:
        # there a name garbled by a character is as often the other group's, its figures a row off)
        near = misnamed(kind, label, lambda c: _one_digit_apart(digits, c))
        by_name = sorted(near)
    if before and seen and seen[-1] in by_name:
        return None  # (the word above is the label of the row just read by it: ``城乡社区规划`` / ``202 2 2739.``)
    if not any(_fits(c, seen) for c in by_name):
        by_name += _standard_item(kind, label, digits, seen, prefix)
    if digits in by_name and not before and _beside_own_name(digits, toks[j], seen, kind):
        return digits, j - i  # (``201 06 02 一般行政管理事务``, 20106's line lost: printed whole, beside its own name)
    turned = turned_code(digits)
    if turned in by_name and _fits(turned, seen) and turned not in seen:
        return turned, j - i  # (``6666802 其他社会保障和就业支出`` under 20899: 2089999 turned upside down)
    found = {
        c
        for c in by_name
        if (edits(digits, c) <= max(2, len(c) // 2) or _dropped_from(digits, c)) and _fits(c, seen) and c not in seen
    }
    latest = {c for c in found if _under_latest(c, seen)}  # (``206001 机构运行`` under 20605: 2060501, not 2060401)
    if len(found) == 1 or len(latest) == 1:
        return (found if len(found) == 1 else latest).pop(), j - i
    if before:
        return None  # (a name before the code is evidence for a code of that name only)
    under = [
        c
        for c in by_name
        if seen and c[:-2] == seen[-1] and (c[0] == digits[0] or len(digits) >= len(c) - 1) and len(digits) <= len(c)
    ]  # (its first digit as printed, or a whole code's length: ``666989`` for 2089999, seed 003 on draw BE)
    if not found and groups == 1 and len(under) == 1 and under[0] not in seen and _fits(under[0], seen):
        return under[0], j - i  # (``269 其他社会保障和就业支出`` right under 20899 of that name: its 项 2089999)
    if not found and groups == 1 and len(by_name) == 1 and _named_whole(kind, by_name[0], digits, label, seen):
        return by_name[0], j - i  # (``66108 其他工资福利支出``: 30199, seed 002's table 06 on RapidOCR light, BG)
    if parents and (toks[i].text.startswith("0") or len(toks[i].text) == 2):
        parent = next((c for c in reversed(seen) if len(c) in (3, 5) and len(c + digits) in lengths), None)
        code = (parent or "") + digits
        if parent is None or code in seen or not _fits(code, seen) or code not in codebook(kind):
            return None  # (a code the dictionary does not know is no repair: ``32`` under 302 is not 30232)
        if any(c[:-2] == parent and c > code for c in seen):
            return _UNREADABLE, j - i  # (rows print in code order: ``01`` after 30206 is no 30201 — czj, draw P)
        if by_name and code not in by_name:
            return None
        return code, j - i
    return None


def _named_whole(kind: str, code: str, digits: str, label: str, seen: list[str]) -> bool:
    """Whether a print of a whole code's length that is no code, every digit of it misread, is ``code`` by its
    name: the one code of the dictionary its printed name names, printed whole (no name truncated, none a
    character off), fitting the codes above and not read yet."""
    book = codebook(kind)
    entry = book.get(code)
    whole = entry is not None and normalize_name(label) == normalize_name(entry.name)
    # (a print that is a code itself is that row's: beside another group's name in table 06's side-by-side rows,
    # ``30303 被装购置费 0.00`` is 30303's code and 30224's name, not a misread 30224)
    return whole and digits not in book.entries and len(digits) == len(code) and _fits(code, seen) and code not in seen


def _figure_before_split(first: str, rest: list[_Tok], kind: str) -> bool:
    """Whether the first of a run of digit groups is no part of the split code after it (two-digit parts): four
    digits or more that are no 类 with a digit added (``5837 06 02``: a figure of the row above, its point lost —
    read with it, 58370602 was repaired by its name to 2070602 under 201; ``3502 15 会议费`` is 302's 30215)."""
    pairs = len(list(itertools.takewhile(lambda x: len(x.text) == 2, reversed(rest))))  # the trailing 款/项 groups
    if 0 < pairs < len(rest) and len(rest[-pairs - 1].text) > 2:
        return True  # (``203 837 06 02``: 2010601's figures, their points lost — no 款 or 项 prints three digits)
    if len(first) <= 3 or any(len(x.text) != 2 for x in rest):
        return False
    return len(first) > 4 or not any(first[:k] + first[k + 1 :] in codebook(kind) for k in range(4))


def _class_seen(code: str, seen: list[str]) -> bool:
    """Whether ``code``'s 类 was printed above, no later 类 after it: its rows have not ended."""
    classes = [c for c in seen if len(c) == 3]
    return bool(classes) and classes[-1] == code[:3]


def _name_before(toks: list[_Tok], i: int, j: int) -> _Tok | None:
    """The word printed right before a row's code whose figures follow it: where a layout prints each cell on a
    line of its own, a name's first line stands above its code (``行政单位医疗`` / ``210101`` / ``40.35``: the name
    wrapped around a code RapidOCR printed with a digit lost) — the evidence a misread code is read back by."""
    if j < len(toks) and toks[j].number and i > 0 and not toks[i - 1].number:
        return toks[i - 1]
    return None


def _misnamed_before(code: str, toks: list[_Tok], i: int, j: int, seen: list[str], kind: str) -> bool:
    """A dictionary code out of code order — after a code of its level and parent that sorts after it — its
    figures right after it, and the word before it another code's name: ``自然资源事务`` / ``201`` / ``4461.67``
    after 220 is 22001 with two digits lost, not 201. Worth a repair; kept as printed when none is found."""
    word = _name_before(toks, i, j)
    entry = codebook(kind).get(code)
    if word is None or entry is None:
        return False
    if not any(len(c) == len(code) and c[:-2] == code[:-2] and c > code for c in seen):
        return False
    label = strip_label(word.text)
    return bool(named(kind, label)) and name_problem(entry, label, None) is not None


def _standard_item(kind: str, label: str, digits: str, seen: list[str], prefix: str) -> list[str]:
    """The 项 of the last 款 printed that ``label`` names by the national list's standing suffix, where the shipped
    dictionary lacks it: the administrative 项 every 款 of a department's work has — 行政运行 01, 一般行政管理事务 02,
    机关服务 03, 事业运行 50 — end in the same two digits under (nearly) every 款 the dictionary lists them for. ghzy's
    ``2010 事业运行`` under 22001 (RapidOCR heavy, draw R) is 2200150, a code the dictionary does not carry. Only
    where the print is that code with digits lost, or one digit misread: a whole code printed under a 款 row the
    OCR lost (``2200150 事业运行`` with no 22001 above) is no 项 of the 款 printed before it (2120250)."""
    if kind != "function":
        return []
    suffixes = Counter(e.code[5:] for e in named(kind, label) if len(e.code) == 7)
    parent = next((c for c in reversed(seen) if len(c) == 5), None)
    if not suffixes or parent is None or not parent.startswith(prefix):
        return []
    suffix, count = suffixes.most_common(1)[0]
    code = parent + suffix
    standing = count >= _STANDING and count >= _STANDING_SHARE * suffixes.total()
    near = _dropped_from(digits, code) or edits(digits, code) <= 1
    return [code] if standing and near and code not in codebook(kind) else []


_STANDING = 5  # codes of one name ending alike that make the ending a standing suffix (事业运行: 30 of 31 in 50;
_STANDING_SHARE = 0.9  # the other, 2130104, an older numbering)


def _codes_named(toks: list[_Tok], j: int, prefix: str, seen: list[str], kind: str) -> list[str]:
    """The codes whose official name the label at ``toks[j]`` is and that fit the codes printed above: what a row
    of unreadable code may be (its parents' identities are open)."""
    if j >= len(toks) or toks[j].number:
        return []
    return sorted(_fitting_named(kind, strip_label(toks[j].text), prefix, seen, unseen=False))


def _classless_code(toks: list[_Tok], i: int, code: str) -> tuple[str, int] | None:
    """``code`` printed from token ``i`` on without its 类 column (``05 05`` for 2080505) → (code, tokens used):
    the code of a row read by its name, the name wrapped over two lines and its first half printed above the
    code (czj's table 02 on light tesseract scans, draws F and I: ``机关事业单位基本养老保险`` / ``05 05 岂费支出
    160.75 160.75`` — read as a row without figures and one of unreadable code, 20805 = Σ 项 failed). Only the
    whole 款 and 项 part counts: one two-digit group may be the next row's."""
    digits, j = "", i
    while j < len(toks) and toks[j].number and not toks[j].decimal and len(toks[j].text) == 2:
        digits += toks[j].text
        j += 1
    return (code, j - i) if len(code) > 3 and digits == code[3:] else None


def _classless_row(clean: str, toks: list[_Tok], i: int, seen: list[str], kind: str) -> tuple[str, int] | None:
    """A row whose 类 cell and name the OCR both lost, its 款 and 项 opening a line before its figures (czj's
    wrapped ``机关事业单位职业年金缴费支出`` rows in tesseract's text of table 03: ``05 06 0 80.38 80.38`` under
    2080501, printed so on draws L, P and Q) → (code, tokens used): the last 类 printed with those 款 and 项 — where the
    national list has that code, its 款 is the last printed and it comes after every 项 printed under it. Nothing
    but a ruling line's digit or a few letters (no Chinese: that is a name, read by its own rule) stands between
    the groups and the first figure, on the same line. Read otherwise, its figures joined the row above, whose
    identities then failed with the rows of 20805."""
    if not seen or not _line_start(clean, toks[i].start):
        return None
    digits, j = "", i
    while j < len(toks) and len(digits) < 4 and toks[j].number and not toks[j].decimal and len(toks[j].text) == 2:
        digits += toks[j].text
        j += 1
    cls = next((c for c in reversed(seen) if len(c) == 3), None)
    code = f"{cls}{digits}"
    if cls is None or len(digits) != 4 or code in seen or code not in codebook(kind) or not _under_latest(code, seen):
        return None
    if any(c[:5] == code[:5] and len(c) == 7 and c > code for c in seen):
        return None  # (rows print in code order)
    end = clean.find("\n", toks[j - 1].end)
    used = j - i + (j < len(toks) and toks[j].number and toks[j].text in _RULE_DIGITS)
    for x in toks[j:]:
        if end >= 0 and x.start > end:
            return None
        if x.number and x.decimal:
            return code, used
        if re.search(r"[\u4e00-\u9fff]", x.text) or (x.number and x.text not in _RULE_DIGITS):
            return None
    return None


def _code_tail_below(toks: list[_Tok], i: int, code: str, since: int) -> bool:
    """Whether the two-digit groups from token ``i`` are ``code``'s 款 and 项 and the row of ``code`` (its words from
    token ``since``) has printed no figure yet: a name wrapped over two lines with the code split the same way
    (``208 机关事业单位基本养老保险`` / ``05 05 缴费支出 160.75 160.75``: czj's table 02, rows rebuilt from RapidOCR's
    boxes, draw K) — the second line is that row's, not a row of unreadable code."""
    for start in range(max(since, i - 1), i + 1):  # (its second group too)
        tail = _classless_code(toks, start, code)
        if tail is not None and start + tail[1] > i and not any(t.number and t.decimal for t in toks[since:start]):
            return True
    return False


def _code_lost_digit(toks: list[_Tok], j: int, code: str, kind: str) -> bool:
    """Whether token ``j``, right after the name a row is read by (``_named_row``), is that row's ``code`` printed
    with one digit lost and no code itself: a name wrapped around its code, the code damaged (``行政事业单位`` /
    ``2101`` / ``医疗`` for 21011 行政事业单位医疗 — ghzy's table 05, RapidOCR's heavy scan, draw Z). Read as a code
    of no row, its figures were unread and the row above's given to this one."""
    if j >= len(toks) or not toks[j].number or toks[j].decimal or not toks[j].text.isdigit():
        return False
    digits = toks[j].text
    return len(digits) == len(code) - 1 and _dropped_from(digits, code) and digits not in codebook(kind)


def _one_digit_apart(digits: str, code: str) -> bool:
    """``digits`` are ``code`` with one digit lost or one added, none changed (``208501``, ``20808501``: 2080501)."""
    short, long = sorted((digits, code), key=len)
    return len(long) == len(short) + 1 and _dropped_from(short, long)


def _dropped_from(digits: str, code: str) -> bool:
    """``digits`` are ``code`` with digits dropped, none changed (``210`` printed for 2210201: four lost)."""
    return len(digits) >= 3 and in_order(digits, code)


def _named_row(clean: str, toks: list[_Tok], i: int, prefix: str, seen: list[str], kind: str) -> str | None:
    """A row whose code the OCR lost altogether, its name printed right after the previous row's numbers
    (``…2,106.66 社会保障和就业支出 326.72``), or opening a line below a line of the row above's figures that
    tesseract ended in a damaged one (``财政委托业务支出 449.52 2`` / ``社会保障和就业支出 326.72``) or whose own code
    it printed as letters (``…461.08 0.00`` / ``ws 住房改革支出 461.08``): the one dictionary code of that name
    that fits the codes above."""
    label = strip_label(toks[i].text)
    if i == 0 or len(label) < 4:
        return None
    lengths = CODE_LENGTHS[kind]
    if not _after_figures(clean, toks, i):  # not after a code: after amounts — or the first row, a 类's
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        first = not seen and not toks[i - 1].number and _line_start(clean, toks[i].start)
        if not (first and nxt is not None and nxt.decimal):  # (a name over its code is that code's: not here)
            return None
        lengths = (3,)  # (``款 项`` / ``一般公共服务支出 2.106.66 …``: czj's table 05, its 类 column lost; rows
        # rebuilt from a heavy scan's boxes lose table 06's ``301`` so: ``工资福利支出 4816.14 302 …``)
    found = _fitting_named(kind, label, prefix, seen, lengths)
    if not found and kind == "function" and len(label) >= 5 and not named(kind, label):
        # one character of the name misread (``住房改革文出``: 支 read as 文), the name no other code's
        found = misnamed(
            kind, label, lambda c: len(c) in lengths and c.startswith(prefix) and _fits(c, seen) and c not in seen
        )
    return found.pop() if len(found) == 1 else None


#: what tesseract prints for a code or figure it could not read: a few Latin letters (``ws``, ``We``, ``SN``)
_LETTERS = re.compile(r"[A-Za-z]{1,3}")
#: what stands before a name whose code OCR lost: the code as letters, or one character of junk (``人``)
_SPECK_WORD = re.compile(r"[A-Za-z]{1,3}|\D")


def _code_remnant(clean: str, toks: list[_Tok], j: int) -> bool:
    """A digit or three opening a line after the row above's figures, the rest of the line's code lost or printed
    as junk: ``60.99 60.99`` / ``22j 住房保障支出 445.69`` (221, czj's table 05), ``0.00`` / ``2对 住房保障支出`` and
    ``0 住房改革支出`` (221 and 22102, ghzy's) — tesseract light, draw AA. The name after it tells the row."""
    text = toks[j].text
    return (
        toks[j].number
        and not toks[j].decimal
        and len(text) <= 3
        and not _a_code(text)  # (``310 资本性支出``: a code)
        and _line_start(clean, toks[j].start)
        and j > 0
        and toks[j - 1].decimal
    )


def _a_code(text: str) -> bool:
    """Whether ``text`` is a code of either national list (function 2xx…, economic 3xx…)."""
    return any(text in codebook(kind) for kind in ("function", "economic"))


def _point_lost_last(clean: str, toks: list[_Tok], j: int) -> bool:
    """Four digits or more ending a line of figures, no code: the row above's last figure, its point lost
    (``449 .52 449352`` / ``社会保障和就业支出 326.72 326.72`` — czj's table 03 on tesseract's page, 208 unread)."""
    text = toks[j].text
    return (
        toks[j].number
        and text.isdigit()
        and len(text) >= 4
        and not _a_code(text)
        and j > 0
        and toks[j - 1].decimal
        and _same_line(clean, toks[j - 1], toks[j])
    )


def _after_figures(clean: str, toks: list[_Tok], i: int) -> bool:
    """Whether word ``i`` follows the figures of the row above: right after an amount (Latin letters tesseract
    printed for a lost code between them), or — opening its line — after a line of the row above that ends in
    one or two digits beside an amount (a figure damaged beyond reading: ``449.52 2``). Two digits after a
    name are a code's parts, after an amount never: the word is no code's label."""
    j = i - 1
    while j >= 0 and not toks[j].number and _SPECK_WORD.fullmatch(toks[j].text) and _same_line(clean, toks[j], toks[i]):
        j -= 1  # (``ws 住房改革支出``: the code 22102 read as letters; ``人 ， 机关事业单位…``: a lone speck)
    if j < 0:
        return False
    if toks[j].decimal:
        return True
    if _code_remnant(clean, toks, j) or _point_lost_last(clean, toks, j):
        return True
    opens = j == i - 1 and _line_start(clean, toks[i].start)
    return (
        opens
        and toks[j].number
        and len(toks[j].text) <= 2
        and j > 0
        and toks[j - 1].decimal
        and _same_line(clean, toks[j - 1], toks[j])
    )


def _same_line(clean: str, a: _Tok, b: _Tok) -> bool:
    """Whether token ``b`` follows token ``a`` on one printed line (tokens a code moved ahead of its name's line,
    ``_codes_below_names``, are out of printed order: not so)."""
    return a.end <= b.start and "\n" not in clean[a.end : b.start]


def _names_trusted(toks: list[_Tok], prefix: str, kind: str) -> bool:
    """Whether the names printed beside the table's codes are theirs, so a name may repair a code. OCR damages a
    code here and there; text that prints a table column by column (pdfminer's order) pairs most codes with
    another row's name — then no name is evidence, and codes are read as printed."""
    paired = misnamed = 0
    for i, tok in enumerate(toks):
        hit = _code_at(toks, i, prefix) if tok.number and not tok.decimal else None
        if hit is None or hit[0] not in codebook(kind):
            continue
        j = i + hit[1]
        if j < len(toks) and not toks[j].number:
            paired += 1
            misnamed += _misnamed(hit[0], toks, j, kind)
    return misnamed <= max(1, paired // 4)


_RUN_MIN = 3  # codes in runs before a table is taken as printed column by column


def _codes_in_runs(toks: list[_Tok], prefix: str, kind: str) -> tuple[int, int]:
    """(row codes printed right before another row code, row codes): how much of a table is printed column by
    column. Row by row, a code is followed by its name or figures; a converter that writes a table column by
    column (pdfminer, pdftotext without -layout) prints the codes as a run in ascending order, then the names,
    then each column's figures — and the last code of a run would take the next column's first figure. Only
    codes the dictionary knows count, and a pair counts only in the order a table prints codes, so whole-yuan
    amounts side by side (``2112860 2106660``) are not mistaken for a run."""
    book = codebook(kind)

    def code(t: _Tok) -> bool:
        return t.number and not t.decimal and t.text.startswith(prefix) and t.text in book

    flags = [code(t) for t in toks]
    codes = sum(flags)
    in_runs = sum(1 for i in range(len(toks) - 1) if flags[i] and flags[i + 1] and toks[i].text <= toks[i + 1].text)
    return in_runs + _part_runs(toks), codes


def _part_runs(toks: list[_Tok]) -> int:
    """Tokens in runs of three or more ascending 款/项 code parts (``01 02 03 06 07``): a code printed split over
    类/款/项 cells has at most two parts in a row (``201 06 01``), and no amount is printed ``03``."""
    total = run = 0
    padded = False
    prev = ""
    for t in [*toks, None]:
        part = t is not None and t.number and len(t.text) == 2 and t.text.isdigit()
        if t is not None and part and run and t.text > prev:
            run += 1
            padded = padded or t.text[0] == "0"
        else:
            if run >= 3 and padded:
                total += run - 1
            run = 1 if part else 0
            padded = t is not None and part and t.text[0] == "0"
        prev = t.text if t is not None else ""
    return total


def _nameless_unknown(toks: list[_Tok], i: int, hit: tuple[str, int], seen: list[str], kind: str) -> bool:
    """Digits shaped like a code, right after a row's label, that the dictionary knows as no code and that no
    name follows (a figure does): a figure of that row OCR damaged, not a row of its own — where no row could be
    there: a 类 the national list lacks, or a code under no parent printed above (a 项 the dictionary lacks
    under a printed 款, ``2080530`` with its name wrapped around it, is a row)."""
    j = i + hit[1]
    code = hit[0]
    return (
        code not in codebook(kind)
        and (len(code) == 3 or not _fits(code, seen))
        and i > 0
        and not toks[i - 1].number
        and (j >= len(toks) or toks[j].number)
    )


def _unknown_or_misnamed(code: str, toks: list[_Tok], j: int, kind: str) -> bool:
    """A code worth a repair attempt: one the dictionary does not know (``339`` for 30399: two digits lost), or
    one printed beside another code's name; kept as printed when no repair is found."""
    return code not in codebook(kind) or _misnamed(code, toks, j, kind)


def _misnamed(code: str, toks: list[_Tok], j: int, kind: str) -> bool:
    """A well-formed code printed beside a name that is not its own but the name of another code (``201`` beside
    自然资源事务, 22001's name): OCR may have misread the code — worth a repair, kept when none is found."""
    nxt = toks[j] if j < len(toks) else None
    if nxt is None or nxt.number:
        return False
    label = strip_label(nxt.text)
    entry = codebook(kind).get(code)
    if entry is None or name_problem(entry, label, None) is None:
        return False
    return bool(named(kind, label)) or bool(_garbled_name_of(kind, label, code)) or _child_named(code, toks, j, kind)


def _child_named(code: str, toks: list[_Tok], j: int, kind: str) -> bool:
    """A 类 printed beside the name of one of its own 款, a character misread: the 款's box lost (``301 ] 住房公积人
    187.19``, 13 lost to a ruling mark — czj's table 06, tesseract's page at 200 dpi, read as 301's 187.19) — no
    class row, whether or not the 款 is found."""
    nxt = toks[j] if j < len(toks) else None
    if len(code) != 3 or nxt is None or nxt.number:
        return False
    return bool(_children_named(kind, strip_label(nxt.text), code))


def _children_named(kind: str, label: str, code: str) -> set[str]:
    """The 款 of 类 ``code`` whose official name ``label`` is, a character misread."""
    return misnamed(kind, label, lambda c: len(c) == 5 and c.startswith(code))


def _garbled_name_of(kind: str, label: str, code: str) -> str | None:
    """The one code a digit from ``code`` whose official name ``label`` is with a character misread, where
    ``code``'s own name is not near it: ``2080504 行政单位离明休`` is 2080501 (行政单位离退休) misread — 2080504
    is 未归口管理的行政单位离退休. Read as 2080504, its row took 2080501's figures (seed 000, draw F heavy). A
    label one character from ``code``'s own name as well is that code's (``30301 高休费``: 离休费 as much as
    30302's 退休费 — read as 30302, seed 003's 30301 took 30302's place on draw P, RapidOCR heavy)."""
    if code in misnamed(kind, label, lambda c: c == code):
        return None
    near = misnamed(kind, label, lambda c: c != code and len(c) == len(code) and differing(c, code) == 1)
    return next(iter(near)) if len(near) == 1 else None


def _within_class(clean: str, toks: list[_Tok], i: int, seen: list[str], kind: str) -> list[str]:
    """The codes a row whose code is unreadable may be when its line opens with its 类's box, read cleanly, and
    digits (``208 0 1 606 Ai 80.38 80.38`` under 2080505: 2080506 garbled): a 款 or 项 of that 类 after the last
    code read — so the sums over classes hold without it (czj's table 02 on tesseract, draw AD: the unreadable row
    left 合计 = Σ 类 open, and every other class row's 326.72 / 60.99 / 445.69 could as well have been 其他收入 as
    财政拨款收入: 12 of 45 unread). Empty where the line says nothing of the row's 类."""
    before: list[_Tok] = []
    j = i - 1
    while j >= 0 and toks[j].text.isdigit() and "\n" not in clean[toks[j].end : toks[j + 1].start]:
        before.insert(0, toks[j])
        j -= 1
    if not before or (j >= 0 and "\n" not in clean[toks[j].end : before[0].start]):
        return []  # (the line holds more than digits before the row: no code's boxes)
    return _in_class(before[0].text, seen, kind)


def _in_class(cls: str, seen: list[str], kind: str) -> list[str]:
    """The codes of 类 ``cls`` a row printed after the last code read (``seen[-1]``, one of that 类's own) may be —
    none where the last code read is not of it."""
    last = seen[-1] if seen else ""
    if len(cls) != 3 or len(last) <= 3 or last[:3] != cls:
        return []
    return sorted(c for c in codebook(kind).entries if c.startswith(cls) and len(c) > 3 and c > last)


def _garbled_row_line(clean: str, toks: list[_Tok], above: int, i: int, decimal: bool, name_above: str | None) -> bool:
    """Whether the words opening a line at ``toks[i]`` are the garbled code and name of a row of their own: the
    line prints words, then two figures or more and nothing else, and the row above (its tokens from ``above``)
    printed two figures or more on lines of its own before — a row prints its figures on one line, so these are
    another row's. Its words are no part of the name above (a wrapped label's second line: ``费支出``). czj's
    table 02 in tesseract's text of draw BE prints 2080505's line as ``由    ww      160.75  160.75``: read as
    more figures of 2080501, that row failed its sum and 20805's group and the table's 其他收入 column with it."""
    t = toks[i]
    if t.number or not _line_start(clean, t.start):
        return False
    end = clean.find("\n", t.start)
    line = [x for x in toks[i:] if end < 0 or x.start < end]
    words = list(itertools.takewhile(lambda x: not x.number, line))
    figures = line[len(words) :]
    if len(figures) < 2 or not all(x.amount(decimal) for x in figures):
        return False
    before = [x for x in toks[above:i] if x.amount(decimal)]
    if len(before) < 2 or before[-1].start >= clean.rfind("\n", 0, t.start):
        return False
    printed = set(_LABEL_WORD.findall("".join(x.text for x in words)))
    return not (name_above and printed and len(printed & set(name_above)) * 2 >= len(printed))


def _holes_printed_elsewhere(clean: str, rows: list[_Row], repaired: dict[str, str], kind: str) -> set[str]:
    """Rows whose printed code is unreadable (holes) given the code the report prints elsewhere: function-code
    tables 02, 03 and 05 list the same classification, so the one code printed in the report (``_report_codes``)
    that comes between the codes of the rows above and below, fits the codes above and is no other row's here is
    this row's (czj's table 02 in tesseract's text of draw BE: ``由 ww 160.75 160.75`` between 2080501 and 2080506
    — 2080505, printed in tables 03 and 05). Rows print in code order; a hole with none or several such codes
    stays one. → the codes so given."""
    out: set[str] = set()
    if kind != "function":
        return out
    keys = {r.key for r in rows}
    for k, r in enumerate(rows):
        if r.key != _UNREADABLE or not r.nums or r.stray or not all(_CLEAN_AMOUNT.fullmatch(x.text) for x in r.nums):
            continue  # (only a row of clean figures: a damaged one's are its hole's, unread — ``21201 2 80 084.0``)
        fits = _codes_between(clean, [x.key for x in rows[:k]], [x.key for x in rows[k + 1 :]], keys)
        named_as = {e.code for e in named(kind, strip_label("".join(r.label)))}
        if len(fits) == 1 and (not named_as or fits <= named_as):  # (a name of another code says it is none)
            r.key = fits.pop()
            first = min((x.start for x in r.nums), default=r.end)
            repaired[r.key] = clean[r.at : first].strip()
            out.add(r.key)
    return out


def _codes_between(clean: str, above: list[str], below: list[str], keys: set[str], prefix: str = "") -> set[str]:
    """The function codes the report prints (``_report_codes``) that may be a row's printed between the rows keyed
    ``above`` and ``below`` (in print order): after every code above (a 类 box printed again reads as the 类's code)
    and before the first code below that follows them, fitting the codes above, no row's of ``keys``, starting with
    ``prefix``."""
    seen = [k for k in above if k.isdigit()]
    last = max(seen, default="")
    after = min((k for k in below if k.isdigit() and k > last), default=None)
    if not seen or after is None:
        return set()
    return {
        c
        for c in _report_codes(clean)
        if c.startswith(prefix) and last < c < after and c not in keys and _fits(c, seen) and _fits(after, [*seen, c])
    }


_PRINTED_CODE = re.compile(r"(?m)^[ \t|]*(2\d\d)(?:[ \t|]*(\d\d))(?:[ \t|]*(\d\d))?(?![\d.,])")


@lru_cache(maxsize=4)
def _report_codes(clean: str) -> frozenset[str]:
    """The function codes of 款 and 项 the report prints at a line's start, whole or split into its groups
    (``2080505``, ``208 05 05``), that the national list has."""
    found = {"".join(g for g in m.groups() if g) for m in _PRINTED_CODE.finditer(clean)}
    return frozenset(c for c in found if len(c) in (5, 7) and c in codebook("function"))


def _unreadable_code(toks: list[_Tok], i: int) -> tuple[str, int] | None:
    """Digits where a row code should be, followed by the row's name, that read as no code: the row starts
    here (its numbers are not the previous row's) and is reported unread."""
    t = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if t.text.isdigit() and 2 <= len(t.text) <= 9 and nxt is not None and not nxt.number and len(nxt.text) >= 2:
        return _UNREADABLE, 1
    return None


def _tok_num(tok: _Tok) -> Num:
    if tok.readings:
        return Num(tok.start, tok.end, tok.text, tok.readings[0].cents, tok.readings, tok.optional)
    return Num(start=tok.start, end=tok.end, text=tok.text, cents=_cents(tok.text))


def _stream_two_sided(doc: Document, t: Table, spec: TableSpec, notes: list[Unread], boxed: bool = False) -> list[Unit]:
    """A two-sided table's rows from text without cells; ``boxed``: every figure floats among the rows whose
    labels are printed nearest it (``_boxed_windows``)."""
    clean = doc.text.clean
    toks = _tokens(clean, t)
    vocabulary_keys = {k for s in spec.sides for k in s.vocabulary}
    # (a header cell wraps in lines of a few characters: ``国有资本`` / ``经营预算`` / ``财政拨款``)
    column_tails = {
        c.key[k:] for s in spec.sides for c in s.columns for k in range(max(1, len(c.key) - 4), len(c.key) - 1)
    }
    column_tails -= vocabulary_keys
    decimal = _table_decimal(clean, t, toks)
    if not decimal:
        toks = _drop_line_numbers(clean, toks)

    def start_at(i: int) -> tuple[str, int] | None:
        tok = toks[i]
        if tok.number:
            return None
        label = strip_label(tok.text)
        if not label:  # (an ordinal box of its own, ``二、`` / ``政府性基金预算财政拨`` / ``款``, starts its row)
            bare = _BARE_ORDINAL.fullmatch(key_text(tok.text)) and i + 1 < len(toks) and not toks[i + 1].number
            return (key_text(tok.text), 1) if bare else None
        ordinal = label != key_text(tok.text)
        aliased = any(p.search(label) for s in spec.sides for p, _ in s.aliases) or any(
            label in s.groups or any(label in members for members in s.groups.values()) for s in spec.sides
        )
        # a label without an ordinal starts a row when it is a whole label of the vocabulary, not the wrapped
        # tail of one (``抗疫特别国债安排`` / ``的支出``)
        # (or, printed alone on its line — a cell of its own, nothing of another row's label beside it — one OCR
        # garbled by a character or so: ``本年文出合计``, ``卫生健康文出``)
        known = (
            len(label) >= 4
            and not label.startswith(_CONTINUATIONS)
            and (
                any(s.labels is not None and s.labels.search(label) for s in spec.sides)
                or (_alone(clean, tok) and _side_of(spec, label) is not None)
            )
        )
        # an ordinal printed as a box of its own (``二`` / ``政府性基金预算财政拨`` / ``款``) starts its row
        alone = _BARE_ORDINAL.fullmatch(label) is not None and i + 1 < len(toks) and not toks[i + 1].number
        # the other side's 总计 garbled (``总计`` / ``9859. 38`` / ``已计`` / ``9859.`` / ``38``), a cell of its own
        # — or opening its line, a figure after it (``总讨 2.961.68 总计 2,961.68``: czj's table 04, tesseract, draw N)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        led = nxt is not None and nxt.number and "\n" not in clean[tok.end : nxt.start]
        led = led and _line_start(clean, tok.start)
        known = known or (label not in _TOTALS and _garbled_total(label) and (_alone(clean, tok) or led))
        known = known or _split_label(spec, toks, i, label)
        if known and not (ordinal or aliased) and label in column_tails:
            return None  # the tail of a column's name (``国有资本`` / ``经营预算`` / ``财政拨款``): a header word
        return (label, 1) if ordinal or aliased or known or alone else None

    rows = _stream_rows(toks, start_at, decimal)
    ordinals = {id(r): n for r in rows if (n := _ordinal("".join(r.label))) is not None}

    def vocabulary(label: str) -> bool:
        return any(s.labels is not None and s.labels.search(strip_label(label)) for s in spec.sides)

    opening = next((k for k, r in enumerate(rows) if r.nums), len(rows))  # (rows up to the first with figures)
    for at, r in enumerate(rows):  # an ordinal alone (``三、``, ``二``: its label a box of its own) belongs to the next
        r.label[1:] = [x for x in r.label[1:] if not _BARE_ORDINAL.fullmatch(key_text(x))]
        if len(r.label) > 1 and _BARE_ORDINAL.fullmatch(key_text(r.label[0])):
            r.label = r.label[1:]
        # words after a label of the vocabulary that make it none (``科学技术支出`` + ``加``, the next line's 行次
        # misread) are not its wrapped tail (``…财政拨`` + ``款`` is) — nor are specks after it (``本年支出合计``
        # + ``邓`` + ``g.``; a longer word of several may be the next row's label misread)
        if len(r.label) == 2 and _TOTAL_LABEL.fullmatch(key_text(r.label[0])) and _garbled_total(r.label[1]):
            r.label.pop()  # the other side's 总计 garbled (``总计`` + ``已计``): no wrapped tail of this one
        while len(r.label) > 1 and not vocabulary("".join(r.label)) and vocabulary("".join(r.label[:-1])):
            r.label.pop()
        # header words a skewed scan printed after the first row's label (``一般公共预算财政拨款`` + ``拨款`` +
        # ``政拨款`` + ``财政拨款``: the tails of the column names beside it; ``般公共预算财政拨款收入`` + ``项目`` +
        # ``决算数``: the right half's header cells — after the first row's only: below it they are another part
        # of the page run into the table, pdftotext's ``卫生健康支出`` + ``决算数`` + ``项目`` in ghzy's table 04)
        tails = len(r.label)
        while tails > 1 and (
            key_text(r.label[tails - 1]) in column_tails
            or (at <= opening and _HEADER_IN_LABEL.fullmatch(key_text(r.label[tails - 1])))
        ):
            tails -= 1
        if tails < len(r.label) and vocabulary("".join(r.label[:tails])):
            del r.label[tails:]
        if len(r.label) > 2 and not vocabulary("".join(r.label)):
            k = next((k for k in range(len(r.label) - 2, 0, -1) if vocabulary("".join(r.label[:k]))), len(r.label))
            if all(len(strip_label(x)) <= 2 or _GLUED.fullmatch(x) for x in r.label[k:]):
                del r.label[k:]  # (specks, and a figure glued to junk: ``科学技术支出`` + ``人`` + ``澡寺5500D``)
    _header_fragments(spec, rows)
    _line_numbers(clean, rows)
    if boxed:  # from the first row the template names (``一、…收入`` / ``一、…支出`` / ``2,940.05``: the left one's)
        first = next((k for k, r in enumerate(rows) if r.nums or _template_row(spec, strip_label("".join(r.label)))), 0)
        rows = _boxed_rows(rows[first:])
        return _two_sided_units(doc, t, spec, rows, notes, _boxed_windows(rows), decimal)
    if decimal:
        _figures_by_line_number(doc, t, spec, rows, ordinals, notes)
    _unlabelled_left_total(clean, rows)
    if t.figures_below:
        _share_figures_below(doc, t, clean, rows, notes)
    floating = _leading_figures(clean, spec, rows)
    if _one_per_line(clean, toks):
        floating |= _line_ahead(clean, spec, rows)
        floating |= _first_line_reversed(spec, rows)
    if decimal:
        _next_line_numbers(doc, t, clean, rows, notes, floating)
    # (from the first row with figures — or a row the template names by its ordinal above it: tesseract lost the
    # figures of seed 002's first five income rows, draw AP, and 本年收入合计 = Σ income failed without them)
    first = next(
        (
            k
            for k, r in enumerate(rows)
            if r.nums or (id(r) in ordinals and _template_row(spec, strip_label("".join(r.label))))
        ),
        len(rows),
    )
    rows = rows[first:]
    totals = [k for k, r in enumerate(rows) if _TOTAL_LABEL.search(strip_label("".join(r.label)))]
    bare = sum(1 for k in totals if not _figures_after(clean, rows, k, t.body_end))
    if bare and not any(r.nums for r in rows) and not _AMOUNT.search(clean, t.body_start, t.body_end):
        return []  # (a blank form — the template itself — is not text out of order: its coverage says blank)
    if bare >= 2 and bare * 2 >= len(totals):
        which = f"{bare} of its {len(totals)} total rows (合计, 总计), which every report prints figures for, have none"
        notes.append(_out_of_order(doc, t, f"{which} after their label"))
        return []
    units = _two_sided_units(doc, t, spec, rows, notes, floating, decimal)
    overfull = sum(1 for u in units if len(u.nums) > len(u.slots))
    if bare and overfull >= 2:
        which = f"a total row (合计, 总计) has no figures after its label and {overfull} rows print more than"
        notes.append(_out_of_order(doc, t, f"{which} their columns"))
        return []
    return units


def _split_label(spec: TableSpec, toks: list[_Tok], i: int, label: str) -> bool:
    """Whether a word too short to name a row by itself opens one whose label OCR split into two boxes: with the
    next word it is a whole label of the vocabulary (``年末`` / ``结转和结余``, ``结余`` / ``分配``: ghzy's table 01,
    tesseract's light scan of draw AF — each was taken into the row above's label, and 年末结转和结余's 100.00 with
    it: the table's identities failed and 8 of 12 figures were unread)."""
    if len(label) >= 4 or i + 1 >= len(toks) or toks[i + 1].number:
        return False
    joined = label + strip_label(toks[i + 1].text)
    return any(s.canonical(joined) in s.vocabulary for s in spec.sides)


def _boxed_rows(rows: list[_Row]) -> list[_Row]:
    """A two-sided table's rows for the reading of figures among nearby rows (``_boxed_windows``). A bare
    ordinal is a box of its own (``二`` / ``政府性基金预算财政拨款``), no row: it would take a figure no identity
    checks. A 总计 printed once stands for both sides' (each side ends with one; the engine lost the other's
    label, as seed 003's heavy scans on draws F and H print ``总计`` / ``32`` / ``741.64`` / ``64`` / ``741.64`` /
    ``741.64``, 64 the right 总计's 行次): the right one is read from the same label, its figures those near it
    that the identities give it (支出总计 = 本年支出合计 + 年末结转和结余, 收入总计 = 支出总计)."""
    rows = [r for r in rows if r.nums or not _BARE_ORDINAL.fullmatch(key_text("".join(r.label)))]
    totals = [k for k, r in enumerate(rows) if strip_label("".join(r.label)) == "总计"]
    if len(totals) == 1:
        k = totals[0]
        rows.insert(k + 1, _Row(**{**rows[k].__dict__, "label": list(rows[k].label), "nums": [], "stray": []}))
    return rows


def _boxed_windows(rows: list[_Row]) -> set[int]:
    """RapidOCR's plain text of a skewed scan lists a two-sided table's boxes one per line by their tops (rows
    rebuilt from them, by position), and a figure's box may sit higher or lower than its label's by more than a
    line's labels: ghzy's heavy scan prints
    each expenditure figure ahead of its label (``754.75`` / ``八、社会保障和就业支出``) and 年末结转和结余's
    ahead of the *left* label of its line (``使用非财政拨款结余`` / ``100.00`` / ``年初结转和结余`` / ``112.88`` /
    ``年末结转和结余``); czj's prints them after the next line's left label (``二、政府性基金预算财政拨款收入`` /
    ``2,106.66``: 一般公共服务支出's, two labels up). A line holds two labels, so a figure's own label is among
    the two printed before it or the two after it: each figure floats among those rows (each row takes one or
    none: ``Unit.picks``), and the identities with the other tables' figures for the same rows decide
    (``_boxed``). Returns the floating figures (by id). A code table's line holds one label, but a skew may list
    a row's right-most box ahead of the row above's code (``_boxed_code``): two labels after a figure there too."""
    figures = sorted({id(x): x for r in rows for x in r.nums}.values(), key=lambda x: x.start)
    labels = sorted(rows, key=lambda r: r.at)
    ats = [r.at for r in labels]
    for r in rows:
        r.nums, r.ahead, r.picks = [], 0, True
    for x in figures:
        k = bisect.bisect_left(ats, x.start)
        for r in labels[max(0, k - 2) : k + 2]:
            r.nums.append(x)
    return {id(x) for x in figures}


def _header_fragments(spec: TableSpec, rows: list[_Row]) -> None:
    """A column header wrapped over lines (``一般公共预算`` / ``财政拨款``) leaves a fragment that reads like a row
    label (``财政拨款``), and a figure a skewed scan printed above the first row's label (``财政拨款 | 款 |
    2,940.05 | 一、一般公共预算财政拨款``) lands in that fragment's row. When the first row with figures is named
    by no row of the template (a row key of either side, or a 类 of the function classification), it and the
    rows up to the next one the template names are the header's: their figures are that row's, printed above
    it — as ``_stream_rows`` gives the first row the figures printed above its label; the identities decide.
    Only a fragment of a name is taken for the header's: a row whose label OCR garbled beyond naming keeps its
    figures."""
    k = next((k for k, r in enumerate(rows) if r.nums), None)
    if k is None or not _name_fragment(spec, strip_label(rows[k].label[0]) if rows[k].label else ""):
        return
    if _template_row(spec, strip_label("".join(rows[k].label))):
        return
    first = next((j for j in range(k + 1, len(rows)) if _template_row(spec, strip_label("".join(rows[j].label)))), None)
    if first is None or _side_of(spec, strip_label("".join(rows[first].label))) != 0:
        return  # (a figure printed above the first row's labels stands left: the income side's)
    lead = [x for r in rows[k:first] for x in r.nums]
    for r in rows[k:first]:
        r.nums = []
    row = rows[first]
    row.nums, row.start = [*lead, *row.nums], min(row.start, lead[0].start)


def _name_fragment(spec: TableSpec, label: str) -> bool:
    """Whether a label is part of a longer name of the template's rows or columns (``财政拨款`` of
    ``一般公共预算财政拨款``): what a header cell wrapped over lines leaves; a garbled row label (``笠学技术支出``) is
    no part of any."""
    names = [*(v for side in spec.sides for v in side.vocabulary), *spec.column_keys()]
    return len(label) >= 2 and any(label in v and label != v for v in names)


def _template_row(spec: TableSpec, label: str) -> bool:
    """Whether a two-sided table's label names a row of the template (garbled by a character or so, as OCR may)."""
    keys = (side.nearest(side.canonical(label)) for side in spec.sides)
    return any(k in side.vocabulary for k, side in zip(keys, spec.sides, strict=True)) or (
        _class_name(label) in _class_codes()
    )


#: a Chinese ordinal OCR misread into characters that are no numerals (``十丸、``, ``全、``, ``人及、``, ``二一，``):
#: a few characters and the mark after them
_GARBLED_ORDINAL = re.compile(rf"^[^{CN_ORDINAL_MARKS}，,]{{1,3}}[{CN_ORDINAL_MARKS}，,]")


def _unprefixed(spec: TableSpec, label: str) -> str:
    """A label whose ordinal OCR misread (``十丸、住房保障支出`` for 十九、, ``全、城乡社区支出``): ``strip_label``
    keeps a prefix that is no numeral; when the words after its mark name a row of the template and the whole does
    not, the row is that one (its figures follow its name as any row's do)."""
    if _template_row(spec, label) or (m := _GARBLED_ORDINAL.match(label)) is None:
        return label
    rest = label[m.end() :]
    return rest if len(rest) >= 4 and _template_row(spec, rest) else label


def _template_key(spec: TableSpec, key: str) -> bool:
    """Whether a two-sided table's row key is a row the template has: a label of a side's vocabulary, a member of
    its group (``年初财政拨款结转和结余/一般公共预算财政拨款``) or a 类 of the function classification."""
    group, _, member = key.partition("/")
    return key in _class_codes() or any(
        key in side.vocabulary or member in side.groups.get(group, ()) for side in spec.sides
    )


_CN_ORDINAL = re.compile(rf"([{CN_DIGITS}]{{1,3}})\s*[{CN_ORDINAL_MARKS}]")


def _ordinal(label: str) -> int | None:
    """The number a label's Chinese ordinal says (``七、`` / ``七.`` → 7, ``二十一、`` → 21); None without one."""
    m = _CN_ORDINAL.match(key_text(label))
    if m is None:
        return None
    digits = [CN_DIGITS.index(c) + 1 for c in m.group(1)]  # 十 is 10
    if len(digits) == 1:
        return digits[0]
    if len(digits) == 2:  # 十二 = 12, 二十 = 20
        return 10 + digits[1] if digits[0] == 10 else (digits[0] * 10 if digits[1] == 10 else None)
    return digits[0] * 10 + digits[2] if digits[1] == 10 and digits[0] < 10 and digits[2] < 10 else None


_OTHER_ROWS_NUMBER = (
    "printed after the 行次 {number} of the row {label}, which prints figures of its own: the figures' row is not known"
)
_OTHER_SIDES_NUMBER = (
    "printed after the 行次 {number}, a row of the other side's: the figure stands in that row, not in {label}, "
    "and which row of that side that is the words do not show"
)


def _figures_by_line_number(
    doc: Document, t: Table, spec: TableSpec, rows: list[_Row], ordinals: dict[int, int], notes: list[Unread]
) -> None:
    """Plain OCR text of a two-sided summary prints every box on a line of its own, in the order of their tops:
    a row's figures sit a little higher than its label and may come out right after the label *above*
    (``五、教育支出 37 38 1,550.75 1,550.75 六、科学技术支出``). The template numbers the rows (行次) line by
    line, the left side 1…K and the right side K+1…2K, and each side's ordinal rows start on the first line:
    the row with ordinal N has 行次 N (left) or N + K (right). So the last 行次 printed before a figure names
    its row: a figure after another row's 行次 goes to that row when it prints none, else is unread — figure by
    figure (``八、社会保障和就业支出 39 168.39 40 31.83``: the second is row 九's). A figure after a 行次 of the
    *other* side (``二十六、抗疫特别国债安排的支出 57 27 741.64``: 27 is the left side's 本年收入合计, whose label
    the OCR printed later) is no figure of this row; which of that side's rows prints it the words do not show,
    so it is unread. K is read off the two 总计 rows, the last of each side (K and 2K) — or, a 总计 label lost,
    off the right side's ordinal rows (N + K), where the 行次 printed with most of them agree and the 总计 printed
    says no other; a side is checked when most of its ordinal rows print their 行次 (or a neighbour's) among
    their words."""
    totals = [r for r in rows if strip_label("".join(r.label)).endswith("总计")]
    printed = {int(x.text) for r in totals for x in r.stray if x.text.isdigit() and len(x.text) <= 3}
    lines = max((k for k in printed if 2 * k in printed), default=None)
    if lines is None:  # (the 行次 a 总计 prints after its label: one before it is another row's — ``30 61`` / ``总计``)
        after = {int(x.text) for r in totals for x in r.stray if x.start > r.at and _line_number_text(x.text)}
        lines = _right_offset(spec, rows, ordinals, after)
    if lines is None:
        return
    _total_sides(totals, lines)
    numbered: list[tuple[range, list[_Row]]] = []  # per side checked: its 行次 and its ordinal rows
    by_number: dict[int, _Row] = {}  # 行次 → the ordinal row printed with it
    for side, offset in enumerate((0, lines)):  # (the income side is printed left)
        mine = [r for r in rows if id(r) in ordinals and _side_of(spec, strip_label("".join(r.label))) == side]
        if _numbered(mine, ordinals, offset):
            numbered.append((range(offset + 1, offset + lines + 1), mine))
            for r in mine:
                by_number.setdefault(ordinals[id(r)] + offset, r)
    if not numbered:
        return
    left = _lost_left_total(rows, totals)
    by_number.update(_totals_by_line_number(totals, lines))
    every = range(1, 2 * lines + 1)
    moves: list[tuple[_Row, int, list[_Tok]]] = []
    for numbers, mine in numbered:
        for r in mine:
            moves += _line_number_moves(doc, r, ordinals[id(r)] + numbers.start - 1, numbers, by_number, every)
    # a row of no ordinal (合计, 结余): only the other side's 行次 is known not to be its own — its side's 行次 known
    # from K, whether or not that side's ordinal rows print theirs (seed 000's heavy scan, draw H: ``一、`` lost)
    for r in rows:
        its_side = None if id(r) in ordinals else _side_of(spec, strip_label("".join(r.label)))
        if its_side is not None:
            its = range(its_side * lines + 1, its_side * lines + lines + 1)
            moves += _line_number_moves(doc, r, None, its, by_number, every)
    _apply_moves(doc, t, moves, by_number, notes)
    if left is not None and not left.nums:  # (no figure after K: a row of no figure would state 收入总计 = 0)
        rows.remove(left)


def _unlabelled_left_total(clean: str, rows: list[_Row]) -> None:
    """The left 总计 whose label the OCR lost, its figure left before the right one's on their line: ``2,961.68
    总计 2,961.68 2,961.68`` (czj's table 04, tesseract's light scan of draw AZ). The template prints both 总计 on
    the table's last line, so a figure opening the line of the one 总计 printed, before its label, is the left
    one's — it was the row above's (``三、国有资本经营预算财政拨款``, a row of its sub-rows), whose sum it failed,
    and the table was unread. Only where one 总计 is printed, its line's first label, and no 行次 named its side
    (``_lost_left_total``); the identities (收入总计 = 支出总计, 收入总计 = 本年收入合计 + …) check the figure."""
    totals = [r for r in rows if strip_label("".join(r.label)).endswith("总计")]
    if len(totals) != 1 or totals[0].total_side is not None:
        return
    right = totals[0]
    k = next(k for k, r in enumerate(rows) if r is right)
    if k == 0:
        return
    above = rows[k - 1]
    line = clean.count("\n", 0, right.at)
    lead = [x for x in above.nums if x.start < right.at and clean.count("\n", 0, x.start) == line]
    if not lead or not right.nums or above.line == line or any(x.start > right.at for x in above.nums):
        return
    if CJK.search(_line_before(clean, right.at)):
        return  # (a word before the figures on the line: another row's label, printed)
    above.nums = [x for x in above.nums if all(x is not y for y in lead)]
    left = _Row(key="总计", start=lead[0].start, end=lead[-1].end, label=["总计"], at=right.at, line=right.line)
    left.nums, left.total_side, right.total_side = lead, 0, 1
    rows.insert(k, left)


def _totals_by_line_number(totals: list[_Row], lines: int) -> dict[int, _Row]:
    """The two 总计 rows by their 行次: K (the left side's last row) for the first printed, 2K (the right's) for
    the second — the template has one 总计 per side, the left one printed first (as ``_two_sided_units`` keys
    them), while the 行次 printed after a 总计 label may be the other one's. Seed 000's heavy scan (RapidOCR,
    draw H) prints the right 总计's figures after its 行次, ahead of both labels (``国有资本经营预算财政拨款 31 64
    1,903.01 1,903.01 总计 32 1,903.01 总计``): 64 names the second 总计, and the identity 支出总计 = 本年支出合计
    + 年末结转和结余 confirms its figures. With a 总计 label lost, neither is known."""
    if len(totals) == 1 and totals[0].total_side is not None:
        return {lines * (totals[0].total_side + 1): totals[0]}
    if len(totals) == 2 and (totals[0].total_side, totals[1].total_side) == (0, 1):
        return {lines: totals[0], 2 * lines: totals[1]}  # (the left one of no label: ``_lost_left_total``)
    return {lines: totals[0], 2 * lines: totals[1]} if len(totals) == 2 else {}


def _lost_left_total(rows: list[_Row], totals: list[_Row]) -> _Row | None:
    """The left 总计 as a row of no label printed, where the one 总计 printed is the right one (``_total_sides``):
    its 行次 K still names it, so a figure printed after K (``31`` / ``851.17`` / ``总计`` / ``62`` / ``851:17``,
    seed 002 draw F; seed 003 draw H) is its (``_line_number_moves``), and the identities (收入总计 = 支出总计,
    收入总计 = 本年收入合计 + …) check it. Kept only where a figure moves to it."""
    if len(totals) != 1 or totals[0].total_side != 1:
        return None
    right = totals[0]
    left = _Row(key="总计", start=right.at, end=right.at, label=["总计"], at=right.at, line=right.line)
    left.total_side = 0
    rows.insert(next(k for k, r in enumerate(rows) if r is right), left)
    totals.insert(0, left)
    return left


def _line_number_text(text: str) -> bool:
    """Digits that may be a 行次 (three at most)."""
    return text.isdigit() and len(text) <= 3


def _total_sides(totals: list[_Row], lines: int) -> None:
    """The side of each 总计 whose own 行次 is printed right after its label: K is the left one's, 2K the right
    one's. tesseract sets a summary's last row apart, one cell a text block, and may lose the left 总计's label
    (``30 61`` / ``31`` / ``1;,903.01`` / ``总计`` / ``62`` / ``1,903.01``: seeds 000 and 002, draws F and G);
    the one 总计 printed is then the right one, though printed first — read as the left one, its figure went to
    收入总计 and 支出总计 was never read. Two 总计 naming the same side say nothing."""
    sides = {}
    for r in totals:
        x = _number_after_label(r)
        if x is not None and int(x.text) in (lines, 2 * lines):
            sides[id(r)] = int(x.text) // lines - 1
    if len(set(sides.values())) == len(sides):
        for r in totals:
            r.total_side = sides.get(id(r))


def _right_offset(spec: TableSpec, rows: list[_Row], ordinals: dict[int, int], totals: set[int]) -> int | None:
    """K of a two-sided summary whose 总计 rows do not both print their 行次 (seed 003, draw H: the left 总计's
    label lost, ``年末结转和结余 60 30 61 31 741.64 总计 62``): the 行次 the right side's ordinal rows print first
    after their labels, less their ordinals, when most of them agree (``一般公共服务支出 32``: K = 31) — and the
    left side's rows are numbered from 1 and the 总计 printed is K or 2K."""
    right = [r for r in rows if id(r) in ordinals and _side_of(spec, strip_label("".join(r.label))) == 1]
    left = [r for r in rows if id(r) in ordinals and _side_of(spec, strip_label("".join(r.label))) == 0]
    offsets = Counter(int(x.text) - ordinals[id(r)] for r in right if (x := _number_after_label(r)) is not None)
    if not offsets:
        return None
    k, count = offsets.most_common(1)[0]
    if count * 2 <= len(right) or k <= max((ordinals[id(r)] for r in left), default=0):
        return None
    # (the left side's ordinal rows may be too few to show its numbering — ``一、`` lost, ``二`` a box of its own —
    # where its 总计 printing K does: seed 000's heavy scan, draw H; tesseract's of seed 003, draw F)
    left_numbered = _numbered(left, ordinals, 0) or k in totals
    if not (_numbered(right, ordinals, k) and left_numbered) or not totals <= {k, 2 * k}:
        return None
    return k


def _line_number_moves(
    doc: Document, r: _Row, own: int | None, mine: range, by_number: dict[int, _Row], every: range
) -> list[tuple[_Row, int, list[_Tok]]]:
    """``_figures_by_line_number`` for one row whose 行次 is ``own``, of a side numbered ``mine`` (of ``every``
    行次 of the table): each figure after its label goes with the last 行次 before it — its own, another ordinal
    row's of its side, or any of the other side's (whose row may be no ordinal row, or its label lost). The
    first whole number after the label is its own 行次 with a digit lost when it is part of it
    (``十九、住房保障支出 5 | 61.57``); the other side's 行次 stands apart (``邓|8g.17`` is a figure garbled) and
    has two digits (a lone digit is as often a ruling line: ``六、科学技术支出 38 1 1.550.75``). A row of no
    ordinal (``own`` None: 合计, 结余) has a 行次 of its own side the template does not fix: only a figure after
    the other side's, with none of its own side's between, is moved. Returns (row, 行次, figures) per 行次 that
    names figures of the row's away from it (``_apply_moves`` moves them)."""
    after: dict[int, list[_Tok]] = {}  # 行次 → the row's figures printed after it
    first = _number_after_label(r)
    first = first if first is not None and first.text in str(own) else None

    def names(s: _Tok) -> bool:
        n = int(s.text) if s.text.isdigit() else 0
        if n in mine:
            return own is None or n in by_number
        return n in every and n >= 10 and s is not first and _standalone(doc.text.clean, s)

    printed = sorted(r.stray, key=lambda s: s.start)  # (the last printed before a figure: a line of 行次 floats)
    for x in (x for x in r.nums if x.start > r.at):
        named = [int(s.text) for s in printed if s.start < x.start and names(s)]
        # (a row of no ordinal takes its side's 行次 for its own — but not K, the left 总计's: ``_lost_left_total``)
        total = by_number.get(named[-1]) if named else None
        ours = own is None and named and named[-1] in mine and (total is None or total.total_side is None)
        if named and named[-1] != own and not ours:
            after.setdefault(named[-1], []).append(x)
    return [(r, number, figures) for number, figures in after.items()]


def _number_after_label(r: _Row) -> _Tok | None:
    """The first whole number printed after a two-sided row's label: its 行次, where the table prints them."""
    return next((s for s in r.stray if s.start > r.at and s.text.isdigit()), None)


def _apply_moves(
    doc: Document, t: Table, moves: list[tuple[_Row, int, list[_Tok]]], by_number: dict[int, _Row], notes: list[Unread]
) -> None:
    """Moves each row's figures to the row whose 行次 they follow (``_line_number_moves``), when that row prints
    none of its own once the figures that are not its own have left it: seed 002's heavy scan (RapidOCR, draw F)
    prints ``年末结转和结余 60 30 61 31 851.17 总计 62 851.17 总计`` — the first 总计 label's figure follows 62
    and goes to the right 总计, so the figure after 31 is the left 总计's. A figure whose 行次 names no row
    (another side's row of no ordinal, its label lost), or a row that keeps figures of its own, is unread."""
    for r, _, figures in moves:
        r.nums = [x for x in r.nums if all(x is not f for f in figures)]
    for r, number, figures in moves:
        label = strip_label("".join(r.label))
        owner = by_number.get(number)
        if owner is None:
            why = _OTHER_SIDES_NUMBER.format(number=number, label=label)
        elif owner.nums:
            owner_label = strip_label("".join(owner.label))
            why = _OTHER_ROWS_NUMBER.format(number=number, label=owner_label)
        else:
            owner.nums = figures
            owner.start = min(owner.start, figures[0].start)
            owner.end = max(owner.end, figures[-1].end)
            continue
        notes.extend(_note(doc, f"{t.kind}/{label}", why, x.start, x.end, x.text) for x in figures)


def _standalone(clean: str, x: _Tok) -> bool:
    """Whether a token is printed apart, as a 行次 is — not a piece of a figure the OCR garbled (``8g.17``)."""
    return (x.start == 0 or clean[x.start - 1].isspace()) and (x.end == len(clean) or clean[x.end].isspace())


def _numbered(rows: list[_Row], ordinals: dict[int, int], offset: int) -> bool:
    """Whether most ordinal rows print their own 行次 (ordinal + ``offset``) or a neighbour's among their words."""
    near = sum(
        1 for r in rows if any(x.text.isdigit() and abs(int(x.text) - offset - ordinals[id(r)]) <= 1 for x in r.stray)
    )
    return len(rows) >= 3 and near * 2 > len(rows)


_TOTALS = ("总计", "合计")


def _garbled_total(word: str) -> bool:
    """A word that is 总计 or 合计 with one character misread (``已计``, ``总汁``)."""
    text = key_text(word)
    return len(text) == 2 and any(edits(text, total) <= 1 for total in _TOTALS)


def _out_of_order(doc: Document, t: Table, why: str) -> Unread:
    """The note for a table whose text is not in row order (``why``): refused whole, never paired by position."""
    return _note(
        doc,
        t.kind,
        f"the text is not in row order: {why}, so no figure can be told to be in a row; convert the PDF keeping "
        "its layout (pdftotext -layout) or read the PDF itself",
        t.body_start,
        t.body_end,
    )


def _two_sided_units(
    doc: Document,
    t: Table,
    spec: TableSpec,
    rows: list[_Row],
    notes: list[Unread],
    floating: set[int],
    decimal: bool = False,
) -> list[Unit]:
    """A unit per label: its side by the label vocabulary (or its place on the line, or figures more than the
    income side has columns), keyed as the side keys it, its figures the side's columns; a ``floating`` figure
    (by id) is one ``Num`` shared by the two rows that may own it (``_leading_figures``)."""
    clean = doc.text.clean
    decimal = decimal or t.unit == "万元"  # (万元 tables print cents: a heavy scan that lost most points still does)
    num_of = {id(x): _bare_figure(_tok_num(x)) if decimal else _tok_num(x) for r in rows for x in r.nums}
    for x in floating:
        num_of[x].floating = True
    states = [_SideState(), _SideState()]
    used: list[set[str]] = [set(), set()]
    units: list[Unit] = []
    last_line, last_side = -1, -1
    for r in rows:
        label = _unprefixed(spec, strip_label("".join(r.label)))
        label = "总计" if label not in _TOTALS and _garbled_total(label) else label  # (总计 garbled: ``已计``)
        side = _side_of(spec, label)
        if side is None:  # a label of either side (总计): the right one on a line, or its second printing
            again = spec.sides[0].canonical(label) in used[0] and not states[0].group
            right = r.after_figures or len([x for x in r.nums[r.ahead :] if id(x) not in floating]) > 1
            right = right and spec.sides[1].canonical(label) in spec.sides[1].vocabulary  # (总计, not a garbled label)
            side = 1 if (r.line == last_line and last_side == 0) or again or right else 0
            side = side if r.total_side is None else r.total_side
        last_line, last_side = r.line, side
        key = states[side].key(spec.sides[side], _class_name(label) if side == 1 else label)
        used[side].add(key)
        merged = spec.sides[side].merged(key.rsplit("/", 1)[-1])  # (a group's row is keyed group/label)
        run_into = (
            "header words"
            if _HEADER_IN_LABEL.search(key)
            else "another row's label (two rows on one line)"
            if merged
            else None
        )
        if run_into:
            notes.extend(
                _note(
                    doc,
                    f"{t.kind}/{key}",
                    f"a label run into {run_into}: the row is not read",
                    tok.start,
                    tok.end,
                    tok.text,
                )
                for tok in r.nums
            )
            continue
        cols = [c.key for c in spec.sides[side].columns]
        notes.extend(_note(doc, f"{t.kind}/{key}", _DAMAGED_AWAY, x.start, x.end, x.text, key) for x in r.damaged)
        unit = Unit(
            key=key,
            nums=[num_of[id(tok)] for tok in r.nums],
            slots=[(key, c) for c in cols],
            start=r.start,
            end=r.end,
            at=r.at,
            label=label,
            side=side,
            ahead=r.ahead,
            inner=r.inner,
            straddles=r.straddles,
            picks=r.picks,
        )
        # its figure printed damaged, or printed only damaged (``1933.'01``; not digits alone: ``29 61`` is two
        # 行次), or cut by the OCR (``四,93``): its cells may be unknown, not misread
        damaged = [
            (n.damaged and not n.text.replace(" ", "").isdigit()) or (decimal and _point_lost(n.text))
            for n in unit.nums
        ]
        cut = [x for x in r.stray if _cut_figure(clean, x)]
        unit.damaged = bool(r.damaged or (damaged and all(damaged)) or cut)
        if cut and not r.nums:  # (``本年支出合计 58 10°30.°01``: the row prints no figure but this one)
            a, b = _printed_word(clean, cut[0])
            notes.append(_note(doc, f"{t.kind}/{key}", _CUT_AWAY, a, b, clean[a:b], key))
        unit.damaged = unit.damaged or _next_line_number(r)
        glued = None if r.nums or cut else _glued_figure(clean, r, rows)
        if glued is not None:  # (``六、科学技术支出 3人|澡寺5500D``: its figure glued to junk, no amount to read)
            notes.append(_note(doc, f"{t.kind}/{key}", _GLUED_AWAY, *glued, clean[glued[0] : glued[1]], key))
            unit.damaged = True
        # (a row whose one figure is such digits, none read beside them: ``总计 31 851217``)
        lost = [x for x in r.stray if decimal and not r.nums and x.start > r.at and _point_lost(x.text)]
        notes.extend(_note(doc, f"{t.kind}/{key}", _POINT_LOST, x.start, x.end, x.text, key) for x in lost)
        unit.damaged = unit.damaged or bool(lost)
        units.append(unit)
    if _BETWEEN.get():
        _garbled_between(spec, units)
    return units


_POINT_LOST = (
    "digits printed without the decimals the table's figures carry (a point lost): the row's cells are unknown"
)


def _point_lost(text: str) -> bool:
    """Digits alone, four or more with no space, in a summary that prints its figures with decimals: a figure whose
    point the OCR lost or read as a digit (``总计 31 851217`` for 851.17, seed 002 draw F; ``住房保障支出 51 | 261 .57
    | 6157`` for 61.57, draw G) — no 行次 (two digits at most: ``29 61`` is two), so, no reading of it confirmed,
    its row's cells are unknown rather than failing the table."""
    return len(text) >= 4 and text.isdigit()


def _bare_figure(n: Num) -> Num:
    """A two-sided table that prints its figures with decimals, a figure of one to three bare digits among them
    (``债务还本支出 55``, ``教育支出 3``): a 行次 or a fragment of a figure as often as a figure whose ``.00`` the
    OCR lost — read as that figure only where an identity confirms it (a repair), else unread with its print."""
    if len(n.readings) != 1 or n.readings[0].repaired or not (n.text.isdigit() and len(n.text) <= 3):
        return n
    n.readings, n.optional = (Reading(n.cents, True),), True
    return n


def _next_line_number(r: _Row) -> bool:
    """Whether a two-sided row prints the next row's 行次 before a figure (``国有资本经营预算财政拨款 31 63`` /
    ``32 741.64``, the next row's label 总计 lost by the OCR): that figure is the label-less row's, not this
    one's, so the row's cells are unknown — read only when, the row set aside, every identity holds
    (``_without_damaged``). The row's own 行次 is the first whole number after its label; a 行次 of the other
    side (63) is never one more than it."""
    # (after its label: ``30 61`` / ``总计`` / ``62`` / ``851.17`` prints 61 before 总计, a blank row's 行次)
    printed = sorted([x for x in [*r.stray, *r.nums] if x.start > r.at], key=lambda x: x.start)
    numbers = [(k, m.group(1)) for k, x in enumerate(printed) if (m := _LINE_NUMBER_LEAD.match(x.text))]
    if len(numbers) < 2 or numbers[0][0] != 0:
        return False
    own = int(numbers[0][1])
    return any(int(n) == own + 1 and any(x.decimal for x in printed[k:]) for k, n in numbers[1:])


_LINE_NUMBER_LEAD = re.compile(r"(\d{1,2})(?: |$)")  # a 行次 alone, or joined to the figure after it (``32 741.64``)


def _cut_figure(clean: str, x: _Tok) -> bool:
    """Digits among a two-sided row's figures printed right after a decimal mark (``四,93`` for 21.93): the tail
    of a figure the OCR damaged beyond reading, not a 行次 (which stands on its own)."""
    return len(x.text) >= 2 and x.start > 0 and clean[x.start - 1] in OCR_SEPARATORS + OCR_SPECKS


_DAMAGED_AWAY = "its figure, printed damaged a line off its label, reads as no amount: the row's cells are unknown"
_CUT_AWAY = "its figure is printed damaged beyond reading (digits cut by marks): the row's cells are unknown"


_GLUED_AWAY = (
    "its figure is printed glued to marks the OCR read as letters, beyond reading: the row's cells are unknown"
)
_GLUED = re.compile(r"\S*?[^\s\d.,:]\S*?\d{3,}\S*|\S*?\d{3,}[^\s\d.,:]\S*")


def _glued_figure(clean: str, r: _Row, rows: list[_Row]) -> tuple[int, int] | None:
    """A two-sided row that prints no figure, where a word after its label on its line holds three digits or more
    glued to other marks (``3人|澡寺5500D`` for 1,550.75, seed 000's table 01 on tesseract, draw AD): its figure,
    damaged beyond reading as an amount. Read as a blank it failed 本年支出合计 = Σ 类, and the whole table was
    distrusted (1 of 9 read); unknown, the sums it is in are open. The span of that word, or None."""
    end = clean.find("\n", r.at)
    end = len(clean) if end < 0 else end
    later = [x.at for x in rows if r.at < x.at < end]
    end = min(later, default=end)
    words = list(_GLUED.finditer(clean, r.at, end))
    return (words[-1].start(), words[-1].end()) if words else None


def _printed_word(clean: str, x: _Tok) -> tuple[int, int]:
    """The span of the whole print a token is cut from: the run of characters around it up to a space."""
    a, b = x.start, x.end
    while a > 0 and not clean[a - 1].isspace():
        a -= 1
    while b < len(clean) and not clean[b].isspace():
        b += 1
    return a, b


def _leading_figures(clean: str, spec: TableSpec, rows: list[_Row]) -> set[int]:
    """Rows an OCR tool rebuilt from a skewed scan's boxes may print a line's first figures before its first label
    (``9746.50 本年支出合计 9759.38`` / ``本年收入合计``, ``32 741.64 总计 64 741.64`` / ``总计``): a box sits
    higher or lower than the label it stands right of, so its row's label fell on the line below (or above).
    Boxes of a line are printed left to right, so figures before the line's first label stand left of it: that
    label is the expenditure side's, and the figures are the income side's — never the row above's on the
    expenditure side, which the reading by order gave them. They are the income-side row of the line above or
    below that prints no figure: with one such row, they float between it and the row they were given to; with
    two, between those two; the identities decide (``placement``: a figure either row may own is unread). A
    figure with no clean reading goes to its one such row as a damaged print: the row's cells are unknown.
    Returns the floating figures (by id); the rows' ``nums`` and ``ahead`` say who may own them."""
    floating: set[int] = set()
    firsts: dict[int, _Row] = {}
    for r in rows:
        firsts.setdefault(r.line, r)
    leads = {
        k: [x for x in rows[k - 1].nums if clean.count("\n", 0, x.start) == rows[k].line and x.start < rows[k].start]
        for k in range(1, len(rows))
        if firsts.get(rows[k].line) is rows[k]
    }
    # (a row whose only figures lead the next line by order holds none of its own: ``年初结转和结余`` / ``2,995.39
    # 总计 2,995.39`` — it is as free to own the figures leading the line above as a row printing none)
    leading = {id(x) for lead in leads.values() for x in lead}
    for k, lead in leads.items():
        q, p = rows[k], rows[k - 1]
        lead = [x for x in lead if x in p.nums]
        if not lead or any(id(x) in floating for x in lead):
            continue
        q.after_figures = True
        income = [r for r in (firsts.get(q.line - 1), firsts.get(q.line + 1)) if r is not None and r is not q]
        free = [
            r
            for r in income
            if _side_of(spec, strip_label("".join(r.label))) != 1 and all(x in lead or id(x) in leading for x in r.nums)
        ]
        if len(free) == 1 and any(x.readings and all(r.repaired for r in x.readings) for x in lead):
            p.nums = [x for x in p.nums if x not in lead]  # no clean reading: its row's cells are unknown
            free[0].damaged.extend(lead)
            continue
        owners = sorted([p, *free] if len(free) == 1 else free, key=lambda r: (r.line, r.start))
        if len(owners) != 2 or owners[0] is owners[1]:
            continue
        upper, lower = owners
        for r in (p, upper, lower):
            r.nums = [x for x in r.nums if x not in lead]
        upper.nums = [*upper.nums, *lead]
        lower.nums = [*lead, *lower.nums]
        lower.ahead = len(lead)
        floating.update(id(x) for x in lead)
    return floating


_LABEL_WORD = re.compile(r"[\u4e00-\u9fff]")


def _line_ahead(clean: str, spec: TableSpec, rows: list[_Row]) -> set[int]:
    """Text that prints every OCR box on a line of its own lists a line's boxes by their tops, and figure boxes
    may sit higher than the labels beside them: a line's figures then come out ahead of both its labels
    (``2,940.05 | 2,940.05 | 本年收入合计 | 本年支出合计 | 2,940.05``), after the labels of the row above, which
    the reading by order gives them. When an income-side label with no figure is followed at once by an
    expenditure-side label with figures after it, the figures printed between the row above's label and the
    two are the row above's, the left row's or the right row's, in that order along the line: the row above
    takes a head of them, the left row any run, the right row a tail (with its own after its label); the
    identities decide (``placement``: a figure no one reading owns is unread). A line of totals (合计, 总计:
    every report prints their figures) may print both its labels after them, neither with a figure after it,
    in either order (``9746.50 ×3 | 本年支出合计 | 本年收入合计``: ghzy draw C, czj draw A, the right label higher;
    ``2,940.05 ×3 | 本年收入合计 | 本年支出合计``: czj draw E): the same line, read the same way. Returns the
    floating figures (by id)."""
    floating: set[int] = set()
    for p, left, right in zip(rows, rows[1:], rows[2:], strict=False):
        sides = tuple(_side_of(spec, strip_label("".join(r.label))) for r in (left, right))
        bare = not (left.nums or left.stray or right.nums or right.stray)
        totals = bare and all(_TOTAL_LABEL.search(strip_label("".join(r.label))) for r in (left, right))
        line_of_totals = totals and sides in ((0, 1), (1, 0))  # (labels in either order, the figures before both)
        if line_of_totals and sides == (1, 0):
            left, right = right, left  # its right label printed first
        elif not line_of_totals and (
            sides != (0, 1) or left.nums or left.stray or not right.nums or right.nums[0].start < right.at
        ):
            continue
        if p.ahead:
            continue
        lead: list[_Tok] = []
        for x in reversed(p.nums):  # the figures printed last before the left label, no word between
            if (
                x.start < p.at
                or id(x) in floating
                or _LABEL_WORD.search(clean, x.end, lead[0].start if lead else min(left.at, right.at))
            ):
                break
            lead.insert(0, x)
        if not lead:
            continue
        left.nums, left.ahead, left.inner = list(lead), len(lead), True
        right.nums, right.ahead, right.straddles = [*lead, *right.nums], len(lead), True
        left.start = right.start = min(left.start, lead[0].start)
        floating.update(id(x) for x in lead)
    return floating


def _first_line_reversed(spec: TableSpec, rows: list[_Row]) -> set[int]:
    """Text that prints every OCR box on a line of its own may list the table's first line with its right label
    higher than its left one, and its figures higher than both (``9746.50`` / ``一般公共服务支出`` /
    ``般公共预算财政拨款``: ghzy's heavy scan, draw G), as ``_line_ahead`` reads a line of totals so printed; the
    first line has no row above, so ``_stream_rows`` gives the figures to the first label, the expenditure
    side's. When that row's figures all stand ahead of its label and the next label is the income side's with
    no figure, the figures are the left row's or the right row's, as along a line of ``_line_ahead``; the
    identities decide (a figure no one reading owns is unread). Returns the floating figures (by id)."""
    k = next((k for k, r in enumerate(rows) if r.nums), None)
    if k is None or k + 1 >= len(rows):
        return set()
    right, left = rows[k], rows[k + 1]
    sides = tuple(_side_of(spec, strip_label("".join(r.label))) for r in (left, right))
    lead = [x for x in right.nums if x.start < right.at]
    if sides != (0, 1) or left.nums or left.stray or right.ahead or not lead or len(lead) != len(right.nums):
        return set()
    left.nums, left.ahead, left.inner = list(lead), len(lead), True
    right.ahead, right.straddles = len(lead), True
    left.start = min(left.start, lead[0].start)
    return {id(x) for x in lead}


def _drop_line_numbers(clean: str, toks: list[_Tok]) -> list[_Tok]:
    """Whole-yuan text of a table with a 行次 column (``本年收入合计 27 8511700``): the 行次 numbers are whole
    numbers like the amounts. When the header names 行次 (or 行), a whole number right after a label, first on
    its line or after another such number is a 行次 number if the table numbers another row one apart from it
    (27 beside 26 or 28): amounts are seldom consecutive numbers below 1000."""
    first = next((t for t in toks if t.number), None)
    if first is None or not _LINE_NUMBER_HEADER.search(clean[toks[0].start : first.start]):
        return toks

    candidates: dict[int, int] = {}
    for i, t in enumerate(toks):
        line_first = i == 0 or clean.rfind("\n", 0, t.start) >= toks[i - 1].end
        after = line_first or not toks[i - 1].number or i - 1 in candidates  # (a line of 行次 only: ``30 61``)
        if t.number and t.text.isdigit() and len(t.text) <= 3 and after:
            candidates[i] = int(t.text)
    values = set(candidates.values())
    drop = {i for i, v in candidates.items() if v - 1 in values or v + 1 in values}
    return [t for i, t in enumerate(toks) if i not in drop]


_LINE_NUMBER_HEADER = re.compile(r"行次|(?<![\u4e00-\u9fff])行(?![\u4e00-\u9fff])")
_TOTAL_LABEL = re.compile(r"(?:合计|总计)$")


#: anything printed like an amount: a number with a point or a thousands comma (a 行次 or a page number has neither)
_AMOUNT = re.compile(r"\d[.,:]\s?\d")


def _figures_after(clean: str, rows: list[_Row], k: int, end: int) -> bool:
    """Whether anything like a figure (a digit, even of a number OCR broke) is printed between row ``k``'s
    label and the next row."""
    stop = rows[k + 1].start if k + 1 < len(rows) else end
    return rows[k].nums != [] or any(ch.isdigit() for ch in clean[rows[k].end : stop])


@lru_cache(maxsize=4096)
def _class_name(label: str) -> str:
    """An expenditure label OCR garbled (``社会保障和吉业支出``, ``国防文出``) as the one 类 of the function
    classification within a character or two of it (one for every four printed); the label itself otherwise.
    (Labels repeat from report to report: cached; a name too long or short to be near is not compared.)"""
    return nearest(label, _class_codes())


@cache
def _class_codes() -> dict[str, str]:
    """The function classification's 类: official name → code."""
    return {e.name: c for c, e in codebook("function").entries.items() if len(c) == 3}


_BARE_ORDINAL = re.compile(rf"[{CN_DIGITS}]{{1,3}}、?")
_HEADER_IN_LABEL = re.compile(r"决算数|预算数|单位[:：]|万元|栏次|科目编码|科目名称|^项目|金额")
_CONTINUATIONS = ("的", "和", "及", "与", "等", "费", "出", "支出", "收入", "款", "拨款")


def _side_of(spec: TableSpec, label: str) -> int | None:
    """The side a label belongs to by the template's label vocabulary — what its labels look like, else the one
    side with a row key the label is near (OCR garbled it: ``一般公共预算财政拨坎``); None when it could be either."""
    hits = [s for s, side in enumerate(spec.sides) if side.labels is not None and side.labels.search(label)]
    if not hits:
        hits = [s for s, side in enumerate(spec.sides) if side.nearest(side.canonical(label)) in side.vocabulary]
    if not hits and (name := _class_name(label)) != label and name in _class_codes():
        # a 类 of the function classification OCR garbled (``卫生健康文出``): the side whose labels its name has
        hits = [s for s, side in enumerate(spec.sides) if side.labels is not None and side.labels.search(name)]
    return hits[0] if len(hits) == 1 else None


def _share_figures_below(doc: Document, t: Table, clean: str, rows: list[_Row], notes: list[Unread]) -> None:
    """A two-sided table whose figures print on the line below their labels (``segment.figures_below``): the
    two labels of a line (``本年收入合计 本年支出合计``) share the figures of the line below (``2,946.25
    2,940.05``) in order. One figure under two labels does not say which side it is on: it is not read."""
    for left, right in itertools.pairwise(rows):
        below = [n for n in right.nums if "\n" in clean[right.start : n.start]]  # on a line after the label's
        if left.line != right.line or left.nums or not below or len(below) != len(right.nums):
            continue
        if len(below) == 2:
            left.nums, right.nums = [below[0]], [below[1]]
        elif len(below) == 1:
            right.nums = []
            n = below[0]
            what = f"{t.kind}/{strip_label(''.join(left.label))} or {strip_label(''.join(right.label))}"
            notes.append(_note(doc, what, "one figure printed below two labels: its side is not shown", n.start,
                               n.end, n.text))  # fmt: skip


def _next_line_numbers(
    doc: Document, t: Table, clean: str, rows: list[_Row], notes: list[Unread], floating: set[int]
) -> None:
    """A row printing its 行次 on its label's line (``年初结转和结余 29``) and, on a line below, a 行次 just after
    it (``31``: the row of the next 行次 whose label the OCR lost, ``总计``) before a figure: that figure is printed
    in the row of the later 行次, not this one. It is not read (the row it stands in prints no label) — unless it
    already floats between two rows that may own it (``_leading_figures``: the identities decide)."""
    for r in rows:
        line = clean.count("\n", 0, r.at)  # (its label's line: ``start`` may be a figure's above it)
        own = [int(x.text) for x in r.stray if x.text.isdigit() and clean.count("\n", 0, x.start) == line]
        later = [
            x
            for x in r.stray
            if x.text.isdigit() and clean.count("\n", 0, x.start) > line and any(n < int(x.text) <= n + 3 for n in own)
        ]
        if not later:
            continue
        cut = min(x.start for x in later)
        moved = [x for x in r.nums if x.start > cut and id(x) not in floating]
        r.nums = [x for x in r.nums if all(x is not m for m in moved)]
        what = f"{t.kind}/{strip_label(''.join(r.label))}"
        notes.extend(_note(doc, what, _NEXT_LINE_NUMBER, x.start, x.end, x.text) for x in moved)


_NEXT_LINE_NUMBER = "printed after a later row's 行次 (that row's label not printed): not this row's figure"


def _line_numbers(clean: str, rows: list[_Row]) -> None:
    for r in rows:
        r.line = clean.count("\n", 0, r.start)


def _stream_items(doc: Document, t: Table, spec: TableSpec, notes: list[Unread]) -> list[Unit]:
    clean = doc.text.clean
    toks = _tokens(clean, t)
    decimal = _table_decimal(clean, t, toks)

    def start_at(i: int) -> tuple[str, int] | None:
        tok = toks[i]
        if tok.number:
            return None
        item = spec.item_for(strip_label(tok.text)) or _wrapped_item(spec, toks, i)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        return (item, 1) if item is not None and nxt is not None and nxt.amount(decimal) else None  # (or damaged)

    rows = [r for r in _stream_rows(toks, start_at, decimal) if r.nums]
    header = _header_words(clean, t.body_start, toks, rows)
    col_keys = [c.key for c in spec.columns]
    if len(rows) >= 2:  # long layout: one row per item
        _labelless_lines(doc, t, rows, len(col_keys), notes)
        order = sorted(col_keys, key=lambda k: header.find(k[:2]) if header.find(k[:2]) >= 0 else 99)
        return [
            Unit(
                key=r.key,
                nums=[_tok_num(x) for x in r.nums],
                slots=[(r.key, c) for c in order],
                start=r.start,
                end=r.end,
                label=strip_label("".join(r.label)),
            )
            for r in rows
        ]
    nums = [x for x in toks if x.amount(decimal)]
    if not nums:
        return []
    slots = _wide_order(spec, header, clean, t, toks)
    holed = _wide_holes(doc, spec, toks, nums, slots, notes)
    if holed is not None:
        return [holed]
    unit = Unit(key="三公", nums=[_tok_num(x) for x in nums], slots=slots, start=nums[0].start, end=nums[-1].end)
    unit.lines = _line_runs(clean, nums)
    return [unit]


def _wide_holes(
    doc: Document, spec: TableSpec, toks: list[_Tok], nums: list[_Tok], slots: list[Slot], notes: list[Unread]
) -> Unit | None:
    """The wide 三公 row on one line where OCR damaged a figure or two beyond reading as amounts (``289`` and
    ``由39`` for 2.85 and 0.39; ``2 35``, ``485``, ``呈.85``: ghzy's on tesseract's light scans of draws K, L, M, P
    and Q — the whole table was unread, its figures one short of its cells). Where the line's figures and such
    prints (digits with no point; two of them a space apart are one) are exactly one per cell, each takes its cell
    by place. A damaged cell's value is what the identities (合计 = Σ items, 购置及运行费 = 购置费 + 运行维护费) make
    it from the others; it is read — repaired, its print kept — only where its print is a documented reading of
    that value (``normalize.reads_as``: a digit lost, or its point lost and a digit misread) and every identity
    then holds, exactly (a rounding's cent is left to the reading by order). Where two such readings of the row
    hold (``_hole_seeds``), a damaged cell they read differently is unread, the rest stand. Otherwise the table is
    read as before."""
    clean = doc.text.clean
    line = {clean.count("\n", 0, x.start) for x in nums}
    if len(line) != 1:
        return None
    at = line.pop()
    cells: list[list[_Tok]] = []
    for x in (x for x in toks if x.number and clean.count("\n", 0, x.start) == at):
        if _hole(x) and cells and _hole(cells[-1][-1]) and clean[cells[-1][-1].end : x.start] == " ":
            cells[-1].append(x)  # (``2 35``: one print a space apart)
        else:
            cells.append([x])
    holes = [k for k, c in enumerate(cells) if _hole(c[0])]
    if len(cells) != len(slots) or not holes or len(holes) * 3 > len(cells):
        return None
    known = {slots[k]: _tok_num(c[0]).cents for k, c in enumerate(cells) if k not in holes}
    eqs = equations(spec, [Unit(key="三公", nums=[], slots=slots)])
    _derive(known, eqs)
    texts = [clean[c[0].start : c[-1].end] for c in cells]
    found = _hole_seeds(cells, holes, slots, known, eqs, texts)
    if not found:
        return None
    out: list[Num] = []
    fixed: list[Slot] = []
    for k, c in enumerate(cells):
        values = {v[slots[k]] for v in found}
        if k not in holes:
            out.append(_tok_num(c[0]))
        elif len(values) == 1:
            value = values.pop()
            out.append(Num(c[0].start, c[-1].end, texts[k], value, (Reading(value, True),)))
        else:  # (two readings of the row hold, each with its own value here: which print is damaged how is open)
            why = _HOLE_OPEN.format(", ".join(plain(v) for v in sorted(values)))
            notes.append(_note(doc, f"{spec.id}/{slots[k][0]}", why, c[0].start, c[-1].end, texts[k], slots[k][0]))
            continue
        fixed.append(slots[k])
    return Unit(key="三公", nums=out, slots=slots, start=out[0].start, end=out[-1].end, fixed=fixed)


_HOLE_OPEN = (
    "damaged print: the row's identities hold with it read as any of {} (the other damaged prints read to match)"
)


def _hole_seeds(
    cells: list[list[_Tok]],
    holes: list[int],
    slots: list[Slot],
    known: dict[Slot, int],
    eqs: list[Equation],
    texts: list[str],
) -> list[dict[Slot, int]]:
    """Each complete reading of the 三公 row's damaged cells: what the identities leave open is taken from what a
    damaged print still reads (``2 85`` is 2.85; ``285`` 2.85 with its point lost; ``2285`` 22.85 so, or 2.85 with
    its point read as a digit) — each such value of each print in turn, the rest from prints of one reading, as
    before. Taking only the first print's first reading, ghzy's ``2285`` … ``285`` (合计 and 公务接待费, tesseract,
    draw AC) made both 22.85 — emitted twice for 2.85, which reads both prints as well. A reading counts where
    every identity holds exactly and each damaged print reads as its value (``reads_as``)."""
    ones = [k for k in holes if len(cells[k]) == 1 and len(cells[k][0].readings) == 1]
    seeds = [(k, v) for k in holes if len(cells[k]) == 1 for v in _hole_values(cells[k][0], texts[k])]
    out: list[dict[Slot, int]] = []
    tries: list[tuple[int, int] | None] = [*seeds] or [None]
    for seed in tries:
        values = dict(known)
        for k, v in [*([seed] if seed is not None else []), *((k, cells[k][0].readings[0].cents) for k in ones)]:
            if slots[k] not in values:
                values[slots[k]] = v
                _derive(values, eqs)
        if any(s not in values for e in eqs for s in e.slots()) or not all(holds_exactly(e, values) for e in eqs):
            continue
        if all(values[slots[k]] >= 0 and reads_as(texts[k], plain(values[slots[k]])) for k in holes):
            out.append(values)
    return out


def _hole_values(x: _Tok, text: str) -> list[int]:
    """The values (cents) a damaged 三公 print reads as by itself: its one reading, or — digits only — its point
    lost before the last two, or read as the digit there (``normalize.pointless``)."""
    if len(x.readings) == 1:
        return [x.readings[0].cents]
    digits = normalize_value(text) or ""
    if not digits.isdigit() or len(digits) < 3:
        return []
    values = {f"{digits[:-2]}.{digits[-2:]}"} | ({f"{digits[:-3]}.{digits[-2:]}"} if len(digits) >= 4 else set())
    return sorted(_cents(v) for v in values if pointless(text, v))


def _hole(x: _Tok) -> bool:
    """A print of the 三公 row that is no clean amount: digits without a point (``289``), or a damaged print
    whose every reading is a repair (``2520``, read 25.20)."""
    return not x.amount(True) or bool(x.readings and all(r.repaired for r in x.readings))


def _derive(known: dict[Slot, int], eqs: list[Equation]) -> None:
    """Fill in ``known`` every cell an identity fixes from the others (one unknown at a time, until none)."""
    more = True
    while more:
        more = False
        for e in eqs:
            unknown = [s for s in e.slots() if s not in known]
            if len(unknown) != 1:
                continue
            known[unknown[0]] = _solved_for(e, unknown[0], known)
            more = True


def _solved_for(e: Equation, s: Slot, known: dict[Slot, int]) -> int:
    """The value of cell ``s``, printed once in identity ``e``, from its other cells (``known``)."""
    rest = sum(sign * known[x] for sign, x in e.terms if x != s)
    return rest if s == e.lhs else next(sign for sign, x in e.terms if x == s) * (known[e.lhs] - rest)


def _labelless_lines(doc: Document, t: Table, rows: list[_Row], columns: int, notes: list[Unread]) -> None:
    """A figure for every column printed on lines below a 三公 item whose own line prints one for every column
    (each with its decimals): the row of an item whose label the OCR lost (``3、公务用车购置及运行费 5.74 |
    3.65`` / ``5.74| 3.65`` / (blank) / ``(2)公务用车购置费``, seed 002 draw G: the line is 运行维护费's). Which
    item's, nothing printed says — the identity 购置及运行费 = 运行维护费 + 购置费 holds with them under either
    child — so they are unread, and the item keeps the figures of its own line."""
    clean = doc.text.clean
    for r in rows:
        line = clean.count("\n", 0, r.at)
        own = [x for x in r.nums if clean.count("\n", 0, x.start) == line]
        later = [x for x in r.nums if x.start > r.at and clean.count("\n", 0, x.start) > line]
        whole = len(own) == len(later) == columns and len(own) + len(later) == len(r.nums)
        if not whole or not all(x.decimal for x in r.nums):  # (two rows' figures, each printed with its point)
            continue
        r.nums = own
        what = f"{t.kind}/{strip_label(''.join(r.label))}"
        notes.extend(_note(doc, what, _LABELLESS_LINE, x.start, x.end, x.text) for x in later)


_LABELLESS_LINE = (
    "printed on a line of its own below a row whose figures are all on its label's line: a row whose label was lost"
)


def _wrapped_item(spec: TableSpec, toks: list[_Tok], i: int) -> str | None:
    """The item of a label whose last character or two wrapped to a line of their own, printed after the row's
    figures (one OCR box per line: ``其中：(1)公务用车运行维护`` / ``5.74`` / ``3.65`` / ``费``) — figures printed
    with their decimals: ``300 | 181`` for 3.00 1.81 lost their points, and no identity may be left to catch them."""
    j = i + 1
    while j < len(toks) and toks[j].number and toks[j].decimal:
        j += 1
    if j == i + 1 or j >= len(toks) or toks[j].number or len(tail := strip_label(toks[j].text)) > 2:
        return None
    return spec.item_for(strip_label(toks[i].text) + tail)


def _wide_order(spec: TableSpec, header: str, clean: str, t: Table, toks: list[_Tok]) -> list[Slot]:
    """The wide 三公 layout's column order: (预算数, 决算数) pairs per item when the header repeats them in
    alternation, else all items under 预算数 and then all under 决算数; items in template order."""
    words = [x.text for x in toks if not x.number]
    unknown: list[str | None] = [None]  # (a column name garbled beyond naming which: its place only)
    marks = [m for w in words for m in (_column_marks(spec, w) or (unknown if _column_like(spec, w) else []))]
    known = [(k, m) for k, m in enumerate(marks) if m is not None]
    alternating = len(known) >= 4 and all(
        (a != b) == ((j - i) % 2 == 1) for (i, a), (j, b) in itertools.pairwise(known)
    )
    items = [i.key for i in spec.items]
    cols = [c.key for c in spec.columns]
    if alternating:
        return [(i, c) for i in items for c in cols]
    return [(i, c) for c in cols for i in items]


def _column_marks(spec: TableSpec, word: str) -> list[str]:
    """The columns a header word of the wide 三公 layout names: its patterns', else the one column name it is but
    for one misread character (``决笋数``, ``决黎数``, ``决委数`` for 决算数: every draw's tesseract garbles a few)."""
    hits = [c.key for c in spec.columns if c.matches(word)]
    if hits:
        return hits
    text = strip_label(word)
    near = [c.key for c in spec.columns if len(text) == len(c.key) and edits(text, c.key) <= 1]
    return near if len(near) == 1 else []


def _column_like(spec: TableSpec, word: str) -> bool:
    """Whether a header word of the wide 三公 layout is a column name garbled beyond naming which (``诀笋数``:
    two characters off 决算数, one off neither): a place in the alternation (预算数, 决算数, …), the kind unknown."""
    text = strip_label(word)
    return any(len(text) == len(c.key) and edits(text, c.key) <= 2 for c in spec.columns)


_GRID_READERS: dict[str, Callable[[Document, Table, TableSpec, list[Unread]], list[Unit]]] = {
    "code": _grid_code,
    "econ_code": _grid_econ,
    "two_sided": _grid_two_sided,
    "item": _grid_items,
}
_STREAM_READERS: dict[str, Callable[[Document, Table, TableSpec, list[Unread]], list[Unit]]] = {
    "code": _stream_code,
    "econ_code": _stream_code,
    "two_sided": _stream_two_sided,
    "item": _stream_items,
}


def _dedupe(doc: Document, t: Table, units: list[Unit], notes: list[Unread]) -> list[Unit]:
    """One unit per row key: a row printed twice keeps its first printing (or the one with numbers) — but a 类 or
    款 printed again below rows of its own with what is left of a longer code (``_remnant``) is a row of it: of the
    one code the report's other tables print there (``_remnant_code``), or of unreadable code, a hole; a figure
    cut short at a gap after its point is marked damaged on the way (``_cut_short``)."""
    if _report_cents(doc.text.clean, t):
        for u in units:
            for n in u.nums:
                if _cut_short(doc, n):
                    n.readings = tuple(Reading(x.cents, True, x.start, x.end) for x in n.readings)
    seen: dict[str, Unit] = {}
    out: list[Unit] = []
    for u in units:
        prev = seen.get(u.key)
        if prev is None:
            seen[u.key] = u
            out.append(u)
        elif not prev.nums and u.nums and len(u.key) == 3 and _below_own_rows(prev, u, out):
            notes.extend(_note(doc, f"{t.kind}/{u.key}", _REPRINTED_CLASS, n.start, n.end, n.text) for n in u.nums)
        elif not prev.nums and u.nums:
            out[out.index(prev)] = u
            seen[u.key] = u
        elif u.nums and _below_own_rows(prev, u, out) and _remnant(doc.text.clean, u):
            if (code := _remnant_code(doc.text.clean, u, out, units)) is not None:
                seen[code] = keyed = _rekeyed(u, code)
                out.append(keyed)
                why = f"row code {u.key} (what is left of it) read as {code}: {_ONE_CODE_ELSEWHERE}"
                notes.append(_note(doc, f"{t.kind}/{code}", why, u.start, u.end, table=False))
                continue
            notes.extend(_note(doc, f"{t.kind}/{u.key}", _REPRINTED_CLASS, n.start, n.end, n.text) for n in u.nums)
            out.append(Unit(key=f"{_UNREADABLE}{len(out)}", nums=[], slots=[], start=u.start, end=u.end))
        elif u.nums:
            notes.append(
                _note(doc, f"{t.kind}/{u.key}", "row printed twice; the first printing is read", u.start, u.end)
            )
    return out


def _remnant_code(clean: str, u: Unit, out: list[Unit], units: list[Unit]) -> str | None:
    """The code of a row that prints what is left of its code (``_remnant``: ``208        ，   we      80.38``) where
    the report's other function tables print exactly one code of that 类 between the rows above and below it that
    fits the codes above and is no other row's here (as for a row whose code is unreadable,
    ``_holes_printed_elsewhere``): czj's 2080506 between 2080505 and 2080599, printed in tables 03 and 05 (table
    02 on tesseract's light scan of draw BR). None where none or several do."""
    if not all(_CLEAN_AMOUNT.fullmatch(n.text) for n in u.nums):
        return None  # (only a row of clean figures, as for a hole: a damaged one's are unread)
    later = units[next(k for k, x in enumerate(units) if x is u) + 1 :]
    fits = _codes_between(clean, [x.key for x in out], [x.key for x in later], {x.key for x in units}, u.key)
    return fits.pop() if len(fits) == 1 else None


def _rekeyed(u: Unit, code: str) -> Unit:
    """Unit ``u`` as the row of ``code``: its cells that code's."""
    return replace(u, key=code, slots=[(code, c) for _, c in u.slots], extra=[(code, c) for _, c in u.extra])


_ONE_CODE_ELSEWHERE = "the one code the report prints in its other tables between the rows above and below it"


def _below_own_rows(prev: Unit, u: Unit, out: list[Unit]) -> bool:
    """Whether a 类 printed again (``u``; its first printing ``prev``) follows rows of its own: a 类 opens its group,
    so the later print is a row of it whose other digits OCR lost, its figures not the 类's (czj's table 06 on
    tesseract, draw AD: 302's name opens the right-hand group, its code lost, 30204 follows, then ``302 0 |
    二沁`` / ``… 4.88`` — 30207's 邮电费 4.88, emitted as 302's 171.07). Where the first printing has figures, the
    later one is a row whose code is unreadable, a hole in the sums around it (czj's table 02 on draw AN's light
    scan, tesseract: ``208     0 站   ，     80.38       80.38`` under 2080505 — 2080506 — was dropped as 208
    printed twice, and 20805 = Σ 项 failed without it: none of 208's rows read, and 210's and 221's columns then
    told apart by nothing). A 款 printed again so is a row of it whose 项 box was garbled (``_ITEM_REMNANT``)."""
    if len(u.key) not in (3, 5) or not u.key.isdigit():
        return False
    between = out[out.index(prev) + 1 :]
    return any(len(x.key) > 3 and x.key.startswith(u.key) and x.start < u.start for x in between)


#: a 类 code followed by a box of one or two digits that is no figure: a longer code's first box and what is left of
#: the others (``208     0 站``), not the 类's code alone beside figures that wrapped off the row above (``201 6.20``)
_CODE_REMNANT = re.compile(r"\s*\d{3}\s+(?:[^\s\d]{1,2}\s+)?\d{1,2}(?![\d.,:])")

#: a 类 code followed by two or three boxes of a character or two, none a digit, before its figures: the other
#: boxes garbled whole (``208        ，   we      80.38``, 2080506 under 2080505: czj's table 02 on tesseract's
#: light scan of draw BR) — in a function table only: table 06 prints its groups side by side, and such boxes
#: after a 类 code may be what is left of the other group's row (``301      上 | AN 交      0     0.09``)
_GARBLED_BOXES = re.compile(r"\s*\d{3}\s+(?:[^\s\d.,:]{1,2}[ \t]+){2,3}(?=\d)")

#: a 款 code printed split, its 项 box garbled into a character or two (``208  05 | 全  ，  80.38``: 2080506 under
#: 2080505, czj's table 02 on tesseract's light scan of draw AP), or into a digit and a junk character (``208  05
#: 0$ “| 机关事业单位基本养老保险缴费支出 | 160.75``: 2080505, czj's table 05 on tesseract's light scan of draw BS)
_ITEM_REMNANT = re.compile(r"\s*\d{3}\s+\d{2}\s+(?:[^\s\d.,:;]{1,2}|\d[^\s\d.,:;|]|[^\s\d.,:;|]\d)\s")


def _remnant(clean: str, u: Unit) -> bool:
    """Whether a code printed again below rows of its own prints what is left of a longer code's boxes: a 类 a
    box of digits (``_CODE_REMNANT``) or, a function 类 (table 06's economic groups print side by side), junk
    boxes (``_GARBLED_BOXES``); a 款 a garbled 项 box (``_ITEM_REMNANT``)."""
    if len(u.key) != 3:
        return bool(_ITEM_REMNANT.match(clean, u.start))
    garbled = _code_kind(u.key) == "function" and _GARBLED_BOXES.match(clean, u.start)
    return bool(_CODE_REMNANT.match(clean, u.start) or garbled)


_REPRINTED_CLASS = (
    "a 类 or 款 code printed again below rows of its own: a row of it whose other digits were lost — which is open"
)


def _cut_short(doc: Document, n: Num) -> bool:
    """Whether a figure of a table printing cents reads with one decimal because the OCR lost what followed a gap
    after its point (tesseract: ``28. 1`` for 28.11, ``446. 8`` for 446.11, ``3. 5`` for 33.50 — draw L): read
    as printed it is a clean figure no identity need confirm, and was emitted wrong where none checks it. Marked
    damaged (its one reading a repair), it stands only where an identity holds to the cent
    (``placement._within_rounding``). A figure printed with one decimal and no gap (seed 000's ``130.6``, the
    report's own truncation) is left as it is."""
    if not ONE_DECIMAL.fullmatch(n.text) or any(r.repaired for r in n.readings):
        return False
    return bool(_GAP_AFTER_POINT.search(doc.text.original_slice(n.start, n.end)))


#: the print's point, a gap, and one last digit (``28. 1``)
_GAP_AFTER_POINT = re.compile(rf"[{re.escape(OCR_SEPARATORS)}]\s+\d$")


# ---------------------------------------------------------------------------------------------
# Identities → equations over the printed rows


def equations(spec: TableSpec, units: list[Unit], classes_optional: bool = False) -> list[Equation]:
    """The template's identities instantiated on the rows this table prints (``classes_optional``: see
    ``_instantiate``)."""
    keys = [u.key for u in units]
    present = set(keys)
    cols_of: dict[str, list[str]] = {u.key: [s[1] for s in u.cells] for u in units}
    side_of = {u.key: u.side for u in units}
    if spec.keys == "item":
        present = {i.key for i in spec.items} if any(u.key == "三公" for u in units) else present
        cols_of = {i.key: [c.key for c in spec.columns] for i in spec.items}
    out: list[Equation] = []
    for ident in spec.identities:
        if ident.tree:
            out.extend(_tree(spec, keys, cols_of))
            continue
        assert ident.lhs is not None
        rows = [k for k in keys if k in cols_of] if ident.lhs.row == "*" else [ident.lhs.row]
        for row in rows:
            if row not in present:
                continue
            cols = cols_of.get(row, []) if ident.lhs.col == "*" else [ident.lhs.col]
            for col in cols:
                eq = _instantiate(ident, row, col, keys, present, cols_of, side_of, classes_optional)
                if eq is not None:
                    out.append(eq)
    return out


def _instantiate(
    ident: object,
    row: str,
    col: str,
    keys: list[str],
    present: set[str],
    cols_of: dict[str, list[str]],
    side_of: dict[str, int],
    classes_optional: bool = False,
) -> Equation | None:
    """``classes_optional``: a class the table does not print is blank in a sum of classes (table 06's
    公用经费合计 = 302 + 307 + 309 + 310 + … ) — templates print only the classes that apply (seed 002's table 06
    prints no 309, 311–313). Without it such an identity is not checked: only ``_with_lost_figure`` asks for it,
    to check a sum it lets stand."""
    terms: list[tuple[int, Slot]] = []
    for term in ident.terms:  # type: ignore[attr-defined]
        if classes_optional and term.sign > 0 and len(term.row) == 3 and term.row not in present:
            continue
        if term.row == "sum(above)":
            above = _above(row, [k for k in keys if side_of.get(k) == side_of.get(row)], cols_of)
            terms.extend((1, (r, col)) for r in above)
            if not above:
                return None
            continue
        t_row = row if term.row == "*" else term.row
        t_col = col if term.col == "*" else term.col
        if t_row not in present or t_col not in cols_of.get(t_row, []):
            return None
        terms.append((term.sign, (t_row, t_col)))
    if col not in cols_of.get(row, []) or not terms:
        return None
    return Equation((row, col), tuple(terms), ident.text)  # type: ignore[attr-defined]


def _above(row: str, keys: list[str], cols_of: dict[str, list[str]]) -> list[str]:
    """The rows of the same side above ``row`` (same columns), back to the previous subtotal-like row."""
    at = keys.index(row)
    mine = cols_of.get(row, [])
    out: list[str] = []
    for k in reversed(keys[:at]):
        if cols_of.get(k) != mine:
            continue
        if "合计" in k or "总计" in k or "/" in k or k.startswith(("年初", "年末", "使用", "结余")):
            break
        out.append(k)
    return list(reversed(out))


def _tree(spec: TableSpec, keys: list[str], cols_of: dict[str, list[str]]) -> list[Equation]:
    """Parent code = Σ child codes; 合计 = Σ top-level codes — in every value column. A row whose code could not
    be read (a hole) may be a child of any code above it still open, so those identities are not stated."""
    codes = [k for k in keys if k.isdigit()]
    out: list[Equation] = []
    below: dict[str, list[str]] = {}  # code → the codes two digits longer that extend it, in printed order
    for c in codes:
        below.setdefault(c[:-2], []).append(c)
    parents = {k: below.get(k, []) for k in codes}
    if "合计" in keys and spec.keys == "code":
        parents["合计"] = [c for c in codes if len(c) == 3]
    leaf = {c for c in codes if not parents.get(c)}
    under: dict[str, int] = {}  # code → the leaves it is a proper prefix of (a linear pass, not one per parent)
    for c in leaf:
        for n in range(1, len(c)):
            under[c[:n]] = under.get(c[:n], 0) + 1
    holed = _holed(keys, spec.keys == "code")  # (table 06 prints its groups side by side: codes interleave)
    for parent, children in parents.items():
        if not children or parent in holed:
            continue
        leaves = len(leaf) if parent == "合计" else under.get(parent, 0)
        for col in cols_of.get(parent, []):
            if all(col in cols_of.get(c, []) for c in children):
                terms = tuple((1, (c, col)) for c in children)
                out.append(Equation((parent, col), terms, f"{parent} = Σ children", leaves=leaves))
    return out


def _holed(keys: list[str], in_order: bool) -> set[str]:
    """The codes (and 合计) whose children may include a row whose code is unreadable (a hole): 合计 and the codes
    still open at the row before it — its prefixes, and (``in_order``) that row itself, whose 项 may follow it —
    less those the row right after the hole closes. A function-code table prints its rows in code order, so a hole
    between 2060404 and 20605 is a 项 of 20604, never a 款 of 206 nor a 类, and 合计 = Σ 类 still holds (seed 002's
    table 02 on draw AK, RapidOCR heavy: ``06°21`` under 2060404, read as a garbled row, opened 合计's sums and
    with them what told every row's second figure was 财政拨款收入 — 26 left open). Table 06 prints its groups
    side by side (the row after a hole may be of the other group): every code open at the hole stays so."""
    out: set[str] = set()
    last = ""
    for i, k in enumerate(keys):
        if k.startswith(_UNREADABLE) and ":" in k:  # a row named as one of these codes
            out.update(c[:n] for c in k.partition(":")[2].split("|") for n in (3, 5) if len(c) > n)
        elif k.startswith(_UNREADABLE):
            after = keys[i + 1] if i + 1 < len(keys) and in_order and keys[i + 1].isdigit() else ""
            after = after if after > last else ""  # (a code printed out of order says nothing of the hole)
            opened = (last[:n] for n in (3, 5) if len(last) > n or (in_order and len(last) == n))  # (last's child)
            out.update(p for p in ("合计", *opened) if not _closed(p, last, after))
        elif k.isdigit():
            last = k
    return out


def _closed(parent: str, last: str, after: str) -> bool:
    """Whether a hole printed between the rows ``last`` and ``after`` cannot be a child of ``parent`` (合计, or a
    prefix of ``last``): no code of a child lies between them — after the child ``last`` is under, and before
    ``after`` (or ``after``'s own parent, printed above it: a garbled line may be that row) — so a hole between
    2060404 and 20605 is no 类 and no 款, and one between 2060404 and 2060501 may be 20605."""
    width = 3 if parent == "合计" else len(parent) + 2
    if len(after) < width or not after.startswith(parent if parent != "合计" else ""):
        return False
    first = last[:width].ljust(width, "0")  # (``last`` itself the parent: its children come after ``last``00)
    below = int(after[:width]) - int(first)  # children codes after last's, up to after's
    return below <= 0 if len(after) > width else below <= 1


# ---------------------------------------------------------------------------------------------
# Anchors: figures of tables read earlier (and of the prose) that fix a row of this one


def _same_unit(t: Table, done: dict[str, TableRead]) -> dict[str, TableRead]:
    """The tables read so far that print amounts in ``t``'s unit: only their figures anchor ``t``'s placement —
    a figure in 万元 rounds the yuan a 元 table prints, so it would contradict a right placement."""
    return {k: r for k, r in done.items() if r.table.unit == t.unit}


def _anchors(kind: str, done: dict[str, TableRead], narrative: dict[str, Decimal]) -> dict[Slot, int]:
    out: dict[Slot, Decimal] = {}
    summary = done.get("summary")
    if kind == "income" and summary is not None:
        funds = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入")
        if any(summary.printed(f) for f in funds):
            rows = {u.key for u in summary.units}
            # a fund not printed: 0; one left blank where table 01's sums fail: unknown (it sent table 02's 741.64
            # to 其他收入, seed 003 on draw M, rows rebuilt from RapidOCR's heavy scan)
            parts = [summary.known(f, "金额", checked=True) if f in rows else Decimal(0) for f in funds]
            known = [p for p in parts if p is not None]
            if len(known) == len(parts):  # a fund row left unread anchors nothing
                out[("合计", "财政拨款收入")] = sum(known, Decimal(0))
        for col in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
            if (v := summary.known(col, "金额")) is not None:
                out[("合计", col)] = v
        if summary.value("本年收入合计", "金额") is not None:
            out[("合计", "本年收入合计")] = summary.value("本年收入合计", "金额")  # type: ignore[assignment]
    # 财政拨款收入 is the three funds' income: table 04's 本年收入合计, when an identity there confirms it
    fiscal = _confirmed_cents(done, "fiscal_summary", "本年收入合计", "金额") if kind == "income" else None
    if fiscal is not None and ("合计", "财政拨款收入") not in out:
        out[("合计", "财政拨款收入")] = Decimal(fiscal) / 100
    if kind == "expenditure":
        total = summary.value("本年支出合计", "金额") if summary is not None else None
        if total is not None:
            out[("合计", "本年支出合计")] = total
        general = done.get("general_budget")
        if general is not None and total is not None and general.value("合计", "合计") == total:
            # every yuan spent is 一般公共预算 money: table 03 repeats table 05 row by row
            for u in general.units:
                if general.value(u.key, "合计") is None:  # a row OCR left without figures is no row of blanks
                    continue
                for col in ("基本支出", "项目支出"):
                    if (v := general.known(u.key, col)) is not None:  # an unread cell is not a blank
                        out[(u.key, col)] = v
        for key in ("基本支出", "项目支出"):
            if key in narrative:
                out[("合计", key)] = narrative[key]
    if kind == "general_budget":
        basic = done.get("basic_by_economic")
        if basic is not None:
            a, b = basic.value("人员经费合计", "决算数"), basic.value("公用经费合计", "决算数")
            if a is not None and b is not None:
                out[("合计", "基本支出")] = a + b
        if "一般公共预算财政拨款基本支出" in narrative:
            out[("合计", "基本支出")] = narrative["一般公共预算财政拨款基本支出"]
    if kind == "three_public":
        for key, slot in _THREE_PUBLIC_PROSE.items():
            if key in narrative:
                out[slot] = narrative[key]
    return {slot: int((v * 100).to_integral_value()) for slot, v in out.items() if v is not None}


def _anchors_for(t: Table, done: dict[str, TableRead], narrative: dict[str, Decimal]) -> dict[Slot, int]:
    """``_anchors`` for table ``t`` from the tables read in its unit, and from the prose where it is in 万元."""
    return _anchors(t.kind, _same_unit(t, done), narrative if t.unit == "万元" else {})


def _later(r: TableRead, done: dict[str, TableRead]) -> dict[Slot, int]:
    """Anchors for a table already read, from tables read after it or from its own reading: rows of table 03
    whose every yuan is 一般公共预算 money (``_general_rows``), table 04's 一般公共预算 column, which is table
    05's 类 totals (``_fiscal_classes``), and the cells another table prints for the same quantity
    (``_confirmed_elsewhere``)."""
    general = done.get("general_budget")
    if r.placement is None:
        return {}
    out: dict[Slot, Decimal] = {}
    if general is not None and r.table.kind == "expenditure":
        out = {**_general_columns(r, general), **_general_rows(r, general)}
    elif general is not None and r.table.kind == "fiscal_summary":
        out = _fiscal_classes(r, general)
    return {**_confirmed_elsewhere(r, done), **{slot: int((v * 100).to_integral_value()) for slot, v in out.items()}}


def _confirmed_elsewhere(r: TableRead, done: dict[str, TableRead]) -> dict[Slot, int]:
    """Cells of ``r`` (in cents) that another table of ``done`` (tables printed in ``r``'s unit) prints for the
    same quantity (``_SAME_QUANTITY``) where an identity that holds there confirms its figure: a skewed scan's
    box of table 01 printed between two fund rows (``一、一般公共预算财政拨款收入`` / ``2,940.05 一般公共服务支出``)
    is the fund's that table 04 confirms, where table 01's own sums take either fund's figure alike (czj, rows
    rebuilt, draw F)."""
    out: dict[Slot, int] = {}
    for pair in _SAME_QUANTITY:
        for (kind, row, col), theirs in (pair, pair[::-1]):
            if kind == r.table.kind and (v := _confirmed_cents(done, *theirs)) is not None:
                out[(row, col)] = v
    return out


_OTHER_SPENDING = ("上缴上级支出", "经营支出", "对附属单位补助支出")


def _general_columns(r: TableRead, general: TableRead) -> dict[Slot, Decimal]:
    """Table 03's 合计 row against table 05's: 一般公共预算 money is part of all the money, column by column (no
    figure negative), so a column table 05's 合计 row fills, table 03's fills too. Where those columns are as many
    as the parts table 03's 合计 row prints, and its figures sum (``9759.38 5377.64 4381.74`` under six columns,
    table 05 printing 基本支出 5364.75 and 项目支出 4381.74), the parts are those columns and the others are
    blank — in every row, as the tree sums them (``_blank_columns``). Which columns a row's figures fill is then
    decided though no row of table 03 repeats table 05's (``_general_rows``): ghzy's table 05 on tesseract's light
    scans lost the band of its 合计 column (``208 .75 754. 75 .00``, draws AZ, BA, BC, BM), and table 03's rows
    were left between six columns."""
    total = [u for u in r.units if u.key == "合计"]
    parts = [c.key for c in r.spec.columns][1:]
    shared = [c.key for c in general.spec.columns if c.key in parts]  # (基本支出, 项目支出: table 05 has no other)
    filled = [c for c in shared if (v := general.known("合计", c)) is not None and v > 0]
    if len(total) != 1 or not filled or not no_negative(r.units):
        return {}
    nums = total[0].nums
    if len(nums) != len(filled) + 1 or any(n.damaged for n in nums):
        return {}
    if nums[0].cents != sum(n.cents for n in nums[1:]):
        return {}  # (a part the OCR lost leaves the others short of the total: which it was no one can say)
    return {("合计", c): Decimal(0) for c in parts if c not in filled}


def _general_rows(r: TableRead, general: TableRead) -> dict[Slot, Decimal]:
    """Table 03 (all money) against table 05 (一般公共预算 money), row by row: where a code's 本年支出合计 is the
    合计 table 05 gives the same code, every yuan of the row is 一般公共预算 money (no figure is negative, and
    that money is spent only as 基本支出 or 项目支出), so the row's 基本支出 and 项目支出 are table 05's and its
    other columns are blank. Which of six columns a row's three printed figures fill is then decided
    (``合计 754.75 754.75 0.00`` under six columns: 基本支出, not 经营支出) — the table-wide rule of ``_anchors``
    (the whole table is 一般公共预算 money) row by row, so rows that also spend other money keep to the tree."""
    out: dict[Slot, Decimal] = {}
    for u in r.units:
        total = r.value(u.key, "本年支出合计")
        parts = [general.known(u.key, c) for c in ("基本支出", "项目支出")]
        if not total or general.value(u.key, "合计") != total or any(v is None or v < 0 for v in parts):
            continue  # (a table-05 row whose figures are all unreadable is no row of blanks: its 合计 is read)
        out[(u.key, "基本支出")], out[(u.key, "项目支出")] = parts  # type: ignore[assignment]
        out.update({(u.key, c): Decimal(0) for c in _OTHER_SPENDING})
    return out


def _fiscal_classes(r: TableRead, general: TableRead) -> dict[Slot, Decimal]:
    """Table 04's expenditure rows are the 类 of the function classification, its 一般公共预算财政拨款 column that
    money's spending per 类 — which is table 05's 合计 for the 类's code (and its 合计 row table 04's 本年支出合计):
    ``科学技术支出 1,550.75 1,550.75`` under 合计 and three funds puts the second figure under 一般公共预算."""
    col = "一般公共预算财政拨款"
    out: dict[Slot, Decimal] = {}
    for u in r.units:
        if u.side != 1 or not any(s[1] == col for s in u.slots):
            continue
        code = "合计" if u.key == "本年支出合计" else _class_code(u.key)
        v = general.value(code, "合计") if code is not None else None  # read, not a row OCR left without figures
        if v is not None and v >= 0:
            out[(u.key, col)] = v
    return out


def _class_code(label: str) -> str | None:
    """The 类 code a table-04 row label names (its official name, or one of the names reports print for it)."""
    if (code := _class_codes().get(label)) is not None:
        return code
    codes = {e.code for e in named("function", label) if len(e.code) == 3}
    return codes.pop() if len(codes) == 1 else None


_THREE_PUBLIC_PROSE: dict[str, Slot] = {
    "三公经费支出": ("合计", "决算数"),
    "三公经费预算": ("合计", "预算数"),
    "因公出国(境)费": ("因公出国(境)费", "决算数"),
    "公务接待费": ("公务接待费", "决算数"),
    "公务用车购置及运行费": ("公务用车购置及运行费", "决算数"),
    "公务用车购置费": ("公务用车购置费", "决算数"),
    "公务用车运行维护费": ("公务用车运行维护费", "决算数"),
}


# ---------------------------------------------------------------------------------------------
# Emitting the schema tables


def _emit(doc: Document, r: TableRead) -> tuple[StandardTable, list[Unread]]:
    t, spec, placement = r.table, r.spec, r.placement
    assert placement is not None
    notes = list(r.notes)
    spec_cols = set(spec.column_keys())
    failing = {slot for e in placement.failed for slot in e.slots()}
    rows: dict[str, TableRow] = {}
    for u in r.units:
        for num in u.nums:
            placed = placement.placed.get(id(num))
            if placed is None or placed[0] not in u.cells:  # (a floating figure its neighbour row took)
                continue
            (row, col), _how = placed
            if spec.keys == "two_sided" and not _template_key(spec, row):
                why = "a row the template does not have (its label misread beyond naming): the row is not read"
                notes.append(_note(doc, f"{t.kind}/{row}/{col}", why, num.start, num.end, num.text))
                continue
            if col not in spec_cols:
                notes.append(
                    _note(
                        doc,
                        f"{t.kind}/{row}/{col}",
                        "a column the facts spec does not have",
                        num.start,
                        num.end,
                        num.text,
                    )
                )
                continue
            reading = placement.chosen(num)
            start, end = (
                (num.start, num.end) if reading.start is None or reading.end is None else (reading.start, reading.end)
            )
            try:
                value: Amount = amount(doc, start, end, t.unit, plain(reading.cents) if reading.repaired else None)
                value.read_by = "rules"
                value.located = "cell" if u.fixed is not None else "identities"
            except UnverifiableValue as exc:
                notes.append(_note(doc, f"{t.kind}/{row}/{col}", str(exc), num.start, num.end, num.text))
                continue
            tr = rows.get(row)
            if tr is None:
                label = u.label if u.key == row else row
                tr = TableRow(row=row, label=label, span=doc.text.span(u.start, max(u.end, u.start + 1)))
                rows[row] = tr
            if value.confidence is None:
                slot = (row, col)
                value.confidence = (
                    "identity_fails" if slot in failing else "confirmed" if slot in placement.confirmed else "clean"
                )
            tr.cells[col] = value
    notes.extend(  # three digits no identity confirms as a figure whose point was lost (``_ocr_tokens``)
        _note(doc, f"{t.kind}/{u.key}", _BEYOND_READING, n.start, n.end, n.text, row=u.key)
        for u in r.units
        for n in u.nums
        if n.optional and len(n.text) == 3 and id(n) not in placement.placed and id(n) not in placement.open
    )
    zeros = [(num, u) for num, u, options in placement.open.values() if num.cents == 0 and options]
    if zeros:
        rows_text = ", ".join(dict.fromkeys(u.key for _, u in zeros))
        first = zeros[0][0]
        notes.append(
            _note(
                doc,
                t.kind,
                f"{len(zeros)} printed zeros whose columns the identities cannot tell (rows {rows_text})",
                first.start,
                first.end,
                first.text,
                table=False,
            )
        )
    for num, u, options in placement.open.values():
        if num.cents == 0 and options:
            continue
        cols = ", ".join(dict.fromkeys(f"{row}/{col}" for row, col in options)) or "none"
        reason = (
            f"{len(u.nums)} numbers for {len(u.slots)} columns: placement ambiguous (could be {cols})"
            if options
            else f"{len(u.nums)} numbers for {len(u.slots)} columns"
        )
        if id(num) in placement.why:
            reason = f"{placement.why[id(num)]} ({cols})"
        elif id(num) in placement.context:
            reason += f"; {placement.context[id(num)]}"
        unread_row = None if u.key == "三公" else u.key
        notes.append(_note(doc, f"{t.kind}/{u.key}", reason, num.start, num.end, num.text, row=unread_row))
    model = TABLE_MODELS[t.kind].model_validate(
        {
            "title": t.title,
            "span": doc.text.span(t.start, max(t.end, t.title_end)),
            "unit": t.unit,
            "declared_empty": t.declared_empty,
            "rows": [row.model_dump() for row in rows.values()],
        }
    )
    return model, notes
