"""Table 06's groups side by side, in text of one OCR box per line, its codes printed split over 类 | 款 cells.

The page prints two (or three) groups of 经济分类 codes beside each other — 301 / 303 on the left, 302 / 310 on
the right — each row as ``类 | 款 | 科目名称 | 决算数``. An engine that writes one box per line lists a printed
line's boxes by their tops, so the groups' boxes interleave (``301 / 01 / 302 / 基本工资 / 262.33 / 01 / 办公费 /
21.21``), a wrapped name's two parts fall apart (``机关事业单位基本养老保险缴`` … ``费``) and a figure may come
before its name or after the other group's. What the text keeps is the line: every printed line starts its 类
boxes anew, one per group, and a 款 box says nothing a name does not (OCR reads ``08`` as ``80``). So:

* the 类 boxes tell the groups: a class whose boxes run while another's do (301 beside 302) is in another
  group; one that starts where a group's last class ended (303 after 301, 310 after 302) continues it;
* a printed line ends where a 类 box of a group it already has comes (``lines``);
* the line's names identify its rows — an official name of a code of one of the line's classes — one per 类 box;
* its figures are its rows', but whose the text does not say: which row each is the identities decide
  (class = Σ its 款, 人员经费合计 = 301 + 303, 公用经费合计 = 302 + 310 …), never the order.

The totals (人员经费合计 / 公用经费合计) print last, with no 类 box and often after their figures: they are one
more line, and the figures the line before prints after its last name may be either line's.

A 类 box with no name beside it (the name garbled beyond reading, or printed on the line above or below) is
the row its 款 box reads where its place agrees: a group lists its class's codes in ascending order
(``_lost_names``). A line whose names and 类 boxes still do not pair (a name garbled, two names of one group) is
reported with why: its figures are then no row's the text can tell (``Line.problem``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from extractor.codes import codebook, misnamed, named
from extractor.keys import differing, strip_label
from extractor.normalize import LOOKALIKE_DIGITS

KIND = "economic"


class Box(Protocol):
    """What a token of the table's text says (``readers.tables._Tok``)."""

    text: str
    number: bool

    @property
    def decimal(self) -> bool: ...


@dataclass
class Line:
    """One printed line of the groups: token indices of what it prints, by group (column)."""

    classes: dict[int, str] = field(default_factory=dict)  # group → the 类 box printed
    names: dict[int, tuple[str, int]] = field(default_factory=dict)  # group → (row code or total, name token)
    figures: list[int] = field(default_factory=list)
    shared: list[int] = field(default_factory=list)  # figures the line above may own too (before the totals)
    extra: list[tuple[int, str, int]] = field(default_factory=list)  # (group, code, name token): a second name
    first: int = 0
    last: int = 0
    problem: str = ""


def lines(
    boxes: Sequence[Box], figure: Callable[[int], bool], totals: Sequence[str], alone: bool = True
) -> list[Line] | None:
    """The printed lines of a table 06 whose groups print side by side with split codes, or None when the text
    is not such a table (codes printed whole, one group per line, or fewer than two groups beside each other).
    ``figure(i)``: whether token ``i`` is an amount; ``alone``: text of one box per line (``_misread_classes``)."""
    at = [i for i, b in enumerate(boxes) if _class_box(b)]
    whole = sum(1 for b in boxes if b.number and not b.decimal and len(b.text) in (5, 7) and b.text in codebook(KIND))
    if len(at) < 4 or whole * 2 >= len(at):
        return None  # (codes printed whole: a 类 box stands only on its own class's line)
    group = _groups([boxes[i].text for i in at])
    if max(group.values()) < 1:
        return None
    misread = _misread_classes(boxes, group, by_name=alone)
    out: list[Line] = []
    line: Line | None = None
    for i, b in enumerate(boxes):
        total = _total(boxes, i, totals) if line is not None else None
        if _class_box(b) or i in misread or total is not None:
            cls = misread.get(i, b.text)
            g = group.get(cls, -1) if total is None else -1
            if line is None or total is not None or g in line.classes:
                line = Line(first=i, last=i)
                out.append(line)
            if total is not None:
                break
            line.classes[g] = cls
        elif line is not None and figure(i):
            line.figures.append(i)
        if line is not None:
            line.last = i
    if line is None:
        return None
    head = [i for i in range(out[0].first) if figure(i)]
    words = [i for i in range(out[0].first) if not boxes[i].number]
    out[0].figures[:0] = [i for i in head if not words or i > words[-1]]  # printed above the first line's boxes
    for ln in out:
        if ln.classes:
            _name(boxes, ln)
    _lost_names(boxes, out)
    for ln in out:
        if ln.classes:
            _pairing(boxes, ln)
    if out and not out[-1].classes:
        _totals(boxes, out, figure, totals)
    return out


