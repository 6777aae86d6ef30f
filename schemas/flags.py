"""Flags: what a deterministic check says about an inconsistency, with the evidence a reviewer needs.

One ``Flag`` per line of ``<stem>.flags.jsonl``. ``facts`` lists every fact the check involved, so a
reviewer can see them all highlighted; ``expected`` / ``found`` / ``difference`` are plain decimal strings.

``message`` is English (tools grep it); ``template`` and ``params`` say the same thing as data, so a reader
can render it in another language (``extractor.checks.messages.render``: zh-CN and en). ``suspect`` is the
fact the flag most likely points at — decided from all flags of the document together, after the checks
ran: the one fact whose single change satisfies the most failing checks — and ``suggested`` the value that
would satisfy them, where the checks determine it, with each identity that gives it (``basis``).
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


class Suspect(FlagFact):
    """The fact a flag most likely points at, with its characters as printed in the report."""

    printed: str | None = Field(default=None, description="the source text at span, as printed")
    unit: str | None = None


class Basis(BaseModel):
    """One identity that gives the suggested value: which check, which kind of relation, over which facts.

    ``kind``: ``sum`` (the suspect is a total: Σ ``via``), ``part`` (the suspect is a term: the total and the
    other terms in ``via``, with ``signs``), ``equal`` (another printed figure of the same quantity,
    ``via[0]``), ``ratio`` (a percentage recomputed from ``via``). ``text`` says it in English
    (``Σ 302 = 130.68``, ``prose 公用经费 = 130.68``); ``extractor.checks.messages.basis_text`` renders it in
    zh-CN too.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    check: str
    flag: str = Field(description="the flag raised for that identity; empty when it holds within rounding")
    kind: Literal["sum", "part", "equal", "ratio"]
    via: list[str] = Field(default_factory=list, description="the other facts, as table/row/col")
    signs: list[int] = Field(default_factory=list, description="value = Σ signs[i] · via[i] (sum, part, equal)")
    value: str
    text: str


class Suggestion(BaseModel):
    """The value that would satisfy the failing checks, in the suspect's printed unit and decimals."""

    model_config = ConfigDict(extra="forbid")

    value: str
    unit: str | None = None
    basis: list[Basis] = Field(default_factory=list)


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
    template: str | None = Field(default=None, description="the message's template id (messages catalogue)")
    params: dict[str, str | list[str]] = Field(default_factory=dict, description="the template's parameters")
    suspect: Suspect | None = None
    suggested: Suggestion | None = None
