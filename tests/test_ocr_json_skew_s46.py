"""Exported OCR boxes of a skewed page whose boxes are upright (forty-sixth stop).

RapidOCR — and cloud OCRs that give each text a ``left/top/width/height`` rectangle — return short texts as upright
boxes whatever the page's skew, so the boxes' top edges said the page was level while each row drifted down across
it. Laid out level, a right-hand column's figures joined the line below their codes: ghzy's table 06 on draw BT's
heavy scan (`302 商品和服务支出` printed no figure, every 302xx row took the one above's — 18 wrong values), czj's
table 03 on draw BQ's (the 合计 line's three figures fell among the header's words). The page is now turned by the
slant that lines its boxes up into rows when that is clearly better than the top edges' slant.

Fixtures: RapidOCR's boxes as ``eval/bench_ocr_text.py`` exports them (PaddleOCR 2.x's shape): ghzy's table-06 page
of draw BT's heavy scan, and czj's whole report of draw BQ's heavy scan."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.export import load_facts
from extractor.normalize import reads_as
from extractor.pipeline import process
from tests.test_ocr_s18 import CZJ, GHZY, ROOT

DATA = ROOT / "tests" / "data" / "ocr_json_s46"


def _golden(doc: str, table: str) -> dict[tuple[str, str], str]:
    return {
        (f.row, f.col): f.value
        for f in load_facts(ROOT / "eval" / "golden" / "corpus")
        if f.doc == doc and f.table == table
    }


def _read(path: Path, table: str) -> dict[tuple[str, str], str]:
    result = process(path)
    facts = [f for f in result.facts if f.table == table]
    assert all(f.span and reads_as(result.source.text[f.span[0] : f.span[1]], f.value) for f in facts)
    return {(f.row, f.col): f.value for f in facts}


def test_the_right_hand_group_of_a_skewed_table_06_page_keeps_its_figures_on_its_rows() -> None:
    got = _read(DATA / "ghzy_table06_heavy_rapidocr.json", "basic_by_economic")
    assert got[("302", "决算数")] == "440.90"
    assert got[("30201", "决算数")] == "84.62"
    assert got == _golden(GHZY, "basic_by_economic")


def test_upright_rectangles_of_a_skewed_page_are_turned_straight_too(tmp_path: Path) -> None:
    # the same boxes as a cloud OCR's left/top/width/height rectangles: no corner says the page leans at all
    (page,) = json.loads((DATA / "ghzy_table06_heavy_rapidocr.json").read_text(encoding="utf-8"))
    rects = []
    for corners, (text, _score) in page:
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        rects.append(
            {
                "words": text,
                "location": {"left": min(xs), "top": min(ys), "width": max(xs) - min(xs), "height": max(ys) - min(ys)},
            }
        )
    path = tmp_path / "ghzy_table06_baidu.json"
    path.write_text(json.dumps({"words_result": rects}, ensure_ascii=False), encoding="utf-8")
    assert _read(path, "basic_by_economic") == _golden(GHZY, "basic_by_economic")


def test_a_skewed_pages_total_line_keeps_its_figures_off_the_header() -> None:
    path = DATA / "czj_heavy_rapidocr.json"
    result = process(path)
    assert "类 款 项 合计 2,940.05 2,336.91 603.14" in result.source.text
    got = {(f.row, f.col): f.value for f in result.facts if f.table == "expenditure"}
    golden = _golden(CZJ, "expenditure")
    assert got[("合计", "本年支出合计")] == "2940.05"
    assert got == golden
