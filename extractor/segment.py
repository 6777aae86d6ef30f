"""segment: ``Text`` → ``Document``: the standard tables (rows and cells) and the prose sections.

All offsets here are into the *clean* view (``Text.clean``); readers map them to the original text with
``Text.span`` when they emit a value.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from extractor.normalize import Text


@dataclass(frozen=True)
class Cell:
    """One cell: its stripped text and clean-view offsets (``start == end`` for a blank cell)."""

    text: str
    start: int
    end: int

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(frozen=True)
class Row:
    """One printed table row (one line, or two glued lines split apart)."""

    cells: tuple[Cell, ...]
    start: int
    end: int
    layout: str = "tab"  # "tab" | "space"

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    """A standard table found by its title."""

    kind: str  # canonical table id, e.g. "income"
    title: str
    title_start: int
    title_end: int
    start: int
    end: int
    rows: list[Row] = field(default_factory=list)
    unit: str = "万元"
    declared_empty: bool = False


@dataclass(frozen=True)
class Section:
    """A prose section: its heading line and the text up to the next heading of the same or higher level."""

    heading: str
    level: int
    start: int  # start of the heading line
    body_start: int
    end: int


@dataclass
class Document:
    doc_id: str
    text: Text
    tables: list[Table] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    department: str | None = None
    year: int | None = None
    _table_index: tuple[int, int, list[int], list[int]] | None = field(default=None, repr=False, compare=False)

    def table(self, kind: str) -> Table | None:
        return next((t for t in self.tables if t.kind == kind), None)

    def section_at(self, pos: int) -> Section | None:
        """The innermost section containing clean offset ``pos``."""
        best: Section | None = None
        for s in self.sections:
            if s.start <= pos < s.end and (best is None or s.level >= best.level):
                best = s
        return best

    def in_table(self, pos: int) -> bool:
        """Whether clean offset ``pos`` lies in a table (a binary search: readers ask for every line)."""
        key = (id(self.tables), len(self.tables))
        if self._table_index is None or self._table_index[:2] != key:
            spans = sorted((t.start, t.end) for t in self.tables)
            reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end so far
            self._table_index = (*key, [s for s, _ in spans], reach)
        _, _, starts, reach = self._table_index
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and reach[i] > pos


def segment(text: Text, doc_id: str = "") -> Document:
    """Find the sections and the standard tables of a report."""
    doc = Document(doc_id=doc_id, text=text)
    doc.sections = find_sections(text.clean)
    doc.tables = find_tables(text.clean)
    doc.department, doc.year = find_metadata(text.clean)
    return doc


# ---------------------------------------------------------------------------------------------
# Sections

_CN_NUM = "一二三四五六七八九十"
# Level 1: 第X部分; level 2: 一、; level 3: (一) / （一）; level 4: 1. / 1、 / 1．
_HEADINGS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^\s*第[{_CN_NUM}\d]+部分\s*\S")),
    (2, re.compile(rf"^\s*[{_CN_NUM}]{{1,3}}\s*、\s*\S")),
    (
        2,
        re.compile(r"^\s*\d{1,2}\s*、\s*(?=\S{2,40}$)"),
    ),  # "1、 收入支出决算总体情况说明" used as level-2 in some reports
    (3, re.compile(rf"^\s*[(（]\s*[{_CN_NUM}]{{1,3}}\s*[)）]\s*\S")),
]
_MAX_HEADING = 60


def find_sections(clean: str) -> list[Section]:
    """Headings by their numbering style; a section ends where a heading of its level or above starts."""
    heads: list[tuple[int, int, int, str]] = []  # (level, line start, body start, heading)
    pos = 0
    for line in clean.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and len(stripped) <= _MAX_HEADING and not stripped.startswith("-") and "\t" not in stripped:
            for level, pat in _HEADINGS:
                if pat.match(stripped) and not _is_sentence(stripped):
                    heads.append((level, pos, pos + len(line), stripped))
                    break
        pos += len(line)
    sections: list[Section] = []
    for i, (level, start, body, heading) in enumerate(heads):
        end = len(clean)
        for level2, start2, _, _ in heads[i + 1 :]:
            if level2 <= level:
                end = start2
                break
        sections.append(Section(heading=heading, level=level, start=start, body_start=body, end=end))
    return sections


def _is_sentence(line: str) -> bool:
    """A numbered line that carries figures is a statement, not a heading."""
    return bool(re.search(r"\d+\.\d+\s*万元|。.+", line))


# ---------------------------------------------------------------------------------------------
# Metadata

_YEAR = re.compile(r"(20\d{2})\s*年度?")
_DEPT = re.compile(r"^\s*(?:部门名称|部门|单位|丰世)\s*[:：]\s*(?!万?元\s*$)(\S[^\t\n]{1,40})", re.M)


def find_metadata(clean: str) -> tuple[str | None, int | None]:
    """Department from the table headers (部门: …) and the fiscal year from the title page."""
    m = _DEPT.search(clean)
    dept = m.group(1).strip() if m else None
    head = clean[:3000]
    y = _YEAR.search(head)
    return dept, int(y.group(1)) if y else None


# ---------------------------------------------------------------------------------------------
# Tables
#
# A table is found by its printed TITLE (never by its 公开NN表 number, which differs between reports),
# matched against the whole line so that "收入决算表" does not fire inside "财政拨款收入支出决算表".
# A title only counts when a table body follows it: a 公开NN表 marker, or (for a bare title) a
# tab-separated header row. That keeps tables-of-contents and chart residue out.

#: canonical id → whole-line title pattern, on the title with spaces and quote marks removed.
_TITLES: list[tuple[str, re.Pattern[str]]] = [
    ("fiscal_summary", re.compile(r"财政拨款收入支出决算总表")),
    ("summary", re.compile(r"收入支出决算总表")),
    ("income", re.compile(r"收入决算表")),
    ("expenditure", re.compile(r"支出决算表")),
    ("general_budget", re.compile(r"一般公共预算财政拨款支出决算表")),
    ("basic_by_economic", re.compile(r"一般公共预算财政拨款基本支出决算(?:明细)?表")),
    ("gov_fund", re.compile(r"政府性基金预算财政拨款收入支出决算表")),
    ("state_capital", re.compile(r"国有资本经营预算财政拨款(?:收入)?支出决算表")),
    ("three_public", re.compile(r"(?:一般公共预算)?财政拨款三公经费支出决算表")),
]
_TITLE_QUOTES = re.compile(r"[\s\"'“”‘’「」『』]")
_ORDINAL = re.compile(rf"^(?:[{_CN_NUM}]{{1,3}}|\d{{1,2}})[、.]")
_TITLE_SUFFIX = re.compile(r"\(公开\d+表\)$")
_YEAR_PREFIX = re.compile(r"^\d{4}年度?(?:部门)?")
# What may precede a title on its line: a department-like name and/or a year (``2023年度朝阳市科学技术局部门``).
_DEPT_END = r"(?:委员会|办公室|政府|集团|公司|协会|联合会|中心|监狱|[局厅委办部院所站队会处馆校社署团室台])"
_DEPT_NAME = rf"[\u4e00-\u9fff()·]{{1,36}}{_DEPT_END}"
_TITLE_PREFIX = re.compile(
    rf"(?:\d{{4}}年度?)?(?:{_DEPT_NAME})?(?:\d{{4}}年度?)?(?:部门|单位)?(?:本级)?(?:\d{{4}}年度?)?(?:部门|单位)?"
)
_MAX_TITLE, _MAX_TITLE_PREFIX = 70, 40
_MARKER = re.compile(r"^公开\s*\d{1,2}\s*表\s*$")
_NOTE = re.compile(r"^(?:注|说明)\s*\d?\s*[:：.、]")
_META = re.compile(
    r"^(?:公开\s*\d{1,2}\s*表|(?:金额)?单位\s*[:：]|(?:部门|编制单位|单位名称|部门名称)\s*[:：]|\d{4}\s*年度?$)"
)
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元)\s*$")
_HEADER_WORDS = ("项目", "栏次", "科目", "预算数", "决算数", "金额", "合计")
_EMPTY_SAYS = re.compile(r"本表为空|本表无数据|故本表无数据|本表无内容|无此类(?:资金|数据|收支)")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_SPACE_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CODE = re.compile(r"\d{3,7}")
# "… 0.002110105 环境保护法规 …": a two-decimal number glued to the next row's code and label.
_GLUE = re.compile(r"(?<=\.\d\d)(?=\d{3,7}\s*[\u4e00-\u9fff])")
_BODY_LOOKAHEAD = 10  # non-blank lines after a title in which its body must start
_MAX_STRAY, _MAX_STRAYS = 40, 3  # short unrecognised lines tolerated between a title and its first row
_EMPTY_LOOKAHEAD = 800  # characters after a table's end in which "本表为空" may be said


def _lines(clean: str) -> list[tuple[int, int, str]]:
    """(start, end-without-newline, text) for every line, so rows keep exact clean offsets."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for line in clean.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body), body))
        pos += len(line)
    return out


