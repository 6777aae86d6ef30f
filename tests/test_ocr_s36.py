"""A row's figures out of column order in a table read box by box, and figures whose whole digits were lost
(thirty-sixth stop).

``tests/data/damaged_s36`` holds two engines' text of the corpus' scans as the engines printed them, from draw AX
(held out, made at this stop's start with the code as it landed, scored, then read): RapidOCR's plain text of czj's
heavy scan and tesseract's of ghzy's light one; and tesseract's of ghzy's light scan of draw AO (development).
Every value read must be the golden one.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from extractor.codes import codebook
from tests.test_ocr_s18 import ROOT
from tests.test_ocr_s22 import Values, _read, _text, _wrong
from tests.test_ocr_s34 import golden_rows, seed_with_table
from tests.test_ocr_text import _amount

DATA = ROOT / "tests" / "data" / "damaged_s36"
CZJ, GHZY = "shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024"
SEED_000, SEED_002 = "000_d2cac5324267c124", "002_846b8c47d01900a7"
SPENT = ("本年支出合计", "基本支出", "项目支出")
BUDGET = ("合计", "基本支出", "项目支出")


def test_rows_printed_out_of_order_ahead_of_their_codes(tmp_path: Path) -> None:
    # czj's table 03 on RapidOCR's heavy scan of draw AX: the top rows print their figures ahead of their codes,
    # 行政运行's as 基本支出, 合计, 项目支出 (``1,503.52`` / ``1,511.89`` / ``8.37`` / ``201 06 10 行政运行``), and from
    # 其他行政事业单位养老支出 on each row's figures print after the next row's name. Read box by box, 行政运行
    # took its figures in column order only, so no reading held: 16 of 44 read
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "AX_rapidocr_heavy_czj.txt"), "expenditure")
    assert not _wrong(read, gold)
    assert read == gold
    assert read[("expenditure", "2010601", "本年支出合计")] == "1511.89"


def _seed_table_03_boxes(seed: str, late_from: str, scrambled: str) -> tuple[str, Values]:
    """Seed ``seed``'s table 03 as RapidOCR prints a skewed scan, one box per line: the header, then each row's
    figures (its blank cells print nothing) ahead of its code and name — ``scrambled``'s as 基本支出, 合计, the
    rest — and from row ``late_from`` on each row's figures after the next row's name (the last row's after its
    own). Returns the text and the values a reader should find."""
    gold = golden_rows(seed, "expenditure")
    book = codebook("function")
    header = [*SPENT, "上缴上级支出", "经营支出", "对附属单位补助支出", "科目编码", "科目名称"]
    total = gold.pop("合计")
    lines = ["支出决算表", "单位：万元", "项目", *header, "合计", *(total[c] for c in SPENT if c in total)]
    codes = list(gold)
    late = codes.index(late_from)

    def figures(row: str) -> list[str]:
        printed = [gold[row][c] for c in SPENT if c in gold[row]]
        return [printed[1], printed[0], *printed[2:]] if row == scrambled else printed

    for k, row in enumerate(codes):
        if k < late:
            lines += [*figures(row), row, book.entries[row].name]
        else:
            lines += [row, book.entries[row].name, *(figures(codes[k - 1]) if k > late else [])]
    lines += figures(codes[-1])
    expected = {("expenditure", row, c): v for row, cells in [("合计", total), *gold.items()] for c, v in cells.items()}
    return seed_with_table(seed, "支出决算表", "\n财政拨款收入支出决算总表\n", lines), expected


def test_rows_printed_out_of_order_ahead_of_their_codes_in_another_report(tmp_path: Path) -> None:
    # seed 002's table 03 so printed, 20605's figures as 304.14 / 333.22 / 29.08 (基本支出, 合计, 项目支出), the
    # rows from 208 on a row late: every figure read, 20605's in its columns
    text, expected = _seed_table_03_boxes(SEED_002, "208", "20605")
    _res, read, _gold = _read(tmp_path, SEED_002, text, "expenditure")
    assert not _wrong(read, expected)
    assert read[("expenditure", "20605", "本年支出合计")] == "333.22"
    assert read[("expenditure", "20605", "基本支出")] == "304.14"
    assert {k for k in expected if k[1] in ("208", "21011", "2210201")} <= set(read)


def test_figures_whose_whole_digits_were_lost_read_by_their_cents(tmp_path: Path) -> None:
    # ghzy's table 05 on tesseract's light scan of draw AX: a band of the page lost the first column's whole digits
    # in the rows of 210 and 221 (``210 卫生健康支出 .64 236. 64 .00``). ``.64`` is the cents of a figure the table
    # prints (236.64, 基本支出's beside it): read as it where the identities confirm it — a repair, its print kept
    res, read, gold = _read(tmp_path, GHZY, _text(DATA / "AX_tesseract_light_ghzy.txt"), "general_budget")
    assert not _wrong(read, gold)
    for row in ("210", "21011", "2101101", "2101102", "221"):
        assert read[("general_budget", row, "合计")] == gold[("general_budget", row, "合计")]
    a = _amount(res, "general_budget", "210", "合计")
    assert a is not None and a.plain() == "236.64"
    assert a.repaired_from == ".64" and a.confidence == "repaired"
    assert res.source.text[a.span[0] : a.span[1]] == ".64"  # the span is what was printed


def _seed_table_05_stubs(seed: str, stubs: set[str]) -> tuple[str, Values]:
    """Seed ``seed``'s table 05 as tesseract prints a scan, columns of spaces, the ``stubs`` rows' 合计 printed as
    its point and cents alone (``.64``). Returns the text and every value of the table."""
    gold = golden_rows(seed, "general_budget")
    book = codebook("function")
    lines = ["一般公共预算财政拨款支出决算表", "", "单位: 万元", "项目", "科目编码  科目名称  合计  基本支出  项目支出"]
    rows = [("合计", gold.pop("合计")), *gold.items()]
    expected: Values = {}
    for row, cells in rows:
        figures = [cells.get(c, "0.00") for c in BUDGET]
        expected.update({("general_budget", row, c): v for c, v in zip(BUDGET, figures, strict=True)})
        if row in stubs:
            figures[0] = "." + figures[0].partition(".")[2]
        label = "合计" if row == "合计" else f"{row}  {book.entries[row].name}"
        lines.append(f"{label}     " + "     ".join(figures))
    text = seed_with_table(seed, "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表", lines)
    return text, expected


def test_figures_whose_whole_digits_were_lost_in_another_report(tmp_path: Path) -> None:
    # seed 000's table 05 with four rows' totals so printed (``2080501  行政单位离退休  .90  157.90  0.00``): each
    # read by its cents as the figure its row prints, no wrong value; a print of cents no figure of the table has
    # is no reading at all
    gold = golden_rows(SEED_000, "general_budget")
    stubs = {"2080501", "2080505", "21011", "2210201"}
    text, expected = _seed_table_05_stubs(SEED_000, stubs)
    _res, read, _gold = _read(tmp_path, SEED_000, text, "general_budget")
    assert not _wrong(read, expected)
    for row in stubs:
        assert read[("general_budget", row, "合计")] == gold[row]["合计"]
    assert all(Decimal(v) >= 0 for v in read.values())


def test_a_band_lost_over_a_column_in_a_run_of_rows(tmp_path: Path) -> None:
    # ghzy's table 05 on tesseract's light scans of draws AX (held out) and AO (development): a band of the page
    # lost the first column of the rows from 208 down (``2080501 单位离退 .史 54.53 .00``, ``20805 , 754.75 .00``
    # with nothing left of it) and the last of the rows from 212 down (``212 城乡社区支出 3832.36 1572.70 .5``).
    # Each such row's other figures are read in their own columns, checked by the column sums to the cent; the lost
    # cells are unknown — never read, never blanks for another table's anchors
    for name, left in (("AX", "208"), ("AO", "208")):
        res, read, gold = _read(tmp_path, GHZY, _text(DATA / f"{name}_tesseract_light_ghzy.txt"), "general_budget")
        assert not _wrong(read, gold), name
        assert read[("general_budget", left, "基本支出")] == "754.75", name
        assert ("general_budget", left, "合计") not in read, name  # (its print lost: unknown)
        assert read[("general_budget", "2080505", "基本支出")] == "446.11", name
        band = {
            u.row for u in res.extraction.unread if u.table == "general_budget" and "a band of the scan" in u.reason
        }
        assert {"208", "2080501"} <= band, name
    _res, read, gold = _read(tmp_path, GHZY, _text(DATA / "AX_tesseract_light_ghzy.txt"), "general_budget")
    assert (
        read[("general_budget", "212", "合计")] == "3832.36"
        and read[("general_budget", "212", "基本支出")] == "1572.70"
    )
    assert ("general_budget", "212", "项目支出") not in read
    # ``2200199 .00 0.00 .00`` (45.00, 0.00, 45.00): zeros without their whole digit that only the row's own sum
    # checks are no reading of 0.00
    assert ("general_budget", "2200199", "合计") not in read and ("general_budget", "2200199", "项目支出") not in read


def seed_table_05_band(
    seed: str, first: set[str], last: set[str], dropped: frozenset[str] = frozenset()
) -> tuple[str, Values]:
    """Seed ``seed``'s table 05 as tesseract prints a scan a band of which was lost: the ``first`` rows print what
    is left of their 合计 (two digits of it, or a point and a character), the ``last`` rows of their 项目支出 (a
    point and a digit), the ``dropped`` rows nothing of their 项目支出. Returns the text and the values a reader
    should find (not the lost cells)."""
    gold = golden_rows(seed, "general_budget")
    book = codebook("function")
    lines = ["一般公共预算财政拨款支出决算表", "", "单位: 万元", "项目", "科目编码  科目名称  合计  基本支出  项目支出"]
    rows = [("合计", gold.pop("合计")), *gold.items()]
    expected: Values = {}
    for k, (row, cells) in enumerate(rows):
        figures = [cells.get(c, "0.00") for c in BUDGET]
        kept = dict(zip(BUDGET, figures, strict=True))
        if row in first:
            figures[0] = figures[0][-2:] if k % 2 else ".而"
            del kept["合计"]
        if row in last:
            figures[-1] = "." + figures[-1][0]
            del kept["项目支出"]
        if row in dropped:
            figures = figures[:-1]
            del kept["项目支出"]
        expected.update({("general_budget", row, c): v for c, v in kept.items()})
        label = "合计" if row == "合计" else f"{row}  {book.entries[row].name}"
        lines.append(f"{label}     " + "     ".join(figures))
    text = seed_with_table(seed, "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表", lines)
    return text, expected


def test_a_band_lost_over_a_column_in_another_report(tmp_path: Path) -> None:
    # seed 000's table 05 so damaged: 206's rows lost their totals, 208's their 项目支出; every other cell of theirs
    # read, none of the lost ones
    first = {"20601", "2060101", "20607", "2060702", "2060704", "2060799"}
    last = {"208", "20805", "2080501", "2080505", "2080506"}
    text, expected = seed_table_05_band(SEED_000, first, last)
    _res, read, _gold = _read(tmp_path, SEED_000, text, "general_budget")
    assert not _wrong(read, expected)
    assert {k for k in expected if Decimal(expected[k]) != 0} <= set(read)
    assert not any(("general_budget", row, "合计") in read for row in first)
    assert not any(("general_budget", row, "项目支出") in read for row in last)
