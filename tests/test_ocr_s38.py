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
from tests.test_ocr_s22 import _read, _text, _wrong

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
