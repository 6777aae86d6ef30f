"""Word and Excel reports (forty-second stop): departments publish their 部门决算 as .docx documents and as workbooks
with one sheet per table (.xlsx, and .xls from older offices). They were refused ("a zip archive …, save the report as
PDF or text"). Now their text is rebuilt as the seeds' tab text — paragraphs a line, a table row a line of
tab-separated cells, a merged cell's text once with a blank cell for each other cell it covers, numbers as their
cells' formats show them — and written beside the facts as ``<stem>.ocr.txt``, the text every span points into.

``eval/corpus/office`` holds both corpus reports as ``eval/corpus/convert.py`` writes them (python-docx, openpyxl,
xlwt: merged cells merged, figures as numbers formatted ``#,##0.00`` in the workbooks); the seeds' tab text written
as a Word document and as a workbook here is a second, independent layout."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.errors import InputError
from extractor.evaluate import score
from extractor.export import load_facts
from extractor.ingest import ingest
from extractor.normalize import reads_as
from extractor.pipeline import process
from tests.test_ocr_s18 import CZJ, GHZY, ROOT

OFFICE = ROOT / "eval" / "corpus" / "office"
GOLDEN = ROOT / "eval" / "golden"
SEEDS = ROOT / "eval" / "seeds"
PROSE = ("narrative", "performance")


def _facts(path: Path, tables_only: bool = False) -> set[tuple[str, str, str, str]]:
    return {(f.table, f.row, f.col, f.value) for f in process(path).facts if not (tables_only and f.table in PROSE)}


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".xls"])
@pytest.mark.parametrize("doc", [CZJ, GHZY])
def test_corpus_reports_as_office_files_read_every_value(tmp_path: Path, doc: str, suffix: str) -> None:
    path = OFFICE / f"{doc}{suffix}"
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    facts = load_facts(out)
    golden = [f for f in load_facts(GOLDEN / "corpus") if suffix == ".docx" or f.table not in PROSE]
    s = score(facts, golden, docs={doc})
    assert (s.overall.precision, s.overall.recall) == (1.0, 1.0), (s.wrong, s.missing, s.spurious)
    # the rebuilt text is written beside the facts, and every span reads as its value there
    text = (out / f"{doc}.ocr.txt").read_text(encoding="utf-8")
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in facts if f.span)
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["inputs"][0]["encoding"] == suffix[1:]


def test_a_workbook_shows_figures_as_their_cells_format_does() -> None:
    text = ingest(OFFICE / f"{CZJ}.xlsx").text
    # ``#,##0.00``: 2106.66 stored as a number is printed 2,106.66, and 10 as 10.00
    assert "201\t06\t01\t行政运行\t1,511.89\t1,503.52\t8.37" in text
    assert "\t10.00\t\t10.00" in text


def _seed_lines(seed: str) -> tuple[Path, list[str]]:
    src = next(SEEDS.glob(f"{seed}_*.txt"))
    return src, src.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("seed", ["000", "002", "003"])
def test_seed_as_a_word_document_reads_as_its_tab_text(tmp_path: Path, seed: str) -> None:
    src, lines = _seed_lines(seed)
    document = docx.Document()
    run: list[list[str]] = []
    for line in [*lines, ""]:
        if "\t" in line:
            run.append(line.split("\t"))
            continue
        if run:  # a run of tab lines: one Word table, as wide as its widest row
            table = document.add_table(rows=len(run), cols=max(len(r) for r in run))
            for r, cells in enumerate(run):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
            run = []
        document.add_paragraph(line)
    path = tmp_path / f"{src.stem}.docx"
    document.save(str(path))
    assert _facts(path) == _facts(src)


@pytest.mark.parametrize("seed", ["000", "002", "003"])
def test_seed_as_a_workbook_of_text_cells_reads_as_its_tab_text(tmp_path: Path, seed: str) -> None:
    # figures stored as text (``1, 903. 01`` as the seed prints it): what many published workbooks hold
    src, lines = _seed_lines(seed)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, line in enumerate(lines, 1):
        for c, cell in enumerate(line.split("\t"), 1):
            if cell.strip():
                sheet.cell(r, c, cell)
    path = tmp_path / f"{src.stem}.xlsx"
    book.save(str(path))
    assert _facts(path, tables_only=True) == _facts(src, tables_only=True)


def test_hidden_sheets_are_not_read_and_the_run_says_so(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(OFFICE / f"{GHZY}.xlsx")
    scratch = book.create_sheet("底稿")
    scratch["A1"] = "收入决算表"
    scratch["A2"] = "合计"
    scratch["B2"] = 1.0
    scratch.sheet_state = "hidden"
    path = tmp_path / "ghzy.xlsx"
    book.save(str(path))
    source = ingest(path)
    assert source.warnings == ("hidden sheets not read: 底稿",)
    assert "底稿" not in source.text and _facts(path, True) == _facts(OFFICE / f"{GHZY}.xlsx", True)


def test_a_general_format_number_is_written_without_float_noise(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(OFFICE / f"{CZJ}.xlsx")
    sheet = next(s for s in book.worksheets if s["A1"].value == "一般公共预算财政拨款支出决算表")
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 8.37)
    cell.value, cell.number_format = 8.370000000000001, "General"  # a formula's value as Excel stores it
    path = tmp_path / "czj.xlsx"
    book.save(str(path))
    assert "1,503.52\t8.37\n" in ingest(path).text
    assert ("general_budget", "2010601", "项目支出", "8.37") in _facts(path, True)


def test_a_legacy_word_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    # an OLE compound file whose directory names a WordDocument stream
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512))
    with pytest.raises(InputError, match=r"report\.doc: is a legacy Word file \(\.doc\).*save it as \.docx or PDF"):
        ingest(path)


def test_a_damaged_word_file_fails_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    data = (OFFICE / f"{CZJ}.docx").read_bytes()
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item, body[: len(body) // 2] if item.filename == "word/document.xml" else body)
    path = tmp_path / "czj.docx"
    path.write_bytes(broken.getvalue())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(path), "--out", str(out)])
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "czj.docx: is a damaged or unsupported .docx file" in errors[0], result.output
    assert not list(out.glob("czj*"))


def test_formulas_never_computed_are_named_in_the_run_not_read_silently_as_blank(tmp_path: Path) -> None:
    # a workbook written by a program (openpyxl here) holds formulas without the values a spreadsheet computes
    book = openpyxl.load_workbook(OFFICE / f"{CZJ}.xlsx")
    sheet = next(s for s in book.worksheets if s["A1"].value == "一般公共预算财政拨款支出决算表")
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 8.37)
    cell.value = f"={cell.offset(0, -2).coordinate}-{cell.offset(0, -1).coordinate}"
    path = tmp_path / "czj.xlsx"
    book.save(str(path))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    warning = "1 formula cells carry no computed value (never recalculated): read as blank"
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["inputs"][0]["warnings"] == [warning]
    assert warning in result.output


def test_a_workbook_that_expands_beyond_reason_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    # a zip bomb with a workbook's names: 300 MiB of zeros compress to a few hundred KiB
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", bytes(300 << 20))
    with pytest.raises(InputError, match=r"bomb\.xlsx: is a \.xlsx file that expands to 300 MiB; over 256 MiB"):
        ingest(path)


def test_a_table_titled_only_by_its_sheet_name_is_found(tmp_path: Path) -> None:
    # many workbooks name each sheet after its table and print no title row: the sheet's name is its title
    book = openpyxl.load_workbook(OFFICE / f"{GHZY}.xlsx")
    renamed = []
    for sheet in book.worksheets:
        first = sheet["A1"]
        if isinstance(first.value, str) and first.value.strip().endswith(("决算表", "总表")):
            for merged in [m for m in sheet.merged_cells.ranges if m.min_row == 1]:
                sheet.unmerge_cells(str(merged))
            sheet.title, first.value = first.value.strip()[:31], None
            renamed.append(sheet.title)
    assert len(renamed) >= 8
    path = tmp_path / "ghzy.xlsx"
    book.save(str(path))
    assert _facts(path, True) == _facts(OFFICE / f"{GHZY}.xlsx", True)
