"""Benchmark the LLM path against local test servers: the ceiling with a perfect model, and the plumbing's speed.

    python eval/bench_llm.py [--backend llm --backend hybrid] [--only 002] [--mode tools|json_schema|json|json_grammar]
    python eval/bench_llm.py --timing [--latency 0.5] [--repeat 3] [--only 002]

**Ceiling** (the default). For every report with a golden file — the seeds (``eval/golden/*.facts.jsonl``,
input ``eval/seeds/<doc>.txt``) and the development corpus (``eval/golden/corpus/<doc>.facts.jsonl``, inputs
``eval/corpus/<doc>.pdf`` and every converted text ``eval/corpus/text/*/<doc>.txt``; whichever golden files
exist) — the sim-server answers from that report's golden facts (``sim-server --oracle``: a perfect model that
never reads with the rules), and each backend runs the whole pipeline on the input. Printed per input and
backend: F1 / precision / recall against the golden facts, calls, and the characters the requests carried
(instructions, example, schema as sent, excerpts — measured from the request bodies the server received) per
character of the document text the pipeline read. What a perfect model cannot reach is lost to routing (text
never sent) and grounding (values not located): that is the ceiling of the pipeline, not any model's accuracy.

**Timing** (``--timing``). The sim-server answers with the rules readers after ``--latency`` seconds per call
(a remote model's round trip); per seed: calls, characters sent, wall time of the whole pipeline at
concurrency 1 and 8 (median of ``--repeat`` uncached runs), calls on a cached re-run (must be 0) and F1
against the rules backend. These figures measure routing, prompt size and concurrency — NOT a model's
accuracy or speed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor.backends import get_backend
from extractor.errors import ExtractorError
from extractor.evaluate import score
from extractor.export import load_facts
from extractor.llm.config import MODES
from extractor.llm.oracle import oracle_server
from extractor.llm.serve import AnswerServer
from extractor.llm.sim_server import SimServer
from extractor.pipeline import process

EVAL = Path(__file__).resolve().parent
SEEDS = sorted((EVAL / "seeds").glob("*.txt"))


@dataclass(frozen=True)
class Case:
    """One input and the golden file of its report."""

    group: str  # "seeds" or "corpus"
    path: Path
    golden: Path

    @property
    def label(self) -> str:
        if self.group == "seeds":
            return self.path.stem
        return f"{self.path.stem} ({self.path.suffix[1:] if self.path.suffix == '.pdf' else self.path.parent.name})"


def cases() -> list[Case]:
    """The seeds and corpus inputs that have a golden file, seeds first."""
    out = []
    for golden in sorted((EVAL / "golden").glob("*.facts.jsonl")):
        doc = golden.name.removesuffix(".facts.jsonl")
        path = EVAL / "seeds" / f"{doc}.txt"
        if path.exists():
            out.append(Case("seeds", path, golden))
    for golden in sorted((EVAL / "golden" / "corpus").glob("*.facts.jsonl")):
        doc = golden.name.removesuffix(".facts.jsonl")
        inputs = [EVAL / "corpus" / f"{doc}.pdf", *sorted((EVAL / "corpus" / "text").glob(f"*/{doc}.txt"))]
        out.extend(Case("corpus", p, golden) for p in inputs if p.exists())
    return out


def _head(line: str) -> None:
    print(line)
    print("-" * len(line))


def _configure(name: str, server: AnswerServer, mode: str, concurrency: int, cache_dir: Path | None) -> Any:
    backend = get_backend(name)
    options: dict[str, Any] = {"base_url": server.base_url, "model": "sim", "mode": mode, "concurrency": concurrency}
    options.update({"cache": True, "cache_dir": str(cache_dir)} if cache_dir else {"cache": False})
    backend.configure(**options)
    return backend


# ---------------------------------------------------------------------------------------------
# The ceiling with a perfect model


def golden_facts(path: Path) -> bool:
    return any(line.strip() for line in path.read_text(encoding="utf-8").splitlines())


def ceiling(case: Case, backend_name: str, mode: str) -> dict[str, Any]:
    """The backend's score on the case with the oracle answering; ``{"error": …}`` if the pipeline failed."""
    server = oracle_server(case.golden).start()
    try:
        backend = _configure(backend_name, server, mode, 8, None)
        res = process(case.path, backend)
        sent = sum(r["total"] for r in server.state.sent)
    except ExtractorError as exc:
        return {"error": f"{type(exc).__name__}: {str(exc).removeprefix(str(case.path) + ': ')}"}
    finally:
        server.stop()
    doc = res.source.doc_id
    golden = [f.model_copy(update={"doc": doc}) for f in load_facts(case.golden)]  # one report, any file format
    s = score(res.facts, golden).overall
    chars = len(res.source.text)
    return {"f1": s.f1, "p": s.precision, "r": s.recall, "facts": len(res.facts), "golden": s.golden,
            "calls": backend.run_info()["calls"], "sent": sent, "chars": chars, "ratio": sent / chars}  # fmt: skip


