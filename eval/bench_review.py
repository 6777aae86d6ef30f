"""Review-effort benchmark: how many queue items one wrong table cell costs a reviewer, and how often the
item already offers the right value.

    python eval/bench_review.py [--seed 15] [--per-doc 40] [--sets seeds,stream,grid] [--json out/review.json]

One table cell at a time is corrupted in the source text of a report — a changed digit, a dropped digit, a
digit added, a truncated last digit, a shifted decimal point, two digits swapped — and the corrupted report
goes through the whole pipeline (extract + checks + suspects). The sets: the five bundled seeds (``seeds``),
the development corpus as pypdfium2 text without cell boundaries (``stream``), and the corpus PDFs' rebuilt
page text (``grid``). The cells are drawn with ``--seed`` (the checks were written against none of the
draws; ``bench_flags.py`` used 7–9). Per corruption:

* **flagged** / **listed**: some error/warning flag the clean report does not raise appears / lists the
  corrupted fact;
* **suspect**: the corrupted fact is the suspect of some error/warning flag;
* **suggests true value**: the item (group) of the corrupted fact suggests exactly the value printed before;
* **items beyond clean**: review items (groups of open error/warning flags) of the corrupted report that hold a
  flag the clean report does not raise; new rounding notes (``info``) that are not part of such an item (they
  are when they are about its suspect) are counted apart — each is an item in the unfiltered queue;
* **actions**: a simulated reviewer clears the corrupted report back to the clean report's flags, item by item
  — accepting a suggestion that is right, typing the true value into the corrupted fact when the item is about
  it (or lists it), dismissing an item that is not (or whose cell the reading left blank: no value can be set
  on a fact that was not read) — each one action.

A corruption no new flag lists (rounding-sized changes, cells no identity covers, or — in text without cell
boundaries — numbers the reader withdraws when the table's identities fail) is counted apart: the suspect
and suggestion shares are given over listed corruptions and over all of them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.bench_flags import corrupt_number  # noqa: E402
from extractor.checks import run_checks  # noqa: E402
from extractor.errors import ExtractorError  # noqa: E402
from extractor.normalize import normalize_value  # noqa: E402
from extractor.pipeline import process  # noqa: E402
from extractor.schemas import Extraction, Fact, Flag  # noqa: E402
from extractor.store import apply_values, group_of, merge_suggestions  # noqa: E402

SEEDS = sorted((ROOT / "eval" / "seeds").glob("*.txt"))
CORPUS = ROOT / "eval" / "corpus"
KINDS = ("change_digit", "drop_digit", "add_digit", "truncate", "shift_decimal", "swap_digits")
FAILING = ("error", "warning")
Key = tuple[str, str, str]


def damage(raw: str, kind: str, rng: random.Random) -> str | None:
    """``raw`` damaged by ``kind`` (bench_flags' four kinds, plus a digit added and a truncated last digit)."""
    digits = [i for i, c in enumerate(raw) if c.isdigit()]
    if kind == "add_digit" and digits:
        i = rng.choice(digits)
        return raw[:i] + rng.choice("0123456789") + raw[i:]
    if kind == "truncate":  # OCR losing the last digit: 130.68 → 130.6
        return raw[: digits[-1]] + raw[digits[-1] + 1 :] if len(digits) >= 2 and "." in raw else None
    return corrupt_number(raw, kind, rng)


def failing(flags: list[Flag]) -> list[Flag]:
    return [f for f in flags if f.severity in FAILING]


def items(flags: list[Flag]) -> dict[str, list[Flag]]:
    """Review items as the queue groups them (errors before warnings, then in check order)."""
    out: dict[str, list[Flag]] = defaultdict(list)
    for f in sorted(failing(flags), key=lambda f: (FAILING.index(f.severity), f.check, f.message)):
        out[group_of(f)].append(f)
    return dict(out)


def key_of(x: Any) -> Key:
    return (x.table, x.row, x.col)


def sig(f: Flag) -> tuple[str, str]:
    """A flag as the clean report and a corrupted copy can share it: its check and message (the id of a flag
    about a number in the prose holds the number's offset, which a corruption earlier in the text shifts)."""
    return (f.check, f.message)


def simulate(ex: Extraction, text: str, flags: list[Flag], clean: set[tuple[str, str]], key: Key, true: str) -> int:
    """Actions a reviewer needs until only the clean report's flags are left (see the module docstring)."""
    dismissed = set(clean)
    actions = 0
    for _ in range(12):
        todo = {g: fs for g, fs in items(flags).items() if any(sig(f) not in dismissed for f in fs)}
        if not todo:
            return actions
        fs = next(iter(todo.values()))
        actions += 1
        suspect = fs[0].suspect
        about = (suspect is not None and key_of(suspect) == key) or any(key_of(x) == key for f in fs for x in f.facts)
        if about and any(key_of(f) == key for f in ex.to_facts()):  # accept a right suggestion or type the value
            apply_values(ex, {key: true})
            flags = run_checks(ex, text)
        else:
            dismissed.update(sig(f) for f in fs)
    return actions


def run_set(name: str, docs: list[tuple[str, str]], rng: random.Random, per_doc: int) -> dict[str, Any]:
    """Corrupt ``per_doc`` table cells of each ``(stem, text)`` one at a time and measure the review."""
    c: Counter[str] = Counter()
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    extra_items: list[int] = []
    actions: list[int] = []
    failures: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for stem, text in docs:
            path = Path(tmp) / f"{stem}.txt"
            path.write_text(text, encoding="utf-8")
            clean = process(path)
            clean_ids = {sig(f) for f in failing(clean.flags)}
            clean_info = {sig(f) for f in clean.flags if f.severity == "info"}
            cells = [f for f in clean.facts if f.span and f.table not in ("narrative", "performance")]
            rng.shuffle(cells)
            done = 0
            for fact in cells:
                if done >= per_doc:
                    break
                kind = rng.choice(KINDS)
                assert fact.span is not None
                raw = text[fact.span[0] : fact.span[1]]
                bad = damage(raw, kind, rng)
                new = normalize_value(bad) if bad is not None else None
                if new is None or Decimal(new) == Decimal(fact.value):
                    continue
                done += 1
                path.write_text(text[: fact.span[0]] + bad + text[fact.span[1] :], encoding="utf-8")  # type: ignore[operator]
                try:
                    res = process(path)
                except ExtractorError:
                    c["unreadable"] += 1
                    continue
                outcome = _measure(res, fact, clean_ids, clean_info, kind, per_kind)
                c.update(outcome["counts"])
                extra_items.append(outcome["extra_items"])
                if outcome["extra_items"]:
                    assert res.extraction is not None
                    actions.append(simulate(res.extraction, res.source.text, res.flags, clean_ids,
                                            key_of(fact), fact.value))  # fmt: skip
                if outcome["listed"] and not (outcome["suspect"] and outcome["right"]):
                    failures.append({"doc": stem, "fact": "/".join(key_of(fact)), "from": raw, "to": str(bad),
                                     "kind": kind, "suspect": outcome["their_suspect"],
                                     "suggested": outcome["suggested"]})  # fmt: skip
            path.unlink()
    n, listed = c["corruptions"], c["listed"]

    def share(x: int, of: int) -> float | None:
        return round(x / of, 3) if of else None

    return {
        "set": name, "corruptions": n, "unreadable": c["unreadable"], "flagged": c["flagged"], "listed": listed,
        "suspect": c["suspect"], "suggests_true_value": c["right"],
        "suspect_share_of_listed": share(c["suspect"], listed),
        "true_value_share_of_listed": share(c["right"], listed),
        "true_value_share_of_all": share(c["right"], n),
        "items_beyond_clean_per_corruption": share(sum(extra_items), len(extra_items)),
        "items_beyond_clean_per_flagged": share(sum(extra_items), c["flagged"]),
        "items_beyond_clean_max": max(extra_items, default=0),
        "info_items_beyond_clean_per_corruption": share(c["info_items"], n),
        "actions_per_flagged": share(sum(actions), len(actions)),
        "per_kind": {k: dict(v) for k, v in per_kind.items()},
        "failures": failures,
    }  # fmt: skip


def _measure(
    res: Any,
    fact: Fact,
    clean_ids: set[tuple[str, str]],
    clean_info: set[tuple[str, str]],
    kind: str,
    per_kind: dict[str, Counter[str]],
) -> dict[str, Any]:
    key = key_of(fact)
    bad = failing(res.flags)
    groups = items(res.flags)
    new = [f for f in bad if sig(f) not in clean_ids]
    listed = any(key_of(x) == key for f in new for x in f.facts) or any(
        f.suspect is not None and key_of(f.suspect) == key for f in new
    )
    mine = [f for f in bad if f.suspect is not None and key_of(f.suspect) == key]
    suggestion = merge_suggestions(groups[group_of(mine[0])]) if mine else None
    right = suggestion is not None and Decimal(suggestion.value) == Decimal(fact.value)
    extra = sum(1 for fs in groups.values() if any(sig(f) not in clean_ids for f in fs))
    infos = len({group_of(f) for f in res.flags if f.severity == "info" and sig(f) not in clean_info} - set(groups))
    counts = {"corruptions": 1, "flagged": int(bool(new)), "listed": int(listed), "suspect": int(bool(mine)),
              "right": int(right), "info_items": infos}  # fmt: skip
    per_kind[kind].update(counts)
    others = {"/".join(key_of(f.suspect)) for f in new if f.suspect is not None}
    return {"counts": counts, "listed": listed, "suspect": bool(mine), "right": right, "extra_items": extra,
            "their_suspect": ", ".join(sorted(others)) or "-",
            "suggested": suggestion.value if suggestion else "-"}  # fmt: skip


def load_sets(names: list[str]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    if "seeds" in names:
        out["seeds"] = [(p.stem, p.read_text(encoding="utf-8")) for p in SEEDS]
    if "stream" in names:
        out["stream"] = [
            (p.stem, p.read_text(encoding="utf-8")) for p in sorted((CORPUS / "text" / "pdfium").glob("*.txt"))
        ]
    if "grid" in names:
        from extractor.ocr import read_document

        out["grid"] = [(p.stem, read_document(p).text) for p in sorted(CORPUS.glob("*.pdf"))]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=15, help="sampling seed (README figures: 15, 16, 17)")
    ap.add_argument("--per-doc", type=int, default=40, help="corruptions per report (default 40)")
    ap.add_argument("--sets", default="seeds,stream,grid", help="comma-separated: seeds, stream, grid")
    ap.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    ap.add_argument("--failures", type=int, default=15, help="print this many failures per set")
    args = ap.parse_args()
    results = []
    for name, docs in load_sets(args.sets.split(",")).items():
        r = run_set(name, docs, random.Random(f"{args.seed}:{name}"), args.per_doc)  # the same draws, whatever ran
        results.append(r)
        print(
            f"{name:6} {r['corruptions']:4} corruptions ({r['unreadable']} unreadable): {r['flagged']} flagged, "
            f"{r['listed']} listed by a flag; the corrupted fact is the suspect in {r['suspect']} "
            f"({r['suspect_share_of_listed']} of listed); the true value is suggested in {r['suggests_true_value']} "
            f"({r['true_value_share_of_listed']} of listed, {r['true_value_share_of_all']} of all); queue items beyond "
            f"the clean report's: {r['items_beyond_clean_per_corruption']} per corruption, "
            f"{r['items_beyond_clean_per_flagged']} per flagged one (max {r['items_beyond_clean_max']}), and "
            f"{r['info_items_beyond_clean_per_corruption']} rounding notes (info); actions to clear: "
            f"{r['actions_per_flagged']} per flagged one"
        )
        for f in r["failures"][: args.failures]:
            print(f"    {f['doc'][:24]:24} {f['fact']}: {f['from']!r} → {f['to']!r} ({f['kind']}); "
                  f"suspects {f['suspect']}; suggested {f['suggested']}")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"seed": args.seed, "sets": results}, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
