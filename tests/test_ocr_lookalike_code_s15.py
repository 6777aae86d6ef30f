"""A split code's part printed with a letter for a digit (``302 I0 办公费``) is still a code part.

czj's table 05 as RapidOCR printed it from the light scan of draw M (held out when it was drawn and scored;
committed as the engine printed it): 办公费's 款 ``01`` came out as ``I0``, which the tokenizer cut into a word
``I`` and a digit ``0``. The row lost its code, the rows after it were paired a line off, and the table read 15
of 29 values. ``I0`` right after a 类 is now one two-digit part (``10``, as draw L's rendering printed it), the
row is read by its name as any misread part is, and the table reads whole.

Only czj, of the samples, prints codes split over 类 | 款 | 项 cells; tesseract's heavy scan of draw F printed
the same report's ``302 | o7 | 邮电费`` (tests/data/tesseract_s9), whose part is now ``07`` too. A letter that
follows no code is left a word: seed 000's title ``公开 o7 表`` on draw K is still its title.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data"
CZJ = "shanghai_putuo_czj_2024"


def test_a_code_part_with_a_letter_for_a_digit_keeps_its_row(tmp_path: Path) -> None:
    path = tmp_path / f"{CZJ}.txt"
    shutil.copy(DATA / "lookalike_code_s15" / "M_rapidocr_czj_light.txt", path)
    res = process(path)
    read, gold = _read(res, {"basic_by_economic"}), _golden(CZJ, {"basic_by_economic"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    assert len(read) == len(gold) == 29  # was 15
    assert read[("basic_by_economic", "30201", "决算数")] == "21.21"  # 办公费, printed ``302 I0``
    assert read[("basic_by_economic", "30101", "决算数")] == "262.33"
