"""segment.find_tables: the nine standard tables by title, their rows and cells, and no false tables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extractor.ingest import ingest
from extractor.normalize import normalize
from extractor.segment import Document, find_tables, segment, title_kind

SEEDS = Path(__file__).resolve().parent.parent / "eval" / "seeds"
TABLE_SEEDS = ["000_d2cac5324267c124", "002_846b8c47d01900a7", "003_9ee8868df83b9797"]
KINDS = {
    "summary", "income", "expenditure", "fiscal_summary", "general_budget", "basic_by_economic", "gov_fund",
    "state_capital", "three_public",
}  # fmt: skip


@cache
def _doc(name: str) -> Document:
    s = ingest(SEEDS / f"{name}.txt")
    return segment(normalize(s), s.doc_id)


@pytest.mark.parametrize("name", TABLE_SEEDS)
def test_all_nine_tables_found_once(name: str) -> None:
    kinds = [t.kind for t in _doc(name).tables]
    assert sorted(kinds) == sorted(KINDS)


@pytest.mark.parametrize("name", ["001_04c96ce19f25fec9", "004_c4edb0ea88fbfc7f"])
def test_listed_only_reports_have_no_tables(name: str) -> None:
    assert _doc(name).tables == []


def test_titles_map_by_title_not_number() -> None:
    # seed 002 prints 三公 as 公开07 and gov_fund as 公开08: the title decides.
    doc = _doc("002_846b8c47d01900a7")
    assert [t.kind for t in doc.tables][6:] == ["three_public", "gov_fund", "state_capital"]
    assert title_kind("一般公共预算财政拨款基本支出决算明细表") == ("basic_by_economic", False)
    assert title_kind("一般公共预算财政拨款支出决算表") == ("general_budget", False)
    assert title_kind("国有资本经营预算财政拨款收入支出决算表") == ("state_capital", False)
    assert title_kind('财政拨款"三公"经费支出决算表') == ("three_public", False)
    assert title_kind("一般公共预算财政拨款「三公」经费支出决算表") == ("three_public", False)
    assert title_kind("收入决算表") == ("income", False)
    assert title_kind("第四部分 2024 年度部门决算表") is None
    assert title_kind("财政拨款支出决算明细表") is None


def test_toc_entries_are_not_tables() -> None:
    text = (
        "- 一、收入支出决算总表\n- 二、收入决算表\n十三、财政拨款“三公”经费支出决算表\n"
        "“三公”经费财政拨款支出\n公务接待费\t公车运行维护费\t0.99\t5.07\t\n\n"
        "收入决算表\n公开02表\n单位：元\n项目\t\t本年收入合计\n合计\t\t5.00\n注：说明。\n"
    )
    tables = find_tables(text)
    assert [(t.kind, t.title, t.unit) for t in tables] == [("income", "收入决算表", "元")]
    assert tables[0].rows[-1].texts() == ["合计", "", "5.00"]


def test_table_ends_at_note_and_blank_cells_keep_positions() -> None:
    doc = _doc("000_d2cac5324267c124")
    income = doc.table("income")
    assert income is not None
    clean = doc.text.clean
    assert clean[income.title_start : income.title_end] == "收入决算表"
    assert "注" not in clean[income.start : income.end]
    last = income.rows[-1]
    assert last.texts()[:4] == ["2210203", "购房补贴", "17.33", "17.33"]
    blank = last.cells[4]
    assert blank.blank and blank.start == blank.end
    for c in last.cells:
        assert clean[c.start : c.end] == c.text


def test_split_label_cells_survive() -> None:
    basic = _doc("000_d2cac5324267c124").table("basic_by_economic")
    assert basic is not None
    assert basic.rows[-1].texts() == ["", "人员经费合计", "940.22", "", "", "公用经", "费合计", "", "130.6"]


def test_declared_empty() -> None:
    d3 = _doc("003_9ee8868df83b9797")
    assert {t.kind for t in d3.tables if t.declared_empty} == {"gov_fund", "state_capital"}
    d2 = _doc("002_846b8c47d01900a7")
    assert {t.kind for t in d2.tables if t.declared_empty} == {"gov_fund", "state_capital"}
    assert not any(t.declared_empty for t in _doc("000_d2cac5324267c124").tables if t.kind == "summary")


def test_space_rows_and_glued_rows_split() -> None:
    text = (
        "一般公共预算财政拨款支出决算表\n公开05表\n金额单位：万元\n项目 本年支出\n"
        "合计 100.00 60.00 40.00\n"
        "2080501 行政单位离退休 51.98 51.98 0.002110105 环境保护法规 48.02 8.02 40.00\n"
        "注：本表反映……\n"
    )
    (t,) = find_tables(text)
    data = [r for r in t.rows if r.layout == "space" and r.texts()[0] != "项目"]
    assert [r.texts() for r in data] == [
        ["合计", "100.00", "60.00", "40.00"],
        ["2080501", "行政单位离退休", "51.98", "51.98", "0.00"],
        ["2110105", "环境保护法规", "48.02", "8.02", "40.00"],
    ]
    for r in data:
        for c in r.cells:
            assert text[c.start : c.end] == c.text


def test_a_damaged_header_line_before_the_body_does_not_end_the_table() -> None:
    from extractor.normalize import normalize
    from extractor.segment import segment

    text = (
        "收入决算表\n公开02表\n部门辽宁省朝阳市科学技术局\n金额单位：万元\n"
        "项目\t\t本年收入合计\t财政拨款收入\n功能分类科目编码\t科目名称\t\t\n合计\t\t851.17\t851.17\n"
        "206\t科学技术支出\t619.32\t619.32\n注：本表反映部门本年度取得的各项收入情况。\n"
    )
    [table] = segment(normalize(text)).tables
    assert table.kind == "income"
    assert [r.cells[0].text for r in table.rows][-2:] == ["合计", "206"]


def test_titles_with_a_department_or_year_prefix() -> None:
    assert title_kind("辽宁省朝阳市科学技术局收入支出决算总表") == ("summary", False)
    assert title_kind("2023年度朝阳市科学技术局部门收入决算表") == ("income", False)
    assert title_kind("朝阳市科学技术局2023年度支出决算表（公开03表）") == ("expenditure", False)
    # the longest standard title the line ends with wins over the titles that are its suffixes
    assert title_kind("朝阳市科学技术局财政拨款收入支出决算总表") == ("fiscal_summary", False)
    assert title_kind("朝阳市科学技术局一般公共预算财政拨款支出决算表") == ("general_budget", False)
    assert title_kind("朝阳市科学技术局政府性基金预算财政拨款收入支出决算表") == ("gov_fund", False)
    assert title_kind("2023年度朝阳市科学技术局一般公共预算财政拨款“三公”经费支出决算表") == ("three_public", False)
    assert title_kind("一、朝阳市科学技术局收入决算表") == ("income", True)
    # not a plausible prefix: prose, digits, no department-like name
    assert title_kind("详见收入决算表") is None
    assert title_kind("本部门收入决算表") is None
    assert title_kind("2023年度123456收入决算表") is None
    assert title_kind("详见朝阳市科学技术局收入决算表。") is None


def test_prefixed_toc_lines_are_not_tables_but_the_prefixed_table_is() -> None:
    text = (
        "目录\n辽宁省朝阳市科学技术局收入支出决算总表\n辽宁省朝阳市科学技术局收入决算表\n"
        "一、朝阳市科学技术局支出决算表\n说明\n"
        "2023年度朝阳市科学技术局部门收入决算表\n金额单位：万元\n"
        "项目\t\t本年收入合计\n合计\t\t5.00\n注：说明。\n"
    )
    tables = find_tables(text)
    assert [(t.kind, t.title) for t in tables] == [("income", "2023年度朝阳市科学技术局部门收入决算表")]
    assert tables[0].rows[-1].texts() == ["合计", "", "5.00"]


def test_two_sided_space_rows_without_amounts_keep_the_table_going() -> None:
    text = (
        "收入支出决算总表\n公开01表\n金额单位：万元\n项目 行次 金额 项目 行次 金额\n栏次 1 栏次 2\n"
        "一、一般公共预算财政拨款收入 1 851.17 一、一般公共服务支出 32\n"
        "二、政府性基金预算财政拨款收入 2 二、外交支出 33\n"
        "9 九、卫生健康支出 40 41.36\n"
        "总计 31 851.17 总计 62 851.17\n注：本表反映……\n"
    )
    (t,) = find_tables(text)
    assert [r.texts() for r in t.rows if r.layout == "space"][2:] == [
        ["一、一般公共预算财政拨款收入", "1", "851.17", "一、一般公共服务支出", "32"],
        ["二、政府性基金预算财政拨款收入", "2", "二、外交支出", "33"],
        ["9", "九、卫生健康支出", "40", "41.36"],
        ["总计", "31", "851.17", "总计", "62", "851.17"],
    ]
