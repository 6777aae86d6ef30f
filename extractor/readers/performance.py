"""Reader for project performance self-evaluations (绩效自评), in prose and in self-evaluation tables.

Three shapes occur in the reports:

* numbered prose items — ``(1) “科技活动周”项目自评综述：…项目自评得分96分。项目全年预算数为1.74万元，
  执行数为1.74万元，完成预算的100%。`` or ``1、科普工作经费项目绩效自评情况：…``;
* per-project self-evaluation reports in the appendix — a ``…项目支出绩效自评报告`` title, the project
  name in parentheses on the next line, then ``一般公共预算安排…N万元`` / ``实际支出M万元`` / ``自评分数X分``;
* a 项目支出自评汇总表 (tab-separated) with 项目名称 / 全年预算数 / 执行数 / 执行率 / 自评得分 columns.

A project stated both in prose and in a table is one row: the prose figures stand, the table fills the
gaps, and a disagreement is reported as ``Unread``. Per-project tables whose layout is garbled by OCR
(seed 000) are not read: they repeat the prose figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from extractor.readers.common import UnverifiableValue, amount
from extractor.readers.prose import NUM, prose_lines, strip_quotes
from extractor.schemas import Amount, PerformanceRow, Unit, Unread
from extractor.segment import Document

_UNITS: dict[str, Unit] = {"预算数": "万元", "执行数": "万元", "执行率": "%", "自评得分": "分"}

# A numbered prose item that introduces one project's self-evaluation.
_ITEM = re.compile(
    r"(?m)^[ \t\-]*(?:\(\d{1,2}\)|\d{1,2}\s*[、.])\s*"
    r"(?P<name>[^，。,;；:\n]{2,80}?)\s*(?:项目)?(?:自评综述|绩效自评情况|(?=根据年初设定))"
)
# An appendix report: a title line, then the project name in parentheses.
_REPORT = re.compile(
    r"(?m)^[ \t]*\S*(?:项目支出绩效自评报告|项目绩效评价报告)[ \t]*\n(?:[ \t]*\n){0,3}"
    r"[ \t]*\((?P<name>[^()\n]{2,60})\)[ \t]*$"
)


def _loose(pattern: str) -> str:
    """Let OCR spaces sit between the characters of a label (``项目全年预 算数为`` in seed 000)."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", lambda _: r"\s*", pattern)


#: Figures inside one project's stretch of text: (col, pattern with group v).
_FIGURES: list[tuple[str, re.Pattern[str]]] = [
    (col, re.compile(_loose(p).replace("#v", f"(?P<v>{NUM})")))
    for col, p in [
        ("自评得分", r"自评(?:得分|分数)(?:为)?\s*#v\s*分"),
        ("预算数", r"(?:全年)?预算数为\s*#v\s*万元"),
        ("预算数", r"一般公共预算安排[^，。\d]{0,40}?#v\s*万元"),
        ("预算数", r"项目资金\s*#v\s*万元"),
        ("执行数", r"(?:全年)?执行数为\s*#v\s*万元"),
        ("执行数", r"(?:实际支出|当年支出)\s*#v\s*万元"),
        ("执行率", r"完成预算的\s*#v\s*%"),
        ("执行率", r"资金支付率\s*#v\s*%"),
    ]
]

# Self-evaluation table header cells → columns (whitespace removed before matching).
_HEADER_COLS: list[tuple[str, str]] = [
    ("项目名称", "name"),
    ("预算数", "预算数"),
    ("执行数", "执行数"),
    ("执行率", "执行率"),
    ("自评得分", "自评得分"),
]
#: a header names the project column: lines without it are never headers (and most lines are not)
_MAYBE_HEADER = re.compile(r"项\s*目\s*名\s*称")
_HEADER_EXACT = {"执行率"}  # 预算执行率 elsewhere means something else; 执行率 must be the whole cell


@dataclass
class _Row:
    """A project being assembled: its name, where the name is, and the cells read so far."""

    name: str
    start: int
    end: int
    cells: dict[str, Amount] = field(default_factory=dict)


def read_performance(doc: Document) -> tuple[list[PerformanceRow], list[Unread]]:
    """Every project's 预算数 / 执行数 / 执行率 / 自评得分 the report states."""
    unread: list[Unread] = []
    rows = _prose_items(doc, unread) + _appendix_reports(doc, unread)
    names = _Names(rows)
    for table_row in _table_rows(doc, unread):
        _merge(doc, names, table_row, unread)
    out = [
        PerformanceRow(project=r.name, span=doc.text.span(r.start, r.end), cells=r.cells)  # type: ignore[arg-type]
        for r in rows
        if r.cells
    ]
    return out, unread


