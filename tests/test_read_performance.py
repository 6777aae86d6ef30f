"""read_performance: project self-evaluations from prose items, appendix reports and summary tables."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from extractor.ingest import ingest
from extractor.normalize import normalize, normalize_value
from extractor.readers.performance import read_performance
from extractor.schemas import PerformanceRow
from extractor.segment import Document, segment

SEEDS = Path(__file__).resolve().parent.parent / "eval" / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))

ROW_COUNTS = {
    "000_d2cac5324267c124": 18,
    "001_04c96ce19f25fec9": 5,
    "002_846b8c47d01900a7": 4,
    "003_9ee8868df83b9797": 8,
    "004_c4edb0ea88fbfc7f": 1,
}


@cache
def _doc(doc_id: str) -> Document:
    s = ingest(SEEDS / f"{doc_id}.txt")
    return segment(normalize(s), s.doc_id)


@cache
def _rows(doc_id: str) -> dict[str, PerformanceRow]:
    rows, _ = read_performance(_doc(doc_id))
    return {r.project: r for r in rows}


def _cells(doc_id: str, project: str) -> dict[str, str]:
    return {c: a.plain() for c, a in _rows(doc_id)[project].cells.items()}


@pytest.mark.parametrize(("doc_id", "count"), ROW_COUNTS.items())
def test_row_count_and_unique_projects(doc_id: str, count: int) -> None:
    rows, _ = read_performance(_doc(doc_id))
    assert len(rows) == count
    assert max(Counter(r.project for r in rows).values()) == 1


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_every_value_and_name_span_is_verifiable(doc_id: str) -> None:
    original = _doc(doc_id).text.original
    units = {"预算数": "万元", "执行数": "万元", "执行率": "%", "自评得分": "分"}
    for row in _rows(doc_id).values():
        printed = re.sub(r"[\s“”\"]", "", original[row.span[0] : row.span[1]])
        assert row.project and re.sub(r"[\s“”\"]", "", row.project) == printed
        for col, a in row.cells.items():
            assert normalize_value(original[a.span[0] : a.span[1]]) == a.plain()
            assert a.unit == units[col]


# (seed, project, cells as "col=value …"); 000 (3) and (18) state no rate, 001 no rate at all.
CELLS = [
    ("002_846b8c47d01900a7", "科技活动周", "自评得分=96 预算数=1.74 执行数=1.74 执行率=100"),
    ("002_846b8c47d01900a7", "科技大厦维修", "自评得分=94 预算数=47 执行数=29.08 执行率=61.87"),
    ("000_d2cac5324267c124", "大众传媒促科普素质提升项目", "自评得分=100 预算数=14.00 执行数=5.00"),
    ("000_d2cac5324267c124", "市科协会议系统设备购置", "自评得分=100 预算数=0 执行数=8.45"),
    ("000_d2cac5324267c124", "沈阳科学学术年会及相关活动", "自评得分=99.95 预算数=63 执行数=62.67 执行率=99.48"),
    ("000_d2cac5324267c124", "优秀科技工作者暨十大英才评比", "自评得分=99.33 预算数=3.60 执行数=3.36 执行率=93.33"),
    ("003_9ee8868df83b9797", "科普工作经费", "自评得分=100 预算数=42.37 执行数=42.37 执行率=100"),
    ("003_9ee8868df83b9797", "临时科技馆运转经费", "自评得分=100 预算数=40.65 执行数=40.65 执行率=100"),
    ("001_04c96ce19f25fec9", "科创会专项经费", "预算数=106 执行数=76.78 自评得分=98.5"),
    ("001_04c96ce19f25fec9", "天府科技云", "预算数=20 执行数=31.8 自评得分=99.3"),
    ("004_c4edb0ea88fbfc7f", "省级科普专项", "预算数=129.79 执行数=66.91 执行率=51.55 自评得分=93.15"),
]


@pytest.mark.parametrize(("doc_id", "project", "cells"), CELLS)
def test_project_cells(doc_id: str, project: str, cells: str) -> None:
    assert _cells(doc_id, project) == dict(pair.split("=") for pair in cells.split())


def test_table_rows_merge_into_prose_rows() -> None:
    """Seed 003's 项目支出自评汇总表 repeats the eight prose projects (one under a slightly different name)."""
    rows = _rows("003_9ee8868df83b9797")
    assert "临时科技馆运行经费" not in rows  # the table's name for 临时科技馆运转经费
    assert all(len(r.cells) == 4 for r in rows.values())


def test_table_only_project_becomes_a_row() -> None:
    text = (
        "部门(单位)项目支出自评汇总表\n\n"
        "序号\t项目名称\t全年预算数 (万元)\t执行数 (万元)\t执行率\t自评得 分\n"
        "1\t科普经费\t42.37\t40.00\t94.41%\t98\n"
        "说明:无。\n"
    )
    rows, unread = read_performance(segment(normalize(text), "t"))
    assert not unread
    assert [(r.project, {c: a.plain() for c, a in r.cells.items()}) for r in rows] == [
        ("科普经费", {"预算数": "42.37", "执行数": "40.00", "执行率": "94.41", "自评得分": "98"})
    ]
