"""Table 06 whose figures its text does not tie to rows by position (ninth stop).

ghzy prints table 06 as two columns of whole codes (301 / 303 left, 302 / 310 right). RapidOCR's text of a heavily
skewed scan (one box per line) lists a printed line's boxes by their tops, so the two columns' figures interleave
in no order the text tells (``30101 基本工资 440.90 537.64 30201``: 440.90 is 302's; ``30103 奖金 987.86``: 30102's),
and rows rebuilt from the same boxes print a row's code, name and figure on different lines (``30205 0.08`` over
``水费 0.92``: 0.08 is 30204's). Read by position, 30103 = 987.86 (plain) and 30205 = 0.08, 30217 = 1.21, 30308 =
19.16 (rows rebuilt) went out wrong, each under a group sum that holds as well with two figures swapped. Now such
a table (``_displaced``) reads a figure only where its row is tied — a total an identity confirms, a row among
rows of its own column — or where every way of giving each column's figures to its rows in order, the identities
holding, gives the row the same value (``_merged_columns``); the rest is unread with its printed text.
The excerpts are RapidOCR's real text of draw F (heavy), plain and rows rebuilt, and of an earlier draw (plain).
"""

from __future__ import annotations

from pathlib import Path

from extractor.normalize import reads_as
from extractor.pipeline import DocResult, process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).parent / "data"
GHZY = "shanghai_putuo_ghzy_2024"
TABLE = "basic_by_economic"
COL = "决算数"


def _run(tmp_path: Path, excerpt: str) -> tuple[DocResult, str]:
    text = (DATA / excerpt).read_text(encoding="utf-8")
    path = tmp_path / f"{GHZY}.txt"
    path.write_text(text, encoding="utf-8")
    return process(path), text


def _none_wrong(res: DocResult, text: str) -> dict[str, str]:
    """Row → value read; every one golden, every span printing its value."""
    read, gold = _read(res, {TABLE}), _golden(GHZY, {TABLE})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.table == TABLE and f.span)
    return {row: v for (_, row, _), v in read.items()}


def _claims(res: DocResult) -> set[str | None]:
    return {u.claim for u in res.extraction.unread if u.table == TABLE or (u.what or "").startswith(TABLE)}


def test_plain_text_interleaved_columns_are_read_by_their_orders(tmp_path: Path) -> None:
    """Draw F, plain: 63 of 67 values (30 of the 33 non-zero), none wrong; before 23 with 30103 = 987.86 wrong and
    30199 = 0.00 (481.23, printed after 303's name). Left unread: 30231 and 30239 (0.00 and 33.50 print between
    them and either way holds), and the totals, printed after the table's note or not at all."""
    res, text = _run(tmp_path, "merged_columns_s9/rapidocr_ghzy_06_f_heavy.txt")
    read = _none_wrong(res, text)
    assert read["30102"] == "987.86" and read["30103"] == "0.00"
    assert read["30101"] == "537.64" and read["302"] == "440.90" and read["30201"] == "84.62"
    assert read["30199"] == "481.23" and read["303"] == "67.96"
    assert len(read) == 63
    assert "30239" not in read and "33.50" in _claims(res)


def test_the_same_on_another_draw(tmp_path: Path) -> None:
    """An earlier draw's plain text of the same page (``tests/data/rapidocr_ghzy_heavy_06.txt``): every row's value
    (65), none wrong; before 11 (its other figures unread)."""
    res, text = _run(tmp_path, "rapidocr_ghzy_heavy_06.txt")
    read = _none_wrong(res, text)
    assert set(read) >= {k for (_, k, _) in _golden(GHZY, {TABLE}) if k.isdigit()}


def test_rows_rebuilt_figures_of_the_rows_beside_are_unread_not_wrong(tmp_path: Path) -> None:
    """Draw F, rows rebuilt: 0.08 (30204's, printed after 30205's code), 1.21 (30216's, after 30217's) and 19.16
    (30227's, after 助学金) went to the row beside them under a sum that holds either way; then unread with their
    prints, a row's code lost (``30114 30212 因公出国（境）费用``). Since session 11 that code is its row (the code
    of another group after it: ``_after_own_class``), so the columns' orders are searched, and they give 30205,
    30217 and 30308 their own figures (the rows the ways disagree on — 30204, 30216, 30227 — still unread, with
    their prints)."""
    res, text = _run(tmp_path, "merged_columns_s9/rapidocr_rows_ghzy_06_f_heavy.txt")
    read = _none_wrong(res, text)
    assert read["30205"] == "0.92" and read["30217"] == "0.39" and read["30308"] == "0.00"
    assert "30204" not in read and {"0.08", "1.21", "19.16"} <= _claims(res)
    assert read["31002"] == "39.76"
