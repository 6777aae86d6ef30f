"""normalize: ``Source`` → ``Text``, a clean view of the report plus a map back to the original.

Later stages read the clean view; every span they compute there is mapped back through ``Text.span``
to the exact original characters, so a reviewer always sees what the file really says.

Repairs, in order (each keeps the offset map exact — characters are only dropped or replaced one for
one, never invented):
0. markup that carries the text's layout, rebuilt as the text it stands for — an OCR engine's hOCR and ALTO words
   into lines (``_hocr_lines``, ``_alto_lines``: in ALTO each character keeps its offset inside its word's
   attribute), HTML tables into tab-separated rows with a blank cell for each merged one (``_html_tables``), and
   markdown pipe tables likewise (``_pipe_tables``), HTML character references into their characters — each tag
   replaced by at most as many characters as it has; Windows (CRLF) and old Mac (CR) line ends as ``\n``;
1. markup that is not content: Word bookmarks ``[bookmark: _Toc…]``, ``[image: …]`` residue, HTML-ish
   tags (``<b>``, ``<p>``, ``<u>``), markdown heading marks and ``**`` bold marks;
2. full-width letters, digits and punctuation folded to ASCII (``１２．５`` → ``12.5``, ``（`` → ``(``),
   except the full-width comma and semicolon, which separate clauses in Chinese prose;
3. numbers the OCR spaced out: ``1, 903. 01`` → ``1903.01``, ``0. 00`` → ``0.00``, ``248,305`` → ``248305``;
4. the vertical bars OCR engines read from a table's column rules (``206 | 科学技术支出 | 1,550.75``) become
   spaces: they separate cells, they are never content.

What the characters of a damaged number may have meant (``1,903:01``, ``19O3.01``) is not decided here: that
needs the table's identities. ``ocr_readings`` lists the candidate readings of such text (the readers choose
among them by the identities, ``readers.placement``), and it is the one list of documented repairs the
pipeline's ``verify`` stage accepts for a value whose printed text does not read as it is.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from extractor.ingest import Source
from extractor.keys import differing


@dataclass(frozen=True)
class Text:
    """The clean view of a source and, for each clean character, its index in the original text."""

    original: str
    clean: str
    offsets: Sequence[int] = field(repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean-view span ``[start, end)`` to the original text."""
        if not 0 <= start < end <= len(self.clean):
            raise ValueError(f"span [{start}, {end}) outside the clean text (length {len(self.clean)})")
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_slice(self, start: int, end: int) -> str:
        """The original characters behind a clean-view span."""
        s, e = self.span(start, end)
        return self.original[s:e]


# Markup that is not content: each match is dropped whole.
_MARKUP: list[re.Pattern[str]] = [
    re.compile(r"\[(?:bookmark|image):[^\]\n]{0,200}\]"),
    re.compile(r"</?(?:b|p|u|i|em|strong|span|br|div|font|sup|sub|td|tr|th|table)\b[^<>\n]{0,400}>", re.I),
    # an HTML or hOCR document's own tags (``<html …>``, ``<meta …/>``, ``<?xml …?>``, ``<!DOCTYPE …>``)
    re.compile(
        r"<(?:/?(?:html|head|body|meta|title|link)\b[^<>]{0,300}|\?xml[^<>]{0,200}\?|!DOCTYPE[^<>]{0,300})>", re.I
    ),
    re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+"),
    re.compile(r"\*\*"),
]

_KEEP_FULLWIDTH = {"，", "；"}
#: ruling-line residue that OCR engines print between cells: folded to a space, one for one
_RULE_BARS = ("|", "¦", "｜")

# 1, 903. 01 | 248,305 | 1903. 01 | 0. 00 — only where digits sit on both sides of the separator. The pattern
# starts with its first digit (the "not after a digit or a point" test is a lookbehind behind it), which lets
# the regex engine skip ahead to the next digit instead of trying every character: 3× faster on a report.
_SPACED_NUMBER = re.compile(
    r"\d(?<![\d.]\d)(?:"
    r"\d{0,2}(?: ?, ?\d{3})+(?: ?\. ?\d+)?(?![\d,])"  # thousands groups, maybe a fraction
    r"|\d*(?: \. ?| ?\. )\d+(?![\d.])"  # a decimal point with a space beside it
    r"|(?P<speck>\d*, ?\. ?\d{2}(?![\d.,]))"  # a speck read as a comma before the point: ``225,. 12``
    r")"
)
_NUMBER_CHARS = set("0123456789.-")


def normalize(source: Source | str) -> Text:
    """Build the clean view of ``source`` with an exact offset map."""
    original = source.text if isinstance(source, Source) else source
    text, offsets = original, list(range(len(original)))
    if "\r" in text:
        text, offsets = _substitute(text, offsets, _CARRIAGE_RETURN, lambda m: "" if m.group(1) else "\n")
    if isinstance(source, Source) and source.path.lower().endswith(".csv"):
        text, offsets = _csv_cells(text, offsets)
    if text.startswith(_TSV_HEADER):
        text, offsets = _tsv_lines(text, offsets)
    if "<alto" in text[:5000] and "CONTENT=" in text:
        text, offsets = _alto_lines(text, offsets)
    if "ocrx_word" in text:
        text, offsets = _hocr_lines(text, offsets)
    if "<" in text and _TABLE_TAG.search(text):
        text, offsets = _html_tables(text, offsets)
    if "|" in text and _PIPE_DELIMITER.search(text):
        text, offsets = _pipe_tables(text, offsets)
    if "&" in text:
        text, offsets = _substitute(text, offsets, _ENTITY, _entity)
    for pattern in _MARKUP:
        text, offsets = _drop(text, offsets, pattern)
    text = _fold_report(text)
    for bar in _RULE_BARS:
        text = text.replace(bar, " ")  # str.replace is far faster than str.translate on CJK text
    text, offsets = _join_numbers(text, offsets)
    return Text(original=original, clean=text, offsets=offsets)


