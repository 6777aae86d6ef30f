"""Readers for the nine standard tables (公开01–09表): segmented rows → schema table models.

Every value is built with ``readers.common.amount`` from the cell's clean-view span, so it verifies against
the original text. Whatever cannot be placed with certainty (a column whose header maps to nothing, a
cell that is not a number, a space-separated row whose number count does not fit) becomes an ``Unread``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from extractor.readers.common import UnverifiableValue, amount
from extractor.schemas import TABLE_COLUMNS, TABLE_MODELS, StandardTable, TableRow, Unread
from extractor.segment import Cell, Document, Row, Table

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CODE = re.compile(r"\d{3,7}")
_CODE_LEAD = re.compile(r"(\d{3,7})(?:\s*\S.*)?")
_ECON_CODE = re.compile(r"3\d{2,4}")
_BLANKISH = {"", "-", "—", "--", "/", "－", "——"}
_SPACES = re.compile(r"\s+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
_PREFIX = re.compile(
    r"^(?:其中\s*[:：]?\s*)?(?:[一二三四五六七八九十]{1,3}\s*、|\d{1,2}\s*[、.．]|[(（]\s*\d{1,2}\s*[)）]|其中\s*[:：]?)\s*"
)
IGNORE = "-"  # a header that is known but carries no facts (codes, names, 行次)
_IGNORED_HEADERS = ("栏次", "行次", "科目编码", "科目名称", "编码", "项目", "行")


def key_text(text: str) -> str:
    """Text as keys are compared: no whitespace, no quotes, half-width parentheses."""
    return _QUOTES.sub("", _SPACES.sub("", text)).replace("（", "(").replace("）", ")")


def strip_label(text: str) -> str:
    """A row label without ordinal prefixes (``一、``, ``1、``, ``其中:(1)``) and without spaces."""
    key = key_text(text)
    for _ in range(3):
        stripped = _PREFIX.sub("", key)
        if stripped == key:
            break
        key = stripped
    return key


def is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def is_blank(cell: Cell) -> bool:
    return key_text(cell.text) in _BLANKISH


@dataclass
class _Out:
    """What one table read produced: rows in order and what could not be placed."""

    rows: dict[str, TableRow] = field(default_factory=dict)
    unread: list[Unread] = field(default_factory=list)


def read_tables(doc: Document) -> tuple[list[StandardTable], list[Unread]]:
    """Read every standard table the document has."""
    tables: list[StandardTable] = []
    unread: list[Unread] = []
    for t in doc.tables:
        reader = _READERS[t.kind]
        out = _Out()
        reader(doc, t, out)
        model = TABLE_MODELS[t.kind](
            title=t.title,
            span=doc.text.span(t.start, max(t.end, t.title_end)),
            unit=t.unit,
            declared_empty=t.declared_empty,
            rows=[r.model_dump() for r in out.rows.values()],
        )
        tables.append(model)  # type: ignore[arg-type]
        unread.extend(out.unread)
    return tables, unread


# ---------------------------------------------------------------------------------------------
# Shared pieces


def _span(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    return doc.text.span(start, end) if start < end else None


def _put(doc: Document, t: Table, out: _Out, key: str, label: str | None, row: Row, col: str, cell: Cell) -> None:
    """Record one cell as a fact of ``key``/``col``; anything unverifiable or doubled → Unread."""
    if is_blank(cell):
        return
    what = f"{t.kind}/{key}/{col}"
    if not is_number(cell.text):
        reason = f"not a number: {cell.text!r}"
        out.unread.append(Unread(what=what, reason=reason, span=_span(doc, cell.start, cell.end)))
        return
    try:
        value = amount(doc, cell.start, cell.end, t.unit)
    except UnverifiableValue as exc:
        out.unread.append(Unread(what=what, reason=str(exc), span=_span(doc, cell.start, cell.end)))
        return
    tr = out.rows.get(key)
    if tr is None:
        tr = TableRow(row=key, label=label, span=doc.text.span(row.start, row.end))
        out.rows[key] = tr
    if col in tr.cells:
        out.unread.append(Unread(what=what, reason="printed twice", span=value.span))
        return
    tr.cells[col] = value


def _is_number_row(row: Row) -> bool:
    """The 栏次 row or a bare column-number row (``1 2 3 …``): structure, not facts."""
    texts = [key_text(c.text) for c in row.cells if not is_blank(c)]
    if any(x == "栏次" for x in texts):
        return True
    return bool(texts) and all(x.isdigit() and len(x) <= 2 for x in texts)


@dataclass
class _Column:
    """A header column: its own (bottom-most) header text and the group texts above it."""

    leaf: str
    parents: list[str]


def _columns(headers: list[Row]) -> list[_Column]:
    """Per column index: the bottom-most own header text, plus the (carried-forward) group texts above it.

    Group headers (``本年支出`` over 小计/基本支出/项目支出) are printed once at the group's left edge, so
    they are carried right over blank cells; leaves are never carried.
    """
    width = max((len(r.cells) for r in headers), default=0)
    own = [[key_text(r.cells[i].text) if i < len(r.cells) else "" for i in range(width)] for r in headers]
    carried: list[list[str]] = []
    for texts in own:
        row: list[str] = []
        last = ""
        for x in texts:
            last = x or last
            row.append(last)
        carried.append(row)
    cols: list[_Column] = []
    for i in range(width):
        leaf_row = max((k for k in range(len(own)) if own[k][i]), default=-1)
        leaf = own[leaf_row][i] if leaf_row >= 0 else ""
        cols.append(_Column(leaf=leaf, parents=[carried[k][i] for k in range(leaf_row) if carried[k][i]]))
    return cols


def _split_header(t: Table, is_data: Callable[[Row], bool]) -> tuple[list[Row], list[Row]]:
    """Header rows (before the first data row, minus 栏次/number rows) and the rest."""
    for n, row in enumerate(t.rows):
        if is_data(row):
            heads = [r for r in t.rows[:n] if r.layout == "tab" and not _is_number_row(r)]
            return heads, t.rows[n:]
    return [r for r in t.rows if r.layout == "tab" and not _is_number_row(r)], []


# ---------------------------------------------------------------------------------------------
# Code tables: income, expenditure, general_budget, gov_fund, state_capital

#: (substring of the header, column) — the first hit wins, so longer names come first.
_CODE_COLS: dict[str, list[tuple[str, str]]] = {
    "income": [
        ("本年收入合计", "本年收入合计"), ("财政拨款", "财政拨款收入"), ("上级补助", "上级补助收入"),
        ("事业收入", "事业收入"), ("经营收入", "经营收入"), ("附属单位", "附属单位上缴收入"), ("其他收入", "其他收入"),
        ("合计", "本年收入合计"),
    ],
    "expenditure": [
        ("本年支出合计", "本年支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出"),
        ("上缴上级", "上缴上级支出"), ("经营支出", "经营支出"), ("附属单位", "对附属单位补助支出"),
        ("合计", "本年支出合计"),
    ],
    "general_budget": [("基本支出", "基本支出"), ("项目支出", "项目支出"), ("小计", "合计"), ("合计", "合计")],
    "state_capital": [("基本支出", "基本支出"), ("项目支出", "项目支出"), ("小计", "合计"), ("合计", "合计")],
    "gov_fund": [
        ("年初结转", "年初结转和结余"), ("年末结转", "年末结转和结余"), ("本年收入", "本年收入"),
        ("本年支出合计", "本年支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出"),
        ("小计", "本年支出合计"), ("合计", "本年支出合计"),
    ],
}  # fmt: skip


def _map_code_col(kind: str, col: _Column) -> str | None:
    """A header column → the table's column key, ``IGNORE`` for code/name/行次 columns, None if unknown."""
    leaf = col.leaf
    if not leaf:
        return None
    for needle, name in _CODE_COLS[kind]:
        if needle in leaf:
            return name
    if any(h in leaf for h in _IGNORED_HEADERS):
        return IGNORE
    return None


