"""The eval report (HTML with plots), the run comparison, and the OCR-noise generator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from eval.noise import corrupt
from eval.noise import run as noise_run
from extractor.evaluate import score
from extractor.pipeline import process
from extractor.report import compare, render_html
from extractor.schemas import Amount, Fact
from tests.conftest import ROOT, seed_path


def _fact(row: str, value: str) -> Fact:
    return Fact(doc="d", table="income", row=row, col="本年收入合计", value=value, unit="万元", span=(0, 1))


def test_html_report_is_self_contained_with_plots_and_errors() -> None:
    s = score([_fact("206", "1.00"), _fact("207", "9.99")], [_fact("206", "1.00"), _fact("207", "2.00")]).to_json()
    page = render_html(s, {"per_level": [{"level": 0, "f1": 1.0}, {"level": 1, "f1": 0.9}]})
    assert page.count("<svg") == 4  # per-table F1, errors by kind, per-document F1, F1 vs noise
    assert "F1 per table" in page and "F1 against OCR-noise level" in page
    assert "<script" not in page and "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "9.99" in page and "wrong" in page  # the wrong fact is listed with its golden value


def test_compare_shows_what_got_better_and_worse() -> None:
    golden = [_fact("206", "1.00"), _fact("207", "2.00")]
    a = score([_fact("206", "1.00"), _fact("207", "9.99")], golden).to_json()
    b = score([_fact("206", "1.00"), _fact("207", "2.00")], golden).to_json()
    out = compare(a, b)
    assert "| overall | 0.5000 | 1.0000 | ▲ +0.5000 |" in out
    assert "1 errors fixed, 0 new errors." in out and "fixed (wrong): d income/207/本年收入合计" in out


def test_eval_report_and_compare_commands(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "extractor"]
    run_dir, rep = tmp_path / "run", tmp_path / "rep"
    assert subprocess.run([*cmd, "extract", seed_path("002_846b8c47d01900a7"), "--out", run_dir]).returncode == 0
    res = subprocess.run([*cmd, "eval", "--golden", ROOT / "eval" / "golden", "--pred", run_dir, "--report", rep],
                         capture_output=True, text=True)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert {p.name for p in rep.iterdir()} == {"report.md", "report.html", "score.json"}
    res = subprocess.run([*cmd, "eval", "compare", rep, rep], capture_output=True, text=True)
    assert res.returncode == 0 and "0 errors fixed, 0 new errors." in res.stdout
    res = subprocess.run([*cmd, "eval", "compare", rep, tmp_path / "nowhere"], capture_output=True, text=True)
    assert res.returncode == 2 and "score.json" in res.stderr


def test_noise_is_seeded_and_grows_with_the_level() -> None:
    text = seed_path("002_846b8c47d01900a7").read_text(encoding="utf-8")
    assert corrupt(text, 0, 1) == text
    assert corrupt(text, 2, 1) == corrupt(text, 2, 1)
    assert corrupt(text, 2, 1) != corrupt(text, 2, 2)
    changed = [sum(a != b for a, b in zip(text, corrupt(text, lvl, 3), strict=False)) for lvl in (1, 4)]
    assert 0 < changed[0] < changed[1]


def test_rules_backend_degrades_gradually_and_never_invents_numbers(tmp_path: Path) -> None:
    res = noise_run([0, 2], seeds=1, golden_dir=ROOT / "eval" / "golden", seed_dir=ROOT / "eval" / "seeds", out=None)
    by_level = {r["level"]: r for r in res["per_level"]}
    assert by_level[0]["f1"] >= 0.99
    assert 0.6 < by_level[2]["f1"] < by_level[0]["f1"]
    assert all(r["ungrounded"] == 0 and r["failed_docs"] == 0 for r in res["per_level"])


def test_noisy_copy_facts_all_verify(tmp_path: Path) -> None:
    # every fact reads as printed — or is a repair of damaged print, said so, and one of its documented readings
    noisy = corrupt(seed_path("000_d2cac5324267c124").read_text(encoding="utf-8"), 3, 5)
    p = tmp_path / "000.txt"
    p.write_text(noisy, encoding="utf-8")
    from extractor.normalize import normalize_value, reads_as

    res = process(p)
    ex = res.extraction
    repaired: dict[tuple[str, str, str], Amount] = {
        (t.table, r.row, c): a for t in ex.tables for r in t.rows for c, a in r.cells.items() if a.repaired_from
    }
    assert repaired  # the noisy copy has damaged numbers its identities confirm
    for f in res.facts:
        assert f.span is not None
        printed = noisy[f.span[0] : f.span[1]]
        a = repaired.get((f.table, f.row, f.col))
        if a is None:
            assert normalize_value(printed) == f.value
        else:
            assert a.repaired_from == printed and a.confidence == "repaired" and reads_as(printed, f.value)
