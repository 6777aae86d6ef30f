"""Tesseract's text of draw AH (held out when drawn and scored at the twenty-eighth stop, development since) and
of draw Z's heavy scan: a short title with a character misread (``收入雇算表``), a figure whose leading digits
were read as one CJK character (``折1.08`` for 461.08), a ``公开09表`` marker whose title OCR garbled beyond
matching, a clean figure with a digit lost that an identity gives (``12.88`` for 112.88), table 01's 类 rows
misread by a face's look-alike digits that tables 03 and 05 confirm (czj's 6 read 0), and a 类 row whose code a
garbled margin took, its name printed whole.

``tests/data/damaged_s29`` holds the engines' texts as they printed them: tesseract's of the light scan of draw AH
(ghzy, czj, seeds 000 and 003) and of ghzy's heavy scan of draw Z. Every value read must be the golden one.
"""

from __future__ import annotations

from pathlib import Path

from extractor.segment import find_tables
from extractor.template import near_title
from tests.test_ocr_s18 import CZJ, GHZY, ROOT
from tests.test_ocr_s22 import _flags, _missing, _read, _text, _wrong

DATA = ROOT / "tests" / "data" / "damaged_s29"
AH_GHZY = DATA / "AH_tesseract_light_ghzy.txt"
AH_CZJ = DATA / "AH_tesseract_light_czj.txt"
AH_000 = DATA / "AH_tesseract_light_000.txt"
AH_003 = DATA / "AH_tesseract_light_003.txt"
Z_GHZY = DATA / "Z_tesseract_heavy_ghzy.txt"
CZJ_220 = ROOT / "tests" / "data" / "rendered_s28" / "czj_tesseract_220dpi.txt"
SEED_000 = "000_d2cac5324267c124"
SEED_003 = "003_9ee8868df83b9797"


def _kinds(text: str) -> list[str]:
    return [t.kind for t in find_tables(text)[0]]


# --- a short title with one character misread ------------------------------------------------------------------


def test_a_short_title_one_character_off_is_its_table_where_the_header_says_so(tmp_path: Path) -> None:
    # ghzy's 收入决算表 printed ``收入雇算表`` (draw AH, light scan). A title of five characters allows no misread by
    # itself (收入决算表 and 支出决算表 are two apart), so the table was lost and its 50 values with it: 0/50. One
    # character off one title and farther from every other, with a header of that table's words below, it is
    _res, read, gold = _read(tmp_path, GHZY, _text(AH_GHZY), "income")
    assert _wrong(read, gold) == {}
    assert len(read) >= 48
    assert read[("income", "2120201", "本年收入合计")] == "2739.56"


def test_the_same_title_on_a_heavy_scan_whose_header_garbles_two_of_its_words(tmp_path: Path) -> None:
    # draw Z's heavy scan of ghzy: ``收入雇算表`` again, its header's 事业收入 and 附属单位上缴收入 garbled
    # (``事业下入``, ``上拆收入``) — one of the words only table 02 prints is enough with the title one character off
    assert "income" not in _kinds(_text(Z_GHZY).replace("收入雇算表", "收入雇算单"))
    _res, read, gold = _read(tmp_path, GHZY, _text(Z_GHZY), "income")
    assert _wrong(read, gold) == {}
    assert len(read) >= 30


def test_both_short_titles_of_another_report_read_with_a_character_misread(tmp_path: Path) -> None:
    # czj at 220 dpi prints both short titles cleanly; with a middle character of each misread they are found
    text = _text(CZJ_220)
    assert text.count("\n收入决算表\n") == 1 and text.count("\n支出决算表\n") == 1
    damaged = text.replace("\n收入决算表\n", "\n收入次算表\n").replace("\n支出决算表\n", "\n支出决窘表\n")
    for table in ("income", "expenditure"):
        _res, read, gold = _read(tmp_path, CZJ, text, table)
        _res, again, _gold = _read(tmp_path, CZJ, damaged, table)
        assert again == read and _wrong(read, gold) == {} and len(read) >= 20


def test_a_budget_reports_title_is_no_misread_final_accounts_title() -> None:
    # 预 for 决 makes a real word: 收入预算表 is a budget report's table, not table 02 misread
    assert near_title("收入雇算表") == "income"
    assert near_title("支出决窘表") == "expenditure"
    assert near_title("收入预算表") is None
    assert near_title("一、收入雇算表") is None  # (a table of contents entry)
    assert near_title("收支雇算表") is None  # (two characters off: no title)


# --- a figure whose leading digits read as one CJK character ------------------------------------------------------


