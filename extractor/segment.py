"""segment: ``Text`` → ``Document``: the standard tables, the other tables, and the prose sections.

Tables are found by their printed title, matched by similarity against the template's title variants
(``extractor.template``), never by their 公开NN表 number (which differs between reports). A title only counts
when a table body follows it, which keeps tables of contents and prose mentions out. A title glued to the end
of the previous table's note (``…结转结余情况。收入决算表``, as PDF-to-text converters join pages) or split
over two short lines is still found.

A table's body is kept in one of two layouts:

* ``grid``: rows of tab-separated cells with blank cells kept — the seeds' converted tables, and the page
  text this project rebuilds from PDF text layers and OCR (``extractor.ocr``). Cells keep their positions, so
  columns are known from the header.
* ``stream``: everything else — space-separated rows, cells one per line, labels wrapped, numbers on lines of
  their own, blank cells simply absent. The body is kept as a span of text; the table readers tokenize it and
  place its numbers by the header and the template's accounting identities.

All offsets here are into the *clean* view (``Text.clean``); readers map them to the original text with
``Text.span`` when they emit a value.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from extractor.codes import codebook, is_code, normalize_name
from extractor.keys import BLANK_MARKS, CN_DIGITS, DECIMAL, key_text
from extractor.normalize import Text
from extractor.schemas.facts import MoneyUnit
from extractor.template import (
    MAX_TITLE,
    ORDINAL_PREFIX,
    TitleMatch,
    cut_title,
    garbled_titles,
    load,
    match_title,
    near_title,
    nearest,
)


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
    """One printed table row: tab-separated cells (``grid``), or a line's whitespace tokens (``space``)."""

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
    unit: MoneyUnit = "万元"
    declared_empty: bool = False
    layout: str = "grid"  # "grid" | "stream"
    #: the body (header and data, after the title and unit lines) as a clean-view span, for stream reading
    body_start: int = 0
    body_end: int = 0
    title_distance: int = 0  # characters of the title that differ from the template's (OCR damage)
    #: the converter prints a row's figures on a line below its labels (``figures_below``), for stream reading
    figures_below: bool = False
    #: spans of the body that are not the table's: a note OCR read among its last rows (``_note_among_rows``)
    skipped: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class OtherTable:
    """A table whose title is not one of the nine standard ones (机关运行经费支出决算表, …): reported, not read."""

    title: str
    start: int
    end: int
    rows: int  # printed rows carrying numbers


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
    other_tables: list[OtherTable] = field(default_factory=list)
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
    """Find the sections and the tables of a report."""
    doc = Document(doc_id=doc_id, text=text)
    lines = split_lines(text.clean)
    doc.tables, doc.other_tables = find_tables(text.clean, lines)
    below = figures_below(text.clean, doc.tables)
    for t in doc.tables:
        t.figures_below = below
    doc.sections = find_sections(text.clean, lines)
    doc.department, doc.year = find_metadata(text.clean)
    return doc


# ---------------------------------------------------------------------------------------------
# Lines

Line = tuple[int, int, str]  # (start, end without the line break, text)
_GLUED_TITLE = re.compile(r"(?:。|(?<=\d\.\d\d)|(?<=\d\.\d))\s*(?=[^。\d]{4,60}表\s*$)")  # after 。 or a figure
_GLUED_PART = re.compile(rf"(?:。\s*|\S\s{{2,}})(?=第[{CN_DIGITS}\d]+部分\s*[^\s。，；][^。，；]+$)")


def split_lines(clean: str) -> list[Line]:
    """(start, end, text) for every line, with exact clean offsets.

    A line that ends a sentence and then goes on with a table title (``…情况。收入决算表``: how text
    converters join a table's note to the next page's title) is cut after the full stop, so the title stands
    on its own line.
    """
    out: list[Line] = []
    pos = 0
    for raw in clean.splitlines(keepends=True):
        body = raw.rstrip("\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029")
        cut = _glued_at(body)
        if cut is not None:
            out.append((pos, pos + cut, body[:cut]))
            out.append((pos + cut, pos + len(body), body[cut:]))
        else:
            out.append((pos, pos + len(body), body))
        pos += len(raw)
    return out


def _glued_at(body: str) -> int | None:
    """Where a table title or a part heading glued to the end of a line starts, if one is: a sentence or the
    previous table's last figures, then a title (``…情况。收入决算表``, ``2,995.39 2,995.39收入决算表``), or a
    note or contents entry, then a part heading (``…故本表无数据。
    第三部分 …情况说明``, ``第四部分名词解释    第一部分 …概况``)."""
    for m in _GLUED_TITLE.finditer(body) if "表" in body else ():  # a title ends with 表: most lines have none
        if match_title(body[m.end() :]) is not None:
            return m.end()
    part = _GLUED_PART.search(body) if "部分" in body else None
    if part is not None and len(body) - part.end() <= _MAX_HEADING:
        return part.end()
    return None


# ---------------------------------------------------------------------------------------------
# Sections

# Level 1: 第X部分; level 2: 一、; level 3: (一) / （一）
_HEADINGS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^\s*第[{CN_DIGITS}\d]+部分\s*\S")),
    (2, re.compile(rf"^\s*[{CN_DIGITS}]{{1,3}}\s*、\s*\S")),
    (2, re.compile(r"^\s*\d{1,2}\s*、\s*(?=\S{2,40}$)")),  # "1、 收入支出决算总体情况说明" used as level 2
    (3, re.compile(rf"^\s*[(（]\s*[{CN_DIGITS}]{{1,3}}\s*[)）]\s*\S")),
]
_MAX_HEADING = 60
#: any of the heading styles: one test for the many lines that are no heading
_ANY_HEADING = re.compile("|".join(f"(?:{pat.pattern})" for _, pat in _HEADINGS))


def find_sections(clean: str, lines: list[Line] | None = None) -> list[Section]:
    """Headings by their numbering style; a section ends where a heading of its level or above starts.

    A part heading wrapped onto a short second line (``第三部分 …2024年度部门决算`` / ``情况说明``) is one
    heading.
    """
    lines = lines if lines is not None else split_lines(clean)
    heads: list[tuple[int, int, int, str]] = []  # (level, line start, body start, heading)
    for n, (start, end, text) in enumerate(lines):
        stripped = text.strip()
        if not stripped or len(stripped) > _MAX_HEADING or stripped.startswith("-") or "\t" in stripped:
            continue
        if not _ANY_HEADING.match(stripped):
            continue
        for level, pat in _HEADINGS:
            if pat.match(stripped) and not _is_sentence(stripped):
                body = end
                tail = _next_nonblank(lines, n + 1) if level == 1 else None
                if tail is not None and _heading_tail(lines[tail][2]):
                    stripped += lines[tail][2].strip()
                    body = lines[tail][1]
                heads.append((level, start, min(body + 1, len(clean)), stripped))
                break
    sections: list[Section] = []
    for i, (level, start, body, heading) in enumerate(heads):
        end = len(clean)
        for level2, start2, _, _ in heads[i + 1 :]:
            if level2 <= level:
                end = start2
                break
        sections.append(Section(heading=heading, level=level, start=start, body_start=body, end=end))
    return sections


