"""tesseract's plain text of light scans (development draws F and G, tenth stop): what it does to table 01's last
row, to a title's head, and to a 三公 row whose label it lost.

- tesseract sets table 01's last row apart, one cell a text block, and may lose the left 总计's label
  (``30 61`` / ``31`` / ``1;,903.01`` / ``总计`` / ``62`` / ``1,903.01``). The one 总计 printed was read as the left
  one (收入总计, from the right one's print) and 支出总计 was never read; now the 行次 after the label (2K) names
  it the right one, and a figure after K is the left one's, checked by 收入总计 = 支出总计.
- A figure whose point the OCR lost in table 01 (``总计 31 851217``) makes its row's cells unknown, not the whole
  table unread.
- A title that lost its head (``共预算财政拨款基本支出决算表``: 一般公 lost) still names its table.
- A 三公 line of figures whose label was lost is not lent to the label below it.
- A figure with one digit of its whole part misread (``833.22`` for 333.22) is read where a sum of three rows'
  prints vouches for it; a code misread beside its garbled name (``2080504 行政单位离明休``) is the code of that name.

The engine's real text of development renderings (committed as written), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.readers.tables import _garbled_name_of
from extractor.template import match_title
from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import _read_right

S000 = "000_d2cac5324267c124"
S002 = "002_846b8c47d01900a7"


@pytest.mark.parametrize(
    ("doc", "name", "left"),
    [
        (S000, "tesseract_seed000_light_01_drawG.txt", "1;,903.01"),
        (S002, "tesseract_seed002_light_01_drawG.txt", None),
        (S000, "tesseract_seed000_light_01_drawF.txt", None),
    ],
)
def test_the_one_total_printed_is_the_side_its_line_number_names(
    tmp_path: Path, doc: str, name: str, left: str | None
) -> None:
    """``总计`` / ``62`` / ``1,903.01``: 62 = 2K (K = 31, the right side's ordinal rows ``一般公共服务支出 32``), so
    the figure is 支出总计's, at its print; the left 总计's (after ``31``, its label lost) is 收入总计's where an
    identity confirms its reading (``1;,903.01``: 收入总计 = 支出总计), else unread — never the right one's print."""
    text, res = _extract(tmp_path, doc, f"total_sides_s10/{name}")
    read = _read_right(res, text, doc, {"summary"}, 8 / 9)
    assert ("summary", "支出总计", "金额") in read
    right = next(f for f in res.facts if f.table == "summary" and f.row == "支出总计")
    income = [f for f in res.facts if f.table == "summary" and f.row == "收入总计"]
    assert right.span and text[right.span[0] : right.span[1]].replace(",", "") == right.value
    if left is None:
        assert not income or income[0].span != right.span
    else:
        assert income and income[0].span and text[income[0].span[0] : income[0].span[1]] == left


def test_a_total_whose_point_was_lost_leaves_its_row_unknown(tmp_path: Path) -> None:
    """Seed 002, draw F: ``总计`` / ``31`` / ``851217`` / ``总计`` / ``62`` / ``851.17`` — 收入总计's print lost its
    point; every identity holds without it, so the rest of the table is read (6/9 → 8/9) and 851217 is unread."""
    text, res = _extract(tmp_path, S002, "total_sides_s10/tesseract_seed002_light_01_drawF.txt")
    read = _read_right(res, text, S002, {"summary"}, 8 / 9)
    assert read[("summary", "本年收入合计", "金额")] == "851.17"
    assert ("summary", "收入总计", "金额") not in read
    assert any(u.claim == "851217" and "point" in u.reason for u in res.extraction.unread)


@pytest.mark.parametrize(
    ("line", "table"),
    [
        ("共预算财政拨款基本支出决算表", "basic_by_economic"),  # seed 000, draw G light
        ('共预算财政拨款"三公"经费支出决算表', "three_public"),  # seed 003, draw F heavy
    ],
)
def test_a_title_that_lost_three_characters_of_its_head(line: str, table: str) -> None:
    hit = match_title(line)
    assert hit is not None and hit.table == table


@pytest.mark.parametrize("line", ["预算财政拨款支出决算表", "财政拨款支出决算明细表", "算财政拨款基本支出决算表"])
def test_a_title_tail_that_names_no_one_table_stays_unmatched(line: str) -> None:
    assert match_title(line) is None


def test_table_06_under_a_headless_title_is_read(tmp_path: Path) -> None:
    """Seed 000, draw G: the title printed ``共预算财政拨款基本支出决算表`` — table 06 was lost whole (0/32)."""
    text, res = _extract(tmp_path, S000, "total_sides_s10/tesseract_seed000_light_06_drawG.txt")
    _read_right(res, text, S000, {"basic_by_economic"}, 0.9)


def test_a_three_public_line_whose_label_was_lost_is_not_the_next_items(tmp_path: Path) -> None:
    """Seed 002, draw G: ``3、公务用车购置及运行费 5.74 | 3.65`` / ``5.74| 3.65`` / (blank) / ``(2)公务用车购置费``
    — the second line is 运行维护费's (its label lost); read as 购置费's it held under 购置及运行费 = 运行维护费 +
    购置费 either way. It is unread; the rows printed with their labels are read."""
    text, res = _extract(tmp_path, S002, "total_sides_s10/tesseract_seed002_light_07_drawG.txt")
    read = _read_right(res, text, S002, {"three_public"}, 4 / 6)
    assert ("three_public", "公务用车购置费", "预算数") not in read
    assert read[("three_public", "公务用车购置及运行费", "决算数")] == "3.65"
    assert sum(u.claim in ("5.74", "3.65") and "label was lost" in u.reason for u in res.extraction.unread) == 2


# ---------------------------------------------------------------------------------------------
# A digit misread as another, and a code misread beside its garbled name


def test_a_figure_with_one_digit_misread_is_read_where_the_parent_vouches(tmp_path: Path) -> None:
    """Seed 002, draw G light: ``20605 | 科技条件与服务 333.22:| 833.22`` — 833.22 is 333.22 with its 3 read 8; its
    row failed 合计 = 财政拨款收入 and was unread. 20605 = 2060501 + 2060502 (304.14 + 29.08, three rows' prints)
    vouches for 333.22: read, marked repaired from its print."""
    text, res = _extract(tmp_path, S002, "total_sides_s10/tesseract_seed002_light_02_drawG.txt")
    read = _read_right(res, text, S002, {"income"}, 1.0)
    assert read[("income", "20605", "财政拨款收入")] == "333.22"
    fact = next(f for f in res.facts if f.table == "income" and f.row == "20605" and f.col == "财政拨款收入")
    assert fact.span and text[fact.span[0] : fact.span[1]] == "833.22"
    assert any(fl.check == "ocr.repaired" and "833.22" in fl.message for fl in res.flags)


def test_a_code_misread_beside_its_garbled_name_is_the_code_of_that_name(tmp_path: Path) -> None:
    """Seed 000, draw F heavy: ``2080504 | 行政单位离明休 157.90 | 157.90`` — 2080504 is a code (未归口管理的行政单位
    离退休, retired in 2020), but the name printed is 2080501's with a character misread, a digit from the print.
    Read as 2080504 the row took 2080501's figures once the table held (``2080506 … 41.33 11.33``, 4 read for 1,
    now repaired); it is 2080501, with a note naming the print."""
    text, res = _extract(tmp_path, S000, "total_sides_s10/tesseract_seed000_heavy_03_drawF.txt")
    read = _read_right(res, text, S000, {"expenditure"}, 1 / 3)
    assert not any(f.row == "2080504" for f in res.facts)
    assert read[("expenditure", "2080501", "本年支出合计")] == "157.90"
    assert read[("expenditure", "2080506", "本年支出合计")] == "11.33"
    assert any("2080504" in u.reason and "2080501" in u.reason for u in res.extraction.unread)


@pytest.mark.parametrize(
    ("printed", "code", "meant"),
    [
        ("行政单位离明休", "2080504", "2080501"),  # seed 000, draw F heavy
        ("其他科技交流与合作雪出", "2050899", "2060899"),  # seed 002, draw F heavy
        ("行政单位离退休", "2080504", None),  # the name read clean: ``named`` decides, not this
        ("行政运行", "2060101", None),  # its own name
    ],
)
def test_the_code_a_garbled_name_is(printed: str, code: str, meant: str | None) -> None:
    assert _garbled_name_of("function", printed, code) == meant
