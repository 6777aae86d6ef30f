"""Benchmark the offline pipeline (rules backend): seconds per stage and reports per second.

    python eval/bench_rules.py [--repeat N]

Runs every stage on the five bundled seeds N times (after one warm-up pass) and prints the median time
per stage per report, the total, and the throughput. Figures, not assertions: CI does not time things.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from pathlib import Path

from extractor.pipeline import STAGES, process

SEEDS = sorted((Path(__file__).resolve().parent / "seeds").glob("*.txt"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over the seeds (default 5)")
    args = ap.parse_args()
    for path in SEEDS:  # warm-up: imports, regex compilation, backend registry
        process(path)
    per_stage: dict[str, list[float]] = {s: [] for s in STAGES}
    totals: list[float] = []
    facts = 0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for path in SEEDS:
            t = time.perf_counter()
            res = process(path)
            totals.append(time.perf_counter() - t)
            for s in STAGES:
                per_stage[s].append(res.timings.get(s, 0.0))
            facts += len(res.facts)
    wall = time.perf_counter() - t0
    tracemalloc.start()
    for path in SEEDS:
        process(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n = len(totals)
    print(
        f"rules backend, {len(SEEDS)} seeds × {args.repeat} passes = {n} reports, {facts // args.repeat} facts per pass"
    )
    print(f"{'stage':<10} {'median ms/report':>17} {'mean ms/report':>15}")
    for s in STAGES:
        print(f"{s:<10} {1000 * statistics.median(per_stage[s]):>17.2f} {1000 * statistics.mean(per_stage[s]):>15.2f}")
    print(f"{'total':<10} {1000 * statistics.median(totals):>17.2f} {1000 * statistics.mean(totals):>15.2f}")
    mb = sum(p.stat().st_size for p in SEEDS) * args.repeat / 1e6
    print(f"throughput: {n / wall:.1f} reports/s ({mb / wall:.2f} MB/s)")
    print(f"peak traced memory for one pass over the seeds: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