def _code_key(row: Row) -> tuple[str, str | None, int] | None:
    """(row key, label, index of the first value cell) for a data row: a code or 合计 in the first cells."""
    cells = [c for c in row.cells[:3]]
    for i, c in enumerate(cells[:2]):
        text = key_text(c.text)
        if not text:
            continue
        if _CODE.fullmatch(text):
            label = key_text(cells[i + 1].text) if i + 1 < len(cells) and not is_number(cells[i + 1].text) else None
            return text, label or None, i + (2 if label else 1)
        m = _CODE_LEAD.fullmatch(c.text.strip())
        if m and not is_number(c.text):
            return m.group(1), strip_label(c.text[len(m.group(1)) :]) or None, i + 1
        if text in ("合计", "总计"):
            return "合计", text, i + 1
        return None
    return None


def _read_code_table(doc: Document, t: Table, out: _Out) -> None:
    """Rows keyed by 功能分类 code or 合计; cells placed by the mapped header columns."""
    heads, body = _split_header(t, lambda r: _code_key(r) is not None)
    mapping = [_map_code_col(t.kind, c) for c in _columns(heads)]
    ordered = [m for m in dict.fromkeys(mapping) if m and m != IGNORE] or list(TABLE_COLUMNS[t.kind])
    for row in body:
        key = _code_key(row)
        if key is None:
            if any(not is_blank(c) for c in row.cells) and not _is_number_row(row):
                _unread_row(doc, t, out, row, "row without a code or 合计")
            continue
        code, label, first = key
        if row.layout == "space":
            _read_space_values(doc, t, out, row, code, label, row.cells[first:], ordered)
            continue
        for i, cell in enumerate(row.cells):
            if i < first or is_blank(cell):
                continue
            col = mapping[i] if i < len(mapping) else None
            if col == IGNORE:
                continue
            if col is None:
                out.unread.append(
                    Unread(
                        what=f"{t.kind}/{code}",
                        reason=f"cell {cell.text!r} under no known column",
                        span=_span(doc, cell.start, cell.end),
                    )
                )
                continue
            _put(doc, t, out, code, label, row, col, cell)