def title_kind(line: str) -> tuple[str, bool] | None:
    """(canonical id, had an ordinal prefix) when the line is a standard table title.

    The whole line must be the title, or end with it after a plausible prefix (a department name and/or
    a year: ``辽宁省朝阳市科学技术局收入支出决算总表``); of the titles a line ends with, the longest wins, so
    ``…财政拨款收入支出决算总表`` is never 收入支出决算总表 with a prefix.
    """
    key = _TITLE_QUOTES.sub("", line).replace("（", "(").replace("）", ")")
    if "\t" in line or not key or len(key) > _MAX_TITLE:
        return None
    key = _TITLE_SUFFIX.sub("", key)
    ordinal = bool(_ORDINAL.match(key))
    key = _ORDINAL.sub("", key)
    bare = _YEAR_PREFIX.sub("", key)
    for kind, pat in _TITLES:
        if pat.fullmatch(bare):
            return kind, ordinal
    best: tuple[int, str] | None = None
    for kind, pat in _TITLES:
        m = re.search(f"(?:{pat.pattern})$", key)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    if best is None or best[0] > _MAX_TITLE_PREFIX or not _TITLE_PREFIX.fullmatch(key[: best[0]]):
        return None
    return best[1], ordinal


def _has_body(lines: list[tuple[int, int, str]], i: int, ordinal: bool) -> bool:
    """A real table follows its title: a 公开NN表 marker, or a tab header row for a bare title.

    TOC entries ("一、收入支出决算总表") carry an ordinal and are followed by more titles or by chart
    residue, so an ordinal title needs the marker itself.
    """
    seen = 0
    for j in range(i + 1, len(lines)):  # by index: a slice would copy the rest of the report per title
        text = lines[j][2]
        stripped = text.strip()
        if not stripped:
            continue
        if _MARKER.match(stripped):
            return True
        if title_kind(stripped) is not None:
            return False
        if not ordinal and "\t" in text and any(w in stripped.replace(" ", "") for w in _HEADER_WORDS):
            return True
        seen += 1
        if seen >= _BODY_LOOKAHEAD:
            return False
    return False


