"""read_narrative: the spec's narrative vocabulary, read from the 情况说明 prose of each seed."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from extractor.export import load_facts
from extractor.ingest import ingest
from extractor.normalize import normalize, normalize_value
from extractor.readers.narrative import read_narrative
from extractor.schemas import NARRATIVE_COUNT_UNITS, NarrativeFact
from extractor.segment import Document, segment
from tests.conftest import digits_below, digits_below_at_columns

SEEDS = Path(__file__).resolve().parent.parent / "eval" / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


@cache
def _doc(doc_id: str) -> Document:
    s = ingest(SEEDS / f"{doc_id}.txt")
    return segment(normalize(s), s.doc_id)


@cache
def _facts(doc_id: str) -> dict[str, NarrativeFact]:
    facts, _ = read_narrative(_doc(doc_id))
    return {f.row: f for f in facts}


# (seed, key) → value as printed; several keys per seed, the tricky wordings among them.
EXPECTED: dict[str, dict[str, str]] = {
    "000_d2cac5324267c124": {
        "收入总计": "1903.01",  # OCR-spaced 1, 903. 01 in the original
        "支出总计": "1903.01",
        "财政拨款收入": "1903.01",
        "基本支出": "1070.89",  # the totals section, not 一般公共预算财政拨款基本支出 1070.90
        "一般公共预算财政拨款基本支出": "1070.90",
        "项目支出": "832.11",
        "年末结转和结余": "0.00",
        "财政拨款支出": "1903.01",
        "人员经费": "940.22",
        "公用经费": "130.68",
        "三公经费支出": "1.81",
        "公务用车购置及运行费": "1.81",
        "国内公务接待批次": "0",
        "国内公务接待人次": "0",
        "公务用车保有量": "4",
        "机关运行经费": "130.68",  # not the comparison 比上年减少 5.44 万元
        "政府采购服务支出": "52.59",
        "车辆总数": "4",
    },
    "001_04c96ce19f25fec9": {
        "收入总计": "513.34",  # 收、支总计513.34万元 states both
        "支出总计": "513.34",
        "本年收入合计": "368.08",
        "本年支出合计": "484.13",
        "基本支出": "206.78",
        "项目支出": "277.35",
        "财政拨款收支总计": "513.34",
        "一般公共预算财政拨款支出": "484.13",
        "人员经费": "173.63",
        "公用经费": "33.15",
        "三公经费支出": "0.12",  # “三公”经费财政拨款支出决算为0.12万元
        "因公出国(境)费": "0",
        "公务接待费": "0.12",
        "公务用车保有量": "0",  # 单位共有公务用车0辆
        "国内公务接待批次": "1",  # 国内公务接待1批次，8人次
        "国内公务接待人次": "8",
        "机关运行经费": "33.15",
        "车辆总数": "0",
    },
    "002_846b8c47d01900a7": {
        "收入总计": "851.17",
        "支出总计": "851.17",
        "财政拨款收入": "851.17",
        "基本支出": "803.10",
        "项目支出": "48.07",
        "财政拨款支出": "851.17",
        "一般公共预算财政拨款支出": "851.17",
        "人员经费": "697.48",
        "公用经费": "105.62",  # printed 日常公用经费
        "三公经费支出": "3.65",
        "公务用车运行维护费": "3.65",
        "公务用车保有量": "3",
        "国内公务接待批次": "0",  # 国内公务接待累计 0 批次、0 人
        "机关运行经费": "35.52",
        "车辆总数": "3",  # 共有车辆 3 辆
    },
    "003_9ee8868df83b9797": {
        "收入总计": "741.64",  # 收、支总计均为741.64万元
        "支出总计": "741.64",
        "本年收入合计": "741.64",  # printed 收入合计
        "本年支出合计": "741.64",
        "财政拨款收入": "741.64",
        "基本支出": "599.20",
        "项目支出": "142.44",
        "财政拨款收支总计": "741.64",
        "一般公共预算财政拨款支出": "741.64",
        "三公经费预算": "2.60",  # 支出预算为2.60万元，支出决算为2.46万元
        "三公经费支出": "2.46",
        "因公出国(境)费": "0",
        "公务用车购置费": "0",  # printed 公务用车购置支出
        "公务用车运行维护费": "2.20",  # printed 公务用车运行维护支出
        "公务接待费": "0.26",
        "公务用车保有量": "2",
        "国内公务接待批次": "4",  # 共接待国内来访团组4个、来宾30人次
        "国内公务接待人次": "30",
        "政府采购货物支出": "0.63",
        "车辆总数": "2",
    },
    "004_c4edb0ea88fbfc7f": {
        "收入总计": "755.32",
        "支出总计": "755.32",
        "本年收入合计": "755.32",
        "基本支出": "619.48",
        "项目支出": "135.83",
        "财政拨款收支总计": "755.32",  # 财政拨款收入、支出总计
        "一般公共预算财政拨款基本支出": "619.49",
        "人员经费": "539.36",
        "公用经费": "80.13",
        "三公经费支出": "6.06",
        "公务用车购置及运行费": "5.07",  # printed 公务用车购置及运行维护费
        "公务用车保有量": "3",  # 单位共有公务用车3辆
        "国内公务接待批次": "10",  # 共接待10批次，共计93人
        "国内公务接待人次": "93",
        "政府采购服务支出": "3.95",
        "授予中小企业合同金额": "4.65",
        "车辆总数": "3",
    },
}

#: Keys the prose does not state: emitting them would be reading something else.
ABSENT: dict[str, set[str]] = {
    "000_d2cac5324267c124": {"本年收入合计", "本年支出合计", "三公经费预算"},
    "002_846b8c47d01900a7": {"本年收入合计", "三公经费预算"},
    "003_9ee8868df83b9797": {"年末结转和结余", "财政拨款支出"},
    "004_c4edb0ea88fbfc7f": {"政府采购工程支出", "年末结转和结余"},
}


@pytest.mark.parametrize(("doc_id", "key", "value"), [(d, k, v) for d, kv in EXPECTED.items() for k, v in kv.items()])
def test_expected_fact(doc_id: str, key: str, value: str) -> None:
    facts = _facts(doc_id)
    assert key in facts, f"{key} not read"
    assert facts[key].amount.plain() == value


@pytest.mark.parametrize(("doc_id", "key"), [(d, k) for d, ks in ABSENT.items() for k in sorted(ks)])
def test_unstated_key_is_not_emitted(doc_id: str, key: str) -> None:
    assert key not in _facts(doc_id)


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_one_fact_per_key_with_verifiable_span(doc_id: str) -> None:
    facts, _ = read_narrative(_doc(doc_id))
    assert facts, "every seed states narrative figures"
    counts = Counter(f.row for f in facts)
    assert max(counts.values()) == 1
    original = _doc(doc_id).text.original
    for f in facts:
        start, end = f.amount.span
        assert normalize_value(original[start:end]) == f.amount.plain()
        if f.row in NARRATIVE_COUNT_UNITS:
            assert (f.col, f.amount.unit) == ("数量", NARRATIVE_COUNT_UNITS[f.row])
        else:
            assert (f.col, f.amount.unit) == ("金额", "万元")


def test_comparisons_and_shares_are_not_the_figure() -> None:
    text = (
        "第二部分 决算情况说明\n\n五、其他重要事项的情况说明\n\n"
        "机关运行经费比上年减少 5.44 万元，今年收入总计减少 26.99 万元，占收入总计的 100.00%。\n"
    )
    assert read_narrative(segment(normalize(text), "t"))[0] == []


def test_glossary_and_tables_are_not_read() -> None:
    text = (
        "第二部分 2024年度部门决算情况说明\n\n一、收入支出决算总体情况说明\n\n"
        "2024年度收、支总计均为10.50万元。\n\n合计\t收入总计\t99.00\n\n"
        "第三部分 名词解释\n\n机关运行经费 7.00 万元\n"
    )
    doc = segment(normalize(text), "t")
    facts = {f.row: f.amount.plain() for f in read_narrative(doc)[0]}
    assert facts == {"收入总计": "10.50", "支出总计": "10.50"}


def test_yuan_in_prose_keeps_yuan() -> None:
    text = "第二部分 决算情况说明\n\n五、其他重要事项的情况说明\n\n机关运行经费支出 12345.67 元。\n"
    facts = read_narrative(segment(normalize(text), "t"))[0]
    assert [(f.row, f.amount.plain(), f.amount.unit) for f in facts] == [("机关运行经费", "12345.67", "元")]


# ---------------------------------------------------------------------------------------------
# Prose that wraps: page text breaks sentences every 30–40 characters, inside a number or before its unit

CORPUS = Path(__file__).resolve().parent.parent / "eval" / "corpus"
GOLDEN = Path(__file__).resolve().parent.parent / "eval" / "golden" / "corpus"
WRAPPED = {
    "shanghai_putuo_czj_2024": {"收入总计": "2995.39", "基本支出": "2336.91", "项目支出": "603.14",
                                "人员经费": "2152.26"},
    "shanghai_putuo_ghzy_2024": {"收入总计": "9859.38", "基本支出": "5377.64", "政府采购支出总额": "2319.21",
                                 "国内公务接待人次": "26"},
}  # fmt: skip


@pytest.mark.parametrize("layout", ["pdfium", "pdftotext-layout"])
@pytest.mark.parametrize("name", sorted(WRAPPED))
def test_statements_wrapped_over_lines_are_read(layout: str, name: str) -> None:
    # pdfium wraps lines; pdftotext -layout also double-spaces them (a blank line inside a paragraph)
    s = ingest(CORPUS / "text" / layout / f"{name}.txt")
    doc = segment(normalize(s), s.doc_id)
    facts, _ = read_narrative(doc)
    got: dict[str, str] = {f.row: f.amount.plain() for f in facts}
    for key, value in WRAPPED[name].items():
        if layout == "pdftotext-layout" and (name, key) == ("shanghai_putuo_czj_2024", "项目支出"):
            continue  # pdftotext prints that sentence's second line above its first: not recoverable
        assert got.get(key) == value, key
    for f in facts:
        assert normalize_value(s.text[f.amount.span[0] : f.amount.span[1]]) == f.amount.plain()


@pytest.mark.parametrize(
    "prose",
    [
        "上海市某某局2024年度收入支出总计 4733.14\n万元。与2023年度相比，收入支出总计减少1万元。",
        "上海市某某局2024年度收入支出总计 4733.\n14 万元。与2023年度相比，收入支出总计减少1万元。",
        "上海市某某局2024年度收入支\n出总计4733.14万元。",
    ],
)
def test_a_number_broken_from_its_unit_or_inside_is_read_whole(prose: str) -> None:
    text = f"第三部分 部门决算情况说明\n一、收入支出决算总体情况说明\n{prose}\n二、收入决算情况说明\n"
    doc = segment(normalize(text), "t")
    facts, _ = read_narrative(doc)
    got = {f.row: f for f in facts}
    assert got["收入总计"].amount.plain() == "4733.14"
    s, e = got["收入总计"].amount.span
    assert normalize_value(text[s:e]) == "4733.14"


def test_a_part_heading_wrapped_onto_a_second_line_still_marks_the_explanations() -> None:
    text = (
        "第三部分 上海市某某局2024年度部门决算\n情况说明\n一、收入支出决算总体情况说明\n"
        "本年收入合计100.00万元。\n第四部分 名词解释\n本年收入合计：指……200.00万元。\n"
    )
    doc = segment(normalize(text), "t")
    facts, _ = read_narrative(doc)
    assert [(f.row, f.amount.plain()) for f in facts] == [("本年收入合计", "100.00")]


@pytest.mark.parametrize("name", sorted(WRAPPED))
def test_a_part_heading_glued_to_a_note_and_wrapped_over_blank_lines_is_found(name: str) -> None:
    # PyMuPDF (sort=True) glues the 情况说明 part's heading to the previous page's note after two spaces, and
    # prints the heading's wrapped tail (说明 / 情况说明) after blank lines; the TOC names the part in one line
    text = (CORPUS / "text" / "pdfium" / f"{name}.txt").read_text(encoding="utf-8")
    glued = re.sub(r"。\f?(第三部分[^\n]*)\r?\n", lambda m: f"。  {m[1]}\n   \n\n", text, count=1)
    assert glued != text
    doc = segment(normalize(glued), name)
    got: dict[str, str] = {f.row: f.amount.plain() for f in read_narrative(doc)[0]}
    assert {k: got.get(k) for k in WRAPPED[name]} == WRAPPED[name]


@pytest.mark.parametrize("name", ["002_846b8c47d01900a7", "003_9ee8868df83b9797"])
def test_prose_whose_digits_a_converter_moved_below_the_words_is_read(name: str) -> None:
    # (and czj's pdfplumber text, eval/corpus/text/pdfplumber: test_read_tables)
    moved = digits_below((SEEDS / f"{name}.txt").read_text(encoding="utf-8"))
    doc = segment(normalize(moved), name)
    facts, _ = read_narrative(doc)
    got = {f.row: f.amount.plain() for f in facts}
    want = {k: f.amount.plain() for k, f in _facts(name).items()}
    assert len(got) >= 0.9 * len(want)
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    for f in facts:  # each figure's span is where the converter printed it
        assert normalize_value(doc.text.original[f.amount.span[0] : f.amount.span[1]]) == f.amount.plain()


@pytest.mark.parametrize("name", ["000_d2cac5324267c124", "002_846b8c47d01900a7"])
def test_prose_whose_digits_a_layout_converter_printed_below_at_their_columns_is_read(name: str) -> None:
    # (and czj's pdfplumber-layout text: test_czj_prose_whose_figures_pdfplumber_printed_below_is_read)
    moved = digits_below_at_columns((SEEDS / f"{name}.txt").read_text(encoding="utf-8"))
    assert not [line for line in moved.splitlines() if "\t" not in line and re.search(r"\d\s*万元", line)]
    doc = segment(normalize(moved), name)
    facts, _ = read_narrative(doc)
    got = {f.row: f.amount.plain() for f in facts}
    want = {k: f.amount.plain() for k, f in _facts(name).items()}
    assert got == want
    for f in facts:  # each figure's span is where the converter printed it: on the line below its words
        s, e = f.amount.span
        assert normalize_value(doc.text.original[s:e]) == f.amount.plain()
        assert not re.search(r"[\u4e00-\u9fff]", doc.text.original[doc.text.original.rfind("\n", 0, s) : s])


CZJ = "shanghai_putuo_czj_2024"


@pytest.mark.parametrize("layout", ["pdfplumber-layout", "pdfplumber"])
def test_czj_prose_whose_figures_pdfplumber_printed_below_is_read(layout: str) -> None:
    # pdfplumber prints czj's prose digits (and the quotation marks of “三公”) a little lower than the words: on a
    # line of their own, with layout=True at the columns of the gaps they left; extract_text() also starts a line
    # with the unit whose figure went below (``万元，占 ；`` / ``603.14 20.51%``)
    s = ingest(CORPUS / "text" / layout / f"{CZJ}.txt")
    doc = segment(normalize(s), s.doc_id)
    facts, _ = read_narrative(doc)
    golden = load_facts(GOLDEN / f"{CZJ}.facts.jsonl")
    want = {f.row: Decimal(f.value) for f in golden if f.table == "narrative"}
    assert {f.row: Decimal(f.amount.plain()) for f in facts} == want
    for f in facts:
        assert normalize_value(s.text[f.amount.span[0] : f.amount.span[1]]) == f.amount.plain()


def _layout_prose(words: str, below: str) -> Document:
    text = f"第三部分 部门决算情况说明\n八、机关运行经费支出情况说明\n{words}\n{below}\n九、其他重要事项的情况说明\n"
    return segment(normalize(text), "t")


@pytest.mark.parametrize(
    ("below", "read"),
    [
        ("                         184.65", True),  # under the gap its figure left
        ("                             184.65", True),  # starting where the next word starts (the gap's start lags)
        ("            184.65", False),  # under a word
        ("                         184.65  2.55", False),  # two figures under one gap: a table's row, not prose
    ],
)
def test_a_figure_goes_back_only_into_the_gap_above_which_it_stands(below: str, read: bool) -> None:
    doc = _layout_prose("          机关运行经费支出             万元，比上年增加。", below)
    got = {f.row: f.amount.plain() for f in read_narrative(doc)[0]}
    assert got == ({"机关运行经费": "184.65"} if read else {})
