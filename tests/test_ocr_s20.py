"""A misread row code read back by the name printed before it (twentieth stop).

Where a text prints each cell on a line of its own, a wrapped name's first line stands above its code and the
figures follow the code: the name after the code is no evidence then, the name before it is. ``tests/data/
damaged_s20`` holds RapidOCR's own text of ghzy's report from two renderings of ``eval/bench_ocr_text.py`` (draws
S and T: held out when drawn and scored at the nineteenth stop, committed as the engine printed them). Every value
read must be the golden one.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ocr_s18 import GHZY, ROOT, _cell, _read_right

DATA = ROOT / "tests" / "data" / "damaged_s20"


def _repairs(res: object) -> dict[str, str]:
    """Row code → the reason ``<stem>.json`` gives for reading it so, for table 04's repaired codes."""
    unread = res.extraction.model_dump(mode="json")["unread"]  # type: ignore[attr-defined]
    return {u["what"].split("/")[1]: u["reason"] for u in unread if u["what"].startswith("general_budget/")}


def test_codes_misread_under_a_name_printed_above_them_are_read_by_that_name(tmp_path: Path) -> None:
    # ghzy's table 04, RapidOCR heavy (draw S): ``自然资源事务`` / ``201`` / ``4461.67`` — 22001 with two digits lost,
    # a 类 code out of order after 220 — and ``行政单位医疗`` / ``210101`` / ``40.35`` (2101101, a digit lost). Read as
    # printed, 201 took 220's figures and 220, 22001, 2200150, 2200199 and 2101101 stayed unread (44 of 59)
    text = (DATA / "S_rapidocr_heavy_ghzy.txt").read_text(encoding="utf-8")
    res, read, gold = _read_right(tmp_path, GHZY, text, "general_budget")
    assert read == gold
    assert not [f for f in res.facts if f.table == "general_budget" and f.row == "201"]
    repairs = _repairs(res)
    assert "'201' read as 22001" in repairs["22001"] and "'210101' read as 2101101" in repairs["2101101"]
    assert _cell(res, "general_budget", "22001", "合计")["value"] == "4461.67"


def test_another_rendering_with_other_codes_damaged_the_same_way(tmp_path: Path) -> None:
    # draw T's rendering of the same table, its codes printed whole: damaged by hand where a name stands above its
    # code — 2120101 a digit short (``212011``) under ``行政运行``, 22001 a digit short too (``2201``)
    text = (DATA / "T_rapidocr_heavy_ghzy.txt").read_text(encoding="utf-8")
    start = text.index("般公共预算财政拨款支出决算表")
    body = text[start:]
    assert "\n行政运行\n2120101\n1092.80" in body and "\n自然资源事务\n22001\n4461.67" in body
    body = body.replace("\n行政运行\n2120101\n", "\n行政运行\n212011\n", 1)
    body = body.replace("\n自然资源事务\n22001\n", "\n自然资源事务\n2201\n", 1)
    res, read, _gold = _read_right(tmp_path, GHZY, text[:start] + body, "general_budget")
    assert read[("general_budget", "2120101", "合计")] == "1092.80"
    assert read[("general_budget", "22001", "项目支出")] == "2122.09"
    assert set(_repairs(res)) >= {"2120101", "22001"}


def test_a_code_in_order_keeps_its_print_whatever_name_stands_above_it(tmp_path: Path) -> None:
    # the guard: a whole code in code order is read as printed even with another code's name right above it (the
    # tail of a wrapped name may be any words) — 2101102 under ``行政单位医疗`` stays 2101102, not 2101101
    text = (DATA / "T_rapidocr_heavy_ghzy.txt").read_text(encoding="utf-8")
    start = text.index("般公共预算财政拨款支出决算表")
    body = text[start:].replace("\n事业单位医疗\n2101102\n", "\n行政单位医疗\n2101102\n", 1)
    res, read, _gold = _read_right(tmp_path, GHZY, text[:start] + body, "general_budget")
    assert read[("general_budget", "2101102", "合计")] == "196.29"
    assert "2101102" not in _repairs(res)


def test_a_name_that_just_opened_a_row_is_no_evidence_for_the_code_after_it(tmp_path: Path) -> None:
    # tesseract's text of ghzy's table 04 (draw L): ``城乡社区规划`` opens 21202's row (its code lost), then
    # ``202 2 2739. 2250. 8`` — that row's figures damaged. The name is 21202's label, so it does not turn 202 into
    # 2120201 (a second 2120201 the real one would lose to): 212, 21201 and 2120201 read as before
    text = (ROOT / "tests" / "data" / "cut_short_s14" / "L_tesseract_ghzy_light.txt").read_text(encoding="utf-8")
    assert "城乡社区规划\n202                2" in text
    _res, read, _gold = _read_right(tmp_path, GHZY, text, "general_budget")
    assert read[("general_budget", "212", "合计")] == "3832.36"
    assert read[("general_budget", "21201", "基本支出")] == "1084.02"
    assert read[("general_budget", "2120201", "项目支出")] == "2250.88"
