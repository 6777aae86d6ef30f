"""The eval report as a self-contained HTML page with inline SVG plots (no JavaScript, no downloads).

Plots: per-table F1 bars, error counts by kind, F1 per document, and — when ``noise.json`` from
``eval/noise.py`` is given — F1 against OCR-noise level. Also the run-to-run comparison behind
``extractor eval compare``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from extractor.errors import InputError

_BAR_H, _GAP, _LABEL_W, _PLOT_W = 22, 6, 230, 420


def _bars(title: str, items: list[tuple[str, float]], maximum: float = 1.0, fmt: str = "{:.3f}") -> str:
    """A horizontal bar chart as SVG: one bar per (label, value)."""
    h = len(items) * (_BAR_H + _GAP) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_LABEL_W + _PLOT_W + 80}" height="{h}" role="img">',
             f'<text x="0" y="16" font-weight="bold">{html.escape(title)}</text>']  # fmt: skip
    for i, (label, value) in enumerate(items):
        y = 30 + i * (_BAR_H + _GAP)
        w = 0 if maximum <= 0 else max(1.0, _PLOT_W * value / maximum)
        colour = "#2e7d32" if maximum != 1.0 or value >= 0.99 else "#f9a825" if value >= 0.9 else "#c62828"
        parts += [
            f'<text x="{_LABEL_W - 6}" y="{y + 15}" text-anchor="end">{html.escape(label)}</text>',
            f'<rect x="{_LABEL_W}" y="{y}" width="{w:.1f}" height="{_BAR_H}" fill="{colour}"/>',
            f'<text x="{_LABEL_W + w + 4:.1f}" y="{y + 15}">{fmt.format(value)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def _line(title: str, points: list[tuple[float, float]]) -> str:
    """F1 (0–1) against noise level as an SVG polyline with dots."""
    w, h, pad = 460, 240, 40
    if not points:
        return ""
    xmax = max(x for x, _ in points) or 1

    def sx(x: float) -> float:
        return pad + (w - 2 * pad) * x / xmax

    def sy(y: float) -> float:
        return h - pad - (h - 2 * pad) * y

    pts = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)
    dots = "".join(
        f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" fill="#1565c0"/>'
        f'<text x="{sx(x):.1f}" y="{sy(y) - 8:.1f}" text-anchor="middle">{y:.3f}</text>'
        for x, y in points
    )
    axes = (
        f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#555"/>'
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="#555"/>'
        f'<text x="{w / 2}" y="{h - 8}" text-anchor="middle">noise level</text>'
        f'<text x="{pad - 6}" y="{sy(1) + 4:.1f}" text-anchor="end">1.0</text>'
        f'<text x="{pad - 6}" y="{sy(0) + 4:.1f}" text-anchor="end">0</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img">'
        f'<text x="0" y="16" font-weight="bold">{html.escape(title)}</text>{axes}'
        f'<polyline points="{pts}" fill="none" stroke="#1565c0" stroke-width="2"/>{dots}</svg>'
    )


def render_html(score: dict[str, Any], noise: dict[str, Any] | None = None, title: str = "Extraction accuracy") -> str:
    """The whole report page from a score JSON (``Score.to_json()``) and optional noise results."""
    o = score["overall"]
    errors = score["errors"]
    tables = [(k, v["f1"]) for k, v in score["per_table"].items()]
    docs = [(k, v["f1"]) for k, v in score["per_doc"].items()]
    kinds = [(k, float(len(v))) for k, v in errors.items()]
    figs = [
        _bars("F1 per table", tables),
        _bars("Errors by kind", kinds, maximum=max([v for _, v in kinds] + [1]), fmt="{:.0f}"),
        _bars("F1 per document", docs),
    ]
    if noise:
        figs.append(_line("F1 against OCR-noise level", [(r["level"], r["f1"]) for r in noise["per_level"]]))
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{v['precision']:.4f}</td><td>{v['recall']:.4f}</td><td>{v['f1']:.4f}</td>"
        f"<td>{v['correct']}</td><td>{v['predicted']}</td><td>{v['golden']}</td></tr>"
        for k, v in score["per_table"].items()
    )
    err_rows = "".join(
        f"<tr><td>{kind}</td><td>{html.escape(e['doc'])}</td><td>{html.escape(e['table'])}</td>"
        f"<td>{html.escape(e['row'])}</td><td>{html.escape(e['col'])}</td><td>{html.escape(e['value'])}</td>"
        f"<td>{html.escape(e.get('golden', ''))}</td><td>{e.get('span', '')}</td></tr>"
        for kind in ("wrong", "missing", "spurious")
        for e in errors[kind][:200]
    )
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}td:first-child{{text-align:left}}
svg{{display:block;margin:1.5em 0;font-size:13px}}</style></head><body>
<h1>{html.escape(title)}</h1>
<p><b>Overall</b>: precision {o["precision"]:.4f}, recall {o["recall"]:.4f}, <b>F1 {o["f1"]:.4f}</b>
({o["correct"]} correct of {o["predicted"]} predicted, {o["golden"]} golden non-zero facts).</p>
{"".join(figs)}
<h2>Per table</h2><table><tr><th>table</th><th>precision</th><th>recall</th><th>F1</th><th>correct</th>
<th>predicted</th><th>golden</th></tr>{rows}</table>
<h2>Errors</h2><table><tr><th>kind</th><th>doc</th><th>table</th><th>row</th><th>col</th><th>value</th><th>golden</th>
<th>span</th></tr>{err_rows}</table>
</body></html>
"""


def load_score(run: str | Path) -> dict[str, Any]:
    """A score from a report folder (``--report DIR``) or a score.json file."""
    p = Path(run)
    f = p / "score.json" if p.is_dir() else p
    if not f.is_file():
        raise InputError(p, "has no score.json; write one with `extractor eval … --report DIR`")
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f, f"is not valid JSON ({exc.msg})") from None


def compare(a: dict[str, Any], b: dict[str, Any]) -> str:
    """What got better and worse from run A to run B: F1 deltas and facts fixed or broken."""
    lines = ["| scope | F1 A | F1 B | Δ |", "|---|---|---|---|"]
    scopes = [("overall", a["overall"], b["overall"])]
    for level in ("per_table", "per_doc"):
        for k in sorted(set(a[level]) | set(b[level])):
            scopes.append((k, a[level].get(k, {"f1": 0.0}), b[level].get(k, {"f1": 0.0})))
    for name, x, y in scopes:
        d = y["f1"] - x["f1"]
        mark = "▲" if d > 1e-9 else "▼" if d < -1e-9 else "="
        lines.append(f"| {name} | {x['f1']:.4f} | {y['f1']:.4f} | {mark} {d:+.4f} |")

    def bad(s: dict[str, Any]) -> set[tuple[str, ...]]:
        return {(k, e["doc"], e["table"], e["row"], e["col"]) for k, es in s["errors"].items() for e in es}

    fixed, broken = sorted(bad(a) - bad(b)), sorted(bad(b) - bad(a))
    lines += ["", f"{len(fixed)} errors fixed, {len(broken)} new errors."]
    lines += [f"- fixed ({k}): {d} {t}/{r}/{c}" for k, d, t, r, c in fixed[:100]]
    lines += [f"- new ({k}): {d} {t}/{r}/{c}" for k, d, t, r, c in broken[:100]]
    return "\n".join(lines) + "\n"
