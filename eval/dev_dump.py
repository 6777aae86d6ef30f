"""No-regression tools for reader work on OCR text: dump every development input's facts and flags, compare two
dumps judged against the golden set, and score a bench run's OCR texts per document and table.

    python eval/dev_dump.py dump OUT.json [TEXTS_ROOT ...]     # seeds, corpus texts, tests/data (+ bench texts)
    python eval/dev_dump.py compare BEFORE.json AFTER.json       # what changed, and +/- correct and wrong values
    python eval/dev_dump.py score TEXTS_ROOT ENGINE LEVEL [DOC_PREFIX [TABLE]]

A TEXTS_ROOT is a ``bench_ocr_text.py --out`` folder's ``texts/`` (``ENGINE/levelN/<doc>.txt``). Run ``dump`` before
and after a change with ``PYTHONHASHSEED=0``; ``compare`` judges every changed fact of an input whose document has
a golden file (a zero where golden has none is neither). Figures, not assertions: nothing here runs in CI.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from extractor.errors import ExtractorError
from extractor.evaluate import score
from extractor.export import load_facts
from extractor.pipeline import process
from extractor.schemas.facts import STANDARD_TABLES, Fact, fold_key

ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT = [ROOT / "eval" / "seeds", ROOT / "eval" / "corpus" / "text", ROOT / "tests" / "data"]


def _golden() -> list[Fact]:
    return load_facts(ROOT / "eval" / "golden") + load_facts(ROOT / "eval" / "golden" / "corpus")


def dump(out: Path, roots: list[Path]) -> None:
    """Facts (table, row, col, value, span) and flag ids of every ``.txt`` under the roots, by path."""
    found: dict[str, Any] = {}
    for path in sorted(p for r in roots for p in r.rglob("*.txt") if "README" not in p.name):
        try:
            res = process(path)
        except ExtractorError as e:
            found[str(path)] = {"error": str(e)[:200]}
            continue
        found[str(path)] = {
            "doc": res.source.doc_id,
            "facts": sorted([f.table, f.row, f.col, f.value, list(f.span or ())] for f in res.facts),
            "flags": sorted(f.id for f in res.flags),
        }
    out.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    print(f"{len(found)} inputs → {out}")


def compare(before: Path, after: Path) -> None:
    """Each changed input with its changed facts, and (inputs with a golden document) the judgement."""
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (before, after))
    gold = {(f.doc, f.table, fold_key(f.row), fold_key(f.col)): Decimal(f.value) for f in _golden()}
    docs = {k[0] for k in gold}
    total = dict.fromkeys(("+correct", "-correct", "+wrong", "-wrong"), 0)
    for path in sorted(set(a) | set(b)):
        x, y = a.get(path, {}), b.get(path, {})
        if x == y:
            continue
        doc = y.get("doc") or x.get("doc")
        fx, fy = ({(doc, *map(fold_key, f[1:3]), f[0]): f for f in d.get("facts", [])} for d in (x, y))
        changed = sorted(k for k in set(fx) | set(fy) if fx.get(k) != fy.get(k))
        gone, new = set(x.get("flags", [])) - set(y.get("flags", [])), set(y.get("flags", [])) - set(x.get("flags", []))
        print(f"== {path}: {len(changed)} facts changed, flags -{len(gone)} +{len(new)}")
        for k in changed:
            print("  ", k[3], k[1], k[2], (fx.get(k) or [None] * 4)[3], "->", (fy.get(k) or [None] * 4)[3])
            g = gold.get((k[0], k[3], k[1], k[2])) if doc in docs else None
            for side, f in (("-", fx.get(k)), ("+", fy.get(k))):
                if doc in docs and f is not None and not (g is None and Decimal(f[3]) == 0):
                    total[f"{side}{'correct' if Decimal(f[3]) == g else 'wrong'}"] += 1
    print("judged against golden:", total)


def score_texts(root: Path, engine: str, level: str, prefix: str | None, table: str | None) -> None:
    """Table F1 of one engine and level of a bench run's texts, per document and table; with a prefix, the
    missing, wrong and spurious values of those documents (and table) with the text each was read from."""
    golden = [f for f in _golden() if f.table in STANDARD_TABLES]
    facts: list[Fact] = []
    sources: dict[str, str] = {}
    for p in sorted((root / engine / f"level{level}").glob("*.txt")):
        if prefix is None or p.stem.startswith(prefix):
            res = process(p)
            facts += [f for f in res.facts if f.table in STANDARD_TABLES]
            sources[res.source.doc_id] = p.read_text(encoding="utf-8")
    s = score(facts, golden, docs=set(sources))
    print(f"{engine} L{level}: F1 {s.overall.f1:.4f} P {s.overall.precision:.4f} R {s.overall.recall:.4f}")
    for name, c in [*sorted(s.per_doc.items()), *sorted(s.per_table.items())]:
        print(f"  {name[:30]:30} F1 {c.f1:.3f}  {c.correct}/{c.golden} predicted {c.predicted}")
    if prefix is None:
        return
    for kind in ("missing", "wrong", "spurious"):
        for e in getattr(s, kind):
            if table is None or e["table"] == table:
                sp = e.get("span")
                printed = sources[e["doc"]][sp[0] : sp[1]] if sp else ""
                where = f"{e['table']} {e['row']} {e['col']}"
                print(f"  {kind:8} {where} {e['value']} golden={e.get('golden', '')} {printed!r}")


def main(argv: list[str]) -> None:
    if len(argv) >= 2 and argv[0] == "dump":
        dump(Path(argv[1]), DEVELOPMENT + [Path(r) for r in argv[2:]])
    elif len(argv) == 3 and argv[0] == "compare":
        compare(Path(argv[1]), Path(argv[2]))
    elif 4 <= len(argv) <= 6 and argv[0] == "score":
        rest = [*argv[4:], None, None]
        score_texts(Path(argv[1]), argv[2], argv[3], rest[0], rest[1])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
