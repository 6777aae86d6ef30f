"""A row's name wrapped over two lines with its split code wrapped the same way: one row, not two.

czj's table 02 as rows rebuilt from RapidOCR's boxes of the light scan of draw K: ``208 机关事业单位基本养老保险`` /
``05 05 缴费支出 160.75 160.75``. The first line reads as 2080505 by its name; the second's ``05 05`` is the rest of
that code, printed under the wrapped name before the row's figures — read as a row of unreadable code, it took
away the 208 group's and 合计's identities, and every row's second figure was left between five columns (24
values). The second document is ghzy's table 02 from rows rebuilt on draw J, its ``2080505`` row printed the same
way (one edit: ghzy's template prints whole codes). Both texts committed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data" / "code_tail_below_s13"
TABLE = {"income"}


def _check(tmp_path: Path, name: str, doc: str, row: str, value: str) -> None:
    path = tmp_path / f"{doc}.txt"
    shutil.copy(DATA / name, path)
    read, gold = _read(process(path), TABLE), _golden(doc, TABLE)
    assert read == gold  # every value of table 02, none wrong
    assert read[("income", row, "本年收入合计")] == value


def test_the_code_tail_under_a_wrapped_name_is_the_same_row(tmp_path: Path) -> None:
    _check(tmp_path, "K_rows_czj_light.txt", "shanghai_putuo_czj_2024", "2080505", "160.75")


def test_second_document(tmp_path: Path) -> None:
    _check(tmp_path, "J_rows_ghzy_light_split_code.txt", "shanghai_putuo_ghzy_2024", "2080505", "446.11")