def _class_box(b: Box) -> bool:
    """A 类 printed in a cell of its own: three digits, a class of the national list."""
    return b.number and not b.decimal and len(b.text) == 3 and b.text in codebook(KIND)


def _misread_classes(boxes: Sequence[Box], group: dict[str, int], by_name: bool = True) -> dict[int, str]:
    """Box index → class, for a 类 box OCR misread by one digit (``801 | 02 | 津贴补贴`` for 301: czj's RapidOCR heavy
    text on draw O, whose line then ran into the next and named two rows of 301): three digits no class of the
    national list, one digit from exactly one of the classes the table's 类 boxes print, and after it a 款 box or
    (``by_name``: text of one box per line) that class's own name (the class's row: ``801 | 工资福利支出 |
    2,082.85``, czj on draw AZ's heavy scan). Not by name in rows rebuilt by position: a skewed page's figure
    there may print on the line below its row's, which the class sums cannot tell when both rows are one class's
    (czj's ``101 工资福利支出`` on draw AV, rows rebuilt, heavy: so read, 30213's 2.83 went to 30214)."""
    out: dict[int, str] = {}
    for i, b in enumerate(boxes[:-1]):
        if b.number and not b.decimal and len(b.text) == 3 and b.text.isdigit() and b.text not in codebook(KIND):
            near = [c for c in group if differing(c, b.text) == 1]
            if len(near) == 1 and (_part_box(boxes[i + 1]) or (by_name and _names_code(boxes[i + 1], near[0]))):
                out[i] = near[0]
    return out


def _names_code(b: Box, code: str) -> bool:
    """Whether box ``b`` is a word that is an official name of ``code``."""
    return not b.number and any(e.code == code for e in named(KIND, strip_label(b.text)))


def _part_box(b: Box) -> bool:
    """A 款 printed in a cell of its own: two digits."""
    return b.number and not b.decimal and len(b.text) == 2 and b.text.isdigit()


def _part_boxes(boxes: Sequence[Box], first: int, last: int) -> int:
    """How many 款 boxes boxes ``first`` … ``last`` print: two digits, or two characters of digits and the letters
    OCR reads for them, alone or split in two boxes (``I`` | ``0``: czj's ``302 | 01 | 办公费`` on RapidOCR's light
    scan of draw M, whose line then counted one 款 box for two 款 rows and was unread, 14 rows with it)."""
    count, i = 0, first
    while i <= last:
        if _part_box(boxes[i]) or _digit_shaped(boxes[i].text, 2):
            count += 1
        elif i < last and _digit_shaped(boxes[i].text, 1) and _digit_shaped(boxes[i + 1].text, 1):
            count, i = count + 1, i + 1
        i += 1
    return count


def _digit_shaped(text: str, size: int) -> bool:
    """``size`` characters, digits or letters OCR reads for them, at least one a letter when two (``I0``)."""
    if len(text) != size or not text.translate(LOOKALIKE_DIGITS).isdigit():
        return False
    return size == 1 or not text.isdigit()


def _groups(classes: list[str]) -> dict[str, int]:
    """Class → group, from the order the 类 boxes print in: classes whose boxes interleave are in different
    groups; a class whose boxes start after a group's last box ended continues that group (the one that ended
    last: 310 after 302, not after 303)."""
    span: dict[str, list[int]] = {}
    for k, c in enumerate(classes):
        span.setdefault(c, [k, k])[1] = k
    ends: list[int] = []  # per group, where its last class's boxes end
    out: dict[str, int] = {}
    for c, (a, b) in sorted(span.items(), key=lambda kv: kv[1][0]):
        free = [g for g, end in enumerate(ends) if end < a]
        g = max(free, key=lambda g: ends[g]) if free else len(ends)
        if g == len(ends):
            ends.append(b)
        ends[g] = b
        out[c] = g
    return out


