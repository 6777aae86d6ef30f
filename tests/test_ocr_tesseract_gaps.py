"""tesseract's plain text of light scans (draws of renderings read for the first time): what lent one row's
figures to another or cost whole tables, each kind on two documents. Every value read must be the golden one;
what the damage hides stays unread, never guessed.

The excerpts under ``tests/data/tesseract_gaps`` are tesseract's own text of a seed's or a corpus report's table;
the other texts are a seed's table printed as tesseract prints it with the same damage applied.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_tesseract_tables import S000, S002, _facts, _read, _text, _wrong

DATA = Path(__file__).resolve().parent / "data" / "tesseract_gaps"


def _excerpt(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# A row whose label the OCR lost lends its figures to the row above


def test_a_figure_after_the_next_rows_line_number_is_not_the_row_aboves(tmp_path: Path) -> None:
    """``年初结转和结余 29`` / ``30 61`` / ``31`` / ``851.17`` / ``总计``: the figure stands after 行次 31 (总计,
    its label printed after it), not in row 29's."""
    res = _read(tmp_path, S002, _excerpt("seed002_summary_label_lost.txt"))
    read = _facts(res, "summary")
    assert ("年初结转和结余", "金额") not in read
    assert read[("本年收入合计", "金额")] == "851.17"
    assert not _wrong(res, S002, "summary")
    assert any(u.claim == "851.17" and "行次" in u.reason for u in res.extraction.unread)


def test_figures_of_a_row_printed_without_its_labels_are_not_lent_to_the_row_above(tmp_path: Path) -> None:
    """Seed 000's 总计 row printed without its two labels (``31 1,903.01 62 1,903.01``): its figures are not
    年初结转和结余's or 年末结转和结余's."""
    text = _text(S000, "summary", cells={"总计": {0: "", 3: ""}}, gap="      ")
    res = _read(tmp_path, S000, text)
    read = _facts(res, "summary")
    assert ("年初结转和结余", "金额") not in read and ("年末结转和结余", "金额") not in read
    assert read[("本年收入合计", "金额")] == "1903.01"
    assert not _wrong(res, S000, "summary")
