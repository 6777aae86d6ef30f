"""A class label's Chinese ordinal, whatever mark OCR printed after it, numbers its 行次 (tables 01 and 04).

The label keys (``keys``) already read ``十二。农林水支出`` as 农林水支出; the 行次 rule must read the same ordinal
from it, or the row's 行次 goes unchecked while the row is keyed.
"""

from __future__ import annotations

import pytest

from extractor.keys import strip_label
from extractor.readers.tables import _ordinal


@pytest.mark.parametrize(
    ("label", "number"),
    [
        ("七、文化旅游体育与传媒支出", 7),
        ("十二。农林水支出", 12),
        ("二十一.粮油物资储备支出", 21),
        ("八·社会保障和就业支出", 8),
    ],
)
def test_an_ordinal_read_with_any_mark_numbers_its_row(label: str, number: int) -> None:
    assert _ordinal(label) == number
    assert strip_label(label)[0] not in "一二三四五六七八九十"  # and the key drops it alike


def test_no_ordinal_no_number() -> None:
    assert _ordinal("使用非财政拨款结余") is None