# ---------------------------------------------------------------------------------------------
# Prose


def _prose_items(doc: Document, unread: list[Unread]) -> list[_Row]:
    """Numbered prose items; each reads its figures up to the next item (at most a few paragraphs)."""
    clean = doc.text.clean
    matches = [m for m in _ITEM.finditer(clean) if not _in_table_line(clean, m.start())]
    rows: list[_Row] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(clean)
        end = min(end, m.end() + 3000)
        row = _named_row(clean, m.start("name"), m.end("name"))
        _read_figures(doc, row, m.end(), end, unread)
        rows.append(row)
    return rows


def _appendix_reports(doc: Document, unread: list[Unread]) -> list[_Row]:
    """Per-project appendix reports; each reads up to the next report title."""
    clean = doc.text.clean
    matches = list(_REPORT.finditer(clean))
    rows: list[_Row] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(clean)
        row = _named_row(clean, m.start("name"), m.end("name"))
        if row.name.endswith("项目"):  # (省级科普专项项目): the name without the word 项目
            row.name, row.end = row.name[:-2], row.end - 2
        _read_figures(doc, row, m.end(), end, unread)
        rows.append(row)
    return rows


def _named_row(clean: str, start: int, end: int) -> _Row:
    """A row named by the printed text at ``[start, end)``, without quotes or surrounding whitespace."""
    raw = clean[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw.rstrip())
    return _Row(name=strip_quotes(raw), start=start + lead, end=start + trail)


def _read_figures(doc: Document, row: _Row, start: int, end: int, unread: list[Unread]) -> None:
    """The first statement of each column in the project's own prose (tables in between skipped)."""
    for pos, line in prose_lines(doc, start, end):
        for col, pattern in _FIGURES:
            if col in row.cells:
                continue
            m = pattern.search(line)
            if m is None:
                continue
            try:
                row.cells[col] = amount(doc, pos + m.start("v"), pos + m.end("v"), _UNITS[col], confidence="clean")
            except UnverifiableValue as exc:
                unread.append(Unread(what=f"performance {row.name} {col}", reason=str(exc)))


def _in_table_line(clean: str, pos: int) -> bool:
    """Whether ``pos`` is on a tab-separated line (a table row, not prose)."""
    start = clean.rfind("\n", 0, pos) + 1
    end = clean.find("\n", pos)
    return "\t" in clean[start : end if end >= 0 else len(clean)]


# ---------------------------------------------------------------------------------------------
# Self-evaluation tables


def _table_rows(doc: Document, unread: list[Unread]) -> list[_Row]:
    """Rows of every tab-separated table whose header has 项目名称 and 自评得分 or 执行率."""
    clean = doc.text.clean
    rows: list[_Row] = []
    columns: dict[int, str] | None = None
    pos = 0
    for line in clean.splitlines(keepends=True):
        start = pos
        pos += len(line)
        if columns is None and not _MAYBE_HEADER.search(line):  # outside a table only a header matters
            continue
        cells = _split_cells(line, start)
        if not cells:
            if line.strip():
                columns = None  # a prose line ends the table; blank lines do not
            continue
        header = _header_columns([c[0] for c in cells]) if _MAYBE_HEADER.search(line) else None
        if header is not None:
            columns = header
            continue
        if columns is not None:
            row = _table_row(doc, cells, columns, unread)
            if row is not None:
                rows.append(row)
    return rows


def _split_cells(line: str, pos: int) -> list[tuple[str, int, int]]:
    """A tab-separated line's cells as ``(text, start, end)`` clean offsets; [] for a prose line."""
    body = line.rstrip("\n")
    if "\t" not in body:
        return []
    out: list[tuple[str, int, int]] = []
    offset = 0
    for part in body.split("\t"):
        lead = len(part) - len(part.lstrip())
        text = part.strip()
        start = pos + offset + lead
        out.append((text, start, start + len(text)))
        offset += len(part) + 1
    return out


def _header_columns(texts: list[str]) -> dict[int, str] | None:
    """Column index → column for a self-evaluation header row; None if this is not one."""
    cols: dict[int, str] = {}
    for i, text in enumerate(texts):
        squeezed = re.sub(r"\s+", "", text)
        for needle, col in _HEADER_COLS:
            hit = squeezed == needle if needle in _HEADER_EXACT else needle in squeezed
            if hit and col not in cols.values():
                cols[i] = col
                break
    has_figure = any(c in cols.values() for c in ("自评得分", "执行率"))
    return cols if "name" in cols.values() and has_figure else None


