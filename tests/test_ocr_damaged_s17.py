"""What a damaged row takes away is given back by what the rest of the table says (seventeenth stop).

The texts under ``tests/data/damaged_s17`` are OCR engines' own text of the benchmark's renderings (draw P of
``eval/bench_ocr_text.py``: held out when drawn and scored, committed as the engines printed them); the others are
a seed's tables printed as OCR text with the same damage applied. Every value read must be the golden one; what
the damage hides stays unread, with its printed text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from extractor.pipeline import DocResult, process
from tests.test_ocr_skew_rows import _golden as _golden_of
from tests.test_ocr_skew_rows import _read_copy
from tests.test_ocr_text import S000, S002, ocr_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "damaged_s17"
CZJ = "shanghai_putuo_czj_2024"
GHZY = "shanghai_putuo_ghzy_2024"


Values = Mapping[tuple[str, str, str], str]


def _process(tmp_path: Path, doc: str, text: str) -> DocResult:
    """``text`` extracted as document ``doc`` (its file named so)."""
    path = tmp_path / f"{doc}.txt"
    path.write_text(text, encoding="utf-8")
    return process(path)


def _table(res: DocResult, doc: str, table: str) -> tuple[Values, Values]:
    """The values of ``table`` read, and golden's."""
    return {(f.table, f.row, f.col): f.value for f in res.facts if f.table == table}, _golden_of(doc, {table})


def _wrong(read: Values, gold: Values) -> dict[tuple[str, str, str], str]:
    return {k: v for k, v in read.items() if gold.get(k) != v}


def test_a_column_table_01_gives_blank_is_blank_in_every_row_of_a_table_whose_total_row_is_damaged(
    tmp_path: Path,
) -> None:
    # seed 000's table 02, RapidOCR heavy (draw P): ``合计 193.°1 1,903.01`` — the 合计 row is left out as misread,
    # and with it the column sums that said each row's second figure is 财政拨款收入; table 01 gives 上级补助收入 …
    # as 0 in 合计, so they are blank in every class (was: every row's second figure unread)
    read, gold = _read_copy(tmp_path, DATA / "P_rapidocr_heavy_seed000.txt", S000, {"income"})
    assert _wrong(read, gold) == {}
    for code in ("20601", "2060702", "2080505", "2210203"):
        assert read[("income", code, "财政拨款收入")] == gold[("income", code, "财政拨款收入")]
    assert len(read) >= 36


def test_a_figure_with_no_clean_reading_is_read_around(tmp_path: Path) -> None:
    # seed 000's table 06, RapidOCR heavy (draw P): ``30108 机关事业单位基本养 95.598`` (69.58) — no reading of it
    # fits, 301 = Σ failed and every other figure of 301 was withdrawn; now its row is unknown and read around
    res = _process(tmp_path, S000, (DATA / "P_rapidocr_heavy_seed000.txt").read_text(encoding="utf-8"))
    read, gold = _table(res, S000, "basic_by_economic")
    assert _wrong(read, gold) == {}
    assert read[("basic_by_economic", "30101", "决算数")] == "185.50"
    assert ("basic_by_economic", "30108", "决算数") not in read
    assert any(u.claim == "95.598" for u in res.extraction.unread if u.table == "basic_by_economic")


def test_one_damaged_row_each_in_two_classes_still_reads_the_table(tmp_path: Path) -> None:
    # ghzy's table 06, tesseract light (draw P): the reading around one damaged row must not be lost when
    # another row prints a figure no reading of which fits (32 of 33 read before the change above; kept)
    read, gold = _read_copy(tmp_path, DATA / "P_tesseract_light_ghzy.txt", GHZY, {"basic_by_economic"})
    assert _wrong(read, gold) == {}
    assert len(read) >= 32


def test_a_valid_code_with_a_garbled_name_keeps_its_code(tmp_path: Path) -> None:
    # seed 003's table 06, RapidOCR heavy (draw P): ``30301 高休费 18.89`` — 高休费 is one character from 离休费
    # (30301's own name) as much as from 退休费 (30302's): it was read as 30302, whose 110.50 was then lost and
    # 18.89 read as 30302's
    read, gold = _read_copy(
        tmp_path, DATA / "P_rapidocr_heavy_seed003.txt", "003_9ee8868df83b9797", {"basic_by_economic"}
    )
    assert _wrong(read, gold) == {}
    assert read[("basic_by_economic", "30301", "决算数")] == "18.89"
    assert read[("basic_by_economic", "30302", "决算数")] == "110.50"


