"""PDF text layers rebuilt with their layout (pdfplumber): tables as rows of cells, furniture dropped.

Two kinds of documents: the real corpus PDFs (Shanghai template, as published) and tables drawn by
``eval/pdfs.py`` the way spreadsheet exports print them (the seeds' template: ruled or three-line, wrapped
cells, tables continued on the next page with their header repeated, page numbers and running headers).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from eval.pdfs import render
from extractor.ingest import ingest
from extractor.normalize import normalize
from extractor.ocr import read_document
from extractor.pipeline import process
from extractor.segment import segment

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "corpus"

HEADER = [
    ["项目", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "其他收入"],
    ["功能分类科目编码", "科目名称", "", "", "", "", ""],
]
BODY = [
    ["合计", "", "3,006.00", "3,000.00", "", "", "6.00"],
    ["208", "社会保障和就业支出", "3,006.00", "3,000.00", "", "", "6.00"],
    *[[f"20805{k:02d}", "机关事业单位基本养老保险缴费支出", "100.20", "100.00", "", "", "0.20"] for k in range(1, 31)],
]


@cache
def _rendered(ruled: bool, tmp: str) -> Path:
    tables = [(["收入决算表", "单位：万元"], HEADER + BODY)]
    name = f"income_{'ruled' if ruled else 'three_line'}.pdf"
    return render(tables, Path(tmp) / name, ruled=ruled, running="某某局部门决算")


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("pdfs"))


def test_a_ruled_table_becomes_rows_of_tab_separated_cells(pdf_dir: str) -> None:
    doc = read_document(_rendered(True, pdf_dir))
    lines = doc.text.splitlines()
    # a header cell wrapped over two lines inside its cell is one header; blank cells stay blank
    assert "项目\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t其他收入" in lines
    assert "合计\t\t3,006.00\t3,000.00\t\t\t6.00" in lines
    # a label wrapped inside its cell stays in its row
    assert "2080501\t机关事业单位基本养老保险缴费支出\t100.20\t100.00\t\t\t0.20" in lines


def test_a_table_continued_on_the_next_page_is_one_table_without_its_repeated_header(pdf_dir: str) -> None:
    path = _rendered(True, pdf_dir)
    doc = read_document(path)
    assert len(doc.provenance.pages) >= 2
    assert doc.text.count("功能分类科目编码") == 1  # the header printed again on page 2 is skipped
    src = ingest(path)
    [table] = segment(normalize(src), src.doc_id).tables
    codes = [r.cells[0].text for r in table.rows if r.cells and r.cells[0].text.startswith("20805")]
    assert len(codes) == 30 and codes[-1] == "2080530"


def test_page_numbers_and_running_headers_never_become_rows_or_prose(pdf_dir: str) -> None:
    doc = read_document(_rendered(True, pdf_dir))
    lines = [ln.strip() for ln in doc.text.splitlines()]
    assert not any(ln.startswith("- ") and ln.endswith(" -") for ln in lines)
    assert lines.count("某某局部门决算") <= 1  # the first page's running header may stay, the repeats go


def test_a_ruled_table_reads_whole(pdf_dir: str) -> None:
    res = process(_rendered(True, pdf_dir))
    got = {(f.row, f.col): f.value for f in res.facts if f.table == "income"}
    assert got[("合计", "其他收入")] == "6.00"
    assert got[("2080530", "财政拨款收入")] == "100.00"
    assert got[("2080530", "其他收入")] == "0.20"
    assert not any(col in ("上级补助收入", "事业收入") for _, col in got)
    assert len(got) == 3 * 32


def test_a_three_line_table_is_read_from_its_text_lines_and_never_guessed(pdf_dir: str) -> None:
    # no vertical rules: the rows come from the text lines, the columns from the identities — here nothing
    # (no table 01 to anchor it) tells 其他收入 from 上级补助收入 or 事业收入, so those numbers are reported
    res = process(_rendered(False, pdf_dir))
    got = {(f.row, f.col): f.value for f in res.facts if f.table == "income"}
    assert got[("合计", "本年收入合计")] == "3006.00" and got[("2080530", "本年收入合计")] == "100.20"
    assert all(col == "本年收入合计" for _, col in got)
    ambiguous = [u for u in res.extraction.unread if u.table == "income" and "ambiguous" in u.reason]
    assert {u.claim for u in ambiguous} >= {"3000.00", "6.00", "100.00", "0.20"}


def test_every_value_points_at_the_cell_it_was_read_from(pdf_dir: str) -> None:
    path = _rendered(True, pdf_dir)
    res = process(path)
    prov = res.source.ocr
    assert prov is not None
    for f in res.facts:
        runs = prov.runs_in(*f.span)  # type: ignore[misc]
        assert runs, f
        assert all(r.page >= 1 for r in runs)


@pytest.mark.parametrize("name", ["shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024"])
def test_published_pdfs_rebuild_their_tables(name: str) -> None:
    doc = read_document(CORPUS / f"{name}.pdf")
    text = doc.text
    assert "\t" in text
    # wrapped header cells of the income table read whole, as the page prints them
    assert "本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入\t其他收入" in text
    # the 三公 table's item header over its 预算数/决算数 columns
    assert "预算数\t决算数\t预算数\t决算数" in text
    assert all(p.method == "text-layer" for p in doc.provenance.pages)


def test_blank_pages_with_a_frame_are_not_sent_to_ocr() -> None:
    # czj's page 14 draws an empty table frame and no text: nothing to read, no OCR
    doc = read_document(CORPUS / "shanghai_putuo_czj_2024.pdf")
    assert doc.encoding == "pdf-text"