def print_ceiling(selected: list[Case], backends: list[str], mode: str) -> None:
    print(f"Ceiling with a perfect model (sim-server --oracle, mode {mode}): F1 against the golden facts\n")
    head = (
        f"{'input':<52} {'backend':<7} {'F1':>6} {'P':>6} {'R':>6} {'facts':>5} {'golden':>6} "
        f"{'calls':>5} {'sent':>7} {'chars':>7} {'sent/char':>9}"
    )
    _head(head)
    for group in ("seeds", "corpus"):
        rows = [c for c in selected if c.group == group]
        if group == "corpus" and not rows:
            print("(corpus: no golden file in eval/golden/corpus/ yet)")
        for c in rows:
            if not golden_facts(c.golden):
                print(f"{c.label:<52} (the golden file holds no facts: nothing to score)")
                continue
            for name in backends:
                r = ceiling(c, name, mode)
                if "error" in r:
                    print(f"{c.label:<52} {name:<7} {r['error']}")
                    continue
                print(
                    f"{c.label:<52} {name:<7} {r['f1']:>6.3f} {r['p']:>6.3f} {r['r']:>6.3f} {r['facts']:>5} "
                    f"{r['golden']:>6} {r['calls']:>5} {r['sent']:>7} {r['chars']:>7} {r['ratio']:>9.2f}"
                )
    print("\nsent = every request's messages + schema as the server received them; chars = the document text the")
    print("pipeline read. The oracle answers from the golden facts: these are the pipeline's ceiling, not a model's")
    print("accuracy.")


# ---------------------------------------------------------------------------------------------
# Plumbing speed with the readers' sim-server


def _run(server: SimServer, path: Path, cache_dir: Path, mode: str, concurrency: int, cache: bool) -> Any:
    backend = _configure("llm", server, mode, concurrency, cache_dir if cache else None)
    t0 = time.perf_counter()
    res = process(path, backend)
    return res, backend.client.stats, time.perf_counter() - t0


def timing(path: Path, server: SimServer, mode: str, repeat: int) -> dict[str, Any]:
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
    for conc in (1, 8):
        times = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                times.append(_run(server, path, Path(tmp), mode, conc, cache=False)[2])
        out[f"wall_c{conc}"] = statistics.median(times)
    return out


def print_timing(seeds: list[Path], latency: float, mode: str, repeat: int) -> None:
    server = SimServer(port=0, latency=latency).start()
    for p in seeds:  # warm-up: imports, regexes, the sim-server's readers
        process(p)
    print(f"sim-server {server.base_url}, {latency:g} s per call, mode {mode}\n")
    head = (
        f"{'seed':<22} {'chars':>6} {'calls':>5} {'sent':>6} {'schema':>6} {'sent/char':>9} "
        f"{'wall c=1':>8} {'wall c=8':>8} {'cached calls':>12} {'F1 vs rules':>11}"
    )
    _head(head)
    try:
        for p in seeds:
            r = timing(p, server, mode, repeat)
            print(
                f"{r['doc']:<22} {r['chars']:>6} {r['calls']:>5} {r['sent']:>6} {r['schema']:>6} {r['ratio']:>9.2f} "
                f"{r['wall_c1']:>7.2f}s {r['wall_c8']:>7.2f}s {r['cached_calls']:>12} {r['f1']:>11.4f}"
            )
    finally:
        server.stop()
    print("\nsent = messages (instructions, example, excerpts) + schema (tools/tool_choice or response_format);")
    print("wall = the whole pipeline for one document, median of uncached runs. Sim-server figures measure the")
    print("plumbing, not a model's accuracy or speed.")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", action="append", choices=["llm", "hybrid"], help="ceiling: backends (default both)")
    ap.add_argument("--mode", default="tools", choices=MODES, help="instructor mode")
    ap.add_argument("--only", action="append", help="input name prefix (repeatable; default: all)")
    ap.add_argument("--timing", action="store_true", help="time the plumbing with the readers' sim-server instead")
    ap.add_argument("--latency", type=float, default=0.5, help="timing: seconds per call (default 0.5)")
    ap.add_argument("--repeat", type=int, default=3, help="timing: runs per concurrency (median; default 3)")
    args = ap.parse_args()

    def chosen(p: Path) -> bool:
        return not args.only or any(p.stem.startswith(s) for s in args.only)

    if args.timing:
        print_timing([p for p in SEEDS if chosen(p)], args.latency, args.mode, args.repeat)
    else:
        print_ceiling([c for c in cases() if chosen(c.path)], args.backend or ["llm", "hybrid"], args.mode)


if __name__ == "__main__":
    main()
