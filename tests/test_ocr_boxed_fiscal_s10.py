"""RapidOCR plain text of heavy scans (tenth stop): table 04's figures among the labels of nearby rows.

RapidOCR prints a scan's boxes one per line, in the order of their tops. On a page skewed a degree or two a
figure's box sits higher or lower than its label's, so table 04 (收入 labels left with one 金额 column, 支出
labels right with 合计 and three funds) comes out with a row's figures a label or two away from it: czj's heavy
scan on draw G prints ``2,940.05`` three times ahead of ``本年支出合计`` / ``本年收入合计`` (the right label first)
and 住房保障支出's pair after the row above's label; seed 003's on draw F prints a 总计 label once, both sides'
figures after it. Read by order, no identity held (czj G 2/19, seed 003 F 1/15). Each figure now floats among
the rows printed nearest it; a row takes a run of them, and the identities (合计 = Σ funds, 本年支出合计 = Σ 类,
总计 = 本年合计 + 结转和结余, 收入总计 = 支出总计) with table 01's funds and table 05's 类 totals decide. Each
case is the engine's text of the draw's tables 01–05 (committed as written), checked against the golden facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ocr_heavy_gaps import _extract
from tests.test_ocr_skew_rows import S003, _read, _read_right

CZJ = "shanghai_putuo_czj_2024"
FISCAL = {"fiscal_summary"}
DATA = "boxed_fiscal_s10"


@pytest.mark.parametrize(
    ("doc", "name"),
    [
        (CZJ, "rapidocr_czj_heavy_01_05_drawG.txt"),  # two totals lines ahead of reversed labels: 2/19 before
        (S003, "rapidocr_seed003_heavy_01_05_drawF.txt"),  # one 总计 label for both sides: 1/15 before
        (CZJ, "rapidocr_czj_heavy_01_05_drawH.txt"),  # 16/19 before
    ],
)
def test_table_04_figures_a_label_or_two_off_their_rows(tmp_path: Path, doc: str, name: str) -> None:
    """Every value of table 04 read, none wrong, each at its own print."""
    text, res = _extract(tmp_path, doc, f"{DATA}/{name}")
    _read_right(res, text, doc, FISCAL, 1.0)


def test_totals_printed_ahead_of_reversed_labels(tmp_path: Path) -> None:
    """czj, draw G: ``2,940.05`` ×3 / ``本年支出合计`` / ``本年收入合计`` and ``21.63`` ×3 / ``年末…`` / ``年初…`` /
    ``21.63`` / ``一、一般公共预算财政拨款``: the right row takes two, the left one; the last 21.63 is the 年初 row's
    一般公共预算 part, printed ahead of its label. 住房保障支出's ``445.69`` pair is printed after
    自然资源海洋气象等支出's label, before its own."""
    text, res = _extract(tmp_path, CZJ, f"{DATA}/rapidocr_czj_heavy_01_05_drawG.txt")
    read = _read(res, FISCAL)
    assert read[("fiscal_summary", "本年支出合计", "合计")] == "2940.05"
    assert read[("fiscal_summary", "本年收入合计", "金额")] == "2940.05"
    assert read[("fiscal_summary", "年初财政拨款结转和结余/一般公共预算财政拨款", "金额")] == "21.63"
    assert read[("fiscal_summary", "住房保障支出", "一般公共预算财政拨款")] == "445.69"
    assert ("fiscal_summary", "自然资源海洋气象等支出", "合计") not in read
    spans = [f.span for f in res.facts if f.table == "fiscal_summary" and f.row == "住房保障支出"]
    label = text.index("十九、住房保障支出", text.index("财政拨款收入支出决算总表"))
    assert all(s is not None and s[1] < label and text[s[0] : s[1]] == "445.69" for s in spans)


def test_one_total_label_for_both_sides(tmp_path: Path) -> None:
    """Seed 003, draw F: ``总计`` / ``32`` / ``741.64`` / ``64`` / ``741.64`` / ``741.64`` — the right 总计's label
    lost. The one label is read as both sides' 总计, and 支出总计 = 本年支出合计 + 年末结转和结余 with 收入总计 =
    支出总计 gives the right one its two figures."""
    _, res = _extract(tmp_path, S003, f"{DATA}/rapidocr_seed003_heavy_01_05_drawF.txt")
    read = _read(res, FISCAL)
    assert read[("fiscal_summary", "收入总计", "金额")] == "741.64"
    assert read[("fiscal_summary", "支出总计", "合计")] == "741.64"
    assert read[("fiscal_summary", "支出总计", "一般公共预算财政拨款")] == "741.64"


def test_a_total_no_identity_confirms_is_unread_not_wrong(tmp_path: Path) -> None:
    """The same czj text with one print of the totals line damaged (``2,940.05`` → ``2,946.05``, as OCR misreads
    a digit): no placement of the three holds, so those figures are unread — none is read wrong."""
    edit = ("2,940.05\n2,940.05\n2,940.05\n本年支出合计", "2,940.05\n2,946.05\n2,940.05\n本年支出合计")
    text, res = _extract(tmp_path, CZJ, f"{DATA}/rapidocr_czj_heavy_01_05_drawG.txt", edit)
    read = _read_right(res, text, CZJ, FISCAL, 0.0)
    assert "2946.05" not in {v for k, v in read.items()}
