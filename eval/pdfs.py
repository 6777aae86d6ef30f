"""Born-digital PDFs of table rows, as departments publish them: the PDF path measured on layouts it never saw.

    python eval/pdfs.py [--docs 000 002 003] [--out out/pdfs]     # seeds' tables as PDFs, scored vs golden

``render`` draws tables the way spreadsheet and word-processor exports do: a title, a unit line, ruled cells
(``ruled=False``: only the top and bottom rules of a "three-line" table), cell text wrapped inside narrow
columns (labels and header cells over two or three lines), long tables continued on the next page with their
header rows repeated, a running header and a page number on every page. The text layer is real (fpdf2 with
Debian's WenQuanYi font), so the pipeline reads it as it reads any published PDF.

The seeds' tables rendered this way are a second template beside the corpus (Liaoning/Henan/Sichuan tables,
not Shanghai's): their content is in-sample (the golden set was built from the same seeds), their PDF layout
is not — no reader was written looking at these renderings.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.scans import font_path, seed_tables  # noqa: E402
from extractor.evaluate import score  # noqa: E402
from extractor.export import load_facts  # noqa: E402
from extractor.pipeline import run  # noqa: E402

Table = tuple[list[str], list[list[str]]]  # (heading lines, rows of cells)
PT = 72 / 25.4  # points per millimetre
FONT = 8.5
LINE = FONT * 1.35
PAD = 2.5


def render(
    tables: Sequence[Table], path: Path, ruled: bool = True, header_rows: int = 2, running: str = "部门决算"
) -> Path:
    """Draw ``tables`` into a PDF at ``path``; each table starts a page, long ones continue on the next."""
    from fpdf import FPDF

    font, index = font_path()
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", fname=font, collection_font_number=index)
    page = 0

    def new_page(wide: bool) -> float:
        nonlocal page
        pdf.add_page(orientation="L" if wide else "P")
        page += 1
        pdf.set_font("cjk", size=7.5)
        pdf.text(20 * PT, 10 * PT, running)
        pdf.text(pdf.w / 2 - 8, pdf.h - 8 * PT, f"- {page} -")
        return 22 * PT

    for heads, rows in tables:
        width = max(len(r) for r in rows)
        wide = width > 6
        y = new_page(wide)
        title, *meta = heads or [""]
        pdf.set_font("cjk", size=13)
        pdf.text((pdf.w - pdf.get_string_width(title)) / 2, y, title)
        y += 9 * PT
        pdf.set_font("cjk", size=FONT)
        for line in meta:
            pdf.text(pdf.w - 20 * PT - pdf.get_string_width(line), y, line)
            y += LINE
        widths = _widths(pdf, rows, width, pdf.w - 30 * PT)
        top = y
        repeated = rows[:header_rows]
        for k, row in enumerate(rows):
            height = _height(pdf, row, widths)
            if y + height > pdf.h - 18 * PT:  # continue on the next page, header rows repeated
                _rules(pdf, widths, top, y, ruled)
                y = top = new_page(wide) + 4 * PT
                pdf.set_font("cjk", size=FONT)
                if k >= header_rows:
                    for h in repeated:
                        y = _row(pdf, h, widths, y, _height(pdf, h, widths), ruled)
            y = _row(pdf, row, widths, y, height, ruled)
        _rules(pdf, widths, top, y, ruled)
        pdf.text(15 * PT, y + 6 * PT, "注：本表反映部门本年度的情况。")
    pdf.output(str(path))
    return path


def _widths(pdf: object, rows: list[list[str]], n: int, total: float) -> list[float]:
    """Column widths from the longest text of each column, capped so long labels wrap."""
    longest = [max((pdf.get_string_width(r[i]) for r in rows if i < len(r)), default=0) for i in range(n)]  # type: ignore[attr-defined]
    want = [max(12 * PT, min(45 * PT, w + 2 * PAD)) for w in longest]
    scale = min(1.0, total / sum(want))
    return [w * scale for w in want]


def _lines(pdf: object, text: str, width: float) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if cur and pdf.get_string_width(cur + ch) > width - 2 * PAD:  # type: ignore[attr-defined]
            out.append(cur)
            cur = ""
        cur += ch
    return [*out, cur] if cur else out


def _height(pdf: object, row: list[str], widths: list[float]) -> float:
    lines = max((len(_lines(pdf, c, w)) for c, w in zip(row, widths, strict=False)), default=1)
    return max(1, lines) * LINE + 2 * PAD


def _row(pdf: object, row: list[str], widths: list[float], y: float, height: float, ruled: bool) -> float:
    x = 15 * PT
    for i, w in enumerate(widths):
        text = row[i] if i < len(row) else ""
        lines = _lines(pdf, text, w)
        if ruled:
            pdf.rect(x, y, w, height)  # type: ignore[attr-defined]
        first = y + (height - len(lines) * LINE) / 2 + FONT  # vertically centred, as spreadsheets print
        numeric = text.replace(",", "").replace(".", "").lstrip("-").isdigit()
        for k, line in enumerate(lines):
            lw = pdf.get_string_width(line)  # type: ignore[attr-defined]
            lx = x + w - PAD - lw if numeric else x + PAD
            pdf.text(lx, first + k * LINE, line)  # type: ignore[attr-defined]
        x += w
    return y + height


def _rules(pdf: object, widths: list[float], top: float, bottom: float, ruled: bool) -> None:
    if not ruled:  # a three-line table: rules above and below only
        pdf.line(15 * PT, top, 15 * PT + sum(widths), top)  # type: ignore[attr-defined]
        pdf.line(15 * PT, bottom, 15 * PT + sum(widths), bottom)  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", nargs="*", default=["000", "002", "003"])
    ap.add_argument("--out", default="out/pdfs")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, float]] = {}
    for ruled in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for seed in sorted((ROOT / "eval" / "seeds").glob("*.txt")):
                if not any(seed.stem.startswith(d) for d in args.docs):
                    continue
                paths.append(render(seed_tables(seed), Path(tmp) / f"{seed.stem}.pdf", ruled=ruled))
            pred = out / ("ruled" if ruled else "three-line")
            run(paths, pred)
            golden = [f for f in load_facts(ROOT / "eval" / "golden") if f.table not in ("narrative", "performance")]
            docs = {p.stem for p in paths}
            s = score([f for f in load_facts(pred) if f.table not in ("narrative", "performance")], golden, docs)
            key = "ruled" if ruled else "three-line"
            results[key] = {"precision": s.overall.precision, "recall": s.overall.recall, "f1": s.overall.f1}
            print(f"{key:10s} tables: P {s.overall.precision:.4f}  R {s.overall.recall:.4f}  F1 {s.overall.f1:.4f}")
    (out / "pdfs.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
