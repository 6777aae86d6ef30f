"""The stream-table reader computes a table's tokens once per text (``tables._body_tokens``): a table is
tokenized again for its skew readings and for re-reads with anchors from later tables. Two reports whose
tables sit at the same offsets but print different figures must each be read from their own text — never from
tokens cached for the other — and a warm cache must read exactly what a cold one reads.
"""

from __future__ import annotations

from pathlib import Path

from extractor.normalize import reads_as
from extractor.pipeline import DocResult, process
from extractor.readers import tables

DATA = Path(__file__).resolve().parent / "data"


def _run(tmp_path: Path, name: str, text: str) -> DocResult:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return process(path)


def _facts(res: DocResult) -> list[tuple[str, str, str, str, tuple[int, int] | None]]:
    return [(f.table, f.row, f.col, f.value, f.span) for f in res.facts]


def test_same_offsets_other_figures_read_from_their_own_text(tmp_path: Path) -> None:
    first = (DATA / "rapidocr_seed000_light.txt").read_text(encoding="utf-8")
    res1 = _run(tmp_path, "first", first)
    # table 05's 基本支出 total as printed (``1070.89``), its last two digits swapped: the same length, so every
    # table of the second report starts and ends where the first one's does
    fact = next(f for f in res1.facts if f.table == "general_budget" and f.row == "合计" and f.col == "基本支出")
    assert fact.span is not None and fact.value == "1070.89"
    a, b = fact.span
    printed = first[a:b]
    second = first[: b - 2] + printed[-1] + printed[-2] + first[b:]
    assert len(second) == len(first) and second[a:b] != printed

    res2 = _run(tmp_path, "second", second)
    # the second text's 合计 row no longer adds up (1903.01 ≠ 1070.98 + 832.11): read from its own tokens, the
    # row is unread; tokens cached for the first text would place it as before and emit the misprint 1070.98
    assert not [f for f in res2.facts if f.table == "general_budget" and f.row == "合计"]
    assert any(u.table == "general_budget" and "identities fail" in u.reason for u in res2.extraction.unread)
    assert all(reads_as(second[f.span[0] : f.span[1]], f.value) for f in res2.facts if f.span)

    # a warm cache reads what a cold one reads, in either order
    tables._body_tokens.cache_clear()
    assert _facts(_run(tmp_path, "second_cold", second)) == _facts(res2)
    assert _facts(_run(tmp_path, "first_again", first)) == _facts(res1)
