"""Strict target schemas. Imports nothing else from ``extractor``: schemas are the contract, not code."""

from extractor.schemas.facts import MONEY_UNITS, STANDARD_TABLES, Fact, TableId, Unit, fold_key
from extractor.schemas.flags import SEVERITIES, Basis, Flag, FlagFact, Severity, Suggestion, Suspect
from extractor.schemas.ocr import OcrPage, OcrProvenance, OcrRun
from extractor.schemas.report import (
    IDENTITIES_FAIL,
    NARRATIVE_COUNT_UNITS,
    NARRATIVE_KEYS,
    TABLE_COLUMNS,
    TABLE_MODELS,
    Amount,
    Confidence,
    Extraction,
    Metadata,
    NarrativeFact,
    PerformanceRow,
    StandardTable,
    TableRow,
    Unread,
)

__all__ = [
    "IDENTITIES_FAIL",
    "MONEY_UNITS",
    "NARRATIVE_COUNT_UNITS",
    "NARRATIVE_KEYS",
    "SEVERITIES",
    "STANDARD_TABLES",
    "TABLE_COLUMNS",
    "TABLE_MODELS",
    "Amount",
    "Basis",
    "Confidence",
    "Extraction",
    "Fact",
    "Flag",
    "FlagFact",
    "Metadata",
    "NarrativeFact",
    "OcrPage",
    "OcrProvenance",
    "OcrRun",
    "PerformanceRow",
    "Severity",
    "StandardTable",
    "Suggestion",
    "Suspect",
    "TableId",
    "TableRow",
    "Unit",
    "Unread",
    "fold_key",
]
