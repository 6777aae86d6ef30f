"""Tables whose title OCR lost whole (forty-sixth stop).

tesseract read czj's published PDF, rendered page by page at 200 dpi (pypdfium2, grey) with its default page
segmentation, with the titles of tables 01 and 03 as a column of stray characters (``受`` / ``糖`` / ``5焉`` / ``权``)
and 05's cut to ``一般公共预算财政拨款支出，``: three tables, 100 values, were lost though their rows read well. A
unit line no title stands over now starts an untitled table, and the titled tables around it say which: the one
table of the template the report titles nowhere whose number lies between theirs, where the rows below fit it.

Fixtures: that text (``tests/data/untitled_s46``), and the draw-AA tesseract texts of both reports
(``tests/data/damaged_s25``) with one title line replaced by a stray character, as the whole-page text has it."""

from __future__ import annotations

from pathlib import Path

from extractor.export import load_facts
from extractor.pipeline import process
from tests.test_ocr_s18 import CZJ, ROOT

PAGES = ROOT / "tests" / "data" / "untitled_s46" / "czj_pages_tesseract_200dpi.txt"
AA = ROOT / "tests" / "data" / "damaged_s25"


def _golden(doc: str) -> dict[tuple[str, str, str], str]:
    return {(f.table, f.row, f.col): f.value for f in load_facts(ROOT / "eval" / "golden" / "corpus") if f.doc == doc}


def _facts(path: Path, table: str) -> dict[tuple[str, str, str], str]:
    return {(f.table, f.row, f.col): f.value for f in process(path).facts if f.table == table}


def _title_lost(tmp_path: Path, source: Path, title: str, wreck: str) -> Path:
    lines = source.read_text(encoding="utf-8").split("\n")
    (k,) = [k for k, line in enumerate(lines) if line.strip() == title]
    lines[k] = wreck
    out = tmp_path / f"{source.stem}_title_lost.txt"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def test_whole_pages_whose_titles_tesseract_lost_read_their_tables_by_place() -> None:
    golden = _golden(CZJ)
    budget = _facts(PAGES, "general_budget")
    assert budget == {k: v for k, v in golden.items() if k[0] == "general_budget"}  # 44 values, 0 before
    spending = _facts(PAGES, "expenditure")
    assert len(spending) >= 18 and all(golden.get(k) == v for k, v in spending.items())


def test_a_lost_expenditure_title_reads_the_table_as_its_title_would(tmp_path: Path) -> None:
    source = AA / "AA_tesseract_light_ghzy.txt"
    titled = _facts(source, "expenditure")
    lost = _title_lost(tmp_path, source, "支出决算表", "受")
    assert len(titled) == 60
    assert _facts(lost, "expenditure") == titled


def test_a_lost_title_between_two_tables_leaves_the_table_above_whole(tmp_path: Path) -> None:
    # the wreck of 05's title is not read as a line of table 04's last row (``总计`` / ``深``)
    source = AA / "AA_tesseract_light_czj.txt"
    lost = _title_lost(tmp_path, source, "一般公共预算财政拨款支出决算表", "深")
    golden = _golden(CZJ)
    assert _facts(lost, "general_budget") == {k: v for k, v in golden.items() if k[0] == "general_budget"}
    assert _facts(lost, "fiscal_summary") == _facts(source, "fiscal_summary")


def test_the_first_tables_lost_title_is_found_by_its_rows(tmp_path: Path) -> None:
    source = AA / "AA_tesseract_light_czj.txt"
    lost = _title_lost(tmp_path, source, "收入支出决算总表", "受")
    assert len(_facts(source, "summary")) == 9
    assert _facts(lost, "summary") == _facts(source, "summary")


def test_two_titles_lost_in_a_row_are_not_guessed(tmp_path: Path) -> None:
    # tables 02 and 03 both untitled: the place leaves two tables possible for each, so neither is read
    source = AA / "AA_tesseract_light_ghzy.txt"
    once = _title_lost(tmp_path, source, "收入决算表", "受")
    (tmp_path / "again").mkdir()
    twice = _title_lost(tmp_path / "again", once, "支出决算表", "糖")
    result = process(twice)
    assert not [f for f in result.facts if f.table in ("income", "expenditure")]
    assert _facts(twice, "fiscal_summary") == _facts(source, "fiscal_summary")


def test_a_header_printed_again_on_the_next_page_does_not_cut_the_table(tmp_path: Path) -> None:
    # a table over two pages whose header (and unit) is printed again on the second: no table is missing between
    # 03 and 04, so the line starts nothing and table 03 keeps the rows below it
    source = AA / "AA_tesseract_light_ghzy.txt"
    lines = source.read_text(encoding="utf-8").split("\n")
    (k,) = [k for k, line in enumerate(lines) if line.startswith("212                 城乡社区支出")]
    lines[k:k] = ["", "单位: 万元", "功能分类        科目名称        本年支出合计        基本支出        项目支出", ""]
    again = tmp_path / "ghzy_header_again.txt"
    again.write_text("\n".join(lines), encoding="utf-8")
    assert _facts(again, "expenditure") == _facts(source, "expenditure")


def test_a_lost_title_in_a_report_with_a_table_of_its_own_reads_by_place(tmp_path: Path) -> None:
    # a report that prints a table the template knows but does not read (机关运行经费支出决算表) before its nine
    source = _title_lost(tmp_path, AA / "AA_tesseract_light_ghzy.txt", "支出决算表", "受")
    own = ["机关运行经费支出决算表", "单位: 万元", "项目        决算数", "机关运行经费        112.35", ""]
    extra = tmp_path / "ghzy_own_table.txt"
    extra.write_text("\n".join(own) + source.read_text(encoding="utf-8"), encoding="utf-8")
    assert _facts(extra, "expenditure") == _facts(AA / "AA_tesseract_light_ghzy.txt", "expenditure")
