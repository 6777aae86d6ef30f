"""A table none of whose placements holds, and a reading of every figure given to the row below that confirms
nothing (thirty-eighth stop).

``tests/data/damaged_s38`` holds RapidOCR's plain text of czj's heavy scan from draws BA (held out at the last
stop, scored, then read at this one) and BC (held out, made at this stop's start with the code as it landed,
scored, then read). Every value read must be the golden one; the pattern is also tested on the second draw's
text with the first draw's damage printed into it.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_s18 import ROOT
from tests.test_ocr_s22 import _flags, _read, _text, _wrong
from tests.test_ocr_s34 import _seed_table_03, seed_with_table

DATA = ROOT / "tests" / "data" / "damaged_s38"
CZJ = "shanghai_putuo_czj_2024"
INCOME = "income"


def test_a_below_reading_that_confirms_nothing_is_not_kept(tmp_path: Path) -> None:
    # czj's table 02 on RapidOCR's heavy scan of draw BA prints 行政运行's 0.01 as ``100`` and, on its second
    # page, 221's box among 2101101's figures (``行政单位医疗`` / ``221`` / ``60.99`` / ``60.99`` / ``住房保障支出``):
    # no placement holds, read by order or with every figure the row below's. The second placed one figure, no
    # identity confirming it, and replaced the first — whose rows the later readings could have read: 0 of 45.
    # Kept as printed, the reading among nearby rows reads the rows whose sums hold
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "BA_rapidocr_heavy_czj.txt"), INCOME)
    assert not _wrong(read, gold)
    assert len(read) >= 32
    assert read[(INCOME, "2010601", "财政拨款收入")] == "1511.89"
    assert read[(INCOME, "208", "本年收入合计")] == "326.72"


def test_a_below_reading_that_confirms_nothing_in_another_draw(tmp_path: Path) -> None:
    # draw BC's text of the same table reads 44 of 45 as printed; with draw BA's two damages printed into it (its
    # ``000`` for 0.01 read ``100``, 221's box moved ahead of 2101101's figures) it read none
    text = _text(DATA / "BC_rapidocr_heavy_czj.txt")
    start = text.index("收入决算表")
    end = text.index("支出决算表", start)
    table = text[start:end]
    for printed, damaged in (
        ("\n1,511.89\n000\n", "\n1,511.89\n100\n"),
        ("\n行政单位医疗\n60.99\n60.99\n221\n住房保障支出\n", "\n行政单位医疗\n221\n60.99\n60.99\n住房保障支出\n"),
    ):
        assert printed in table
        table = table.replace(printed, damaged, 1)
    _res, read, gold = _read(tmp_path, CZJ, text[:start] + table + text[end:], INCOME)
    assert not _wrong(read, gold)
    assert len(read) >= 40
    assert read[(INCOME, "2010601", "财政拨款收入")] == "1511.89"
    assert read[(INCOME, "22102", "本年收入合计")] == "445.69"


SEED_000 = "000_d2cac5324267c124"
SUMMARY = "summary"


def test_a_figure_misread_is_repaired_to_one_another_table_prints(tmp_path: Path) -> None:
    # czj's report rendered at 300 dpi without damage, tesseract's text: its face's 6 reads as 0 and 5 as 3, and
    # table 01 prints ``2,106.00`` for 一般公共服务支出's 2,106.66, ``600.99`` for 60.99, ``2,940.25`` for
    # 本年收入合计's 2,946.25, ``S5.34`` for 55.34 — values the table prints nowhere else, so its sums failed and 2
    # of 12 were read. Tables 02, 03 and 05 print each of them: a reading of the misread print (digits lost or
    # look-alikes) that table 01's sums then vouch for
    _res, read, gold = _read(tmp_path, CZJ, _text(DATA / "clean_tesseract_czj.txt"), SUMMARY)
    assert read[(SUMMARY, "一般公共服务支出", "金额")] == "2106.66"
    assert read[(SUMMARY, "卫生健康支出", "金额")] == "60.99"
    assert read[(SUMMARY, "本年收入合计", "金额")] == "2946.25"
    assert len([k for k in read if k in gold and read[k] == gold[k]]) >= 10
    # (本年支出合计 ``2.940.03`` for 2,940.05 is read as printed: its sums hold within a rounding step — known)
    assert set(_wrong(read, gold)) <= {(SUMMARY, "本年支出合计", "金额")}


def test_a_figure_misread_is_repaired_to_one_the_prose_prints(tmp_path: Path) -> None:
    # seed 000's table 01 printed as tesseract prints it (columns as runs of spaces, 支出总计 ``1, 9O3. 01``), four
    # class figures misread by look-alike digits (``1,556.75`` for 1,550.75, ``288.81``, ``21.98``, ``91.32``) and
    # tables 02 to 05 lost: the prose restates each class's figure, and table 01's sums vouch for the readings
    text = _seed_table_01(("1, 550. 75", "1, 556. 75"), ("238. 81", "288. 81"), ("21. 93", "21. 98"), *_MORE)
    _res, read, gold = _read(tmp_path, SEED_000, text, SUMMARY)
    assert not _wrong(read, gold)
    assert read == gold
    assert read[(SUMMARY, "科学技术支出", "金额")] == "1550.75"


_MORE = (("91. 52", "91. 32"), ("62    1, 903. 01", "62    1, 9O3. 01"))


def _seed_table_01(*misreads: tuple[str, str]) -> str:
    """Seed 000 with its table 01 printed with runs of spaces for its tabs, ``misreads`` (printed, misread) made,
    and its tables 02 to 05 lost."""
    seed = (ROOT / "eval" / "seeds" / f"{SEED_000}.txt").read_text(encoding="utf-8")
    start = seed.index("\n收入支出决算总表\n") + 1
    table = seed[start : seed.index("\n收入决算表\n", start)].replace("\t", "    ")
    for printed, misread in misreads:
        assert printed in table
        table = table.replace(printed, misread, 1)
    return seed_with_table(SEED_000, "收入支出决算总表", "一般公共预算财政拨款基本支出决算表", table.splitlines())


def test_a_figure_that_disagrees_with_another_print_in_converted_text_is_not_mended(tmp_path: Path) -> None:
    # the same misreads with no OCR damage in the table (text converted from a PDF's text layer): a clean print is
    # what the report published, and a figure that disagrees with the prose is the report's inconsistency — the
    # checks' to flag, never mended from another print
    text = _seed_table_01(("1, 550. 75", "1, 556. 75"), ("238. 81", "288. 81"), ("21. 93", "21. 98"), _MORE[0])
    _res, read, _gold = _read(tmp_path, SEED_000, text, SUMMARY)
    assert read.get((SUMMARY, "科学技术支出", "金额")) != "1550.75"


def test_a_clean_print_its_sums_hold_only_within_rounding_takes_the_look_alike_printed_elsewhere(
    tmp_path: Path,
) -> None:
    # czj's table 01 on tesseract's light scan of draw BA prints 本年支出合计 ``2,940.03`` (5 read 3): Σ 类 and
    # 支出总计 − 年末结转和结余 give 2,940.05, within two cents of the print, so the misread was emitted. Tables
    # 02, 03 and 05 print 2,940.05, a look-alike of the print that makes both sums hold to the cent: that is the
    # reading, marked repaired. The table's other misreads (``2,100.60``, ``443.09``) take the other tables' prints
    res, read, gold = _read(tmp_path, CZJ, _text(DATA / "BA_tesseract_light_czj.txt"), SUMMARY)
    assert not _wrong(read, gold)
    assert read == gold
    assert read[(SUMMARY, "本年支出合计", "金额")] == "2940.05"
    assert any("本年支出合计" in m for m in _flags(res, "ocr.repaired"))


def test_a_clean_print_within_rounding_of_its_sums_in_another_report(tmp_path: Path) -> None:
    # seed 000's table 03 printed as RapidOCR's rows print it (20607's ``832.1l``: OCR text), 206's 本年支出合计
    # misread ``1550.73``: its row
    # (718.64 + 832.11) and its 款 (20601 + 20607) give 1,550.75, within rounding of the print; tables 01, 02 and 05
    # and the prose print 1,550.75 — read so. The rest as printed
    text, expected = _seed_table_03(SEED_000)
    for printed, misread in (
        ("\n206 科学技术支出 1550.75 ", "\n206 科学技术支出 1550.73 "),
        (" 832.11 0.00", " 832.1l 0.00"),
    ):
        assert printed in text
        text = text.replace(printed, misread, 1)
    _res, read, _gold = _read(tmp_path, SEED_000, text, "expenditure")
    assert read == expected
