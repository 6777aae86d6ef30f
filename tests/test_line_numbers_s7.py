"""A summary's 行次 names the row of the figures printed after it — of either side, figure by figure.

Tables 01 and 04 number their lines (行次): the left side 1…K, the right side K+1…2K. OCR text printed box by box
puts a figure after the 行次 of the row it stands in, which is not always the label just before it: a figure
after the *other* side's 行次 (``二十六、抗疫特别国债安排的支出 57 27 741.64``: 27 is the left side's
本年收入合计) is no figure of the row before it, and of two figures after a label, the second may follow the next
row's 行次 (``八、社会保障和就业支出 39 168.39 40 31.83``). Each excerpt is an engine's real text of a development
rendering (committed as written), of a different report; nothing may be read wrong, every value at its print.
"""

from __future__ import annotations

from pathlib import Path

from extractor.pipeline import DocResult
from tests.test_ocr_skew_rows import S000, S002, S003, _read_right, _run

DATA = Path(__file__).resolve().parent / "data" / "line_numbers_s7"
SUMMARY = {"summary"}


def _extract(tmp_path: Path, doc: str, name: str) -> tuple[str, DocResult]:
    text = (DATA / name).read_text(encoding="utf-8")
    return text, _run(tmp_path, doc, text)


def _unread(res: DocResult, claim: str) -> list[str]:
    return [u.reason for u in res.extraction.unread if u.claim == claim and u.table in SUMMARY]


def test_a_figure_after_the_other_sides_line_number_is_not_the_rows(tmp_path: Path) -> None:
    """003, RapidOCR plain text of a heavy scan: 741.64 printed after 抗疫's 行次 57 and the left side's 27 is
    本年收入合计's, not 抗疫特别国债安排的支出's (which printed nothing); and 31.83 after 行次 40 is row 九
    卫生健康支出's, not 社会保障和就业支出's. The right side now holds: its rows are read, none wrong."""
    text, res = _extract(tmp_path, S003, "rapidocr_seed003_heavy_01.txt")
    read = _read_right(res, text, S003, SUMMARY, 0.3)
    assert ("summary", "抗疫特别国债安排的支出", "金额") not in read
    assert read[("summary", "卫生健康支出", "金额")] == "31.83"
    assert read[("summary", "本年支出合计", "金额")] == "741.64"
    assert any("行次 27" in why for why in _unread(res, "741.64"))


def test_a_row_of_no_ordinal_does_not_take_the_other_sides_figure(tmp_path: Path) -> None:
    """000, rows rebuilt from a heavy scan: ``七、附属单位上缴收入 37 1,550.75`` — 37 is the right side's
    科学技术支出 (31 + 6), so 1,550.75 is not 附属单位上缴收入's (it was read there, wrong); and
    ``使用非财政拨款结余 58 1,903.01`` — 58 is the right side's 本年支出合计, not 使用非财政拨款结余's. The left side
    then holds and is read."""
    text, res = _extract(tmp_path, S000, "rapidocr_rows_seed000_heavy_01.txt")
    read = _read_right(res, text, S000, SUMMARY, 0.1)
    assert ("summary", "附属单位上缴收入", "金额") not in read
    assert ("summary", "使用非财政拨款结余", "金额") not in read
    assert read[("summary", "本年收入合计", "金额")] == "1903.01"


def test_a_misread_line_number_or_a_garbled_figure_moves_nothing(tmp_path: Path) -> None:
    """002, tesseract text of a light scan, table 04: ``十九、住房保障支出 5 | .6157 61.57`` — 5 is the row's own
    行次 51 with a digit lost, not the left side's 5; ``本年支出合计 邓|8g.17|1 851.17`` — 8 and 17 are pieces of
    a garbled figure, not 行次. The table reads as before, every class row with it."""
    text, res = _extract(tmp_path, S002, "tesseract_seed002_light_04.txt")
    read = _read_right(res, text, S002, {"fiscal_summary"}, 0.5)
    assert read[("fiscal_summary", "住房保障支出", "合计")] == "61.57"
    assert read[("fiscal_summary", "科学技术支出", "合计")] == "619.33"
