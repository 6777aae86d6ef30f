"""Shared fixtures: the bundled seed reports, processed once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extractor.ingest import ingest
from extractor.normalize import normalize
from extractor.pipeline import DocResult, process
from extractor.segment import Document, segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "eval" / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
TABLE_SEEDS = ["000_d2cac5324267c124", "002_846b8c47d01900a7", "003_9ee8868df83b9797"]


def seed_path(doc: str) -> Path:
    return SEEDS / f"{doc}.txt"


@cache
def seed_doc(doc: str) -> Document:
    """A segmented seed (cached: segmenting is pure)."""
    s = ingest(seed_path(doc))
    return segment(normalize(s), s.doc_id)


@cache
def seed_result(doc: str) -> DocResult:
    """A seed through the whole pipeline with the rules backend (cached)."""
    return process(seed_path(doc))


@pytest.fixture(params=SEED_IDS)
def seed_id(request: pytest.FixtureRequest) -> str:
    return request.param
