"""One damaged figure, row or label no longer costs the figures around it (sixteenth stop).

The texts under ``tests/data/damaged_s16`` are OCR engines' own text of the benchmark's renderings (draws N and
O of ``eval/bench_ocr_text.py``; both held out when drawn and scored, committed as the engines printed them);
the others are a seed's tables printed as OCR text with the same damage applied. Every value read must be the
golden one; what the damage hides stays unread, with its printed text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from extractor.normalize import ocr_readings
from extractor.pipeline import process
from tests.test_ocr_skew_rows import _read_copy
from tests.test_ocr_tesseract_tables import _facts, _read, _text
from tests.test_ocr_text import S000, S002, S003, TWO, _golden, _run, _tables, ocr_text

DATA = Path(__file__).resolve().parent / "data" / "damaged_s16"
CZJ = "shanghai_putuo_czj_2024"


def _wrong(read: Mapping[Any, str], gold: Mapping[Any, str]) -> dict[Any, str]:
    return {k: v for k, v in read.items() if gold.get(k) != v}


# ---------------------------------------------------------------------------------------------
# A class whose figures the OCR misread: the other classes are read on their own


@pytest.mark.parametrize("seed", [*TWO, S003])
def test_a_misread_class_leaves_the_other_classes_read(tmp_path: Path, seed: str) -> None:
    # table 03's first 208 项 misread alike in both its cells (its own sum holds, 20805's fails): 合计 = Σ 类 tied
    # every class into one group, and the whole table was withdrawn; now only 208's figures are
    rows = [r for kind, _, rs in _tables(seed) if kind == "expenditure" for r in rs]
    victim = next(r[0] for r in rows if r[0].startswith("208") and len(r[0]) == 7)

    def damage(table: str, first: str, k: int, cell: str) -> str | None:
        if table != "expenditure" or first != victim or k < 2 or not cell:
            return None
        whole, _, cents = cell.partition(".")
        return f"{whole[::-1] if whole[::-1] != whole else '9' + whole}.{cents}"

    res = _run(tmp_path, seed, ocr_text(seed, damage))
    read = {(f.table, f.row, f.col): f.value for f in res.facts if f.table == "expenditure"}
    gold = {k: v for k, v in _golden(seed).items() if k[0] == "expenditure"}
    assert _wrong(read, gold) == {}
    assert {k for k in gold if not k[1].startswith("208")} <= set(read)  # was nothing read
    # the misread row: unread, or (since the seventeenth stop) repaired to what table 05 prints for its cells
    # where an identity holds with it (its values right, as above) — marked repaired, its print kept
    table = next(t for t in res.extraction.model_dump(mode="json")["tables"] if t["table"] == "expenditure")
    cells = [c for r in table["rows"] if r["row"] == victim for c in r["cells"].values() if c["value"] != "0.00"]
    assert all(c["confidence"] == "repaired" and c["repaired_from"] != c["value"] for c in cells)


@pytest.mark.parametrize(("name", "seed", "least"), [("seed003", S003, 24), ("seed002", S002, 14)])
def test_tesseract_text_of_a_damaged_table_03_reads_its_sound_classes(
    tmp_path: Path, name: str, seed: str, least: int
) -> None:
    # draw O, light scans: seed 003 prints ``2060199 … 241.55 .罗1.58`` (211.58) and ``2080501 … 和5.22| 和5.22``
    # (115.22); seed 002 damages rows of 206, 208 and 221 alike — table 03 read nothing in either (seed 002's
    # 208 and 221 stay unread: no figure of their 类 rows is read, so nothing ties their sums to a figure read)
    read, gold = _read_copy(tmp_path, DATA / f"O_tesseract_light_{name}.txt", seed, {"expenditure"})
    assert _wrong(read, gold) == {}
    assert len(read) >= least
    assert ("expenditure", "210", "本年支出合计") in read


# ---------------------------------------------------------------------------------------------
# A figure cut to one decimal in a table of two


@pytest.mark.parametrize(("seed", "cut"), [(S000, "2.6"), (S002, "20.6")])
def test_a_figure_cut_to_one_decimal_is_read_around(tmp_path: Path, seed: str, cut: str) -> None:
    # 30206 电费 printed with one decimal (RapidOCR heavy, draw N: ``20.6`` for 9.07): 302 = Σ 302xx failed and
    # every figure of 302 was withdrawn; the cut figure's row is unknown instead (seed 000 also prints its
    # 公用经费合计 as ``130.6``, the converter's: that one stands, its sum holding)
    def damage(table: str, first: str, k: int, cell: str) -> str | None:
        return cut if (table, first, k) == ("basic_by_economic", "30108", 5) else None

    res = _run(tmp_path, seed, ocr_text(seed, damage))
    read = {(f.table, f.row, f.col): f.value for f in res.facts if f.table == "basic_by_economic"}
    gold = {k: v for k, v in _golden(seed).items() if k[0] == "basic_by_economic"}
    assert read == {k: v for k, v in gold.items() if k[1] != "30206"}
    assert any(u.row == "30206" and u.claim == cut for u in res.extraction.unread)


def test_rapidocr_figures_cut_to_one_decimal_in_tables_01_and_06(tmp_path: Path) -> None:
    # draw N, seed 002, heavy: table 06 ``30206 电费 20.6`` (9.07) cost 302's thirteen figures; table 01 printed
    # 科学技术支出 as ``69.3`` (619.33) and read it so, its sum failing
    read, gold = _read_copy(tmp_path, DATA / "N_rapidocr_heavy_seed002.txt", S002, {"summary", "basic_by_economic"})
    assert _wrong(read, gold) == {}  # was 69.3
    assert ("basic_by_economic", "30201", "决算数") in read and ("basic_by_economic", "302", "决算数") in read
    assert ("basic_by_economic", "30206", "决算数") not in read


# ---------------------------------------------------------------------------------------------
# What a speck or a turned box makes of a figure


def test_readings_of_a_point_read_as_1_and_of_a_turned_figure_below_10() -> None:
    assert "91.52" in ocr_readings("91152")  # (and the point lost: 911.52 — the identities choose)
    assert "1.66" in ocr_readings("991")  # 1.66 turned: ``99.1``, its point lost
    assert ocr_readings("860") == ["8.60", "0.98"]
    assert ocr_readings("15°53") == []  # a speck between digits is no point


def test_rapidocr_heavy_text_with_specks_and_turned_figures(tmp_path: Path) -> None:
    # draw N, heavy: seed 000's table 03 prints ``11.33`` / ``1°33`` for 2080506 (no garbled row below it: its
    # figure damaged) and ``91.52`` / ``91152`` for 22102; seed 002's prints ``991`` / ``1.66`` for 2080501
    read, gold = _read_copy(tmp_path, DATA / "N_rapidocr_heavy_seed000.txt", S000, {"expenditure"})
    assert _wrong(read, gold) == {}
    assert read[("expenditure", "2080505", "基本支出")] == "69.58"  # was unread with every row down to 22102
    assert read[("expenditure", "22102", "基本支出")] == "91.52"
    res = process(tmp_path / f"{S000}.txt")
    [t] = [t for t in res.extraction.tables if t.table == "expenditure"]
    [cell] = [r.cells["基本支出"] for r in t.rows if r.row == "22102"]
    assert (cell.confidence, cell.repaired_from) == ("repaired", "91152")
    read, gold = _read_copy(tmp_path, DATA / "N_rapidocr_heavy_seed002.txt", S002, {"expenditure"})
    assert _wrong(read, gold) == {}
    assert read[("expenditure", "2080501", "本年支出合计")] == "1.66"


# ---------------------------------------------------------------------------------------------
# A row code that lost a digit, named like codes under several parents


def test_a_repaired_code_is_the_one_under_the_last_parent_printed(tmp_path: Path) -> None:
    # draw O, RapidOCR light: seed 002's table 02 prints ``206001 机构运行`` after 20605 (and after 20604): 机构运行
    # names 2060401 and 2060501 alike — rows print in code order, so it is 2060501; the row had been unreadable
    # and every 财政拨款收入 figure left open
    read, gold = _read_copy(tmp_path, DATA / "O_rapidocr_light_seed002.txt", S002, {"income"})
    assert read == gold


def test_a_code_that_lost_a_digit_in_a_seed_table(tmp_path: Path) -> None:
    # the same damage printed into seed 002's tables 02, 03 and 05 (the one seed whose 项 names repeat under
    # two 款 of one 类)
    def damage(table: str, first: str, k: int, cell: str) -> str | None:
        return "206001" if first == "2060501" and k == 0 else None

    res = _run(tmp_path, S002, ocr_text(S002, damage))
    tables = {"income", "expenditure", "general_budget"}
    read = {(f.table, f.row, f.col): f.value for f in res.facts if f.table in tables}
    assert read == {k: v for k, v in _golden(S002).items() if k[0] in tables}


# ---------------------------------------------------------------------------------------------
# 总计 garbled, opening its line after labels that print no figure


@pytest.mark.parametrize("seed", TWO)
@pytest.mark.parametrize("split", [False, True])
def test_a_garbled_total_opening_its_line_starts_its_row(tmp_path: Path, seed: str, split: bool) -> None:
    # table 04 as tesseract printed czj's (draw N): no 行次, the fund rows under 年初 print no figure, the last
    # wrapped, and the income side's 总计 read ``总讨`` — taken as the tail of the fund's label, its figure went
    # to the fund, the identities failed and the table was lost
    bare = ("本年收入合计", "年初财政拨款结转和结余", "一般公共预算财政拨款", "政府性基金预算财政拨款")
    cells = {k: {1: "", 4: ""} for k in bare}
    cells["国有资本经营预算财政拨款"] = {1: "", 4: ""} | ({0: "国有资本经营预算财政\n拨款"} if split else {})
    cells["总计"] = {0: "总讨", 1: "", 4: ""}
    res = _read(tmp_path, seed, _text(seed, "fiscal_summary", cells=cells, gap="      "))
    read = _facts(res, "fiscal_summary")
    gold = {(k[1], k[2]): v for k, v in _golden(seed).items() if k[0] == "fiscal_summary"}
    assert read == gold


def test_a_garbled_total_in_tesseract_text_of_a_corpus_report(tmp_path: Path) -> None:
    # czj's table 04 (draw N, light): ``总讨 2.961.68 总计 2,961.68 2,961.68`` — the figure is 收入总计's (unread
    # still: the table's 本年收入合计 is lost), no longer 年初财政拨款结转和结余/国有资本经营预算财政拨款's
    path = tmp_path / f"{CZJ}.txt"
    path.write_bytes((DATA / "N_tesseract_light_czj.txt").read_bytes())
    res = process(path)
    rows = {u.row for u in res.extraction.unread if u.table == "fiscal_summary" and u.claim == "2.961.68"}
    assert rows == {"收入总计"}