def _read_space_values(
    doc: Document,
    t: Table,
    out: _Out,
    row: Row,
    key: str,
    label: str | None,
    cells: tuple[Cell, ...],
    ordered: list[str],
) -> None:
    """Numbers of a space-separated row, left to right, only when their placement is certain.

    Blank cells vanish in such rows, so the numbers fit the columns only when there are exactly as many
    as columns. Otherwise the first number is still the total (a total is never blank when its parts are
    not) when it equals the sum of the others; the rest is reported, not guessed.
    """
    nums = [c for c in cells if is_number(c.text)]
    if len(nums) != len(cells) or not nums:
        _unread_row(doc, t, out, row, "space-separated row with text among its numbers")
        return
    if len(nums) == len(ordered):
        for col, cell in zip(ordered, nums, strict=True):
            _put(doc, t, out, key, label, row, col, cell)
        return
    values = [Decimal(c.text) for c in nums]
    if len(nums) == 1 or abs(values[0] - sum(values[1:])) <= Decimal("0.011"):
        _put(doc, t, out, key, label, row, ordered[0], nums[0])
    if len(nums) > 1:
        _unread_row(doc, t, out, row, f"{len(nums)} numbers for {len(ordered)} columns: placement ambiguous")


def _unread_row(doc: Document, t: Table, out: _Out, row: Row, reason: str) -> None:
    text = " | ".join(c.text for c in row.cells if c.text)
    out.unread.append(Unread(what=f"{t.kind} row {text[:60]!r}", reason=reason, span=_span(doc, row.start, row.end)))


# ---------------------------------------------------------------------------------------------
# Two-sided tables: summary (01) and fiscal_summary (04)

