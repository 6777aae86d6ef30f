"""segment: the standard tables found by title similarity, in any converter's layout; other tables reported.

Every pattern is exercised on at least two documents: the seeds (tab-separated converted text) and the corpus
reports in the layouts real converters produce (eval/corpus/text/: pypdfium2's CRLF text with titles glued to
the previous note, pdftotext -layout) and as rebuilt from the PDFs themselves.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from extractor.ingest import ingest
from extractor.normalize import normalize
from extractor.segment import Document, find_tables, segment, split_lines
from extractor.template import match_title

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "eval" / "seeds"
CORPUS = ROOT / "eval" / "corpus"
TABLE_SEEDS = ["000_d2cac5324267c124", "002_846b8c47d01900a7", "003_9ee8868df83b9797"]
REPORTS = ["shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024"]
KINDS = {
    "summary", "income", "expenditure", "fiscal_summary", "general_budget", "basic_by_economic", "gov_fund",
    "state_capital", "three_public",
}  # fmt: skip


@cache
def _doc(path: Path) -> Document:
    s = ingest(path)
    return segment(normalize(s), s.doc_id)


def _seed(name: str) -> Document:
    return _doc(SEEDS / f"{name}.txt")


def _text(layout: str, name: str) -> Document:
    return _doc(CORPUS / "text" / layout / f"{name}.txt")


def _kinds(doc: Document) -> list[str]:
    return [t.kind for t in doc.tables]


@pytest.mark.parametrize("name", TABLE_SEEDS)
def test_all_nine_tables_found_once_in_the_seeds(name: str) -> None:
    assert sorted(_kinds(_seed(name))) == sorted(KINDS)
    assert all(t.layout == "grid" for t in _seed(name).tables)


@pytest.mark.parametrize(
    "layout", ["pdfium", "pdftotext-layout", "pdfplumber-layout", "pdfplumber", "pdftotext", "pdfminer"]
)
@pytest.mark.parametrize("name", [*REPORTS, "shanghai_template_final_accounts_2024"])
def test_all_nine_tables_found_in_converted_text(layout: str, name: str) -> None:
    doc = _text(layout, name)
    assert sorted(_kinds(doc)) == sorted(KINDS)
    assert all(t.layout == "stream" for t in doc.tables)


@pytest.mark.parametrize("name", ["001_04c96ce19f25fec9", "004_c4edb0ea88fbfc7f"])
def test_listed_only_reports_have_no_tables(name: str) -> None:
    assert _seed(name).tables == []


def test_titles_map_by_title_not_number() -> None:
    # seed 002 prints 三公 as 公开07 and gov_fund as 公开08: the title decides.
    assert _kinds(_seed("002_846b8c47d01900a7"))[6:] == ["three_public", "gov_fund", "state_capital"]


@pytest.mark.parametrize(
    ("line", "table"),
    [
        ("一般公共预算财政拨款基本支出决算明细表", "basic_by_economic"),
        ("一般公共预算财政拨款支出决算表", "general_budget"),
        ("国有资本经营预算财政拨款收入支出决算表", "state_capital"),
        ('财政拨款"三公"经费支出决算表', "three_public"),
        ("财政拨款 “ 三公 ” 经费支出决算表", "three_public"),
        ("一般公共预算财政拨款「三公」经费支出决算表", "three_public"),
        ("收入决算表", "income"),
        ("辽宁省朝阳市科学技术局收入支出决算总表", "summary"),
        ("2023年度朝阳市科学技术局部门收入决算表", "income"),
        ("朝阳市科学技术局2023年度支出决算表（公开03表）", "expenditure"),
        ("朝阳市科学技术局财政拨款收入支出决算总表", "fiscal_summary"),
        ("2023年度朝阳市科学技术局一般公共预算财政拨款“三公”经费支出决算表", "three_public"),
        # one character misread by OCR still matches the template's title …
        ("收入支出决算总衣", None),  # … but never the last character (决算表 vs 决算数)
        ("收入支出决箅总表", "summary"),
        ("财政拨款收入支出决算忌表", "fiscal_summary"),
        ("一般公共预算财政拔款支出决算表", "general_budget"),
    ],
)
def test_titles_match_by_similarity(line: str, table: str | None) -> None:
    hit = match_title(line)
    assert (hit.table if hit else None) == table


@pytest.mark.parametrize(
    "line",
    [
        "第四部分 2024 年度部门决算表",
        "财政拨款支出决算明细表",
        "详见收入决算表",
        "本部门收入决算表",
        "2023年度123456收入决算表",
        "详见朝阳市科学技术局收入决算表。",
        "2024年度收入决算数",  # 收入决算表 and 支出决算表 differ in one character: short titles match exactly
        "上海市规划和自然资源局 2024 年度部门决算表",
    ],
)
def test_lines_that_are_not_standard_titles(line: str) -> None:
    hit = match_title(line)
    assert hit is None or hit.table is None


def test_toc_entries_are_not_tables() -> None:
    text = (
        "- 一、收入支出决算总表\n- 二、收入决算表\n十三、财政拨款“三公”经费支出决算表\n"
        "“三公”经费财政拨款支出\n公务接待费\t公车运行维护费\t0.99\t5.07\t\n\n"
        "收入决算表\n公开02表\n单位：元\n项目\t\t本年收入合计\n合计\t\t5.00\n注：说明。\n"
    )
    tables, others = find_tables(text)
    assert [(t.kind, t.title, t.unit) for t in tables] == [("income", "收入决算表", "元")]
    assert tables[0].rows[-1].texts() == ["合计", "", "5.00"]
    assert others == []


def _glued(path: Path) -> Document:
    """Page texts joined with nothing between them, as some converters do: a page's first line (a table
    title) runs on from the previous page's last line (the table's note)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"。[ \t\r\n\f]+(?=[^\r\n]{0,40}决算(?:明细)?表[ \t]*\r?\n)", "。", text)
    return segment(normalize(text), path.stem)