def find_tables(clean: str) -> list[Table]:
    """Locate the standard tables by title and split them into rows and cells."""
    lines = _lines(clean)
    starts: list[tuple[int, str]] = []
    for i, (_, _, text) in enumerate(lines):
        hit = title_kind(text.strip())
        marked = hit is not None and bool(re.search(r"公开\s*\d{1,2}\s*表", text))
        if hit is not None and (marked or _has_body(lines, i, hit[1])):
            starts.append((i, hit[0]))
    tables: list[Table] = []
    for n, (i, kind) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        tables.append(_build_table(clean, lines, i, stop, kind))
    return tables


def _build_table(clean: str, lines: list[tuple[int, int, str]], i: int, stop: int, kind: str) -> Table:
    """Rows from the title line up to the next title, a 注/说明 note, or prose."""
    t_start, t_end, t_text = lines[i]
    lead = len(t_text) - len(t_text.lstrip())
    table = Table(
        kind=kind, title=t_text.strip(), title_start=t_start + lead, title_end=t_end, start=t_start, end=t_end
    )
    in_body = False
    strays = 0
    for start, end, text in lines[i + 1 : stop]:
        stripped = text.strip()
        if not stripped:
            continue
        if _NOTE.match(stripped):
            break
        if "\t" in text:
            table.rows.append(_tab_row(text, start))
            in_body = True
        elif _META.match(stripped):
            if in_body:
                break
            unit = _UNIT.search(stripped)
            if unit:
                table.unit = unit.group(1)
            continue
        elif _is_space_row(stripped) or (kind in _TWO_SIDED and _is_side_row(stripped)):
            table.rows.extend(_space_rows(text, start))
            in_body = True
        elif not in_body and _is_space_header(stripped):
            table.rows.append(_space_header(text, start))
        elif not in_body and len(stripped) <= _MAX_STRAY and strays < _MAX_STRAYS:
            strays += 1  # a header line OCR damaged (`部门辽宁省…` without its colon): not the body yet
            continue
        else:
            break
        table.end = max(table.end, table.rows[-1].end if table.rows else end)
    tail_end = lines[stop][0] if stop < len(lines) else len(clean)
    tail = clean[table.end : min(tail_end, table.end + _EMPTY_LOOKAHEAD)]
    says_empty = bool(_EMPTY_SAYS.search(clean[table.start : table.end] + tail))
    table.declared_empty = says_empty and not _has_data(table)
    return table


