"""OCR boxes joined by tabs (forty-first stop): rows an OCR tool rebuilt from its boxes and exported as TSV —
each printed box one cell, no empty cell where the page prints nothing — are read as a stream, not by position.

``tests/data/tsv_rows_s41`` holds both corpus reports as a new user made them at the last stop, with no reader
written against them: every page rendered at 200 dpi, turned 1.0°, read by RapidOCR, its boxes joined into lines
by a running mean of their centres (not the benchmark's rule), each line's boxes joined by tabs. Read by position
as a converter's grid, a row printing fewer figures than the header has columns shifted every figure after the
gap into the column before it (ghzy's 212 基本支出 read as its 合计, 3832.36): table F1 0.28, 108 of 196 values
wrong. Every value read must now be golden's."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import reads_as
from extractor.schemas.facts import STANDARD_TABLES
from tests.test_ocr_damaged_s17 import _process
from tests.test_ocr_s18 import CZJ, GHZY, ROOT
from tests.test_ocr_s22 import _text, _wrong
from tests.test_ocr_skew_rows import _golden

DATA = ROOT / "tests" / "data" / "tsv_rows_s41"
TABLES = set(STANDARD_TABLES)
FILES = {CZJ: "czj_corpus_200dpi_tsv.txt", GHZY: "ghzy_corpus_200dpi_tsv.txt"}


@pytest.mark.parametrize("doc", [CZJ, GHZY])
def test_tab_joined_ocr_boxes_read_every_value_right(tmp_path: Path, doc: str) -> None:
    text = _text(DATA / FILES[doc])
    res = _process(tmp_path, doc, text)
    read: dict[tuple[str, str, str], str] = {(f.table, f.row, f.col): f.value for f in res.facts if f.table in TABLES}
    gold = _golden(doc, TABLES)
    assert not _wrong(read, gold)
    assert len(read) >= len(gold) - 1  # czj's 三公 公务接待费 预算数 0.95 stays unread (a known pair)
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)


def test_a_row_with_fewer_figures_than_columns_keeps_its_columns(tmp_path: Path) -> None:
    # ghzy's table 05 prints ``212⇥城乡社区支出⇥3832.36⇥1572.70⇥2259.65`` but table 02 ``208⇥社会保障和就业支出⇥
    # 754.75⇥754.75`` (its other columns print nothing): by position 754.75 was 财政拨款收入's and the next cell's,
    # and in table 03 ``合计⇥9759.38⇥5377.64⇥4381.74`` (code and name one box) put 9759.38 under 基本支出
    res = _process(tmp_path, GHZY, _text(DATA / FILES[GHZY]))
    read = {(f.table, f.row, f.col): f.value for f in res.facts}
    assert read[("general_budget", "212", "基本支出")] == "1572.70"
    assert read[("income", "208", "本年收入合计")] == "754.75"
    assert ("income", "208", "上级补助收入") not in read
    assert read[("expenditure", "合计", "基本支出")] == "5377.64"
    # the wide 三公 table: one row of twelve figures under a header whose merged cells print fewer boxes
    assert read[("three_public", "合计", "决算数")] == "0.39"
    assert read[("three_public", "因公出国(境)费", "决算数")] == "0.00"


def test_a_title_with_its_unit_in_the_next_cell_is_a_title(tmp_path: Path) -> None:
    # ``支出决算表⇥单位：万元``: the title's box and the unit's, joined on one line — a tab line was never a title,
    # and ghzy's tables 03 and 04 were lost (their rows read as table 02's)
    res = _process(tmp_path, GHZY, _text(DATA / FILES[GHZY]))
    kinds = {f.table for f in res.facts}
    assert {"expenditure", "fiscal_summary"} <= kinds
    read = {(f.table, f.row, f.col): f.value for f in res.facts}
    assert read[("expenditure", "212", "基本支出")] == "1585.59"  # table 03's, not table 02's 0.00
    assert read[("fiscal_summary", "卫生健康支出", "合计")] == "236.63"


LEADING = ROOT / "tests" / "data" / "leading_figures_s41"


@pytest.mark.parametrize(
    ("doc", "name", "figure"),
    [(CZJ, "BJ_rows_heavy_czj.txt", "49.14"), (GHZY, "AU_rows_heavy_ghzy.txt", "112.88")],
)
def test_a_figure_leading_a_line_between_two_free_rows_is_not_guessed(
    tmp_path: Path, doc: str, name: str, figure: str
) -> None:
    # table 01 of rows rebuilt from a skewed heavy scan (draws BJ and AU): ``使用非财政拨款结余 结余分配`` /
    # ``49.14 年末结转和结余 55.34`` / ``年初结转和结余`` / ``2,995.39 总计 2,995.39`` / ``总计``: 49.14 is
    # 使用非财政拨款结余's or 年初结转和结余's, and 收入总计 = 本年收入合计 + both holds either way. 年初结转和结余 had
    # taken 2,995.39 (the next line's leading figure) by order, so it was no candidate: 49.14 went to the row above
    # — golden's 年初结转和结余, emitted as 使用非财政拨款结余. Now it floats between the two, and is unread
    res = _process(tmp_path, doc, _text(LEADING / name))
    read: dict[tuple[str, str, str], str] = {
        (f.table, f.row, f.col): f.value for f in res.facts if f.table == "summary"
    }
    gold = _golden(doc, {"summary"})
    assert not _wrong(read, gold)
    assert ("summary", "使用非财政拨款结余", "金额") not in read
    assert len(read) == len(gold) - 1
    [note] = [u for u in res.extraction.unread if u.row == "年初结转和结余"]
    assert note.span is not None and "使用非财政拨款结余" in note.reason
    assert res.source.text[note.span[0] : note.span[1]] == figure
