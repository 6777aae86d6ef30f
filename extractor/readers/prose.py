"""Shared helpers for the prose readers: where the prose is, and which section a position sits in.

Reports print the same figure in several places — the 情况说明 proper, the 名词解释 glossary, self-evaluation
appendices and the tables themselves. The readers need to know which of those a match came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractor.segment import Document

#: A plain decimal as the clean view prints it (spaced OCR numbers are already joined).
NUM = r"-?\d+(?:\.\d+)?"

_PART = re.compile(r"(?m)^[ \t]*第[一二三四五六七八九十\d]{1,3}部分[^\n]*$")


def parts(clean: str) -> list[tuple[int, int, str]]:
    """The report's top-level parts (第X部分 …) as ``(start, end, heading)``; TOC entries give tiny parts."""
    heads = [(m.start(), m.group().strip()) for m in _PART.finditer(clean)]
    out: list[tuple[int, int, str]] = []
    for i, (start, head) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(clean)
        out.append((start, end, head))
    return out


def explanation_region(doc: Document) -> tuple[int, int]:
    """The 情况说明 part: the largest part whose heading names it (the TOC repeats headings, with no body).

    Falls back to the whole text when no such heading exists.
    """
    clean = doc.text.clean
    candidates = [(e - s, s, e) for s, e, h in parts(clean) if "情况说明" in h]
    if not candidates:
        return 0, len(clean)
    _, start, end = max(candidates)
    return start, end


def glossary_ranges(doc: Document) -> list[tuple[int, int]]:
    """The 名词解释 parts: definitions, never statements of this year's figures."""
    return [(s, e) for s, e, h in parts(doc.text.clean) if "名词解释" in h]


def prose_lines(doc: Document, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Lines of ``[start, end)`` that are prose: not tab-separated table rows, not inside a found table."""
    clean = doc.text.clean
    pos = start
    for line in clean[start:end].splitlines(keepends=True):
        if "\t" not in line and line.strip() and not doc.in_table(pos):
            yield pos, line
        pos += len(line)


def headings_at(doc: Document, pos: int) -> str:
    """Every section heading enclosing ``pos``, outermost first, joined: what the text there is about."""
    enclosing = [s for s in doc.sections if s.start <= pos < s.end]
    enclosing.sort(key=lambda s: (s.level, s.start))
    return " / ".join(s.heading for s in enclosing)


def strip_quotes(name: str) -> str:
    """Project names are keyed without quote marks (spec: rows compare with quotes removed)."""
    return re.sub(r"[“”‘’\"'「」『』]", "", name).strip()