@pytest.mark.parametrize(
    "path", [CORPUS / "text" / "pdfium" / "shanghai_putuo_ghzy_2024.txt", SEEDS / "002_846b8c47d01900a7.txt"]
)
def test_titles_glued_to_the_previous_note_are_cut_off(path: Path) -> None:
    # "…结转结余情况。收入决算表": the note ends, the next table's title runs on
    doc = _glued(path)
    glued = [t for t in doc.tables if doc.text.clean[t.title_start - 1 : t.title_start] == "。"]
    assert len(glued) >= 5
    assert sorted(_kinds(doc)) == sorted(KINDS)
    for t in glued:
        assert match_title(doc.text.clean[t.title_start : t.title_end]) is not None


def test_split_lines_cuts_after_the_full_stop_only_before_a_title() -> None:
    clean = "注：本表反映部门本年度的总收支。收入决算表\n注：本表无数据。下一页\n"
    assert [t for _, _, t in split_lines(clean)] == [
        "注：本表反映部门本年度的总收支。",
        "收入决算表",
        "注：本表无数据。下一页",
    ]


def test_a_title_split_over_two_lines_is_one_title() -> None:
    text = (
        "财政拨款收入支出决算\n总表\n单位：万元\n项目\t金额\t项目\t合计\n"
        "一、一般公共预算财政拨款\t5.00\t一、教育支出\t5.00\n注：…\n"
    )
    [table], _ = find_tables(text)
    assert table.kind == "fiscal_summary" and table.title == "财政拨款收入支出决算 总表"


def test_table_ends_at_note_and_blank_cells_keep_positions() -> None:
    doc = _seed("000_d2cac5324267c124")
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
    basic = _seed("000_d2cac5324267c124").table("basic_by_economic")
    assert basic is not None
    assert basic.rows[-1].texts() == ["", "人员经费合计", "940.22", "", "", "公用经", "费合计", "", "130.6"]


@pytest.mark.parametrize(
    ("doc", "empty"),
    [
        (("seed", "003_9ee8868df83b9797"), {"gov_fund", "state_capital"}),  # 如本表为空 … 本表无数据
        (("seed", "002_846b8c47d01900a7"), {"gov_fund", "state_capital"}),
        (("pdfium", "shanghai_putuo_czj_2024"), {"gov_fund", "state_capital"}),  # 故本表无数据
        (("pdfium", "shanghai_putuo_ghzy_2024"), {"gov_fund", "state_capital"}),  # 本年度没有…收入和支出
        (("pdftotext-layout", "shanghai_putuo_ghzy_2024"), {"gov_fund", "state_capital"}),
    ],
)
def test_declared_empty(doc: tuple[str, str], empty: set[str]) -> None:
    d = _seed(doc[1]) if doc[0] == "seed" else _text(*doc)
    assert {t.kind for t in d.tables if t.declared_empty} == empty


