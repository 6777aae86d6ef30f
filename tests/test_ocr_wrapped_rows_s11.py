"""tesseract's plain text of light scans, session 11: a row whose name wraps over two lines with its code printed
below the name's first half, and a row tesseract garbled whole — each shown on two draws.

* A 项 whose long name wraps (``机关事业单位基本养老保险`` / ``缴费支出``) prints the first half on a line of its own
  and the code, without its 类 column, on the next line with the name's tail and the figures (``05 05 岂费支出
  160.75 160.75``). The first half was read as the row (by its name) without figures and ``05 05`` as another row
  of unreadable code, so 20805 = Σ 项 failed and its items, with the 款 and 类 above, were unread (czj's table 02
  on draws F and I; the next row, ``呈 | 06 as 80.38``, then reads as 2080506 under 20805 again).
* The row after it may come out as junk and digits only (``人 、 0 35 ，，`` for 2080506's line in table 03, draw F;
  ``， ， 038 到`` on the tables_01_04 draw): a row stands there, unread, and its parents' sums are open rather than
  failing over its siblings' figures (which stay read).

``tests/data/wrapped_rows_s11`` holds tesseract's text of czj's tables 01–02 on held-out draw I's light scan; the
draw F and tables_01_04 texts are the ones earlier sessions committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import reads_as
from tests.test_ocr_tesseract_gaps import _wrong
from tests.test_ocr_tesseract_tables import _facts, _golden, _read

CZJ = "shanghai_putuo_czj_2024"
DATA = Path(__file__).resolve().parent / "data"
I_TEXT = "wrapped_rows_s11/tesseract_czj_light_01_02_drawI.txt"
F_TEXT = "tesseract_lost_s10/tesseract_czj_light_01_05_drawF.txt"


def _excerpt(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [I_TEXT, F_TEXT])
def test_a_wrapped_names_row_takes_the_code_and_figures_printed_below_it(tmp_path: Path, name: str) -> None:
    """``机关事业单位基本养老保险`` / ``05 05 岂费支出 160.75 160.75``: one row, 2080505, with its figures; the next
    row's ``06`` is 2080506 under 20805, and the 行政事业单位医疗 row below (``11 …``) is 21011 — each 本年收入合计
    as the golden file has it, nothing wrong, every figure at its print."""
    res = _read(tmp_path, CZJ, _excerpt(name))
    read = _facts(res, "income")
    gold = _golden(CZJ)
    for row in ("2080505", "2080506", "21011", "合计"):
        assert read.get((row, "本年收入合计")) == gold[("income", row, "本年收入合计")], row
    assert not _wrong(res, CZJ, "income")
    assert all(reads_as(res.source.text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)


@pytest.mark.parametrize("name", [I_TEXT, F_TEXT])
def test_table_01_takes_the_income_rows_table_02_now_confirms(tmp_path: Path, name: str) -> None:
    """With table 02's 合计 row confirmed (合计 = Σ 类 once 208's items are read), table 01's 本年收入合计 (printed
    ``2,9406.25`` on draw I) and its sources read, as the golden file has them."""
    _rows_as_golden(tmp_path, name, "summary", ("一般公共预算财政拨款收入", "其他收入", "本年收入合计"), "金额")


@pytest.mark.parametrize("name", ["tesseract_s9/czj_F_expenditure.txt", "tesseract_gaps/czj_b_tables_01_04.txt"])
def test_a_row_garbled_to_junk_and_digits_leaves_its_parents_open(tmp_path: Path, name: str) -> None:
    """Table 03: ``05 05 光让 160.75 160.75`` is 2080505 with its figures, and the garbled line below it a row of its
    own: 208 and 20805 keep their figures (their sum over the items is open, not failing), none wrong."""
    _rows_as_golden(tmp_path, name, "expenditure", ("2080505", "208", "20805"), "本年支出合计")


def _rows_as_golden(tmp_path: Path, name: str, table: str, rows: tuple[str, ...], col: str) -> None:
    """Each of ``rows`` of ``table`` read in column ``col`` as the golden file has it, and nothing of it wrong."""
    res = _read(tmp_path, CZJ, _excerpt(name))
    read = _facts(res, table)
    gold = _golden(CZJ)
    for row in rows:
        assert read.get((row, col)) == gold[(table, row, col)], row
    assert not _wrong(res, CZJ, table)
