"""Table 06's groups side by side in OCR text (seventh stop): read by its printed lines.

czj's table 06 prints 301 / 303 on the left and 302 / 310 on the right, each row ``类 | 款 | 科目名称 | 决算数``.
RapidOCR's plain text writes one box per line, a printed line's boxes by their tops: the groups interleave
(``301 / 01 / 302 / 基本工资 / 262.33 / 01 / 办公费 / 21.21``), a wrapped name falls apart (``机关事业单位基本
养老保险缴`` … ``费``), a figure comes before its name or after the other group's, a 款 is misread (``80`` for
08). Before, 5–17 of its 29 values were read, on every draw. What the text keeps is the printed line: its 类
boxes start anew, one per group; its names (official names of codes of those classes) are its rows; its
figures are theirs, whose the identities tell (class = Σ 款, 人员经费合计 = 301 + 303, 公用经费合计 = 302 + 310).

The excerpts are the engines' real text of draws B and D (plain text, light and heavy; rows rebuilt from the
boxes, heavy) and of the cached renderings (rows, heavy), committed as they wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from extractor.normalize import reads_as
from extractor.pipeline import DocResult, process
from extractor.readers import side_by_side
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).parent / "data" / "two_groups_s7"
CZJ = "shanghai_putuo_czj_2024"
TABLE = "basic_by_economic"


def _run(tmp_path: Path, excerpt: str, text: str | None = None) -> tuple[DocResult, str]:
    text = text if text is not None else (DATA / excerpt).read_text(encoding="utf-8")
    path = tmp_path / f"{CZJ}.txt"
    path.write_text(text, encoding="utf-8")
    return process(path), text


def _none_wrong(res: DocResult, text: str) -> dict[tuple[str, str, str], str]:
    read, gold = _read(res, {TABLE}), _golden(CZJ, {TABLE})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)
    return read


@pytest.mark.parametrize(
    "excerpt",
    [
        "rapidocr_czj_06_d_light.txt",  # draw D, light: the groups' boxes interleaved line by line
        "rapidocr_czj_06_b_heavy.txt",  # draw B, heavy: figures above the first line, the right group first
        "rapidocr_rows_czj_06_d_heavy.txt",  # draw D, rows rebuilt: a printed line over two text lines
    ],
)
def test_every_value_of_the_side_by_side_groups_is_read(tmp_path: Path, excerpt: str) -> None:
    """All 29 values, each confirmed by an identity that holds (draw B's ``1.238.58`` repaired to 1238.58 by
    301 = Σ 款); before, five were read from draw D's light text, 15 from its heavy, 17 from draw B's, 3 from the
    rows."""
    res, text = _run(tmp_path, excerpt)
    read = _none_wrong(res, text)
    assert set(read) == set(_golden(CZJ, {TABLE}))
    table = next(t for t in res.extraction.tables if t.table == TABLE)
    cells = [c for row in table.rows for c in row.cells.values()]
    assert all(c.confidence == "confirmed" or (c.confidence == "repaired" and c.repaired_from) for c in cells)
    assert not [u for u in res.extraction.unread if u.table == TABLE and u.claim]


def test_a_line_whose_name_is_lost_leaves_its_figures_unread(tmp_path: Path) -> None:
    """``基本工资`` garbled beyond reading and its 款 box too (``0l``): the line (30101 | 30201) has a 类 box with no
    name and no 款 box to read one from, so neither of its figures (262.33, 21.21) is any row's the text can tell
    — unread, with why; its classes' sums are open, and nothing else is read wrong. (With the 款 box legible the
    row is the one it reads: ``tests/test_ocr_s23.py``, and below.)"""
    text = (DATA / "rapidocr_czj_06_d_light.txt").read_text(encoding="utf-8")
    assert text.count("301\n01\n302\n基本工资\n") == 1
    res, damaged = _run(tmp_path, "", text.replace("301\n01\n302\n基本工资\n", "301\n0l\n302\n某某某某\n"))
    read = _none_wrong(res, damaged)
    assert ("basic_by_economic", "30101", "决算数") not in read
    why = {u.claim: u.reason for u in res.extraction.unread if u.table == TABLE}
    assert "do not pair" in why["262.33"] and "do not pair" in why["21.21"], why
    # the name alone garbled: the line's one 款 box no name claims (two print ``01``; 办公费 claims one) is 30101
    res, named = _run(tmp_path, "", text.replace("基本工资", "某某某某", 1))
    assert _none_wrong(res, named)[("basic_by_economic", "30101", "决算数")] == "262.33"


@dataclass
class _Box:
    text: str
    number: bool
    decimal: bool = False


def _boxes(printed: str) -> list[_Box]:
    return [_Box(x, x[0].isdigit(), "." in x) for x in printed.split()]


def test_lines_split_at_the_class_boxes_and_pair_names_with_them() -> None:
    """The groups follow from how the 类 boxes run (303 continues 301's group, 310 302's), a line ends at a 类
    box of a group it has, a name is a row only of a class its line prints a box of (``资本性支出`` names 309
    and 310: 310 here), and the totals are one more line — the figures printed after the last name above them
    may be either line's."""
    boxes = _boxes(
        "款 类 301 2,082.85 302 171.07 工资福利支出 商品和服务支出 301 01 302 基本工资 262.33 01 办公费 21.21 "
        "303 302 对个人和家庭的补助 69.41 15 会议费 302 99 其他商品和服务支出 11.53 310 资本性支出 13.58 "
        "310 02 办公设备购置 13.58 2,152.26 184.65 人员经费合计 公用经费合计"
    )
    found = side_by_side.lines(boxes, lambda i: boxes[i].decimal, ("人员经费合计", "公用经费合计"))
    assert found is not None
    named = [sorted(code for code, _ in ln.names.values()) for ln in found]
    assert named == [
        ["301", "302"],
        ["30101", "30201"],
        ["30215", "303"],
        ["30299"],
        ["310"],
        ["31002"],
        ["人员经费合计", "公用经费合计"],
    ]
    assert not any(ln.problem for ln in found)
    assert [boxes[i].text for i in found[-1].shared] == ["13.58", "2,152.26", "184.65"]


