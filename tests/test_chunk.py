"""chunk: tables stay whole with their header, prose chunks stay inside sections, offsets map back."""

from __future__ import annotations

from extractor.chunk import chunk
from tests.conftest import TABLE_SEEDS, seed_doc


def test_tables_are_whole_chunks_with_their_header(seed_id: str) -> None:
    doc = seed_doc(seed_id)
    chunks = chunk(doc)
    for t in doc.tables:
        [c] = [c for c in chunks if c.kind == "table" and c.table == t.kind]
        assert c.start <= t.title_start and c.end >= t.rows[-1].end if t.rows else True
        assert t.title in c.text


def test_prose_chunks_respect_size_sections_and_spans(seed_id: str) -> None:
    doc = seed_doc(seed_id)
    chunks = chunk(doc, size=800, overlap=80)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for c in chunks:
        assert doc.text.clean[c.start : c.end] == c.text
        assert c.span == doc.text.span(c.start, c.end)
        if c.kind == "prose":
            assert len(c.text) <= 800
            assert not doc.in_table(c.start)
            tops = [s.start for s in doc.sections if s.level <= 2 and c.start < s.start < c.end]
            assert not tops, "a prose chunk crosses a top-level section boundary"


def test_table_seeds_have_table_chunks() -> None:
    for d in TABLE_SEEDS:
        assert sum(c.kind == "table" for c in chunk(seed_doc(d))) == 9
