"""What tesseract's light scans of the corpus lose, read back from the table's own structure (eighteenth stop).

The texts under ``tests/data/damaged_s18`` are tesseract's own text of the benchmark's renderings (draw Q of
``eval/bench_ocr_text.py``: held out when drawn and scored, committed as the engine printed them); the others are a
seed's tables printed as OCR text with the same damage applied. Every value read must be the golden one; what the
damage hides stays unread, with its printed text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from extractor.normalize import changed_digit, reads_as
from extractor.pipeline import DocResult
from tests.test_ocr_damaged_s17 import _process, _wrong
from tests.test_ocr_skew_rows import _golden
from tests.test_ocr_text import S000, S003, ocr_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "damaged_s18"
CZJ = "shanghai_putuo_czj_2024"
GHZY = "shanghai_putuo_ghzy_2024"

Values = Mapping[tuple[str, str, str], str]


def _read(res: DocResult, table: str) -> dict[tuple[str, str, str], str]:
    return {(f.table, f.row, f.col): f.value for f in res.facts if f.table == table}


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _read_right(tmp_path: Path, doc: str, text: str, table: str) -> tuple[DocResult, Values, Values]:
    """``text`` read as document ``doc``: the result, ``table``'s values read and golden's — none read wrong."""
    res = _process(tmp_path, doc, text)
    read, gold = _read(res, table), _golden(doc, {table})
    assert _wrong(read, gold) == {}
    return res, read, gold


def _cell(res: DocResult, table: str, row: str, col: str) -> dict[str, object]:
    """The cell as ``<stem>.json`` has it (value, printed text, repaired_from, confidence)."""
    t = next(t for t in res.extraction.model_dump(mode="json")["tables"] if t["table"] == table)
    return next(r for r in t["rows"] if r["row"] == row)["cells"][col]


# --- 三公, wide: a damaged cell or two of the one row --------------------------------------------------------


def test_a_wide_three_public_row_with_damaged_cells_reads_them_from_its_identities(tmp_path: Path) -> None:
    # ghzy's 三公 row, tesseract light (draw Q): ``2.85 0.39 0.00 … 0.00 289 由39`` — two cells no amount, the row
    # one figure short of its twelve cells: the whole table was unread. Now each print takes its cell by place and
    # 公务接待费 is what 合计 = Σ items makes it, its print a reading of that value
    res, read, _gold = _read_right(tmp_path, GHZY, _text("Q_tesseract_light_ghzy.txt"), "three_public")
    assert read[("three_public", "公务接待费", "预算数")] == "2.85"
    assert read[("three_public", "公务接待费", "决算数")] == "0.39"
    cell = _cell(res, "three_public", "公务接待费", "预算数")
    assert (cell["repaired_from"], cell["confidence"]) == ("289", "repaired")
    assert read[("three_public", "合计", "预算数")] == "2.85"


def test_a_wide_three_public_row_with_three_damaged_cells_of_another_report(tmp_path: Path) -> None:
    # seed 003's wide 三公 row, tesseract light (draw O): ``2.60 0.00 220 0.00 色20 0.40 2.46 0.00 和2 0.00 2:20
    # 0.26`` — three cells no amount; 购置及运行费 = 购置费 + 运行维护费 and 合计 = Σ items give each
    src = ROOT / "tests" / "data" / "damaged_s16" / "O_tesseract_light_seed003.txt"
    _res, read, gold = _read_right(tmp_path, S003, src.read_text(encoding="utf-8"), "three_public")
    assert {k: v for k, v in gold.items() if k in read} == gold
    assert read[("three_public", "公务用车购置及运行费", "预算数")] == "2.20"


def _seed003_three_public(first: str, last: str) -> str:
    """Seed 003's tables as OCR text, the wide 三公 row's 合计 预算数 and 公务接待费 决算数 printed ``first`` and
    ``last``."""

    def damage(kind: str, first_cell: str, k: int, c: str) -> str | None:
        if kind == "three_public" and first_cell == "2.60":
            return {0: first, 11: last}.get(k)
        return None

    return ocr_text(S003, damage)


def test_a_second_report_wide_three_public_row_reads_its_damaged_cells(tmp_path: Path) -> None:
    # the same on seed 003's wide 三公 row (预算数 group, then 决算数): 2.60 printed ``260`` (its point lost) and 0.26
    # printed ``028`` (point lost, a digit misread): 合计 = 出国 + 车 + 接待 gives both
    res, read, _gold = _read_right(tmp_path, S003, _seed003_three_public("260", "028"), "three_public")
    assert read[("three_public", "合计", "预算数")] == "2.60"
    assert read[("three_public", "公务接待费", "决算数")] == "0.26"
    assert _cell(res, "three_public", "公务接待费", "决算数")["repaired_from"] == "028"


def test_a_damaged_three_public_cell_whose_print_is_not_the_identities_value_is_not_read(tmp_path: Path) -> None:
    # ``980`` is not 2.60 with its point lost and one digit misread: no value is made up for it, none read wrong
    _res, read, _gold = _read_right(tmp_path, S003, _seed003_three_public("980", "0.26"), "three_public")
    assert ("three_public", "合计", "预算数") not in read


# --- table 03: rows the OCR printed without their 类 cell, name, or 合计 label ---------------------------------


def test_rows_printed_without_their_class_cell_and_name_are_read_by_their_place(tmp_path: Path) -> None:
    # czj's table 03, tesseract light (draw Q): ``05 05 160.75 160.75`` / ``05 06 0 80.38 80.38`` — the wrapped
    # names and the 类 cell lost; the lines of figures only joined the rows around them and 20805 = Σ 项 failed
    res, read, _gold = _read_right(tmp_path, CZJ, _text("Q_tesseract_light_czj.txt"), "expenditure")
    for code, value in (("2080505", "160.75"), ("2080506", "80.38"), ("20805", "326.72")):
        assert read[("expenditure", code, "本年支出合计")] == value
    # the 合计 row, its label read ``和`` after the code columns' sub-headers (``款 项 和 2 940.05 …``)
    assert read[("expenditure", "合计", "本年支出合计")] == "2940.05"
    assert read[("expenditure", "合计", "项目支出")] == "603.14"
    # ``财政事务 2 106.66 1.503.32 603.14``: its tenths misread; table 05's 1,503.52 and 2,106.66 = 1,503.52 +
    # 603.14 vouch for the repair
    assert read[("expenditure", "20106", "基本支出")] == "1503.52"
    assert _cell(res, "expenditure", "20106", "基本支出")["repaired_from"] == "1.503.32"
    assert len(read) >= 32


def _seed000_lost_cells(total: str) -> str:
    """Seed 000's tables as OCR text, table 03's rows 2080505 and 2080506 printed with neither 类 nor name, its
    合计 label printed ``total``."""

    def damage(kind: str, first_cell: str, k: int, c: str) -> str | None:
        if kind != "expenditure":
            return None
        if first_cell in ("2080505", "2080506") and k in (0, 1):
            return f"{first_cell[3:5]}   {first_cell[5:]}" if k == 0 else " "
        if first_cell == "合计" and k == 0:
            return total
        return None

    return ocr_text(S000, damage)


def test_a_second_report_rows_without_class_cell_and_name_and_a_garbled_total(tmp_path: Path) -> None:
    _res, read, _gold = _read_right(tmp_path, S000, _seed000_lost_cells("类   款   项   和"), "expenditure")
    assert read[("expenditure", "2080505", "基本支出")] == "69.58"
    assert read[("expenditure", "2080506", "基本支出")] == "11.33"
    assert read[("expenditure", "合计", "本年支出合计")] == "1903.01"


def test_a_code_out_of_order_without_class_is_no_row(tmp_path: Path) -> None:
    # ``05 01`` after 2080505 is not 2080501 again (rows print in code order): its figures are no row's the text
    # can tell — never a second 2080501, and nothing read wrong
    text = _seed000_lost_cells("合计").replace("05   06", "05   01", 1)
    _res, read, _gold = _read_right(tmp_path, S000, text, "expenditure")
    assert ("expenditure", "2080506", "基本支出") not in read


# --- table 06 side by side: a 款 or 类 box OCR misread ---------------------------------------------------------


def test_a_part_box_read_as_letters_still_pairs_its_line(tmp_path: Path) -> None:
    # czj's table 06, RapidOCR light (draw M): ``301 | 01 | 基本工资 | 262.33 | 302 | I0 | 办公费 | 21.21`` — the
    # line counted one 款 box for its two 款 rows and was unread; 301 = Σ and 302 = Σ then failed, 14 rows lost
    _res, read, gold = _read_right(tmp_path, CZJ, _text("M_rapidocr_light_czj.txt"), "basic_by_economic")
    assert read[("basic_by_economic", "30101", "决算数")] == "262.33"
    assert read[("basic_by_economic", "30201", "决算数")] == "21.21"
    assert len(read) == len(gold)


def test_a_class_box_misread_by_a_digit_still_opens_its_line(tmp_path: Path) -> None:
    # czj's table 06, RapidOCR heavy (draw O): ``… 办公费 | 21.21 | 801 | 02 | 津贴补贴 | 1238.58`` — 801 (301) is no
    # class, so the line ran into the next, named two rows of 301 and was unread, and 301 = Σ with it: 16 of 29
    _res, read, gold = _read_right(tmp_path, CZJ, _text("O_rapidocr_heavy_czj.txt"), "basic_by_economic")
    assert read[("basic_by_economic", "30102", "决算数")] == "1238.58"
    assert len(read) == len(gold)


@pytest.mark.parametrize(
    ("printed", "damaged"),
    [
        ("262.33\n01\n办公费", "262.33\nO1\n办公费"),  # 302's 款 box ``01`` printed ``O1`` (15 of 29 read before)
        ("\n301\n02\n1,238.58\n", "\n391\n02\n1,238.58\n"),  # 301's 类 box printed ``391`` (3 of 29 before)
    ],
)
def test_a_second_rendering_box_misread(tmp_path: Path, printed: str, damaged: str) -> None:
    # the same table as RapidOCR printed it on draw Q (its boxes in another order), one box misread
    text = _text("Q_rapidocr_light_czj.txt")
    assert text.count(printed) >= 1
    _res, read, gold = _read_right(tmp_path, CZJ, text.replace(printed, damaged, 1), "basic_by_economic")
    assert len(read) == len(gold)


# --- the readings themselves ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "value", "reads"),
    [
        ("1503.32", "1503.52", True),  # tenths misread
        ("21.03", "21.63", True),
        ("326.71", "326.72", False),  # a cent apart: a rounding, never a misread
        ("1503.32", "1503.55", False),  # two digits
        ("0.3", "0.5", False),  # too short to say
    ],
)
def test_a_misread_tenths_digit_is_a_reading_a_cent_is_not(printed: str, value: str, reads: bool) -> None:
    assert changed_digit(printed, value) is reads


@pytest.mark.parametrize(
    ("printed", "value", "reads"),
    [
        ("289", "2.85", True),
        ("485", "2.85", True),
        ("2 35", "2.85", True),
        ("2520", "2.20", True),  # its point read as a digit
        ("980", "2.60", False),
        ("735", "2.85", False),
        ("2530", "2.20", False),
    ],
)
def test_a_print_that_lost_its_point_and_a_digit_reads_as_the_value(printed: str, value: str, reads: bool) -> None:
    assert reads_as(printed, value) is reads
