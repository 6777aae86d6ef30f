"""Helpers shared by the readers: turning a clean-view span into a verified ``Amount``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from extractor.normalize import normalize_value, reads_as, without_markup
from extractor.schemas import Amount, Confidence, Unit
from extractor.segment import Document


class UnverifiableValue(ValueError):
    """The characters behind a span do not normalize to a number: never emit such a value."""


def amount(
    doc: Document,
    start: int,
    end: int,
    unit: Unit = "万元",
    repaired: str | None = None,
    confidence: Confidence | None = None,
) -> Amount:
    """The number printed at clean-view ``[start, end)``, with its original span and raw text.

    Raises ``UnverifiableValue`` when the original characters do not normalize to a plain decimal —
    the guarantee that every emitted value can be found in the source. ``repaired``: the value is a repair of
    damaged OCR print, confirmed by the table's identities; it must be one of the documented readings of the
    printed text (``normalize.ocr_readings``), and the amount records that text in ``repaired_from``.
    ``confidence``: how the reader read it (``Amount.confidence``), when it says.
    """
    o_start, o_end = doc.text.span(start, end)
    raw = doc.text.original[o_start:o_end]
    if repaired is not None:
        if not reads_as(raw, repaired):
            raise UnverifiableValue(f"{raw!r} at [{o_start}, {o_end}) is not a reading of {repaired}")
        span = (o_start, o_end)
        return Amount(value=Decimal(repaired), unit=unit, text=raw, span=span, repaired_from=raw, confidence="repaired")
    plain = normalize_value(without_markup(raw))
    if plain is None:
        raise UnverifiableValue(f"{raw!r} at [{o_start}, {o_end}) is not a number")
    try:
        value = Decimal(plain)
    except InvalidOperation as exc:  # pragma: no cover - normalize_value already checked the shape
        raise UnverifiableValue(raw) from exc
    return Amount(value=value, unit=unit, text=raw, span=(o_start, o_end), confidence=confidence)