def test_a_table_with_data_is_never_declared_empty() -> None:
    # seed 000's notes say "如本表为空，则…": conditional, and its tables print figures
    assert not any(t.declared_empty for t in _seed("000_d2cac5324267c124").tables if t.kind != "gov_fund")


def test_a_damaged_header_line_before_the_body_does_not_end_the_table() -> None:
    text = (
        "收入决算表\n公开02表\n部门辽宁省朝阳市科学技术局\n金额单位：万元\n"
        "项目\t\t本年收入合计\t财政拨款收入\n功能分类科目编码\t科目名称\t\t\n合计\t\t851.17\t851.17\n"
        "206\t科学技术支出\t619.32\t619.32\n注：本表反映部门本年度取得的各项收入情况。\n"
    )
    [table] = segment(normalize(text)).tables
    assert table.kind == "income"
    assert [r.cells[0].text for r in table.rows][-2:] == ["合计", "206"]


def test_prefixed_toc_lines_are_not_tables_but_the_prefixed_table_is() -> None:
    text = (
        "目录\n辽宁省朝阳市科学技术局收入支出决算总表\n辽宁省朝阳市科学技术局收入决算表\n"
        "一、朝阳市科学技术局支出决算表\n说明\n"
        "2023年度朝阳市科学技术局部门收入决算表\n金额单位：万元\n"
        "项目\t\t本年收入合计\n合计\t\t5.00\n注：说明。\n"
    )
    tables, _ = find_tables(text)
    assert [(t.kind, t.title) for t in tables] == [("income", "2023年度朝阳市科学技术局部门收入决算表")]


@pytest.mark.parametrize(("header", "unit"), [("单位：元", "元"), ("单位：万元", "万元"), ("金额单位：千元", "千元")])
def test_unit_headers(header: str, unit: str) -> None:
    text = f"收入决算表\n{header}\n项目 本年收入合计 财政拨款收入\n合计 5.00 5.00\n注：…\n"
    [table], _ = find_tables(text)
    assert table.unit == unit


@pytest.mark.parametrize("name", ["000_d2cac5324267c124", "002_846b8c47d01900a7"])
def test_other_tables_are_found_by_title(name: str) -> None:
    others = _seed(name).other_tables
    assert any("绩效自评表" in o.title and o.rows > 0 for o in others)
    assert not any(match_title(o.title) is not None and match_title(o.title).table for o in others)  # type: ignore[union-attr]


def test_other_table_titles_of_another_template() -> None:
    text = (
        "机关运行经费支出决算表\n单位：万元\n项目\t决算数\n办公费\t1.00\n注：…\n"
        "政府采购情况表\n单位：万元\n项目\t金额\n货物\t2.00\n服务\t3.00\n注：…\n"
    )
    tables, others = find_tables(text)
    assert tables == []
    assert [(o.title, o.rows) for o in others] == [("机关运行经费支出决算表", 1), ("政府采购情况表", 2)]


@pytest.mark.parametrize("layout", ["pdfium", "pdftotext-layout"])
def test_page_numbers_never_become_rows(layout: str) -> None:
    doc = _text(layout, "shanghai_putuo_czj_2024")
    for t in doc.tables:
        for r in t.rows:
            assert r.texts() != ["-", "5", "-"] and not (len(r.cells) == 1 and r.cells[0].text.isdigit())


#: how other templates and years title the nine tables: appendix numbers, qualifiers, shorter names
OTHER_TITLES = {
    "收入支出决算总表": "附表1：部门收支总表",
    "收入决算表": "表二 收入决算表（按功能分类科目）",
    "支出决算表": "附件3 支出决算表",
    "财政拨款收入支出决算总表": "表1-4 财政拨款收支总表",
    "一般公共预算财政拨款支出决算表": "一般公共预算支出决算表(按功能分类科目)",
    "一般公共预算财政拨款基本支出决算表": "一般公共预算基本支出决算表（按经济分类科目）",
    "一般公共预算财政拨款基本支出决算明细表": "一般公共预算基本支出决算明细表",
    "政府性基金预算财政拨款收入支出决算表": "政府性基金预算支出决算表",
    "国有资本经营预算财政拨款支出决算表": "国有资本经营预算支出决算表",
    "国有资本经营预算财政拨款收入支出决算表": "国有资本经营预算收入支出决算表",
}


