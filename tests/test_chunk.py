"""chunk: exactly what the model reads — tables with their header (long ones in row groups, the header
repeated), prose inside sections cut at sentence ends; every chunk maps back to the text."""

from __future__ import annotations

import itertools

from extractor.chunk import chunk
from tests.conftest import TABLE_SEEDS, seed_doc


def test_tables_are_whole_chunks_with_their_header(seed_id: str) -> None:
    doc = seed_doc(seed_id)
    chunks = chunk(doc)
    for t in doc.tables:
        [c] = [c for c in chunks if c.kind == "table" and c.table == t.kind]
        assert c.start <= t.title_start and c.end >= (t.rows[-1].end if t.rows else t.title_end)
        assert c.text.startswith(doc.text.clean[t.title_start : t.title_end])


def test_every_chunk_maps_back_to_the_text(seed_id: str) -> None:
    doc = seed_doc(seed_id)
    clean = doc.text.clean
    chunks = chunk(doc, size=800)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for c in chunks:
        assert c.text == "\n".join(clean[s:e] for s, e in c.pieces)
        assert c.span == doc.text.span(c.start, c.end)
        for pos in (0, len(c.text) // 2, len(c.text) - 1):
            assert clean[c.clean(pos)] == c.text[pos]


def test_prose_chunks_respect_size_and_sections(seed_id: str) -> None:
    doc = seed_doc(seed_id)
    for c in chunk(doc, size=800):
        if c.kind != "prose":
            continue
        assert len(c.text) <= 800 and len(c.pieces) == 1
        assert not doc.in_table(c.start)
        tops = [s.start for s in doc.sections if s.level <= 2 and c.start < s.start < c.end]
        assert not tops, "a prose chunk crosses a top-level section boundary"


def test_long_tables_are_split_by_rows_with_the_header_repeated() -> None:
    for d in TABLE_SEEDS:
        doc = seed_doc(d)
        parts = [c for c in chunk(doc, size=500) if c.kind == "table" and c.table == "income"]
        assert len(parts) >= 2, d
        head = parts[0].text.split("\n")[0]
        assert all(c.text.startswith(head) and len(c.pieces) == 2 for c in parts)
        assert [c.part for c in parts] == list(range(len(parts)))
        # the row groups follow one another: no row twice, none left out
        assert all(a.pieces[1][1] <= b.pieces[1][0] for a, b in itertools.pairwise(parts))


def test_table_seeds_have_table_chunks() -> None:
    for d in TABLE_SEEDS:
        assert sum(c.kind == "table" for c in chunk(seed_doc(d))) == 9
