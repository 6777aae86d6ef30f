"""End to end on all five seeds: every fact verifies against its span, and the counts are real."""

from __future__ import annotations

from pathlib import Path

from extractor.backends import get_backend
from extractor.chunk import chunk
from extractor.ingest import ingest
from extractor.normalize import normalize, normalize_value
from extractor.pipeline import process, verify
from extractor.schemas import STANDARD_TABLES, Fact
from extractor.segment import segment
from tests.conftest import SEED_IDS, TABLE_SEEDS, seed_path, seed_result, unverified


def test_every_fact_the_backend_reads_verifies_against_its_span(seed_id: str) -> None:
    """On the backend's own output, before the pipeline's verify stage drops what does not verify (the
    pipeline's facts would pass whatever the readers did)."""
    src = ingest(seed_path(seed_id))
    doc = segment(normalize(src), src.doc_id)
    facts = get_backend("rules").extract(doc, chunk(doc)).to_facts()
    assert len(facts) == len(seed_result(seed_id).facts), seed_id
    for f in facts:
        assert f.span is not None
        assert normalize_value(src.text[f.span[0] : f.span[1]]) == f.value, f


def test_verify_drops_a_fact_whose_span_shows_another_number() -> None:
    res = seed_result("002_846b8c47d01900a7")
    good = res.facts[0]
    assert good.span is not None
    moved = Fact(**{**good.model_dump(), "span": (good.span[0] + 1, good.span[1])})
    kept, rejected = verify(res.source.text, [good, moved])
    assert kept == [good] and [u.what for u in rejected] == [f"{good.table}/{good.row}/{good.col}"]
    assert unverified([*rejected, *res.extraction.unread]) == rejected  # how backend tests tell a drop


def test_at_least_600_facts_over_the_five_seeds() -> None:
    assert sum(len(seed_result(d).facts) for d in SEED_IDS) >= 600


def test_table_seeds_have_all_nine_tables() -> None:
    for d in TABLE_SEEDS:
        assert sorted(t.table for t in seed_result(d).extraction.tables) == sorted(STANDARD_TABLES), d


def test_gb18030_copy_gives_the_same_facts(tmp_path: Path) -> None:
    doc = "003_9ee8868df83b9797"
    copy = tmp_path / f"{doc}.txt"
    copy.write_bytes(seed_path(doc).read_text(encoding="utf-8").encode("gb18030"))
    res = process(copy)
    assert res.source.encoding == "gb18030"
    assert res.facts == seed_result(doc).facts
