"""Printed zeros beside a 合计 row that leaves columns blank, figures before a split code, a garbled 类 beside
合计 (thirty-fourth stop).

``tests/data/damaged_s34`` holds tesseract's text of czj's light scans as the engine printed it: draw AR (held
out at the last stop, opened at this one after draw AT was made and scored) and draw AT (held out, made at this
stop's start with the code as it landed, scored, then read). ``tests/data/damaged_s33`` has ghzy's texts. Every
value read must be the golden one.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from extractor.codes import codebook
from tests.test_ocr_s18 import ROOT
from tests.test_ocr_s22 import Values, _read, _text, _wrong

DATA = ROOT / "tests" / "data" / "damaged_s34"
S33 = ROOT / "tests" / "data" / "damaged_s33"
L_HEAVY = ROOT / "tests" / "data" / "cut_short_s14" / "L_tesseract_ghzy_heavy.txt"
CZJ, GHZY, SEED_000 = "shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024", "000_d2cac5324267c124"
COLUMNS = ("本年支出合计", "基本支出", "项目支出")


def test_printed_zeros_take_the_one_column_the_total_row_does_not_leave_blank(tmp_path: Path) -> None:
    # ghzy's table 03 prints 本年支出合计, 基本支出 and 项目支出 in every row — 0.00 where there is nothing — and
    # leaves 上缴上级支出, 经营支出 and 对附属单位补助支出 blank, its 合计 row too. Text without cells loses the
    # blanks, so ``754.75 754.75 0.00`` may put 0.00 under any of four columns zero in that row: its fifteen
    # 0.00 were unread in every engine's text (a converter's too). A column 合计 leaves blank prints nothing in
    # the rows: each is 项目支出's. Tesseract's light scan of draw AQ and RapidOCR's heavy scan of draw AL
    for name in ("AQ_tesseract_light_ghzy", "AL_rapidocr_heavy_ghzy"):
        _res, read, gold = _read(tmp_path, GHZY, _text(S33 / f"{name}.txt"), "expenditure")
        assert not _wrong(read, gold), name
        zeros = {k[1] for k, v in read.items() if k[2] == "项目支出" and Decimal(v) == 0}
        assert {"208", "20805", "2080506", "210", "2101102", "221", "2210203"} <= zeros, name


def golden_rows(seed: str, table: str) -> dict[str, dict[str, str]]:
    """A seed's golden values of one table, row by row: {row: {column: value}} in golden's order."""
    gold: dict[str, dict[str, str]] = {}
    for line in (ROOT / "eval" / "golden" / f"{seed}.facts.jsonl").read_text(encoding="utf-8").splitlines():
        f = json.loads(line)
        if f["table"] == table:
            gold.setdefault(f["row"], {})[f["col"]] = f["value"]
    return gold


def _seed_table_03(seed: str, total: str = "类 款 项 合计", first: str | None = None) -> tuple[str, Values]:
    """Seed ``seed`` with its table 03 printed as ghzy prints it, one space between boxes (RapidOCR's rows): the
    six columns named, each row's code, name and three figures (0.00 where a column is blank), the 合计 row's
    label ``total``; ``first``: the first row's figures as printed instead (damaged). Returns the text and the
    values a reader should find."""
    gold = golden_rows(seed, "expenditure")
    book = codebook("function")
    header = "本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出"
    lines = ["支出决算表", "", "单位: 万元", "项目", header]
    expected: Values = {}
    for k, (row, cells) in enumerate(gold.items()):
        figures = [cells.get(c, "0.00") for c in COLUMNS]
        expected.update({("expenditure", row, c): v for c, v in zip(COLUMNS, figures, strict=True)})
        label = total if row == "合计" else f"{row} {book.entries[row].name}"
        printed = first if first is not None and k == 1 else " ".join(figures)
        lines.append(f"{label} {printed}")
    return seed_with_table(seed, "支出决算表", "注: 本表反映部门本年度各项支出情况。", lines), expected


def seed_with_table(seed: str, title: str, until: str, lines: list[str]) -> str:
    """Seed ``seed``'s text with its table titled ``title`` printed as ``lines`` instead, up to ``until``."""
    seed_text = (ROOT / "eval" / "seeds" / f"{seed}.txt").read_text(encoding="utf-8")
    start = seed_text.index(f"\n{title}\n") + 1
    end = seed_text.index(until, start)
    return seed_text[:start] + "\n".join(lines) + "\n\n" + seed_text[end:]


def test_zeros_so_printed_in_another_report(tmp_path: Path) -> None:
    # seed 000's table 03 printed so (a 项目支出 0.00 in rows of 基本支出 only, a 基本支出 0.00 in rows of 项目支出
    # only): every figure read in its column, the zeros too (before, every 项目支出 0.00 was unread)
    text, expected = _seed_table_03(SEED_000)
    _res, read, _gold = _read(tmp_path, SEED_000, text, "expenditure")
    assert read == expected


def test_figures_whose_points_were_lost_before_a_split_code_are_not_read_into_it(tmp_path: Path) -> None:
    # czj's table 03 on tesseract's light scan of draw AR: ``06 | 01 |行政运行 51189 | 203 | 837`` / ``06 02 |
    # 一般行政管理事务 10.00 10.00`` — 2010601's figures with their points lost. ``203 837 06 02`` was taken for one
    # code and repaired by the name to 2070602 (a row of another 类: a wrong value, 2010602's missing). A group of
    # three digits is no 款 or 项: what precedes a split code's two-digit groups so is figures, not code
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "AR_tesseract_light_czj.txt"), "expenditure")
    assert not _wrong(read, gold)
    assert read[("expenditure", "2010602", "项目支出")] == "10.00"