@pytest.mark.parametrize("path", [SEEDS / "002_846b8c47d01900a7.txt", CORPUS / "text" / "pdfium" / f"{REPORTS[1]}.txt"])
def test_titles_of_other_templates_and_years_are_found(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    renamed = "\n".join(OTHER_TITLES.get(line.strip(), line) for line in text.split("\n"))
    assert renamed != text
    doc = segment(normalize(renamed), "t")
    assert sorted(_kinds(doc)) == sorted(KINDS)
    assert [t.kind for t in doc.tables] == [t.kind for t in _doc(path).tables]


@pytest.mark.parametrize(
    "path", [SEEDS / "002_846b8c47d01900a7.txt", CORPUS / "text" / "pdftotext-layout" / f"{REPORTS[1]}.txt"]
)
def test_a_table_titled_in_its_own_words_is_known_by_its_header(path: Path) -> None:
    # 收入决算表 titled 部门收入情况统计表, 支出决算表 部门支出情况统计表: no title variant near it (not even over a
    # 公开NN表 marker), but headers that only those tables print
    text = path.read_text(encoding="utf-8")
    own = {"收入决算表": "部门收入情况统计表", "支出决算表": "部门支出情况统计表"}
    renamed = "\n".join(own.get(line.strip(), line) for line in text.split("\n"))
    assert renamed.count("情况统计表") >= 2
    doc = segment(normalize(renamed), "t")
    assert sorted(_kinds(doc)) == sorted(KINDS)
    assert {t.kind: t.title for t in doc.tables if t.kind in ("income", "expenditure")} == {
        "income": "部门收入情况统计表",
        "expenditure": "部门支出情况统计表",
    }
    original = {t.kind: len(t.rows) for t in _doc(path).tables}
    assert {t.kind: len(t.rows) for t in doc.tables} == original


#: the nine tables titled in words of their own (no title variant, not within edit distance of one)
OWN_WORDS = {
    "收入决算表": "部门收入情况统计表",
    "支出决算表": "部门支出情况统计表",
    "财政拨款收入支出决算总表": "财政资金收支情况汇总表",
    "一般公共预算财政拨款支出决算表": "一般公共预算资金使用情况表",
    "一般公共预算财政拨款基本支出决算表": "日常运转经费明细情况表",
    "一般公共预算财政拨款基本支出决算明细表": "日常运转经费明细情况表",
    "政府性基金预算财政拨款收入支出决算表": "政府性基金收支情况表",
    "国有资本经营预算财政拨款支出决算表": "国有资本经营资金使用情况表",
    "国有资本经营预算财政拨款收入支出决算表": "国有资本经营资金收支情况表",
}


def _own_words(line: str) -> str:
    title = line.strip().lstrip("#").strip()
    return line.replace(title, OWN_WORDS[title]) if title in OWN_WORDS else line


@pytest.mark.parametrize(
    "path",
    [
        SEEDS / "002_846b8c47d01900a7.txt",
        SEEDS / "003_9ee8868df83b9797.txt",
        CORPUS / "text" / "pdftotext-layout" / f"{REPORTS[1]}.txt",
    ],
)
def test_every_fund_table_titled_in_its_own_words_is_known_by_its_title_and_header(path: Path) -> None:
    # 04–08 titled in words of their own: the fund the title names (一般公共预算 / 政府性基金 / 国有资本) and the
    # header words only that table prints (人员经费 | 公用经费 over 决算数; 年初/年末结转和结余; the funds as columns)
    # say which table each is — the rules read it as they read the standard title, and so does the model path
    text = path.read_text(encoding="utf-8")
    renamed = "\n".join(_own_words(line) for line in text.split("\n"))
    assert sum(renamed.count(w) for w in set(OWN_WORDS.values())) >= 6
    doc = segment(normalize(renamed), "t")
    original = _doc(path)
    assert sorted(_kinds(doc)) == sorted(_kinds(original))
    assert {t.kind: len(t.rows) for t in doc.tables} == {t.kind: len(t.rows) for t in original.tables}
    assert {t.title for t in doc.tables} & set(OWN_WORDS.values())
