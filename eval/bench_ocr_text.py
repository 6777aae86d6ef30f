"""Benchmark: the OCR *text* other engines hand users, read by the rules backend.

    python eval/bench_ocr_text.py [--engines rapidocr rapidocr-rows rapidocr-tsv rapidocr-json tesseract]
                                  [--levels 1 3]
                                  [--sets seeds corpus]
                                  [--jobs 2] [--oracle] [--variant NAME] [--out out/bench_ocr_text]

People digitising scanned reports usually hold OCR output already — their scanning vendor's, tesseract's,
a cloud OCR's — not the page images. This benchmark makes such text the way users get it and feeds it to
``extractor extract`` as ``.txt`` files:

* **pages**: the seeds' standard tables drawn as ruled, scanned-looking pages (``eval/scans.py``; each
  document in one of the installed CJK faces — WenQuanYi Micro/Zen Hei, Noto Sans/Serif CJK, AR PL UMing —
  at one of the level's resolutions), and the development corpus' table pages rasterised from the PDFs
  (pypdfium2); then damaged per level (rotation, blur, noise, JPEG quality; ``eval/scans.py`` knobs);
* **engines**, as a user runs them, with no table rebuild: ``tesseract page.png out -l chi_sim`` (default
  page segmentation, plain text; pages joined as tesseract ends them, with a form feed) and RapidOCR's
  plain text (``RapidOCR()(page).txts``: its boxes in its reading order, one per line); and RapidOCR's boxes
  with rows rebuilt as a simple layout tool does (``rapidocr-rows``: boxes on one line by their vertical
  centres, left to right, one space between — ``rows_text``), and the same rows with their boxes joined by
  tabs, as a layout tool's TSV export prints them (``rapidocr-tsv``: no empty cell where nothing was printed);
  and RapidOCR's boxes saved as JSON the way PaddleOCR's result is (``rapidocr-json``: per page a list of
  ``[[[x, y] ×4], [text, score]]``, pages in one list — ``boxes_json``), read by ``extractor.ocr.exported``;
* **scores**: table facts against ``eval/golden`` (seeds) and ``eval/golden/corpus`` (corpus), precision /
  recall / F1; how many emitted values were *repaired* (``Amount.repaired_from``), how many printed numbers
  the text leaves *unread*; **not in text**: emitted values whose span in the OCR text neither reads as them
  nor is a documented repair of them (must be 0: every value points at printed text); and **engine misreads
  emitted**: values printed nowhere on the pages — the engine misread a digit into another clean number
  (``2,106.60`` for 2,106.66) and the text says so (they carry ``confidence: identity_fails`` where an
  identity catches them).

Renderings are seeded (same pages every run) and never committed; OCR outputs are cached under
``--out/cache`` by the page image's hash, so a rerun only re-reads what changed. OCR time is the median
seconds per page over cache misses (``rapidocr-rows``, ``-tsv`` and ``-json`` share RapidOCR's run, so their pages are
cache hits when ``rapidocr`` ran first). Writes ``bench_ocr_text.json`` and prints the README's table.

``--oracle`` adds the table F1 of ``--backend hybrid`` with a perfect model (``sim-server --oracle`` answering
from each report's golden facts): what sending the tables the rules cannot read to a model can add — the
pipeline's ceiling, not any model's accuracy.
"""

from __future__ import annotations

import argparse
import builtins
import hashlib
import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

if TYPE_CHECKING:
    from rapidocr import RapidOCR

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.accuracy import CORPUS, GOLDEN, SEEDS, TABLE_SEEDS  # noqa: E402
from eval.scans import LEVELS as SCAN_LEVELS  # noqa: E402
from eval.scans import Noise, damage, render_table, seed_tables  # noqa: E402
from extractor.backends import get_backend  # noqa: E402
from extractor.evaluate import score  # noqa: E402
from extractor.export import load_facts  # noqa: E402
from extractor.llm.oracle import oracle_server  # noqa: E402
from extractor.normalize import normalize_value, reads_as  # noqa: E402
from extractor.pipeline import process, run  # noqa: E402
from extractor.schemas import Extraction, Fact  # noqa: E402
from extractor.schemas.facts import STANDARD_TABLES  # noqa: E402
from extractor.template import match_title  # noqa: E402

