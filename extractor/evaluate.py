"""eval: predicted facts vs a golden set → precision, recall and F1, exactly as spec/facts.md scores them.

Scoring rules (spec, "Scoring"): a fact key is ``(doc, table, row, col)`` with row and col folded
(whitespace and quotes removed, full-width parentheses and every dash folded); money is compared in 万元
(元 ÷ 10000) with an absolute tolerance of 0.005, other units exactly; a missing fact and a zero fact are
equal, so zeros are never counted for or against anyone. Precision = correct / predicted non-zero,
recall = correct / golden non-zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from extractor.export import load_facts
from extractor.schemas import MONEY_UNITS, Fact

TOLERANCE = Decimal("0.005")
Key = tuple[str, str, str, str]


def comparable(f: Fact) -> tuple[Decimal, str]:
    """The value in the unit it is scored in: money in 万元, everything else as printed."""
    v = Decimal(f.value)
    if f.unit == "元":
        return v / Decimal(10000), "万元"
    if f.unit == "千元":
        return v / Decimal(10), "万元"
    return v, f.unit


def same_value(a: Fact, b: Fact) -> bool:
    va, ua = comparable(a)
    vb, ub = comparable(b)
    if ua != ub:
        return False
    if ua in MONEY_UNITS:
        return abs(va - vb) <= TOLERANCE
    return va == vb


def is_zero(f: Fact) -> bool:
    return Decimal(f.value) == 0


@dataclass
class Counts:
    correct: int = 0
    predicted: int = 0
    golden: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.golden if self.golden else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 6), "recall": round(self.recall, 6), "f1": round(self.f1, 6),
            "correct": self.correct, "predicted": self.predicted, "golden": self.golden,
        }  # fmt: skip


@dataclass
class Score:
    """The result of one evaluation: counts at every level and every error with its evidence."""

    overall: Counts = field(default_factory=Counts)
    per_table: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    per_column: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    per_doc: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    missing: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)

    def _bump(self, f: Fact, attr: str) -> None:
        for c in (
            self.overall,
            self.per_table[f.table],
            self.per_column[f"{f.table}/{f.col}"],
            self.per_doc[f.doc],
        ):
            setattr(c, attr, getattr(c, attr) + 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_json(),
            "per_table": {k: v.to_json() for k, v in sorted(self.per_table.items())},
            "per_column": {k: v.to_json() for k, v in sorted(self.per_column.items())},
            "per_doc": {k: v.to_json() for k, v in sorted(self.per_doc.items())},
            "errors": {"missing": self.missing, "wrong": self.wrong, "spurious": self.spurious},
            "duplicates": self.duplicates,
        }


def _index(facts: Iterable[Fact], dups: list[dict[str, Any]] | None = None) -> dict[Key, Fact]:
    out: dict[Key, Fact] = {}
    for f in facts:
        k = f.key()
        if k in out:
            if dups is not None:
                dups.append(_describe(f))
            continue
        out[k] = f
    return out


def _describe(f: Fact, other: Fact | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {
        "doc": f.doc,
        "table": f.table,
        "row": f.row,
        "col": f.col,
        "value": f.value,
        "unit": f.unit,
    }
    if f.span:
        d["span"] = list(f.span)
    if other is not None:
        d["golden"] = other.value
    return d


def score(predicted: Iterable[Fact], golden: Iterable[Fact], docs: set[str] | None = None) -> Score:
    """Score ``predicted`` against ``golden``; ``docs`` restricts both to those documents."""
    s = Score()
    pred = _index((f for f in predicted if docs is None or f.doc in docs), s.duplicates)
    gold = _index(f for f in golden if docs is None or f.doc in docs)
    for k, g in gold.items():
        if is_zero(g):
            continue
        s._bump(g, "golden")
        p = pred.get(k)
        if p is None or is_zero(p):
            s.missing.append(_describe(g))
    for k, p in pred.items():
        if is_zero(p):
            continue
        s._bump(p, "predicted")
        other = gold.get(k)
        if other is not None and not is_zero(other) and same_value(p, other):
            s._bump(p, "correct")
        elif other is not None and not is_zero(other):
            s.wrong.append(_describe(p, other))  # not also "missing": that list holds keys with no prediction
        else:
            s.spurious.append(_describe(p))
    return s


def evaluate(golden_dir: str | Path, pred_dir: str | Path) -> Score:
    """Score every document that has a golden file; a golden doc with no predictions scores zero recall."""
    golden = load_facts(golden_dir)
    predicted = load_facts(pred_dir)
    return score(predicted, golden, docs={f.doc for f in golden})


def markdown(s: Score, title: str = "Extraction accuracy") -> str:
    """A short Markdown summary: overall, per table, per document, and the first errors."""
    lines = [
        f"# {title}",
        "",
        "| scope | precision | recall | F1 | correct | predicted | golden |",
        "|---|---|---|---|---|---|---|",
    ]

    def row(name: str, c: Counts) -> str:
        return (
            f"| {name} | {c.precision:.4f} | {c.recall:.4f} | {c.f1:.4f} | {c.correct} | {c.predicted} | {c.golden} |"
        )

    lines.append(row("**overall**", s.overall))
    lines += [row(f"table `{k}`", v) for k, v in sorted(s.per_table.items())]
    lines += [row(f"doc `{k}`", v) for k, v in sorted(s.per_doc.items())]
    lines += ["", f"Errors: {len(s.missing)} missing, {len(s.wrong)} wrong, {len(s.spurious)} spurious.", ""]
    for kind, items in (("wrong", s.wrong), ("missing", s.missing), ("spurious", s.spurious)):
        for e in items[:50]:
            gold = f" (golden {e['golden']})" if "golden" in e else ""
            lines.append(
                f"- {kind}: {e['doc']} {e['table']}/{e['row']}/{e['col']} = {e['value']}{gold} span={e.get('span')}"
            )
    return "\n".join(lines) + "\n"
