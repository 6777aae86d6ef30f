"""Benchmark the LLM backend's plumbing against the local sim-server: calls, characters sent, wall time.

    python eval/bench_llm.py [--latency 0.5] [--mode tools|json_schema|json] [--seed 002] [--repeat 3]

Starts the sim-server in-process on a free 127.0.0.1 port with ``--latency`` seconds per call (a remote
model's round trip), then for each seed (all five by default):

* calls per document, and the characters sent per document character — everything the requests carried:
  instructions, few-shot example, the schema (``tools`` + ``tool_choice`` or ``response_format``, counted as
  compact JSON text) and the excerpts; measured from the request bodies the server received, not estimated;
* wall time of the whole document (``pipeline.process``: ingest → checks) at concurrency 1 and 8,
  the median of ``--repeat`` uncached runs;
* calls on a cached re-run (must be 0), and F1 against the rules backend's facts.

The sim-server answers with the rules readers, so these figures measure routing, prompt size and
concurrency — NOT any language model's accuracy or speed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor.backends import get_backend
from extractor.evaluate import score
from extractor.llm.sim_server import SimServer
from extractor.pipeline import process

SEEDS = sorted((Path(__file__).resolve().parent / "seeds").glob("*.txt"))


def _run(server: SimServer, path: Path, cache_dir: Path, mode: str, concurrency: int, cache: bool) -> Any:
    backend = get_backend("llm")
    backend.configure(
        base_url=server.base_url, model="sim", mode=mode, concurrency=concurrency, cache=cache, cache_dir=str(cache_dir)
    )
    t0 = time.perf_counter()
    res = process(path, backend)
    return res, backend.client.stats, time.perf_counter() - t0


def bench(path: Path, server: SimServer, mode: str, repeat: int) -> dict[str, Any]:
    chars = len(path.read_text(encoding="utf-8"))
    rules = process(path)
    out: dict[str, Any] = {"doc": path.stem, "chars": chars}
    with tempfile.TemporaryDirectory() as tmp:
        server.reset()
        res, stats, _ = _run(server, path, Path(tmp), mode, 8, cache=True)
        sent = server.state.sent
        out["calls"] = stats.calls
        out["sent"] = sum(r["total"] for r in sent)
        out["schema"] = sum(r["schema"] for r in sent)
        out["ratio"] = out["sent"] / chars
        out["f1"] = score(res.facts, rules.facts).overall.f1
        server.reset()
        _, again, _ = _run(server, path, Path(tmp), mode, 8, cache=True)
        out["cached_calls"] = again.calls
        out["cached_requests"] = server.state.requests
    for conc in (1, 8):
        times = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                times.append(_run(server, path, Path(tmp), mode, conc, cache=False)[2])
        out[f"wall_c{conc}"] = statistics.median(times)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=0.5, help="seconds per call at the sim-server (default 0.5)")
    ap.add_argument("--mode", default="tools", choices=["tools", "json_schema", "json"], help="instructor mode")
    ap.add_argument("--seed", action="append", help="seed id prefix (repeatable; default: all five)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per concurrency (median; default 3)")
    args = ap.parse_args()
    seeds = [p for p in SEEDS if not args.seed or any(p.stem.startswith(s) for s in args.seed)]
    server = SimServer(port=0, latency=args.latency).start()
    for p in seeds:  # warm-up: imports, regexes, the sim-server's readers
        process(p)
    print(f"sim-server {server.base_url}, {args.latency:g} s per call, mode {args.mode}\n")
    head = (
        f"{'seed':<22} {'chars':>6} {'calls':>5} {'sent':>6} {'schema':>6} {'sent/char':>9} "
        f"{'wall c=1':>8} {'wall c=8':>8} {'cached calls':>12} {'F1 vs rules':>11}"
    )
    print(head)
    print("-" * len(head))
    try:
        for p in seeds:
            r = bench(p, server, args.mode, args.repeat)
            print(
                f"{r['doc']:<22} {r['chars']:>6} {r['calls']:>5} {r['sent']:>6} {r['schema']:>6} {r['ratio']:>9.2f} "
                f"{r['wall_c1']:>7.2f}s {r['wall_c8']:>7.2f}s {r['cached_calls']:>12} {r['f1']:>11.4f}"
            )
    finally:
        server.stop()
    print("\nsent = messages (instructions, example, excerpts) + schema (tools/tool_choice or response_format);")
    print("wall = the whole pipeline for one document, median of uncached runs. Sim-server figures measure the")
    print("plumbing, not a model's accuracy or speed.")


if __name__ == "__main__":
    main()