def _name(boxes: Sequence[Box], ln: Line) -> None:
    """The line's rows: each word that is an official name of a code of one of its classes names its group's
    row (a second name of a group is kept aside: the line below's or above's, moved); a word naming several of
    its codes, or a code of a class it prints no box of, is a problem."""
    group_of = {c: g for g, c in ln.classes.items()}
    for i in range(ln.first, ln.last + 1):
        b = boxes[i]
        if b.number:
            continue
        word = strip_label(b.text)
        codes = {e.code for e in named(KIND, word)} or _misread_name(word, set(group_of))
        mine = sorted(c for c in codes if c[:3] in group_of)
        if len(mine) > 1:
            ln.problem = ln.problem or f"{word!r} names {' and '.join(mine)}"
        elif mine:
            g = group_of[mine[0][:3]]
            if g in ln.names and ln.names[g][0] != mine[0]:
                ln.extra.append((g, mine[0], i))
            ln.names.setdefault(g, (mine[0], i))
        elif codes:
            ln.problem = ln.problem or f"{word!r} names {min(codes)}, of a class with no 类 box on its line"


def _pairing(boxes: Sequence[Box], ln: Line) -> None:
    """A line where a 类 box gets no name or two, or whose 款 boxes do not count its 款 rows, has a problem."""
    if ln.extra:
        ln.problem = ln.problem or f"two names of class {ln.classes[ln.extra[0][0]]} on one line"
    lost = [c for g, c in ln.classes.items() if g not in ln.names]
    if lost:
        ln.problem = ln.problem or f"no name read beside the 类 box {' and '.join(lost)}"
    parts = _part_boxes(boxes, ln.first, ln.last)
    rows = sum(1 for code, _ in ln.names.values() if len(code) > 3)
    if parts != rows:  # (a box of the line above or below among its own: the boxes of two lines mixed)
        ln.problem = ln.problem or f"{parts} 款 boxes for {rows} 款 rows"


def _lost_names(boxes: Sequence[Box], out: list[Line]) -> None:
    """A 类 box whose name was lost (garbled beyond reading: ``302 | 12 | 用``), or printed on the next or the
    previous line (a skewed scan's rows rebuilt: ``抚恤金`` beside the line above's ``退职（役）费``), is the row
    its 款 box says — the one code of its class a 款 box of its line reads that no name of the line claims —
    where its place agrees: a group lists its class's codes in the national list's (ascending) order, so the
    code falls between the codes its group names on the lines above and below. A second name of the group on
    a neighbouring line that is this code is then this line's."""
    book = codebook(KIND)
    for k, ln in enumerate(out):
        for g, cls in ln.classes.items():
            if g in ln.names:
                continue
            # a 款 box is free unless a name of the line claims it — counted, not by its text alone: ``301 | 02 |
            # 雅 | 302 | 02 | 印刷费`` prints two ``02``, one of them 30202's (czj, draw X's heavy scan, RapidOCR)
            free = Counter(boxes[i].text for i in range(ln.first, ln.last + 1) if _part_box(boxes[i]))
            free.subtract(code[3:] for code, _ in ln.names.values() if len(code) == 5)
            kuan = {
                cls + boxes[i].text: i
                for i in range(ln.first, ln.last + 1)
                if _part_box(boxes[i]) and free[boxes[i].text] > 0 and cls + boxes[i].text in book.entries
            }
            fits = [c for c in kuan if _between(out, k, g, c)]
            if len(fits) != 1:
                continue
            code = fits[0]
            near = [n for n in out[max(k - 1, 0) : k + 2] if n is not ln and g in n.names]
            moved = next(((n, x) for n in near for x in _group_names(n, g) if x[0] == code), None)
            if moved is not None and len(_group_names(moved[0], g)) > 1:
                n, (_, at) = moved
                rest = [x for x in _group_names(n, g) if x[0] != code]
                n.names[g] = rest[0]
                n.extra = [x for x in n.extra if x[0] != g] + [(g, *x) for x in rest[1:]]
                ln.names[g] = (code, at)
            elif moved is None:
                ln.names[g] = (code, kuan[code])


