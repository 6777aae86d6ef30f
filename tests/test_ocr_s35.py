"""Lines cut at the right, figures glued behind a spaced point, a row's figures between commas (thirty-fifth stop).

``tests/data/damaged_s35`` holds tesseract's text of ghzy's light scans as the engine printed it: draw AS (held out
two stops ago, development since) and draw AV (held out, made at this stop's start with the code as it landed,
scored, then read). Every value read must be the golden one.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from extractor.codes import codebook
from tests.test_ocr_s18 import ROOT
from tests.test_ocr_s22 import Values, _read, _text, _wrong
from tests.test_ocr_s34 import _seed_table_03, golden_rows, seed_with_table

DATA = ROOT / "tests" / "data" / "damaged_s35"
GHZY, SEED_000 = "shanghai_putuo_ghzy_2024", "000_d2cac5324267c124"
COLUMNS = ("合计", "基本支出", "项目支出")
CUT = "a line cut at the right"


def test_rows_cut_at_the_right_read_their_totals(tmp_path: Path) -> None:
    # ghzy's table 05 on tesseract's light scan of draw AS: the page's top right corner cropped, each row above
    # 221 prints its total and the first digits of its 基本支出 (``2080501 单位离退 54.53 54.``), 项目支出 gone.
    # One figure fails the row's own sum in every column, so the whole table was unread; with the cut cells
    # unknown, the column sums (合计 = Σ 类, each 类 = Σ 款 …) confirm every total
    res, read, gold = _read(tmp_path, GHZY, _text(DATA / "AS_tesseract_light_ghzy.txt"), "general_budget")
    assert not _wrong(read, gold)
    totals = {k[1] for k in read if k[2] == "合计"}
    assert {"208", "2080501", "210", "2101102", "212", "21202", "220", "22001"} <= totals
    # (``20805  3  754. 75  75``: a digit printed before its figure may be a figure's remains — not read as cut)
    assert ("general_budget", "20805", "合计") not in read
    # the cut cells are noted, not taken for blanks: no 基本支出 or 项目支出 of a cut row is emitted
    assert ("general_budget", "208", "基本支出") not in read and ("general_budget", "208", "项目支出") not in read
    cut = {u.row for u in res.extraction.unread if u.table == "general_budget" and CUT in u.reason}
    assert {"208", "2080501", "22001"} <= cut
    # 2200199 prints 5.00 for 45.00 besides: 22001 = 2200150 + 2200199 fails, and either may be the misread one
    assert ("general_budget", "2200150", "合计") not in read and ("general_budget", "2200199", "合计") not in read
    # table 03 takes table 05's rows as anchors: a cut cell is no blank there (read as one, it sent table 03's
    # 基本支出 to 经营支出)
    _res, spent, gold03 = _read(tmp_path, GHZY, _text(DATA / "AS_tesseract_light_ghzy.txt"), "expenditure")
    assert not _wrong(spent, gold03)
    assert spent[("expenditure", "合计", "基本支出")] == "5377.64"


def _seed_table_05(seed: str, cut: int = 0, glued: bool = False) -> tuple[str, Values]:
    """Seed ``seed`` with its table 05 printed as tesseract prints a scan: the 合计 row first and whole, then each
    row's code, name and figures — the first ``cut`` rows only their first figure and two digits of the next (the
    scan's top right corner cropped); ``glued``: each row's last two figures printed with no gap, a space after
    the first's point (``718. 640.00``). Returns the text and the values a reader should find."""
    gold = golden_rows(seed, "general_budget")
    book = codebook("function")
    lines = ["一般公共预算财政拨款支出决算表", "", "单位: 万元", "项目", "科目编码  科目名称  合计  基本支出  项目支出"]
    expected: Values = {}
    rows = [("合计", gold.pop("合计")), *gold.items()]
    for k, (row, cells) in enumerate(rows):
        figures = [cells.get(c, "0.00") for c in COLUMNS]
        label = "合计" if row == "合计" else f"{row}  {book.entries[row].name}"
        if 1 <= k <= cut:
            printed = f"{figures[0]}     {figures[1][:2]}"
            expected[("general_budget", row, "合计")] = figures[0]
        else:
            printed = "     ".join(figures)
            if glued and row != "合计":
                printed = f"{figures[0]}     {figures[1].replace('.', '. ')}{figures[2]}"
            expected.update({("general_budget", row, c): v for c, v in zip(COLUMNS, figures, strict=True)})
        lines.append(f"{label}     {printed}")
    return seed_with_table(
        seed, "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表", lines
    ), expected


def test_rows_cut_at_the_right_in_another_report(tmp_path: Path) -> None:
    # seed 000's table 05 so cropped: its first eight rows print their totals only; every total reads, the rows
    # below whole, and nothing of a cut row's other cells
    text, expected = _seed_table_05(SEED_000, cut=8)
    _res, read, _gold = _read(tmp_path, SEED_000, text, "general_budget")
    nonzero = {k: v for k, v in expected.items() if Decimal(v) != 0}
    assert not {k: v for k, v in read.items() if expected.get(k) != v}
    assert nonzero.items() <= read.items()