def test_a_split_code_out_of_order_is_no_row(tmp_path: Path) -> None:
    # czj's table 06, tesseract light (draw P): ``01 | 办公费 2121`` unreadable, then after 30206
    # ``0 | | 1 |有人(Po 芝 2.83`` — read as 30201, it took 30213's 2.83; rows print in code order, so ``01``
    # after 30206 is no 30201: a row whose code is unreadable, its 2.83 unread with it (not the row above's)
    res = _process(tmp_path, CZJ, (DATA / "P_tesseract_light_czj.txt").read_text(encoding="utf-8"))
    read, gold = _table(res, CZJ, "basic_by_economic")
    assert _wrong(read, gold) == {}
    assert "2.83" not in read.values()
    assert any(u.claim == "2.83" for u in res.extraction.unread if u.table == "basic_by_economic")


def test_a_split_code_out_of_order_lends_its_figure_to_no_row(tmp_path: Path) -> None:
    # another tesseract text of czj's table 06 (``tests/data/titles_split``): after ``302 06 | 记过`` (电费) comes
    # ``03 | | 析 |评中用 4.88`` (30207's 4.88) — ``03`` after 30206 is no 30203, and its figure is not 30206's
    text = (ROOT / "tests" / "data" / "titles_split" / "tesseract_czj_light_08.txt").read_text(encoding="utf-8")
    read, gold = _table(_process(tmp_path, CZJ, text), CZJ, "basic_by_economic")
    assert _wrong(read, gold) == {}
    assert ("basic_by_economic", "30206", "决算数") not in read


def test_glued_figures_in_tesseract_text_are_split_under_the_table_total(tmp_path: Path) -> None:
    # seed 002's table 05, tesseract light (draw P): ``20808 | 抚恤 19.21 19.210.00`` — 19,210.00 exceeds every
    # column's 合计 (851.17 = 803.10 + 48.07), so the print is 19.21 and 0.00 glued
    read, gold = _read_copy(tmp_path, DATA / "P_tesseract_light_seed002.txt", S002, {"general_budget"})
    assert _wrong(read, gold) == {}
    for code in ("20808", "2080801", "210", "221", "2210201"):
        assert read[("general_budget", code, "基本支出")] == gold[("general_budget", code, "基本支出")]


def test_a_sum_over_classes_its_read_classes_make_up_blanks_the_others(tmp_path: Path) -> None:
    # czj's table 02, tesseract light (draw P): 208's class is damaged (``208 有 | 80.38``: 2080506's code lost),
    # so 合计 = Σ 类 is not checked and each of 210's and 221's second figures stood between 财政拨款收入 and
    # 其他收入; 合计's 其他收入 (6.20) is 201's alone, so theirs is blank
    read, gold = _read_copy(tmp_path, DATA / "P_tesseract_light_czj.txt", CZJ, {"income"})
    assert _wrong(read, gold) == {}
    for code in ("210", "21011", "2101101", "221", "22102", "2210201", "2210203"):
        assert read[("income", code, "财政拨款收入")] == gold[("income", code, "财政拨款收入")]
    assert read[("income", "合计", "本年收入合计")] == "2946.25"  # ``2.946.25``: 2,946.25, not two figures


def test_a_sum_over_classes_made_up_by_the_read_classes_when_one_class_fails(tmp_path: Path) -> None:
    # the same text with 2080506's row printed whole but misread (``80.33`` for 80.38): 208's class failed its own
    # sums and was withdrawn (``_by_class``), 合计 = Σ 类 unchecked — yet 合计's 其他收入 (6.20) is 201's alone,
    # so 210's and 221's other figures are 财政拨款收入. Tables 03 and 05 print 80.38, a look-alike of the print
    # (3/8) that 20805 = Σ 项 vouches for: 208's class reads too (thirty-eighth stop: ``_report_prints``)
    text = (DATA / "P_tesseract_light_czj.txt").read_text(encoding="utf-8")
    lost = "208       有 |        80.38           80.38"
    assert lost in text
    text = text.replace(lost, "208       05       06 | 机关事业单位职业年金缴费支出    80.33    80.33")
    read, gold = _table(_process(tmp_path, CZJ, text), CZJ, "income")
    assert _wrong(read, gold) == {}
    for code in ("210", "2101101", "221", "2210203"):
        assert read[("income", code, "财政拨款收入")] == gold[("income", code, "财政拨款收入")]
    assert read[("income", "2080506", "财政拨款收入")] == "80.38"
    assert read[("income", "208", "本年收入合计")] == gold[("income", "208", "本年收入合计")]


