"""Text helpers every reader shares: how labels fold into keys and what a printed number looks like.

They live once, here, below the reading stages (segment, readers, llm backend and checks all use them), so a
label is folded and a number recognised the same way wherever it is read.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import ne

#: A plain decimal as the clean view prints it (spaced OCR numbers and thousands separators already joined).
NUM = r"-?\d+(?:\.\d+)?"
NUMBER = re.compile(NUM)
#: An amount with a decimal part, as money is printed in the tables.
DECIMAL = re.compile(r"-?\d+\.\d+")
CJK = re.compile(r"[\u4e00-\u9fff]")

CN_DIGITS = "一二三四五六七八九十"
#: what OCR prints after a Chinese ordinal: its 、, or a full stop, a point or a middle dot for it
CN_ORDINAL_MARKS = "、.．·。"
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
#: Ordinal prefixes of a label: 一、 / 十二、 / 1、 / 1. / (1) / （一） / 其中: — possibly several; a bare 、 is
#: an ordinal whose numeral OCR lost (``、一般公共服务支出``): no label starts with one; OCR reads 、 as . or ·
#: or 。 too (``六.科学技术支出``, ``十二·农林水支出``, ``十二。农林水支出``).
_PREFIX = re.compile(
    rf"^(?:其中\s*[:：]?\s*)?(?:[{CN_DIGITS}]{{0,3}}\s*、|[{CN_DIGITS}]{{1,3}}\s*[.．·。](?![\d.．·。])|\d{{1,2}}\s*[、.．](?!\d)|[(（]\s*(?:\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s*[)）]|其中\s*[:：]?)\s*"
)
BLANK_MARKS = frozenset({"", "-", "—", "--", "/", "－", "——", "…"})
#: The two narrative keys one printed figure states together (``收、支总计均为741.64万元``), and that statement as
#: it ends right before the figure (not 财政拨款收、支总计, another key): one printed number, two facts.
BOTH_TOTALS = frozenset({"收入总计", "支出总计"})
BOTH_TOTALS_PRINTED = re.compile(r"(?<!拨款)收入?、?\s*支出?总计\s*(?:[:：]\s*)?(?:均为|为|是)?\s*$")


#: whitespace (every character ``str.isspace`` knows; the last is U+3000) and quotes dropped, parentheses halved
#: (angle brackets OCR engines read for parentheses too — ``因公出国〈境》费``: a key never holds a book title)
_SPACE_CHARS = [chr(i) for i in range(0x3001) if chr(i).isspace()]
_KEY_TABLE = str.maketrans(
    {
        **dict.fromkeys([*_SPACE_CHARS, *"\"'“”‘’「」『』"]),
        "（": "(",
        "）": ")",
        "〈": "(",
        "《": "(",
        "〉": ")",
        "》": ")",
    }
)


#: text up to this long (a label, a token) is folded through a cache; longer text (a whole table) is not, so the
#: caches stay small (at most a few MB) however long the reports
_CACHED = 200


def key_text(text: str) -> str:
    """Text as keys are compared: no whitespace, no quotes, half-width parentheses."""
    return _key_text(text) if len(text) <= _CACHED else text.translate(_KEY_TABLE)


@lru_cache(maxsize=4096)
def _key_text(text: str) -> str:
    """``key_text`` of a short text, cached: segment, the readers and the checks fold the same few hundred labels
    and tokens tens of thousands of times per report, and ``str.translate`` with a table is slow on CJK text."""
    return text.translate(_KEY_TABLE)


def strip_label(text: str) -> str:
    """A row label without ordinal prefixes (``一、``, ``1、``, ``其中:(1)``), spaces or quotes."""
    return _strip_label(text) if len(text) <= _CACHED else _stripped(text)


@lru_cache(maxsize=4096)
def _strip_label(text: str) -> str:
    """``strip_label`` of a short text, cached (as ``_key_text``: the table readers ask for every token of a table
    at each row start)."""
    return _stripped(text)


def _stripped(text: str) -> str:
    key = key_text(text)
    for _ in range(3):
        stripped = _PREFIX.sub("", key)
        if stripped == key:
            break
        key = stripped
    return key


def is_number(text: str) -> bool:
    """A plain decimal (the clean view has already folded widths and joined spaced digits)."""
    return bool(NUMBER.fullmatch(text.strip()))


def strip_quotes(name: str) -> str:
    """Names are keyed without quote marks (spec: rows compare with quotes removed)."""
    return _QUOTES.sub("", name).strip()


def differing(a: str, b: str) -> int:
    """Characters that differ at the same positions of ``a`` and ``b`` (of one length): a title's misread
    characters, a code's or a figure's misread digit. map/ne runs in C: it is asked for every title variant of
    every line that holds 表."""
    return sum(map(ne, a, b))
