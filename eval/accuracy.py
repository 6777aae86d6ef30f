"""Accuracy per evaluation set, each labelled with what the readers were written looking at.

    python eval/accuracy.py [--out out/accuracy] [--set DIR GOLDEN NAME ...]

Sets, scored exactly as spec/facts.md says (``extractor.evaluate``):

* **seeds** — the five converted texts in ``eval/seeds``: *in-sample* (the readers and the golden set were
  written looking at them);
* **seeds, other layouts** — the same tables rendered as born-digital PDFs (``eval/pdfs.py``: ruled and
  three-line) and as space-separated text: content in-sample, layouts no reader was written for;
* **corpus** — the two Shanghai reports in ``eval/corpus`` as PDFs and in every converter's text (HTML included):
  *development* (the readers were written looking at them; golden files in ``eval/golden/corpus``);
* any further set given with ``--set DIR GOLDEN NAME`` (e.g. held-out reports): *held out* unless you say
  otherwise.

Prints a markdown table (the README's) and writes ``accuracy.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.pdfs import render  # noqa: E402
from eval.scans import seed_tables  # noqa: E402
from extractor.evaluate import score  # noqa: E402
from extractor.export import load_facts  # noqa: E402
from extractor.pipeline import run  # noqa: E402
from extractor.schemas import Fact  # noqa: E402

SEEDS = ROOT / "eval" / "seeds"
CORPUS = ROOT / "eval" / "corpus"
#: the converters whose text of the corpus ``eval/corpus/convert.py`` writes under ``eval/corpus/text/``
CONVERTERS = (
    "pdfium",
    "pdftotext-layout",
    "pdfplumber-layout",
    "pdfplumber",
    "pdftotext",
    "pdfminer",
    "html",
    "markdown",
)
GOLDEN = ROOT / "eval" / "golden"
TABLE_SEEDS = ("000", "002", "003")


@dataclass
class EvalSet:
    name: str
    seen: str  # "in-sample" | "layout unseen" | "development" | "held out"
    inputs: list[Path]
    golden: Path
    tables_only: bool = False


def _sets(tmp: Path) -> list[EvalSet]:
    seeds = sorted(SEEDS.glob("*.txt"))
    table_seeds = [p for p in seeds if p.stem[:3] in TABLE_SEEDS]
    spaced = tmp / "spaced"
    spaced.mkdir()
    for p in table_seeds:  # blank cells vanish, as when a converter writes cells separated by spaces
        text = p.read_text(encoding="utf-8")
        (spaced / p.name).write_text(re.sub(r"\t+", " ", text), encoding="utf-8")
    pdfs = {}
    for ruled in (True, False):
        folder = tmp / ("ruled" if ruled else "three-line")
        folder.mkdir()
        pdfs[ruled] = [render(seed_tables(p), folder / f"{p.stem}.pdf", ruled=ruled) for p in table_seeds]
    corpus_golden = GOLDEN / "corpus"
    return [
        EvalSet("seeds (converted text, tabs)", "in-sample", seeds, GOLDEN),
        EvalSet("seeds as ruled PDFs", "layout unseen", pdfs[True], GOLDEN, tables_only=True),
        EvalSet("seeds as three-line PDFs", "layout unseen", pdfs[False], GOLDEN, tables_only=True),
        EvalSet("seeds as space-separated text", "layout unseen", sorted(spaced.glob("*.txt")), GOLDEN, True),
        EvalSet("corpus PDFs", "development", sorted(CORPUS.glob("*.pdf")), corpus_golden),
        *[
            EvalSet(
                f"corpus text: {layout}", "development", sorted((CORPUS / "text" / layout).glob("*.*")), corpus_golden
            )
            for layout in CONVERTERS
        ],
        *[
            EvalSet(
                f"corpus as {what}",
                "development",
                sorted((CORPUS / "office").glob(f"*{suffix}")),
                corpus_golden,
                tables_only=suffix != ".docx",
            )
            for suffix, what in ((".docx", "Word (.docx)"), (".xlsx", "Excel (.xlsx)"), (".xls", "Excel 97 (.xls)"))
        ],
    ]


def _facts(folder: Path, tables_only: bool, docs: set[str]) -> list[Fact]:
    return [
        f
        for f in load_facts(folder)
        if f.doc in docs and (not tables_only or f.table not in ("narrative", "performance"))
    ]


def evaluate_set(s: EvalSet, out: Path) -> dict[str, object]:
    pred = out / re.sub(r"\W+", "-", s.name).strip("-")
    run(s.inputs, pred)
    docs = {p.stem for p in s.inputs}
    sc = score(_facts(pred, s.tables_only, docs), _facts(s.golden, s.tables_only, docs), docs)
    per_doc = {d: round(c.f1, 4) for d, c in sc.per_doc.items()}
    return {
        "set": s.name, "seen": s.seen, "documents": len(docs), "scope": "tables" if s.tables_only else "all facts",
        "precision": round(sc.overall.precision, 4), "recall": round(sc.overall.recall, 4),
        "f1": round(sc.overall.f1, 4), "min_doc_f1": min(per_doc.values()) if per_doc else None, "per_doc": per_doc,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="out/accuracy")
    ap.add_argument("--set", nargs=3, action="append", default=[], metavar=("DIR", "GOLDEN", "NAME"),
                    help="another set: a folder of reports, its golden facts folder, a name (held out)")  # fmt: skip
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sets = _sets(Path(tmp))
        for folder, golden, name in args.set:
            inputs = sorted(p for p in Path(folder).iterdir() if p.is_file())
            sets.append(EvalSet(name, "held out", inputs, Path(golden)))
        for s in sets:
            rows.append(evaluate_set(s, out))
    print("| set | readers written looking at it | docs | scope | precision | recall | F1 | lowest doc F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['set']} | {r['seen']} | {r['documents']} | {r['scope']} | {r['precision']:.4f} | "
            f"{r['recall']:.4f} | **{r['f1']:.4f}** | {r['min_doc_f1']:.4f} |"
        )
    (out / "accuracy.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