def _next_nonblank(lines: list[Line], n: int, within: int = 4) -> int | None:
    """The next line at or after ``n`` (within a few) that prints words: converters leave blank lines between
    the two lines of a wrapped heading, or move its year to a line of its own (``…财政局 年度部门决算情况`` /
    ``2024`` / ``说明``)."""
    return next(
        (k for k in range(n, min(n + within, len(lines))) if lines[k][2].strip() and not lines[k][2].strip().isdigit()),
        None,
    )


def _heading_tail(text: str) -> bool:
    """The short rest of a wrapped part heading: ``情况说明``, ``名词解释``."""
    s = text.strip()
    return 0 < len(s) <= 8 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", s)) and s.endswith(("说明", "解释", "表"))


_STATEMENT = re.compile(r"\d+\.\d+\s*万元|。.+")


def _is_sentence(line: str) -> bool:
    """A numbered line that carries figures is a statement, not a heading."""
    return bool(_STATEMENT.search(line))


# ---------------------------------------------------------------------------------------------
# Metadata

_YEAR = re.compile(r"(20\d{2})\s*年度?")
_DEPT = re.compile(r"^\s*(?:部门名称|部门|单位|编制单位|填报单位)\s*[:：]\s*(?!万?元\s*$)(\S[^\t\n]{1,40})", re.M)


def find_metadata(clean: str) -> tuple[str | None, int | None]:
    """Department from the table headers (部门: …) and the fiscal year from the title page."""
    m = _DEPT.search(clean)
    dept = m.group(1).strip() if m else None
    head = clean[:3000]
    y = _YEAR.search(head)
    return dept, int(y.group(1)) if y else None


# ---------------------------------------------------------------------------------------------
# Tables

_MARKER = re.compile(r"^(?:[(（])?公开\s*\d{1,2}\s*表(?:[)）])?\s*$")
_MARKED = re.compile(r"公开\s*\d{1,2}\s*表")
_NOTE = re.compile(r"^\s*(?:注|说明|备注)\s*\d?\s*[:：.、]")
_META = re.compile(
    r"^(?:(?:[(（])?公开\s*\d{1,2}\s*表|(?:金额)?单位\s*[:：]|(?:部门|编制单位|单位名称|部门名称|填报单位)\s*[:：]|"
    r"\d{4}\s*年度?$|(?:金额)?单位\s*[:：]?\s*(?:万元|千元|元)\s*$)"
)
_UNIT = re.compile(r"单位\s*[:：]?\s*(万元|千元|元)\b|[(（]\s*(万元|千元|元)\s*[)）]")
_HEADER_WORDS = ("项目", "栏次", "行次", "科目", "预算数", "决算数", "金额", "合计", "编码", "收入", "支出")
_EMPTY_SAYS = re.compile(
    r"本表为空|本表无数据|故本表无数据|本表无内容|本表为空表|无此类(?:资金|数据|收支)|"
    r"(?:没有|无)[^。；\n]{0,40}(?:收入和支出|收支|资金|支出)[^。；\n]{0,10}(?:故|因此|所以)?[^。\n]{0,6}(?:本表|此表)?(?:无数据|为空)|"
    r"本年度没有[^。\n]{0,40}(?:收入|支出)"
)
_PART = re.compile(rf"^\s*第[{CN_DIGITS}\d]+部分")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*)?\d{1,3}(?:\s*[-—–])?\s*$|^\s*第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?\s*$|^\s*\d{1,3}\s*/\s*\d{1,3}\s*$"
)
#: 。 between digits is OCR's decimal point (after a point or comma too: ``1.。550.75``), and one after a space or
#: opening a line is a speck (``30212 。``): none ends a sentence; nor one after a lone character, a word of one
#: (``20808 抚。 19.21``: 恤 of 抚恤 read as 。);
#: a clause between commas is six characters or more, none a run of spaces from the last: not specks
#: (``，、      ，``), nor commas OCR read off a table's ruling around a cell and its figure, a column gap apart
#: (``人      ，    机关事业单位基本养老保险缴        1       ，``)
_PROSE = re.compile(r"；|(?<=\S\S)(?:(?<![\d.,:·])。|。(?!\d))|[，,](?:\s{0,2}[^，,\s]){6,}\s*[，,]")
#: a line opening with a row code of three, five or seven digits (a function or economic code table's row)
_CODE_LED = re.compile(r"\s*[1-9]\d{2}(?:\d{2}){0,2}(?:\s|\|)")
#: a 。 after anything but a figure's digits or point: a sentence's end
_WORD_STOP = re.compile(r"(?<![\d.,])。")
#: an ordinal whose 、 OCR read as 。 (``三。外交支出``, a label of table 01): a list entry, not a sentence's end
_ORDINAL_POINT = re.compile(rf"(?:^|(?<=[\s|]))([{CN_DIGITS}]{{1,3}})。")


def _prose(text: str) -> bool:
    """A line of prose: a sentence's end, a ；, or a clause between commas (``_PROSE``) — not a row label whose
    ordinal and 、 OCR misread (``_garbled_ordinal``), nor a row of a code whose every 。 is glued to a figure's
    digits (a speck: ``2080502  事业单位离退休  28.  28.。 |`` ended ghzy's table 02 on tesseract's light scan of
    draw AL there, none of its 50 values read; ``3.。832. 36``, ``08。1``), nor a line of no word at all."""
    if "。" in text and (_garbled_ordinal(text) or (_CODE_LED.match(text) and not _WORD_STOP.search(text))):
        return False
    if not _CJK.search(text):
        return False  # (no word, no sentence: ``459。`` is a figure whose cents went to the next line)
    found = _PROSE.finditer(_ORDINAL_POINT.sub(r"\1、", text) if "。" in text else text)
    # (a clause between commas holds a word: ``2080502 ， 28.] 28, 全0.00`` — a row's figures between a speck
    # and a comma for a point, tesseract on ghzy's table 05, draw AV — ended the table there)
    return any(m.group()[0] not in "，," or _CJK.search(m.group()) for m in found)


def _garbled_ordinal(text: str) -> bool:
    """A two-sided table's row label behind an ordinal OCR misread into other characters, its 、 read as 。, the
    line's figures after it (tesseract: ``了西。公共安全支出`` for 四、, czj draw Y; ``王寺二。其他文出`` for 二十三、,
    ghzy draw X): a list entry, not a sentence's end — read as prose, it ended the table there, and every row
    below was lost. The words after the mark must be a row label of the template (a character in four may be
    misread) — or any words, where a 行次 stands on both sides of them (``23  这下于。其他文山  55``, seed 002's
    table 04 on draw AK); a wrapped sentence (``万元。主要用于…``) is none."""
    m = _POINT_LABEL.match(text.strip())
    if m is None:
        return False
    if m.group(1) and _LINE_NUMBER_AFTER.match(text.strip(), m.end(2)):
        return True  # (a 行次 on both sides: a two-sided table's row, whatever its words)
    return nearest(m.group(2), _row_labels()) in _row_labels()


