"""Benchmark the offline pipeline (rules backend): seconds per stage, reports per second, and how the time
grows with the input.

    python eval/bench_rules.py [--repeat N] [--sizes 1 2 4 8] [--no-scaling] [--seeds-only]

Runs every stage on the text reports — the five bundled seeds and the development corpus in the three
converters' text (eval/corpus/text/) — N times (after one warm-up pass) and prints the median time per stage
per report, the total, and the throughput (target: ≥ 20 reports/s on this machine; also per CPU second,
which other jobs on a shared machine disturb less). Then the scaling check: one input made of the five
seeds repeated to each size (MB), doubling from one size to the next, read best-of-3 (CPU seconds, so other
jobs on the machine disturb it less); it prints the time ratio per doubling, which stays near 2 for linear
time (the target is ≤ 2.3×; a quadratic step once made 8 MB take 32 s and 50 MB more than 25 minutes).
The garbage collector is tuned as the CLI and batch workers tune it (``extractor.pipeline.tune_gc``); pass
``--default-gc`` to measure with CPython's defaults (as a library caller gets them). Figures, not assertions:
CI does not time things.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from extractor.pipeline import STAGES, process, tune_gc

EVAL = Path(__file__).resolve().parent
SEEDS = sorted((EVAL / "seeds").glob("*.txt"))
CORPUS_TEXT = sorted((EVAL / "corpus" / "text").glob("*/*.txt"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over the seeds (default 5)")
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8], help="input sizes in MB (doubling)")
    ap.add_argument("--no-scaling", action="store_true", help="skip the scaling check")
    ap.add_argument("--seeds-only", action="store_true", help="time the seeds only, not the corpus texts")
    ap.add_argument("--default-gc", action="store_true", help="CPython's collector defaults, not the CLI's")
    args = ap.parse_args()
    reports = SEEDS if args.seeds_only else SEEDS + CORPUS_TEXT
    for path in reports:  # warm-up: imports, regex compilation, backend registry
        process(path)
    if not args.default_gc:
        tune_gc()
    print(f"garbage collector: {'CPython defaults' if args.default_gc else 'as the CLI runs (tune_gc)'}")
    per_stage: dict[str, list[float]] = {s: [] for s in STAGES}
    totals: list[float] = []
    facts = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(args.repeat):
        for path in reports:
            t = time.perf_counter()
            res = process(path)
            totals.append(time.perf_counter() - t)
            for s in STAGES:
                per_stage[s].append(res.timings.get(s, 0.0))
            facts += len(res.facts)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    tracemalloc.start()
    for path in SEEDS:
        process(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n = len(totals)
    print(
        f"rules backend, {len(reports)} text reports ({len(SEEDS)} seeds, {len(reports) - len(SEEDS)} corpus texts) "
        f"× {args.repeat} passes = {n} reports, {facts // args.repeat} facts per pass"
    )
    print(f"{'stage':<10} {'median ms/report':>17} {'mean ms/report':>15}")
    for s in STAGES:
        print(f"{s:<10} {1000 * statistics.median(per_stage[s]):>17.2f} {1000 * statistics.mean(per_stage[s]):>15.2f}")
    print(f"{'total':<10} {1000 * statistics.median(totals):>17.2f} {1000 * statistics.mean(totals):>15.2f}")
    mb = sum(p.stat().st_size for p in reports) * args.repeat / 1e6
    print(f"throughput: {n / wall:.1f} reports/s ({mb / wall:.2f} MB/s); {n / cpu:.1f} reports per CPU second")
    print(f"peak traced memory for one pass over the seeds: {peak / 1e6:.1f} MB")
    if not args.no_scaling:
        scaling(args.sizes)


def scaling(sizes: list[float], tries: int = 3) -> list[float]:
    """CPU seconds to process one input of each size (the seeds repeated), and the ratio per doubling."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    per_copy = len(text.encode("utf-8")) + 1
    print(f"\nscaling: the five seeds repeated; best of {tries} runs per size (CPU seconds)")
    print(f"{'MB':>6} {'copies':>7} {'seconds':>9} {'ratio':>7}")
    ratios: list[float] = []
    prev: float | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            copies = max(1, round(mb * 1e6 / per_copy))
            path = Path(tmp) / f"repeated_{mb:g}MB.txt"
            path.write_text("\n".join([text] * copies), encoding="utf-8")
            best = float("inf")
            for _ in range(tries):
                gc.collect()
                t = time.process_time()
                process(path)
                best = min(best, time.process_time() - t)
            ratio = best / prev if prev else None
            if ratio is not None:
                ratios.append(ratio)
            print(f"{path.stat().st_size / 1e6:>6.1f} {copies:>7} {best:>9.2f} {f'{ratio:.2f}×' if ratio else '':>7}")
            prev = best
    if ratios:
        verdict = "linear" if max(ratios) <= 2.3 else "NOT linear"
        print(f"largest ratio per doubling: {max(ratios):.2f}× (target ≤ 2.3×: {verdict})")
    return ratios


if __name__ == "__main__":
    main()