CORPUS_DOCS = ("shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024")
FACES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # SC
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),  # SC: a Song face, as most reports print
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # AR PL UMing CN: another Song (Ming) face
)


@dataclass(frozen=True)
class Level:
    name: str
    noise: Noise
    dpis: tuple[int, ...]  # one is drawn per document (a scanning batch has one resolution)


LEVELS: dict[int, Level] = {
    0: Level("clean", SCAN_LEVELS[0], (300,)),
    1: Level("light scan", SCAN_LEVELS[1], (300,)),  # the resolution OCR is usually scanned at
    2: Level("medium", SCAN_LEVELS[2], (250,)),
    3: Level("heavy", SCAN_LEVELS[3], (200,)),
}


@dataclass
class Doc:
    """One document's damaged pages, the numbers printed on them, and the golden folder it scores against."""

    stem: str
    set: str
    dpi: int  # recorded in every page image, as a scanner records it (tesseract sizes its text by it)
    pages: list[Image.Image]
    printed: builtins.set[str]  # the builtin: `set` is the field above in this class's scope
    golden: Path


def faces() -> list[tuple[str, int]]:
    found = [f for f in FACES if Path(f[0]).exists()]
    if not found:
        raise SystemExit("no CJK font found: apt-get install fonts-wqy-microhei (tests/services.sh installs more)")
    return found


def seed_docs(level: int, variant: str = "") -> list[Doc]:
    """The seeds' tables as scanned pages: one face and one resolution per document, seeded (``variant``: another
    draw of faces and damage — renderings nobody has looked at)."""
    out: list[Doc] = []
    lv = LEVELS[level]
    for seed in sorted(SEEDS.glob("*.txt")):
        if seed.stem[:3] not in TABLE_SEEDS:
            continue
        rng = random.Random(f"ocr-text:{seed.stem}:{level}{variant}")
        face = rng.choice(faces())
        dpi = rng.choice(lv.dpis)
        pages: list[Image.Image] = []
        printed: set[str] = set()
        for heads, rows in seed_tables(seed):
            for page in render_table(heads, rows, face=face, dpi=dpi):
                pages.append(damage(page, lv.noise, rng))
            printed.update(v for r in rows for c in r if (v := normalize_value(c)) is not None)
        out.append(Doc(seed.stem, "seeds", dpi, pages, printed, GOLDEN))
    return out


_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def corpus_docs(level: int, variant: str = "") -> list[Doc]:
    """The corpus reports' table pages (from the first standard table title after the contents to the last),
    rasterised and damaged."""
    import pypdfium2 as pdfium

    out: list[Doc] = []
    lv = LEVELS[level]
    for stem in CORPUS_DOCS:
        rng = random.Random(f"ocr-text:{stem}:{level}{variant}")
        dpi = rng.choice(lv.dpis)
        pdf = pdfium.PdfDocument(CORPUS / f"{stem}.pdf")
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        titled = [i for i, t in enumerate(texts) if i > 1 and _titles(t) == 1]
        pages: list[Image.Image] = []
        printed: set[str] = set()
        for i in range(min(titled), max(titled) + 1):
            if not texts[i].strip():
                continue
            img = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            pages.append(damage(img, lv.noise, rng))
            printed.update(v for m in _NUMBER.finditer(texts[i]) if (v := normalize_value(m.group())) is not None)
        out.append(Doc(stem, "corpus", dpi, pages, printed, GOLDEN / "corpus"))
    return out


def _titles(text: str) -> int:
    """How many standard table titles a page prints (a table of contents prints all nine)."""
    hits = {m.table for line in text.splitlines() if (m := match_title(line.strip())) is not None and m.table}
    return len(hits) if len(hits) <= 1 else 9


# ---------------------------------------------------------------------------------------------
# Engines: plain text, as a user gets it