@pytest.mark.parametrize("grouped_total", [False, True])
def test_glued_figures_are_split_only_above_the_table_total(tmp_path: Path, grouped_total: bool) -> None:
    # seed 000's table 05 with every row's last two figures glued where the last is 0.00 (``718.640.00``) —
    # and, with ``grouped_total``, every figure of 1,000 or more printed with a point for its comma
    # (``1.903.01``, ``1.550.75``): those stay single figures, under the 合计 row's 1,903.01
    text = ocr_text(S000)
    start = text.index("一般公共预算财政拨款支出决算表")
    end = text.index("公开 06 表", start)
    table = re.sub(r"(\d\.\d\d)   (0\.00)$", r"\1\2", text[start:end], flags=re.M)
    if grouped_total:
        table = re.sub(r"(\d),(\d{3}\.\d\d)", r"\1.\2", table)
    assert "718.640.00" in table and ("1.903.01" in table) == grouped_total
    res = _process(tmp_path, S000, text[:start] + table + text[end:])
    read, gold = _table(res, S000, "general_budget")
    assert _wrong(read, gold) == {}
    assert read[("general_budget", "20601", "基本支出")] == "718.64"
    assert read[("general_budget", "206", "合计")] == "1550.75"
    assert len(read) >= len(gold) - 2


def test_a_row_with_one_damaged_figure_keeps_its_clean_ones(tmp_path: Path) -> None:
    # seed 000's table 05, RapidOCR heavy (draw P): ``2060799 其他科学技术普及支出 18..11 0.00 119.81`` — the row
    # was left out whole, 20607 = Σ with it, and 2060702's figures then stood between two rows; now only the
    # damaged figure's cell is unknown, the row's 119.81 is read by its place and checked by 20607's sum
    res = _process(tmp_path, S000, (DATA / "P_rapidocr_heavy_seed000.txt").read_text(encoding="utf-8"))
    read, gold = _table(res, S000, "general_budget")
    assert _wrong(read, gold) == {}
    assert read[("general_budget", "2060799", "项目支出")] == "119.81"
    assert read[("general_budget", "2060702", "合计")] == "188.98"
    assert ("general_budget", "2060799", "合计") not in read
    assert any(u.claim == "18..11" and u.row == "2060799" for u in res.extraction.unread)


@pytest.mark.parametrize("doc", [S000, GHZY])
def test_one_damaged_figure_of_a_row_costs_only_its_cell(tmp_path: Path, doc: str) -> None:
    # the same damage printed into seed 000's table 05 (as OCR text) and ghzy's (its pdfium text): a 项's total
    # printed with a digit lost to a second point, no reading of it fitting its row — the row's other figures
    # are read by their place, the damaged one is not
    if doc == S000:
        row, text = "2060702", ocr_text(S000).replace("2060702   科普活动   188.98", "2060702   科普活动   18..98")
    else:
        row = "2080502"
        text = (ROOT / "eval" / "corpus" / "text" / "pdfium" / f"{GHZY}.txt").read_text(encoding="utf-8")
        assert text.count("28.11 28.11 0.00") == 2  # (tables 03 and 05)
        text = text.replace("28.11 28.11 0.00", "2..11 28.11 0.00")
    res = _process(tmp_path, doc, text)
    read, gold = _table(res, doc, "general_budget")
    assert _wrong(read, gold) == {}
    # the damaged figure itself: unread, or (since the seventeenth stop) repaired where another table's figure
    # for the cell and an identity vouch — marked so, with its print
    if ("general_budget", row, "合计") in read:
        table = next(t for t in res.extraction.model_dump(mode="json")["tables"] if t["table"] == "general_budget")
        cell = next(r for r in table["rows"] if r["row"] == row)["cells"]["合计"]
        assert cell["confidence"] == "repaired" and cell["repaired_from"] in ("18..98", "2..11")
    col = "基本支出" if doc == GHZY else "项目支出"
    assert read[("general_budget", row, col)] == gold[("general_budget", row, col)]
    assert len(read) >= len(gold) - 1
