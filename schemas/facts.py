"""The facts format (``spec/facts.md``): the tool's public output, the golden-set unit, the scored unit.

One ``Fact`` per extracted number. Keys use half-width parentheses and no spaces; ``fact_key`` folds
keys exactly as the spec's Scoring section does, so predictions and golden files compare on equal terms.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, field_validator

TableId = Literal[
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_budget",
    "basic_by_economic",
    "gov_fund",
    "state_capital",
    "three_public",
    "narrative",
    "performance",
]
#: The nine standard tables (公开01–09表), in template order.
STANDARD_TABLES: tuple[str, ...] = tuple(t for t in get_args(TableId) if t not in ("narrative", "performance"))
Unit = Literal["万元", "元", "千元", "%", "辆", "个", "人次", "批次", "分"]
#: money units; 千元 (thousands of yuan, printed by some templates) is an extension of the spec's list
MoneyUnit = Literal["万元", "元", "千元"]
MONEY_UNITS = get_args(MoneyUnit)

_PLAIN_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")


class Fact(BaseModel):
    """One number of one report, as the spec defines it. ``span`` is required in the tool's output."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str
    table: TableId
    row: str
    col: str
    value: str
    unit: Unit
    span: tuple[int, int] | None = None

    @field_validator("value")
    @classmethod
    def _plain_decimal(cls, v: str) -> str:
        if not _PLAIN_DECIMAL.fullmatch(v):
            raise ValueError(f"value {v!r} is not a plain decimal string")
        return v

    @field_validator("span")
    @classmethod
    def _ordered(cls, v: tuple[int, int] | None) -> tuple[int, int] | None:
        if v is not None and not 0 <= v[0] < v[1]:
            raise ValueError(f"span {v} is not [start, end) with start < end")
        return v

    def key(self) -> tuple[str, str, str, str]:
        """The scoring key ``(doc, table, row, col)`` with rows and columns folded."""
        return (self.doc, self.table, fold_key(self.row), fold_key(self.col))


_QUOTES = re.compile(r"[\s“”‘’\"'「」『』]")
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "‐": "-", "（": "(", "）": ")"})


def fold_key(text: str) -> str:
    """Fold a row/col key as the scorer does: no whitespace or quotes, half-width parens, one dash."""
    return _QUOTES.sub("", text).translate(_DASHES)
