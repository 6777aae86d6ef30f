"""An ordinal printed as a box of its own, with its 、 (``二、`` / ``政府性基金预算财政拨`` / ``款``), starts its row.

Rows rebuilt from RapidOCR's boxes of czj's heavy scan (draw I) print table 04's 年初财政拨款结转和结余 funds
as ``一般公共预算财政拨款 21.63`` / ``一、`` / ``二、 政府性基金预算财政拨`` / ``款``: the bare ``二`` started a row,
``二、`` did not, so the fund's name ran into the row above and table 04's last rows had no room for their figures —
7 of 19 read, 本年收入合计 read 21.63 (年末's) and 抗疫特别国债安排的支出 2940.05 (本年支出合计's). Tables 01–05 as the
rows were rebuilt, committed as written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data" / "bare_ordinal_s11"
CZJ = "shanghai_putuo_czj_2024"


def test_table_04s_last_rows_read_when_an_ordinal_box_stands_alone(tmp_path: Path) -> None:
    path = tmp_path / f"{CZJ}.txt"
    shutil.copy(DATA / "I_rows_czj_heavy_01_05.txt", path)
    fiscal = {"fiscal_summary"}
    read, gold = _read(process(path), fiscal), _golden(CZJ, fiscal)
    assert read == gold
