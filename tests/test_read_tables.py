"""readers.tables: standard tables → facts exactly as spec/facts.md keys them, every value verifiable.

Grid tables (the seeds) read by header position; stream tables (converted text of the corpus reports: pypdfium2,
pdftotext -layout, pdfminer) placed by the template's identities; the corpus PDFs rebuilt page by page.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import cast

import pytest

from extractor.evaluate import Score, score
from extractor.export import load_facts
from extractor.ingest import ingest
from extractor.normalize import normalize, normalize_value
from extractor.pipeline import run
from extractor.readers.tables import read_tables
from extractor.schemas import IDENTITIES_FAIL, Extraction, Fact, Unread
from extractor.segment import Document, segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "eval" / "seeds"
CORPUS = ROOT / "eval" / "corpus"
GOLDEN = ROOT / "eval" / "golden" / "corpus"
REPORTS = ("shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024")
S000, S002, S003 = "000_d2cac5324267c124", "002_846b8c47d01900a7", "003_9ee8868df83b9797"


@cache
def _read(name: str) -> tuple[Document, tuple[Fact, ...], tuple[Unread, ...]]:
    s = ingest(SEEDS / f"{name}.txt")
    doc = segment(normalize(s), s.doc_id)
    tables, unread = read_tables(doc)
    facts = Extraction(doc=s.doc_id, backend="rules", tables=tables).to_facts()
    return doc, tuple(facts), tuple(unread)


def _text(text: str) -> tuple[Document, list[Fact], list[Unread]]:
    doc = segment(normalize(text), "t")
    tables, unread = read_tables(doc)
    return doc, Extraction(doc="t", backend="rules", tables=tables).to_facts(), unread


def _facts(name: str) -> dict[tuple[str, str, str], str]:
    return {(f.table, f.row, f.col): f.value for f in _read(name)[1]}


COUNTS = {
    S000: {"summary": 9, "income": 40, "expenditure": 42, "fiscal_summary": 15, "general_budget": 60,
           "basic_by_economic": 32, "three_public": 6},
    S002: {"summary": 9, "income": 54, "expenditure": 57, "fiscal_summary": 15, "general_budget": 81,
           "basic_by_economic": 31, "three_public": 6},
    S003: {"summary": 9, "income": 46, "expenditure": 48, "fiscal_summary": 15, "general_budget": 48,
           "basic_by_economic": 26, "three_public": 12},
}  # fmt: skip


@pytest.mark.parametrize("name", [S000, S002, S003])
def test_fact_counts_per_table_and_nothing_unread(name: str) -> None:
    _, facts, unread = _read(name)
    assert dict(Counter(f.table for f in facts)) == COUNTS[name]
    assert unread == ()


@pytest.mark.parametrize("name", [S000, S002, S003])
def test_every_span_normalizes_to_its_value(name: str) -> None:
    doc, facts, _ = _read(name)
    for f in facts:
        assert f.span is not None
        assert normalize_value(doc.text.original[f.span[0] : f.span[1]]) == f.value, f


@pytest.mark.parametrize("name", ["001_04c96ce19f25fec9", "004_c4edb0ea88fbfc7f"])
def test_listed_only_reports_yield_nothing(name: str) -> None:
    _, facts, unread = _read(name)
    assert facts == () and unread == ()


EXPECTED: dict[str, dict[tuple[str, str, str], str | None]] = {
    S000: {
        ("summary", "一般公共预算财政拨款收入", "金额"): "1903.01",
        ("summary", "科学技术支出", "金额"): "1550.75",
        ("summary", "收入总计", "金额"): "1903.01",
        ("summary", "支出总计", "金额"): "1903.01",
        ("income", "合计", "财政拨款收入"): "1903.01",
        ("income", "2060704", "本年收入合计"): "523.32",
        ("expenditure", "合计", "基本支出"): "1070.89",
        ("expenditure", "2060799", "项目支出"): "119.81",  # header printed "引 项目支出"
        ("fiscal_summary", "一般公共预算财政拨款", "金额"): "1903.01",
        ("fiscal_summary", "住房保障支出", "一般公共预算财政拨款"): "91.52",
        ("fiscal_summary", "支出总计", "合计"): "1903.01",
        ("general_budget", "合计", "合计"): "1903.01",  # header 小计 under 本年支出
        ("general_budget", "20601", "项目支出"): "0.00",
        ("basic_by_economic", "30101", "决算数"): "185.50",
        ("basic_by_economic", "30299", "决算数"): "22.14",
        ("basic_by_economic", "人员经费合计", "决算数"): "940.22",
        ("basic_by_economic", "公用经费合计", "决算数"): "130.6",  # split label, value as printed
        ("three_public", "合计", "预算数"): "3.00",
        ("three_public", "公务用车运行维护费", "决算数"): "1.81",
        ("three_public", "公务用车购置及运行费", "决算数"): "1.81",
    },
    S002: {
        ("summary", "科学技术支出", "金额"): "619.33",
        ("summary", "本年收入合计", "金额"): "851.17",
        ("income", "2060101", "本年收入合计"): "267.12",
        ("income", "2080505", "财政拨款收入"): "65.43",
        ("expenditure", "合计", "项目支出"): "48.07",
        ("expenditure", "2060502", "项目支出"): "29.08",
        ("fiscal_summary", "科学技术支出", "合计"): "619.33",
        ("fiscal_summary", "本年支出合计", "一般公共预算财政拨款"): "851.17",
        ("fiscal_summary", "收入总计", "金额"): "851.17",
        ("general_budget", "2060404", "基本支出"): "0.00",
        ("general_budget", "2210201", "项目支出"): "0.00",
        ("general_budget", "206", "合计"): "619.32",
        ("basic_by_economic", "30239", "决算数"): "17.02",
        ("basic_by_economic", "公用经费合计", "决算数"): "105.62",
        ("three_public", "合计", "决算数"): "3.65",
        ("three_public", "公务用车购置及运行费", "预算数"): "5.74",
    },
    S003: {
        ("summary", "农林水支出", "金额"): "2.99",
        ("summary", "收入总计", "金额"): "741.64",
        ("income", "2130599", "财政拨款收入"): "2.99",
        ("expenditure", "20607", "项目支出"): "139.45",
        ("fiscal_summary", "农林水支出", "一般公共预算财政拨款"): "2.99",
        ("general_budget", "合计", "项目支出"): "142.44",
        ("basic_by_economic", "39999", "决算数"): None,
        ("basic_by_economic", "30109", "决算数"): None,
        ("basic_by_economic", "30240", "决算数"): "0.04",
        ("basic_by_economic", "人员经费合计", "决算数"): "562.92",
        ("three_public", "合计", "预算数"): "2.60",
        ("three_public", "合计", "决算数"): "2.46",
        ("three_public", "因公出国(境)费", "决算数"): "0.00",
        ("three_public", "公务用车购置及运行费", "预算数"): "2.20",
        ("three_public", "公务用车购置费", "决算数"): "0.00",
        ("three_public", "公务用车运行维护费", "决算数"): "2.20",
        ("three_public", "公务接待费", "预算数"): "0.40",
        ("three_public", "公务接待费", "决算数"): "0.26",
    },
}


@pytest.mark.parametrize("name", [S000, S002, S003])
def test_exact_facts(name: str) -> None:
    got = _facts(name)
    for key, value in EXPECTED[name].items():
        assert got.get(key) == value, key


def test_income_002_rows_have_both_columns() -> None:
    rows = Counter(row for (table, row, _), _v in _facts(S002).items() if table == "income")
    assert len(rows) == 27 and set(rows.values()) == {2}


def test_blank_cells_are_not_facts() -> None:
    got = _facts(S000)
    assert ("income", "206", "上级补助收入") not in got
    assert ("summary", "外交支出", "金额") not in got
    assert not any(k[0] in ("gov_fund", "state_capital") for k in got)


def test_declared_empty_tables_003() -> None:
    doc = segment(normalize(ingest(SEEDS / f"{S003}.txt")), S003)
    tables, _ = read_tables(doc)
    flags = {t.table: t.declared_empty for t in tables}
    assert flags["gov_fund"] and flags["state_capital"] and not flags["income"]
    assert all(t.rows == [] for t in tables if t.table in ("gov_fund", "state_capital"))


FISCAL = (
    "财政拨款收入支出决算总表\n公开04表\n金额单位：万元\n"
    "收入\t\t\t支出\t\t\t\t\n"
    "项目\t行次\t金额\t项目\t行次\t合计\t一般公共预算 财政拨款\t政府性基金预 算财政拨款\t国有资本经营 预算财政拨款\n"
    "栏次\t\t1\t栏次\t\t2\t3\t4\t5\n"
    "一、一般公共预算财政拨款\t1\t10.00\t一、科学技术支出\t33\t12.00\t10.00\t2.00\t\n"
    "三、国有资本经营财政拨款\t3\t0.00\t\t34\t\t\t\t\n"
    "年初财政拨款结转和结余\t28\t3.00\t年末财政拨款结转和结余\t60\t1.00\t1.00\t\t\n"
    "一般公共预算财政拨款\t29\t1.00\t\t61\t\t\t\t\n"
    "政府性基金预算财政拨款\t30\t2.00\t\t62\t\t\t\t\n"
    "总计\t32\t13.00\t总计\t64\t13.00\t11.00\t2.00\t\n"
    "注：本表反映……\n"
)


def test_fiscal_summary_sub_rows_and_fund_variants() -> None:
    _, facts, unread = _text(FISCAL)
    got = {(f.row, f.col): f.value for f in facts}
    assert got == {
        ("一般公共预算财政拨款", "金额"): "10.00",
        ("科学技术支出", "合计"): "12.00",
        ("科学技术支出", "一般公共预算财政拨款"): "10.00",
        ("科学技术支出", "政府性基金预算财政拨款"): "2.00",
        ("国有资本经营预算财政拨款", "金额"): "0.00",
        ("年初财政拨款结转和结余", "金额"): "3.00",
        ("年末财政拨款结转和结余", "合计"): "1.00",
        ("年末财政拨款结转和结余", "一般公共预算财政拨款"): "1.00",
        ("年初财政拨款结转和结余/一般公共预算财政拨款", "金额"): "1.00",
        ("年初财政拨款结转和结余/政府性基金预算财政拨款", "金额"): "2.00",
        ("收入总计", "金额"): "13.00",
        ("支出总计", "合计"): "13.00",
        ("支出总计", "一般公共预算财政拨款"): "11.00",
        ("支出总计", "政府性基金预算财政拨款"): "2.00",
    }
    assert unread == []


SPACE = (
    "一般公共预算财政拨款支出决算表\n公开05表\n金额单位：元\n项目 本年支出\n"
    "合计 100.00 60.00 40.00\n"
    "2080501 行政单位离退休 51.98 51.98 0.002110105 环境保护法规 48.02 8.02 40.00\n"
    "2080502 事业单位离退休 7.00 7.00\n"
    "注：本表反映……\n"
)


def test_space_separated_and_glued_rows() -> None:
    doc, facts, unread = _text(SPACE)
    got = {(f.row, f.col): (f.value, f.unit) for f in facts}
    assert got == {
        ("合计", "合计"): ("100.00", "元"),
        ("合计", "基本支出"): ("60.00", "元"),
        ("合计", "项目支出"): ("40.00", "元"),
        ("2080501", "合计"): ("51.98", "元"),
        ("2080501", "基本支出"): ("51.98", "元"),
        ("2080501", "项目支出"): ("0.00", "元"),
        ("2110105", "合计"): ("48.02", "元"),
        ("2110105", "基本支出"): ("8.02", "元"),
        ("2110105", "项目支出"): ("40.00", "元"),
        # two numbers for three columns and no identity ties the row to others: only the total is certain
        ("2080502", "合计"): ("7.00", "元"),
    }
    assert len(unread) == 1 and "ambiguous" in unread[0].reason and unread[0].claim == "7.00"
    _verified(doc, facts)


def test_a_lone_number_is_placed_by_the_tree_identity() -> None:
    # 20106's children: the project column of 2010601 is printed, the others hold one number besides their
    # total — which column it belongs to follows from 20106 = Σ children in every column
    text = (
        "一般公共预算财政拨款支出决算表\n单位：万元\n项目 合计 基本支出 项目支出\n"
        "201 06 财政事务 2,106.66 1,503.52 603.14\n"
        "201 06 01 行政运行 1,511.89 1,503.52 8.37\n"
        "201 06 02 一般行政管理事务 10.00 10.00\n"
        "201 06 07 信息化建设\n135.25 135.25\n"  # numbers on a line of their own
        "201 06 08 财政委托业务\n支出 449.52 449.52\n"  # a wrapped label
        "注：…\n"
    )
    doc, facts, unread = _text(text)
    got = {(f.row, f.col): f.value for f in facts}
    assert got[("2010602", "项目支出")] == "10.00"
    assert got[("2010607", "项目支出")] == "135.25"
    assert got[("2010608", "项目支出")] == "449.52"
    assert ("2010602", "基本支出") not in got
    assert unread == []
    _verified(doc, facts)


def test_an_ambiguous_placement_is_reported_with_its_options_never_guessed() -> None:
    text = "支出决算表\n单位：万元\n项目 本年支出合计 基本支出 项目支出\n208 社保 5.00 5.00\n注：…\n"
    _, facts, unread = _text(text)
    assert [(f.row, f.col, f.value) for f in facts] == [("208", "本年支出合计", "5.00")]
    [note] = unread
    assert note.claim == "5.00" and "208/基本支出" in note.reason and "208/项目支出" in note.reason
    assert (note.table, note.row) == ("expenditure", "208")


def test_numbers_under_a_failing_identity_are_withdrawn_from_stream_text() -> None:
    # 208's children do not add up to it in any placement: the rows may be misread, so nothing is emitted
    text = (
        "一般公共预算财政拨款支出决算表\n单位：万元\n项目 合计 基本支出 项目支出\n"
        "208 社会保障和就业支出 50.00 50.00\n20805 行政事业单位养老支出 20.00 20.00\n注：…\n"
    )
    _, facts, unread = _text(text)
    assert facts == []
    assert unread and all(IDENTITIES_FAIL in u.reason for u in unread if u.claim)


@pytest.mark.parametrize(("unit", "scored"), [("元", "0.0005"), ("千元", "0.50"), ("万元", "5.00")])
def test_amounts_keep_their_unit(unit: str, scored: str) -> None:
    from extractor.evaluate import comparable

    text = f"收入决算表\n单位：{unit}\n项目 本年收入合计 财政拨款收入\n合计 5.00 5.00\n注：…\n"
    _, facts, _ = _text(text)
    assert {f.unit for f in facts} == {unit}
    assert {str(comparable(f)[0].quantize(Decimal(scored))) for f in facts} == {scored}


SUMMARY_SPACE = (
    "辽宁省朝阳市科学技术局收入支出决算总表\n公开01表\n部门：辽宁省朝阳市科学技术局 金额单位：万元\n"
    "收入 支出\n项目 行次 金额 项目 行次 金额\n栏次 1 栏次 2\n"
    "一、一般公共预算财政拨款收入 1 851.17 一、一般公共服务支出 32\n"
    "二、政府性基金预算财政拨款收入 2 二、外交支出 33\n"
    "六、经营收入 6 六、科学技术支出 37 619.33\n"
    "八、其他收入 8 0.00 八、社会保障和就业支出 39 1.00 2.00\n"
    "9 九、卫生健康支出 40 41.36\n"
    "十、节能环保支出 190.48\n"
    "本年收入合计 27 851.17 本年支出合计 58 851.17\n"
    "使用非财政拨款结余 28 0.00\n"
    "年初结转和结余 30 年末结转和结余 61 -\n"
    "总计 31 851.17 总计 62 851.17\n"
    "注：本表反映部门本年度的总收支和年末结转结余情况。\n"
)


def test_summary_space_rows() -> None:
    doc, facts, unread = _text(SUMMARY_SPACE)
    assert {(f.table, f.row, f.col): f.value for f in facts} == {
        ("summary", "一般公共预算财政拨款收入", "金额"): "851.17",
        ("summary", "科学技术支出", "金额"): "619.33",
        ("summary", "其他收入", "金额"): "0.00",
        ("summary", "卫生健康支出", "金额"): "41.36",
        # no 行次: the label says which side (…支出 is the expenditure side)
        ("summary", "节能环保支出", "金额"): "190.48",
        ("summary", "本年收入合计", "金额"): "851.17",
        ("summary", "本年支出合计", "金额"): "851.17",
        ("summary", "使用非财政拨款结余", "金额"): "0.00",
        ("summary", "收入总计", "金额"): "851.17",
        ("summary", "支出总计", "金额"): "851.17",
    }
    # 1.00 2.00 under one 金额: reported, not placed
    assert sorted(cast(str, u.claim) for u in unread) == ["1.00", "2.00"]  # a None fails either way
    _verified(doc, facts)


FISCAL_SPACE = (
    "2023年度朝阳市科学技术局部门财政拨款收入支出决算总表\n公开04表\n金额单位：万元\n收入 支出\n"
    "项目 行次 金额 项目 行次 合计 一般公共预算 财政拨款 政府性基金预 算财政拨款 国有资本经营 预算财政拨款\n"
    "一、一般公共预算财政拨款 1 851.17 一、一般公共服务支出 33\n"
    "二、政府性基金预算财政拨款 2 二、外交支出 34\n"
    "三、国有资本经营预算财政拨款 3 六、科学技术支出 38 619.33 619.33\n"
    "4 九、卫生健康支出 41 190.48 190.48 0.00 0.00\n"
    "6 十一、城乡社区支出 43 41.36 41.36\n"
    "本年收入合计 27 851.17 本年支出合计 59 851.17 851.17\n"
    "年初财政拨款结转和结余 28 年末财政拨款结转和结余 60\n"
    "一般公共预算财政拨款 29 61\n"
    "政府性基金预算财政拨款 30 62\n"
    "国有资本经营预算财政拨款 31 63\n"
    "总计 32 851.17 总计 64 851.17 851.17\n"
    "注：本表反映部门本年度财政拨款的总收支和年末结转结余情况。\n"
)


def test_fiscal_summary_space_rows_placed_by_the_income_side() -> None:
    doc, facts, unread = _text(FISCAL_SPACE)
    g = "一般公共预算财政拨款"
    # every yuan of income is 一般公共预算 money (income side), so 支出总计's second amount is that fund's, the
    # class rows' too (the other funds' columns must then be blank all the way up)
    assert {(f.row, f.col): f.value for f in facts} == {
        (g, "金额"): "851.17",
        ("科学技术支出", "合计"): "619.33",
        ("科学技术支出", g): "619.33",
        ("卫生健康支出", "合计"): "190.48",
        ("卫生健康支出", g): "190.48",
        ("卫生健康支出", "政府性基金预算财政拨款"): "0.00",
        ("卫生健康支出", "国有资本经营预算财政拨款"): "0.00",
        ("城乡社区支出", "合计"): "41.36",
        ("城乡社区支出", g): "41.36",
        ("本年收入合计", "金额"): "851.17",
        ("本年支出合计", "合计"): "851.17",
        ("本年支出合计", g): "851.17",
        ("收入总计", "金额"): "851.17",
        ("支出总计", "合计"): "851.17",
        ("支出总计", g): "851.17",
    }
    assert unread == []
    _verified(doc, facts)


def test_unknown_column_is_unread_not_guessed() -> None:
    text = (
        "支出决算表\n公开03表\n"
        "项目\t\t本年支出合计\t神秘列\n"
        "功能分类科目编码\t科目名称\t\t\n"
        "206\t科学技术支出\t5.00\t1.00\n"
        "注：……\n"
    )
    _, facts, unread = _text(text)
    assert [(f.row, f.col, f.value) for f in facts] == [("206", "本年支出合计", "5.00")]
    assert len(unread) == 1 and "no known column" in unread[0].reason


def _verified(doc: Document, facts: list[Fact]) -> None:
    for f in facts:
        assert f.span is not None
        assert normalize_value(doc.text.original[f.span[0] : f.span[1]]) == f.value, f


# ---------------------------------------------------------------------------------------------
# The corpus reports (development documents: the readers were written looking at them) against their
# golden files, in each form a user may hold them


def _score(folder: Path, golden: Path) -> Score:
    return score(load_facts(folder), load_facts(golden))


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out: dict[str, Path] = {}
    sources = {
        "pdf": sorted(CORPUS.glob("*.pdf")),
        **{
            layout: sorted((CORPUS / "text" / layout).glob("*.txt"))
            for layout in ("pdfium", "pdftotext-layout", "pdfplumber-layout", "pdfplumber", "pdftotext", "pdfminer")
        },
    }
    for name, paths in sources.items():
        out[name] = tmp_path_factory.mktemp(name)
        run(paths, out[name])
    return out


@pytest.mark.parametrize(("form", "minimum"), [("pdf", 0.99), ("pdfium", 0.99), ("pdftotext-layout", 0.97)])
def test_corpus_reports_against_their_golden_files(corpus_runs: dict[str, Path], form: str, minimum: float) -> None:
    s = _score(corpus_runs[form], GOLDEN)
    assert s.per_doc["shanghai_putuo_czj_2024"].f1 >= minimum - 0.02
    assert s.per_doc["shanghai_putuo_ghzy_2024"].f1 >= minimum
    assert s.overall.f1 >= minimum


def test_figures_printed_below_their_labels_close_the_row_above(corpus_runs: dict[str, Path]) -> None:
    # pdfplumber's layout text prints a row's figures on a line below its labels (pdftotext -layout: above, or
    # level); the end of a table shows which (总计 / 2,995.39), and a figure is never given to the next row
    s = _score(corpus_runs["pdfplumber-layout"], GOLDEN)
    assert s.overall.precision == 1.0, s.wrong + s.spurious
    assert all(s.per_doc[doc].f1 >= 0.88 for doc in REPORTS)
    tables = [f for f in load_facts(corpus_runs["pdfplumber-layout"]) if f.table not in ("narrative", "performance")]
    assert len(tables) > 450


def test_pdfplumber_plain_text_names_above_codes_and_titles_glued_to_figures(corpus_runs: dict[str, Path]) -> None:
    # pdfplumber's extract_text(): czj's tall rows print their name a line above the code and figures, titles
    # follow the previous table's last figures on the same line (``2,995.39 2,995.39收入决算表``)
    s = _score(corpus_runs["pdfplumber"], GOLDEN)
    assert s.overall.precision >= 0.99, s.wrong + s.spurious
    assert s.per_doc["shanghai_putuo_ghzy_2024"].f1 >= 0.99
    coverage = json.loads((corpus_runs["pdfplumber"] / "run.json").read_text(encoding="utf-8"))["inputs"]
    czj = next(i for i in coverage if i["doc"] == "shanghai_putuo_czj_2024")["coverage"]["tables"]
    assert czj["income"] in ("read", "partly read") and czj["general_budget"] == "read"
    got = {(f.table, f.row, f.col) for f in load_facts(corpus_runs["pdfplumber"]) if f.doc == "shanghai_putuo_czj_2024"}
    assert ("income", "2010601", "本年收入合计") in got  # the name 行政运行 printed above 201 06 01
    # 收入支出决算总表: ``本年收入合计 本年支出合计`` / ``2,946.25 2,940.05`` — the two labels share the figures below
    assert ("summary", "本年收入合计", "金额") in got and ("summary", "本年支出合计", "金额") in got


@pytest.mark.parametrize("form", ["pdfminer", "pdftotext"])
def test_text_a_reader_cannot_follow_is_left_unread_not_misread(corpus_runs: dict[str, Path], form: str) -> None:
    # pdfminer and plain pdftotext print ruled tables in blocks, often column by column (codes in a run, then
    # names, then figures): such a table is refused with its reason, and nothing wrong is emitted
    s = _score(corpus_runs[form], GOLDEN)
    assert s.overall.precision == 1.0, s.wrong + s.spurious
    report = json.loads((corpus_runs[form] / "run.json").read_text(encoding="utf-8"))
    for doc in REPORTS:
        notes = json.loads((corpus_runs[form] / f"{doc}.json").read_text(encoding="utf-8"))["unread"]
        refused = {n["what"] for n in notes if "column by column" in n["reason"] or "not in row order" in n["reason"]}
        assert refused & {"expenditure", "general_budget", "basic_by_economic"}, doc
        entry = next(i for i in report["inputs"] if i["doc"] == doc)
        assert len(entry["unread"]) > 10
        # a table left unread is no evidence: no cross-table error stands on it (ghzy's income and expenditure
        # rows differ by its carry-over, which the refused summary would have shown)
        flags = [json.loads(line) for line in (corpus_runs[form] / f"{doc}.flags.jsonl").read_text().splitlines()]
        assert not [f["message"] for f in flags if f["check"].startswith("cross.") and f["severity"] == "error"]


@pytest.mark.parametrize("form", ["pdfium", "pdftotext-layout"])
def test_split_and_whole_codes_read_alike(corpus_runs: dict[str, Path], form: str) -> None:
    # czj prints codes split over 类/款/项 (208 05 05), ghzy whole (2080505)
    facts = load_facts(corpus_runs[form])
    rows = {(f.doc, f.row) for f in facts if f.table == "income"}
    assert ("shanghai_putuo_czj_2024", "2080505") in rows and ("shanghai_putuo_ghzy_2024", "2080505") in rows


def test_rows_printing_only_their_own_part_of_a_split_code() -> None:
    # 类 | 款 | 项 columns where a 款 row prints only its 款 and a 项 row only its 项
    text = (
        "支出决算表\n单位：万元\n"
        "项目\t\t\t\t本年支出合计\t基本支出\t项目支出\n"
        "类\t款\t项\t科目名称\t\t\t\n"
        "201\t\t\t一般公共服务支出\t10.00\t10.00\t\n"
        "\t06\t\t财政事务\t10.00\t10.00\t\n"
        "\t\t01\t行政运行\t10.00\t10.00\t\n"
        "注：…\n"
    )
    _, facts, unread = _text(text)
    assert {(f.row, f.col) for f in facts} == {
        (code, col) for code in ("201", "20106", "2010601") for col in ("本年支出合计", "基本支出")
    }
    assert unread == []


@pytest.mark.parametrize("name", [S002, S003])
def test_a_two_sided_header_glued_to_its_numbering_row_does_not_stop_the_report(name: str) -> None:
    # OCR glued the 栏次 row to the header row (…决算数 栏次 …) and misread the 支出 over the right side: the
    # header shows one side's label column; the table reads what it can, and the other tables as before
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("项目\t") and lines[i + 1].startswith("栏次"))
    assert lines[k - 1].startswith("收入\t") and "支出" in lines[k - 1]
    group = lines[k - 1].replace("支出", "支岀")  # and misread 支出 in the group row above
    glued = "\n".join([*lines[: k - 1], group, lines[k] + " " + lines[k + 1], *lines[k + 2 :]])
    _, facts, _ = _text(glued)
    income = {(f.row, f.col): f.value for f in facts if f.table == "income"}
    assert income and all(_facts(name)[("income", *key)] == v for key, v in income.items())


def _columns_swapped(name: str, swaps: dict[str, tuple[int, int]]) -> str:
    """Seed ``name`` with two columns of some tables swapped (header and rows; ``swaps``: title → the two cell
    positions), cells then separated by spaces, blank cells gone — as a report printing its columns in another
    order than the template, converted to text."""
    lines = (SEEDS / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    swap: tuple[int, int] | None = None
    for i, line in enumerate(lines):
        if "\t" not in line and line.strip().endswith(("决算表", "决算总表")):
            swap = swaps.get(line.strip())
        cells = line.split("\t")
        if swap is not None and len(cells) > max(swap):
            a, b = swap
            cells[a], cells[b] = cells[b], cells[a]
            lines[i] = "\t".join(cells)
    return "\n".join(" ".join(c for c in line.split("\t") if c.strip()) for line in lines)


@pytest.mark.parametrize("name", [S000, S002])
def test_columns_in_another_order_are_read_by_their_header_in_stream_text(name: str) -> None:
    # 项目支出 printed before 基本支出 (03), 财政拨款收入 before 本年收入合计 (02): the header says which is which
    text = _columns_swapped(name, {"支出决算表": (3, 4), "收入决算表": (2, 3)})
    doc = segment(normalize(text), "t")
    tables, _ = read_tables(doc)
    got = {(f.table, f.row, f.col): f.value for f in Extraction(doc="t", backend="rules", tables=tables).to_facts()}
    want = _facts(name)
    for table in ("income", "expenditure"):
        assert {k: v for k, v in got.items() if k[0] == table} == {k: v for k, v in want.items() if k[0] == table}


def _in_whole_yuan(name: str) -> str:
    """Seed ``name`` with its tables printed in whole yuan (``单位：元``, ``8511700``), as many reports print them:
    every amount of a table (a tab cell with decimals, under a title 决算…表) times 10 000."""
    out: list[str] = []
    inside = False
    for line in (SEEDS / f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        if "\t" not in line and re.search(r"决算\w*表$", line.strip()):
            inside = True
        elif inside and line.strip().startswith("注"):
            inside = False
        if inside and "单位" in line:
            line = line.replace("万元", "元")
        if inside and "\t" in line:
            cells = line.split("\t")
            whole = r"((?:<b>)?)(-?\d+\.\d+)((?:</b>)?)"  # seed 003 prints its totals in <b> tags
            line = "\t".join(
                re.sub(whole, lambda m: f"{m[1]}{int(Decimal(m[2]) * 10000)}{m[3]}", c.strip())
                if re.fullmatch(whole, c.strip())
                else c
                for c in cells
            )
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("name", [S002, S003])
def test_tables_in_whole_yuan_are_read(name: str) -> None:
    # no decimals anywhere in the tables: whole numbers after a row's label are its amounts, not codes or 行次
    doc = segment(normalize(_in_whole_yuan(name)), "t")
    assert not [t.kind for t in doc.tables if t.declared_empty and t.kind not in ("gov_fund", "state_capital")]
    tables, _ = read_tables(doc)
    got = {(f.table, f.row, f.col): f for f in Extraction(doc="t", backend="rules", tables=tables).to_facts()}
    want = _facts(name)
    assert {f.unit for f in got.values()} == {"元"}
    assert {k: Decimal(f.value) / 10000 for k, f in got.items()} == {k: Decimal(v) for k, v in want.items()}


@pytest.mark.parametrize("name", [S002, S003])
def test_whole_yuan_stream_text_never_reads_a_line_number_as_an_amount(name: str) -> None:
    # 收入支出决算总表 with a 行次 column, cells separated by spaces: `本年收入合计 27 8511700 本年支出合计 58 …`.
    # Multiplying the seeds' 万元 by 10 000 keeps their 尾差 as differences of 100 元: every amount is a multiple of
    # 100 元, so that is the tables' rounding step, their identities hold within it, and one quantity two tables
    # round differently (table 04's 1,289,000 beside table 05's 1,289,100) stays as each prints it.
    text = "\n".join(" ".join(c for c in line.split("\t") if c.strip()) for line in _in_whole_yuan(name).split("\n"))
    doc = segment(normalize(text), "t")
    tables, _ = read_tables(doc)
    got = {
        (f.table, f.row, f.col): Decimal(f.value) / 10000
        for f in Extraction(doc="t", backend="rules", tables=tables).to_facts()
    }
    want = {k: Decimal(v) for k, v in _facts(name).items()}
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    assert got[("summary", "本年收入合计", "金额")] == want[("summary", "本年收入合计", "金额")]
    assert len(got) >= 0.95 * len(want)  # (read at a step of 1 元, the 尾差 left 106 of 253 and 128 of 204)


def _names_above_codes(name: str) -> str:
    """Seed ``name`` as pdfplumber's plain text prints a report whose rows are taller than one line: cells
    separated by spaces, each code row's name on the line above its code and figures (``行政运行`` /
    ``201 06 01 1,511.90 1,511.89``), no notes under the tables, each title glued to the previous table's last
    figures (``2,995.39 2,995.39收入决算表``)."""
    out: list[str] = []
    for line in (SEEDS / f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        text = " ".join(cells)
        if text.startswith("注"):
            continue
        m = re.fullmatch(r"(\d{3}(?:\d{2}){0,2}) ([\u4e00-\u9fff（）()]+) (-?\d.*)", text)
        if m and "\t" in line:
            out += [m[2], f"{m[1]} {m[3]}"]
        elif re.search(r"决算\w*表$", text) and "\t" not in line and out and re.search(r"\d$", out[-1]):
            out[-1] += text
        elif text:
            out.append(text)
    return "\n".join(out)


@pytest.mark.parametrize("name", [S000, S002])
def test_names_printed_above_their_codes_and_titles_glued_to_figures(name: str) -> None:
    doc = segment(normalize(_names_above_codes(name)), "t")
    assert {t.kind for t in doc.tables} >= {"income", "expenditure", "general_budget"}
    tables, unread = read_tables(doc)
    got = {(f.table, f.row, f.col): f.value for f in Extraction(doc="t", backend="rules", tables=tables).to_facts()}
    for table in ("income", "expenditure", "general_budget"):
        want = {k: v for k, v in _facts(name).items() if k[0] == table}
        assert {k: v for k, v in got.items() if k[0] == table} == want, table
    assert not [u.reason for u in unread if "not printed read as" in u.reason]  # the code is printed, below


def _summary_figures_below(name: str) -> str:
    """Seed ``name``'s 收入支出决算总表 as pdfplumber's plain text prints a two-sided table: a line with the row's
    two labels, the line below with its figures (no 行次), the table ending with ``总计 总计`` / its figures."""
    out: list[str] = []
    inside = False
    for line in (SEEDS / f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        if "\t" not in line and re.search(r"决算\w*表$", line.strip()):
            inside = line.strip() == "收入支出决算总表"
        cells = line.split("\t")
        if inside and len(cells) >= 6 and not line.startswith(("项目", "栏次", "收入")):
            labels = [c.strip() for c in (cells[0], cells[3]) if c.strip() and not c.strip().isdigit()]
            figures = [c.strip() for c in (cells[2], cells[5]) if re.fullmatch(r"-?\d[\d,]*\.\d+", c.strip())]
            out += [" ".join(labels), " ".join(figures)] if figures else [" ".join(labels)]
        elif not inside or not line.startswith("注"):
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("name", [S002])  # and czj's pdfplumber text: test_pdfplumber_plain_text_…
def test_two_sided_figures_on_the_line_below_their_two_labels(name: str) -> None:
    doc = segment(normalize(_summary_figures_below(name)), "t")
    assert all(t.figures_below for t in doc.tables)
    tables, unread = read_tables(doc)
    got = {(f.row, f.col): f.value for f in Extraction(doc="t", backend="rules", tables=tables).to_facts()
           if f.table == "summary"}  # fmt: skip
    want = {(k[1], k[2]): v for k, v in _facts(name).items() if k[0] == "summary"}
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}  # nothing read wrong
    # 一、一般公共预算财政拨款收入 851.17 printed under two labels: not given to either side
    assert any("its side is not shown" in u.reason and u.claim == want[("本年收入合计", "金额")] for u in unread)


def _budget_with_basic_split(name: str) -> str:
    """Seed ``name``'s table 05 as some templates print it: 基本支出 a group over ``小计 | 人员经费 | 公用经费``
    (the two parts left blank here), next to the table's own 合计 and 项目支出."""
    out: list[str] = []
    inside = False
    for line in (SEEDS / f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        if "\t" not in line and re.search(r"决算\w*表$", line.strip()):
            inside = line.strip().lstrip("#* ") == "一般公共预算财政拨款支出决算表"
        cells = line.split("\t")
        if inside and "科目名称" in line:
            out += ["\t".join([*cells[:2], "合计", "基本支出", "", "", "项目支出"]), "\t\t\t小计\t人员经费\t公用经费\t"]
            continue
        if inside and len(cells) >= 5 and "栏次" not in line:
            line = "\t".join([*cells[:4], "", "", *cells[4:]])
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("name", [S002, S003])
def test_a_subtotal_under_a_column_group_is_that_group(name: str) -> None:
    # 基本支出 over 小计 | 人员经费 | 公用经费: 小计 is 基本支出, not the table's 合计
    _, facts, _ = _text(_budget_with_basic_split(name))
    assert _of_tables(facts, "general_budget") == _of_tables(_read(name)[1], "general_budget")


def _of_tables(facts: Iterable[Fact], *tables: str) -> dict[tuple[str, str, str], str]:
    """The facts of ``tables``, by key: what two readings of one report are compared by."""
    return {(f.table, f.row, f.col): f.value for f in facts if f.table in tables}


def _with_line_numbers(name: str) -> str:
    """Seed ``name`` with a 行次 column after the names in tables 02, 03 and 05 (``206 | 科学技术支出 | 2 |
    619.32``), as some provinces print every table."""
    out: list[str] = []
    inside, k = False, 0
    for line in (SEEDS / f"{name}.txt").read_text(encoding="utf-8").split("\n"):
        if "\t" not in line and re.search(r"决算\w*表$", line.strip()):
            inside = line.strip().lstrip("#* ") in ("收入决算表", "支出决算表", "一般公共预算财政拨款支出决算表")
            k = 0
        cells = line.split("\t")
        if inside and len(cells) >= 4:
            if cells[0].startswith("项目"):
                extra = "行次"
            elif "栏次" in line or "科目名称" in line:
                extra = ""
            else:
                k += 1
                extra = str(k)
            line = "\t".join([*cells[:2], extra, *cells[2:]])
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("name", [S002, S003])
def test_a_line_number_column_in_a_code_table_is_neither_code_nor_amount(name: str) -> None:
    doc, facts, _ = _text(_with_line_numbers(name))
    tables = ("income", "expenditure", "general_budget")
    assert _of_tables(facts, *tables) == _of_tables(_read(name)[1], *tables)
    [income] = [t for t in read_tables(doc)[0] if t.table == "income"]
    assert {r.row: r.label for r in income.rows}["206"] == "科学技术支出"  # not 科学技术支出2
