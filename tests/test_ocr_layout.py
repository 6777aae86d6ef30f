"""OCR layout without an engine: deskew, ruling lines, and the table rebuild from boxes."""

from __future__ import annotations

from PIL import Image, ImageDraw

from extractor.ocr.layout import deskew_angle, emit_page, find_grids, page_lines
from extractor.ocr.model import Box, PageInfo, Provenance, TextBuilder

COLS = [100, 400, 600, 800, 1000]
ROWS = [100, 200, 260, 320, 380]


def _grid_image() -> Image.Image:
    img = Image.new("L", (1200, 500), 255)
    d = ImageDraw.Draw(img)
    for y in ROWS:
        d.line((COLS[0], y, COLS[-1], y), fill=0, width=2)
    for x in COLS:
        d.line((x, ROWS[0], x, ROWS[-1]), fill=0, width=2)
    d.text((120, 30), "some title text line", fill=0)
    return img


def _boxes() -> list[Box]:
    """What an engine returns, in its reading order: the two lines of each header cell interleave."""
    return [
        Box("收入决算表", 450, 30, 650, 60),
        Box("项目", 200, 130, 260, 160),
        Box("本年收入", 440, 115, 560, 140),
        Box("财政拨款", 640, 115, 760, 140),
        Box("合计", 470, 155, 530, 180),  # second line of the 本年收入 header cell
        Box("收入", 670, 155, 730, 180),  # second line of the 财政拨款 header cell
        Box("其他收入", 840, 130, 960, 160),
        Box("合计", 120, 215, 180, 245),
        Box("1,903.01", 480, 215, 590, 245, 0.98),
        Box("1,903.01", 680, 215, 790, 245),
        Box("206", 120, 275, 170, 305),
        Box("12.50", 700, 275, 790, 305),  # 本年收入 blank: the cell must stay
        Box("20601", 120, 335, 200, 365),
        Box("718.64", 880, 335, 990, 365, 0.55),
    ]


def test_ruling_lines_give_rows_and_columns() -> None:
    grids = find_grids(_grid_image())
    assert len(grids) == 1
    g = grids[0]
    assert [round(y) for y in g.ys] == ROWS
    assert [round(x) for x in g.columns] == COLS


def test_table_rows_are_tab_separated_with_blanks_kept() -> None:
    grids = find_grids(_grid_image())
    b = TextBuilder()
    emit_page(b, 1, page_lines(_boxes(), grids))
    assert b.text().splitlines() == [
        "收入决算表",
        "项目\t本年收入合计\t财政拨款收入\t其他收入",
        "合计\t1,903.01\t1,903.01\t",
        "206\t\t12.50\t",
        "20601\t\t\t718.64",
    ]


def test_every_read_character_keeps_page_box_and_confidence() -> None:
    b = TextBuilder()
    emit_page(b, 3, page_lines(_boxes(), find_grids(_grid_image())))
    text = b.text()
    prov = Provenance("fake", [PageInfo(3, 1200, 500, 200, "ocr", "fake")], b.runs)
    i = text.index("718.64")
    run = prov.run_at(i)
    assert run is not None and run.page == 3 and run.score == 0.55
    assert text[run.start : run.end] == "718.64"
    page, (x0, _, x1, _) = prov.locate(i + 1)  # type: ignore[misc]
    assert page == 3 and 880 < x0 < x1 < 990
    assert prov.locate(text.index("\t")) is None  # tabs were inserted by the rebuild, not read
    again = Provenance.from_json(prov.to_json())
    assert again.runs == prov.runs


def test_unruled_table_columns_come_from_gaps() -> None:
    boxes = [
        Box("科目编码", 100, 100, 220, 130),
        Box("科目名称", 400, 100, 520, 130),
        Box("决算数", 800, 100, 890, 130),
        Box("备注", 1000, 100, 1060, 130),
        Box("301", 100, 150, 150, 180),
        Box("工资福利支出", 400, 150, 580, 180),
        Box("12.50", 810, 150, 890, 180),
        Box("无", 1010, 150, 1040, 180),
        Box("30101", 100, 200, 180, 230),
        Box("基本工资", 400, 200, 520, 230),
        Box("8.00", 825, 200, 890, 230),
        Box("302", 100, 250, 150, 280),
        Box("商品和服务支出", 400, 250, 610, 280),
        Box("4.50", 825, 250, 890, 280),
        Box("有", 1010, 250, 1040, 280),
    ]
    b = TextBuilder()
    emit_page(b, 1, page_lines(boxes, []))
    assert b.text().splitlines() == [
        "科目编码\t科目名称\t决算数\t备注",
        "301\t工资福利支出\t12.50\t无",
        "30101\t基本工资\t8.00\t",
        "302\t商品和服务支出\t4.50\t有",
    ]


def test_box_crossing_a_column_rule_is_split() -> None:
    grids = find_grids(_grid_image())
    boxes = [Box("合计1,903.01", 120, 215, 590, 245)]  # the engine read two cells as one box
    b = TextBuilder()
    emit_page(b, 1, page_lines(boxes, grids))
    assert b.text().splitlines()[0].split("\t")[:2] == ["合计", "1,903.01"]


def test_deskew_finds_the_rotation() -> None:
    img = _grid_image().rotate(1.2, fillcolor=255)
    assert abs(deskew_angle(img) + 1.2) <= 0.15
