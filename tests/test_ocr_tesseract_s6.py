"""tesseract's plain text of light scans, session 6: two prints of the corpus's tables 01 and 04 that cost whole
rows, each read from the table's structure and each shown on two draws of the same report's scans.

* A figure the OCR broke over two lines at its decimal point (``754.`` / ``75``, ``100，`` / ``00``): tesseract
  prints a narrow figure cell of table 01 so in every draw (A, B, C and the cached renderings). It is read as one
  figure, a repair the table's identities must confirm (本年支出合计 = Σ spending), marked repaired and pointing
  at both lines of its print; one no identity confirms stays unread.
* A 类 label with a character misread (``卫生健康文出``, ``社会保障和就业文出``: tesseract reads 支 as 文) is a row of
  the spending side — the side whose labels the official name of that 类 has — not of the income side.

The excerpts under ``tests/data/tesseract_s6`` are tesseract's own text of the corpus report
``shanghai_putuo_ghzy_2024``: table 01 of draws A and B and of the cached renderings, tables 04 and 05 of draw C
(draw B's excerpt leaves out the report title line printed under the table's title, a title matter of its own).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractor.normalize import reads_as
from tests.test_ocr_tesseract_gaps import _wrong
from tests.test_ocr_tesseract_tables import _facts, _golden, _read
from tests.test_ocr_text import _amount

GHZY = "shanghai_putuo_ghzy_2024"
DATA = Path(__file__).resolve().parent / "data" / "tesseract_s6"

#: table 01's spending rows whose figures tesseract broke over two lines, and its 本年支出合计
BROKEN_ROWS = (
    "社会保障和就业支出",
    "卫生健康支出",
    "城乡社区支出",
    "自然资源海洋气象等支出",
    "住房保障支出",
    "本年支出合计",
)


def _excerpt(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("draw", ["A", "cached"])
def test_a_figure_broken_over_two_lines_at_its_point_is_read_as_a_confirmed_repair(tmp_path: Path, draw: str) -> None:
    """``754.`` / (blank line) / ``75``: one figure, 754.75, which 本年支出合计 = Σ spending confirms — read, marked
    repaired (with both lines of its print), flagged for the reviewer; nothing of the table read wrong."""
    text = _excerpt(f"ghzy_{draw}_summary.txt")
    assert "754.\n\n75" in text
    res = _read(tmp_path, GHZY, text)
    read = _facts(res, "summary")
    for row in BROKEN_ROWS:
        assert read.get((row, "金额")) == _golden(GHZY)[("summary", row, "金额")], row
    assert not _wrong(res, GHZY, "summary")
    a = _amount(res, "summary", "社会保障和就业支出", "金额")
    assert a is not None and a.value == Decimal("754.75") and a.confidence == "repaired"
    assert a.repaired_from == "754.\n\n75" and res.source.text[a.span[0] : a.span[1]] == "754.\n\n75"
    assert all(reads_as(res.source.text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)
    assert any(f.check == "ocr.repaired" and "社会保障和就业支出" in f.message for f in res.flags)


def test_a_broken_figure_no_identity_confirms_stays_unread(tmp_path: Path) -> None:
    """The same print with one broken figure's cents changed (``754.`` / ``95``: 20 cents off, more than rounding
    explains): the spending side no longer sums to 本年支出合计, so that figure is not confirmed — unread with its
    printed text, not emitted."""
    text = _excerpt("ghzy_A_summary.txt").replace("754.\n\n75", "754.\n\n95", 1)
    res = _read(tmp_path, GHZY, text)
    read = _facts(res, "summary")
    assert not _wrong(res, GHZY, "summary")
    assert ("社会保障和就业支出", "金额") not in read
    assert any(u.claim == "754.\n\n95" for u in res.extraction.unread)


@pytest.mark.parametrize(
    ("name", "table", "row", "cols"),
    [
        ("ghzy_C_fiscal.txt", "fiscal_summary", "卫生健康支出", ("合计", "一般公共预算财政拨款")),
        ("ghzy_B_summary.txt", "summary", "社会保障和就业支出", ("金额",)),
    ],
    ids=["C-04", "B-01"],
)
def test_a_class_label_with_a_misread_character_is_a_spending_row(
    tmp_path: Path, name: str, table: str, row: str, cols: tuple[str, ...]
) -> None:
    """``、卫生健康文出`` / ``236. 63`` / ``236. 63`` in table 04: the figures are that 类's (合计 and 一般公共预算,
    as table 05's 类 total says), not a second income row's; ``、社会保障和就业文出`` in table 01 likewise."""
    text = _excerpt(name)
    garbled = row.replace("支出", "文出")
    assert garbled in text
    res = _read(tmp_path, GHZY, text)
    read = _facts(res, table)
    for col in cols:
        assert read.get((row, col)) == _golden(GHZY)[(table, row, col)], col
    assert not _wrong(res, GHZY, table)


def test_a_row_without_its_code_is_named_by_its_name_with_a_misread_character(tmp_path: Path) -> None:
    """Table 05: ``住房改革文出  461. 08  461. 08  0. 00``, its code 22102 not printed and 支 read as 文 in its
    name: the one code fitting the codes above (under 221) whose official name it is but for that character —
    read, with a note saying so; before, its figures ran into 221's row and both rows were lost."""
    res = _read(tmp_path, GHZY, _excerpt("ghzy_C_fiscal.txt"))
    read = _facts(res, "general_budget")
    for row in ("221", "22102"):
        for col in ("合计", "基本支出"):
            assert read.get((row, col)) == _golden(GHZY)[("general_budget", row, col)], (row, col)
    assert not _wrong(res, GHZY, "general_budget")
    assert any(u.what == "general_budget/22102" and "misread character" in u.reason for u in res.extraction.unread)


def test_a_total_row_whose_label_is_garbled_is_read_by_its_place_and_identity(tmp_path: Path) -> None:
    """Table 05's last line ``全让  9746. 50  5364. 75  4381. 74`` (合计 garbled beyond a character, as ``侣二`` above
    table 03's first code in seed 002's cached text): a word of two characters below the last code row, printing
    figures only, is the 合计 row, which 合计 = Σ 类 confirms — and the last code row keeps its own figures."""
    text = _excerpt("ghzy_C_fiscal.txt")
    assert "全让" in text
    res = _read(tmp_path, GHZY, text)
    read = _facts(res, "general_budget")
    for row in ("合计", "2210203"):
        for col in ("合计", "基本支出", "项目支出"):
            assert read.get((row, col)) == _golden(GHZY)[("general_budget", row, col)], (row, col)
    assert not _wrong(res, GHZY, "general_budget")


def test_a_garbled_total_row_the_identity_does_not_confirm_is_unread(tmp_path: Path) -> None:
    """The same line with a figure no sum of the 类 rows gives (``5964. 75``): the line is still the 合计 row by its
    place (the last code row keeps its own figures), but its figures are not the 类 rows' sums — not emitted."""
    text = _excerpt("ghzy_C_fiscal.txt").replace("5364. 75          4381. 74", "5964. 75          4381. 74", 1)
    res = _read(tmp_path, GHZY, text)
    read = _facts(res, "general_budget")
    assert read.get(("合计", "基本支出")) is None
    assert read.get(("2210203", "合计")) == _golden(GHZY)[("general_budget", "2210203", "合计")]
    assert not _wrong(res, GHZY, "general_budget")
