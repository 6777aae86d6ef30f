"""OCR results saved as JSON (forty-second stop): what users of PaddleOCR, RapidOCR or a cloud OCR service keep of
a scan — each text box's text and corners, no page image. Such a file was read as text: JSON punctuation around
every word, no table found ("no 部门决算 table title …").

The fixture is RapidOCR's result for czj's table-05 page of a heavy scan (draw BL), saved as PaddleOCR 2.x's
``ocr.ocr(img)`` is (``[[[x, y] ×4], [text, score]]`` per box, a list per page); the other dialects are the same
boxes as Baidu's, PaddleOCR 3.x's, Tencent's and Azure's JSON write them."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.errors import NotAReportError
from extractor.export import load_facts
from extractor.ingest import ingest
from extractor.normalize import reads_as
from extractor.pipeline import process
from tests.test_ocr_s18 import CZJ, ROOT

PAGE = ROOT / "tests" / "data" / "ocr_json_s42" / "czj_table05_heavy_paddleocr.json"
Item = tuple[list[list[float]], str, float]


def _items() -> list[Item]:
    (page,) = json.loads(PAGE.read_text(encoding="utf-8"))
    return [(corners, text, score) for corners, (text, score) in page]


def _golden() -> dict[tuple[str, str], str]:
    return {
        (f.row, f.col): f.value
        for f in load_facts(ROOT / "eval" / "golden" / "corpus")
        if f.doc == CZJ and f.table == "general_budget"
    }


def _dialects(items: list[Item]) -> dict[str, Any]:
    def rect(c: list[list[float]]) -> dict[str, float]:
        xs, ys = [p[0] for p in c], [p[1] for p in c]
        return {"left": min(xs), "top": min(ys), "width": max(xs) - min(xs), "height": max(ys) - min(ys)}

    return {
        "paddleocr2": [[[c, [t, s]] for c, t, s in items]],
        "paddleocr3": {
            "input_path": "page_09.png",
            "rec_texts": [t for _, t, _ in items],
            "rec_scores": [s for _, _, s in items],
            "rec_polys": [c for c, _, _ in items],
        },
        "baidu": {
            "words_result_num": len(items),
            "words_result": [{"words": t, "location": rect(c)} for c, t, _ in items],
        },
        "tencent": {
            "TextDetections": [
                {"DetectedText": t, "Confidence": round(s * 100), "Polygon": [{"X": x, "Y": y} for x, y in c]}
                for c, t, s in items
            ]
        },
        "azure": {
            "analyzeResult": {
                "readResults": [
                    {"page": 1, "lines": [{"text": t, "boundingBox": [v for p in c for v in p]} for c, t, _ in items]}
                ]
            }
        },
    }


@pytest.mark.parametrize("dialect", ["paddleocr2", "paddleocr3", "baidu", "tencent", "azure"])
def test_each_dialect_reads_the_page_table_whole(tmp_path: Path, dialect: str) -> None:
    path = tmp_path / f"czj_{dialect}.json"
    path.write_text(json.dumps(_dialects(_items())[dialect], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    facts = [f for f in load_facts(out) if f.table == "general_budget"]
    assert {(f.row, f.col): f.value for f in facts} == _golden()
    # the text rebuilt from the boxes is written beside the facts; every span reads as its value there
    text = (out / f"czj_{dialect}.ocr.txt").read_text(encoding="utf-8")
    assert "201 06 01 行政运行 1,511.89 1,503.52 8.37" in text
    assert all(f.span and reads_as(text[f.span[0] : f.span[1]], f.value) for f in facts)


def test_a_slanted_page_is_turned_straight_by_its_boxes_own_slant(tmp_path: Path) -> None:
    # the same boxes on a page scanned 1.5° askew: a row's boxes drift a line's height across the page, and read
    # as printed the figures of one row fall on the next (10 of 44 values, most of them under the wrong row)
    a = math.radians(1.5)
    turned = [
        ([[x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)] for x, y in c], t, s)
        for c, t, s in _items()
    ]
    path = tmp_path / "czj_askew.json"
    path.write_text(json.dumps(_dialects(turned)["paddleocr2"], ensure_ascii=False), encoding="utf-8")
    got = {(f.row, f.col): f.value for f in process(path).facts if f.table == "general_budget"}
    assert got == _golden()


def test_json_that_is_no_ocr_result_is_read_as_text_and_refused_as_no_report(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"name": "收入决算表", "items": [{"a": 1}] * 20}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(NotAReportError):
        process(path)
    assert ingest(path).rebuilt is False
