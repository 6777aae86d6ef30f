"""Rows of a code table whose code OCR lost: commas read off the ruling are no prose, and a lone junk character
before a row's name is no label.

tesseract reads a table's ruling as commas around a damaged cell (``人      ，    机关事业单位基本养老保险缴        1
，``, czj's table 03 on the light scan of draw I): taken for a clause of prose, the line ended the table and every
row below it (210, 221 and their children) was lost. A lost code printed as one character of junk (``人  住房改革支出
461. 08`` for 22102, ghzy's table 05 on an earlier heavy scan; ``人 ， 机关事业单位…`` in czj's) hid the row's name
from the reading by name. Excerpts of the two texts, committed as written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import DocResult, process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data"
CZJ, GHZY = "shanghai_putuo_czj_2024", "shanghai_putuo_ghzy_2024"


def _process(tmp_path: Path, source: Path, doc: str) -> DocResult:
    path = tmp_path / f"{doc}.txt"
    shutil.copy(source, path)
    return process(path)


def test_commas_off_the_ruling_do_not_end_the_table(tmp_path: Path) -> None:
    """The rows below the comma line are read, each at its golden value, and nothing is read wrong."""
    res = _process(tmp_path, DATA / "lost_code_s11" / "I_tesseract_czj_light_03.txt", CZJ)
    read, gold = _read(res, {"expenditure"}), _golden(CZJ, {"expenditure"})
    assert {k: v for k, v in read.items() if gold[k] != v} == {}
    rows = {row for _, row, _ in read}
    assert {"210", "21011", "2101101", "221", "22102", "2210201", "2210203"} <= rows


def test_a_lost_code_read_as_one_junk_character_leaves_the_row_read_by_name(tmp_path: Path) -> None:
    """``人  住房改革支出  461. 08``: 22102 (and its 类 221, whose sum it closes) are read."""
    res = _process(tmp_path, DATA / "titles_headless" / "tesseract_ghzy_heavy_07.txt", GHZY)
    read, gold = _read(res, {"general_budget"}), _golden(GHZY, {"general_budget"})
    assert {k: v for k, v in read.items() if gold[k] != v} == {}
    assert (
        read[("general_budget", "22102", "合计")]
        == read[("general_budget", "221", "合计")]
        == gold[("general_budget", "22102", "合计")]
    )