class Ocr:
    """OCR pages to plain text with a cache keyed by the page image's hash; times cache misses."""

    def __init__(self, engine: str, cache: Path, jobs: int) -> None:
        self.engine = engine
        self.cache = cache / engine
        self.cache.mkdir(parents=True, exist_ok=True)
        self.jobs = jobs
        self.seconds: list[float] = []
        self._rapid: RapidOCR | None = None

    def texts(self, pages: list[Image.Image], dpi: int) -> list[str]:
        items = []
        for img in pages:
            buf = io.BytesIO()
            img.save(buf, format="PNG", dpi=(dpi, dpi))
            data = buf.getvalue()
            items.append((self.cache / f"{hashlib.sha1(data).hexdigest()}.txt", data))
        todo = [(p, d) for p, d in items if not p.exists()]
        if self.engine == "tesseract":
            with ThreadPoolExecutor(self.jobs) as pool:
                list(pool.map(lambda item: self._tesseract(*item), todo))
        else:
            for p, d in todo:
                self._rapidocr(p, d)
        return [p.read_text(encoding="utf-8") for p, _ in items]

    def _tesseract(self, path: Path, png: bytes) -> None:
        tmp = path.with_suffix(".png")
        tmp.write_bytes(png)
        t = time.perf_counter()
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        proc = subprocess.run(
            ["tesseract", str(tmp), str(tmp.with_suffix("")), "-l", "chi_sim"],
            capture_output=True,
            check=False,
            env=env,
            timeout=600,
        )
        self.seconds.append(time.perf_counter() - t)
        tmp.unlink()
        if proc.returncode != 0:
            raise SystemExit(f"tesseract failed: {proc.stderr.decode(errors='replace')[:300]}")

    def _rapidocr(self, path: Path, png: bytes) -> None:
        if self._rapid is None:
            from rapidocr import RapidOCR

            self._rapid = RapidOCR(params={"Global.log_level": "error"})
        import numpy as np
        from rapidocr.utils.output import RapidOCROutput

        arr = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        t = time.perf_counter()
        result = self._rapid(arr)
        self.seconds.append(time.perf_counter() - t)
        if not isinstance(result, RapidOCROutput):  # its recognition failed (the reader fails such a file): no text
            print(f"rapidocr recognised no text on {path.name} (its recognition step failed)", file=sys.stderr)
            result = RapidOCROutput()
        # one OCR run gives the four engines' texts (plain lines; rows, TSV and JSON from the same boxes): each page
        # is read once — the other engines find their text cached
        lines = [x.strip() for x in (result.txts or ()) if x.strip()]
        texts = {
            "rapidocr": "\n".join(lines) + "\n",
            "rapidocr-rows": rows_text(result.boxes, result.txts),
            "rapidocr-tsv": rows_text(result.boxes, result.txts, sep="\t"),
            "rapidocr-json": boxes_json(result.boxes, result.txts, result.scores),
        }
        for engine, text in texts.items():
            target = self.cache.parent / engine / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def rows_text(boxes: object, txts: object, sep: str = " ") -> str:
    """RapidOCR's boxes rebuilt into lines as a simple layout tool does it: a box whose vertical centre lies within
    half its height of a line's first box joins that line; a line's boxes left to right, ``sep`` between (a space,
    or a tab as a TSV export prints its cells).

    On a skewed page a row's boxes drift up or down across the page, so a long row may break in two or take a
    neighbour's box — as such tools do."""
    items = sorted(
        (float(b[:, 1].mean()), float(b[:, 0].min()), float(b[:, 1].max() - b[:, 1].min()), t.strip())
        for b, t in zip(boxes if boxes is not None else (), txts or (), strict=False)  # type: ignore[call-overload]
        if t.strip()
    )
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for cy, x, h, t in items:
        if lines and abs(cy - lines[-1][0]) <= h / 2:
            lines[-1][1].append((x, t))
        else:
            lines.append((cy, [(x, t)]))
    return "".join(sep.join(t for _, t in sorted(cells)) + "\n" for _, cells in lines)


def boxes_json(boxes: object, txts: object, scores: object) -> str:
    """RapidOCR's result as PaddleOCR's ``ocr.ocr(img)`` is saved with ``json.dump``: a page's boxes as
    ``[[[x, y] ×4], [text, score]]``, in the engine's order."""
    items = [
        [[[round(float(x), 1), round(float(y), 1)] for x, y in b], [t, round(float(s), 4)]]
        for b, t, s in zip(boxes if boxes is not None else (), txts or (), scores or (), strict=False)  # type: ignore[call-overload]
    ]
    return json.dumps(items, ensure_ascii=False)


def page_join(engine: str, texts: list[str]) -> str:
    """A document's text as a user assembles it: tesseract ends each page with a form feed already; a JSON export
    is one list of pages."""
    if engine == "rapidocr-json":
        return "[\n" + ",\n".join(texts) + "\n]\n"
    return "".join(texts) if engine == "tesseract" else "\n".join(texts)


