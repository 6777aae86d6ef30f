"""coverage: what a reading covered, said out loud — never an empty success.

For every table of the template: ``read`` (facts emitted; ``partly read`` when some printed numbers were not),
``declared_empty`` (the report says 本表无数据), ``blank`` (printed, but no figure in it), ``unread`` (its
title was found, figures are printed, none could be read) or ``missing`` (no title of it in the report). Tables
of other templates (机关运行经费支出决算表, 政府采购情况表 …) are named with their row count. Every table not
read, and every other table, is also an ``Unread`` note in the extraction, so a user sees in ``run.json`` and
``<stem>.json`` exactly what the tool did not read.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.schemas import Extraction, Unread
from extractor.segment import Document, has_data
from extractor.template import load

#: Prose that states a figure of a final-accounts report: what makes a text a report when no table is found.
FIGURE_SENTENCE = re.compile(r"(?:收入|支出|经费|决算|拨款|结余)[^。\n]{0,40}?\d+(?:\.\d+)?\s*万?元")


def is_report(doc: Document, extraction: Extraction) -> bool:
    """A report has a standard table title, or states figures in its prose (and something was read from it)."""
    read = next(extraction.amounts(), None) is not None  # (not ``to_facts``: no need to build every fact)
    return bool(doc.tables) or read or bool(FIGURE_SENTENCE.search(doc.text.clean))


def coverage(doc: Document, extraction: Extraction) -> tuple[dict[str, Any], list[Unread]]:
    """Per template table its status, the other tables found, and the notes for what was not read."""
    tpl = load()
    facts: dict[str, int] = {}
    for table, _, _, _ in extraction.amounts():  # the facts' keys, without building (and validating) each fact
        facts[table] = facts.get(table, 0) + 1
    unread_tables = {u.table for u in extraction.unread if u.kind == "unread" and u.table}
    statuses: dict[str, str] = {}
    notes: list[Unread] = []
    for spec in tpl.tables.values():
        name = f"{spec.titles[0]} (公开{spec.number:02d}表)"
        found = [t for t in doc.tables if t.kind == spec.id]
        if not found:
            statuses[spec.id] = "missing"
            notes.append(Unread(what=f"table {spec.id}", reason=f"{name}: no title of it in the report"))
            continue
        t = found[0]
        span = doc.text.span(t.title_start, t.title_end)
        if facts.get(spec.id):
            statuses[spec.id] = "partly read" if spec.id in unread_tables else "read"
        elif t.declared_empty:
            statuses[spec.id] = "declared_empty"
        elif not has_data(t):
            statuses[spec.id] = "blank"
        else:
            statuses[spec.id] = "unread"
            rows = sum(1 for r in t.rows if any(c.text and c.text[0].isdigit() for c in r.cells))
            notes.append(
                Unread(
                    what=f"table {spec.id}",
                    reason=f"{name}: title {t.title!r} found, {rows} printed rows, nothing could be read",
                    span=span,
                    table=spec.id,
                )
            )
    performance = [a.span for p in extraction.performance for a in p.cells.values()]
    others: list[dict[str, Any]] = []
    for o in doc.other_tables:
        if not o.rows:
            continue  # a title with no figures under it: a list entry, not a table
        lo, hi = doc.text.span(o.start, max(o.end, o.start + 1))
        if any(lo <= s[0] < hi for s in performance):
            others.append({"title": o.title, "rows": o.rows, "status": "read (performance)"})
            continue
        others.append({"title": o.title, "rows": o.rows, "status": "unread"})
        notes.append(
            Unread(
                what=f"other table {o.title}",
                reason=f"not one of the nine standard tables; {o.rows} rows with figures not read",
                span=doc.text.span(o.start, max(o.end, o.start + 1)),
            )
        )
    return {"tables": statuses, "other_tables": others}, notes
