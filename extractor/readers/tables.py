"""Readers for the nine standard tables (公开01–09表): segmented rows → schema table models."""

from __future__ import annotations

from extractor.schemas import StandardTable, Unread
from extractor.segment import Document


def read_tables(doc: Document) -> tuple[list[StandardTable], list[Unread]]:
    """Read every standard table the document has."""
    return [], []
