"""OCR-noise robustness: seeded noisy copies of the seeds, scored against the clean seeds' golden facts.

    python eval/noise.py [--levels 0 1 2 3 4] [--seeds 3] [--golden eval/golden] [--out out/noise]

The damage is what OCR engines do to these pages, at a rate that grows with the level:
``.`` read as ``:`` or dropped (``619:32``, ``30414``), digits swapped for look-alikes (``0``→``O``,
``1``→``l``), spaces dropped or inserted inside numbers, junk ``|`` and quotes from grid lines,
full-width/half-width swaps, look-alike Chinese characters (拨款→拨丈), rows glued or split, blank cells
dropped. The golden facts stay those of the clean seed. Prints F1 per level (mean over seeds), how many
emitted facts were not in the noisy text (their span neither reads as them nor is a documented OCR repair of
them: must be 0) and how many were repaired; writes ``noise.json`` for the eval report.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.errors import ExtractorError  # noqa: E402
from extractor.evaluate import score  # noqa: E402
from extractor.export import load_facts  # noqa: E402
from extractor.normalize import reads_as  # noqa: E402
from extractor.pipeline import process  # noqa: E402

LOOKALIKE_DIGITS = {"0": "O", "1": "l", "5": "S", "8": "B", "6": "b", "2": "Z"}
LOOKALIKE_HAN = {
    "款": "丈",
    "算": "箅",
    "费": "赀",
    "支": "攴",
    "出": "岀",
    "入": "人",
    "拨": "拔",
    "经": "绖",
    "合": "台",
}
FULL = {str(d): chr(0xFF10 + d) for d in range(10)} | {".": "．", "(": "（", ")": "）", ":": "："}
HALF = {v: k for k, v in FULL.items()}
NUMBER = re.compile(r"\d[\d, ]*\.\s?\d+|\d{2,}")


def _number_damage(rng: random.Random) -> Callable[[str], str]:
    """One kind of damage to one printed number."""

    def dot_colon(s: str) -> str:
        return s.replace(".", ":", 1)

    def dot_drop(s: str) -> str:
        return s.replace(".", "", 1)

    def lookalike(s: str) -> str:
        idx = [i for i, c in enumerate(s) if c in LOOKALIKE_DIGITS]
        if not idx:
            return s
        i = rng.choice(idx)
        return s[:i] + LOOKALIKE_DIGITS[s[i]] + s[i + 1 :]

    def space_in(s: str) -> str:
        i = rng.randrange(1, len(s)) if len(s) > 1 else 1
        return s[:i] + " " + s[i:]

    def space_out(s: str) -> str:
        return s.replace(" ", "")

    def width(s: str) -> str:
        return "".join(FULL.get(c, c) for c in s) if rng.random() < 0.5 else "".join(HALF.get(c, c) for c in s)

    return rng.choice([dot_colon, dot_drop, lookalike, space_in, space_out, width])


def corrupt(text: str, level: int, seed: int) -> str:
    """A noisy copy of ``text``; level 0 returns it unchanged."""
    if level <= 0:
        return text
    rng = random.Random(f"{seed}:{level}")
    p_num, p_line, p_char = 0.04 * level, 0.01 * level, 0.004 * level

    def number(m: re.Match[str]) -> str:
        return _number_damage(rng)(m.group()) if rng.random() < p_num else m.group()

    text = NUMBER.sub(number, text)
    text = "".join(LOOKALIKE_HAN[c] if c in LOOKALIKE_HAN and rng.random() < p_char else c for c in text)
    out: list[str] = []
    for line in text.split("\n"):
        r = rng.random()
        if "\t" in line and r < p_line * 2:
            line = line.replace("\t", "\t|", 1) if rng.random() < 0.5 else line.replace("\t", '\t"', 1)
        elif "\t\t" in line and r < p_line * 3:
            line = line.replace("\t\t", "\t", 1)  # a blank cell dropped
        if out and rng.random() < p_line:
            out[-1] = out[-1] + " " + line  # two rows glued
            continue
        if len(line) > 20 and rng.random() < p_line:
            cut = rng.randrange(5, len(line) - 5)
            out.extend([line[:cut], line[cut:]])  # a row split
            continue
        out.append(line)
    return "\n".join(out)


class NoiseResults(TypedDict):
    levels: list[int]
    seeds: int
    per_level: list[dict[str, float]]  # level, f1, f1_min, ungrounded, repaired, failed_docs


def run(levels: list[int], seeds: int, golden_dir: Path, seed_dir: Path, out: Path | None) -> NoiseResults:
    golden = load_facts(golden_dir)
    docs = sorted({f.doc for f in golden})
    results: NoiseResults = {"levels": levels, "seeds": seeds, "per_level": []}
    with tempfile.TemporaryDirectory() as tmp:
        for level in levels:
            f1s, ungrounded, failed, repaired = [], 0, 0, 0
            for s in range(seeds if level else 1):
                predicted = []
                for doc in docs:
                    noisy = corrupt((seed_dir / f"{doc}.txt").read_text(encoding="utf-8"), level, s)
                    path = Path(tmp) / f"{doc}.txt"
                    path.write_text(noisy, encoding="utf-8")
                    try:
                        res = process(path)
                    except ExtractorError:
                        failed += 1
                        continue
                    ungrounded += sum(not reads_as(noisy[f.span[0] : f.span[1]], f.value) for f in res.facts if f.span)
                    repaired += sum(
                        a.repaired_from is not None
                        for t in res.extraction.tables
                        for r in t.rows
                        for a in r.cells.values()
                    )
                    predicted.extend(res.facts)
                f1s.append(score(predicted, golden, docs=set(docs)).overall.f1)
            row = {"level": level, "f1": round(statistics.mean(f1s), 4), "f1_min": round(min(f1s), 4),
                   "ungrounded": ungrounded, "repaired": repaired, "failed_docs": failed}  # fmt: skip
            results["per_level"].append(row)
            print(f"level {level}: F1 {row['f1']:.4f} (min {row['f1_min']:.4f}), ungrounded facts {ungrounded}, "
                  f"repaired {repaired}, failed docs {failed}")  # fmt: skip
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / "noise.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--levels", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--seeds", type=int, default=3, help="noisy copies per level (default 3)")
    ap.add_argument("--golden", type=Path, default=ROOT / "eval" / "golden")
    ap.add_argument("--seed-dir", type=Path, default=ROOT / "eval" / "seeds")
    ap.add_argument("--out", type=Path, default=None, help="write noise.json here")
    args = ap.parse_args()
    run(args.levels, args.seeds, args.golden, args.seed_dir, args.out)


if __name__ == "__main__":
    main()