def test_a_line_mixing_two_printed_lines_is_not_trusted() -> None:
    """Rows rebuilt from a skewed scan (cached renderings, heavy): ``08 302 27 委托业务费`` / ``303 助学金`` /
    ``60 0.31 302 28 工会经费 24.42`` / ``303 奖励金`` — 30309's 款 (``60``, 09 misread) and figure sit before
    its 类 box, in 30308's line, where 303 = Σ 款 could not tell 0.31 from 30308's. Its line counts two 款
    rows and prints one 款 box more: not trusted; neither is the next, one short."""
    boxes = _boxes(
        "302 26 劳务费 2.01 303 07 医疗费补助 08 302 27 委托业务费 303 助学金 60 0.31 302 28 工会经费 24.42 303 奖励金"
    )
    found = side_by_side.lines(boxes, lambda i: boxes[i].decimal, ())
    assert found is not None
    assert [ln.problem for ln in found] == ["3 款 boxes for 2 款 rows", "", "1 款 boxes for 2 款 rows"]


def test_the_mixed_lines_give_no_row_a_neighbours_figure(tmp_path: Path) -> None:
    """The whole table of that text: 0.31 is not read as 30308's (nor anything else wrong)."""
    res, text = _run(tmp_path, "rapidocr_rows_czj_06_cached_heavy.txt")
    read = _none_wrong(res, text)
    assert ("basic_by_economic", "30308", "决算数") not in read


@pytest.mark.parametrize(
    ("printed", "garbled"),
    [("公务员医疗补助缴费", "公务员医疗补肋缴费"), ("其他工资福利支出", "其他工资福利文出")],
)
def test_a_name_one_character_off_still_names_its_row(tmp_path: Path, printed: str, garbled: str) -> None:
    """A heavy scan garbles a character of a name here and there (tesseract and RapidOCR read 支 as 文, 助 as 肋):
    the name is still the one code of its line's classes within one character, so the line is read — not a line
    whose name and 类 box do not pair, its figures unread (draw D's light text with one name garbled)."""
    text = (DATA / "rapidocr_czj_06_d_light.txt").read_text(encoding="utf-8")
    assert printed in text
    res, text = _run(tmp_path, "", text.replace(printed, garbled, 1))
    read = _none_wrong(res, text)
    assert set(read) == set(_golden(CZJ, {TABLE}))
