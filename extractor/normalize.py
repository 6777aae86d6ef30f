"""normalize: ``Source`` → ``Text``, a clean view of the report plus a map back to the original.

Later stages read the clean view; every span they compute there is mapped back through ``Text.span``
to the exact original characters, so a reviewer always sees what the file really says.

Repairs, in order (each keeps the offset map exact — characters are only dropped or replaced one for
one, never invented):
1. markup that is not content: Word bookmarks ``[bookmark: _Toc…]``, ``[image: …]`` residue, HTML-ish
   tags (``<b>``, ``<p>``, ``<u>``), markdown heading marks and ``**`` bold marks;
2. full-width letters, digits and punctuation folded to ASCII (``１２．５`` → ``12.5``, ``（`` → ``(``),
   except the full-width comma and semicolon, which separate clauses in Chinese prose;
3. numbers the OCR spaced out: ``1, 903. 01`` → ``1903.01``, ``0. 00`` → ``0.00``, ``248,305`` → ``248305``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from extractor.ingest import Source


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
    re.compile(r"</?(?:b|p|u|i|em|strong|span|br|div|font|sup|sub|td|tr|th|table)\b[^<>\n]{0,80}>", re.I),
    re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+"),
    re.compile(r"\*\*"),
]

_KEEP_FULLWIDTH = {"，", "；"}

# 1, 903. 01 | 248,305 | 1903. 01 | 0. 00 — only where digits sit on both sides of the separator.
_SPACED_NUMBER = re.compile(
    r"(?<![\d.])\d{1,3}(?: ?, ?\d{3})+(?: ?\. ?\d+)?(?![\d,])"  # thousands groups, maybe a fraction
    r"|(?<![\d.])\d+(?: \. ?| ?\. )\d+(?![\d.])"  # a decimal point with a space beside it
)
_NUMBER_CHARS = set("0123456789.-")


def normalize(source: Source | str) -> Text:
    """Build the clean view of ``source`` with an exact offset map."""
    original = source.text if isinstance(source, Source) else source
    text, offsets = original, list(range(len(original)))
    for pattern in _MARKUP:
        text, offsets = _drop(text, offsets, pattern)
    text = _fold_width(text)
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


def _fold_width(text: str) -> str:
    return text.translate(_FOLD)


def _drop(text: str, offsets: list[int], pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """Remove every match of ``pattern``, keeping the offsets of what remains."""
    return _rewrite(text, offsets, pattern, lambda ch: False)


def _join_numbers(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Squeeze spaces and thousands separators out of numbers; digits keep their own offsets."""
    return _rewrite(text, offsets, _SPACED_NUMBER, _NUMBER_CHARS.__contains__)


def _rewrite(
    text: str, offsets: list[int], pattern: re.Pattern[str], keep: Callable[[str], bool]
) -> tuple[str, list[int]]:
    """Within each match of ``pattern`` keep only the characters ``keep`` accepts, with their offsets."""
    out: list[str] = []
    out_off: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(text[pos : m.start()])
        out_off.extend(offsets[pos : m.start()])
        for i in range(m.start(), m.end()):
            if keep(text[i]):
                out.append(text[i])
                out_off.append(offsets[i])
        pos = m.end()
    if pos == 0:
        return text, offsets
    out.append(text[pos:])
    out_off.extend(offsets[pos:])
    return "".join(out), out_off


# ---------------------------------------------------------------------------------------------
# Value normalization, as the facts spec defines it: what a printed number means as a plain decimal.

_VALUE_JUNK = re.compile(r"[\s,，%％]")
_PLAIN_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")


def normalize_value(raw: str) -> str | None:
    """``1, 903. 01`` → ``1903.01``; ``１２．５`` → ``12.5``; ``100%`` → ``100``. None if not a number."""
    folded = _fold_width(raw).replace("，", ",")
    plain = _VALUE_JUNK.sub("", folded)
    if plain.startswith("+"):
        plain = plain[1:]
    return plain if _PLAIN_DECIMAL.fullmatch(plain) else None
