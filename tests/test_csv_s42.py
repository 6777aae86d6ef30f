"""CSV reports and Windows line ends (forty-second stop).

A spreadsheet saved as CSV — one sheet per table as departments' Excel files hold them, or a whole report — was
read as prose: the commas between cells met the thousands-separator repair (``446.11,446.11`` is no number), and
the quotes around ``"1,903.01"`` stayed in the cells. Both corpus reports' tables as CSV sheets read at table F1
0.079 and 0.044; seed 000 as one CSV at 0.04, seed 002 with two values wrong. A ``.csv`` file now reads as the tab
text a spreadsheet copies. And a text saved with Windows line ends (CRLF, as every CSV Excel writes) lost seeds 001
and 004's 绩效自评 tables: the performance reader's lines ended at ``\\n`` only. The fixtures are tables of the
corpus reports as sheets (``tests/data/csv_s42``): ghzy's table 02 in GB18030 (Excel on a Chinese Windows), czj's
table 05 in UTF-8 with a BOM (Excel's "CSV UTF-8"), both with CRLF line ends."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.batch import collect_inputs
from extractor.cli import app
from extractor.errors import InputError
from extractor.evaluate import score
from extractor.export import load_facts
from extractor.ingest import Source, ingest
from extractor.normalize import normalize, reads_as
from extractor.pipeline import process
from tests.test_ocr_s18 import CZJ, GHZY, ROOT

DATA = ROOT / "tests" / "data" / "csv_s42"
GOLDEN = ROOT / "eval" / "golden"
SEEDS = ROOT / "eval" / "seeds"


def _facts(path: Path) -> set[tuple[str, str, str, str]]:
    return {(f.table, f.row, f.col, f.value) for f in process(path).facts}


@pytest.mark.parametrize(
    ("name", "doc", "table", "count"),
    [("ghzy_income_gbk.csv", GHZY, "income", 50), ("czj_general_budget_utf8bom.csv", CZJ, "general_budget", 44)],
)
def test_a_table_sheet_saved_as_csv_reads_every_value(
    tmp_path: Path, name: str, doc: str, table: str, count: int
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(DATA / name), "--out", str(out)])
    assert result.exit_code == 0, result.output
    facts = [f.model_copy(update={"doc": doc}) for f in load_facts(out)]
    golden = [f for f in load_facts(GOLDEN / "corpus") if f.doc == doc and f.table == table]
    s = score(facts, golden, docs={doc})
    assert (s.overall.precision, s.overall.recall, len(facts)) == (1.0, 1.0, count), (s.wrong, s.missing)
    # each span points at the figure as the sheet prints it, inside its quotes: "2,106.66" → 2,106.66
    text = ingest(DATA / name).text
    printed = {text[f.span[0] : f.span[1]] for f in facts if f.span}
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in facts if f.span)
    assert not any('"' in p for p in printed)
    if table == "general_budget":
        assert "2,106.66" in printed


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_a_whole_report_saved_as_csv_reads_as_its_tab_text(tmp_path: Path, seed: str) -> None:
    src = next(SEEDS.glob(f"{seed}_*.txt"))
    buf = io.StringIO()
    writer = csv.writer(buf)  # Excel's way: CRLF, a field with a comma or a quote in quotes
    for line in src.read_text(encoding="utf-8").split("\n"):
        writer.writerow(line.split("\t"))
    sheet = tmp_path / f"{src.stem}.csv"
    sheet.write_text(buf.getvalue(), encoding="utf-8", newline="")
    assert _facts(sheet) == _facts(src)


@pytest.mark.parametrize("seed", ["001", "004"])
def test_windows_line_ends_read_as_unix_ones(tmp_path: Path, seed: str) -> None:
    src = next(SEEDS.glob(f"{seed}_*.txt"))
    crlf = tmp_path / src.name
    crlf.write_bytes(src.read_bytes().replace(b"\n", b"\r\n"))
    expected = _facts(src)
    assert {f for f in expected if f[0] == "performance"}  # the 绩效自评 tables CRLF lost
    assert _facts(crlf) == expected


def test_quoted_fields_keep_their_text_and_their_offsets() -> None:
    text = '科目名称,决算数\r\n"机关事业单位基本养老保险缴\r\n费支出","1,903.01"\r\n"财政拨款""三公""经费",0.95\r\n'
    clean = normalize(_source(text, "sheet.csv"))  # normalize reads a Source's path for its suffix
    lines = clean.clean.split("\n")
    assert lines[1].split("\t") == ["机关事业单位基本养老保险缴 费支出", "1903.01"]
    assert lines[2].split("\t") == ['财政拨款"三公"经费', "0.95"]
    at = clean.clean.index("1903.01")
    assert clean.original_slice(at, at + 7) == "1,903.01"


def _source(text: str, name: str) -> Source:
    """A decoded source as ``ingest`` makes it, for a text that exists only in the test."""
    return Source(path=name, doc_id=Path(name).stem, text=text, encoding="utf-8", sha256="0" * 64)


@pytest.mark.parametrize("name", ["ghzy_income_gbk.csv", "czj_general_budget_utf8bom.csv"])
def test_a_report_csv_given_to_batch_says_how_to_read_it(name: str) -> None:
    # batch takes a .csv SOURCE for a manifest: a report sheet (GB18030, or UTF-8 without a `path` column) is
    # refused with the way to read it, not with a decoding error alone
    with pytest.raises(InputError, match=r"extractor extract.*--suffix \.csv"):
        collect_inputs([DATA / name])
