"""A row code misread beyond a few digits, printed right under its parent: the one code of its name under it.

Seed 003's table 02 as RapidOCR printed it from the light scan of draw K: ``2089`` / ``其他社会保障和就业支出`` (read
as 20899 by its name) then ``269`` / ``其他社会保障和就业支出`` — a name 20899 and its 项 2089999 share, digits too
far from either for a misreading. Right under 20899, printed as one group of no more digits than the code, its
first as printed, it is 2089999: the 208 group's identities close, and its rows' columns are placed (table 02
37 → 46 of 46). The second document: seed 002's table 03 on draw J, ``2680989 其他科技交流与合作支出`` under
``20608 科技交流与合作`` (2060899). Both texts committed as the engine printed them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import DocResult, process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data"


def _run(tmp_path: Path, name: str, doc: str, tables: set[str]) -> tuple[dict, dict, DocResult]:
    path = tmp_path / f"{doc}.txt"
    shutil.copy(DATA / name, path)
    res = process(path)
    return _read(res, tables), _golden(doc, tables), res


def test_a_code_far_from_its_print_right_under_its_parent(tmp_path: Path) -> None:
    doc, tables = "003_9ee8868df83b9797", {"income"}
    read, gold, res = _run(tmp_path, "code_under_parent_s13/K_rapidocr_seed003_light.txt", doc, tables)
    assert read == gold
    assert read[("income", "2089999", "本年收入合计")] == "0.98"
    notes = [u.reason for u in res.extraction.unread if u.what == "income/2089999"]
    assert notes and "printed '269'" in notes[0]


def test_second_document(tmp_path: Path) -> None:
    doc, tables = "002_846b8c47d01900a7", {"expenditure"}
    read, gold, _ = _run(tmp_path, "lost_figure_s13/J_rapidocr_seed002_light.txt", doc, tables)
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert read[("expenditure", "2060899", "本年支出合计")] == "1.08"


def test_figures_before_a_code_are_not_taken_into_it(tmp_path: Path) -> None:
    """tesseract's ``2 11066 | |`` (20106's damaged figures) then ``06 | 01 | 行政运行``: the code is ``06 01`` under
    20106, not ``2110660601`` — a group of more digits than the code, or several groups, is no such misreading."""
    path = tmp_path / "czj.txt"
    shutil.copy(DATA / "tesseract_gaps" / "czj_b_tables_01_04.txt", path)
    notes = [u.reason for u in process(path).extraction.unread if u.what == "expenditure/2010601"]
    assert notes and "printed '0601'" in notes[0]