_FUNDS = {
    "一般公共预算": "一般公共预算财政拨款",
    "政府性基金": "政府性基金预算财政拨款",
    "国有资本经营": "国有资本经营预算财政拨款",
}
_FUND_LABEL = re.compile(r"(一般公共预算|政府性基金|国有资本经营)(?:预算)?(?:财政拨款)?")


def _side_label(kind: str, side: int, text: str, carry: bool) -> str:
    """Canonical row key of a summary/fiscal_summary label on income (0) or expenditure (1) side."""
    label = strip_label(text)
    if label == "总计":
        return "收入总计" if side == 0 else "支出总计"
    if label.startswith("使用非财政拨款结余"):
        return "使用非财政拨款结余"
    if kind == "fiscal_summary" and side == 0:
        m = _FUND_LABEL.fullmatch(label)
        if m:
            fund = _FUNDS[m.group(1)]
            return f"年初财政拨款结转和结余/{fund}" if carry else fund
    return label


def _map_side_col(kind: str, side: int, leaf: str) -> str | None:
    """Value columns of a two-sided table; None for label and 行次 columns."""
    if leaf in ("金额", "决算数") or (kind == "summary" and "金额" in leaf):
        return "金额"
    if kind == "fiscal_summary" and side == 1:
        if leaf == "合计":
            return "合计"
        m = _FUND_LABEL.search(leaf)
        if m:
            return _FUNDS[m.group(1)]
    return None


#: the value columns of each side, left to right, when no tab header says otherwise
_SIDE_COLUMNS = {
    "summary": (["金额"], ["金额"]),
    "fiscal_summary": (["金额"], ["合计", *_FUNDS.values()]),
}
_LINE_NO = re.compile(r"\d{1,3}")
_AMOUNT = re.compile(r"-?\d+\.\d+")


@dataclass
class _Group:
    """One side of a space-separated two-sided row: label run, its 行次, and the amount tokens after it."""

    label: Cell | None
    line_no: int | None
    amounts: list[Cell] = field(default_factory=list)  # blank placeholders (``-``) included


def _side_groups(doc: Document, row: Row) -> list[_Group] | None:
    """Split a space row into side groups; None when a token fits no place (an integer among amounts).

    A label run starts a group, the small integer right after it is its 行次, a bare integer where no
    label precedes it starts a label-less group (the blank income side's 行次), decimals and blank marks
    are amounts.
    """
    text = doc.text.clean[row.start : row.end]
    groups: list[_Group] = []
    words: list[re.Match[str]] = []

    def flush() -> None:
        if words:
            a, b = row.start + words[0].start(), row.start + words[-1].end()
            groups.append(_Group(label=Cell(doc.text.clean[a:b], a, b), line_no=None))
            words.clear()

    for m in re.finditer(r"\S+", text):
        tok = m.group()
        cell = Cell(tok, row.start + m.start(), row.start + m.end())
        if _AMOUNT.fullmatch(tok) or key_text(tok) in _BLANKISH:
            flush()
            if not groups:
                return None
            groups[-1].amounts.append(cell)
        elif _LINE_NO.fullmatch(tok):
            flush()
            g = groups[-1] if groups else None
            if g is not None and g.label is not None and g.line_no is None and not g.amounts:
                g.line_no = int(tok)
            elif g is None or g.amounts or g.line_no is not None:
                groups.append(_Group(label=None, line_no=int(tok)))
            else:
                return None
        elif is_number(tok):
            return None
        else:
            words.append(m)
    flush()
    return groups