def test_a_figure_led_by_a_lone_cjk_character_is_a_repair_an_identity_must_confirm(tmp_path: Path) -> None:
    # draw Z's heavy scan of ghzy, table 02 (its title read cleanly here, to see this alone): ``22  住房保隧支出
    # 折1.08  直1.08`` — 461.08 with its 46 read as one character in both cells. Read as clean figures, the row's
    # own identity held with 1.08, and 1.08 was emitted for class 221 twice. A figure glued behind a lone CJK
    # character is a candidate only: no identity confirms 1.08, and 221 is not read so
    text = _text(Z_GHZY).replace("收入雇算表", "收入决算表")
    _res, read, gold = _read(tmp_path, GHZY, text, "income")
    assert _wrong(read, gold) == {}
    assert len(read) >= 30


def test_a_figure_led_by_a_lone_cjk_character_is_filled_by_the_identities_on_another_report(tmp_path: Path) -> None:
    # czj at 220 dpi with class 221's figures so damaged in both its cells (``和5.69``, 44 read as 和): the clean
    # readings held the row's own identity and failed 221 = 22102; as repairs, 22102's 445.69 — which the print is
    # with digits lost — fills them, the sums over 221 vouching
    text = _text(CZJ_220)
    row = next(line for line in text.splitlines() if line.startswith("221 ") and "住房保障支出" in line)
    assert row.count("445.69") == 2
    _res, read, gold = _read(tmp_path, CZJ, text.replace(row, row.replace(" 445.69", " 和5.69")), "income")
    assert _wrong(read, gold) == {}
    assert read[("income", "221", "本年收入合计")] == "445.69" == read[("income", "221", "财政拨款收入")]


# --- a 公开NN表 marker whose title OCR garbled -----------------------------------------------------------------


def test_a_marker_whose_title_is_garbled_marks_its_table_where_the_words_below_confirm(tmp_path: Path) -> None:
    # seed 000's 三公 table on draw AH's light scan: ``财政所`` / ``公开 09 表`` / …, the title's words printed after
    # the table (``舱'"二公`` / ``经费文出决算表``). No title matched, and the table was reported missing: 0/6. The
    # marker's number names table 09 of the template, and its rows' words (因公出国, 公务接待, 预算, 决算) confirm it
    assert "three_public" in _kinds(_text(AH_000))
    _res, read, gold = _read(tmp_path, SEED_000, _text(AH_000), "three_public")
    assert _wrong(read, gold) == {}
    assert read[("three_public", "合计", "决算数")] == "1.81"


def test_the_same_on_another_report_in_the_wide_layout(tmp_path: Path) -> None:
    # seed 003's 三公 table (wide) on the same draw, its title line replaced by garbage
    text = _text(AH_003)
    title = "般公共预算财政拨款三公?经费文出决算表"
    assert text.count(title) == 1
    _res, read, gold = _read(tmp_path, SEED_003, text.replace(title, "财政所人"), "three_public")
    assert _wrong(read, gold) == {} and len(read) >= 8
    # a marker whose rows say another table's words marks nothing: the number alone decides no table
    assert "three_public" not in _kinds(text.replace(title, "财政所人").replace("公开09表", "公开02表"))


# --- a clean figure with a digit lost that an identity gives -------------------------------------------------------


def test_a_clean_print_with_a_digit_lost_is_read_as_the_identity_gives(tmp_path: Path) -> None:
    # ghzy's table 01 on draw AH: 年初结转和结余 printed ``12.88`` (112.88, a 1 lost). 收入总计 9,859.38 =
    # 本年收入合计 9,746.50 + 年初结转和结余 failed, and the whole income side was unread: 9/12. The identity gives
    # 112.88, which the print is with a digit lost — a repair, flagged
    res, read, gold = _read(tmp_path, GHZY, _text(AH_GHZY), "summary")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()
    assert read[("summary", "年初结转和结余", "金额")] == "112.88"
    assert any("'12.88'" in m for m in _flags(res, "ocr.repaired"))


def test_a_clean_print_with_a_digit_too_many_is_not_read_where_no_identity_gives_it(tmp_path: Path) -> None:
    # the same table with 本年收入合计 printed with a digit added as well: two unknowns under one identity —
    # neither is read, and nothing wrong is, where no other table gives either (table 02's 合计 row damaged too)
    text = _text(AH_GHZY)
    assert text.count("本年收入合计\n\n9746. 50") == 1
    damaged = text.replace("本年收入合计\n\n9746. 50", "本年收入合计\n\n97446. 50")
    income_total = "合计                                    9746. 50           9746. 50"
    assert damaged.count(income_total) == 1
    alone = damaged.replace(income_total, "合计                                    97了6. 50           97了6. 50")
    _res, read, gold = _read(tmp_path, GHZY, alone, "summary")
    assert _wrong(read, gold) == {}
    assert ("summary", "年初结转和结余", "金额") not in read
    # (since the thirty-second stop, table 02's 合计 row, confirmed there, gives 本年收入合计 9,746.50: the print
    # with a digit too many is read as it, and 年初结转和结余 then by its identity — both right)
    _res, read, gold = _read(tmp_path, GHZY, damaged, "summary")
    assert _wrong(read, gold) == {}
    assert read[("summary", "本年收入合计", "金额")] == "9746.50"


