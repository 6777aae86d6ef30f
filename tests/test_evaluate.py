"""The evaluator scores exactly as spec/facts.md says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.evaluate import score
from extractor.schemas import Fact, TableId, Unit


def fact(row: str, value: str, *, table: TableId = "income", col: str = "本年收入合计", unit: Unit = "万元",
         doc: str = "d") -> Fact:  # fmt: skip
    return Fact(doc=doc, table=table, row=row, col=col, value=value, unit=unit)


def test_tolerance_units_zeros_and_key_folding() -> None:
    golden = [
        fact("206", "619.32"),
        fact("208", "128.91"),
        fact("210", "0.00"),  # zero golden: not counted
        fact("221", "61.57"),
        fact("公务用车保有量", "3", table="narrative", col="数量", unit="辆"),
        fact("因公出国(境)费", "1.50", table="three_public", col="决算数"),
    ]
    predicted = [
        fact("206", "619.324"),  # within 0.005
        fact("208", "1289100", unit="元"),  # 元 ÷ 10000 = 128.91
        fact("210", "0"),  # zero prediction: ignored
        fact("221", "61.58"),  # wrong by 0.01
        fact("公务用车保有量", "3.0", table="narrative", col="数量", unit="辆"),
        fact("因公出国（境）费", "1.5", table="three_public", col="决算 数"),  # folded key
        fact("999", "5.00"),  # spurious
    ]
    s = score(predicted, golden)
    assert (s.overall.correct, s.overall.predicted, s.overall.golden) == (4, 6, 5)
    assert s.overall.precision == pytest.approx(4 / 6)
    assert s.overall.recall == pytest.approx(4 / 5)
    assert [w["row"] for w in s.wrong] == ["221"] and s.wrong[0]["golden"] == "61.57"
    assert [m["row"] for m in s.missing] == []
    assert [x["row"] for x in s.spurious] == ["999"]
    assert s.per_table["income"].correct == 2 and s.per_table["income"].predicted == 4


def test_missing_zero_and_missing_prediction_count_against_recall_only() -> None:
    s = score([fact("206", "0.00")], [fact("206", "619.32"), fact("207", "1.00")])
    assert (s.overall.correct, s.overall.predicted, s.overall.golden) == (0, 0, 2)
    assert len(s.missing) == 2 and s.overall.f1 == 0.0


def test_cli_json_matches_scorer(tmp_path: Path) -> None:
    g, p = tmp_path / "golden", tmp_path / "pred"
    g.mkdir()
    p.mkdir()
    (g / "d.facts.jsonl").write_text("\n".join(f.model_dump_json() for f in [fact("206", "1.00"), fact("207", "2.00")]))
    (p / "d.facts.jsonl").write_text(fact("206", "1.00").model_dump_json() + "\n")
    res = subprocess.run([sys.executable, "-m", "extractor", "eval", "--golden", g, "--pred", p, "--json",
                          "--report", tmp_path / "rep"], capture_output=True, text=True)  # fmt: skip
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["overall"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3, abs=1e-6), "correct": 1,
                              "predicted": 1, "golden": 2}  # fmt: skip
    assert set(out) >= {"overall", "per_table", "per_doc", "per_column"}
    assert "| **overall** |" in (tmp_path / "rep" / "report.md").read_text()
