"""OCR: what a reviewer should know about numbers read from OCR output.

* ``ocr.low_confidence``: a number read from a scanned page with low confidence. Reads the OCR provenance the
  extraction carries (the optional ``Extraction.ocr`` field: ``runs`` of characters, each with ``start``/``end``
  in the source text, ``page``, ``bbox`` and the engine's ``score``), never the OCR code itself. Extractions of
  text files carry no provenance: nothing to check.
* ``ocr.repaired``: a value whose printed text was damaged (``1,903:01``, ``19O3.01``) and was repaired to the
  reading the table's identities confirm (``Amount.repaired_from``) — from any OCR text, the project's own or
  another engine's. ``info``: the identities confirm the value (a reading they do not confirm is never emitted,
  it is ``unread``); the flag says the page does not print it legibly, so a reviewer can look.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from extractor.checks import register
from extractor.checks.base import Context
from extractor.checks.messages import Text
from extractor.schemas.flags import Flag

#: a box the engine is less sure of than this is "low confidence" (RapidOCR reads clean print at ≥ 0.97)
LOW_CONFIDENCE = 0.9


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def _runs(ctx: Context) -> list[tuple[int, int, int, list[float], float]]:
    """(start, end, page, bbox, score) of every OCR run, sorted by start."""
    prov = getattr(ctx.extraction, "ocr", None)
    if prov is None:
        return []
    runs = []
    for r in _get(prov, "runs") or []:
        runs.append(
            (
                int(_get(r, "start")),
                int(_get(r, "end")),
                int(_get(r, "page")),
                list(_get(r, "bbox")),
                float(_get(r, "score")),
            )
        )
    return sorted(runs)


@register(
    "ocr.low_confidence",
    f"a number read by OCR from a box whose confidence is below {LOW_CONFIDENCE}",
    severity="warning",
    tolerance=f"engine confidence < {LOW_CONFIDENCE}",
)
def low_confidence(ctx: Context) -> Iterator[Flag]:
    runs = _runs(ctx)
    if not runs:
        return
    for key, fact in ctx.facts.items():
        if fact.span is None:
            continue
        s, e = fact.span
        hit = [r for r in runs if r[0] < e and s < r[1]]
        if not hit:
            continue
        low = min(hit, key=lambda r: r[4])
        if low[4] < LOW_CONFIDENCE:
            x0, y0, x1, y1 = (round(v) for v in low[3])
            message = Text.of(
                "low_confidence", key="/".join(key), value=fact.value, score=f"{low[4]:.2f}", page=low[2],
                box=f"{x0},{y0}–{x1},{y1}",
            )  # fmt: skip
            rel = ctx.relate("single", [key], Decimal(0))
            yield ctx.flag("warning", message, [key], relation=rel)


@register(
    "ocr.repaired",
    "a value repaired from damaged OCR print to the reading its table's identities confirm",
    severity="info",
    tolerance="identities hold with the repaired reading",
)
def repaired(ctx: Context) -> Iterator[Flag]:
    for t in ctx.extraction.tables:
        for r in t.rows:
            for col, a in r.cells.items():
                if a.repaired_from is None:
                    continue
                key = (t.table, r.row, col)
                if key not in ctx.facts:
                    continue
                message = Text.of("ocr_repaired", key="/".join(key), value=a.plain(), printed=a.repaired_from)
                rel = ctx.relate("single", [key], Decimal(0))
                yield ctx.flag("info", message, [key], found=a.value, relation=rel)