def _resolve_sides(rows: list[tuple[Row, list[_Group] | None]]) -> dict[int, str | list[tuple[int, _Group]]]:
    """Side of every group, per row index: two groups are income then expenditure; a lone labelled group
    is placed by its 行次 only where the table's two-group rows separate the sides' 行次 ranges."""
    income = [g.line_no for _, gs in rows if gs and len(gs) == 2 for g in gs[:1] if g.line_no is not None]
    spend = [g.line_no for _, gs in rows if gs and len(gs) == 2 for g in gs[1:] if g.line_no is not None]
    split = bool(income and spend) and max(income) < min(spend)
    placed: dict[int, str | list[tuple[int, _Group]]] = {}
    for n, (_, gs) in enumerate(rows):
        if gs is None:
            placed[n] = "an integer where only amounts or a 行次 can stand"
        elif len(gs) == 2:
            placed[n] = [(0, gs[0]), (1, gs[1])]
        elif len(gs) > 2:
            placed[n] = f"{len(gs)} label groups for two sides"
        elif not gs or not gs[0].amounts:
            placed[n] = []
        elif gs[0].line_no is not None and split and gs[0].line_no <= max(income):
            placed[n] = [(0, gs[0])]
        elif gs[0].line_no is not None and split and gs[0].line_no >= min(spend):
            placed[n] = [(1, gs[0])]
        else:
            placed[n] = "one label: cannot tell which side it is on"
    return placed


def _read_two_sided(doc: Document, t: Table, out: _Out) -> None:
    """Income side left, expenditure side right of the second 项目 column; each side label + values.

    Space-separated rows (text pulled from PDFs) are split into side groups by :func:`_side_groups`;
    their amounts go onto the side's columns only where the placement is certain.
    """
    header = next((r for r in t.rows if [key_text(c.text) for c in r.cells].count("项目") >= 2), None)
    spaced = [r for r in t.rows if r.layout == "space" and r is not header and not _is_number_row(r)]
    if header is None and not spaced:
        _unread_table(doc, t, out, "no 项目 | 项目 header row")
        return
    sides: list[tuple[int, dict[int, str]]] = []
    if header is not None and header.layout == "tab":
        texts = [key_text(c.text) for c in header.cells]
        label_idx = [i for i, x in enumerate(texts) if x == "项目"][:2]
        for s, li in enumerate(label_idx):
            stop = label_idx[1] if s == 0 else len(texts)
            cols = {i: c for i in range(li + 1, stop) if (c := _map_side_col(t.kind, s, texts[i]))}
            sides.append((li, cols))
    header_cols = (
        (list(sides[0][1].values()) or ["金额"], list(sides[1][1].values()))
        if len(sides) == 2 and sides[1][1]
        else _SIDE_COLUMNS[t.kind]
    )
    body = t.rows[t.rows.index(header) + 1 :] if header is not None else t.rows
    groups = [(r, _side_groups(doc, r) if r.layout == "space" and not _is_number_row(r) else None) for r in body]
    placed = _resolve_sides([(r, g) for r, g in groups if r.layout == "space" and not _is_number_row(r)])
    state = _SideState()
    pending: list[tuple[Row, str, str, Cell]] = []  # fiscal rows of two equal amounts, settled at the end
    k = 0
    for row, _ in groups:
        if _is_number_row(row):
            continue
        if row.layout == "space":
            where = placed[k]
            k += 1
            if isinstance(where, str):
                _unread_row(doc, t, out, row, where)
                continue
            for s, g in where:
                raw = g.label.text if g.label else ""
                vals, deferred = _place_space_amounts(doc, t, out, row, s, g.amounts, header_cols[s])
                key = _emit_side(doc, t, out, row, s, raw, vals, state)
                if deferred is not None and key is not None:
                    pending.append((row, key, key_text(raw), deferred))
            continue
        if not sides:
            continue
        for s, (li, cols) in enumerate(sides):
            raw = row.cells[li].text if li < len(row.cells) else ""
            vals = [(c, row.cells[i]) for i, c in cols.items() if i < len(row.cells) and not is_blank(row.cells[i])]
            _emit_side(doc, t, out, row, s, raw, vals, state)
    _settle_pending(doc, t, out, pending)


@dataclass
class _SideState:
    carry: bool = False  # inside the 年初财政拨款结转和结余 block of fiscal_summary's income side


