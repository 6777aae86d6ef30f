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

from extractor.keys import CN_DIGITS, NUM, strip_quotes
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

    Falls back to the whole text when no such heading exists.
    """
    candidates = [(e - s, s, e) for s, e, h in parts(doc) if "情况说明" in h]
    if not candidates:
        return 0, len(doc.text.clean)
    _, start, end = max(candidates)
    return start, end


def glossary_ranges(doc: Document) -> list[tuple[int, int]]:
    """The 名词解释 parts: definitions, never statements of this year's figures."""
    return [(s, e) for s, e, h in parts(doc) if "名词解释" in h]


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
_FIGURES_LINE = re.compile(rf"\s*{_FIGURE.pattern}(?:\s+{_FIGURE.pattern})*\s*")
#: the space a moved figure leaves: between words or marks, never after a bracketed ordinal (``(一) 收入``)
_FIGURE_GAP = re.compile(r"(?<=[\u4e00-\u9fff，。；：、,;:]) (?=[\u4e00-\u9fff，。；：、,;:%])")


def _with_figures_put_back(lines: list[tuple[int, str]]) -> Iterator[tuple[int, int, str, list[int]]]:
    """(start, end, stripped text, clean offset of each character) of each prose line. A converter that
    puts a line's digits on a line of their own (pdfplumber, where the digits sit a little lower than the
    words: ``…财政局 年度收入支出总计 万元。与 年度相比`` / ``2024 2995.39 2023``) leaves a space where each
    figure was: when the spaces and the figures below are as many, each figure is read back in its place, its
    characters mapped to where they are printed."""
    k = 0
    while k < len(lines):
        pos, line = lines[k]
        body = line.rstrip("\r\n\f\v")
        lead = len(body) - len(body.lstrip())
        text = body.strip()
        offsets = list(range(pos + lead, pos + lead + len(text)))
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if nxt is not None and _FIGURES_LINE.fullmatch(nxt[1].rstrip("\r\n\f\v")):
            gaps = [(g.start(), g.end()) for g in _FIGURE_GAP.finditer(text)]
            figures = list(_FIGURE.finditer(nxt[1]))
            if lead and len(figures) == len(gaps) + 1:
                gaps.insert(0, (0, 0))  # the line's first figure: the space before its words
            if gaps and len(figures) == len(gaps):
                merged, mapped, at = "", [], 0
                for (g0, g1), fig in zip(gaps, figures, strict=True):
                    merged += text[at:g0] + fig.group()
                    mapped += offsets[at:g0] + list(range(nxt[0] + fig.start(), nxt[0] + fig.end()))
                    at = g1
                yield pos, nxt[0] + len(nxt[1].rstrip("\r\n\f\v")), merged + text[at:], mapped + offsets[at:]
                k += 2
                continue
        yield pos, pos + len(body), text, offsets
        k += 1


def headings_at(doc: Document, pos: int) -> str:
    """Every section heading enclosing ``pos``, outermost first, joined: what the text there is about."""
    enclosing = [s for s in doc.sections if s.start <= pos < s.end]
    enclosing.sort(key=lambda s: (s.level, s.start))
    return " / ".join(s.heading for s in enclosing)
