"""Benchmark text-layer PDFs: seconds per page and peak memory, on the corpus and on a long generated PDF.

    python eval/bench_pdf.py [--pages 500]

Reads the corpus PDFs (real, as published) and a born-digital PDF of ``--pages`` pages made of the seeds'
tables (``eval/pdfs.py``) through the whole pipeline, one process per measurement so peak memory (maximum
resident set size) is the PDF's own. Figures, not assertions: CI does not time things. Targets (issue 10):
≤ 0.3 s per page, memory bounded however long the PDF.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_MEASURE = """
import json, resource, sys, time
from extractor.pipeline import process
t = time.perf_counter()
res = process(sys.argv[1])
wall = time.perf_counter() - t
pages = len(res.source.ocr.pages) if res.source.ocr else 0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"pages": pages, "seconds": wall, "ingest": res.timings["ingest"], "facts": len(res.facts),
                  "peak_mb": rss}))
"""


def measure(path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def long_pdf(pages: int, folder: Path) -> Path:
    """A born-digital PDF of about ``pages`` pages: the seeds' tables over and over."""
    from eval.pdfs import render
    from eval.scans import seed_tables

    tables = [t for seed in sorted((ROOT / "eval" / "seeds").glob("00[023]*.txt")) for t in seed_tables(seed)]
    import pypdfium2 as pdfium

    path = folder / "long.pdf"
    render(tables, path)
    per_rep = len(pdfium.PdfDocument(str(path)))
    render(tables * max(1, pages // per_rep), path)  # at most ``pages``: the ingest refuses longer PDFs
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=500)
    args = ap.parse_args()
    print(f"{'document':<45} {'pages':>6} {'s total':>8} {'s/page':>7} {'ingest s/page':>14} {'peak MB':>8}")
    rows = [(p.name, measure(p)) for p in sorted((ROOT / "eval" / "corpus").glob("*.pdf"))]
    with tempfile.TemporaryDirectory() as tmp:
        path = long_pdf(args.pages, Path(tmp))
        rows.append((f"generated ({path.stat().st_size // 1024} kB)", measure(path)))
    for name, m in rows:
        pages = max(1, m["pages"])
        print(
            f"{name:<45} {m['pages']:>6} {m['seconds']:>8.2f} {m['seconds'] / pages:>7.3f} "
            f"{m['ingest'] / pages:>14.3f} {m['peak_mb']:>8.0f}"
        )


if __name__ == "__main__":
    main()