#: a 行次, up to three characters, a 。, then words and maybe figures: a label with a garbled ordinal, or prose
_POINT_LABEL = re.compile(r"^(\d{1,2}\s+)?[^\s。，；,]{1,3}。\s*([^\s。，；,\d]{2,20})(?:\s+[-\d.,\s|]*)?$")
#: a 行次 after a row's label, maybe its figures after it (a two-sided table prints one per side)
_LINE_NUMBER_AFTER = re.compile(r"\s+\d{1,2}(?:\s*\|?\s*-?[\d.,]+)*\s*$")


@cache
def _row_labels() -> frozenset[str]:
    """The row labels two-sided tables print (the template's) and the names of the function classes (their
    expenditure side's rows)."""
    sides = (side for spec in load().tables.values() for side in spec.sides)
    classes = (e.name for code, e in codebook("function").entries.items() if len(code) == 3)
    return frozenset((*(v for side in sides for v in side.vocabulary), *classes))


_NUMBER_TOKEN = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w.])")
_BODY_LOOKAHEAD = 12  # non-blank lines after a title in which its body must start
_EMPTY_LOOKAHEAD = 800  # characters after a table's end in which "本表为空" may be said
#: the name of the nine tables' set, ``<department> 2024 年度部门决算表``: a page's running header, which OCR may list
#: after the page's own title (``收入支出决算总表`` / ``源局 2024 年度部门决算表``, ghzy by tesseract, draw AG) —
#: taken for another table's title, it ended table 01 before its header
_SET_NAME = re.compile(r"部门决算表$")
#: A title-like line of a table that is not one of the nine: reported in ``unread`` when it has a body.
_OTHER_TITLE = re.compile(r"^[^。，；:：\t]{2,40}(?:决算|预算|情况|明细|统计|汇总|绩效|自评)[^。，；:：\t]{0,12}表$")


@dataclass(frozen=True)
class _Start:
    line: int  # index of the title line
    match: TitleMatch | None  # None: an unknown (other) table
    title: str
    end_line: int  # index after the title's last line (a title split over two lines takes two)


def find_tables(clean: str, lines: list[Line] | None = None) -> tuple[list[Table], list[OtherTable]]:
    """Locate the standard tables by title and split their bodies; collect other tables by title."""
    lines = lines if lines is not None else split_lines(clean)
    starts = _table_starts(lines)
    built: list[tuple[_Start, int, Table | None]] = []  # (start, its stop, the table: None for an other one)
    for n, st in enumerate(starts):
        stop = starts[n + 1].line if n + 1 < len(starts) else len(lines)
        kind = st.match.table if st.match is not None else None
        if st.match is None and _UNIT_LINE.fullmatch(st.title):  # a table whose title OCR lost
            kind = _kind_by_place(lines, st, stop, starts)
        elif st.match is None:  # a title of its own words (or a damaged one) over a standard table's header
            marker = _MARKER_NUMBER.match(st.title)
            kind = _kind_by_header(lines, st, stop) if marker is None else _kind_by_marker(lines, st, stop, marker)
        if kind is None:
            built.append((st, stop, None))
            continue
        built.append((st, stop, _build_table(clean, lines, _as_table(st, kind), stop)))
    kept = _one_per_kind([(t, st.match is not None) for st, _, t in built if t is not None])
    if not any(t.kind == "basic_by_economic" for _, _, t in built if t is not None and id(t) in kept):
        built = _economic_split(clean, lines, built, kept)
    tables = [t for _, _, t in built if t is not None and id(t) in kept]
    others = [
        _other_table(lines, st, stop) for st, stop, t in built if t is None or (st.match is None and id(t) not in kept)
    ]
    return tables, others


def _as_table(st: _Start, kind: str) -> _Start:
    """``st`` as the start of table ``kind``: its title's match, or — a title of its own words, a damaged one or a
    header line, which what is below it named — one made of its line."""
    match = st.match or TitleMatch(table=kind, title=st.title, distance=0, ordinal=False)
    return _Start(st.line, match, st.title, st.end_line)


def _economic_split(
    clean: str, lines: list[Line], built: list[tuple[_Start, int, Table | None]], kept: set[int]
) -> list[tuple[_Start, int, Table | None]]:
    """Table 06 whose title OCR lost, found inside the table above it: a table of function codes whose rows go on,
    past a header, in rows named by 经济分类 items (``_economic_start``) — czj at 240 dpi prints 05's 合计 row,
    then ``经济分类  经济分类`` / ``科目名称  科目编码  科目名称`` and ``基本工资  262.33``, and table 05 took them all
    (its 合计 five figures for three columns, nothing read). The table above ends at that header; table 06 (the one
    table by 经济分类) starts there, titled by the header's first line. ``kept`` is updated."""
    for n, (st, stop, t) in enumerate(built):
        if t is None or id(t) not in kept or load().tables[t.kind].keys != "code":
            continue
        k = _economic_start(lines, st.end_line, stop)
        if k is None:
            continue
        above = _build_table(clean, lines, _as_table(st, t.kind), k)
        econ = _Start(k, None, lines[k][2].strip(), k + 1)
        below = _build_table(clean, lines, _as_table(econ, "basic_by_economic"), stop)
        kept.discard(id(t))
        kept.update((id(above), id(below)))
        return [*built[:n], (st, k, above), (econ, stop, below), *built[n + 1 :]]
    return built


_ECON_LABEL = re.compile(r"^[\s|\d]*([\u4e00-\u9fff]{2,})")
_ECON_HEADER = ("经济分类", "科目编码", "科目名称", "人员经费", "公用经费")


@cache
def _function_names() -> frozenset[str]:
    """Names of 功能分类 items, as compared (``normalize_name``): what a row of a table of function codes is named."""
    return frozenset(normalize_name(e.name) for e in codebook("function").entries.values())


@cache
def _economic_names() -> frozenset[str]:
    """Names of 经济分类 items that no 功能分类 item bears (住房公积金 is both)."""
    names = (normalize_name(e.name) for e in codebook("economic").entries.values())
    return frozenset(n for n in names if n not in _function_names() and len(n) >= 3)


def _economic_label(label: str) -> bool:
    """Whether a row's label names a 经济分类 item and no 功能分类 one, each with one character in four misread
    (``nearest``): ``机关事业单位基本养老保险缴费支出`` (2080505) is two characters from 30108's name."""
    name = normalize_name(label)
    return nearest(name, _economic_names()) in _economic_names() and nearest(name, _function_names()) not in (
        _function_names()
    )


def _economic_start(lines: list[Line], first: int, stop: int) -> int | None:
    """The line a table by 经济分类 starts on inside a table of function codes: the first line of header words
    (``_ECON_HEADER``) after a row that prints a label and a figure, where two of the next few labelled lines
    are named by 经济分类 items only (``_economic_label``: one character in four may be misread, ``工资福利支上``). The
    note under the table above (``注：本表反映…``) stays that table's."""
    row, header = False, None  # a labelled figure row seen; the first header line since the last one
    for k in range(first, stop):
        text = lines[k][2].strip()
        label = _ECON_LABEL.match(text)
        if label is None:
            continue
        if any(w in key_text(text) for w in _ECON_HEADER) and not DECIMAL.search(text):
            header = k if row and header is None else header
        elif _economic_label(label.group(1)):
            if header is not None and _economic_rows(lines, k, stop):
                return header
        elif DECIMAL.search(text):
            row, header = True, None
    return None


