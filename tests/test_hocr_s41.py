"""hOCR, ALTO and tesseract's TSV (forty-first stop): ``tesseract page.png out hocr`` / ``… alto`` / ``… tsv`` —
the engine's words with their boxes: in hOCR each word a ``<span class='ocrx_word'>`` on a line of its own in the
markup, each text line an ``ocr_line``; in ALTO each word an attribute (``<String … CONTENT="收入"/>``), each line
a ``TextLine``; in TSV each word a row of its page, block, paragraph, line and box numbers, the word last.

Read with its tags dropped, every word stood on a line of its own (``收入`` / ``决算`` / ``表``): no title was
found, and the file was refused as no report. Now each ``ocr_line`` is a line, its words joined as tesseract's
own text joins them (no space where the boxes nearly touch, a run of spaces across a column's gap), and a figure
the engine read as two words (``9746.`` / ``50``) is one figure whose span holds the tags between them.
ALTO read so left nothing at all, and TSV was a grid of box numbers (refused too). ``tests/data/hocr_s41`` holds
both corpus reports' table pages (200 dpi renders) as tesseract 5.3 printed them in hOCR, ALTO, TSV (gzipped) and
plain text: each reads every value the plain text reads."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from extractor.normalize import normalize, reads_as, without_markup
from extractor.pipeline import process
from tests.test_ocr_s18 import CZJ, GHZY, ROOT

DATA = ROOT / "tests" / "data" / "hocr_s41"
NAMES = {CZJ: "czj_tables_200dpi", GHZY: "ghzy_tables_200dpi"}


def _file(tmp_path: Path, doc: str, suffix: str) -> Path:
    """The fixture as the engine wrote it (the markup is stored gzipped)."""
    src = DATA / f"{NAMES[doc]}.{suffix}"
    path = tmp_path / f"{doc}.{suffix}"
    packed = src.with_name(src.name + ".gz")
    path.write_bytes(src.read_bytes() if src.exists() else gzip.decompress(packed.read_bytes()))
    return path


def _read(tmp_path: Path, doc: str, suffix: str) -> tuple[dict[tuple[str, str, str], str], str]:
    path = _file(tmp_path, doc, suffix)
    res = process(path)
    text = res.source.text
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)
    return {(f.table, f.row, f.col): f.value for f in res.facts if f.table != "narrative"}, text


@pytest.mark.parametrize("doc", [CZJ, GHZY])
@pytest.mark.parametrize("suffix", ["hocr", "alto.xml", "tsv"])
def test_hocr_alto_and_tsv_read_what_the_engines_plain_text_reads(tmp_path: Path, doc: str, suffix: str) -> None:
    marked, _ = _read(tmp_path, doc, suffix)
    plain, _ = _read(tmp_path, doc, "txt")
    assert len(plain) > 100 and marked == plain


@pytest.mark.parametrize(
    ("suffix", "row", "value", "between"),
    [
        ("hocr", "合计", "9746.50", "ocrx_word"),  # ``9746.`` and ``50``: two words, two tags
        ("alto.xml", "208", "754.75", "CONTENT="),  # ``754.`` and ``75``: two Strings, the value in two attributes
        ("tsv", "合计", "9746.50", "\t1\t"),  # two word rows
    ],
)
def test_a_figure_split_into_two_words_is_one_figure_at_its_span(
    tmp_path: Path, suffix: str, row: str, value: str, between: str
) -> None:
    _values, text = _read(tmp_path, GHZY, suffix)
    res = process(tmp_path / f"{GHZY}.{suffix}")
    [fact] = [f for f in res.facts if (f.table, f.row, f.col) == ("income", row, "本年收入合计")]
    assert fact.value == value and fact.span is not None
    printed = text[fact.span[0] : fact.span[1]]
    assert between in printed and without_markup(printed) == value
    if suffix == "alto.xml":  # the span opens inside the first word's attribute
        assert text[fact.span[0] - len('CONTENT="') : fact.span[0]] == 'CONTENT="'


def test_hocr_lines_join_their_words_as_the_engine_prints_them(tmp_path: Path) -> None:
    clean = normalize(_file(tmp_path, CZJ, "hocr").read_text(encoding="utf-8")).clean
    lines = [line.strip() for line in clean.splitlines() if line.strip()]
    assert lines[0] == "收入决算表"  # three words, their boxes nearly touching
    assert not any("<" in line or "ocr_" in line for line in lines)  # no markup, no head (``<meta …/>``)
    assert any(line.startswith("221") and "住房保障支出" in line and line.endswith("445.69") for line in lines)
