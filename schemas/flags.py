"""Flags: what a deterministic check says about an inconsistency, with the evidence a reviewer needs.

One ``Flag`` per line of ``<stem>.flags.jsonl``. ``facts`` lists every fact the check involved, so a
reviewer can see them all highlighted; ``expected`` / ``found`` / ``difference`` are plain decimal strings.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


class FlagFact(BaseModel):
    """A fact a check involved: its key, value and span (``None`` when the check found it missing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    table: str
    row: str
    col: str
    value: str | None = None
    span: tuple[int, int] | None = None


class Flag(BaseModel):
    """One inconsistency (or rounding note) found by one check in one document."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="stable across re-runs: doc, check and the facts involved")
    doc: str
    check: str
    severity: Severity
    message: str
    facts: list[FlagFact] = Field(default_factory=list)
    expected: str | None = None
    found: str | None = None
    difference: str | None = None