def _economic_rows(lines: list[Line], k: int, stop: int) -> bool:
    """Whether another line of the few after ``k`` is named by a 经济分类 item only."""
    seen = 0
    for j in range(k + 1, stop):
        label = _ECON_LABEL.match(lines[j][2].strip())
        if label is None:
            continue
        if _economic_label(label.group(1)):
            return True
        seen += 1
        if seen >= 4:
            return False
    return False


def _one_per_kind(tables: list[tuple[Table, bool]]) -> set[int]:
    """Ids of the tables to read of those found (with whether a title of the template named each): of one kind,
    those with a body — printed figures, or a note that the table is empty — before those without, and titled
    ones before those only their header identified. A titled one without a body is a line of the table of
    contents whose ordinal OCR lost (czj at 240 dpi: ``司有资本经营预算财政拨款收入支出决算表``, a heading of the
    情况说明 ``一般公共预算财政拨款支出决算``), and read first it hid the table itself; it is no table (dropped), and
    one only its header named is reported as another table. Titled tables of one rank all stay (the reader reads
    the first and notes the other: ``table printed twice``); of header-named ones only the first."""
    rank = {id(t): (has_data(t) or t.declared_empty, titled) for t, titled in tables}
    best: dict[str, tuple[bool, bool]] = {}
    for t, _ in tables:
        best[t.kind] = max(best.get(t.kind, (False, False)), rank[id(t)])
    kept: set[int] = set()
    kinds: set[str] = set()  # the kinds a table was kept for so far
    for t, titled in tables:
        if rank[id(t)] == best[t.kind] and (titled or t.kind not in kinds):
            kept.add(id(t))
            kinds.add(t.kind)
    return kept


#: (table, words it always prints, words it may print, how many of those, words it never prints)
_Signature = tuple[str, tuple[str, ...], tuple[str, ...], int, tuple[str, ...]]

