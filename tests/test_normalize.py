"""normalize: OCR artefacts are repaired and every clean span maps back to the exact original text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalize import normalize, normalize_value


def _numbers(text: str) -> list[tuple[str, str]]:
    t = normalize(text)
    return [(m.group(), t.original_slice(m.start(), m.end())) for m in re.finditer(r"\d+(?:\.\d+)?", t.clean)]


def test_ocr_spaced_numbers_are_joined_and_map_back() -> None:
    assert _numbers("合计\t1, 903. 01\t0. 00万元") == [("1903.01", "1, 903. 01"), ("0.00", "0. 00")]


def test_thousands_separators_but_not_lists_or_years() -> None:
    assert _numbers("已支付248,305元")[0] == ("248305", "248,305")
    assert [n for n, _ in _numbers("2023,2024年")] == ["2023", "2024"]
    assert [n for n, _ in _numbers("1. 财政拨款收入")] == ["1"]


def test_full_width_digits_and_punctuation_fold() -> None:
    t = normalize("因公出国（境）费１２．５万元，合计")
    assert t.clean == "因公出国(境)费12.5万元，合计"  # the full-width comma stays: it separates clauses
    assert _numbers("１２．５") == [("12.5", "１２．５")]


def test_markup_is_removed() -> None:
    t = normalize("[bookmark: _Toc9743]第一部分\n## 收入决算表\n<b>本年收入合计</b>\t27\n**3. 科普**[image: a.emf]93%")
    assert t.clean == "第一部分\n收入决算表\n本年收入合计\t27\n3. 科普93%"


def test_value_normalization_follows_the_spec() -> None:
    assert normalize_value("1, 903. 01") == "1903.01"
    assert normalize_value("１２．５") == "12.5"
    assert normalize_value("100.00%") == "100.00"
    assert normalize_value("0.00") == "0.00"
    assert normalize_value("万元") is None


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 .,，。%<>b/p#*[]:_Tocbookmark\t\n万元（）１２．　收入")),
        max_size=200,
    )
)
def test_normalize_never_crashes_and_offsets_are_monotone(s: str) -> None:
    t = normalize(s)
    assert len(t.offsets) == len(t.clean)
    assert all(a < b for a, b in zip(t.offsets, t.offsets[1:], strict=False))
    assert all(0 <= o < len(s) for o in t.offsets)
    for i, ch in enumerate(t.clean):  # every clean character comes from its original character
        orig = s[t.offsets[i]]
        assert ch == orig or ch == normalize(orig).clean or (ch == " " and orig == "\u3000")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalize_any_unicode(s: str) -> None:
    t = normalize(s)
    assert len(t.offsets) == len(t.clean)
    if t.clean:
        start, end = t.span(0, len(t.clean))
        assert 0 <= start < end <= len(s)