def _emit_side(
    doc: Document, t: Table, out: _Out, row: Row, s: int, raw: str, vals: list[tuple[str, Cell]], state: _SideState
) -> str | None:
    """One side of one row: its canonical key and the (column, cell) values under it."""
    if s == 0 and strip_label(raw) == "年初财政拨款结转和结余":
        state.carry = True
    if not key_text(raw):
        for _, cell in vals:
            out.unread.append(
                Unread(what=f"{t.kind} side {s}", reason="value without a label", span=_span(doc, cell.start, cell.end))
            )
        return None
    key = _side_label(t.kind, s, raw, state.carry and s == 0 and strip_label(raw) != "年初财政拨款结转和结余")
    if s == 0 and key in ("收入总计", "本年收入合计"):
        state.carry = False
    for col, cell in vals:
        _put(doc, t, out, key, key_text(raw), row, col, cell)
    return key


def _place_space_amounts(
    doc: Document, t: Table, out: _Out, row: Row, s: int, amounts: list[Cell], cols: list[str]
) -> tuple[list[tuple[str, Cell]], Cell | None]:
    """(column, cell) for the amounts of one side of a space row, only where the placement is certain.

    As many amounts (blank marks included) as the side has columns: left to right. One amount: the
    side's first column (金额, or 合计 — a total is never blank when its parts are not). More amounts
    than that but fewer than the columns: the first is the 合计 when it equals the sum of the others;
    two equal amounts on 04's expenditure side are 合计 and 一般公共预算财政拨款 only when the table's
    income side shows every yuan is 一般公共预算 money (settled by :func:`_settle_pending`); the rest is
    reported, not guessed.
    """
    if not amounts:
        return [], None
    if len(amounts) == len(cols):
        return [(col, cell) for col, cell in zip(cols, amounts, strict=True) if not is_blank(cell)], None
    if len(amounts) == 1:
        return [(cols[0], amounts[0])], None
    values = [Decimal(c.text) if not is_blank(c) else Decimal(0) for c in amounts]
    sums = abs(values[0] - sum(values[1:])) <= Decimal("0.011")
    first_total = cols[0] == "合计" and not is_blank(amounts[0]) and sums
    vals = [(cols[0], amounts[0])] if first_total else []
    rest = [c for c in amounts[1:] if not is_blank(c)]
    if first_total and len(rest) == 1 and len(cols) == 4 and cols[1] == _FUNDS["一般公共预算"]:
        return vals, rest[0]
    if rest or not first_total:
        reason = f"{len(amounts)} amounts for {len(cols)} columns on side {s}: placement ambiguous"
        _unread_row(doc, t, out, row, reason)
    return vals, None


def _settle_pending(doc: Document, t: Table, out: _Out, pending: list[tuple[Row, str, str, Cell]]) -> None:
    """Place the second of two equal amounts under 一般公共预算财政拨款 when no other fund has money.

    Certain when the income side's 收入总计 equals 一般公共预算财政拨款 plus its 年初 carry-over: then
    the other funds have nothing to spend, their columns are blank, and 合计 = 一般公共预算财政拨款.
    """
    if not pending:
        return

    def money(key: str) -> Decimal | None:
        tr = out.rows.get(key)
        cell = tr.cells.get("金额") if tr else None
        return cell.value if cell is not None else None

    general = _FUNDS["一般公共预算"]
    total, income = money("收入总计"), money(general)
    carry = money(f"年初财政拨款结转和结余/{general}") or Decimal(0)
    carry_all = money("年初财政拨款结转和结余") or Decimal(0)
    only_general = (
        total is not None and income is not None and abs(total - income - carry) <= Decimal("0.011")
        and abs(carry_all - carry) <= Decimal("0.011")
    )  # fmt: skip
    for row, key, label, cell in pending:
        if only_general:
            _put(doc, t, out, key, label, row, general, cell)
        else:
            reason = "two amounts on the expenditure side and other funds may have money: placement ambiguous"
            _unread_row(doc, t, out, row, reason)