#: words only one standard table prints in its title and header (spaces removed; a header cell wrapped over two
#: lines gives its lines' words, so the words are parts of a cell: 年初结转, 一般公共): (table, all of these, some of
#: those, how many of those, none of these) — what identifies a table titled in words of its own (``收入情况表``).
#: The title's words count (the fund a title names says which of the look-alike tables 05/07/08 it is); tables
#: whose headers look alike and whose own words name no fund (01, or 03/05 without 上缴上级 columns) are not
#: identified
_SIGNATURES: tuple[_Signature, ...] = (
    ("income", ("本年收入", "财政拨款"), ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入"), 3, ()),
    ("expenditure", ("基本支出", "项目支出"), ("上缴上级支出", "经营支出", "对附属单位补助支出"), 2, ()),
    ("three_public", ("因公出国", "公务接待", "预算", "决算"), ("购置", "运行"), 1, ()),
    ("fiscal_summary", ("收入", "支出"), ("一般公共", "政府性基", "国有资本"), 2,
     ("基本支出", "上级补助", "事业收入", "财政拨款收入", "年初结转", "年末结转")),
    ("general_budget", ("一般公共预算", "基本支出", "项目支出"), (), 0,
     ("政府性基金", "国有资本", "上缴上级", "人员经费合计", "经济分类")),
    ("basic_by_economic", ("人员经费", "公用经费"), ("决算数", "经济分类", "科目编码"), 1, ("项目支出",)),
    ("gov_fund", ("政府性基金", "年初结转", "年末结转"), ("基本支出", "项目支出", "本年支出"), 1,
     ("一般公共预算财政拨款", "国有资本")),
    ("state_capital", ("国有资本", "基本支出", "项目支出"), (), 0, ("政府性基金", "一般公共预算")),
)  # fmt: skip
_SIGNED = {sig[0]: sig for sig in _SIGNATURES}
_HEADER_LINES = 10  # printed lines between a title and its first figure: marker, unit, department, header
_FIRST_CODE = re.compile(r"\s*(\d{3,7})\b")


def _kind_by_header(lines: list[Line], st: _Start, stop: int) -> str | None:
    """The standard table an unknown title stands over, when its title and header (the lines before the first
    figure) print words only that table prints, or its first figure row starts with a 经济分类 code (only table
    06 is by economic classification); None otherwise. A title one character short of a standard table's
    (``near_title``: ``收入雇算表``) is that table where the lines below confirm it (``_near_confirmed``)."""
    near = near_title(st.title)
    cut = cut_title(st.title) if near is None else None
    garbled = garbled_titles(st.title) if near is None and cut is None else ()
    head: list[str] = [key_text(st.title)]
    first = ""
    for _, _, text in lines[st.end_line : stop]:
        if DECIMAL.search(text):
            code = _FIRST_CODE.match(text)
            if code is not None and code.group(1) in codebook("economic"):
                return "basic_by_economic"
            first = text
            break
        if len(head) > _HEADER_LINES:
            break
        if text.strip():
            head.append(key_text(text))
    header = "".join(head)
    if near is not None:
        return near if _near_confirmed(near, header, first) else None
    if cut is not None:
        return cut if _near_confirmed(cut, header, first) or _row_below(cut, header, first) else None
    if garbled:
        confirmed = [kind for kind in garbled if _near_confirmed(kind, header, first)]
        return confirmed[0] if len(confirmed) == 1 else None
    hits = [sig[0] for sig in _SIGNATURES if _signed(sig, header)]
    return hits[0] if len(hits) == 1 else None


def _signed(sig: _Signature, text: str, some_needed: int | None = None) -> bool:
    """Whether ``text`` (folded) prints a table's signature: every word it requires, enough of those it may
    print (``some_needed``, at most the signature's own count, where other evidence stands beside the words), and
    none it lacks."""
    _, every, some, least, none = sig
    least = least if some_needed is None else min(least, some_needed)
    return all(w in text for w in every) and sum(w in text for w in some) >= least and not any(w in text for w in none)


def _near_confirmed(kind: str, header: str, first: str) -> bool:
    """Whether the header under a title one character short of table ``kind``'s, and its first figure row,
    confirm that table: the header prints no word the table lacks, and either every word the table always prints
    (not necessarily any it may: OCR garbles header cells — ghzy's heavy scan on draw Z, ``事业下入``, ``上拆收入``),
    or — for a table of function codes — the first figure row is its 合计 or starts with a function code (czj at
    220 dpi garbles the header of 支出决算表 beyond its words: ``本年出合 | 时大坟， | 项目支``)."""
    sig = _SIGNED.get(kind)
    if sig is None:  # (table 01: no words of its own to confirm it by)
        return False
    if _signed(sig, header, some_needed=0):
        return True
    code = _FIRST_CODE.match(first)
    shaped = "合计" in key_text(first) or (code is not None and code.group(1) in codebook("function"))
    return load().tables[kind].keys == "code" and shaped and not any(w in header for w in sig[4])


def _row_below(kind: str, header: str, first: str) -> bool:
    """Whether a title that lost its last characters (``cut_title``) stands over a table: its first figure line
    is a row of two amounts or more, not prose (a 情况说明 heading wrapped after 决算 is followed by sentences),
    and the header prints no word the table lacks. Its header may be garbled beyond its words (czj at 240 dpi:
    ``支出功能分类`` / ``竺目肪可  科目名称`` under ``一般公共预算财政拨款支出决``): the head of the title, one
    table's alone, says which table."""
    sig = _SIGNED.get(kind)
    lacks = sig[4] if sig is not None else ()
    return not _prose(first) and len(DECIMAL.findall(first)) >= 2 and not any(w in header for w in lacks)


def _untitled_start(lines: list[Line], n: int, text: str, starts: list[_Start]) -> bool:
    """Whether line ``n`` starts a table no title of the template names: another table's title over a body, a
    title one character short of a standard one (``near_title``), cut short (``cut_title``) or an edit further
    off (``garbled_titles``), or a marker whose title was lost — what the lines below say decides which table it
    is, if any (``find_tables``)."""
    titled = (
        _is_other_title(text)
        or near_title(text) is not None
        or cut_title(text) is not None
        or bool(garbled_titles(text))
    )
    return (titled and _has_body(lines, n + 1, False)) or _orphan_marker(lines, n, starts)


def _orphan_marker(lines: list[Line], n: int, starts: list[_Start]) -> bool:
    """Whether line ``n`` is a ``公开NN表`` marker with no title near it — above it past the last table's start,
    or below it within the lines a marker's metadata takes: the title OCR garbled beyond matching (seed 000's
    三公 table on tesseract's light scan, draw AH: ``财政所`` / ``公开 09 表``, the title's words after the table)."""
    if not _MARKER.match(lines[n][2].strip()):
        return False
    if starts and n - starts[-1].end_line <= _MARKER_REACH + 2:
        return False
    return all(_title_at(lines, k)[0] is None for k in range(n + 1, min(n + _MARKER_REACH + 3, len(lines))))


def _kind_by_marker(lines: list[Line], st: _Start, stop: int, marker: re.Match[str]) -> str | None:
    """The standard table a marker with no title marks: the template's table of its number, where the lines
    below it (header and first rows) print every word its signature requires, one of those it may print, and
    none it lacks — numbers differ between reports, so the words must confirm the number."""
    spec = next((t for t in load().tables.values() if t.number == int(marker.group(1))), None)
    sig = _SIGNED.get(spec.id) if spec is not None else None
    text = "".join(key_text(t) for _, _, t in lines[st.end_line : min(stop, st.end_line + 2 * _HEADER_LINES)])
    if sig is None:
        return None
    rows = _ROW_WORDS.get(sig[0], ())  # (its header lost, its rows' own names say it: ``1、因公出国(境)费`` …)
    by_rows = bool(rows) and all(w in text for w in rows) and not any(w in text for w in sig[4])
    return sig[0] if _signed(sig, text, some_needed=1) or by_rows else None


def _kind_by_place(lines: list[Line], st: _Start, stop: int, starts: list[_Start]) -> str | None:
    """The standard table an untitled unit line stands over: the one table of the template that the report
    titles nowhere and whose number lies between those of the titled tables before and after it (a report that
    prints the nine in another order than the template's leaves none between and nothing is guessed), where the
    lines below fit it — for a table of function codes, a header printing no word it lacks over a 合计 row, a
    function code or a function's official name among its first figure rows (``_near_confirmed``,
    ``_names_function``: OCR may wreck the header and lose the 类 box); for table 01, its rows' own words
    (``_ROW_WORDS``)."""
    tables = load().tables
    numbered = [(s.line, s.match.table) for s in starts if s.match is not None and s.match.table in tables]
    titled = {kind for _, kind in numbered}
    low = max((tables[kind].number for line, kind in numbered if line < st.line), default=0)
    high = min((tables[kind].number for line, kind in numbered if line > st.line), default=99)
    missing = [t.id for t in tables.values() if low < t.number < high and t.id not in titled]
    if len(missing) != 1:
        return None
    kind = missing[0]
    rows = _ROW_WORDS.get(kind)
    if rows is not None:  # (its rows up to the first sentence: a 情况说明 below names the same items)
        body = "".join(
            key_text(t) for _, _, t in itertools.takewhile(lambda x: not _prose(x[2]), lines[st.end_line : stop])
        )
        return kind if all(w in body for w in rows) else None
    head: list[str] = []
    figured: list[str] = []  # the first figure rows
    for _, _, text in lines[st.end_line : stop]:
        if DECIMAL.search(text) and not _prose(text):
            figured.append(text)
            if len(figured) == _SHAPE_ROWS:
                break
        elif not figured and text.strip():
            head.append(key_text(text))
            if len(head) > _HEADER_LINES:
                return None
    header = "".join(head)
    lacks = _SIGNED[kind][4] if kind in _SIGNED else ()
    shaped = any(_near_confirmed(kind, header, f) or _names_function(f) for f in figured)
    return kind if shaped and not any(w in header for w in lacks) else None


_SHAPE_ROWS = 5  # figure rows under a lost title that must show its table's shape (a header's wreck may come first)


def _names_function(line: str) -> bool:
    """Whether a figure row's label is a 功能分类 item's official name (its codes may be lost: ``06 | 01 |
    行政运行``)."""
    label = _ECON_LABEL.match(line)
    return label is not None and normalize_name(label.group(1)) in _function_names()


#: words of a table's row labels no other table's rows print: under a marker of its number, they confirm the table
#: where OCR lost its header (seed 000's 三公 table on tesseract's light scan of draw AP: ``财政所`` / ``公开 09 表`` /
#: … / ``合计  3.00| 1.81`` / ``1、因公出国(境)费`` / ``2、公务接待费``, no 预算数 or 决算数 left)
_ROW_WORDS: dict[str, tuple[str, ...]] = {
    "three_public": ("因公出国", "公务接待", "公务用车"),
    "summary": ("本年收入合计", "本年支出合计"),  # (only under a lost title, by place: table 04 prints them too)
}


def _table_starts(lines: list[Line]) -> list[_Start]:
    starts: list[_Start] = []
    lost: set[int] = set()  # titles read with their 表 lost (``_lost_biao``)
    n = 0
    while n < len(lines):
        text = lines[n][2].strip()
        hit, end_line, biao_lost = _title_at(lines, n)
        if hit is not None:
            marked = bool(_MARKED.search(text))
            if marked or _has_body(lines, end_line, hit.ordinal):
                title = " ".join(lines[k][2].strip() for k in range(n, end_line))
                starts.append(_Start(n, hit, title, end_line))
                if biao_lost:
                    lost.add(n)
                n = end_line
                continue
        elif _untitled_start(lines, n, text, starts):
            starts.append(_Start(n, None, text, n + 1))
        n += 1
    titled = {st.match.table for st in starts if st.match is not None and st.line not in lost}
    starts = [st for st in starts if st.line not in lost or st.match is None or st.match.table not in titled]
    return _placed(lines, sorted(starts + _unit_starts(lines, starts), key=lambda st: st.line))


#: a line that is only a table's unit, as OCR prints it (``单位: 万元``, ``单位;万元``, ``单位，万元``)
_UNIT_LINE = re.compile(r"[|\s]*(?:金额)?单位\s*[:：;；,，.。]?\s*[\u4e00-\u9fff]?元[|\s]*")  # (``太元``: 万 misread)


def _unit_starts(lines: list[Line], starts: list[_Start]) -> list[_Start]:
    """Unit lines no title stands over: where OCR lost a table's title whole — tesseract read czj's published
    pages at 200 dpi with the titles of tables 01 and 03 as a column of stray characters (``受`` / ``糖`` / ``5焉``)
    and 05's cut to ``一般公共预算财政拨款支出，``, and the three tables (100 values) were lost. Such a line starts
    an untitled table; which one, if any, the titled tables around it say (``_kind_by_place``)."""
    out: list[_Start] = []
    by_line = sorted(st.line for st in starts)
    for n, (_, _, text) in enumerate(lines):
        if not _UNIT_LINE.fullmatch(text.strip()):
            continue
        before = [k for k in by_line if k < n]
        if before and sum(1 for _, _, t in lines[before[-1] : n] if t.strip()) <= _HEADER_LINES:
            continue  # the unit of the table titled just above
        out.append(_Start(_title_wreck(lines, n, before[-1] if before else -1), None, text.strip(), n + 1))
    return out


def _placed(lines: list[Line], starts: list[_Start]) -> list[_Start]:
    """``starts`` without the untitled unit lines no table's place fits (``_kind_by_place``): such a line may be a
    table's header printed again on its next page, and must not cut the table there."""
    kept = []
    for n, st in enumerate(starts):
        stop = starts[n + 1].line if n + 1 < len(starts) else len(lines)
        if st.match is not None or not _UNIT_LINE.fullmatch(st.title) or _kind_by_place(lines, st, stop, starts):
            kept.append(st)
    return kept


def _title_wreck(lines: list[Line], n: int, floor: int) -> int:
    """The first line of what OCR left of a lost title above unit line ``n``: up to three lines of no figure and
    no note, past blank ones — the untitled table starts there, so that the table above does not take the wreck
    for a last row's label (``总计`` / ``深`` read as one row, ``总计深``)."""
    top, seen = n, 0
    for k in range(n - 1, floor, -1):
        text = lines[k][2].strip()
        if not text:
            continue
        if seen == 3 or DECIMAL.search(text) or _NOTE.match(text) or match_title(text) is not None:
            break
        top, seen = k, seen + 1
    return top


def _is_other_title(text: str) -> bool:
    """A table title that is not one of the nine: not a part heading, not a list entry naming a standard table."""
    if not text.endswith("表"):  # every title ends with 表: most lines leave here, cheaply
        return False
    key = key_text(text).lstrip("-•·*>")
    if not _OTHER_TITLE.fullmatch(key) or _PART.match(key) or ORDINAL_PREFIX.match(key) or _SET_NAME.search(key):
        return False
    return not any(v in key for spec in load().tables.values() for v in spec.titles)


def _title_at(lines: list[Line], n: int) -> tuple[TitleMatch | None, int, bool]:
    """The title on line ``n`` (or on ``n`` and the short line after it, maybe past a blank one), the index
    after it, and whether it is a title read with its 表 lost and no marker to vouch for it (``_lost_biao``)."""
    text = lines[n][2].strip()
    if "\t" in text:  # a row of a converter's grid — or an OCR tool's boxes joined: a title and its unit
        text = _TRAILING_UNIT.sub("", text)
    if not text or len(text) > MAX_TITLE or "\t" in text:
        return None, n + 1, False
    if "表" not in text and not any("表" in line[2] for line in lines[n + 1 : n + 3]):
        # a title, its second line or the 公开NN表 marker below it prints 表: most lines do not
        above = _marker_above(lines, n)  # a title that lost its 表 under its marker (``收入支出决算总``)
        if above is not None:
            return match_title(text, above), n + 1, False
        lost = _lost_biao(text)
        if lost is not None and not _marker_near(lines, n):  # (a marker nearby decides: ``_marker_above``)
            return lost, n + 1, True
        return None, n + 1, False
    hit = match_title(text)
    if hit is None and _TRAILING_UNIT.search(text):
        hit = match_title(_TRAILING_UNIT.sub("", text))
    if hit is not None:
        return hit, n + 1, False
    marked = _marker_below(lines, n)
    if marked is None:
        marked = _marker_above(lines, n)
    if marked is not None and (hit := match_title(text, marked)) is not None:
        return hit, n + 1, False
    # a title broken over two lines, maybe a blank one between (tesseract sets its text blocks apart so):
    # ``财政拨款"三`` / ``公"经费支出决算表``, ``一般公共和预算`` / ``财政拨款基本支出决算表``
    k = next((k for k in range(n + 1, min(n + 3, len(lines))) if lines[k][2].strip()), None)
    if k is not None:
        nxt = lines[k][2].strip()
        if len(nxt) <= 12 and "\t" not in nxt and not _DIGIT.search(nxt):
            joined = match_title(text + nxt)
            if joined is not None:
                return joined, k + 1, False
    return None, n + 1, False


def _lost_biao(text: str) -> TitleMatch | None:
    """A title whose closing 表 OCR misread or lost, with no marker to vouch for it (the corpus prints none):
    tesseract reads czj's ``收入决算表`` as ``收入决算和`` (draw Y, light scan), and the table — and with it the
    evidence table 01 takes from it — was lost. The line with its last character read as 表, or with 表 added,
    must be a title exactly as ``match_title`` allows (the characters that tell two titles apart all read), and
    the whole line (no department or year before it); the caller still needs a table's header below it
    (``_has_body``), and one the report titles properly elsewhere wins (``_table_starts``)."""
    key = text.replace(" ", "")
    if len(key) < 4 or not _CJK.fullmatch(key[-1]) or not _TITLE_WORD.search(key):
        return None  # (every line short enough runs here: a title's own word first, cheaply)
    tried = (match_title(key[:-1] + "表"), match_title(key + "表"))
    # the whole line is the title: no prefix (``2024年度收入决算数``, a chart's caption in seed 004, is none)
    hits = {h.table: h for h in tried if h is not None and len(key) - len(h.title) in (-1, 0, 1)}
    return next(iter(hits.values())) if len(hits) == 1 else None


_CJK = re.compile(r"[\u4e00-\u9fff]")
_TITLE_WORD = re.compile(r"决算|收支")  # in every title of the template
_DIGIT = re.compile(r"\d")
#: the unit printed right of a title, on its line (rows an OCR tool rebuilt from a skewed scan's boxes)
_TRAILING_UNIT = re.compile(r"\s+(?:金额)?单位\s*[:：]?\s*(万元|千元|元)$")
_MARKER_NUMBER = re.compile(r"^(?:[(（])?公开\s*[:：]?\s*(\d{1,2})\s*表")


def _marker_near(lines: list[Line], n: int) -> bool:
    """Whether a ``公开NN表`` marker is printed within a few lines above line ``n``: a report that marks its tables
    has its damaged titles read under their markers only (``_marker_above``) — not a line below the marker past
    the table's header, which is in the table's body."""
    return any(_MARKER_NUMBER.match(text.strip()) for _, _, text in lines[max(0, n - _MARKER_REACH - 2) : n])


def _marker_below(lines: list[Line], n: int) -> int | None:
    """The number of a ``公开NN表`` marker on the next non-blank line after ``n`` (within two lines)."""
    for _, _, text in lines[n + 1 : n + 3]:
        if text.strip():
            m = _MARKER_NUMBER.match(text.strip())
            return int(m.group(1)) if m else None
    return None


_MARKER_REACH = 4  # printed lines between a 公开NN表 marker and the title below it: unit, department, year


def _marker_above(lines: list[Line], n: int) -> int | None:
    """The number of a ``公开NN表`` marker printed above line ``n`` with only the table's metadata between
    (unit, department, year: some reports print the marker first, then those lines, then the title)."""
    seen = 0
    for k in range(n - 1, -1, -1):
        text = lines[k][2].strip()
        if not text:
            continue
        if m := _MARKER_NUMBER.match(text):
            return int(m.group(1))
        seen += 1
        if seen >= _MARKER_REACH or not _META.match(text):
            return None
    return None


def _has_body(lines: list[Line], i: int, ordinal: bool) -> bool:
    """A real table follows its title: a 公开NN表 marker, or for a bare title a header line or a note that the
    table is empty — before another title. OCR may garble a header past its words: czj's 政府性基金 table at 300
    dpi (tesseract) prints only ``F初结转和`` / ``结余`` before ``注: … 故本表无数据。``, and was reported missing.

    Tables of contents (``一、收入支出决算总表``) carry an ordinal and are followed by more titles or by chart
    residue, so an ordinal title needs the marker itself.
    """
    seen = 0
    for j in range(i, len(lines)):  # by index: a slice would copy the rest of the report per title
        text = lines[j][2]
        stripped = text.strip()
        if not stripped or _PAGE_NUMBER.match(stripped):
            continue
        if _MARKER.match(stripped):
            return True
        if match_title(stripped) is not None:
            return False
        if not ordinal:
            folded = key_text(stripped)
            if _EMPTY_SAYS.search(folded):
                return True
            if not _prose(stripped) and (any(w in folded for w in _HEADER_WORDS) or _UNIT.search(stripped)):
                return True
        seen += 1
        if seen >= _BODY_LOOKAHEAD:
            return False
    return False


def _ends_table(stripped: str, in_body: bool) -> bool:
    """A line that cannot be part of a table: a note, a part heading, or prose (once the body started)."""
    if _NOTE.match(stripped) or _PART.match(stripped):
        return True
    return in_body and _prose(stripped) and "\t" not in stripped


#: the template's note under a table ends its sentence with 情况 (``注：本表反映部门本年度各项支出情况。``)
_NOTE_END = re.compile(r"情况\s*[。.]?$")
#: figures at the end of a line after its words, one space or more before each (``…明细情况。 480.66``)
_FIGURES_AFTER = re.compile(r"(?:\s+-?\d[\d,]*\.\d+)+\s*$")
#: a total's label and its figures after the note's sentence, on its line (``…明细情况。 公用经费合计 480.66``)
_LABEL_AFTER_NOTE = re.compile(r"(?<=。)\s*[^\s\d，。；：:]{2,12}(?:\s+-?\d[\d,]*\.\d+)+\s*$")
_HEAD = re.compile(rf"^[{CN_DIGITS}]{{1,3}}[、.]")  # a numbered heading (``一、``)


def _note_among_rows(lines: list[Line], k: int, stop: int) -> bool:
    """Whether the note at line ``k`` was read among the table's last rows rather than under it: OCR of a skewed
    page orders boxes by height, and a note close under the table comes out before the right-hand figures of the
    last row (ghzy's 三公 table, H heavy: ``注：本表反映部门本年度`` / ``2.85`` / ``0.39`` / ``经费支出决算情况`` /
    ``0.00`` …; its table 06, F heavy: the note, then ``4884.09`` / ``公用经费合计`` / ``480.66``; rows rebuilt by
    position put them on the note's own line). Everything between the note and the next title is then the
    table's: figures, a label with its figures on the next line, the rest of the note's sentence — and a line of
    figures at least. Anything else there (prose; the next table's header before its title, as pdfminer orders
    ghzy's table 02) and the note is under the table, where it ends it."""
    figures = _FIGURES_AFTER.search(lines[k][2]) is not None
    rest = False
    for j in range(k + 1, stop):
        s = lines[j][2].strip()
        if not s or _PAGE_NUMBER.match(s):
            continue
        if not rest and _note_rest(s):
            rest = True
            continue
        if not _row_after_note(lines, j, stop):
            return False
        figures = figures or _figures_only(s)
    return figures


def _row_after_note(lines: list[Line], k: int, stop: int) -> bool:
    """Whether line ``k``, after a note read among the rows, is still the table's: figures alone, or a label
    whose figures follow on the next line (``公用经费合计`` / ``480.66``). Anything else — the next table's header
    printed before its title, as pdfminer orders ghzy's table 02 (``项目`` / ``功能分类`` …) — ends the table."""
    if _figures_only(lines[k][2].strip()):
        return True
    nxt = next((s for j in range(k + 1, stop) if (s := lines[j][2].strip())), "")
    return _figures_only(nxt)


def _note_rest(line: str) -> bool:
    """The rest of a note's sentence broken off by the figures OCR read into it: words ending the template's
    ``…情况`` with no digit (``经费支出决算情况``), not a part heading (``一、收入支出决算总体情况``)."""
    return bool(_NOTE_END.search(line)) and not _DIGIT.search(line) and not _PART.match(line) and not _HEAD.match(line)


def _figures_only(line: str) -> bool:
    """A line of figures alone, one with decimals at least (``4884.09``, ``0.00 0.00 2.85``)."""
    parts = line.split()
    return all(_NUMBER_TOKEN.fullmatch(x) for x in parts) and any(DECIMAL.fullmatch(x) for x in parts)


#: a line ending with the whole part of a figure and its decimal mark (``9859.``, ``100，``): OCR broke the figure
_BROKEN_WHOLE = re.compile(r"\d[.,:，]$")


def _broken_cents(last: str, line: str) -> bool:
    """Whether ``line`` (two digits alone, like a page number) is the cents of a figure OCR broke over two lines at
    its point, the whole part ending ``last`` (``总计`` / ``9859.`` / ``38``, the table's last figure): the table's."""
    return bool(_BROKEN_WHOLE.search(last)) and len(line) == 2 and line.isdigit()


def _build_table(clean: str, lines: list[Line], st: _Start, stop: int) -> Table:
    """Rows from the title down to the next title, a 注/说明 note, a part heading, or prose."""
    assert st.match is not None and st.match.table is not None
    t_start, _, t_text = lines[st.line]
    lead = len(t_text) - len(t_text.lstrip())
    t_end = lines[st.end_line - 1][1]
    table = Table(
        kind=st.match.table,
        title=st.title,
        title_start=t_start + lead,
        title_end=t_end,
        start=t_start,
        end=t_end,
        title_distance=st.match.distance,
    )
    if unit := _TRAILING_UNIT.search(t_text.rstrip()):
        table.unit = cast(MoneyUnit, unit.group(1))  # the pattern's three units
    body_start: int | None = None
    in_body = False
    tabbed = spaced = 0
    last = ""  # the last line of the table kept
    after_note = False  # a note read among the table's last rows (``_note_among_rows``) is behind
    rest_seen = False
    for k in range(st.end_line, stop):
        start, _, text = lines[k]
        stripped = text.strip()
        if not stripped or (_PAGE_NUMBER.match(stripped) and not _broken_cents(last, stripped)):
            continue
        last = stripped
        if _NOTE.match(stripped) and _note_among_rows(lines, k, stop):
            after_note = True
            # figures the note's line carries after its words are the table's — and a label before them, after
            # the note's sentence ends (``…明细情况。 公用经费合计 480.66``: rows rebuilt from a skewed scan, ghzy
            # table 06 draws F and I heavy)
            label = _LABEL_AFTER_NOTE.search(text)
            cut = _FIGURES_AFTER.search(text) if label is None else label
            table.skipped += ((start, start + (cut.start() if cut else len(text))),)
            if cut is None:
                continue
            rest = text[cut.start() :]
            text, start = rest.lstrip(), start + cut.start() + len(rest) - len(rest.lstrip())
            stripped = text.strip()
        elif after_note and not rest_seen and _note_rest(stripped):
            rest_seen = True  # (one continuation: the note's sentence broken in two around the figures)
            table.skipped += ((start, start + len(text)),)
            continue
        elif _ends_table(stripped, in_body):
            break
        if not in_body:  # the header: unit and metadata lines (only there: most lines are body rows)
            unit = _UNIT.search(stripped)
            if unit:
                table.unit = cast(MoneyUnit, unit.group(1) or unit.group(2))  # the pattern's three units
            if _META.match(stripped):
                continue
        if body_start is None:
            body_start = start
        has_numbers = bool(_NUMBER_TOKEN.search(stripped))
        if "\t" in text:
            table.rows.append(_tab_row(text, start))
            tabbed += has_numbers
        else:
            table.rows.append(_space_row(text, start))
            spaced += has_numbers
        in_body = in_body or bool(DECIMAL.search(stripped)) or len(_NUMBER_TOKEN.findall(stripped)) >= 2
        table.end = max(table.end, start + len(text.rstrip()))
    table.body_start = body_start if body_start is not None else table.end
    table.body_end = max(table.end, table.body_start)
    table.layout = "grid" if tabbed > spaced and not _boxes_joined(table.rows) else "stream"
    if table.layout == "stream":  # tabs that only join an OCR tool's boxes: the line's tokens, as spaced text's
        table.rows = [_space_row(clean[r.start : r.end], r.start) if r.layout == "tab" else r for r in table.rows]
    tail_end = lines[stop][0] if stop < len(lines) else len(clean)
    tail = clean[table.end : min(tail_end, table.end + _EMPTY_LOOKAHEAD)]
    says_empty = bool(_EMPTY_SAYS.search(key_text(clean[table.start : table.end] + tail)))
    table.declared_empty = says_empty and not has_data(table)
    return table


def _other_table(lines: list[Line], st: _Start, stop: int) -> OtherTable:
    """An unknown table: its title and how many of its rows print numbers, up to its note or prose."""
    rows = 0
    end = lines[st.line][1]
    for k in range(st.end_line, stop):
        _, line_end, text = lines[k]
        stripped = text.strip()
        if not stripped:
            continue
        if _NOTE.match(stripped) or _PART.match(stripped) or (_prose(stripped) and "\t" not in stripped):
            break
        rows += bool(DECIMAL.search(stripped))
        end = line_end
    return OtherTable(title=st.title, start=lines[st.line][0], end=end, rows=rows)


def _boxes_joined(rows: list[Row]) -> bool:
    """Whether a table's tabs join the boxes an OCR tool read rather than a converter's cells (a layout tool's TSV
    export: ``212⇥城乡社区支出⇥3845.24⇥1585.59⇥2259.65``). A converter keeps a cell wherever the table has one,
    blank ones included, so its rows print empty cells (``⇥⇥``) or all print as many cells; joined boxes print only
    what was printed, never an empty cell: rows with fewer figures have fewer cells, a header's merged cells fewer
    than the columns below them. Read by position, such rows shift every figure after a blank into the column
    before it — so they are read as a stream."""
    tabbed = [r for r in rows if r.layout == "tab"]
    if any(c.blank for r in tabbed for c in r.cells):
        return False
    return len({len(r.cells) for r in tabbed}) > 1


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


_NON_SPACE = re.compile(r"\S+")


def _space_row(text: str, start: int) -> Row:
    """A line of a stream-layout table: its whitespace-separated tokens, one cell each."""
    cells = tuple(Cell(m.group(), start + m.start(), start + m.end()) for m in _NON_SPACE.finditer(text))
    return Row(cells=cells, start=start, end=start + len(text.rstrip()), layout="space")


def figures_below(clean: str, tables: list[Table]) -> bool:
    """Whether the converter prints each row's figures on a line below its labels (pdfplumber's layout text),
    rather than level with them or above them (``pdftotext -layout`` centres a row's figures on its wrapped
    label). The text shows it where a table ends: its last line prints only figures, under a line of labels
    without any (``总计            总计`` / ``2,995.39     2,995.39``). A converter does this throughout a document."""
    for t in tables:
        if t.layout != "stream":
            continue
        body = [x.strip() for x in clean[t.body_start : t.body_end].splitlines() if x.strip()]
        if len(body) < 2:
            continue
        above = body[-2]
        labels = bool(_CJK_LABEL.search(above)) and not _DIGIT.search(above) and not _COLUMN_WORDS.search(above)
        if _figures_only(body[-1]) and labels:
            return True
    return False


_CJK_LABEL = re.compile(r"[\u4e00-\u9fff]{2,}")
_COLUMN_WORDS = re.compile(r"决算数|预算数|金额|栏次|行次|项目|科目|编码|单位")  # a header line, not a row's labels


def has_data(table: Table) -> bool:
    """Any printed amount in the table's rows (``amount_cells``): a blank template table has none."""
    for r in table.rows:
        texts = [c.text for c in r.cells]
        if texts and key_text(texts[0]) not in ("栏次", "行次") and amount_cells(texts):
            return True
    return False


_WHOLE_AMOUNT = re.compile(r"-?\d{1,3}(?:,\d{3})+|-?\d{3,}")


def amount_cells(cells: list[str]) -> list[int]:
    """Indexes of a row's cells that print an amount: a number with decimals, or a whole number of three or more
    digits (元 tables often print whole yuan) after the row's label, or in a row without one — unless it is a
    classification code followed by its name (table 06 prints two code | name | amount groups per row). Codes
    and 行次 numbers stand before a row's label; a 栏次 row numbers its columns 1, 2, 3 …"""
    texts = [c.strip() for c in cells]
    words = [bool(t) and not _NUMBER_TOKEN.fullmatch(t) and key_text(t) not in BLANK_MARKS for t in texts]
    out: list[int] = []
    labelled = not any(words)
    for i, text in enumerate(texts):
        if words[i]:
            labelled = True
        elif DECIMAL.fullmatch(text) or (
            labelled and _WHOLE_AMOUNT.fullmatch(text) and not _code_with_name(texts, words, i)
        ):
            out.append(i)
    return out


def _code_with_name(texts: list[str], words: list[bool], i: int) -> bool:
    """A function or economic classification code whose next non-blank cell is a word (its name)."""
    if not is_code(texts[i]):
        return False
    nxt = next((k for k in range(i + 1, len(texts)) if texts[k] and key_text(texts[k]) not in BLANK_MARKS), None)
    return nxt is not None and words[nxt]
