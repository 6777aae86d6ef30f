"""Scanned-report evaluation: the seed tables rendered as scanned-looking A4 pages, read back through
OCR + table rebuild + extraction, and scored against the golden table facts, per noise level.

    python eval/scans.py [--levels 0 1 2 3] [--docs 000 002] [--engine rapidocr] [--out out/scans]

Each seed's standard tables are drawn as ruled grids (Pillow, a Debian CJK font: fonts-wqy-microhei or
fonts-noto-cjk), one table per page or more when long, then damaged with seeded knobs — rotation, blur,
Gaussian noise and JPEG quality — and bundled into an image-only PDF per seed. The pipeline reads that
PDF like any other input. Prints per level: table-fact precision / recall / F1, how many emitted facts
are numbers that are not printed on the pages (must be 0), and seconds per page (median over pages,
after the model is loaded). Writes ``scans.json`` to ``--out``.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractor.ocr as ocr  # noqa: E402
from extractor.evaluate import score  # noqa: E402
from extractor.export import load_facts  # noqa: E402
from extractor.ingest import ingest  # noqa: E402
from extractor.normalize import normalize, normalize_value  # noqa: E402
from extractor.pipeline import process  # noqa: E402
from extractor.schemas import Fact  # noqa: E402
from extractor.segment import segment  # noqa: E402

SEEDS = ROOT / "eval" / "seeds"
GOLDEN = ROOT / "eval" / "golden"
NOT_TABLES = {"narrative", "performance"}
FONTS = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2: Simplified Chinese
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
]
W, H = 1654, 2339  # A4 at 200 dpi
MARGIN = 110


@dataclass(frozen=True)
class Noise:
    """Scan damage: max rotation (degrees, random sign), blur radius, noise sigma (grey levels), JPEG quality."""

    rotation: float = 0.0
    blur: float = 0.0
    noise: float = 0.0
    jpeg: int = 95


LEVELS: dict[int, Noise] = {
    0: Noise(),
    1: Noise(rotation=0.4, blur=0.5, noise=6, jpeg=70),  # a light, clean office scan
    2: Noise(rotation=1.0, blur=0.9, noise=12, jpeg=50),
    3: Noise(rotation=2.0, blur=1.3, noise=20, jpeg=35),
}


def font_path() -> tuple[str, int]:
    for path, index in FONTS:
        if Path(path).exists():
            return path, index
    raise SystemExit("no CJK font found: apt-get install fonts-wqy-microhei (or fonts-noto-cjk)")


def _font(size: int, face: tuple[str, int] | None = None) -> ImageFont.FreeTypeFont:
    path, index = face or font_path()
    return ImageFont.truetype(path, size, index=index)


_NUMBER = re.compile(r"^-?[\d,. ]+$")


def _cell_text(raw: str) -> str:
    """A cell as printed: OCR-spaced numbers from the seed text closed up (``1, 903. 01`` → ``1,903.01``)."""
    s = raw.strip()
    if _NUMBER.match(s):
        s = s.replace(" ", "").replace(",", "")
        m = re.fullmatch(r"(-?)(\d{4,})(\.\d+)", s)
        if m:  # amounts print with thousands separators
            s = f"{m.group(1)}{int(m.group(2)):,}{m.group(3)}"
    return s


def seed_tables(seed: Path, kinds: Iterable[str] | None = None) -> list[tuple[list[str], list[list[str]]]]:
    """(heading lines, rows of cells) of each standard table of a seed, as the seed prints them."""
    src = ingest(seed)
    text = normalize(src)
    doc = segment(text, src.doc_id)
    out: list[tuple[list[str], list[list[str]]]] = []
    wanted = set(kinds) if kinds else None
    for t in doc.tables:
        if (wanted is not None and t.kind not in wanted) or not t.rows:
            continue
        head_text = text.clean[t.title_start : t.rows[0].start]
        heads = [ln.strip() for ln in head_text.splitlines() if ln.strip() and "\t" not in ln]
        rows = [[_cell_text(text.clean[c.start : c.end]) for c in r.cells] for r in t.rows]
        out.append((heads, rows))
    return out


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and font.getlength(cur + ch) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return [*lines, cur] if cur else lines or [""]


def render_table(
    heads: list[str], rows: list[list[str]], size: int = 24, face: tuple[str, int] | None = None, dpi: int = 200
) -> list[Image.Image]:
    """A ruled table on as many A4 pages as it needs; header cells wrap, numbers right-aligned.

    ``face``: (font file, collection index), default the first installed of ``FONTS``; ``dpi``: the scan
    resolution (page, margins, type and rules scale with it)."""
    k = dpi / 200
    page_w, page_h, margin, rule = round(W * k), round(H * k), round(MARGIN * k), max(1, round(2 * k))
    size = round(size * k)
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    avail = page_w - 2 * margin
    while True:
        font = _font(size, face)
        pad = size // 2
        widths: list[int] = []
        shrinkable: list[bool] = []
        for c in range(ncols):
            texts = [r[c] for r in rows if r[c]]
            nums = [font.getlength(t) for t in texts if _NUMBER.match(t)]
            words = [font.getlength(t) for t in texts if not _NUMBER.match(t)]
            label = len(words) > len(nums)
            need = max(words, default=0) if label else max([*nums, min(max(words, default=0), 4 * size)])
            widths.append(int(max(need, 2 * size)) + 2 * pad)
            shrinkable.append(label)
        over = sum(widths) - avail
        if over > 0:  # label columns give up width first (their text wraps), down to 5 characters
            room = [
                w - (5 * size + 2 * pad) if s and w > 5 * size + 2 * pad else 0
                for w, s in zip(widths, shrinkable, strict=False)
            ]
            if sum(room) > 0:
                f = min(1.0, over / sum(room))
                widths = [int(w - f * r) for w, r in zip(widths, room, strict=True)]
        if sum(widths) <= avail or size <= round(16 * k):
            break
        size -= 1
    line_h = int(size * 1.35)
    pages: list[Image.Image] = []
    img = Image.new("L", (page_w, page_h), 255)
    draw = ImageDraw.Draw(img)
    y = margin
    title_font = _font(size + round(10 * k), face)
    for n, line in enumerate(heads):
        fnt = title_font if n == 0 else font
        x = (page_w - fnt.getlength(line)) / 2 if n == 0 else margin
        draw.text((x, y), line, font=fnt, fill=0)
        y += int(fnt.size * 1.9)
    x_left = margin
    x_right = margin + sum(widths)
    y += round(10 * k)
    top = y
    for r, row in enumerate(rows):
        wrapped = [
            _wrap(t, font, widths[c] - 2 * pad) if t and not _NUMBER.match(t) else [t] for c, t in enumerate(row)
        ]
        h = max(len(w) for w in wrapped) * line_h + 2 * pad
        if y + h > page_h - margin:
            _rules(draw, top, y, widths, x_left, rule)
            pages.append(img)
            img = Image.new("L", (page_w, page_h), 255)
            draw = ImageDraw.Draw(img)
            y = top = margin
        draw.line((x_left, y, x_right, y), fill=0, width=rule)
        x = x_left
        header = r < 3 and not any(_NUMBER.match(t) and "." in t for t in row)
        for c, lines in enumerate(wrapped):
            for i, t in enumerate(lines):
                tw = font.getlength(t)
                if _NUMBER.match(t or "x"):
                    tx = x + widths[c] - pad - tw
                elif header:
                    tx = x + (widths[c] - tw) / 2
                else:
                    tx = x + pad
                draw.text((tx, y + pad + i * line_h), t, font=font, fill=0)
            x += widths[c]
        y += h
    _rules(draw, top, y, widths, x_left, rule)
    pages.append(img)
    return pages


def _rules(draw: ImageDraw.ImageDraw, top: int, bottom: int, widths: list[int], x_left: int, rule: int = 2) -> None:
    x = x_left
    draw.line((x_left, bottom, x_left + sum(widths), bottom), fill=0, width=rule)
    for w in [0, *widths]:
        x += w
        draw.line((x, top, x, bottom), fill=0, width=rule)


def damage(img: Image.Image, noise: Noise, rng: random.Random) -> Image.Image:
    """Scan damage, seeded: rotation, blur, Gaussian noise, JPEG compression."""
    out = img
    if noise.rotation:
        out = out.rotate(rng.uniform(-noise.rotation, noise.rotation), resample=Image.Resampling.BICUBIC, fillcolor=255)
    if noise.blur:
        out = out.filter(ImageFilter.GaussianBlur(noise.blur))
    if noise.noise:
        arr: np.ndarray = np.asarray(out, dtype=np.float32)
        arr = arr + np.random.default_rng(rng.randrange(2**32)).normal(0, noise.noise, arr.shape)
        out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=noise.jpeg)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def render_seed(
    seed: Path, level: int, rng_seed: int = 0, kinds: Iterable[str] | None = None
) -> tuple[list[Image.Image], set[str]]:
    """Damaged pages of a seed's tables, and every number printed on them (normalized)."""
    rng = random.Random(f"{seed.stem}:{level}:{rng_seed}")
    pages: list[Image.Image] = []
    printed: set[str] = set()
    for heads, rows in seed_tables(seed, kinds):
        for page in render_table(heads, rows):
            pages.append(damage(page, LEVELS[level], rng))
        for r in rows:
            for c in r:
                v = normalize_value(c)
                if v is not None:
                    printed.add(v)
    return pages, printed