def fold_char(ch: str) -> str:
    """Full-width → ASCII for one character; anything else unchanged (always one character out)."""
    if ch == "\u3000":
        return " "
    if "\uff01" <= ch <= "\uff5e" and ch not in _KEEP_FULLWIDTH:
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1:
            return folded
    return ch


#: ``fold_char`` as a translation table (one character out for each in), so folding a report is one pass in C
_FOLD = str.maketrans(
    {chr(c): fold_char(chr(c)) for c in (0x3000, *range(0xFF01, 0xFF5F)) if fold_char(chr(c)) != chr(c)}
)


_FULL_WIDTH = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")


def _fold_width(text: str) -> str:
    return text.translate(_FOLD)


def _fold_report(text: str) -> str:
    """``_fold_width`` for a whole report: ``str.translate`` with a table looks every CJK character up in a
    dict, while a report holds a few distinct full-width characters — each replaced in one pass is 5× faster."""
    for ch in set(_FULL_WIDTH.findall(text)):
        text = text.replace(ch, _FOLD[ord(ch)])
    return text


def _drop(text: str, offsets: list[int], pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """Remove every match of ``pattern``, keeping the offsets of what remains."""
    return _replace(text, offsets, ((m.start(), m.end(), "") for m in pattern.finditer(text)))


def _substitute(
    text: str, offsets: list[int], pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> tuple[str, list[int]]:
    """Replace each match of ``pattern`` by ``repl(match)`` (``_replace``)."""
    return _replace(text, offsets, ((m.start(), m.end(), repl(m)) for m in pattern.finditer(text)))


def _replace(text: str, offsets: list[int], edits: Iterable[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """Replace each ``text[start:end]`` (in order, not overlapping) by a string at most as long — each of its
    characters standing for the replaced character at the same place (one for one, the rest dropped): nothing is
    invented, and the offset map stays exact."""
    out: list[str] = []
    out_off: list[int] = []
    pos = 0
    for start, end, new in edits:
        new = new[: end - start]
        out.append(text[pos:start])
        out_off.extend(offsets[pos:start])
        out.append(new)
        out_off.extend(offsets[start : start + len(new)])
        pos = end
    if pos == 0:
        return text, offsets
    out.append(text[pos:])
    out_off.extend(offsets[pos:])
    return "".join(out), out_off


#: the tags of an HTML table (a converter's or an OCR layout tool's output: MinerU, PP-Structure, Word's HTML)
_TABLE_TAG = re.compile(r"<(/?)(table|thead|tbody|tfoot|tr|td|th)\b([^<>]{0,160})>", re.I)
_CELL_SPAN = re.compile(r"""(row|col)span\s*=\s*["']?(\d{1,2})""", re.I)
_BLANKS = " \t\r\n"


def _html_tables(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """HTML tables as tab text (``_HtmlGrid``), each tag taking the white space around it: pretty-printed HTML sets
    every tag on a line of its own, and a cell's text must stay on its row's line."""
    grid = _HtmlGrid()
    edits: list[tuple[int, int, str]] = []
    last = 0
    for m in _TABLE_TAG.finditer(text):
        start, end = m.start(), m.end()
        while start > last and text[start - 1] in _BLANKS:
            start -= 1
        while end < len(text) and text[end] in _BLANKS:
            end += 1
        edits.append((start, end, grid(m)))
        last = end
    return _replace(text, offsets, edits)


class _HtmlGrid:
    """An HTML table's tags as the tab text a converter prints: a row per line, a tab between cells, a blank cell
    for each column a merged cell covers (``colspan``, and ``rowspan`` in the rows below) — so the grid reader
    finds each figure under its header's column. Dropped whole, as other markup is, ``<td>208</td><td>社会保障和
    就业支出</td><td>754.75</td>`` glued every cell of a row into one word (``208社会保障和就业支出754.75754.75``).
    Each tag becomes at most as many characters as it has (``_replace``); a merge wider than that is cut."""

    def __init__(self) -> None:
        self.below: dict[int, int] = {}  # column → rows below the current one a cell above still covers
        self.covered: set[int] = set()  # columns the current row's cells cannot take (covered from above)
        self.col = 0
        self.first = True
        self.span = 1
        self.open = False  # a row whose ``</tr>`` has not come (HTML may leave it out)

    def __call__(self, m: re.Match[str]) -> str:
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if tag == "table":
            self.below, self.open = {}, False
            return "\n"
        if tag == "tr":
            return self._row_end() if closing else self._row_start()
        if tag in ("td", "th"):
            return "\t" * (self.span - 1) if closing else self._cell(m.group(3))
        return ""  # thead, tbody, tfoot

    def _row_start(self) -> str:
        ended = "\n" if self.open else ""
        self.covered = {c for c, n in self.below.items() if n > 0}
        self.below = {c: n - 1 for c, n in self.below.items() if n > 1}
        self.col, self.first, self.span, self.open = 0, True, 1, True
        return ended

    def _row_end(self) -> str:
        self.covered, self.open = set(), False
        return "\n"  # (columns covered from above after the row's last cell are blank: nothing follows them)

    def _cell(self, attrs: str) -> str:
        skipped = 0
        while self.col in self.covered:
            self.col += 1
            skipped += 1
        spans = {k.lower(): int(v) for k, v in _CELL_SPAN.findall(attrs)}
        self.span = max(1, spans.get("col", 1))
        rows = max(1, spans.get("row", 1))
        if rows > 1:
            for c in range(self.col, self.col + self.span):
                self.below[c] = max(self.below.get(c, 0), rows - 1)
        self.col += self.span
        out = "\t" * (skipped + (0 if self.first else 1))
        self.first = False
        return out


#: a Windows line end's carriage return (dropped), or an old Mac one's (a line end): readers see ``\n`` alone —
#: the performance reader's ``(?m)…$`` lines missed every CRLF file's 绩效自评 tables (seeds 001 and 004 so saved)
_CARRIAGE_RETURN = re.compile(r"\r(?=(\n)?)")
#: a CSV field in quotes (``"1,903.01"``, ``"财政拨款""三公""经费"``) or a comma between two fields
_CSV_TOKEN = re.compile(r'"(?:[^"]|"")*"|,')
_CSV_INSIDE = re.compile(r'""|\n')  # (carriage returns are gone by now)


def _csv_cells(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """A ``.csv`` file (a spreadsheet's "save as CSV", a table export) as the tab text a spreadsheet copies: each
    comma between fields a tab, a quoted field's quotes dropped, its doubled quotes one, a line break inside it a
    space (a wrapped label stays in its row). Read as prose, the commas between cells met the thousands-separator
    repair (``446.11,446.11`` is no number) and seed 000 so written read at table F1 0.04, two values wrong."""
    edits: list[tuple[int, int, str]] = []
    for m in _CSV_TOKEN.finditer(text):
        if m.group() == ",":
            edits.append((m.start(), m.end(), "\t"))
            continue
        edits.append((m.start(), m.start() + 1, ""))
        for inner in _CSV_INSIDE.finditer(text, m.start() + 1, m.end() - 1):
            edits.append((inner.start(), inner.end(), " " if inner.group() == "\n" else '"'))
        edits.append((m.end() - 1, m.end(), ""))
    return _replace(text, offsets, edits)


#: a markdown table's delimiter row (``|---|:---:|``, GitHub's pipe tables: docling, marker, MinerU, pandoc) and a
#: row of its cells (``| 合计 |  | 9,746.50 |``); a bar after a backslash is a bar inside a cell
_PIPE_DELIMITER = re.compile(r"(?m)^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?)?[ \t]*$")
_PIPE_ROW = re.compile(r"[ \t]*\|.*(?<!\\)\|[ \t]*")
_PIPE_BAR = re.compile(r"[ \t]*(?<!\\)\|[ \t]*")
_LINE = re.compile(r"[^\n]*\n?")


def _pipe_tables(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Markdown pipe tables as the tab text ``_html_tables`` makes of HTML ones: each row a line, a tab between
    cells (an empty cell stays a blank cell), the delimiter row gone. Left to the later folding of ruling bars into
    spaces, ``| 合计 |  |  | 0.95 |`` became a line of space runs as wide as the cells' text, not as the columns, and
    the layout reader placed a figure under the wrong header. Only a block of bar rows with a delimiter row is a
    table: tesseract prints the bars of ruling lines at both ends of a line too, and those are no grid."""
    edits: list[tuple[int, int, str]] = []
    block: list[re.Match[str]] = []
    for line in itertools.chain(_LINE.finditer(text), [None]):
        if line is not None and line.group() and _PIPE_ROW.fullmatch(line.group().rstrip("\n")):
            block.append(line)
            continue
        if any(_PIPE_DELIMITER.fullmatch(row.group().rstrip("\n")) for row in block):
            edits += (edit for row in block for edit in _pipe_row(row))
        block = []
    return _replace(text, offsets, edits)


def _pipe_row(line: re.Match[str]) -> list[tuple[int, int, str]]:
    """One pipe-table line's edits: a delimiter row dropped with its line end; a row's outer bars dropped, each
    bar between two cells (with the padding around it) made one tab, and a merged cell's text repeated in the
    cells it covers (docling prints ``| 合计 | 合计 | 9746.50 |``; others leave them empty) dropped — where a
    label repeats, the row reads ``合计合计``. A repeated figure is two figures (``754.75 | 754.75``): a cell with a
    digit is never a copy."""
    body = line.group().rstrip("\n")
    if _PIPE_DELIMITER.fullmatch(body):
        return [(line.start(), line.end(), "")]
    at = line.start()
    bars = list(_PIPE_BAR.finditer(body))
    cells = [body[left.end() : right.start()] for left, right in itertools.pairwise(bars)]
    edits = [(at, at + bars[0].end(), "")]
    for i in range(1, len(cells)):
        copy = cells[i] == cells[i - 1] and not any(ch.isdigit() for ch in cells[i])
        edits.append((at + bars[i].start(), at + (bars[i + 1].start() if copy else bars[i].end()), "\t"))
    edits.append((at + bars[-1].start(), at + len(body), ""))
    return edits


#: hOCR (``tesseract page.png out hocr``, OCRopus, Kraken): a word's tag (with the white space before it, its box)
#: and the end of a word or of a line
_HOCR = re.compile(
    r"(?P<word>[ \t\r\n]*<span\b[^<>]*?\bclass=['\"]ocrx_word['\"][^<>]*?\bbbox (?P<x0>\d+) (?P<y0>\d+) (?P<x1>\d+)"
    r" (?P<y1>\d+)[^<>]*>)|(?P<end>[ \t\r\n]*</span>)"
    r"|(?P<line>[ \t\r\n]*<span\b[^<>]*?\bclass=['\"]ocr_(?:line|caption|textfloat|header)['\"][^<>]*>)"
    r"|(?P<par></p>)|(?P<gap>(?<=>)[ \t\r\n]+(?=<))"
)


def _hocr_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """hOCR as the engine's own text prints it: each ``ocr_line`` one line, its words in order — joined where
    their boxes nearly touch (tesseract boxes ``收入`` / ``决算`` / ``表`` and ``9746.`` / ``50`` apart; its text
    prints ``收入决算表``, ``9746.50``), a space for each space's width of a wider gap (a table's columns keep their
    runs of spaces). Read with its tags dropped, as other markup is, every word stood on a line of its own and no
    title was found: tesseract's hOCR of the corpus' table pages was refused as no report. The tags become at most
    as many characters as they have (``_replace``); a figure split into two words spans the tags between them,
    which its print is read without (``without_markup``)."""
    edits: list[tuple[int, int, str]] = []
    last: tuple[int, int, str] | None = None  # the line's previous word: its right edge, height, last character
    word_start = -1
    for m in _HOCR.finditer(text):
        if m.group("line") or m.group("gap"):  # (white space between tags: the markup's indentation)
            edits.append((m.start(), m.end(), ""))
            last = None
        elif m.group("par"):  # a paragraph's end: a blank line, as tesseract's text sets its blocks apart
            edits.append((m.start(), m.end(), "\n"))
        elif m.group("word"):
            x0, height = int(m.group("x0")), int(m.group("y1")) - int(m.group("y0"))
            word_start = m.end()
            edits.append((m.start(), m.end(), _word_gap(last, x0, height, text[word_start : word_start + 1])))
            last = (int(m.group("x1")), height, "")
        elif word_start >= 0 and last is not None:  # a word's end
            last = (last[0], last[1], text[word_start : m.start()].strip()[-1:])
            edits.append((m.start(), m.end(), ""))
            word_start = -1
        else:  # a line's end
            edits.append((m.start(), m.end(), "\n"))
            last = None
    return _replace(text, offsets, edits)


#: ALTO XML (``tesseract page.png out alto``, ABBYY, library digitisation): a word (``<String … CONTENT="收入"/>``),
#: the end of a text line, of a text block
_ALTO = re.compile(r"<String\b[^<>]*>|(?P<line></TextLine\s*>)|(?P<block></TextBlock\s*>)")
_ALTO_ATTR = re.compile(r"""\b(HPOS|VPOS|WIDTH|HEIGHT|CONTENT)\s*=\s*(["'])(.*?)\2""")


class _WordLines:
    """An OCR engine's words with their boxes, rebuilt into the lines its own text prints (``_word_gap`` between
    two words of a line): the text, and for each of its characters the offset it stands for. A word's characters
    keep their own offsets; a separator's characters stand for those of the markup before the word (``room`` of
    them: a wider separator repeats the last), a line break for its marker's."""

    def __init__(self, offsets: list[int]) -> None:
        self.offsets = offsets
        self.out: list[str] = []
        self.at: list[int] = []
        self.last: tuple[int, int, str] | None = None  # the line's previous word: right edge, height, last character

    def word(
        self, word: str, at: int, box: tuple[int, int, int], markup: int, room: int, follows: bool = False
    ) -> None:
        """``word`` printed at ``at``, its box (left, width, height), the markup before it at ``markup``, ``room``
        characters long; ``follows``: the box says nothing (no width) — a space after the word before."""
        sep = " " if follows and self.last is not None else _word_gap(self.last, box[0], box[2], word[0])
        self.out.append(sep + word)
        self.at.extend(self.offsets[markup + min(k, room - 1)] for k in range(len(sep)))
        self.at.extend(self.offsets[at + k] for k in range(len(word)))
        self.last = (box[0] + box[1], box[2], word[-1])

    def end_line(self, breaks: str, at: int) -> None:
        """A line's end (``\n``, or ``\n\n`` for a paragraph's), standing for the characters at ``at``."""
        self.out.append(breaks)
        self.at.extend(self.offsets[at + k] for k in range(len(breaks)))
        self.last = None

    def text(self) -> tuple[str, list[int]]:
        return "".join(self.out), self.at


def _alto_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """ALTO as the engine's own text prints it: its words are attributes (``CONTENT``), so the text is rebuilt from
    them alone (``_WordLines``) — each ``TextLine`` a line, its words joined as ``_hocr_lines`` joins hOCR's, a
    blank line after each ``TextBlock`` — every character of a word keeping its offset in the attribute, every
    separator one of its tag's. The rest of the file (its description, the layout's other elements) is not text.
    Read as other markup is, its tags dropped, nothing was left of it."""
    lines = _WordLines(offsets)
    for m in _ALTO.finditer(text):
        if m.group("line") or m.group("block"):
            lines.end_line("\n", m.start())
            continue
        attrs = {a.group(1): (a.group(3), m.start() + a.start(3)) for a in _ALTO_ATTR.finditer(m.group())}
        word, at = attrs.get("CONTENT", ("", 0))
        if not word.strip():
            continue
        try:
            x0, width, height = (int(float(attrs[k][0])) for k in ("HPOS", "WIDTH", "HEIGHT"))
        except (KeyError, ValueError):
            x0 = width = height = 0  # (no box: the word follows the one before it)
        lines.word(word, at, (x0, width, height), m.start(), m.end() - m.start(), follows=not width)
    return lines.text()


#: tesseract's TSV (``tesseract page.png out tsv``): a row per page, block, paragraph, line and word, with its box
_TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _tsv_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """tesseract's TSV as its plain text prints it: the word rows (level 5) of each line joined as ``_hocr_lines``
    joins hOCR's words (``_WordLines``), a blank line between paragraphs — each character of a word keeping its
    offset in its row's text field, each separator one of its row's. Read as it is, its rows were a grid of
    numbers (each word's box) with a word at the end: no title, no table."""
    lines = _WordLines(offsets)
    where: tuple[str, ...] = ()
    pos = 0
    for row in text.split("\n"):
        start, pos = pos, pos + len(row) + 1
        cells = row.split("\t")  # (no carriage return is left: normalize's first step)
        if len(cells) != 12 or cells[0] != "5" or not cells[11].strip():
            continue
        line = tuple(cells[1:5])
        if where and line != where:
            lines.end_line("\n" if line[:3] == where[:3] else "\n\n", start)  # (a new paragraph: a blank line)
        where = line
        try:
            box = (int(cells[6]), int(cells[8]), int(cells[9]))
        except ValueError:
            continue
        word = cells[11]
        at = start + len(row) - len(word)  # (the text is the row's last field)
        lines.word(word, at, box, start, at - start)
    return lines.text()


def _word_gap(last: tuple[int, int, str] | None, x0: int, height: int, first: str) -> str:
    """What stands between two words of an hOCR line, from the gap between their boxes: nothing under one and a
    half line heights (a space between two Latin words), else a space for each space's width (~0.45 of a height)."""
    if last is None:
        return ""
    gap, h = x0 - last[0], max(last[1], height, 1)
    if gap < 1.5 * h:
        return " " if last[2].isascii() and last[2].isalpha() and first.isascii() and first.isalpha() else ""
    return " " * round(gap / (0.45 * h))


_ENTITY = re.compile(r"&(?:#\d{2,6}|#[xX][0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")


def _entity(m: re.Match[str]) -> str:
    """An HTML character reference as its one character (``&quot;`` → ``"``, ``&nbsp;`` → a space); anything
    that is not one stays as printed."""
    ch = html.unescape(m.group())
    if ch == m.group() or len(ch) != 1:
        return m.group()
    return " " if ch == "\xa0" else ch


def _join_numbers(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Squeeze spaces and thousands separators out of numbers; digits keep their own offsets. A comma printed
    before the point (``225,. 12``: tesseract's reading of a speck) stays as printed — ``225,.12`` reads as
    225.12, as ``1,903,.01`` does — only the spaces go, so it is one figure, not ``225`` and ``12`` (ghzy's
    2080506 in table 03, tesseract's light scan of draw BS: its row read one figure of three, and a row of
    unreadable code was taken to follow it)."""
    return _replace(
        text,
        offsets,
        (
            (i, i + 1, "")
            for m in _SPACED_NUMBER.finditer(text)
            for i in range(m.start(), m.end())
            if text[i] not in _NUMBER_CHARS and (m.group("speck") is None or text[i] == " ")
        ),
    )


# ---------------------------------------------------------------------------------------------
# Value normalization, as the facts spec defines it: what a printed number means as a plain decimal.

_VALUE_JUNK = re.compile(r"[\s,，%％]")
_PLAIN_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")


@lru_cache(maxsize=16384)
def normalize_value(raw: str) -> str | None:
    """``1, 903. 01`` → ``1903.01``; ``１２．５`` → ``12.5``; ``100%`` → ``100``. None if not a number.

    Cached (a pure function of a short print): a report's figures are normalized over and over — each repair
    test of each figure against each value the table prints (``digits_apart``), the verification of every fact,
    the checks — tens of thousands of calls per report on a few hundred distinct prints."""
    folded = _fold_width(raw).replace("，", ",")
    plain = _VALUE_JUNK.sub("", folded)
    if plain.startswith("+"):
        plain = plain[1:]
    return plain if _PLAIN_DECIMAL.fullmatch(plain) else None


# ---------------------------------------------------------------------------------------------
# OCR repairs: the candidate readings of a damaged printed number

#: letters OCR engines print for the digits they resemble
LOOKALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "S": "5", "B": "8", "Z": "2", "z": "2"})
#: characters OCR engines print for a decimal point or a thousands separator
OCR_SEPARATORS = ",.:;·。，、'’`"
_EDGE_JUNK = '|_—–-[](){}<>〈〉《》:;,.。，、·\'’`""“”~=' + " "
_SEPARATED = re.compile(rf"[{re.escape(OCR_SEPARATORS)}]+")
#: marks a scan's specks print as, glued to a figure's decimal point (``15°.53``, ``445$.69``) — and ``$`` between
#: two digits of a thousands group too (``1.5$11.90`` for 1,511.90: tesseract, czj's table 02, draws F and G)
OCR_SPECKS = "°$"
_SPECK = re.compile(
    rf"[{re.escape(OCR_SPECKS)}](?=[{re.escape(OCR_SEPARATORS)}])|(?<=[{re.escape(OCR_SEPARATORS)}])[{re.escape(OCR_SPECKS)}]"
    r"|(?<=\d)\$(?=\d)"
)
_DIGITS_ONLY = re.compile(r"\d+")


#: a figure of two decimals whose point OCR read as a dash, or with a dash after it (``2-85``, ``0.-39``): the whole
#: part (thousands groups kept) and the cents
DASHED_POINT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)[.,]?-(\d{2})")
#: a figure's point and cents with its whole digits lost (``.64`` for 236.64; ``:33`` for 11.33): ``whole_lost``
WHOLE_LOST = re.compile(r"[.,:。·] ?(\d{2})")


def ocr_readings(raw: str, decimals: int = 2) -> list[str]:
    """The plain decimals a damaged printed amount may mean, in a table that prints ``decimals`` places.

    Empty when ``raw`` reads cleanly — as a number with ``decimals`` places (``normalize_value`` gives its
    one reading) — or is too damaged to read. What is repaired, and only this (each reading is a candidate
    the table's identities must confirm, never a value by itself):

    * junk at the edges from ruling lines and punctuation: ``:238.81``, ``1 903，01]``;
    * letters for the digits they resemble: ``19O3.01``, ``l,5S0.75`` (O/o→0, l/I→1, S→5, B→8, Z→2);
    * the decimal point or a thousands separator printed as another mark, or doubled: ``1,903:01``,
      ``1.903.01``, ``1,903,01``, ``1,.550,75``: the last mark before ``decimals`` digits is the point, and
      every group before it must be a thousands group (three digits, one to three at the head);
    * a dropped decimal point in a whole number of four or more digits, or of three printed as digits only:
      ``2193`` → ``21.93``, ``577`` → ``5.77`` (``55O``: too little to repair); or the point read as a 1 in one of
      four or more: ``91152`` → ``91.52`` as well (RapidOCR heavy, seed 000's table 03, draw N), ``6119`` →
      ``6.19`` (czj's table 02, RapidOCR heavy, draw Z);
    * a speck after the cents read as one more decimal digit, or two (a ruling line beside the figure):
      ``0.001`` → ``0.00``, ``2,940.053`` → ``2940.05``, ``169.9601`` → ``169.96`` (ghzy's table 03 on RapidOCR's
      heavy scan of draw W, read before as a clean figure rounded to the cent) — the figure the table prints,
      never the printed reading; of two, the figure rounded to the cent as well (``1096.9051`` → ``1096.90``,
      ``1096.91``);
    * a zero whose leading 0 was lost: ``.00``, ``. 00`` → ``0.00``;
    * the decimal point read as a dash, or a dash after it: ``2-85`` → ``2.85``, ``0.-39`` → ``0.39`` (tesseract);
    * a speck glued to the decimal point (``OCR_SPECKS``): ``15°.53`` → ``15.53``, or a ``$`` between digits:
      ``1.5$11.90`` → ``1511.90`` (the groups must still read as thousands);
    * a short figure an engine's text-direction classifier turned upside down (RapidOCR): ``86.0`` → ``0.98``,
      ``88.0`` → ``0.88`` — only the digits that stay digits turned (0 1 6 8 9, 6 and 9 trading places) and a
      point, read backwards; a figure below 1 turned loses its point as often (``860``, ``880``: the point
      would print at the top), and its turned 0 then ends it; or keeps it at the top, read as ``°`` (``86°0``).
    """
    plain = normalize_value(raw)
    if plain is not None and len(plain.partition(".")[2]) == decimals:
        return []
    if decimals and re.fullmatch(rf"[.,:：]\s?0{{{decimals}}}", raw.strip()):
        return [f"0.{'0' * decimals}"]
    dashed = DASHED_POINT.fullmatch(raw.strip()) if decimals == 2 else None
    if dashed is not None:
        return [f"{int(dashed.group(1).replace(',', ''))}.{dashed.group(2)}"]
    text = _fold_width(raw).replace("，", ",").translate(LOOKALIKE_DIGITS)
    text = _SPECK.sub("", re.sub(r"\s+", "", text).strip(_EDGE_JUNK))
    if not text or not text[0].isdigit() or any(not (ch.isdigit() or ch in OCR_SEPARATORS) for ch in text):
        return turned_readings(raw, decimals)  # (``86°0``: its point turned to the top, read as a speck)
    groups = _SEPARATED.split(text)
    out: list[str] = []
    if not decimals:
        if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
            out.append(str(int("".join(groups))))
    elif len(groups) == 1:
        if len(groups[0]) >= 4 or (len(groups[0]) == 3 and raw.strip().isdigit()):
            out.append(f"{int(groups[0][:-decimals])}.{groups[0][-decimals:]}")
        if len(groups[0]) >= decimals + 2 and groups[0][-decimals - 1] == "1":  # (the point read as 1: ``91152``)
            out.append(f"{int(groups[0][: -decimals - 1])}.{groups[0][-decimals:]}")
    elif len(groups[-1]) == decimals or (
        len(groups[-1]) in (decimals + 1, decimals + 2) and text[-len(groups[-1]) - 1] == "."
    ):
        # (a digit or two more after a point: ``0.001``, ``169.9601``, the cents and a speck — or two more
        # digits of a figure printed to four places: ``1096.9051``, its cents rounded too)
        head, thousands = groups[0], groups[1:-1]
        if not thousands or (1 <= len(head) <= 3 and all(len(g) == 3 for g in thousands)):
            whole = int("".join([head, *thousands]))
            out.append(f"{whole}.{groups[-1][:decimals]}")
            if len(groups[-1]) == decimals + 2:
                printed = Decimal(f"{whole}.{groups[-1]}")
                out.append(str(printed.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)))
    out.extend(turned_readings(raw, decimals))
    return [r for r in dict.fromkeys(out) if r != plain]


_TURNED = str.maketrans("69", "96")


def turned_readings(raw: str, decimals: int = 2) -> list[str]:
    """What ``raw`` reads as turned by 180° (``ocr_readings``' last case), where that reads with ``decimals``
    places: ``860`` → 0.98, ``991`` → 1.66, ``86.0`` → 0.98 — and ``86°0`` → 0.98: the point, turned, sits at the
    top of the line, where OCR reads a degree sign (seed 003's 2089999 in draw G's heavy scan, RapidOCR plain and
    rows) or an apostrophe (``60'0`` → 0.09: czj's 30204 in draw W's heavy scan, RapidOCR)."""
    text = raw.strip()
    if decimals and re.fullmatch(rf"[01689]{{{decimals + 1},{decimals + 2}}}", text):
        # its point lost too (``860``: 0.98 — a figure below 10: ``991``, 1.66, seed 002 RapidOCR heavy, draw N;
        # below 100: ``9881``, 18.86, ghzy's 30206 on RapidOCR's heavy scan, draw Z)
        back = text[::-1].translate(_TURNED)
        return [f"{int(back[:-decimals])}.{back[-decimals:]}"]
    if not decimals or not re.fullmatch(r"[01689]+[.°'’`][01689]+", text):
        return []
    turned = normalize_value(re.sub(r"[°'’`]", ".", text)[::-1].translate(_TURNED))
    return [turned] if turned is not None and len(turned.partition(".")[2]) == decimals else []


def turned_code(digits: str) -> str | None:
    """What a row code's ``digits`` read as turned by 180° — read backwards, 6 and 9 trading places — when every
    digit stays a digit turned (0 1 2 6 8 9): RapidOCR's text-direction classifier turns a box upside down now
    and then (``turned_readings``), a code's too: ``6666802`` for 2089999 (seed 003, draw G's light scan). Only a
    candidate: the row's printed name and the codes above must confirm it (the readers' ``_repaired_code``)."""
    if not re.fullmatch(r"[012689]+", digits):
        return None
    return digits[::-1].translate(_TURNED)


def reads_as(raw: str, value: str) -> bool:
    """Whether printed ``raw`` is ``value`` as it reads, or one of its documented OCR repairs (``ocr_readings``,
    ``lost_digits``, ``added_digit``, ``changed_digit``, ``pointless``) — of the print or of one of its readings.
    Markup inside the print is not printed: hOCR sets a figure the engine read as two words in two tags
    (``9746.</span> <span class='ocrx_word' …>50``), and the clean view joins them (``_hocr_lines``)."""
    raw = without_markup(raw)
    readings = ocr_readings(raw, len(value.partition(".")[2]))
    return (
        normalize_value(raw) == value
        or value in readings
        or digits_apart(raw, value)
        or pointless(raw, value)
        or whole_lost(raw, value)
        or any(digits_apart(r, value) for r in readings)  # (``1.503.32``: 1503.32, its tenths misread)
    )


#: tags, and the white space around them, inside a figure's print (``without_markup``): whole tags (hOCR's
#: ``</span> <span …>``), and ALTO's attribute ends and starts (``"/> <SP …/> <String … CONTENT="``)
#: and tesseract TSV's next word row up to its text (``\n5\t1\t2\t1\t1\t3\t1022\t587\t25\t21\t91.5\t``)
_MARKUP_IN_PRINT = re.compile(
    r"""["']\s*/>|\s*<String\b[^<>]*?\bCONTENT\s*=\s*["']|\s*<[^<>]{0,300}>\s*|\r?\n5(?:\t-?[\d.]*){10}\t"""
)


def without_markup(raw: str) -> str:
    """A figure's original characters without the markup between them: what was printed (``reads_as``)."""
    return _MARKUP_IN_PRINT.sub("", raw) if "<" in raw or "\t" in raw else raw


def whole_lost(raw: str, value: str) -> bool:
    """Whether printed ``raw`` is the point and cents of ``value`` with its whole digits lost: ``.64`` for 236.64
    (``.88`` for 0.88) — a band of a scan the OCR lost over a column (tesseract, ghzy's table 05 on light scans).
    Which whole part is meant the print cannot say: only a figure printed elsewhere with those cents, confirmed
    by the identities, can (the readers' ``_stub``); never a zero's (``.00`` is 0.00, its one digit lost)."""
    m = WHOLE_LOST.fullmatch(raw.strip())
    whole, _, part = value.partition(".")
    return m is not None and m.group(1) != "00" and part == m.group(1) and whole.isdigit()


def pointless(raw: str, value: str) -> bool:
    """Whether printed ``raw`` is ``value`` with its point lost and at most one digit misread (``289`` or ``485``
    for 2.85, ``2 35`` with a space for the point), or its point read as a digit (``2520`` for 2.20): a print no
    reading of which is an amount, which only the
    identities can give a value (the 三公 row's damaged cells, ``readers.tables._wide_holes``)."""
    printed = normalize_value(raw)
    whole, _, part = value.partition(".")
    digits = whole + part
    if printed is None or not printed.isdigit() or not part or not digits.isdigit():
        return False
    if len(printed) == len(digits) + 1:  # its point read as a digit (``2520`` for 2.20)
        return printed[: len(whole)] == whole and printed[len(whole) + 1 :] == part
    return len(printed) == len(digits) >= 3 and differing(printed, digits) <= 1


@lru_cache(maxsize=16384)
def digits_apart(raw: str, value: str, tenths: bool = True) -> bool:
    """Whether printed ``raw`` is ``value`` with a digit or two lost, one added, or one of its whole part misread
    (``lost_digits``, ``added_digit``, ``changed_digit``: 3 read 8 in seed 002's ``20605 科技条件与服务 333.22:|
    833.22``, tesseract draw G; 4 read for 1 in seed 000's ``2080506 … 41.33 11.33``, draw F heavy).

    Cached (pure, on two short strings): the readers' ``_lost_digits`` tries every unread figure against every
    value its table prints, again at each re-read of the table."""
    return (
        lost_digits(raw, value)
        or added_digit(raw, value)
        or changed_digit(raw, value, tenths)
        or (tenths and lookalike_digits(raw, value))
    )


#: digits a face's glyphs let OCR read for each other: tesseract reads czj's 6 as 0 (``2,100.06`` for 2,106.66,
#: ``21.03`` for 21.63 — every draw), 5 as 3 (``2,940.03`` for 2,940.05; ``1.503.32`` for 1,503.52, draw Q) and
#: 3 as 8 (``833.22`` for 333.22, seed 002 on draw G)
_LOOKALIKE_PAIRS = frozenset(frozenset(p) for p in ("06", "35", "38", "56", "68", "08"))


def lookalike_digits(raw: str, value: str) -> bool:
    """Whether printed ``raw`` is the positive ``value`` with one or two digits misread as digits their glyphs
    resemble (``_LOOKALIKE_PAIRS``), every other character as printed and the point in its place — a face's
    misread repeats (czj's 6 read 0 in a row's every cell), so two in one figure happen; more are no reading. As
    with ``lost_digits``, only a figure printed elsewhere and confirmed by the identities can say which value is
    meant."""
    printed = normalize_value(raw)
    if printed is None or printed.startswith("-") or len(printed) != len(value):
        return False
    if len(value.replace(".", "").lstrip("0")) < 4:
        return False  # (a figure of three digits or fewer has too many look-alikes: 0.88 for 0.08, 0.80, 0.38 …)
    pairs = [(a, b) for a, b in zip(printed, value, strict=True) if a != b]
    return 0 < len(pairs) <= 2 and all(frozenset(pair) in _LOOKALIKE_PAIRS for pair in pairs)


def lookalike_readings(raw: str) -> list[str]:
    """The values printed ``raw`` reads as with one or two digits swapped for a look-alike (``_LOOKALIKE_PAIRS``):
    every value ``lookalike_digits`` would accept for it — the candidates where no figure printed elsewhere is
    the value itself, only a rounding of it (table 05 prints czj's 208 as 326.72, table 01 ``320.71`` for
    326.71). Only a candidate: an identity must confirm it."""
    printed = normalize_value(raw)
    if printed is None or printed.startswith("-") or len(printed.replace(".", "").lstrip("0")) < 4:
        return []
    swaps = [[b for pair in _LOOKALIKE_PAIRS if ch in pair for b in pair if b != ch] for ch in printed]
    out: set[str] = set()
    for i, j in itertools.combinations_with_replacement(range(len(printed)), 2):
        for a in swaps[i]:
            for b in swaps[j] if j != i else [None]:
                chars = list(printed)
                chars[i] = a
                if b is not None:
                    chars[j] = b
                if chars[0] != "0" or chars[1:2] == ["."]:
                    out.add("".join(chars))
    return sorted(out)


def lost_digits(raw: str, value: str) -> bool:
    """Whether printed ``raw`` is the positive ``value`` with one or two digits the OCR dropped (a thin digit:
    ``398.98`` printed ``39.8``), the rest in order on their sides of the point (a print without a point keeps
    the digits of either side). Which value is meant the printed text cannot say — only a figure printed
    elsewhere, confirmed by the identities, can (the readers' ``_lost_digits``)."""
    printed = normalize_value(raw)
    whole, _, part = value.partition(".")
    if printed is None or not (whole + part).isdigit() or printed.startswith("-") or not value.strip("0."):
        return False
    p_whole, point, p_part = printed.partition(".")
    if len(whole) + len(part) - len(p_whole) - len(p_part) not in (1, 2):
        return False
    if point:
        return in_order(p_whole, whole) and in_order(p_part, part)
    return in_order(p_whole, whole + part)


def added_digit(raw: str, value: str) -> bool:
    """Whether printed ``raw`` is the positive ``value`` with one digit the OCR added to its whole part (a speck
    or a ruling read as a digit: ``13.97`` printed ``153.97``), its cents as printed — or to its cents, the whole
    part as printed (``2. 585`` and ``2.285`` for 2.85: three decimals where the table prints two, ghzy's 三公 row
    on tesseract's light scans of draws AK and U). As with ``lost_digits``, only a figure printed elsewhere and
    confirmed by the identities can say which value is meant."""
    printed = normalize_value(raw)
    whole, _, part = value.partition(".")
    if printed is None or printed.startswith("-") or not whole.isdigit() or not value.strip("0."):
        return False
    p_whole, _, p_part = printed.partition(".")
    if p_whole == whole and part and len(p_part) == len(part) + 1:
        return in_order(part, p_part)
    return p_part == part and len(p_whole) == len(whole) + 1 and in_order(whole, p_whole)


def changed_digit(raw: str, value: str, tenths: bool = True) -> bool:
    """Whether printed ``raw`` is the positive ``value`` with one digit of its whole part misread as another (3 read
    8: ``833.22`` for 333.22 beside it, seed 002's table 02 on tesseract's draw G), its cents as printed — or its
    tenths misread, the rest as printed (5 read 3: ``1.503.32`` for 1,503.52, czj's table 03, draw Q; a cent's
    difference is a rounding's, never a misread this says; ``tenths=False``: the whole part only). As with
    ``lost_digits``, only a figure printed elsewhere and confirmed by the identities can say which value is meant."""
    printed = normalize_value(raw)
    whole, _, part = value.partition(".")
    if printed is None or printed.startswith("-") or not whole.isdigit() or not value.strip("0."):
        return False
    p_whole, _, p_part = printed.partition(".")
    if len(p_part) != len(part) or p_part[1:] != part[1:] or len(p_whole) != len(whole):
        return False
    if p_part[:1] != part[:1]:  # its tenths misread (``1,503.32`` for 1,503.52): more than a rounding's cent
        return tenths and len(whole) + len(part) >= 4 and p_whole == whole
    return len(whole) >= 2 and differing(whole, p_whole) == 1


def dropped_digit(raw: str) -> list[str]:
    """The values printed ``raw`` reads as with one digit of its whole part taken out — the figures it may be
    when the OCR added that digit (``added_digit``: ``91.03`` printed ``910.03``), for a table whose identities
    fix the one figure a group lacks (table 06 printed side by side: ``301 = Σ 301xx``). A whole part of three
    digits or more only (a figure of one or two digits has no digit to spare); no leading zero made."""
    printed = normalize_value(raw)
    if printed is None or printed.startswith("-"):
        return []
    whole, point, part = printed.partition(".")
    if len(whole) < 3 or not whole.isdigit():
        return []
    out = [whole[:k] + whole[k + 1 :] for k in range(len(whole))]
    return list(dict.fromkeys(w + point + part for w in out if not w.startswith("0")))


def in_order(short: str, full: str) -> bool:
    """Whether ``short``'s characters appear in ``full`` in order, others between them (what OCR that drops
    characters leaves of a figure or a code)."""
    rest = iter(full)
    return all(ch in rest for ch in short)