def _unread_table(doc: Document, t: Table, out: _Out, reason: str) -> None:
    if any(not is_blank(c) and is_number(c.text) and "." in c.text for r in t.rows for c in r.cells):
        out.unread.append(Unread(what=t.kind, reason=reason, span=_span(doc, t.start, t.end)))


# ---------------------------------------------------------------------------------------------
# basic_by_economic (06): three (科目编码, 科目名称, 决算数) groups side by side


def _read_basic(doc: Document, t: Table, out: _Out) -> None:
    """Economic-code rows per column group, plus the 人员经费合计 / 公用经费合计 totals row."""
    header = next((r for r in t.rows if sum("决算数" in key_text(c.text) for c in r.cells) >= 2), None)
    values = [i for i, c in enumerate(header.cells) if "决算数" in key_text(c.text)] if header else [2, 5, 8]
    start = t.rows.index(header) + 1 if header else 0
    for row in t.rows[start:]:
        joined = "".join(key_text(c.text) for c in row.cells)
        if "经费合计" in joined:
            _read_basic_totals(doc, t, out, row)
        elif row.layout == "space":
            _read_basic_space(doc, t, out, row)
        elif not _is_number_row(row):
            _read_basic_groups(doc, t, out, row, values)


def _read_basic_groups(doc: Document, t: Table, out: _Out, row: Row, values: list[int]) -> None:
    """Each group is code at v-2, name at v-1, amount at v (v = a 决算数 column)."""
    for v in values:
        if v >= len(row.cells) or v < 2:
            continue
        code, name, cell = row.cells[v - 2], row.cells[v - 1], row.cells[v]
        code_text = key_text(code.text)
        if _ECON_CODE.fullmatch(code_text):
            _put(doc, t, out, code_text, key_text(name.text) or None, row, "决算数", cell)
        elif not is_blank(cell):
            out.unread.append(
                Unread(
                    what=f"basic_by_economic {code_text!r}",
                    reason="amount without an economic code",
                    span=_span(doc, cell.start, cell.end),
                )
            )


def _read_basic_totals(doc: Document, t: Table, out: _Out, row: Row) -> None:
    """Walk the cells: a label (possibly split ``公用经|费合计``) takes the next amount after it."""
    pending = ""
    for cell in row.cells:
        text = key_text(cell.text)
        if not text:
            continue
        if is_number(cell.text):
            key = strip_label(pending)
            if key in ("人员经费合计", "公用经费合计"):
                _put(doc, t, out, key, key, row, "决算数", cell)
            else:
                out.unread.append(
                    Unread(
                        what=f"basic_by_economic {pending!r}",
                        reason="total with an unknown label",
                        span=_span(doc, cell.start, cell.end),
                    )
                )
            pending = ""
        else:
            pending = pending + text if pending and not pending.endswith("合计") else text


def _read_basic_space(doc: Document, t: Table, out: _Out, row: Row) -> None:
    """Space layout: each amount follows its own code and name, so code → name → amount is unambiguous."""
    code: str | None = None
    name: str | None = None
    for cell in row.cells:
        text = key_text(cell.text)
        if _ECON_CODE.fullmatch(text) and (code is None or name is not None):
            code, name = text, None
        elif is_number(cell.text) and code is not None and name is not None:
            _put(doc, t, out, code, name, row, "决算数", cell)
            code = name = None
        elif not is_number(cell.text) and code is not None:
            name = text
        else:
            _unread_row(doc, t, out, row, "cannot pair amounts with economic codes")
            return


# ---------------------------------------------------------------------------------------------
# three_public (09): long layout (rows per item) or wide layout (one row of 12 numbers)

