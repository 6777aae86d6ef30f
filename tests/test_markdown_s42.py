"""Markdown pipe tables (forty-second stop): what docling, marker and pandoc hand users who convert a report to
markdown — each row ``| cell | cell |``, a delimiter row ``|---|---|`` under the first, a merged cell either left
empty or (docling) its text repeated in every cell it covers.

The bars were folded into spaces as tesseract's ruling-line bars are, so a row became runs of spaces as wide as
its cells' text, not as its columns: seed 003 so written read its wide 三公 table not at all and one 三公 figure
wrong (table F1 0.967); czj's 三公 table lost a figure; docling's repeated ``| 合计 | 合计 |`` would have read as the
label ``合计合计``. Now a pipe table (one with a delimiter row) becomes the tab grid an HTML table becomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.normalize import normalize
from extractor.pipeline import process
from tests.test_html_s41 import read_every_value
from tests.test_ocr_s18 import CZJ, GHZY, ROOT

MARKDOWN = ROOT / "eval" / "corpus" / "text" / "markdown"
GOLDEN = ROOT / "eval" / "golden"
SEEDS = ROOT / "eval" / "seeds"


def _as_markdown(tab_text: str, repeat: bool = False) -> str:
    """A converter's tab text as a markdown export of it: each run of tab lines one pipe table, a delimiter row
    under its first line; ``repeat``: an empty cell after a label repeats it, as docling repeats a merged cell."""
    out: list[str] = []
    in_table = False
    for line in tab_text.splitlines():
        if "\t" not in line:
            out += ["", line] if in_table else [line]
            in_table = False
            continue
        cells = [c.strip() for c in line.split("\t")]
        if repeat:
            for i in range(1, len(cells)):
                if not cells[i] and cells[i - 1] and not any(ch.isdigit() for ch in cells[i - 1]):
                    cells[i] = cells[i - 1]
        out.append("| " + " | ".join(cells) + " |")
        if not in_table:
            out.append("|" + "---|" * len(cells))
        in_table = True
    return "\n".join(out) + "\n"


def _facts(path: Path) -> dict[tuple[str, str, str], str]:
    return {(f.table, f.row, f.col): f.value for f in process(path).facts}


@pytest.mark.parametrize("doc", [CZJ, GHZY])
def test_corpus_reports_converted_to_markdown_read_every_value(tmp_path: Path, doc: str) -> None:
    assert read_every_value(MARKDOWN / f"{doc}.md", doc, tmp_path / "out")["three_public"] == "read"


@pytest.mark.parametrize("repeat", [False, True], ids=["blank-merges", "repeated-merges"])
@pytest.mark.parametrize("seed", ["000", "002", "003"])
def test_seed_tables_written_as_pipe_tables_read_as_the_tab_text(tmp_path: Path, seed: str, repeat: bool) -> None:
    src = next(SEEDS.glob(f"{seed}_*.txt"))
    md = tmp_path / f"{src.stem}.md"
    md.write_text(_as_markdown(src.read_text(encoding="utf-8"), repeat), encoding="utf-8")
    expected = {k: v for k, v in _facts(src).items() if k[0] not in ("narrative", "performance")}
    got = {k: v for k, v in _facts(md).items() if k[0] not in ("narrative", "performance")}
    assert got == expected


def test_a_repeated_label_is_one_merged_cell_and_a_repeated_figure_two_figures() -> None:
    text = "| 项目 | 项目 | 金额 | 金额 |\n|---|:-:|--:|---|\n| 合计 | 合计 | 9,746.50 | 9,746.50 |\n"
    clean = normalize(text)
    lines = clean.clean.split("\n")
    assert lines[0].split("\t") == ["项目", "", "金额", ""]
    assert lines[1].split("\t") == ["合计", "", "9746.50", "9746.50"]
    # every character left points at itself in the file: the second 9,746.50 keeps its own span
    second = clean.clean.rindex("9746.50")
    start, end = clean.span(second, second + len("9746.50"))
    assert text[start:end] == "9,746.50" and start == text.rindex("9,746.50")


def test_bars_without_a_delimiter_row_stay_ruling_residue() -> None:
    # tesseract prints a table's ruling lines as bars at both ends of its lines: no delimiter row, no grid — the
    # bars become spaces and the line is read by its layout, as before
    text = "| 206 | 科学技术支出 | 1,550.75 |\n| 20601 | 科学技术管理事务 | 310.00 |\n"
    clean = normalize(text).clean
    assert "\t" not in clean and clean.split("\n")[0].split() == ["206", "科学技术支出", "1550.75"]
