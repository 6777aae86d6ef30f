"""tesseract's plain text of light scans, second pass: a table whose title the OCR damaged is still found by the
``公开NN表`` marker printed above it, and a label whose ordinal's 、 was read as 。 does not end the table.
Each kind on two documents; every value read must be the golden one.

The excerpts under ``tests/data/tesseract_gaps2`` are tesseract's own text of a seed's table 01 (seed 000's with
its title damaged by hand as tesseract damaged seed 003's).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from eval.scans import seed_tables
from extractor.normalize import normalize
from extractor.segment import segment
from tests.test_ocr_tesseract_gaps import _wrong
from tests.test_ocr_tesseract_tables import S000, S002, SEEDS, _facts, _golden, _read, _text
from tests.test_ocr_text import _amount

S003 = "003_9ee8868df83b9797"
DATA = Path(__file__).resolve().parent / "data" / "tesseract_gaps2"


def _excerpt(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _seed000(title: str = "收入支出决算总", label: str = "二、外交支出") -> str:
    """Seed 000's table 01 as tesseract read it, its title and one label damaged as in seed 003's."""
    text = _excerpt("seed000_a_summary.txt").replace("收入支出决算总表", title, 1)
    return text.replace("三、外交支出", label, 1)


TITLE_LOST = [(S003, _excerpt("seed003_a_summary.txt")), (S000, _seed000())]


@pytest.mark.parametrize(("seed", "text"), TITLE_LOST, ids=["003", "000"])
def test_a_title_that_lost_its_last_character_under_its_marker_is_found(tmp_path: Path, seed: str, text: str) -> None:
    """``公开01表`` / unit / department / ``收入支出决算总`` (its 表 lost): the marker above vouches for table 01,
    and the table is read — its totals the golden ones, nothing read wrong."""
    assert "收入支出决算总表" not in text
    res = _read(tmp_path, seed, text)
    read = _facts(res, "summary")
    for row in ("本年收入合计", "本年支出合计", "科学技术支出"):
        assert read.get((row, "金额")) == _golden(seed)[("summary", row, "金额")], row
    assert not _wrong(res, seed, "summary")


def test_a_title_line_under_a_marker_is_matched_only_to_the_marked_table() -> None:
    """The marker is evidence for its own table only: a line under ``公开01表`` as far from every title of table 01
    as from another table's is no title, and a damaged title is not taken across a line of the table's body."""
    far = _seed000(title="收入决算")  # table 02's title, under table 01's marker
    assert segment(normalize(far)).table("summary") is None
    body = "公开01表\n项目    行次   金额\n收入支出决算总\n收入    1 | 5.00\n"
    assert segment(normalize(body)).table("summary") is None


@pytest.mark.parametrize("seed", [S003, S000])
def test_an_ordinal_read_with_a_full_stop_does_not_end_the_table(tmp_path: Path, seed: str) -> None:
    """``三。外交支出`` (the ordinal's 、 read as 。) is a label of table 01, not the end of a sentence: the rows
    below it are still the table's."""
    damaged = _seed000(title="收入支出决算总表", label="二。外交支出")
    text = _excerpt("seed003_a_summary.txt") if seed == S003 else damaged
    assert "。外交" in text
    res = _read(tmp_path, seed, text)
    read = _facts(res, "summary")
    assert read.get(("本年支出合计", "金额")) == _golden(seed)[("summary", "本年支出合计", "金额")]
    assert not _wrong(res, seed, "summary")


# ---------------------------------------------------------------------------------------------
# A ruling line read as a third decimal digit


@pytest.mark.parametrize(
    ("seed", "row", "cell", "printed"),
    [(S000, "20607", 3, "0.001"), (S002, "20604", 3, "0.001"), (S002, "20601", 2, "267.123")],
)
def test_a_third_decimal_digit_is_a_speck_not_part_of_the_figure(
    tmp_path: Path, seed: str, row: str, cell: int, printed: str
) -> None:
    """``523.32   0.001 523:32`` (a ``|`` read as a third decimal): in a table printing two decimals the figure is
    the cents without the speck — a repair the identities confirm, marked with what was printed — never 0.001."""
    text = _text(seed, "general_budget", cells={row: {cell: printed}})
    res = _read(tmp_path, seed, text)
    col = {2: "合计", 3: "基本支出", 4: "项目支出"}[cell]
    got = _amount(res, "general_budget", row, col)
    assert got is not None and got.value == Decimal(printed[:-1]) and got.repaired_from == printed
    assert not _wrong(res, seed, "general_budget")


@pytest.mark.parametrize("seed", [S000, S002])
def test_a_row_labelled_with_an_ordinal_read_with_a_full_stop_is_its_row(tmp_path: Path, seed: str) -> None:
    """``九。卫生健康支出`` (``十二。农林水支出`` in seed 003's heavy scan): the row of 卫生健康支出, not a row of
    that name, and the table goes on below it."""
    text = _text(seed, "fiscal_summary", cells={"九、卫生健康支出": {3: "九。卫生健康支出"}})
    res = _read(tmp_path, seed, text)
    read = _facts(res, "fiscal_summary")
    for row in ("社会保障和就业支出", "卫生健康支出"):
        assert read.get((row, "合计")) == _golden(seed)[("fiscal_summary", row, "合计")], row
    assert not _wrong(res, seed, "fiscal_summary")


# ---------------------------------------------------------------------------------------------
# A code completed from a parent that an unreadable row may have replaced


def _class_208_codes_lost(seed: str) -> str:
    """Seed ``seed``'s table 03 as tesseract printed czj's (draw B): class 208's code lost after a line of specks
    (so its name is no row of its own), its 款 and 项 rows printing only their own digits (``05``, ``05 01``), the
    second 项's name garbled (``昌之``)."""
    ((_, rows),) = seed_tables(SEEDS / f"{seed}.txt", ["expenditure"])
    block = [r for r in rows if r[0].startswith("208")]
    cells = {r[0]: {0: "" if len(r[0]) == 3 else r[0][3:5] + (" " + r[0][5:] if len(r[0]) == 7 else "")} for r in block}
    cells[next(r[0] for r in block if len(r[0]) == 7 and r is not block[2])][1] = "昌之"
    before = rows[rows.index(block[0]) - 1][0]
    return _text(seed, "expenditure", cells=cells, after={before: "，      ，         038        到"})


@pytest.mark.parametrize("seed", [S000, S002])
def test_a_partial_code_after_an_unreadable_row_is_not_completed_from_the_parent_above(
    tmp_path: Path, seed: str
) -> None:
    """``05 行政事业单位养老支出`` under a lost 208 reads as no code; ``05 02 昌之`` below it is not 20607+05 or
    20608+02 (the parent printed above the unreadable row, which may have opened another 款): unread, not a row."""
    res = _read(tmp_path, seed, _class_208_codes_lost(seed))
    assert not _wrong(res, seed, "expenditure")
    assert (
        _facts(res, "expenditure").get(("206", "本年支出合计")) == _golden(seed)[("expenditure", "206", "本年支出合计")]
    )
