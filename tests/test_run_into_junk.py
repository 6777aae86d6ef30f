"""A row whose printed name runs into another code's name, OCR junk after it, is two rows' text mixed.

tesseract text of a two-sided table 06 (draw C, czj): ``| 0 | 物业管理`` (30209's name, right side) and, on the
next line, ``其他社会保障缴费 iT 1.20`` (30112's name, left side, a stray ``iT``, and a figure that is neither
row's: 1.20 is 30211's). The row read as 30209 ``物业管理其他社会保障缴费iT`` must not take 1.20 — no identity
confirms it — as a name run into another whole name without the junk is not taken either.
"""

from __future__ import annotations

from pathlib import Path

from extractor.pipeline import process
from extractor.readers.tables import _two_names

DATA = Path(__file__).parent / "data" / "titles_split" / "tesseract_czj_light_08.txt"


def test_a_name_run_into_another_with_ocr_junk_after_it_is_two_rows() -> None:
    assert _two_names("30209", "物业管理其他社会保障缴费iT", "economic")
    assert _two_names("30209", "物业管理其他社会保障缴费", "economic")
    assert not _two_names("30209", "物业管理费iT", "economic")


def test_its_figure_is_left_unread_with_its_print(tmp_path: Path) -> None:
    path = tmp_path / "shanghai_putuo_czj_2024.txt"
    path.write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    res = process(path)
    read = {(f.row, f.value) for f in res.facts if f.table == "basic_by_economic"}
    assert ("30209", "1.20") not in read
    text = path.read_text(encoding="utf-8")
    assert any(u.span is not None and text[u.span[0] : u.span[1]] == "1.20" for u in res.extraction.unread)
