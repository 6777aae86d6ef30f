"""The hybrid backend: the rules read first; the model reads only what they could not.

Sent to the model (``uncovered``): every chunk of a standard table the rules found but could not read (figures
printed, none read), the chunks of a partly read table that hold its unread numbers (a column the identities could
not tell, a header cell the template's words do not name, rows whose identities fail), the 情况说明 sentences about a
figure of the narrative vocabulary the rules did not read, and the self-evaluation evidence when the rules read no
project. On a report the rules read fully and consistently that is almost nothing.

The model's values are grounded at their cell like any of its values (``backends.llm``) and added where the
rules read nothing, each marked ``read_by="llm"``; they then go through the same checks. Where both read a
cell and disagree, the rules value is kept and the disagreement is recorded as
``Unread(kind="conflict", what="hybrid:<table>/<row>/<col>")`` — the ``hybrid.disagreement`` check flags it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal
from typing import Any, get_args

from extractor.backends import register
from extractor.backends.base import Backend
from extractor.backends.llm import LLMBackend, Selection, performance_pieces
from extractor.backends.rules import RulesBackend
from extractor.chunk import Chunk
from extractor.readers.prose import explanation_region, glossary_ranges, paragraphs
from extractor.schemas import Extraction, Fact, NarrativeFact, PerformanceRow, TableRow, Unread
from extractor.segment import Document, has_data

#: words that show a sentence states a figure of the narrative vocabulary, per key (beside the key itself)
CUES: dict[str, str] = {
    "收入总计": r"收[入、]?\s*支?出?总计", "支出总计": r"收[入、]?\s*支?出?总计", "财政拨款收支总计": r"财政拨款收",
    "三公经费支出": r"三公", "三公经费预算": r"三公", "公务用车保有量": r"保有", "国内公务接待批次": r"接待",
    "国内公务接待人次": r"接待", "车辆总数": r"车辆", "政府采购支出总额": r"政府采购",
    "政府采购货物支出": r"采购.{0,12}货物|货物.{0,6}采购", "政府采购工程支出": r"采购.{0,12}工程|工程.{0,6}采购",
    "政府采购服务支出": r"采购.{0,12}服务|服务.{0,6}采购", "授予中小企业合同金额": r"中小企业.{0,12}合同",
    "授予小微企业合同金额": r"小微企业.{0,12}合同",
}  # fmt: skip
_FIGURE = re.compile(r"\d\s*(?:万?元|辆|批次|人次|个)")
_SENTENCE = re.compile(r"[^。；;！？]*[。；;！？]?")


@register
class HybridBackend(Backend):
    name = "hybrid"
    description = (
        "rules first; the model reads only what they could not (tables unread or partly read, prose figures not "
        "read); its values grounded at their cell are added, disagreements flagged (rules kept)"
    )

    def __init__(self) -> None:
        self.rules = RulesBackend()
        self.llm = LLMBackend()
        self.counts = {"agreed": 0, "disagreed": 0, "added": 0, "chunks_sent": 0}
        self.sent = 0

    def configure(self, **options: Any) -> None:
        self.llm.configure(**options)

    def secrets(self) -> list[str]:
        return self.llm.secrets()

    def run_info(self) -> dict[str, Any]:
        return {**self.llm.run_info(), "hybrid": dict(self.counts)}

    def summary(self) -> str:
        c = self.counts
        return (
            self.llm.summary() + f"; hybrid: {c['chunks_sent']} chunks sent, {c['added']} values added, "
            f"{c['agreed']} agreed, {c['disagreed']} disagreed"
        )

    def chunks_sent(self) -> int | None:
        return self.sent

    def extract(self, doc: Document, chunks: list[Chunk]) -> Extraction:
        rules = self.rules.extract(doc, chunks)
        select = uncovered(doc, rules)
        out = rules.model_copy(deep=True)
        out.backend = self.name
        self.sent = 0
        if not select:
            return out
        model = self.llm.read(doc, chunks, select)
        self.sent = self.llm.sent
        self.counts["chunks_sent"] += self.sent
        known = {(f.table, f.row, f.col): f for f in rules.to_facts()}
        notes: list[Unread] = []
        for f, amount, label, span, section in _model_values(model):
            key = (f.table, f.row, f.col)
            r = known.get(key)
            if r is None:
                _add(out, f, amount, label, span, section)
                self.counts["added"] += 1
            elif _same(r, f):
                self.counts["agreed"] += 1
            else:
                self.counts["disagreed"] += 1
                notes.append(_note(key, r, f, f"rules read {r.value}, the model read {f.value}; kept the rules value"))
        out.unread.extend(u for u in model.unread if u.kind != "unread")
        out.unread.extend(notes)
        return out


def uncovered(doc: Document, rules: Extraction) -> Selection:
    """What the rules could not read, as chunks to send: tables, table parts, prose sentences."""
    facts = rules.to_facts()
    per_table: dict[str, int] = {}
    for f in facts:
        per_table[f.table] = per_table.get(f.table, 0) + 1
    tables = {t.kind for t in doc.tables if not per_table.get(t.kind) and has_data(t) and not t.declared_empty}
    to_clean = _ToClean(doc)
    table_points = tuple(
        to_clean(u.span[0]) for u in rules.unread if u.kind == "unread" and u.table and u.span is not None
    )
    said = {f.row for f in facts if f.table == "narrative"}
    prose: list[int] = []
    lo, hi = explanation_region(doc)
    glossary = glossary_ranges(doc)
    for para in paragraphs(doc, lo, hi):
        if any(g0 <= para.offsets[0] < g1 for g0, g1 in glossary):
            continue
        for m in _SENTENCE.finditer(para.text):
            sentence = m.group()
            if m.start() == m.end() or not _FIGURE.search(sentence):
                continue
            folded = re.sub(r"[\s\"'“”‘’]", "", sentence)
            missing = [k for k in CUES.keys() | _KEYS if k not in said and _cue(k).search(folded)]
            if missing:
                prose.append(para.offsets[m.start()])
    if not rules.performance:
        prose.extend(s for s, _ in performance_pieces(doc))
    return Selection(tables=frozenset(tables), table_points=table_points, prose_points=tuple(prose))


_KEYS = frozenset((
    "本年收入合计", "本年支出合计", "财政拨款收入", "基本支出", "项目支出", "年末结转和结余",
    "一般公共预算财政拨款支出", "人员经费", "公用经费", "机关运行经费", "因公出国(境)费", "公务接待费",
))  # fmt: skip


def _cue(key: str) -> re.Pattern[str]:
    return re.compile(CUES.get(key, re.escape(key).replace(r"\(", "[(（]").replace(r"\)", "[)）]")))


class _ToClean:
    """Original-text offset → clean-view offset (the first clean character at or after it)."""

    def __init__(self, doc: Document) -> None:
        self.offsets = doc.text.offsets

    def __call__(self, original: int) -> int:
        return bisect_left(self.offsets, original)


def _model_values(model: Extraction) -> list[tuple[Fact, Any, str | None, Any, str | None]]:
    """Each of the model's values as (fact, amount, row label, row span, narrative section)."""
    out: list[tuple[Fact, Any, str | None, Any, str | None]] = []
    for t in model.tables:
        for r in t.rows:
            for col, a in r.cells.items():
                out.append((Fact(doc=model.doc, table=t.table, row=r.row, col=col, value=a.plain(), unit=a.unit,
                                 span=a.span), a, r.label, r.span, None))  # fmt: skip
    for n in model.narrative:
        out.append((Fact(doc=model.doc, table="narrative", row=n.row, col=n.col, value=n.amount.plain(),
                         unit=n.amount.unit, span=n.amount.span), n.amount, None, None, n.section))  # fmt: skip
    for p in model.performance:
        for p_col, a in p.cells.items():
            out.append((Fact(doc=model.doc, table="performance", row=p.project, col=p_col, value=a.plain(), unit=a.unit,
                             span=a.span), a, None, p.span, None))  # fmt: skip
    return out


