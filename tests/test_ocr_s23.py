"""A garbled name beside a 款 box the other group prints too, and figures the identities leave between two rows
of table 01 placed by the side of their labels the page prints its figures (twenty-third stop).

``tests/data/damaged_s23`` holds RapidOCR's own text of czj's heavy scans from draw X of ``eval/bench_ocr_text.py``
(held out when drawn at the twenty-second stop and scored then, development since), committed as the engine
printed it. Every value read must be the golden one.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_s18 import CZJ, GHZY, ROOT, _cell
from tests.test_ocr_s22 import _missing, _read, _text, _wrong

DATA = ROOT / "tests" / "data" / "damaged_s23"
X_CZJ = DATA / "X_rapidocr_heavy_czj.txt"
DRAW_F = "rapidocr_czj_heavy_01_02_drawF.txt"


# --- table 06: a name garbled beyond reading, on a line printing one 款 box twice ---------------------------


def test_a_garbled_name_beside_a_kuan_box_the_other_group_prints_too(tmp_path: Path) -> None:
    # czj's table 06 on draw X's heavy scan: ``301 | 02 | 雅 | 1,238.58 | 302 | 02 | 印刷费 | 7.61`` — 津贴补贴
    # garbled beyond reading. A 类 box with no name is the row its 款 box reads, unless a name of the line claims
    # that box: 印刷费 (30202) claimed "02" and with it both ``02`` boxes, the line paired no row to 301, and
    # every line's figures were left open: 15 of 29 read
    res, read, gold = _read(tmp_path, CZJ, _text(X_CZJ), "basic_by_economic")
    assert _wrong(read, gold) == {}
    assert read[("basic_by_economic", "30102", "决算数")] == "1238.58"
    # 30199's figure is printed ``£0.103`` (91.03): unread, with its print — the only one
    assert _missing(read, gold) == {("basic_by_economic", "30199", "决算数")}
    unread = res.extraction.model_dump(mode="json")["unread"]
    assert any(u["what"] == "basic_by_economic/30199" and "beyond reading" in u["reason"] for u in unread)


def test_the_same_in_another_rendering_on_the_line_of_the_first_kuan_boxes(tmp_path: Path) -> None:
    # draw W's heavy scan of the same table, 基本工资 garbled the same way on the line printing ``01`` twice
    # (``301 | 01 | 雅 | 302 | 262.33 | 01 | 办公费 | 21.21``)
    text = _text(ROOT / "tests" / "data" / "damaged_s22" / "W_rapidocr_heavy_czj.txt")
    assert text.count("\n基本工资\n") == 1
    _res, read, gold = _read(tmp_path, CZJ, text.replace("\n基本工资\n", "\n雅\n"), "basic_by_economic")
    assert _wrong(read, gold) == {} and len(read) == len(gold) == 29


# --- table 01: a figure between two rows of one side, by the side of its label the page prints ---------------


def test_figures_between_two_rows_take_the_side_of_their_labels_the_page_prints_them(tmp_path: Path) -> None:
    # czj's table 01 on draw X's heavy scan lists each printed line's figures before its labels (``326.71`` /
    # ``6.20`` / ``八、社会保障和就业支出`` / ``八、其他收入``); every figure the identities placed sits before its
    # row's label, on both sides. 6.20 fits 附属单位上缴收入 (七、, above it) as well as 其他收入, and 49.14 and
    # 55.34 fit 使用非财政拨款结余 as well as 年初结转和结余: only the rows after them are theirs. 9 of 12 read
    res, read, gold = _read(tmp_path, CZJ, _text(X_CZJ), "summary")
    assert read == gold and len(read) == 12
    assert read[("summary", "其他收入", "金额")] == "6.20"
    assert _cell(res, "summary", "年初结转和结余", "金额")["value"] == "49.14"


def test_with_them_table_02s_sources_are_told_apart(tmp_path: Path) -> None:
    # table 02 prints ``2,946.25 2,940.05 6.20`` under seven columns: 6.20 is 附属单位上缴收入 or 其他收入 until
    # table 01's 其他收入 pins its 合计 row (40 of 45 read before)
    _res, read, gold = _read(tmp_path, CZJ, _text(X_CZJ), "income")
    assert read == gold and len(read) == 45


def test_the_same_reading_on_another_draw_s_page(tmp_path: Path) -> None:
    # czj's tables 01–02 (the others not in this text) on draw F's heavy scan: 3 of 12 read, 年末结转和结余's
    # 55.34 and 其他收入's 6.20 among those left between two rows; the 类 rows' figures need table 03 to tell
    _res, read, gold = _read(tmp_path, CZJ, _text(ROOT / "tests" / "data" / "income_rotated_s11" / DRAW_F), "summary")
    assert _wrong(read, gold) == {} and len(read) >= 8
    assert read[("summary", "其他收入", "金额")] == "6.20" and read[("summary", "年末结转和结余", "金额")] == "55.34"


def test_a_page_whose_figures_sit_both_ways_of_their_labels_keeps_no_order(tmp_path: Path) -> None:
    # ghzy's table 01 on draw D's heavy scan: the three income figures the identities place sit after their
    # labels, but the expenditure ones sit before (754.75) and after (236.63) theirs — and ``使用非财政拨款结余``
    # / ``100.00`` / ``112.88`` / ``年末结转和结余`` / ``年初结转和结余`` prints 112.88 *before* its label
    # 年初结转和结余. Taking the order of the income side, 112.88 would be 使用非财政拨款结余's: a value wrong
    # that no identity can catch. It stays between the two rows, unread
    _res, read, gold = _read(tmp_path, GHZY, _text(ROOT / "tests" / "data" / "rapidocr_ghzy_heavy.txt"), "summary")
    assert _wrong(read, gold) == {}
    assert ("summary", "使用非财政拨款结余", "金额") not in read
