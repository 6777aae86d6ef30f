"""The code dictionary family: shipped data, the seeds, and synthetic codes and names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.checks import catalogue, run_checks
from extractor.checks.dictionary import codebook, name_verdict
from extractor.codes import CodeBook, Entry
from extractor.pipeline import process
from extractor.schemas import Extraction
from tests.conftest import SEED_IDS, seed_path, seed_result

FAMILY = "dictionary"
CHECKS = {
    "dictionary.function_code",
    "dictionary.function_name",
    "dictionary.economic_code",
    "dictionary.economic_name",
}
#: names the seeds print that are genuinely not the official name (002: 20604 技术研究与开发 printed 技术与开发)
KNOWN_SEED_VARIANTS = {("002_846b8c47d01900a7", "20604", "技术与开发")}


def _dict_flags(flags: list) -> list:
    return [f for f in flags if f.check.startswith(f"{FAMILY}.")]


# -- the shipped data ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind, lead, lengths", [("function", "2", (3, 5, 7)), ("economic", "3", (3, 5))])
def test_shipped_dictionary_is_well_formed(kind: str, lead: str, lengths: tuple[int, ...]) -> None:
    book = codebook(kind)
    assert {"source", "coverage", "classification"} <= set(book.meta)
    assert book.meta["count"] == len(book) > 100
    for code, e in book.entries.items():
        assert code.isdigit() and code.startswith(lead) and len(code) in lengths, code
        assert e.name and e.name == e.name.strip(), code
        if len(code) > 3:
            assert code[:-2] in book, f"{code} has no parent in the dictionary"
        assert e.since is None or e.until is None or e.since <= e.until


def _entry(book: CodeBook, code: str) -> Entry:
    e = book.get(code)
    assert e is not None, code
    return e


def test_dictionary_records_known_changes() -> None:
    fn = codebook("function")
    assert _entry(fn, "2130599").name == "其他巩固脱贫攻坚成果衔接乡村振兴支出" and _entry(fn, "2130599").since == 2021
    assert not _entry(fn, "2130599").valid_in(2020) and _entry(fn, "2130599").valid_in(2024)
    assert _entry(fn, "20808").name == "抚恤"
    assert _entry(fn, "2080505").name == "机关事业单位基本养老保险缴费支出"
    assert _entry(fn, "2080506").name == "机关事业单位职业年金缴费支出"
    assert name_verdict(_entry(fn, "20805"), "行政事业单位离退休", 2020) is None
    verdict = name_verdict(_entry(fn, "20805"), "行政事业单位离退休", 2024)
    assert verdict is not None and "until 2020" in verdict
    for cls in ("201", "205", "206", "207", "208", "210", "212", "213", "221", "224", "232", "233", "234"):
        assert cls in fn
    eco = codebook("economic")
    assert {"301", "302", "303", "307", "309", "310", "312", "313", "399"} <= set(eco.entries)


def test_checks_are_registered() -> None:
    specs = {s.id: s for s in catalogue() if s.family == FAMILY}
    assert set(specs) == CHECKS
    assert specs["dictionary.function_code"].severity == "error"
    assert specs["dictionary.function_name"].severity == "warning"


# -- name matching ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "code, printed, ok",
    [
        ("2080505", "机关事业单位基本养老保险缴", True),  # truncated by the column (seed 002, table 02)
        ("2080506", "机关事业单位职业年金缴费支", True),
        ("2060101", " 行政运行 ", True),
        ("206", "科学技术（类）", True),
        ("206", "科学技术", True),  # the trailing 支出 dropped, as the prose does
        ("210", "卫生与健康支出", True),
        ("2060404", "科技成果", True),
        ("2060404", "科技", False),  # too short to be a truncation
        ("2101102", "事业单位养老", False),
        ("20604", "技术与开发", False),
    ],
)
def test_function_name_matching(code: str, printed: str, ok: bool) -> None:
    assert (name_verdict(_entry(codebook("function"), code), printed, 2024) is None) is ok


@pytest.mark.parametrize(
    "code, printed", [("30213", "维修(护)费"), ("30212", "因公出国（境）费用"), ("30108", "机关事业单位基本养老保险"),
                      ("39908", "对民间非营利组织和群众性自治组织")],
)  # fmt: skip
def test_economic_name_variants_are_accepted(code: str, printed: str) -> None:
    assert name_verdict(_entry(codebook("economic"), code), printed, 2024) is None


# -- the seeds -------------------------------------------------------------------------------------
def test_seeds_raise_no_dictionary_errors_and_only_the_known_name_warning(seed_id: str) -> None:
    flags = _dict_flags(seed_result(seed_id).flags)
    assert [f.message for f in flags if f.severity == "error"] == []
    warned = {
        (seed_id, x.row, m[1]) for f in flags for x in f.facts if (m := re.search(r"printed name '([^']+)'", f.message))
    }
    assert warned <= KNOWN_SEED_VARIANTS
    assert not [f for f in flags if f.severity == "warning" and "printed name" not in f.message]


def test_seed_002_warns_on_its_20604_name() -> None:
    [flag] = [f for f in _dict_flags(seed_result("002_846b8c47d01900a7").flags) if f.severity == "warning"]
    assert flag.check == "dictionary.function_name" and "技术研究与开发" in flag.message
    assert {x.table for x in flag.facts} == {"income", "expenditure", "general_budget"}


_PAIR = re.compile(r"(?m)(?:^|\t)((?:2\d\d|3\d\d)(?:\d\d){0,2})\t([\u4e00-\u9fff（）()、]+)")
_GLOSS = re.compile(r"(\d{3})类）([^（]+)（(\d{2})款）([^（]+)（(\d{2})项）")


@pytest.mark.parametrize("doc", SEED_IDS)
def test_every_code_and_name_printed_in_the_seeds_is_in_the_dictionary(doc: str) -> None:
    text = seed_path(doc).read_text(encoding="utf-8")
    pairs = {(c, n) for c, n in _PAIR.findall(text)}
    pairs |= {(c, n) for c, n in re.findall(r"(20\d{5}) ([\u4e00-\u9fff]+)", text)}  # the prose: 2060101 行政运行
    for m in _GLOSS.finditer(text):  # 科学技术支出（206类）科学技术管理事务（01款）行政运行（01项）
        pairs |= {(m[1] + m[3], m[2]), (m[1] + m[3] + m[5], m[4])}
    problems = []
    for code, name in sorted(pairs):
        entry = codebook("function" if code[0] == "2" else "economic").get(code)
        if entry is None:
            problems.append(f"{code} {name}: missing")
        # year None: any name the code has had (004's glossary prints the pre-2021 names of 20805/2080501)
        elif (why := name_verdict(entry, name, None)) and (doc, code, name) not in KNOWN_SEED_VARIANTS:
            problems.append(f"{code}: {why}")
    assert problems == []
    if doc in ("000_d2cac5324267c124", "002_846b8c47d01900a7", "003_9ee8868df83b9797"):
        assert len(pairs) > 60


# -- corrupted and synthetic reports ---------------------------------------------------------------
def test_corrupted_seed_unknown_code_wrong_name_and_truncation(tmp_path: Path) -> None:
    text = seed_path("002_846b8c47d01900a7").read_text(encoding="utf-8")
    bad = text.replace("2101103\t公务员医疗补助\t10.75", "2101188\t公务员医疗补助\t10.75", 1)
    bad = bad.replace("2101102\t事业单位医疗", "2101102\t事业单位养老", 1)
    assert bad.count("2101188") == 1 and "事业单位养老\t" in bad
    p = tmp_path / "002.txt"
    p.write_text(bad, encoding="utf-8")
    flags = _dict_flags(process(p).flags)
    unknown = [f for f in flags if "2101188" in f.message]
    assert [(f.check, f.severity) for f in unknown] == [("dictionary.function_code", "warning")]
    assert "not in the shipped" in unknown[0].message and unknown[0].facts[0].table == "income"
    wrong = [f for f in flags if f.check == "dictionary.function_name" and "2101102" in f.message]
    assert [f.severity for f in wrong] == ["warning"] and "事业单位养老" in wrong[0].message
    assert not [f for f in flags if "2080505" in f.message]  # 机关事业单位基本养老保险缴: truncated, accepted
    assert not [f for f in flags if f.severity == "error"]


def _extraction(year: int | None, table: str, rows: list[tuple[str, str]]) -> Extraction:
    col = {"income": "本年收入合计", "basic_by_economic": "决算数"}[table]
    amount = {"value": "1", "text": "1", "span": [0, 1]}
    return Extraction.model_validate(
        {
            "doc": "synthetic",
            "backend": "rules",
            "metadata": {"year": year},
            "tables": [
                {
                    "table": table,
                    "title": table,
                    "span": [0, 1],
                    "rows": [{"row": r, "label": lab, "span": [0, 1], "cells": {col: amount}} for r, lab in rows],
                }
            ],
        }
    )


def _run(ex: Extraction) -> list[tuple[str, str, str]]:
    return [(f.check, f.severity, f.message) for f in _dict_flags(run_checks(ex))]


def test_structurally_impossible_function_codes_are_errors() -> None:
    rows = [("206", "科学技术支出"), ("20601", "科学技术管理事务"), ("2060101", "行政运行"),
            ("20801", "人力资源和社会保障管理事务"), ("206011", "行政运行"), ("30101", "基本工资")]  # fmt: skip
    flags = _run(_extraction(2024, "income", rows))
    errors = {m.split(":")[0]: c for c, s, m in flags if s == "error"}
    assert errors == {
        "income 20801": "dictionary.function_code",  # a 款 under no printed 类
        "income 206011": "dictionary.function_code",  # six digits
        "income 30101": "dictionary.function_code",  # an economic code in a function table
    }


def test_a_table_that_prints_no_class_rows_is_not_an_error() -> None:
    assert _run(_extraction(2024, "income", [("20601", "科学技术管理事务"), ("2060101", "行政运行")])) == []


def test_codes_outside_their_years_and_former_names() -> None:
    flags = _run(_extraction(2020, "income", [("213", "农林水支出"), ("21305", "扶贫"), ("2130599", "其他扶贫支出")]))
    assert [(c, s) for c, s, m in flags] == [("dictionary.function_code", "warning")] * 2  # 21305, 2130599 from 2021
    later = _run(_extraction(2023, "income", [("213", "农林水支出"), ("21305", "扶贫")]))
    assert [(c, s) for c, s, m in later] == [("dictionary.function_name", "warning")]
    assert "until 2020" in later[0][2]


def test_economic_codes() -> None:
    rows = [("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "奖金"), ("30188", "新费用"),
            ("30201", "办公费"), ("3010", "基本工资")]  # fmt: skip
    flags = _run(_extraction(2024, "basic_by_economic", rows))
    assert sorted((c, s, m.split(":")[0].split(" (")[0]) for c, s, m in flags) == [
        ("dictionary.economic_code", "error", "basic_by_economic 3010"),
        ("dictionary.economic_code", "error", "basic_by_economic 30201"),  # 302 not printed
        ("dictionary.economic_code", "warning", "30188"),
        ("dictionary.economic_name", "warning", "30102"),
    ]
