"""Columns another table says are blank in a code table's 合计 row are blank in every row.

Seed 003's table 02 as tesseract printed it from the light scan of draw K: four rows damaged (``211.58  2 58``,
``向52D | LT5 交``, ``9.32  8532``, ``555  15.53``) are left out of the identities as misread, and with them the
chain 合计 = Σ 类 = Σ 款 = Σ 项 that blanks a column in every row — so every other row's second figure was left
between six columns (0 of 46 read). Table 01 says 上级补助收入 … 其他收入 are blank in table 02's 合计 row; no figure
is negative, so they are blank in every row, and each row's two figures fill 本年收入合计 and 财政拨款收入. The
second document is seed 002's table 02 in tesseract's text of another rendering (`tests/data`), whose 2080801 and
2210201 rows were damaged the same way. Both texts committed as tesseract printed them.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_skew_rows import Values, _read_copy

DATA = Path(__file__).resolve().parent / "data"
TABLE = {"income"}


def _income(tmp_path: Path, name: str, doc: str) -> tuple[Values, Values]:
    return _read_copy(tmp_path, DATA / name, doc, TABLE)


def test_blank_columns_of_the_total_row_are_blank_in_every_row(tmp_path: Path) -> None:
    read, gold = _income(tmp_path, "blank_columns_s13/K_tesseract_seed003_light.txt", "003_9ee8868df83b9797")
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert len(read) >= 34, len(read)
    assert {col for _, _, col in read} == {"本年收入合计", "财政拨款收入"}


def test_second_document(tmp_path: Path) -> None:
    read, gold = _income(tmp_path, "tesseract_seed002_light.txt", "002_846b8c47d01900a7")
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert read[("income", "2210201", "财政拨款收入")] == "61.57"
    assert read[("income", "2080801", "本年收入合计")] == "19.21"