def _tab_row(text: str, start: int) -> Row:
    """Split a tab line; each cell keeps its stripped text's offsets, blanks sit at their position."""
    cells: list[Cell] = []
    pos = start
    for raw in text.split("\t"):
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        c_start = pos + lead if body else pos
        cells.append(Cell(text=body, start=c_start, end=c_start + len(body)))
        pos += len(raw) + 1
    # the row ends at its last printed character: trailing blank cells are tabs, not content
    return Row(cells=tuple(cells), start=start, end=start + len(text.rstrip()), layout="tab")


def _is_space_row(stripped: str) -> bool:
    """A PDF-style row: label or code, then numbers separated by spaces; never a sentence."""
    if len(stripped) > 300 or any(ch in stripped for ch in "。，；") or "万元" in stripped:
        return False
    tokens = stripped.split()
    if len(tokens) < 2 or not any(_DECIMAL.fullmatch(t) for t in tokens):
        return False
    return bool(_CODE.fullmatch(tokens[0])) or not _SPACE_NUMBER.fullmatch(tokens[0])


_TWO_SIDED = ("summary", "fiscal_summary")
_SIDE_HEADER_WORDS = ("项目", "栏次", "行次", "金额", "决算数", "收入", "支出")


def _is_side_row(stripped: str) -> bool:
    """A space row of a two-sided table that may lack amounts or start with the bare income 行次.

    ``9 九、卫生健康支出 40 41.36`` and ``二、政府性基金预算财政拨款收入 2 二、外交支出 33``: labels and
    small 行次 integers (and amounts, if any); never a sentence and never a header line.
    """
    if len(stripped) > 300 or any(ch in stripped for ch in "。，；：:") or "万元" in stripped:
        return False
    tokens = stripped.split()
    numbers = [t for t in tokens if _SPACE_NUMBER.fullmatch(t)]
    words = [t for t in tokens if not _SPACE_NUMBER.fullmatch(t)]
    if len(tokens) < 2 or not any(re.search(r"[\u4e00-\u9fff]", t) for t in words):
        return False
    if not any(re.fullmatch(r"\d{1,3}", t) for t in numbers):
        return False
    if any(t in _SIDE_HEADER_WORDS for t in words):
        return False
    return all(re.fullmatch(r"\d{1,3}", t) or _DECIMAL.fullmatch(t) for t in numbers)


def _is_space_header(stripped: str) -> bool:
    """A space-separated header line before the first data row (e.g. ``项目 本年支出合计 基本支出``)."""
    return len(stripped) <= 200 and len(stripped.split()) >= 2 and any(w in stripped for w in _HEADER_WORDS)


def _space_header(text: str, start: int) -> Row:
    """Header tokens of a space layout, one cell each."""
    cells = tuple(Cell(m.group(), start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text))
    return Row(cells=cells, start=start, end=start + len(text.rstrip()), layout="space")


def _space_rows(text: str, start: int) -> list[Row]:
    """One space line → one row, or several when rows are glued (``0.002110105 环境保护法规``)."""
    cuts = [0, *(m.start() for m in _GLUE.finditer(text)), len(text)]
    rows: list[Row] = []
    for a, b in itertools.pairwise(cuts):
        cells = _space_cells(text[a:b], start + a)
        if cells:
            rows.append(Row(cells=cells, start=cells[0].start, end=cells[-1].end, layout="space"))
    return rows


def _space_cells(text: str, start: int) -> tuple[Cell, ...]:
    """Code, label (its words joined, spaces and all) and each number as its own cell."""
    cells: list[Cell] = []
    label: list[re.Match[str]] = []

    def flush() -> None:
        if label:
            a, b = start + label[0].start(), start + label[-1].end()
            cells.append(Cell(text=" ".join(m.group() for m in label), start=a, end=b))
            label.clear()

    for k, m in enumerate(re.finditer(r"\S+", text)):
        tok = m.group()
        if _SPACE_NUMBER.fullmatch(tok) and not (k == 0 and _CODE.fullmatch(tok)):
            flush()
            cells.append(Cell(tok, start + m.start(), start + m.end()))
        elif k == 0 and _CODE.fullmatch(tok):
            cells.append(Cell(tok, start + m.start(), start + m.end()))
        else:
            label.append(m)
    flush()
    return tuple(cells)


def _has_data(table: Table) -> bool:
    """Any printed amount (a number with decimals) in the table's rows."""
    return any(_DECIMAL.fullmatch(c.text) for r in table.rows for c in r.cells)