# --- table 01's 类 rows misread by a face's look-alike digits -----------------------------------------------------


def test_class_rows_misread_alike_are_read_as_the_other_tables_confirm(tmp_path: Path) -> None:
    # czj's table 01 on draw AH: ``2,106.60`` (2,106.66), ``320.71`` (326.71), ``4453.69`` (445.69) and 本年收入合计
    # ``2,9406.25`` (2,946.25) — every identity failed together and nothing was read: 0/12. Table 05 confirms the
    # 类 (201 2,106.66; 208 326.72, a cent's rounding off; 221 445.69): each is a candidate reading of the print it
    # is with look-alike digits or a digit added, and Σ 类 = 本年支出合计 decides
    res, read, gold = _read(tmp_path, CZJ, _text(AH_CZJ), "summary")
    assert _wrong(read, gold) == {} and _missing(read, gold) == set()
    assert read[("summary", "社会保障和就业支出", "金额")] == "326.71"
    assert any("'320.71'" in m for m in _flags(res, "ocr.repaired"))


def test_a_class_misread_no_other_table_confirms_stays_unread(tmp_path: Path) -> None:
    # the same with table 05's 201 row misread too (``2,106.68 | 1,503.52  603.16``): its 合计 = 基本 + 项目 still
    # holds but 201 = 20106 fails, so table 05 confirms no 201 and table 01 has no candidate for ``2,106.60``
    text = _text(AH_CZJ)
    row = next(line for line in text.splitlines() if "一般公共服务支出" in line and "2,106.66 | 1,503.52" in line)
    assert row.startswith("201 ") and row.endswith("603.14")
    damaged = text.replace(row, row.replace("2,106.66", "2,106.68").replace("603.14", "603.16"))
    _res, read, gold = _read(tmp_path, CZJ, damaged, "summary")
    assert _wrong(read, gold) == {}
    assert ("summary", "一般公共服务支出", "金额") not in read


# --- a 类 row whose code was lost, its name printed whole ---------------------------------------------------------

GHZY_220 = ROOT / "tests" / "data" / "rendered_s28" / "ghzy_tesseract_220dpi.txt"


def test_a_class_name_printed_whole_at_a_lines_start_opens_its_row(tmp_path: Path) -> None:
    # czj's table 03 on draw AH: its 类 codes lost with a garbled margin — ``06 | 08 |财政委托业务支出  449 .52  We``
    # / ``社会保障和就业支出  326.72  326.72``. The 类's name was read as the tail of 2010608's label, its figures as
    # 2010608's, and both rows failed. A 类 name printed whole at a line's start, a 类 not printed yet that comes
    # after the ones above, opens that 类's row
    _res, read, gold = _read(tmp_path, CZJ, _text(AH_CZJ), "expenditure")
    assert _wrong(read, gold) == {}
    assert read[("expenditure", "208", "本年支出合计")] == "326.72" == read[("expenditure", "20805", "基本支出")]


def test_the_same_on_another_report_with_two_class_codes_lost(tmp_path: Path) -> None:
    # ghzy at 220 dpi prints its 类 codes; with those of 212 and 221 lost in table 03 the table reads the same
    text = _text(GHZY_220)
    _res, clean, gold = _read(tmp_path, GHZY, text, "expenditure")
    lines = text.splitlines()
    for code, name in (("212", "城乡社区支出"), ("221", "住房保障支出")):
        k = next(k for k, line in enumerate(lines) if k > 326 and line.startswith(code + " ") and name in line)
        lines[k] = lines[k][len(code) :].lstrip()
    _res, read, _gold = _read(tmp_path, GHZY, "\n".join(lines) + "\n", "expenditure")
    assert read == clean and _wrong(read, gold) == {}
    # a class name printed again below its own row (a class printed already) opens nothing
    again = text.replace("2101101", "卫生健康支出\n2101101", 1)
    _res, twice, _gold = _read(tmp_path, GHZY, again, "expenditure")
    assert _wrong(twice, gold) == {}


def test_table_01s_title_two_characters_off_is_no_crash_and_no_other_table(tmp_path: Path) -> None:
    # ``站入支出恋算总表`` (draw AF, ghzy's heavy scan): one character more off 收入支出决算总表 than a title of
    # eight may be, so a candidate — but table 01 prints no words only it prints to confirm it by: the table is
    # not found (the first version of the near-title reading stopped the whole run on it)
    assert near_title("站入支出恋算总表") == "summary"
    text = _text(AH_GHZY).replace("\n收入支出决算总表\n", "\n站入支出恋算总表\n", 1)
    _res, read, _gold = _read(tmp_path, GHZY, text, "summary")
    assert read == {}
    assert "summary" not in _kinds(text) and "income" in _kinds(text)
