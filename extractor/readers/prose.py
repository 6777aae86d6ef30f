"""Shared helpers for the prose readers: where the prose is, which section a position sits in, and a view of
the prose with wrapped lines joined.

Reports print the same figure in several places — the 情况说明 proper, the 名词解释 glossary, self-evaluation
appendices and the tables themselves. The readers need to know which of those a match came from.

Page text breaks sentences every 30–40 characters, sometimes inside a number or between a number and its
unit (``收入支出总计 4733.14`` / ``万元``). ``paragraphs`` joins such lines into one piece of text with a map
from every character back to the clean view (as normalize maps the clean view to the original), so a
statement reads the same however the page wrapped it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractor.keys import CN_DIGITS, NUM, differing, strip_label, strip_quotes
from extractor.segment import Document

__all__ = [
    "NUM",
    "Paragraph",
    "explanation_region",
    "glossary_ranges",
    "headings_at",
    "paragraphs",
    "parts",
    "prose_lines",
    "strip_quotes",
]


def parts(doc: Document) -> list[tuple[int, int, str]]:
    """The report's top-level parts (第X部分 …) as ``(start, end, heading)``; TOC entries give tiny parts.

    A part heading wrapped onto a short second line (``…2024年度部门决算`` / ``情况说明``) is read whole.
    """
    return [(s.start, s.end, s.heading) for s in doc.sections if s.level == 1]


def explanation_region(doc: Document) -> tuple[int, int]:
    """The 情况说明 part: the largest part whose heading names it (the TOC repeats headings, with no body).

    A heading read by OCR may misread a character of its name or lose the wrapped line that ends it
    (``…部门决算情况`` with its ``说明`` line gone): the largest such part is still the body, the TOC's entries
    being a line each. Falls back to the whole text when no such heading exists.
    """
    candidates = [(e - s, s, e) for s, e, h in parts(doc) if _names(h, "情况说明") or h.rstrip().endswith("情况")]
    if not candidates:
        return 0, len(doc.text.clean)
    _, start, end = max(candidates)
    return _printed_again(doc, start, end) or (start, end)


def _printed_again(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """Where the part ``[start, end)``'s own sections are printed again, with more text than the part holds: the
    body, when OCR garbled its part heading beyond naming (``于三部人一汪让首耻区史区国2024征度部门江生生`` for
    第三部分 …情况说明, czj's PDF by tesseract at 250 dpi) and the table of contents' entry was the only part
    left to name it — its headings with no text. From the first section matched to the end of the part that
    holds the last (the next 第X部分, e.g. 名词解释); two sections at least, in the order the entry lists them."""
    listed = [_heading_key(s.heading) for s in doc.sections if s.level == 2 and start <= s.start < end]
    later = [s for s in doc.sections if s.level == 2 and s.start >= end]
    matched, k = [], 0
    for s in later:
        key = _heading_key(s.heading)
        hit = next((j for j in range(k, len(listed)) if _same_heading(key, listed[j])), None)
        if hit is not None:
            matched.append(s)
            k = hit + 1
    if len(matched) < 2:
        return None
    outer = [p for p in doc.sections if p.level == 1 and p.start <= matched[-1].start < p.end]
    stop = outer[-1].end if outer else len(doc.text.clean)
    first = matched[0].start
    return (first, stop) if stop - first > end - start else None


def _heading_key(heading: str) -> str:
    """A heading's words, its ordinal (``strip_label``), spacing and punctuation dropped."""
    return re.sub(r"[^\u4e00-\u9fff]", "", strip_label(heading))


def _same_heading(a: str, b: str) -> bool:
    """Two printings of a section heading: equal but for a misread character or two, or one the other's start
    (a TOC entry cut at the page's dot leaders, a heading wrapped)."""
    if min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        return differing(a, b) <= 2
    return a.startswith(b) or b.startswith(a)


def glossary_ranges(doc: Document) -> list[tuple[int, int]]:
    """The 名词解释 parts: definitions, never statements of this year's figures."""
    return [(s, e) for s, e, h in parts(doc) if _names(h, "名词解释")]


def _names(heading: str, word: str) -> bool:
    """Whether ``heading`` prints ``word``, one of its characters possibly misread (OCR's ``名词解杰``)."""
    n = len(word)
    return any(differing(heading[i : i + n], word) <= 1 for i in range(len(heading) - n + 1))


def prose_lines(doc: Document, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Lines of ``[start, end)`` that are prose: not tab-separated table rows, not inside a found table."""
    clean = doc.text.clean
    pos = start
    for line in clean[start:end].splitlines(keepends=True):
        if "\t" not in line and line.strip() and not doc.in_table(pos):
            yield pos, line
        pos += len(line)


@dataclass(frozen=True)
class Paragraph:
    """Prose lines joined where the page wrapped them; ``offsets[i]`` is the clean offset of ``text[i]``."""

    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The clean-view span of ``text[start:end]`` (it may cover the line breaks the join removed)."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """The clean-view ranges ``text[start:end]`` was read from, in reading order: one per line it covers,
        and one per figure put back from the line below (``_with_figures_put_back``)."""
        out: list[tuple[int, int]] = []
        for pos in self.offsets[start:end]:
            if out and pos == out[-1][1]:
                out[-1] = (out[-1][0], pos + 1)
            else:
                out.append((pos, pos + 1))
        return out


_ITEM_START = re.compile(
    rf"^\s*(?:第[{CN_DIGITS}\d]+部分|[{CN_DIGITS}]{{1,3}}\s*、|[(（]\s*[{CN_DIGITS}\d]{{1,3}}\s*[)）]|\d{{1,2}}\s*[、.．](?!\d)|[-•·]\s)"
)
_SENTENCE_END = ("。", "；", ";", "！", "？", ":", "：")
_MAX_PARAGRAPH = 4000


def paragraphs(doc: Document, start: int, end: int) -> Iterator[Paragraph]:
    """The prose of ``[start, end)`` as paragraphs: a line continues the previous one unless the previous
    ended a sentence, the line starts a numbered heading or item, a blank line or a table lies between, or
    the paragraph grew very long."""
    text: list[str] = []
    offsets: list[int] = []
    last_end = -1
    region = doc.text.clean[start:end]
    blank = len(re.findall(r"\n[ \t\f\r]*(?=\n)", region))
    # a converter that double-spaces every line (pdftotext -layout) puts a blank line inside paragraphs too
    breaks = 2 if blank > 0.35 * max(1, region.count("\n")) else 1
    for pos, line_end, body, body_offsets in _with_figures_put_back(list(prose_lines(doc, start, end))):
        gap = doc.text.clean[last_end:pos] if last_end >= 0 else ""
        joined = (
            text
            and gap.count("\n") <= breaks
            and not text[-1].endswith(_SENTENCE_END)
            and not _ITEM_START.match(body)
            and len(offsets) < _MAX_PARAGRAPH
        )
        if text and not joined:
            yield Paragraph("".join(text), tuple(offsets))
            text, offsets = [], []
        text.append(body)
        offsets.extend(body_offsets)
        last_end = line_end
    if text:
        yield Paragraph("".join(text), tuple(offsets))


_FIGURE = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")
#: what a converter that keeps columns may print below the words besides figures: quotation marks (``“三公”``)
_BELOW = re.compile(rf"{_FIGURE.pattern}|[“”‘’]")
_BELOW_LINE = re.compile(rf"\s*(?:{_BELOW.pattern})(?:\s+(?:{_BELOW.pattern}))*\s*")
#: the space a moved figure leaves: between words or marks, never after a bracketed ordinal (``(一) 收入``)
_FIGURE_GAP = re.compile(r"(?<=[\u4e00-\u9fff，。；：、,;:]) (?=[\u4e00-\u9fff，。；：、,;:%])")
_SPACES = re.compile(r" +")
#: a line that opens with a unit or a clause mark lost the figure before it
_LOST_FIRST = re.compile(r"万?元|%|％|[，。；、]")

Gap = tuple[int, int]  # the ``[start, end)`` of ``text`` a figure replaces


def _with_figures_put_back(lines: list[tuple[int, str]]) -> Iterator[tuple[int, int, str, list[int]]]:
    """(start, end, stripped text, clean offset of each character) of each prose line. A converter that
    puts a line's digits on a line of their own (pdfplumber, where the digits sit a little lower than the
    words: ``…财政局 年度收入支出总计 万元。与 年度相比`` / ``2024 2995.39 2023``) leaves a gap where each
    figure was; each figure is read back into its gap (``_gaps_by_column``, ``_gaps_by_count``), its
    characters mapped to where they are printed."""
    k = 0
    while k < len(lines):
        pos, line = lines[k]
        body = line.rstrip("\r\n\f\v")
        lead = len(body) - len(body.lstrip())
        text = body.strip()
        offsets = list(range(pos + lead, pos + lead + len(text)))
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        below = nxt[1].rstrip("\r\n\f\v") if nxt is not None else ""
        if nxt is not None and _BELOW_LINE.fullmatch(below) and _FIGURE.search(below):
            figures = list(_BELOW.finditer(below))
            if nxt[0] == pos + len(line) and below[:1].isspace():  # right below, at columns: by column only
                gaps = _gaps_by_column(body, lead, figures)
            else:
                gaps = _gaps_by_count(text, lead, figures)
            if gaps:
                merged, mapped, at = "", [], 0
                for (g0, g1), fig in zip(gaps, figures, strict=True):
                    merged += text[at:g0] + fig.group()
                    mapped += offsets[at:g0] + list(range(nxt[0] + fig.start(), nxt[0] + fig.end()))
                    at = g1
                yield pos, nxt[0] + len(below), merged + text[at:], mapped + offsets[at:]
                k += 2
                continue
        yield pos, pos + len(body), text, offsets
        k += 1


def _gaps_by_count(text: str, lead: int, figures: list[re.Match[str]]) -> list[Gap] | None:
    """Text that keeps no columns (``extract_text()``): the single spaces between words, when they and the
    figures below are as many (the first figure of a line that is indented or opens with a unit or a clause
    mark — ``万元，占 ；`` / ``603.14 20.51%`` — goes before its words)."""
    gaps = [(g.start(), g.end()) for g in _FIGURE_GAP.finditer(text)]
    if (lead or _LOST_FIRST.match(text) or figures[0].group() in "“‘") and len(figures) == len(gaps) + 1:
        gaps.insert(0, (0, 0))  # the line's first figure: the space before its words
    return gaps if gaps and len(figures) == len(gaps) else None


def _gaps_by_column(body: str, lead: int, figures: list[re.Match[str]]) -> list[Gap] | None:
    """Text that keeps columns (``extract_text(layout=True)``, the next line right below): each figure goes
    into the run of spaces above which it starts — the run's end included (the words before a gap print
    wider than their columns, so the gap's start lags and a figure may start where the next word does); before
    an indented line's words or after its last. Only when every figure falls under a gap and no gap takes two
    (a table's row puts several figures under one label's gap, or a figure under a word)."""
    text_end = len(body.rstrip())
    runs = [(m.start(), m.end()) for m in _SPACES.finditer(body, lead, text_end)]
    cols = [(0, lead), *runs, (text_end, max(len(body), figures[-1].end()))]
    taken: list[int] = []
    for fig in figures:
        under = [i for i, (s, e) in enumerate(cols) if s <= fig.start() <= e]
        if len(under) != 1 or (taken and under[0] <= taken[-1]):
            return None
        taken.append(under[0])
    last = len(cols) - 1
    return [(0, 0) if i == 0 else (text_end - lead,) * 2 if i == last else (cols[i][0] - lead, cols[i][1] - lead)
            for i in taken]  # fmt: skip


def headings_at(doc: Document, pos: int) -> str:
    """Every section heading enclosing ``pos``, outermost first, joined: what the text there is about."""
    enclosing = [s for s in doc.sections if s.start <= pos < s.end]
    enclosing.sort(key=lambda s: (s.level, s.start))
    return " / ".join(s.heading for s in enclosing)
