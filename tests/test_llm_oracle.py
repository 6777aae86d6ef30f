"""The perfect-model oracle: ``sim-server --oracle`` answers from an answer key, never from the readers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from extractor.backends import get_backend
from extractor.backends.llm import LLMBackend
from extractor.evaluate import score
from extractor.export import load_facts
from extractor.llm.oracle import AnswerKey, oracle_server
from extractor.normalize import normalize_value
from extractor.pipeline import process
from tests.conftest import ROOT, digits_below_at_columns, read_with_oracle, seed_path, unverified

pytestmark = pytest.mark.usefixtures("no_network")  # tests.conftest: loopback only

GOLDEN = ROOT / "eval" / "golden"
SEED_2 = "002_846b8c47d01900a7"
SEED_3 = "003_9ee8868df83b9797"


def _fact(doc: str, table: str, row: str, col: str, value: str, unit: str = "万元") -> str:
    return json.dumps({"doc": doc, "table": table, "row": row, "col": col, "value": value, "unit": unit})


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "key.facts.jsonl"
    lines = [
        _fact("a", "income", "2060101", "本年收入合计", "1020.75"),
        _fact("a", "income", "2060101", "其他收入", "20.75"),
        _fact("a", "income", "20602", "本年收入合计", "333.00"),  # not printed in the chunk below
        _fact("a", "narrative", "收入总计", "金额", "851.17"),
        _fact("a", "narrative", "支出总计", "金额", "851.17"),
        _fact("a", "narrative", "公务用车保有量", "数量", "3", "辆"),
        _fact("b", "income", "2060101", "本年收入合计", "1020.75"),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_answers_only_the_facts_printed_in_the_chunk_with_their_printed_characters(key_file: Path) -> None:
    key = AnswerKey.load(key_file)
    text = "项目\t本年收入合计\t其他收入\n2060101\t行政运行\t1,020.75\t20.75\n"
    answer = key.answer("TableRows_income", text)
    assert answer == {
        "rows": [
            {
                "key": "2060101",
                "label": "行政运行",
                "cells": [
                    {"col": "本年收入合计", "value": "1020.75", "source": "1,020.75"},
                    {"col": "其他收入", "value": "20.75", "source": "20.75"},
                ],
            }
        ]
    }  # report "a" prints two values here, "b" one: "a" answers; 20602's 333.00 is not printed
    assert key.answer("TableRows_expenditure", text) == {"rows": []}


def test_narrative_answers_carry_the_words_before_the_figure(key_file: Path) -> None:
    key = AnswerKey.load(key_file)
    text = "一、收入支出决算总体情况\n2023年度收、支总计851.17万元。公务用车保有量 3 辆。"
    facts = key.answer("NarrativeFacts", text)["facts"]
    by_key = {f["key"]: f for f in facts}
    assert set(by_key) == {"收入总计", "支出总计", "公务用车保有量"}  # one printed 收、支总计 backs both
    assert by_key["收入总计"]["source"] == "851.17" and by_key["收入总计"]["context"].endswith("收、支总计")
    assert by_key["公务用车保有量"] == {"key": "公务用车保有量", "value": "3", "source": "3", "unit": "辆",
                                       "context": "公务用车保有量 "}  # fmt: skip
    with pytest.raises(ValueError, match="does not know the schema"):
        key.answer("Poem", text)


def _below(words: list[str], figures: list[str], gap: int = 8) -> str:
    """A line of ``words`` with a gap after each but the last, and below it each figure at its gap's column,
    as a converter that keeps columns prints a report whose digits sit lower than its words."""
    line, below = " " * 10, ""
    for w, fig in zip(words, [*figures, ""], strict=False):
        line += w
        if fig:
            below += " " * (len(line) + 1 - len(below)) + fig
            line += " " * gap
    return f"{line}\n{below}\n"


def test_a_figure_printed_below_its_words_is_read_with_the_words_above_it(tmp_path: Path) -> None:
    # (the words a perfect model takes the figure with; never a percentage for an amount)
    path = tmp_path / "key.facts.jsonl"
    lines = [
        _fact("a", "narrative", "因公出国(境)费", "金额", "0.00"),
        _fact("a", "narrative", "公务接待费", "金额", "0.00"),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = "三、“三公”经费支出决算情况说明\n" + _below(
        ["，其中：因公出国（境）费决算为", "万元，完成预算的", "；公务接待费支出决算为", "万元。"],
        ["0.00", "0%", "0.00"],
    )
    facts = {f["key"]: f for f in AnswerKey.load(path).answer("NarrativeFacts", text)["facts"]}
    assert [facts[k]["source"] for k in ("因公出国(境)费", "公务接待费")] == ["0.00", "0.00"]  # not the 0%
    assert facts["因公出国(境)费"]["context"].rstrip().endswith("费决算为")  # each from its own gap
    assert facts["公务接待费"]["context"].rstrip().endswith("支出决算为")


def test_a_project_reports_figures_are_its_own_whatever_other_projects_its_prose_mentions(tmp_path: Path) -> None:
    key = tmp_path / "key.facts.jsonl"
    key.write_text("\n".join([
        _fact("a", "performance", "科创会专项经费", "预算数", "106"),
        _fact("a", "performance", "科创会专项经费", "自评得分", "98.5", "分"),
        _fact("a", "performance", "天府科技云", "预算数", "20"),
    ]) + "\n", encoding="utf-8")  # fmt: skip
    text = (
        "2021年市级项目支出绩效自评报告\n（“科创会”专项经费）\n一般公共预算安排“科创会”专项经费106万元。\n"
        "宣传天府科技云全员服务，注册使用天府科技云平台。\n自评考核，自评分数98.5分。\n"
        "2021年市级项目支出绩效自评报告\n（天府科技云）\n一般公共预算安排天府科技云项目经费20万元。\n"
    )
    items = AnswerKey.load(key).answer("PerformanceFacts", text)["items"]
    # the score is printed after mentions of 天府科技云, inside 科创会's own report: its reader says 科创会's
    assert [(i["project"], i["col"], i["value"]) for i in items] == [
        ("科创会专项经费", "预算数", "106"), ("科创会专项经费", "自评得分", "98.5"), ("天府科技云", "预算数", "20")
    ]  # fmt: skip


@pytest.mark.parametrize("doc", [SEED_2, SEED_3])
def test_a_perfect_model_reaches_the_golden_facts_through_the_llm_backend(doc: str, tmp_path: Path) -> None:
    golden = GOLDEN / f"{doc}.facts.jsonl"
    res, _ = read_with_oracle(seed_path(doc), GOLDEN)  # the whole golden folder: each request finds its report
    s = score(res.facts, load_facts(golden))
    assert s.overall.f1 >= 0.99, (s.overall.to_json(), s.missing[:3], s.wrong[:3], s.spurious[:3])
    assert not unverified(res.extraction.unread)  # every span the backend gave read as its value
    assert not [u for u in res.extraction.unread if u.kind == "ungrounded"]


def test_faults_still_apply_with_the_oracle(tmp_path: Path) -> None:
    server = oracle_server(GOLDEN / f"{SEED_2}.facts.jsonl").start()
    try:
        server.set_faults("429:1:retry_after=0.05", "ungrounded:-1:match=Table income.")
        backend = get_backend("llm")
        assert isinstance(backend, LLMBackend)
        backend.configure(base_url=server.base_url, model="oracle", cache=False, concurrency=1)
        res = process(seed_path(SEED_2), backend)
        injected = dict(server.state.injected)
    finally:
        server.stop()
    assert injected == {"429": 1, "ungrounded": 1}
    assert backend.client.stats.transport_retries == 1
    assert not [f for f in res.facts if f.table == "income"]
    assert [f for f in res.flags if f.check == "llm.ungrounded"]


def test_the_oracle_never_loads_the_readers() -> None:
    """Serving a request from the key loads no rules reader (import-linter checks the import graph too)."""
    code = (
        "import sys, httpx; from extractor.llm.oracle import oracle_server; s = oracle_server(sys.argv[1]).start(); "
        "body = {'model': 'o', 'messages': [{'role': 'user', 'content': 'Table income.\\n<chunk>\\n"
        "2060101 行政运行 267.12\\n</chunk>'}], 'tools': [{'type': 'function', 'function': "
        "{'name': 'TableRows_income', 'parameters': {}}}]}; "
        "r = httpx.post(s.base_url + '/chat/completions', json=body).json(); "
        "print(r['choices'][0]['message']['tool_calls'][0]['function']['arguments']); "
        "print(sorted(m for m in sys.modules if m.startswith(('extractor.readers', 'extractor.backends.rules', "
        "'extractor.llm.sim_server'))))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(GOLDEN)], capture_output=True, text=True, check=True)
    answer, loaded = out.stdout.strip().splitlines()
    assert '"value": "267.12"' in answer  # seed 002's 2060101 本年收入合计, from the key
    assert loaded == "[]"


def _extractor() -> list[str]:
    return [sys.executable, "-m", "extractor"]


def test_cli_sim_server_oracle_serves_the_key(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [*_extractor(), "sim-server", "--port", "0", "--oracle", str(GOLDEN / f"{SEED_3}.facts.jsonl")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+/v1)", banner)
        assert m and "answer key" in banner, banner
        base = m.group(1)
        out = tmp_path / "out"
        args = ["extract", str(seed_path(SEED_3)), "--backend", "llm", "--base-url", base, "--model", "oracle"]
        done = subprocess.run([*_extractor(), *args, "--no-cache", "--out", str(out)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        s = score(load_facts(out), load_facts(GOLDEN / f"{SEED_3}.facts.jsonl"))
        assert s.overall.f1 >= 0.99
        stats: dict[str, Any] = httpx.get(base.removesuffix("/v1") + "/_sim/stats").json()
        assert stats["requests"] == json.loads((out / "run.json").read_text(encoding="utf-8"))["llm"]["calls"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cli_oracle_with_a_bad_key_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.facts.jsonl"
    bad.write_text('{"doc": "x", "table": "income"}\n', encoding="utf-8")
    t0 = time.perf_counter()
    for path, words in ((tmp_path / "missing", "no such file"), (bad, "line 1 is not a valid fact")):
        done = subprocess.run([*_extractor(), "sim-server", "--oracle", str(path)], capture_output=True, text=True)
        assert done.returncode == 2 and words in done.stderr and str(path) in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert time.perf_counter() - t0 < 60


# ---------------------------------------------------------------------------------------------
# Prose whose figures a converter printed on a line below its words (pdfplumber: the digits sit a little lower)

CZJ = "shanghai_putuo_czj_2024"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _moved(case: str, tmp_path: Path) -> tuple[Path, Path]:
    """The input of ``case`` (czj as a converter printed it, or a seed with its prose figures moved below their
    words at their columns) and the golden file of its report."""
    if case.startswith("czj "):
        layout = case.removeprefix("czj ")
        return ROOT / "eval" / "corpus" / "text" / layout / f"{CZJ}.txt", GOLDEN / "corpus" / f"{CZJ}.facts.jsonl"
    [path] = (ROOT / "eval" / "seeds").glob(f"{case.removesuffix(' at-columns')}_*.txt")
    moved = tmp_path / path.name
    moved.write_text(digits_below_at_columns(path.read_text(encoding="utf-8")), encoding="utf-8")
    return moved, GOLDEN / f"{path.stem}.facts.jsonl"


@pytest.mark.parametrize("case", ["czj pdfplumber", "czj pdfplumber-layout", "000 at-columns", "002 at-columns"])
def test_a_perfect_model_reads_prose_whose_figures_a_converter_printed_below_its_words(
    case: str, tmp_path: Path
) -> None:
    """``…年度收入支出总计 万元。`` / ``2024 2995.39 2023``: the sentence goes to the model with its figures line,
    and a perfect model's values are grounded where the readers put the figures back — each value's span on the
    figure as printed, on the line below its words."""
    path, golden = _moved(case, tmp_path)
    key = tmp_path / "key.facts.jsonl"
    want = {f.row: Decimal(f.value) for f in load_facts(golden) if f.table == "narrative"}
    key.write_text(
        "".join(json.dumps({**f.model_dump(mode="json"), "doc": path.stem}, ensure_ascii=False) + "\n"
                for f in load_facts(golden) if f.table == "narrative"),
        encoding="utf-8",
    )  # fmt: skip
    res, _ = read_with_oracle(path, key)
    got = {f.row: f for f in res.facts if f.table == "narrative"}
    assert {k: Decimal(f.value) for k, f in got.items() if want.get(k) != Decimal(f.value)} == {}
    assert got.keys() == want.keys()
    text = res.source.text
    for f in got.values():
        s, e = f.span  # type: ignore[misc]
        assert Decimal(normalize_value(text[s:e]) or "nan") == Decimal(f.value)
        assert not _CJK.search(text[text.rfind("\n", 0, s) + 1 : s]), f  # on the figures line, below its words
