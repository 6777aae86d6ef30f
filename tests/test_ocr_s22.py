"""Table 06 with one figure misread, a figure's pieces among the codes, a last column printed a row down, and a
figure with decimals the table does not print (twenty-second stop).

``tests/data/damaged_s22`` holds RapidOCR's own text of heavy scans from draw W of ``eval/bench_ocr_text.py``
(held out when drawn at the twenty-first stop and scored then, committed as the engine printed them: czj's and
ghzy's whole reports) and ghzy's whole report from its light scan of draw U. ``tests/data/damaged_s21`` has draw U's
heavy texts. Every value read must be the golden one — but for a figure the engine misread into another clean
one, which is read as printed, marked as failing its sum, and flagged.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.pipeline import DocResult
from tests.test_ocr_damaged_s17 import _process
from tests.test_ocr_s18 import CZJ, GHZY, ROOT, _cell
from tests.test_ocr_skew_rows import _golden

DATA = ROOT / "tests" / "data" / "damaged_s22"
DATA_S21 = ROOT / "tests" / "data" / "damaged_s21"

Values = dict[tuple[str, str, str], str]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _read(tmp_path: Path, doc: str, text: str, table: str) -> tuple[DocResult, Values, Values]:
    """``text`` read as ``doc``: the result, ``table``'s values read and golden's."""
    res = _process(tmp_path, doc, text)
    return res, {(f.table, f.row, f.col): f.value for f in res.facts if f.table == table}, _golden(doc, {table})


def _read_both(tmp_path: Path, doc: str, text: str, other: str, table: str) -> tuple[Values, Values, Values]:
    """``text`` and ``other`` (the same report with a line changed as OCR changes it, or mended) read as ``doc``:
    ``table``'s values read from each, and golden's."""
    _res, first, gold = _read(tmp_path, doc, text, table)
    _res, second, _gold = _read(tmp_path, doc, other, table)
    return first, second, gold


def _wrong(read: Values, gold: Values) -> Values:
    """Values read that golden does not have (as amounts: a printed ``0.0`` is golden's 0.00)."""
    return {k: v for k, v in read.items() if k not in gold or Decimal(gold[k]) != Decimal(v)}


def _missing(read: Values, gold: Values) -> set[tuple[str, str, str]]:
    """Golden's nonzero values not read (a blank cell prints nothing; golden has its 0.00)."""
    return {k for k, v in gold.items() if Decimal(v) != 0 and k not in read}


def _flags(res: DocResult, check: str) -> list[str]:
    return [f.message for f in res.flags if f.check == check]


# --- table 06: one figure misread into another clean one ----------------------------------------------------


def test_a_misread_figure_fails_only_its_own_sum_and_the_rest_of_table_06_is_read(tmp_path: Path) -> None:
    # czj's table 06 on draw U's heavy scan (groups side by side, codes split over 类 | 款): ``其他工资福利支出
    # 90.03`` for 91.03. 301 = Σ 301xx failed whoever took which figure, and with it every printed line's two
    # figures stayed open: 3 of 29 read. The other sums (302, 303, 310, the two totals) tell each line's figures
    # apart; 301's is left failing and flagged, so the reviewer sees which sum is off
    res, read, gold = _read(tmp_path, CZJ, _text(DATA_S21 / "U_rapidocr_heavy_czj.txt"), "basic_by_economic")
    assert _wrong(read, gold) == {("basic_by_economic", "30199", "决算数"): "90.03"}
    assert len(read) == len(gold) == 29
    assert _cell(res, "basic_by_economic", "30199", "决算数")["confidence"] == "identity_fails"
    assert _cell(res, "basic_by_economic", "30299", "决算数")["confidence"] == "confirmed"
    assert any(m.startswith("basic_by_economic 301: 2082.85 ≠") for m in _flags(res, "economic.class_sum"))


def test_the_same_misread_in_a_table_06_of_whole_codes_is_read_the_same_way(tmp_path: Path) -> None:
    # ghzy's table 06 on draw U's heavy scan prints whole codes, side by side, its figures interleaved (read by
    # ``_merged_columns``); 30102's ``987.86`` misread ``987.36``: no way of giving the columns' figures to their
    # rows held every sum, and the table stayed as its reading by position left it (3 of 33)
    text = _text(DATA_S21 / "U_rapidocr_heavy_ghzy.txt")
    assert text.count("\n987.86\n") == 1
    res, read, gold = _read(tmp_path, GHZY, text.replace("\n987.86\n", "\n987.36\n"), "basic_by_economic")
    assert _wrong(read, gold) == {("basic_by_economic", "30102", "决算数"): "987.36"}
    assert len(read) >= 31
    assert _cell(res, "basic_by_economic", "30102", "决算数")["confidence"] == "identity_fails"
    assert any(m.startswith("basic_by_economic 301: 4816.14 ≠") for m in _flags(res, "economic.class_sum"))


def test_a_zero_printed_without_its_point_takes_part_in_the_columns_reading(tmp_path: Path) -> None:
    # the same table as printed: ``30305 生活补助 000`` (0.00, its point lost) made its row "damaged", and the
    # columns' reading needs every row's figure: 3 of 33 read. 000 has one reading, 0.00, and takes part as it
    _res, read, gold = _read(tmp_path, GHZY, _text(DATA_S21 / "U_rapidocr_heavy_ghzy.txt"), "basic_by_economic")
    assert _wrong(read, gold) == {}
    assert len(read) >= 32 and read[("basic_by_economic", "30305", "决算数")] in ("0", "0.00")


def test_a_figure_turned_upside_down_with_its_point_read_as_an_apostrophe(tmp_path: Path) -> None:
    # czj's table 06 on draw W's heavy scan: ``302 | 04 | 手续费 | 60'0`` — 0.09 turned by RapidOCR's direction
    # classifier, its point at the top read as ``'`` (as ``°`` is). It was no figure: its digits were read as a
    # 款 box and a stray digit, the line unpaired, and 301's and 302's sums opened with it (15 of 29 read)
    res, read, gold = _read(tmp_path, CZJ, _text(DATA / "W_rapidocr_heavy_czj.txt"), "basic_by_economic")
    assert _wrong(read, gold) == {} and len(read) == len(gold) == 29
    cell = _cell(res, "basic_by_economic", "30204", "决算数")
    assert (cell["value"], cell["repaired_from"], cell["confidence"]) == ("0.09", "60'0", "repaired")


def test_the_same_turned_print_in_another_reports_table(tmp_path: Path) -> None:
    # ghzy's 收入决算表 on draw U's light scan, 2080599's 财政拨款收入 (0.88) printed turned the same way: ``88'0``
    # — the row was unread (its own sum, 本年收入合计 = Σ sources, then had no second figure)
    text = _text(DATA / "U_rapidocr_light_ghzy.txt")
    row = "\n2080599\n其他行政事业单位养老支出\n0.88\n0.88\n"
    assert text.count(row) == 1
    res, read, gold = _read(tmp_path, GHZY, text.replace(row, row[:-5] + "88'0\n"), "income")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()
    cell = _cell(res, "income", "2080599", "财政拨款收入")
    assert (cell["value"], cell["repaired_from"], cell["confidence"]) == ("0.88", "88'0", "repaired")


# --- a last column printed a row down, between the next row's figures ----------------------------------------


def test_a_rows_last_figure_printed_among_the_next_rows_is_its_own(tmp_path: Path) -> None:
    # czj's 收入决算表 on draw W's heavy scan: the page turned so far that the next row's left columns sit higher
    # than a row's right one: ``201 06 01 行政运行 1,511.90 1,511.89 6.20 0.01`` — 6.20 is 20106's 其他收入. Only a
    # figure first or last among the next row's was tried as the row's own: 14 values unread
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "W_rapidocr_heavy_czj.txt"), "income")
    assert _wrong(read, gold) == {} and len(read) == len(gold) == 45
    assert read[("income", "20106", "其他收入")] == "6.20"