_ITEMS = [
    ("因公出国", "因公出国(境)费"),
    ("公务接待", "公务接待费"),
    ("运行维护费", "公务用车运行维护费"),
    ("购置及运行", "公务用车购置及运行费"),
    ("购置费", "公务用车购置费"),
    ("合计", "合计"),
    ("小计", "合计"),
]


def _item(label: str) -> str | None:
    """Canonical 三公 item of a label; 公务用车购置及运行维护费 is 公务用车购置及运行费."""
    key = strip_label(label)
    if "购置及运行" in key:
        return "公务用车购置及运行费"
    return next((name for needle, name in _ITEMS if needle in key), None)


def _read_three_public(doc: Document, t: Table, out: _Out) -> None:
    """Wide when item names sit in the header cells; long otherwise."""
    wide = any(sum(_item(c.text) not in (None, "合计") for c in r.cells) >= 2 for r in t.rows)
    (_read_three_wide if wide else _read_three_long)(doc, t, out)


def _read_three_long(doc: Document, t: Table, out: _Out) -> None:
    """Rows 合计 / 因公出国(境)费 / …; columns 预算数 and 决算数 from the header."""
    header = next((r for r in t.rows if any(key_text(c.text) in ("预算数", "决算数") for c in r.cells)), None)
    if header is None:
        _unread_table(doc, t, out, "no 预算数/决算数 header")
        return
    cols = {i: key_text(c.text) for i, c in enumerate(header.cells) if key_text(c.text) in ("预算数", "决算数")}
    for row in t.rows[t.rows.index(header) + 1 :]:
        if _is_number_row(row) or not row.cells:
            continue
        label = row.cells[0].text
        key = _item(label)
        if key is None:
            if any(is_number(c.text) for c in row.cells[1:]):
                _unread_row(doc, t, out, row, "unknown 三公 item")
            continue
        if row.layout == "space":
            nums = [c for c in row.cells[1:] if is_number(c.text)]
            if len(nums) == len(cols):
                for col, cell in zip(cols.values(), nums, strict=True):
                    _put(doc, t, out, key, strip_label(label), row, col, cell)
            elif nums:
                _unread_row(doc, t, out, row, f"{len(nums)} numbers for {len(cols)} columns")
            continue
        for i, col in cols.items():
            if i < len(row.cells):
                _put(doc, t, out, key, strip_label(label), row, col, row.cells[i])


def _read_three_wide(doc: Document, t: Table, out: _Out) -> None:
    """Two-level header 预算数/决算数 × items (公务用车 split into 小计/购置费/运行维护费); one data row."""

    def is_data(r: Row) -> bool:
        return (
            not _is_number_row(r)
            and all(is_number(c.text) or is_blank(c) for c in r.cells)
            and any(not is_blank(c) for c in r.cells)
        )

    heads, body = _split_header(t, is_data)
    columns = _columns(heads)
    for row in body:
        if not is_data(row):
            continue
        for i, cell in enumerate(row.cells):
            if is_blank(cell):
                continue
            col = columns[i] if i < len(columns) else None
            group = next((p for p in (col.parents if col else []) if p in ("预算数", "决算数")), None)
            item = _item(col.leaf) if col else None
            if col and item == "合计" and col.leaf == "小计":
                item = next((_item(p) for p in reversed(col.parents) if _item(p) not in (None, "合计")), None)
            if group is None or item is None or row.layout != "tab":
                out.unread.append(
                    Unread(
                        what="three_public",
                        reason=f"cell {cell.text!r} under no known column",
                        span=_span(doc, cell.start, cell.end),
                    )
                )
                continue
            _put(doc, t, out, item, item, row, group, cell)


_READERS: dict[str, Callable[[Document, Table, _Out], None]] = {
    "summary": _read_two_sided,
    "fiscal_summary": _read_two_sided,
    "income": _read_code_table,
    "expenditure": _read_code_table,
    "general_budget": _read_code_table,
    "gov_fund": _read_code_table,
    "state_capital": _read_code_table,
    "basic_by_economic": _read_basic,
    "three_public": _read_three_public,
}
