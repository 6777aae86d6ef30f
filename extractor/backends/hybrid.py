"""The hybrid backend: the rules backend and the LLM backend read the same chunks independently.

Values both read alike are kept. Every disagreement — different values, or a value only one of them read —
is recorded as ``Unread(kind="conflict", what="hybrid:<table>/<row>/<col>")`` with the rules value's span
(``span``) and the model's value and span (``claim``, ``other_span``); the ``hybrid.disagreement`` check turns
it into a flag. On disagreement the rules value is kept; a value only the model read is not emitted (it is
in the note, for a reviewer). The model's own notes (ungrounded values, conflicts between chunks) are kept.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from extractor.backends import register
from extractor.backends.base import Backend
from extractor.backends.llm import LLMBackend
from extractor.backends.rules import RulesBackend
from extractor.chunk import Chunk
from extractor.schemas import Extraction, Fact, Unread
from extractor.segment import Document


@register
class HybridBackend(Backend):
    name = "hybrid"
    description = "rules and llm read independently; agreed values kept, every disagreement flagged (rules wins)"

    def __init__(self) -> None:
        self.rules = RulesBackend()
        self.llm = LLMBackend()
        self.counts = {"agreed": 0, "disagreed": 0, "rules_only": 0, "llm_only": 0}

    def configure(self, **options: Any) -> None:
        self.llm.configure(**options)

    def run_info(self) -> dict[str, Any]:
        return {**self.llm.run_info(), "hybrid": dict(self.counts)}

    def secrets(self) -> list[str]:
        return self.llm.secrets()

    def summary(self) -> str:
        c = self.counts
        return (
            self.llm.summary() + f"; hybrid: {c['agreed']} agreed, {c['disagreed']} disagreed, "
            f"{c['rules_only']} rules only, {c['llm_only']} llm only"
        )

    def extract(self, doc: Document, chunks: list[Chunk]) -> Extraction:
        rules = self.rules.extract(doc, chunks)
        model = self.llm.extract(doc, chunks)
        by_rules = {_key(f): f for f in rules.to_facts()}
        by_model = {_key(f): f for f in model.to_facts()}
        notes: list[Unread] = []
        for key, r in by_rules.items():
            m = by_model.get(key)
            if m is None:
                self.counts["rules_only"] += 1
                notes.append(_note(key, r, None, f"rules read {r.value}; the model read nothing; kept the rules value"))
            elif _same(r, m):
                self.counts["agreed"] += 1
            else:
                self.counts["disagreed"] += 1
                notes.append(_note(key, r, m, f"rules read {r.value}, the model read {m.value}; kept the rules value"))
        for key, m in by_model.items():
            if key not in by_rules:
                self.counts["llm_only"] += 1
                notes.append(_note(key, None, m, f"the model read {m.value}; rules read nothing; not emitted"))
        out = rules.model_copy(deep=True)
        out.backend = self.name
        out.unread.extend(u for u in model.unread if u.kind != "unread")
        out.unread.extend(notes)
        return out


def _key(f: Fact) -> tuple[str, str, str]:
    return (f.table, f.row, f.col)


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
