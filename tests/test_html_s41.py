"""HTML tables (forty-first stop): what table-structure converters (MinerU, PP-Structure, a Word or cloud-OCR
HTML export) hand users — each row a ``<tr>``, each cell a ``<td>``, merged cells as ``rowspan`` / ``colspan``.

The tags were dropped whole, as other markup is, so a row's cells ran into one word (``208社会保障和就业支出
754.75754.75``): both corpus reports so converted read at table F1 0.316, precision 0.856. Now each row is a line
of tab-separated cells, with a blank cell for each column a merged cell covers, and read as a grid.
``eval/corpus/text/html`` holds both reports as ``eval/corpus/convert.py`` converts them (pdfplumber's cell
boxes, one table per line); the seeds' tab text written as HTML is a second, independent layout."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.evaluate import score
from extractor.export import load_facts
from extractor.normalize import normalize, reads_as
from extractor.pipeline import process
from tests.test_ocr_s18 import CZJ, GHZY, ROOT

HTML = ROOT / "eval" / "corpus" / "text" / "html"
GOLDEN = ROOT / "eval" / "golden"
SEEDS = ROOT / "eval" / "seeds"


def _as_html(tab_text: str) -> str:
    """A converter's tab text as an HTML export of it: each tab line a ``<tr>`` of ``<td>``, runs of them one
    ``<table>``, every other line a ``<p>``."""
    out, rows = ["<html><body>"], []
    for line in [*tab_text.splitlines(), ""]:
        if "\t" in line:
            rows.append("<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
            rows = []
        out.append(f"<p>{html.escape(line)}</p>" if line.strip() else "")
    return "\n".join([*out, "</body></html>"]) + "\n"


def _pretty(text: str) -> str:
    """The same HTML pretty-printed, as an editor saves it: every tag of a table on a line of its own, indented."""
    text = re.sub(r"(<t[dh][^>]*>)(.*?)(</t[dh]>)", r"\n    \1\n      \2\n    \3", text)
    return text.replace("<tr>", "\n  <tr>").replace("</tr>", "\n  </tr>").replace("<table>", '<table border="1">\n')


def _facts(path: Path) -> dict[tuple[str, str, str], str]:
    return {(f.table, f.row, f.col): f.value for f in process(path).facts}


def read_every_value(path: Path, doc: str, out: Path) -> dict[str, str]:
    """Extract a converted corpus report with the CLI; assert it reads exactly the golden facts, each span reading
    as its value in the file; return the run's table coverage."""
    result = CliRunner().invoke(app, ["extract", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    facts = load_facts(out)
    s = score(facts, load_facts(GOLDEN / "corpus"), docs={doc})
    assert (s.overall.precision, s.overall.recall) == (1.0, 1.0), (s.wrong, s.missing, s.spurious)
    text = path.read_text(encoding="utf-8")
    assert all(reads_as(text[f.span[0] : f.span[1]], f.value) for f in facts if f.span)
    tables: dict[str, str] = json.loads((out / "run.json").read_text(encoding="utf-8"))["inputs"][0]["coverage"][
        "tables"
    ]
    return tables


@pytest.mark.parametrize("doc", [CZJ, GHZY])
def test_corpus_reports_converted_to_html_read_every_value(tmp_path: Path, doc: str) -> None:
    assert read_every_value(HTML / f"{doc}.html", doc, tmp_path / "out")["general_budget"] == "read"


def test_merged_header_cells_leave_each_figure_under_its_column() -> None:
    # ghzy's table 02: ``<td colspan="2">项目</td><td rowspan="2">本年收入合计</td>…`` over ``<td>功能分类科目编码</td>
    # <td>科目名称</td>``, then ``<td colspan="2">合计</td><td>9746.50</td>…``: the 合计 row's figure is its third
    # cell's, as the header's third column is 本年收入合计
    got = _facts(HTML / f"{GHZY}.html")
    assert got[("income", "合计", "本年收入合计")] == "9746.50"
    assert got[("income", "208", "财政拨款收入")] == "754.75"
    assert ("income", "208", "上级补助收入") not in got
    assert got[("general_budget", "212", "基本支出")] == "1572.70"


def test_pretty_printed_html_reads_as_the_one_line_html(tmp_path: Path) -> None:
    path = tmp_path / f"{CZJ}.html"
    path.write_text(_pretty((HTML / f"{CZJ}.html").read_text(encoding="utf-8")), encoding="utf-8")
    assert path.read_text(encoding="utf-8").count("\n") > 2000
    assert _facts(path) == _facts(HTML / f"{CZJ}.html")


@pytest.mark.parametrize("seed", ["000_d2cac5324267c124", "002_846b8c47d01900a7"])
def test_a_converters_tab_text_written_as_html_reads_as_the_tab_text(tmp_path: Path, seed: str) -> None:
    path = tmp_path / f"{seed}.html"
    path.write_text(_as_html((SEEDS / f"{seed}.txt").read_text(encoding="utf-8")), encoding="utf-8")
    tables = {k: v for k, v in _facts(SEEDS / f"{seed}.txt").items() if k[0] not in ("narrative", "performance")}
    got = _facts(path)
    assert {k: got.get(k) for k in tables} == tables


def test_html_cells_keep_their_spans_and_merged_cells_their_place() -> None:
    raw = (
        '<table><tr><td rowspan="2">项目</td><td colspan="2">支出</td></tr><tr><td>基本</td><td>项目</td></tr>'
        "<tr><td>合计</td><td>1,903.01</td><td></td></tr></table><p>&quot;三公&quot;经费</p>"
    )
    t = normalize(raw)
    lines = t.clean.strip("\n").split("\n")
    assert lines[:3] == ["项目\t支出\t", "\t基本\t项目", "合计\t1903.01\t"]  # covered columns: blank cells
    assert '"三公"经费' in t.clean
    start = t.clean.index("1903.01")
    s, e = t.span(start, start + len("1903.01"))
    assert raw[s:e] == "1,903.01"
