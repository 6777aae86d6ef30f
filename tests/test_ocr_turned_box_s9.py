"""RapidOCR text of draw G's scans (ninth stop): table 02 (收入决算表) lost to a box turned upside down or to one
character read as 。.

* Seed 003's row 2089999 (其他社会保障和就业支出, 0.98 0.98): on the light scan its code's box was turned by the
  engine's text-direction classifier — ``6666802`` — so the row was unknown, 208 = Σ 款 and 合计 = Σ 类 were
  dropped and the whole 财政拨款收入 column (23 figures) was open; on the heavy scan its figure's box was turned —
  ``86°0``, the point, turned to the top of the line, read as a degree sign — and the row was unread. Read
  backwards with 6 and 9 trading places, ``6666802`` is 2089999, a code of the row's printed name under the 20899
  above it; ``86°0`` is 0.98, which 20899 = 2089999 and the row's own sum confirm.
* Seed 002's row 20808 (抚恤): on the heavy scan ``抚。`` — 恤 read as 。 — was taken for the end of a sentence,
  which ended the table there: all 54 figures unread. A 。 after a lone character ends no sentence.

Each excerpt is the engine's text (plain and rows rebuilt by position) of tables 01 and 02 as written (seed 003
heavy plain: and 04, whose figures anchor the 财政拨款收入 column where table 01's total is misread ``21°164``),
checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import ocr_readings, turned_code, turned_readings
from extractor.segment import _prose
from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _golden, _read_right

S002 = "002_846b8c47d01900a7"
S003 = "003_9ee8868df83b9797"
INCOME = {"income"}


@pytest.mark.parametrize(
    ("doc", "name"),
    [
        (S003, "rapidocr_seed003_light_01_02_drawG.txt"),  # ``6666802`` / ``其他社会保障和就业支出``
        (S003, "rapidocr_rows_seed003_light_01_02_drawG.txt"),  # ``6666802 其他社会保障和就业支出 0.98 0.98``
        (S003, "rapidocr_seed003_heavy_01_02_04_drawG.txt"),  # ``2089999`` / … / ``86°0`` / ``0.98``
        (S003, "rapidocr_rows_seed003_heavy_01_02_drawG.txt"),
        (S002, "rapidocr_seed002_heavy_01_02_drawG.txt"),  # ``20808`` / ``抚。`` / ``19.21``
        (S002, "rapidocr_rows_seed002_heavy_01_02_drawG.txt"),  # ``20808 抚。 19.21 19.21``
    ],
)
def test_income_table_reads_whole(tmp_path: Path, doc: str, name: str) -> None:
    """Every value of table 02 read, none wrong, each at its print."""
    text, res = _extract(tmp_path, doc, f"turned_box_s9/{name}")
    read = _read_right(res, text, doc, INCOME, 1.0)
    assert read == _golden(doc, INCOME)


@pytest.mark.parametrize(
    "name", ["rapidocr_seed003_light_01_02_drawG.txt", "rapidocr_rows_seed003_light_01_02_drawG.txt"]
)
def test_turned_code_is_read_back(tmp_path: Path, name: str) -> None:
    """The row printed ``6666802`` is 2089999, its figures at their print."""
    text, res = _extract(tmp_path, S003, f"turned_box_s9/{name}")
    facts = [f for f in res.facts if f.table == "income" and f.row == "2089999"]
    assert {f.col: f.value for f in facts} == {"本年收入合计": "0.98", "财政拨款收入": "0.98"}
    assert all(f.span is not None and text[f.span[0] : f.span[1]] == "0.98" for f in facts)


@pytest.mark.parametrize(
    "name", ["rapidocr_seed003_heavy_01_02_04_drawG.txt", "rapidocr_rows_seed003_heavy_01_02_drawG.txt"]
)
def test_turned_figure_keeps_its_print(tmp_path: Path, name: str) -> None:
    """0.98 read from ``86°0``: the fact's span is the printed text."""
    text, res = _extract(tmp_path, S003, f"turned_box_s9/{name}")
    prints = {text[f.span[0] : f.span[1]] for f in res.facts if f.table == "income" and f.row == "2089999" and f.span}
    assert "86°0" in prints


def test_turned_readings() -> None:
    """A turned point printed as ``°`` reads as a point; nothing else a degree sign stands in is turned."""
    assert turned_readings("86°0") == ["0.98"]
    assert ocr_readings("86°0") == ["0.98"]
    assert ocr_readings("21°164") == []  # (741.64 misread, not turned: left unread)
    assert ocr_readings("15°.53") == ["15.53"]


def test_turned_code() -> None:
    """Only digits that stay digits turned."""
    assert turned_code("6666802") == "2089999"
    assert turned_code("1020802") == "2080201"
    assert turned_code("2080735") is None


def test_lone_character_and_point_is_no_sentence() -> None:
    """``抚。`` (恤 read as 。) is no sentence's end; a sentence still is."""
    assert not _prose("抚。")
    assert not _prose("20808 抚。 19.21 19.21")
    assert _prose("本单位无政府性基金预算财政拨款收入。")
    assert _prose("注：本表无数据。")
