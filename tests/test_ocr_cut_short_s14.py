"""A figure the OCR cut short after a gap behind its point (``28. 1`` for 28.11) is damaged, not a clean figure.

ghzy's tables on tesseract's scans of draw L (held out when drawn; committed as the engine printed them). The
light scan prints 事业单位离退休 in table 02 as ``28. 11  28. 1``: read as printed, 28.1 was the row's
财政拨款收入, and the column sums — which allow a cent or two of rounding — took 28.10 for 28.11. The heavy scan
prints 机关事业单位基本养老保险缴费 as ``446. 1`` in table 03, 机关事业单位基本养老保险缴费 (30108) as ``446. 8``
and 其他交通费用 (30239) as ``了3. 5`` in table 06: three wrong values no identity checked. A figure of a table
that prints cents, printed with one decimal after a gap, stands now only where an identity holds to the cent;
seed 000's own ``130.6`` (no gap: the report's truncation, kept in the golden file) reads as before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.pipeline import process
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data"
GHZY = "shanghai_putuo_ghzy_2024"
TABLES = {"income", "expenditure", "basic_by_economic"}


def _values(tmp_path: Path, name: str) -> dict[tuple[str, str, str], str]:
    path = tmp_path / f"{GHZY}.txt"
    shutil.copy(DATA / "cut_short_s14" / name, path)
    return _read(process(path), TABLES)


def test_a_figure_cut_short_is_not_confirmed_by_rounding(tmp_path: Path) -> None:
    read = _values(tmp_path, "L_tesseract_ghzy_light.txt")
    gold = _golden(GHZY, TABLES)
    assert ("income", "2080502", "财政拨款收入") not in read  # (was 28.1 — then 28.10 — for 28.11)
    assert read[("income", "2080502", "本年收入合计")] == "28.11"  # (``28. 11``: two decimals, clean)
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}


def test_figures_cut_short_in_a_second_scan_are_not_read(tmp_path: Path) -> None:
    read = _values(tmp_path, "L_tesseract_ghzy_heavy.txt")
    for key in (
        ("expenditure", "2080505", "本年支出合计"),  # 446. 1
        ("basic_by_economic", "30108", "决算数"),  # 446. 8
        ("basic_by_economic", "30239", "决算数"),  # 了3. 5
    ):
        assert key not in read


def test_a_report_printing_one_decimal_itself_still_reads_it() -> None:
    seeds = Path(__file__).resolve().parent.parent / "eval" / "seeds"
    path = next(seeds.glob("000_*.txt"))
    read = _read(process(path), {"basic_by_economic"})
    assert read[("basic_by_economic", "公用经费合计", "决算数")] == "130.6"