def save_pdf(pages: list[Image.Image], path: Path) -> None:
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=200.0)


def table_facts(facts: Iterable[Fact]) -> list[Fact]:
    return [f for f in facts if f.table not in NOT_TABLES]


def not_on_page(facts: Iterable[Fact], printed: set[str]) -> list[Fact]:
    """Emitted facts whose number is not printed anywhere on the pages."""
    return [f for f in facts if f.value not in printed and normalize_value(f.value) not in printed]


class PageTimer:
    """Times every OCR'd page (the engine is loaded before the first timed page)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self._orig = ocr.read_image_page

    def __enter__(self) -> PageTimer:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return self._orig(*args, **kwargs)
            finally:
                self.seconds.append(time.perf_counter() - t)

        ocr.read_image_page = timed
        return self

    def __exit__(self, *exc: object) -> None:
        ocr.read_image_page = self._orig


class LevelResult(TypedDict):
    level: int
    noise: dict[str, Any]
    docs: list[str]
    pages: int
    precision: float
    recall: float
    f1: float
    not_on_page: int
    not_on_page_facts: list[dict[str, Any]]
    seconds_per_page_median: float | None
    errors: dict[str, str]
    missing: list[dict[str, Any]]
    wrong: list[dict[str, Any]]
    spurious: list[dict[str, Any]]


def run_level(
    seeds: list[Path], level: int, workdir: Path, golden: list[Fact], engine: str, kinds: Iterable[str] | None = None
) -> LevelResult:
    kinds = list(kinds) if kinds else None
    predicted: list[Fact] = []
    off_page: list[Fact] = []
    errors: dict[str, str] = {}
    docs: set[str] = set()
    with PageTimer() as timer:
        for seed in seeds:
            pages, printed = render_seed(seed, level, kinds=kinds)
            if not pages:
                continue
            pdf = workdir / f"{seed.stem}.pdf"
            save_pdf(pages, pdf)
            docs.add(seed.stem)
            import os

            os.environ[ocr.ENGINE_ENV] = engine
            try:
                res = process(pdf)
            except Exception as exc:  # an unreadable scan scores as all-missing
                errors[seed.stem] = str(exc)
                continue
            facts = table_facts(res.facts)
            predicted.extend(facts)
            off_page.extend(not_on_page(facts, printed))
    gold = [f for f in table_facts(golden) if f.doc in docs and (kinds is None or f.table in kinds)]
    s = score(predicted, gold, docs)
    o = s.overall
    secs = timer.seconds
    return {
        "level": level,
        "noise": LEVELS[level].__dict__,
        "docs": sorted(docs),
        "pages": len(secs),
        "precision": round(o.precision, 4),
        "recall": round(o.recall, 4),
        "f1": round(o.f1, 4),
        "not_on_page": len(off_page),
        "not_on_page_facts": [f.model_dump() for f in off_page[:20]],
        "seconds_per_page_median": round(statistics.median(secs), 3) if secs else None,
        "errors": errors,
        "missing": s.missing[:30],
        "wrong": s.wrong[:30],
        "spurious": s.spurious[:30],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--levels", type=int, nargs="+", default=[0, 1, 2, 3])
    ap.add_argument("--docs", nargs="*", help="seed ids or prefixes (default: every seed with tables)")
    ap.add_argument("--tables", nargs="*", help="table ids to render (default: all nine)")
    ap.add_argument("--engine", default="rapidocr", choices=ocr.engine_names())
    ap.add_argument("--golden", default=str(GOLDEN))
    ap.add_argument("--out", default="out/scans")
    args = ap.parse_args(argv)
    seeds = sorted(SEEDS.glob("*.txt"))
    if args.docs:
        seeds = [s for s in seeds if any(s.stem.startswith(d) for d in args.docs)]
    golden = load_facts(args.golden)
    ocr.get_engine(args.engine)  # model load, outside the timings
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = []
    print("level  pages  precision  recall  F1      not-on-page  s/page (median)")
    for level in args.levels:
        with tempfile.TemporaryDirectory() as tmp:
            r = run_level(seeds, level, Path(tmp), golden, args.engine, args.tables)
        results.append(r)
        print(
            f"{level:<6} {r['pages']:<6} {r['precision']:<10} {r['recall']:<7} {r['f1']:<7} "
            f"{r['not_on_page']:<12} {r['seconds_per_page_median']}",
            flush=True,
        )
        for k, v in r["errors"].items():
            print(f"  error {k}: {v}")
        (out / "scans.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
