"""Table 01 of a skewed scan pinned by the figures other tables confirm, and table 02 read again with them.

czj's heavy scan on draw J, as RapidOCR printed it (one box per line): table 01's figures come out ahead of
their labels in pairs (``2,106.66`` / ``2,940.05`` / ``一、一般公共服务支出`` / ``一、一般公共预算财政拨款收入``), and
``6.20`` floats between 附属单位上缴收入 and 其他收入, which no identity tells apart. Tables 03 and 04 confirm each
expenditure row's figure and the fund's: those rows are read, the income sum left unchecked by the open 6.20
notwithstanding. The same scan's rows rebuilt by position print table 02 as ``2,946.25 2,940.05 6.20`` under
seven columns: 财政拨款收入 or 附属单位上缴收入 in every row, until table 01's fund figure pins the 合计 row.
Both texts committed as the engine printed them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from extractor.pipeline import process
from tests.test_cli import cli
from tests.test_ocr_skew_rows import _golden, _read

DATA = Path(__file__).resolve().parent / "data" / "pinned_s13"
CZJ = "shanghai_putuo_czj_2024"
GHZY = "shanghai_putuo_ghzy_2024"


def _copy(tmp_path: Path, name: str, doc: str = CZJ) -> Path:
    path = tmp_path / f"{doc}.txt"
    shutil.copy(DATA / name, path)
    return path


def test_rows_other_tables_confirm_are_read_while_one_figure_stays_open(tmp_path: Path) -> None:
    res = process(_copy(tmp_path, "J_rapidocr_czj_heavy.txt"))
    read, gold = _read(res, {"summary"}), _golden(CZJ, {"summary"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    for row, value in (
        ("一般公共服务支出", "2106.66"),
        ("社会保障和就业支出", "326.71"),
        ("卫生健康支出", "60.99"),
        ("住房保障支出", "445.69"),
        ("一般公共预算财政拨款收入", "2940.05"),
    ):
        assert read[("summary", row, "金额")] == value
    # 6.20 is 附属单位上缴收入's or 其他收入's: unread, both named, neither emitted
    assert ("summary", "其他收入", "金额") not in read and ("summary", "附属单位上缴收入", "金额") not in read
    notes = [u for u in res.extraction.unread if u.claim == "6.20" and u.table == "summary"]
    assert {u.row for u in notes} >= {"附属单位上缴收入", "其他收入"}


def test_table_02_read_again_with_the_fund_table_01_now_reads(tmp_path: Path) -> None:
    path = _copy(tmp_path, "J_rows_czj_heavy.txt")
    out = tmp_path / "out"
    assert cli("extract", path, "--out", out).returncode == 0
    facts = [json.loads(line) for line in (out / f"{CZJ}.facts.jsonl").read_text(encoding="utf-8").splitlines()]
    read = {(f["table"], f["row"], f["col"]): f["value"] for f in facts if f["table"] == "income"}
    gold = _golden(CZJ, {"income"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    fiscal = {k: v for k, v in gold.items() if k[2] == "财政拨款收入"}
    assert len(fiscal) == 20 and fiscal.items() <= read.items()  # every row's 财政拨款收入, 合计 to 项
    text = path.read_text(encoding="utf-8")
    for f in facts:  # each at its print
        if f["table"] == "income" and f["col"] == "财政拨款收入":
            assert text[f["span"][0] : f["span"][1]].replace(",", "") == f["value"]


def test_second_document_rows_rebuilt_ghzy(tmp_path: Path) -> None:
    """ghzy's heavy scan on draw I, rows rebuilt by position: the same pinning reads table 01's expenditure rows
    and the fund (seven figures the reading left open before)."""
    src = Path(__file__).resolve().parent / "data" / "disputed_s11" / "I_rows_ghzy_heavy.txt"
    path = tmp_path / f"{GHZY}.txt"
    shutil.copy(src, path)
    read, gold = _read(process(path), {"summary"}), _golden(GHZY, {"summary"})
    assert {k: v for k, v in read.items() if gold.get(k) != v} == {}
    rows = ("一般公共预算财政拨款收入", "社会保障和就业支出", "城乡社区支出", "自然资源海洋气象等支出", "住房保障支出")
    for row in rows:
        assert read[("summary", row, "金额")] == gold[("summary", row, "金额")]
