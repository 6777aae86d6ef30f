"""Tables whose own sums the OCR broke past reading, read with what other tables and their other rows say
(thirty-second stop).

``tests/data/damaged_s32`` holds tesseract's texts of light scans from draws AO and AP, as the engine printed them:
AO (held out, made at the last stop with its final code and never opened until this stop) and AP (held out, made
at this stop's start with the code as it landed, scored, then read). Every value read must be the golden one.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_s18 import ROOT
from tests.test_ocr_s22 import _read, _text, _wrong
from tests.test_ocr_s31 import _doc

DATA = ROOT / "tests" / "data" / "damaged_s32"
AP_000 = DATA / "AP_tesseract_light_000.txt"
AO_CZJ, AP_CZJ, AP_002 = (
    DATA / f"{n}.txt" for n in ("AO_tesseract_light_czj", "AP_tesseract_light_czj", "AP_tesseract_light_002")
)
CZJ, SEED_000, SEED_002, SEED_003 = (
    "shanghai_putuo_czj_2024",
    "000_d2cac5324267c124",
    "002_846b8c47d01900a7",
    "003_9ee8868df83b9797",
)


def test_table_01_misread_alike_is_read_with_what_tables_02_03_and_05_confirm(tmp_path: Path) -> None:
    # czj's table 01 on AO: tesseract read the face's 6 as 0 and 5 as 3 — ``2,106.60``, ``3206.71`` (a 0 added),
    # ``600.99``, 本年收入合计 ``2,940.23`` and both 总计 ``2,993.39``. No placement held, and none of its 12 figures
    # was read. Tables 03 and 05 confirm each 类 (326.72 rounds 326.71: the print with its added digit taken out
    # is within that rounding), table 02 confirms 本年收入合计, and the two 总计 — one figure printed twice — are
    # what two identities of different rows each give (2,946.25 + 49.14 and 2,940.05 + 55.34)
    res, read, gold = _read(tmp_path, CZJ, _text(AO_CZJ), "summary")
    assert read == gold
    repaired = {
        f.message.split(" = ")[1].split(" was")[0]
        for f in res.flags
        if f.check == "ocr.repaired" and "summary/" in f.message
    }
    assert {"2106.66", "326.71", "60.99", "2946.25", "2995.39"} <= repaired
    source = _text(AO_CZJ)
    total = next(f for f in res.facts if f.table == "summary" and f.row == "收入总计")
    assert total.span is not None and source[total.span[0] : total.span[1]] == "2,993.39"


def test_table_02_takes_its_columns_from_the_figures_table_01_prints_alike(tmp_path: Path) -> None:
    # czj's table 02 on AO prints ``2.946.25  2.940.05  6.20`` under a header whose 上级补助/事业/附属 words were
    # lost, and table 01, read after it, gave it no anchor: every row's second figure stayed between 财政拨款收入
    # and 经营收入 (20 of 45 read). Table 01 prints 2,940.05 for 一般公共预算财政拨款收入 (its other funds blank)
    # and 6.20 for 其他收入 — the figures table 02's 合计 row prints: two prints of one quantity agree
    _res, read, gold = _read(tmp_path, CZJ, _text(AO_CZJ), "income")
    assert read == gold


def test_rows_of_function_codes_that_print_no_figure_leave_their_classes_read_by_class(tmp_path: Path) -> None:
    # seed 002's table 03 on AP: ``2080502 事业单位离退休 6.T7 1``, ``221 | 住房保障支出 61T.57 6]1.57`` — rows of
    # no figure, taken for blank rows, failed 20805 = Σ 项 and 合计 = Σ 类, and the damaged 206 failed its own: 12 of
    # 57 read (one class). A function code's row is printed because it has figures: its cells are unknown, and each
    # class is read on its own sums
    _res, read, gold = _read(tmp_path, SEED_002, _text(AP_002), "expenditure")
    assert _wrong(read, gold) == {}
    assert len(read) >= 40
    assert read[("expenditure", "20805", "本年支出合计")] == "109.70"
    assert ("expenditure", "2080502", "本年支出合计") not in read


def test_table_01_rows_printed_before_its_first_figure_are_its_rows(tmp_path: Path) -> None:
    # seed 002's table 01 on AP lost the figures of its first income rows (``四、上级补助收入  4`` — the 行次 only):
    # the rows above the first figure were taken for header lines and dropped, so table 02 was told nothing of its
    # 上级补助/事业/经营 columns and read only its 本年收入合计 (24 of 54). Rows the template names by their ordinal
    # are rows: blank there, table 02's second figures are 财政拨款收入
    _res, read, gold = _read(tmp_path, SEED_002, _text(AP_002), "income")
    assert _wrong(read, gold) == {}
    assert len(read) >= 48
    assert read[("income", "20805", "财政拨款收入")] == "109.70"


def test_a_total_label_garbled_into_three_characters_after_the_level_words_is_the_total_row(tmp_path: Path) -> None:
    # czj's table 03 on AP: ``款    项           上A守           2 940.05    2.336.91   603.14`` — the 合计 row
    # after the 类 款 项 sub-headers, its label garbled into three characters; its figures went to 201's row
    source = _text(AP_CZJ)
    assert "款    项           上A守           2 940.05" in source
    _res, read, gold = _read(tmp_path, CZJ, source, "expenditure")
    assert _wrong(read, gold) == {}
    assert read[("expenditure", "合计", "基本支出")] == "2336.91"
    assert read[("expenditure", "合计", "项目支出")] == "603.14"


def test_a_marker_over_rows_only_the_three_public_table_prints_marks_that_table(tmp_path: Path) -> None:
    # seed 000's 三公 table on AP: its title garbled into ``财政所`` above ``公开 09 表``, its header (预算数, 决算数)
    # lost, its title's words printed after it. The marker alone names a table where the lines below confirm its
    # number's table: its rows' own names (因公出国(境)费, 公务接待费, 公务用车…) do, no other table prints them
    source = _text(AP_000)
    assert "财政所\n\n公开 09 表" in source
    _res, read, gold = _read(tmp_path, SEED_000, source, "three_public")
    assert _wrong(read, gold) == {}
    assert read[("three_public", "合计", "预算数")] == "3.00"
    assert read[("three_public", "合计", "决算数")] == "1.81"
    rows = ("合计  3.00  1.81", "1、因公出国(境)费", "2、公务接待费", "3、公务用车购置及运行费  3.00  1.81")
    text = "公开 09 表\n单位：万元\n" + "\n".join(rows) + "\n"
    assert [t.kind for t in _doc(tmp_path, "marked", text).tables] == ["three_public"]
    assert [t.kind for t in _doc(tmp_path, "other", text.replace("09", "07")).tables] == []


def test_a_kuan_code_printed_again_with_its_item_box_garbled_is_a_row_of_that_kuan(tmp_path: Path) -> None:
    # czj's table 02 on AP: 2080506's line prints ``208        05 | 全     ，         80.38            80.38`` under
    # 2080505 — the 款 code, its 项 box garbled into a character. Taken for 20805 printed twice, it was dropped with
    # its figures; 20805 = Σ 项 failed without them, and none of 208's rows was read. A row of 20805 whose code is
    # unreadable: a hole under 20805, whose own sum stays open — its figures unread, until the forty-fifth stop: the
    # report's tables 03 and 05 print one code of 20805 between 2080505 and 2080599 that table 02 lacks, 2080506,
    # and the row is read as it, with a note (``test_code_remnant_s45``)
    source = _text(AP_CZJ)
    assert "208        05 | 全     ，         80.38" in source
    res, read, gold = _read(tmp_path, CZJ, source, "income")
    assert _wrong(read, gold) == {}
    assert read[("income", "208", "财政拨款收入")] == "326.72"
    assert read[("income", "2080505", "本年收入合计")] == "160.75"
    assert read[("income", "2080506", "本年收入合计")] == "80.38"
    notes = [u for u in res.extraction.unread if u.what == "income/2080506"]
    assert len(notes) == 1 and "row code 20805 (what is left of it) read as 2080506" in notes[0].reason
    assert notes[0].span is not None and source[notes[0].span[0] : notes[0].span[1]].startswith("208        05 |")


def test_glued_figures_are_split_below_a_header_that_prints_the_word_total(tmp_path: Path) -> None:
    # seed 003's table 02 on AO: ``合计   收入   收入   上缴收入`` (the header's second line) above ``合计 741.64 |
    # 741.64``. ``6.976.97`` and ``9.329.32`` are a row's two figures glued (6,976.97 exceeds the 合计 row's 741.64,
    # so no cell can be it), but the bound was sought after the header's 合计, which prints no figure: nothing was
    # split. And ``31 .8331.83`` (a space before the first one's point) is two figures too
    source = _text(DATA / "AO_tesseract_light_003.txt")
    assert "合计   收入   收入" in source and "行政单位医疗 6.976.97" in source and "31 .8331.83" in source
    _res, read, gold = _read(tmp_path, SEED_003, source, "income")
    assert _wrong(read, gold) == {}
    for row, value in (("2101101", "6.97"), ("2101102", "9.32"), ("213", "2.99"), ("210", "31.83")):
        assert read[("income", row, "本年收入合计")] == value, row
        assert read[("income", row, "财政拨款收入")] == value, row