# ---------------------------------------------------------------------------------------------
# Scoring


def _table_facts(facts: Iterable[Fact], docs: set[str]) -> list[Fact]:
    return [f for f in facts if f.doc in docs and f.table in STANDARD_TABLES]


@dataclass
class Counts:
    repaired: int = 0  # values repaired from damaged print
    unread: int = 0  # printed numbers of the tables left unread
    not_in_text: list[dict[str, object]] | None = None  # values whose span does not read as them: must be none
    not_on_page: list[dict[str, object]] | None = None  # values the engine misread, emitted as it printed them


def _counts(out: Path, texts: Path, docs: Iterable[Doc]) -> Counts:
    c = Counts(not_in_text=[], not_on_page=[])
    assert c.not_in_text is not None and c.not_on_page is not None
    for d in docs:
        path = out / f"{d.stem}.json"
        if not path.exists():
            continue
        ex = Extraction.model_validate_json(path.read_text(encoding="utf-8"))
        rebuilt = out / f"{d.stem}.ocr.txt"  # (a JSON export: its spans point into the text rebuilt from it)
        text = (rebuilt if rebuilt.exists() else texts / f"{d.stem}.txt").read_text(encoding="utf-8")
        for t in ex.tables:
            for r in t.rows:
                for col, a in r.cells.items():
                    c.repaired += a.repaired_from is not None
                    fact: dict[str, object] = {"doc": d.stem, "fact": f"{t.table}/{r.row}/{col}", "value": a.plain()}
                    if not reads_as(text[a.span[0] : a.span[1]], a.plain()):
                        c.not_in_text.append(fact)
                    if a.plain() not in d.printed and normalize_value(a.plain()) not in d.printed:
                        c.not_on_page.append({**fact, "printed": a.text})
        c.unread += sum(1 for u in ex.unread if u.table in STANDARD_TABLES and u.claim and re.search(r"\d", u.claim))
    return c


def _sets(docs: list[Doc]) -> Iterator[tuple[str, list[Doc], set[str], list[Fact]]]:
    """Per scored set ("all", then each set the documents come from): its documents, their stems, and the
    golden table facts of those documents."""
    for name in ("all", *dict.fromkeys(d.set for d in docs)):
        chosen = [d for d in docs if name in ("all", d.set)]
        stems = {d.stem for d in chosen}
        golden = [f for g in dict.fromkeys(d.golden for d in chosen) for f in load_facts(g)]
        yield name, chosen, stems, _table_facts(golden, stems)


def _with_oracle(result: dict[str, object], texts: Path, docs: list[Doc]) -> None:
    """``result[set]["hybrid_f1"]``: table F1 of ``--backend hybrid`` with a perfect model (``sim-server --oracle``
    answering from each report's golden facts) — what the model path can add where the rules leave tables short
    or failing; the pipeline's ceiling, not a model's accuracy."""
    facts: list[Fact] = []
    for d in docs:
        server = oracle_server(d.golden).start()
        try:
            backend = get_backend("hybrid")
            backend.configure(base_url=server.base_url, model="oracle", cache=False)
            facts.extend(process(texts / f"{d.stem}.txt", backend).facts)
        finally:
            server.stop()
    for name, _, stems, golden in _sets(docs):
        s = score(_table_facts(facts, stems), golden, stems)
        result[name]["hybrid_f1"] = round(s.overall.f1, 4)  # type: ignore[index]
        result[name]["hybrid_precision"] = round(s.overall.precision, 4)  # type: ignore[index]


