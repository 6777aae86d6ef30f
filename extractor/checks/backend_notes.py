"""Backend notes as flags: values a model returned that are not in the text, readings that disagree, and
requests the model never answered validly.

The LLM and hybrid backends record these as ``Unread`` entries (never as facts); these checks make each one
a warning a reviewer sees, with the model's claim and the spans involved. ``Unread.what`` is
``"<source>:<table>/<row>/<col>"`` with source ``llm`` (the model, or its chunks among themselves) or
``hybrid`` (rules vs model). Like every check, this module imports no backend and nothing of the LLM client.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal

from extractor.checks import register
from extractor.checks.base import Context
from extractor.checks.messages import Text
from extractor.schemas import IDENTITIES_FAIL, ROW_MISREAD, Unread
from extractor.schemas.flags import Flag, FlagFact


def _parse(what: str) -> tuple[str, str, str, str] | None:
    """``llm:income/2060101/本年收入合计`` → ("llm", "income", "2060101", "本年收入合计")."""
    source, sep, rest = what.partition(":")
    if not sep or "/" not in rest:
        return None
    table, _, rest = rest.partition("/")
    row, sep, col = rest.rpartition("/")
    if not sep:
        return None
    return source, table, row, col


def _flag(ctx: Context, u: Unread, message: Text, facts: list[FlagFact], expected: str | None) -> Flag:
    blob = "|".join([ctx.doc, ctx.check_id, u.what, str(u.claim), str(u.span), str(u.other_span)])
    return Flag(
        id=f"{ctx.check_id}:{hashlib.sha1(blob.encode()).hexdigest()[:12]}",
        doc=ctx.doc,
        check=ctx.check_id,
        severity="warning",
        message=message.render("en"),
        facts=facts,
        expected=expected,
        found=u.claim,
        template=message.template,
        params=dict(message.params),
    )


def _notes(ctx: Context, kind: str, source: str) -> Iterator[tuple[Unread, str, str, str]]:
    for u in ctx.extraction.unread:
        parsed = _parse(u.what) if u.kind == kind else None
        if parsed and parsed[0] == source:
            yield u, parsed[1], parsed[2], parsed[3]


@register(
    "llm.ungrounded",
    "a value the model returned that cannot be found in its chunk: rejected, never a fact",
    severity="warning",
    tolerance="numbers compared after the facts spec's normalization",
)
def ungrounded(ctx: Context) -> Iterator[Flag]:
    for u, table, row, col in _notes(ctx, "ungrounded", "llm"):
        message = Text.of("llm_ungrounded", key=f"{table}/{row}/{col}", claim=u.claim, reason=u.reason)
        yield _flag(ctx, u, message, [FlagFact(table=table, row=row, col=col, value=u.claim, span=u.span)], None)


@register(
    "llm.unanswered",
    "a request the model answered, but never validly (after every re-ask): the text it was sent was not read by it",
    severity="warning",
    tolerance="exact: one flag per request",
)
def unanswered(ctx: Context) -> Iterator[Flag]:
    for u in ctx.extraction.unread:
        if u.kind == "unanswered":
            part = u.what.partition(":")[2]
            message = Text.of("llm_unanswered", part=part, reason=u.reason)
            yield _flag(ctx, u, message, [FlagFact(table=part, row="*", col="*", span=u.span)], None)


def _conflict_facts(u: Unread, table: str, row: str, col: str, kept: str | None) -> list[FlagFact]:
    facts = [FlagFact(table=table, row=row, col=col, value=kept, span=u.span)]
    if u.claim is not None or u.other_span is not None:
        facts.append(FlagFact(table=table, row=row, col=col, value=u.claim, span=u.other_span))
    return facts


@register(
    "llm.conflict",
    "two chunks read by the model give different values for one fact (the first in reading order is kept)",
    severity="warning",
    tolerance="exact",
)
def llm_conflict(ctx: Context) -> Iterator[Flag]:
    yield from _conflicts(ctx, "llm")


@register(
    "hybrid.disagreement",
    "the rules backend and the model read one fact differently, or only one of them read it (rules value kept)",
    severity="warning",
    tolerance="exact (money compared as decimals)",
)
def hybrid_disagreement(ctx: Context) -> Iterator[Flag]:
    yield from _conflicts(ctx, "hybrid")


def _conflicts(ctx: Context, source: str) -> Iterator[Flag]:
    """One flag per conflict note of ``source``, naming the kept value and the other reading."""
    for u, table, row, col in _notes(ctx, "conflict", source):
        kept = ctx.get(table, row, col)
        value = kept.value if kept else None
        message = Text.of("backend_conflict", key=f"{table}/{row}/{col}", reason=u.reason)
        flag = _flag(ctx, u, message, _conflict_facts(u, table, row, col, value), value)
        if kept is not None:  # the one fact whose value is in doubt: the suspect, with nothing to suggest
            ctx.flag_relations[flag.id] = ctx.relate("single", [(table, row, col)], Decimal(0))
        yield flag


@register(
    "reading.identities",
    "a table read from text without cell boundaries whose numbers fit no placement the table's identities allow: "
    "they are withdrawn, never guessed — a row may be misread, or the report's own figures disagree",
    severity="warning",
    tolerance="the placement's rounding rule (half a cent per term and for the total)",
)
def identities(ctx: Context) -> Iterator[Flag]:
    by_table: dict[str, list[Unread]] = {}
    for u in ctx.extraction.unread:
        if (
            u.kind == "unread"
            and u.table
            and u.claim is not None
            and (IDENTITIES_FAIL in u.reason or ROW_MISREAD in u.reason)
        ):
            by_table.setdefault(u.table, []).append(u)
    for table, notes in by_table.items():
        rows = list(dict.fromkeys(u.row or "?" for u in notes))
        shown = ", ".join(rows[:8]) + (f" … ({len(rows)} rows)" if len(rows) > 8 else "")
        message = Text.of("identities_unplaced", table=table, n=len(notes), rows=shown)
        facts = [FlagFact(table=table, row=u.row or "?", col="?", value=u.claim, span=u.span) for u in notes]
        yield _flag(ctx, notes[0], message, facts, None)