def _table_03(text: str) -> tuple[int, int]:
    """Where ghzy's table 03 is in ``text``: its title to the next table's."""
    start = text.index("\n支出决算表\n")
    return start, text.index("\n财政拨款收入支出决算总表\n", start)


def _last_column_down(text: str) -> str:
    """Table 03's every row's last figure moved a row down, printed after the next row's first figure (the last
    row's ends the table): text of one box per line of a page turned so its right side is lower."""
    start, end = _table_03(text)
    return text[:start] + _moved_down(text[start:end]) + text[end:]


def _moved_down(text: str) -> str:
    lines = text.split("\n")
    runs, k = [], 0
    while k < len(lines):
        j = k
        while j < len(lines) and re.fullmatch(r"[\d,]+\.\d{2}", lines[j]):
            j += 1
        if j > k:
            runs.append((k, j))
        k = max(j, k + 1)
    out, at, carry = [], 0, None
    for a, b in runs:
        own = lines[a:b]
        out += [*lines[at:a], own[0], *([carry] if carry else []), *own[1:-1]]
        carry, at = own[-1], b
    return "\n".join([*out, *lines[at:], *([carry] if carry else [])])


def test_the_same_skew_on_another_reports_table_03(tmp_path: Path) -> None:
    # ghzy's table 03 from draw U's light scan, each row's 项目支出 moved among the next row's figures
    # (``208 社会保障和就业支出 754.75 4381.74 754.75``: 4381.74 is 合计's): read by order, 0 of 59 and 7 wrong
    text = _last_column_down(_text(DATA / "U_rapidocr_light_ghzy.txt"))
    assert "\n合计\n9759.38\n5377.64\n208\n社会保障和就业支出\n754.75\n4381.74\n754.75\n" in text
    _res, read, gold = _read(tmp_path, GHZY, text, "expenditure")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()


# --- a figure printed with more decimals than the table prints ----------------------------------------------


@pytest.mark.parametrize("printed", ["1096.9101", "1096.9051"])
def test_a_figure_printed_with_four_decimals_is_a_repair_an_identity_must_confirm(tmp_path: Path, printed: str) -> None:
    # ghzy's 21201 基本支出 (1096.91) printed with two digits more — a speck after the cents (``1096.9101``) or a
    # figure to four places (``1096.9051``) — was read as a clean figure rounded to the cent, no repair flagged.
    # Its readings (the cents as printed, and rounded) are repairs: the row's sum confirms 1096.91, marked so
    text = _text(DATA / "U_rapidocr_light_ghzy.txt")
    assert text.count("\n1096.91\n") == 2
    res, read, gold = _read(tmp_path, GHZY, text.replace("\n1096.91\n", f"\n{printed}\n", 1), "expenditure")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()
    cell = _cell(res, "expenditure", "21201", "基本支出")
    assert (cell["value"], cell["repaired_from"], cell["confidence"]) == ("1096.91", printed, "repaired")
    assert any("21201/基本支出" in m for m in _flags(res, "ocr.repaired"))