def bench(engine: str, level: int, docs: list[Doc], out: Path, ocr: Ocr, oracle: bool = False) -> dict[str, object]:
    texts = out / "texts" / engine / f"level{level}"
    if texts.exists():
        shutil.rmtree(texts)
    texts.mkdir(parents=True)
    before = len(ocr.seconds)
    for d in docs:
        (texts / f"{d.stem}.txt").write_text(page_join(engine, ocr.texts(d.pages, d.dpi)), encoding="utf-8")
    pred = out / "runs" / engine / f"level{level}"
    if pred.exists():
        shutil.rmtree(pred)
    report = run(sorted(texts.glob("*.txt")), pred)
    result: dict[str, object] = {"engine": engine, "level": level, "name": LEVELS[level].name}
    result["pages"] = sum(len(d.pages) for d in docs)
    result["errors"] = {i["path"]: i["error"] for i in report.inputs if i["status"] != "ok"}
    predicted = load_facts(pred)
    for name, chosen, stems, golden in _sets(docs):
        s = score(_table_facts(predicted, stems), golden, stems)
        c = _counts(pred, texts, chosen)
        assert c.not_in_text is not None and c.not_on_page is not None
        result[name] = {
            "docs": len(stems),
            "precision": round(s.overall.precision, 4),
            "recall": round(s.overall.recall, 4),
            "f1": round(s.overall.f1, 4),
            "per_doc": {k: round(v.f1, 4) for k, v in s.per_doc.items()},
            "repaired": c.repaired,
            "unread": c.unread,
            "not_in_text": len(c.not_in_text),
            "not_in_text_facts": c.not_in_text[:20],
            "misread_by_engine": len(c.not_on_page),
            "misread_by_engine_facts": c.not_on_page[:20],
            "wrong": s.wrong[:20],
            "spurious": s.spurious[:20],
        }
    if oracle:
        _with_oracle(result, texts, docs)
    secs = ocr.seconds[before:]
    result["ocr_seconds_per_page"] = round(statistics.median(secs), 2) if secs else None
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    engine_names = ["rapidocr", "rapidocr-rows", "rapidocr-tsv", "rapidocr-json", "tesseract"]
    ap.add_argument("--engines", nargs="+", default=engine_names, choices=engine_names)
    ap.add_argument("--levels", type=int, nargs="+", default=[1, 3], choices=sorted(LEVELS))
    ap.add_argument("--sets", nargs="+", default=["seeds", "corpus"], choices=["seeds", "corpus"])
    ap.add_argument("--jobs", type=int, default=2, help="tesseract processes in parallel")
    ap.add_argument("--out", default="out/bench_ocr_text")
    ap.add_argument(
        "--oracle",
        action="store_true",
        help="also run --backend hybrid with a perfect model (sim-server --oracle on the golden facts): the ceiling "
        "of sending the tables the rules cannot read to a model",
    )
    ap.add_argument(
        "--variant",
        default="",
        help="draw the renderings anew (faces, rotation, noise) under this name: pages whose OCR text nobody has "
        "read, for a measurement the readers were not written against (a separate --out keeps the texts apart)",
    )
    args = ap.parse_args(argv)
    variant = f":{args.variant}" if args.variant else ""
    if "tesseract" in args.engines and shutil.which("tesseract") is None:
        raise SystemExit("tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-chi-sim")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    engines = {e: Ocr(e, out / "cache", args.jobs) for e in args.engines}
    results: list[dict[str, object]] = []
    hybrid = " hybrid + oracle F1 (P) |" if args.oracle else ""
    print(
        "| engine | level | pages | set | precision | recall | F1 | repaired | unread | not in text | "
        f"engine misreads emitted | OCR s/page |{hybrid}"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|" + ("---|" if args.oracle else ""))
    for level in args.levels:
        docs = [
            *(seed_docs(level, variant) if "seeds" in args.sets else []),
            *(corpus_docs(level, variant) if "corpus" in args.sets else []),
        ]
        for engine, ocr in engines.items():
            r = bench(engine, level, docs, out, ocr, args.oracle)
            results.append(r)
            for name in ("all", *args.sets):
                s = r[name]
                assert isinstance(s, dict)
                print(
                    f"| {engine} | {level} {r['name']} | {r['pages']} | {name} | {s['precision']:.4f} | "
                    f"{s['recall']:.4f} | **{s['f1']:.4f}** | {s['repaired']} | {s['unread']} | "
                    f"{s['not_in_text']} | {s['misread_by_engine']} | {r['ocr_seconds_per_page'] or 'cached'} |"
                    + (f" {s['hybrid_f1']:.4f} ({s['hybrid_precision']:.4f}) |" if args.oracle else ""),
                    flush=True,
                )
            errors = r["errors"]
            assert isinstance(errors, dict)
            for path, err in errors.items():
                print(f"  error {path}: {err}")
            (out / "bench_ocr_text.json").write_text(
                json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