def test_a_total_row_beside_a_garbled_level_word_is_the_total(tmp_path: Path) -> None:
    # czj's table 03 on tesseract's light scan of draw AT: ``关 款 项 A计 2 940.05 2.336.91 603.14`` (类 read as 关,
    # 合计 as A计) above ``201 一般公共服务支出 16 |`` (201's figures lost): the 合计 row was not known, and its
    # figures were read as 201's — two wrong values. Beside the code columns' sub-headers, one of them garbled to
    # another character, a word of two is the 合计 row
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "AT_tesseract_light_czj.txt"), "expenditure")
    assert not _wrong(read, gold)
    assert read[("expenditure", "合计", "本年支出合计")] == "2940.05"


def test_a_garbled_level_word_in_another_report(tmp_path: Path) -> None:
    # seed 000's table 03 printed so, its 合计 row labelled ``关 款 项 A计`` and 206's figures lost but one digit
    text, expected = _seed_table_03(SEED_000, total="关 款 项 A计", first="16 |")
    _res, read, _gold = _read(tmp_path, SEED_000, text, "expenditure")
    assert not {k: v for k, v in read.items() if expected.get(k) != v}
    assert read[("expenditure", "合计", "本年支出合计")] == "1903.01"


def test_a_column_the_ocr_lost_leaves_its_rows_totals_read(tmp_path: Path) -> None:
    # czj's table 02 on tesseract's light scan of draw AR lost its 其他收入 figures (``合计 2.946.25 2,940.05``:
    # 6.20 gone; 201, 20106 and 2010602 likewise): each such row's total is more than its other figures' sum, so
    # no placement held its own sum and the rows were unread. With one column's cell unknown in each such row and
    # out of the sums, their totals read (the lost cells noted, not taken for blanks)
    res, read, gold = _read(tmp_path, CZJ, _text(DATA / "AR_tesseract_light_czj.txt"), "income")
    assert not _wrong(read, gold)
    assert {read.get(("income", row, "本年收入合计")) for row in ("合计", "201", "20106")} == {"2946.25", "2112.86"}
    notes = {u.row for u in res.extraction.unread if u.table == "income" and "a figure the OCR lost" in u.reason}
    assert {"合计", "201", "20106"} <= notes
    assert ("income", "合计", "其他收入") not in read


def test_a_lost_column_in_another_report(tmp_path: Path) -> None:
    # ghzy's table 04 on tesseract's heavy scan of draw L: 2120101 and 合计 lost their 项目支出 figures the same way
    _res, read, gold = _read(tmp_path, GHZY, _text(L_HEAVY), "general_budget")
    assert not _wrong(read, gold)
    assert read[("general_budget", "合计", "基本支出")] == "5364.75"
    assert read[("general_budget", "2120101", "基本支出")] == "1084.02"