def test_figures_glued_behind_a_spaced_point_are_two(tmp_path: Path) -> None:
    # ghzy's table 05 on tesseract's light scan of draw AV: ``208 业支 754.75 754. 750.00`` — 基本支出's 754.75
    # printed with a space after its point and 项目支出's 0.00 glued to it. Read as ``754.`` (dropped) and 750.00,
    # and with ``2080502 ， 28.] 28, 全0.00`` taken for prose (a clause between commas) and ending the table
    # there, none of its 59 values was read. The space says where the cents begin: two digits, then the next
    # figure; a clause between commas holds a word
    _res, read, gold = _read(tmp_path, GHZY, _text(DATA / "AV_tesseract_light_ghzy.txt"), "general_budget")
    assert not _wrong(read, gold)
    for row in ("208", "2080505", "210", "2101102", "212", "220", "2200199", "221", "合计"):
        assert ("general_budget", row, "基本支出") in read, row
    assert read[("general_budget", "212", "项目支出")] == "2259.65"
    assert read[("general_budget", "2200199", "合计")] == "45.00"


def test_figures_glued_behind_a_spaced_point_in_another_report(tmp_path: Path) -> None:
    # seed 000's table 05 so printed (``20601  行政运行  718.64     718. 640.00``): every figure read
    text, expected = _seed_table_05(SEED_000, glued=True)
    assert "718. 640.00" in text
    _res, read, _gold = _read(tmp_path, SEED_000, text, "general_budget")
    nonzero = {k: v for k, v in expected.items() if Decimal(v) != 0}
    assert not {k: v for k, v in read.items() if expected.get(k) != v}
    assert nonzero.items() <= read.items()


def test_a_header_that_lost_column_names_considers_every_column(tmp_path: Path) -> None:
    # ghzy's table 03 on tesseract's light scan of draw AV: the header printed ``对附属单位`` / ``As |`` /
    # ``助支出`` — one column's name read — over rows of three figures, so each row's three figures had one
    # column to go to and every figure of the table was unread. Most rows printing more figures than the header
    # names columns, every template column is considered; table 05 then says which (row by row)
    _res, read, gold = _read(tmp_path, GHZY, _text(DATA / "AV_tesseract_light_ghzy.txt"), "expenditure")
    assert not _wrong(read, gold)
    nonzero = {k for k, v in gold.items() if Decimal(v) != 0}
    assert nonzero <= read.keys()


def test_a_header_that_lost_column_names_in_another_report(tmp_path: Path) -> None:
    # seed 000's table 03 printed as ghzy prints it, its header so garbled: every figure read
    text, expected = _seed_table_03(SEED_000)
    header = "本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出"
    assert header in text
    text = text.replace(header, "对附属单位\nAs |\n助支出", 1)
    _res, read, _gold = _read(tmp_path, SEED_000, text, "expenditure")
    assert read == expected


def test_a_row_between_commas_is_no_prose(tmp_path: Path) -> None:
    # seed 000's table 05 with one row printed as tesseract printed ghzy's 2080502 on draw AV (``2080502 ， 28.]
    # 28, 全0.00``: a speck read as a comma, a comma for a point): a clause between commas, taken for prose, ended
    # the table there. Every row below it is read
    text, expected = _seed_table_05(SEED_000)
    row = next(line for line in text.splitlines() if line.startswith("20607 "))
    text = text.replace(row, "20607  ， 832.] 83, 全0.00", 1)
    _res, read, _gold = _read(tmp_path, SEED_000, text, "general_budget")
    below = {k: v for k, v in expected.items() if k[1] in ("2060702", "208", "221", "2210201") and Decimal(v) != 0}
    assert below and below.items() <= read.items()
    assert not {k: v for k, v in read.items() if expected.get(k) != v}


CZJ = "shanghai_putuo_czj_2024"


def test_table_02_read_without_the_anchors_a_misread_table_01_gives(tmp_path: Path) -> None:
    # czj's tables 01 and 02 on tesseract's light scan of draw AV: table 01 printed 6.20 and 2,946.25 as ``0.20``
    # and ``2,940.25`` (a 6 read 0 in both: its sum holds) — and its blank rows besides. Table 02, anchored by
    # them, failed whichever way it was read, so the dispute between the two tables (table 02 confirms 2,946.25)
    # was never seen, and two wrong values of table 01 emitted. Table 02 is read without those anchors where
    # they fail it: table 01's misread rows are then unread, and table 02 keeps its own reading
    res, read, gold = _read(tmp_path, CZJ, _text(DATA / "AV_tesseract_light_czj.txt"), "income")
    assert not _wrong(read, gold)
    assert read[("income", "合计", "本年收入合计")] == "2946.25" and len(read) >= 19
    summary = {(f.table, f.row, f.col): f.value for f in res.facts if f.table == "summary"}
    assert ("summary", "其他收入", "金额") not in summary and ("summary", "本年收入合计", "金额") not in summary


def test_table_02_without_misread_anchors_in_another_report(tmp_path: Path) -> None:
    # seed 000 in tesseract's text with table 01's income figure and 本年收入合计 misread alike (``1,908.01``):
    # table 01's income sum holds with both, table 02's 1,903.01 is confirmed by its own sums
    text = _text(ROOT / "tests" / "data" / "tesseract_seed000_light.txt")
    lines = text.split("\n")
    for k in (9, 35):
        assert "1,903.01" in lines[k]
        lines[k] = lines[k].replace("1,903.01", "1,908.01", 1)
    res, read, gold = _read(tmp_path, SEED_000, "\n".join(lines), "income")
    assert not _wrong(read, gold) and read[("income", "合计", "本年收入合计")] == "1903.01"
    summary = {(f.table, f.row, f.col): f.value for f in res.facts if f.table == "summary"}
    assert ("summary", "本年收入合计", "金额") not in summary
