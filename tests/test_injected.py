"""Problems injected into a real report are flagged — in the PDF's rebuilt text (a grid) and in converted text
(a stream) — and name the fact that was changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.ocr import read_document
from extractor.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "corpus"
NAME = "shanghai_putuo_ghzy_2024"


def _flags(tmp: Path, text: str) -> list[dict[str, Any]]:
    tmp.mkdir(parents=True, exist_ok=True)
    src = tmp / f"{NAME}.txt"
    src.write_text(text, encoding="utf-8")
    run([src], tmp / "out")
    lines = (tmp / "out" / f"{NAME}.flags.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines]


def _involves(flag: dict[str, Any], table: str, row: str) -> bool:
    return any(f["table"] == table and f["row"] == row for f in flag["facts"])


@pytest.fixture(scope="module")
def pdf_text() -> str:
    """The PDF's page text as the pipeline rebuilds it (tables as tab-separated cells)."""
    return read_document(CORPUS / f"{NAME}.pdf").text


@pytest.fixture(scope="module")
def converted_text() -> str:
    return (CORPUS / "text" / "pdfium" / f"{NAME}.txt").read_text(encoding="utf-8")


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def test_the_untouched_reports_raise_no_identity_error(tmp_path: Path, pdf_text: str, converted_text: str) -> None:
    for k, text in enumerate((pdf_text, converted_text)):
        flags = _flags(tmp_path / str(k), text)
        errors = {str(f["check"]) for f in flags if f["severity"] == "error"}
        assert errors <= {"narrative.restates_table"}  # the report's own prose slips, documented in the golden README


def test_a_changed_cell_in_the_pdf_table_is_flagged(tmp_path: Path, pdf_text: str) -> None:
    # table 02 (the first printing of the row), 2101101 行政单位医疗: 财政拨款收入 40.35 → 40.53
    changed = _replace_once(pdf_text, "2101101\t行政单位医疗\t40.35\t40.35", "2101101\t行政单位医疗\t40.35\t40.53")
    flags = _flags(tmp_path, changed)
    hit = [f for f in flags if f["severity"] == "error" and _involves(f, "income", "2101101")]
    assert hit, [f["message"] for f in flags if f["severity"] == "error"]


def test_a_changed_number_in_converted_text_is_flagged(tmp_path: Path, converted_text: str) -> None:
    # table 02, row 2101101: both printed amounts changed, so its 款 no longer adds up
    changed = _replace_once(converted_text, "2101101 行政单位医疗 40.35 40.35", "2101101 行政单位医疗 40.53 40.53")
    flags = _flags(tmp_path, changed)
    hit = [f for f in flags if f["severity"] in ("error", "warning") and _involves(f, "income", "2101101")]
    assert hit, [f["message"] for f in flags if f["severity"] != "info"]


def test_a_changed_figure_in_the_prose_is_flagged(tmp_path: Path, converted_text: str) -> None:
    changed = _replace_once(converted_text, "本年收入合计 9746.50 万元", "本年收入合计 9764.50 万元")
    flags = _flags(tmp_path, changed)
    assert any(_involves(f, "narrative", "本年收入合计") and f["severity"] == "error" for f in flags)