def _group_names(ln: Line, g: int) -> list[tuple[str, int]]:
    """The names a line prints of group ``g``: (code, token), the first one its row's."""
    return [ln.names[g], *((c, i) for h, c, i in ln.extra if h == g)] if g in ln.names else []


def _between(out: list[Line], k: int, g: int, code: str) -> bool:
    """Whether ``code`` falls between the other codes of its class group ``g`` names on the lines above line
    ``k`` and those below (the class itself above its first 款 row)."""
    cls = code[:3]
    above = [c for n in out[:k] for c, _ in _group_names(n, g) if c[:3] == cls and c != code]
    below = [c for n in out[k + 1 :] for c, _ in _group_names(n, g) if c[:3] == cls and c != code]
    return all(c < code for c in above) and all(code < c for c in below)


def _misread_name(word: str, classes: set[str]) -> set[str]:
    """The one code of the line's ``classes`` whose official name ``word`` is with one character misread
    (``公务员医疗补肋缴费``) — a heavy scan garbles a character here and there; empty when none or several are."""
    if len(word) < 4:
        return set()
    near = misnamed(KIND, word, lambda c: c[:3] in classes and len(c) in (3, 5))
    return near if len(near) == 1 else set()


def _total(boxes: Sequence[Box], i: int, totals: Sequence[str]) -> str | None:
    """The total (人员经费合计 …) whose name token ``i`` starts, alone or with the next (``公用经`` | ``费合计``)."""
    for used in (1, 2):
        part = boxes[i : i + used]
        if any(b.number for b in part):
            return None
        joined = "".join(strip_label(b.text) for b in part)
        hit = next((t for t in totals if len(joined) >= 4 and joined.startswith(t[:4])), None)
        if hit is not None:
            return hit
    return None


def _totals(boxes: Sequence[Box], out: list[Line], figure: Callable[[int], bool], totals: Sequence[str]) -> None:
    """The totals' line: its names (one group each, in printed order) and figures; the figures the line above
    prints after its last name may be either line's."""
    ln = out[-1]
    ln.last = len(boxes) - 1
    found: list[tuple[str, int]] = []
    for i in range(ln.first, len(boxes)):
        hit = _total(boxes, i, totals)
        if hit is not None and all(hit != k for k, _ in found):
            found.append((hit, i))
        elif figure(i):
            ln.figures.append(i)
    ln.names = dict(enumerate(found))
    above = out[-2] if len(out) > 1 else None
    if above is not None and above.names:
        after = max(i for _, i in above.names.values())
        ln.shared = [i for i in above.figures if i > after]


@dataclass(frozen=True)
class Sum:
    """An identity over rows of the table (``lhs = Σ sign·term``, row indices) and the cents it may be off."""

    lhs: int
    terms: tuple[tuple[int, int], ...]
    tolerance: Callable[[int], int]  # nonzero terms → cents rounding can explain


