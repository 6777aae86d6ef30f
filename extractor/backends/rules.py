"""The rules backend: deterministic readers, no model at all. The offline default and the cross-check."""

from __future__ import annotations

from decimal import Decimal

from extractor.backends import register
from extractor.backends.base import Backend
from extractor.chunk import Chunk
from extractor.readers.narrative import read_narrative
from extractor.readers.performance import read_performance
from extractor.readers.tables import read_tables
from extractor.schemas import Extraction, Metadata, Unread
from extractor.segment import Document


@register
class RulesBackend(Backend):
    name = "rules"
    description = "deterministic readers for the standard tables, prose figures and performance rows (offline)"

    def extract(self, doc: Document, chunks: list[Chunk]) -> Extraction:
        narrative, unread_n = read_narrative(doc)
        figures: dict[str, Decimal] = {n.row: n.amount.value for n in narrative if n.amount.unit == "万元"}
        tables, unread_t = read_tables(doc, figures)
        performance, unread_p = read_performance(doc)
        unread: list[Unread] = [*unread_t, *unread_n, *unread_p]
        for n in narrative:
            n.amount.read_by, n.amount.located = "rules", "sentence"
        for p in performance:
            for a in p.cells.values():
                a.read_by, a.located = "rules", "sentence"
        return Extraction(
            doc=doc.doc_id,
            backend=self.name,
            metadata=Metadata(department=doc.department, year=doc.year),
            tables=tables,
            narrative=narrative,
            performance=performance,
            unread=unread,
        )
