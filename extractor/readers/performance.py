"""Reader for project performance self-evaluations (绩效自评), in prose and in self-evaluation tables."""

from __future__ import annotations

from extractor.schemas import PerformanceRow, Unread
from extractor.segment import Document


def read_performance(doc: Document) -> tuple[list[PerformanceRow], list[Unread]]:
    """Every project's 预算数 / 执行数 / 执行率 / 自评得分 the report states."""
    return [], []