def _add(out: Extraction, f: Fact, amount: Any, label: str | None, span: Any, section: str | None) -> None:
    """Put a model value the rules did not read into the extraction."""
    if f.table == "narrative":
        out.narrative.append(NarrativeFact(row=f.row, col=f.col, amount=amount, section=section))  # type: ignore[arg-type]
        return
    if f.table == "performance":
        row = next((p for p in out.performance if p.project == f.row), None)
        if row is None:
            row = PerformanceRow(project=f.row, span=span or amount.span)
            out.performance.append(row)
        row.cells[f.col] = amount  # type: ignore[index]
        return
    table = out.table(f.table)
    if table is None:
        return
    rows: list[TableRow[Any]] = table.rows  # any table's rows: columns as plain strings (f.col is one of them)
    tr = next((r for r in rows if r.row == f.row), None)
    if tr is None:
        # the table's own row type (TableRow[its columns]): a plain TableRow serializes with a warning
        row_type = get_args(type(table).model_fields["rows"].annotation)[0]
        tr = row_type(row=f.row, label=label, span=span or amount.span)
        rows.append(tr)
    tr.cells[f.col] = amount


def _same(a: Fact, b: Fact) -> bool:
    return a.unit == b.unit and Decimal(a.value) == Decimal(b.value)


def _note(key: tuple[str, str, str], rules: Fact | None, model: Fact | None, reason: str) -> Unread:
    return Unread(
        what=f"hybrid:{'/'.join(key)}",
        reason=reason,
        span=rules.span if rules else None,
        kind="conflict",
        claim=model.value if model else None,
        other_span=model.span if model else None,
    )