def _table_row(
    doc: Document, cells: list[tuple[str, int, int]], columns: dict[int, str], unread: list[Unread]
) -> _Row | None:
    """One data row of a self-evaluation table; None for rows without a project name."""
    name_idx = next(i for i, c in columns.items() if c == "name")
    if name_idx >= len(cells) or not cells[name_idx][0]:
        return None
    text, start, end = cells[name_idx]
    row = _Row(name=strip_quotes(text), start=start, end=end)
    for i, col in columns.items():
        if col == "name" or i >= len(cells) or not cells[i][0]:
            continue
        _, c_start, c_end = cells[i]
        try:
            row.cells[col] = amount(doc, c_start, c_end, _UNITS[col], confidence="clean")
        except UnverifiableValue as exc:
            unread.append(Unread(what=f"performance {row.name} {col}", reason=str(exc)))
    return row


# ---------------------------------------------------------------------------------------------
# Merging


def _key(name: str) -> str:
    """A project name for matching: no quotes, whitespace, dashes or a trailing 项目."""
    return re.sub(r"[\s—–\-－‐]|项目$", "", strip_quotes(name))


class _Names:
    """The rows by matching key, so merging a table row costs the same however long the report is.

    A row is merged into the closest name (``SequenceMatcher.ratio`` ≥ 0.8). Comparing each table row with
    every row was quadratic (minutes for a few MB of text); here a table row is compared once with each
    distinct key that can reach 0.8: a length within a factor 1.5 (2·min/(a+b) ≥ 0.8) and a shared pair of
    characters — which a ratio of 0.8 needs unless both keys have at most 3 characters (2 + 3 characters
    with 2 in common, e.g. ab / axb), so those short keys are all compared.
    """

    def __init__(self, rows: list[_Row]) -> None:
        self.rows = rows  # the caller's list: ``add`` appends to it
        self.by_key: dict[str, list[tuple[int, _Row]]] = {}  # key → (position in rows, row)
        self.by_pair: dict[str, set[str]] = {}
        self.short: set[str] = set()
        for position, row in enumerate(rows):
            self._index(position, row)

    def add(self, row: _Row) -> None:
        self.rows.append(row)
        self._index(len(self.rows) - 1, row)

    def _index(self, position: int, row: _Row) -> None:
        key = _key(row.name)
        if key not in self.by_key:
            self.by_key[key] = []
            for pair in _pairs(key):
                self.by_pair.setdefault(pair, set()).add(key)
            if len(key) <= 3:
                self.short.add(key)
        self.by_key[key].append((position, row))

    def candidates(self, key: str) -> set[str]:
        """Every stored key that can be 0.8 similar to ``key``."""
        found = set(self.short) if len(key) <= 3 else set()
        if key in self.by_key:
            found.add(key)
        for pair in _pairs(key):
            for other in self.by_pair.get(pair, ()):
                if 2 * min(len(other), len(key)) >= 0.8 * (len(other) + len(key)):
                    found.add(other)
        return found


def _pairs(key: str) -> set[str]:
    return {key[i : i + 2] for i in range(len(key) - 1)}


def _merge(doc: Document, names: _Names, new: _Row, unread: list[Unread]) -> None:
    """Merge a table row into the prose row of the same project, or add it as a project of its own.

    Names differ slightly between prose and table (运转经费 / 运行经费), so the closest name wins if it is
    close enough and the budgets do not contradict each other (the earliest row wins a tie).
    """
    new_key = _key(new.name)
    best, best_rank = None, (0.0, 0)
    for key in names.candidates(new_key):
        ratio = 1.0 if key == new_key else SequenceMatcher(None, key, new_key).ratio()
        if ratio < 0.8:
            continue
        agreeing = next(((pos, row) for pos, row in names.by_key[key] if _budgets_agree(row, new)), None)
        if agreeing is not None and (ratio, -agreeing[0]) > best_rank:
            best, best_rank = agreeing[1], (ratio, -agreeing[0])
    if best is None:
        names.add(new)
        return
    for col, value in new.cells.items():
        have = best.cells.get(col)
        if have is None:
            best.cells[col] = value
        elif have.value != value.value:
            unread.append(
                Unread(
                    what=f"performance {best.name} {col}",
                    reason=f"table says {value.text!r}, prose says {have.text!r}; kept the prose",
                    span=value.span,
                )
            )


def _budgets_agree(a: _Row, b: _Row) -> bool:
    """Two statements of one project never disagree on its budget."""
    x, y = a.cells.get("预算数"), b.cells.get("预算数")
    return x is None or y is None or x.value == y.value