def merged_values(
    columns: Sequence[Sequence[int]],
    optional: Sequence[int],
    windows: Sequence[tuple[int, int]],
    at: Sequence[int],
    cents: Sequence[int],
    sums: Sequence[Sum],
    limit: int = 20000,
) -> dict[int, set[int]] | None:
    """Table 06's groups printed side by side, its figures interleaved in no order the text tells (one box per
    line of a skewed scan: ``30101 基本工资 440.90 537.64 30201`` — 440.90 is 302's). What the page keeps is each
    column: a column's figures print in its rows' order, each within a row of its code (``windows[row]``: after
    the code of the column's row above, before the code two rows below). Every way the figures (printed at
    ``at``, in order, of ``cents``) go to the columns' rows so — one figure a row, ``optional`` rows (the totals,
    whose figures may print outside the table) taking one or none — and every identity whose rows all took one
    holding: row → the figures (indices) it takes in some such way. None when none exists or the ways are too
    many to search (``limit`` states). Searched once per state: the figure next to place, how far each column
    got, and what each identity begun knows (its partial sum and nonzero terms), so ways that differ only in
    swapping equal figures (``0.00`` / ``0.00``) between columns are not counted twice."""
    having = memberships(sums)
    sizes = [1 + len(s.terms) for s in sums]
    memo: dict[tuple[object, ...], frozenset[tuple[int, int]] | None] = {}
    spare = set(optional)
    place = {row: (c, k) for c, rows in enumerate(columns) for k, row in enumerate(rows)}
    ahead = [0]  # figures from each on, summed: what the rows still open may yet take (no figure is negative)
    for c in reversed(cents):
        ahead.append(ahead[-1] + c)
    ahead.reverse()
    reach = [  # for each identity, the first figure none of its terms can take (printed after every window)
        next((f for f, x in enumerate(at) if x >= max(windows[r][1] for _, r in s.terms)), len(at)) for s in sums
    ]
    bounded = min(cents, default=0) >= 0

    def hopeless(t: int, pos: tuple[int, ...], open_: tuple[tuple[int, int, int], ...]) -> bool:
        """Whether an identity whose total is taken already lacks more than its terms can still take, or has
        taken more than its total (figures of table 06 are never negative)."""
        for k, _, acc in open_:
            c, j = place[sums[k].lhs]
            if not bounded or sums[k].lhs in spare or pos[c] <= j:
                continue
            slack = sums[k].tolerance(sizes[k] - 1)
            if acc < -slack or acc > ahead[t] - ahead[max(t, reach[k])] + slack:
                return True
        return False

    def search(
        t: int, pos: tuple[int, ...], open_: tuple[tuple[int, int, int], ...]
    ) -> frozenset[tuple[int, int]] | None:
        key = (t, pos, open_)
        if key in memo:
            return memo[key]
        if len(memo) > limit:
            raise OverflowError
        memo[key] = None
        if hopeless(t, pos, open_):
            return None
        for c, rows in enumerate(columns):  # a row that must take a figure and whose window has passed
            k = pos[c]
            while k < len(rows) and rows[k] in spare and (t == len(at) or at[t] >= windows[rows[k]][1]):
                k += 1
            if k < len(rows) and rows[k] not in spare and (t == len(at) or at[t] >= windows[rows[k]][1]):
                return None
        if t == len(at):
            memo[key] = frozenset()
            return memo[key]
        found: set[tuple[int, int]] = set()
        ok = False
        for c, rows in enumerate(columns):
            k = pos[c]
            while k < len(rows):
                row = rows[k]
                lo, hi = windows[row]
                if lo < at[t] < hi:
                    state = taken(dict((s[0], s[1:]) for s in open_), having.get(row, []), cents[t], sums, sizes)
                    if state is not None:
                        rest = search(t + 1, (*pos[:c], k + 1, *pos[c + 1 :]), state)
                        if rest is not None:
                            ok = True
                            found |= rest
                            found.add((row, t))
                if row not in spare:
                    break
                k += 1
        memo[key] = frozenset(found) if ok else None
        return memo[key]

    try:
        got = search(0, tuple(0 for _ in columns), ())
    except OverflowError:
        return None
    if got is None:
        return None
    out: dict[int, set[int]] = {}
    for row, t in got:
        out.setdefault(row, set()).add(t)
    return out


def memberships(sums: Sequence[Sum]) -> dict[int, list[tuple[int, int]]]:
    """Row → the identities it is in, each with its sign there (the total +1, a term minus its sign)."""
    having: dict[int, list[tuple[int, int]]] = {}
    for k, s in enumerate(sums):
        for sign, row in ((1, s.lhs), *((-x, r) for x, r in s.terms)):
            having.setdefault(row, []).append((k, sign))
    return having


def taken(
    begun: dict[int, tuple[int, int]],
    terms: list[tuple[int, int]],
    value: int,
    sums: Sequence[Sum],
    sizes: list[int],
) -> tuple[tuple[int, int, int], ...] | None:
    """The identities begun (identity → filled, partial sum) once a row of ``terms`` (identity, sign) takes
    ``value``; None when one it completes fails (by more than rounding of all its terms can explain)."""
    state = dict(begun)
    for k, sign in terms:
        filled, acc = state.get(k, (0, 0))
        filled, acc = filled + 1, acc + sign * value
        if filled == sizes[k]:
            if abs(acc) > sums[k].tolerance(sizes[k] - 1):
                return None
            state.pop(k, None)
        else:
            state[k] = (filled, acc)
    return tuple(sorted((k, *v) for k, v in state.items()))
