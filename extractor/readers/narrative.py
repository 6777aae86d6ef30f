"""Reader for the figures stated in the prose (情况说明): the spec's narrative vocabulary."""

from __future__ import annotations

from extractor.schemas import NarrativeFact, Unread
from extractor.segment import Document


def read_narrative(doc: Document) -> tuple[list[NarrativeFact], list[Unread]]:
    """Every narrative fact of the spec's vocabulary the prose states, one per key."""
    return [], []
