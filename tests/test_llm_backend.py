"""The LLM and hybrid backends end to end against the local sim-server (no other network, ever)."""

from __future__ import annotations

import itertools
import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.backends import get_backend
from extractor.backends.llm import LLMBackend
from extractor.chunk import chunk
from extractor.cli import app
from extractor.errors import ConfigError
from extractor.evaluate import score
from extractor.llm import LLMConfig, LLMConfigError, LLMOutputError, LLMRequestError
from extractor.llm.client import _retry_after
from extractor.llm.sim_server import Fault, SimServer
from extractor.normalize import normalize_value
from extractor.pipeline import process, run
from tests.conftest import SEED_IDS, seed_doc, seed_path, seed_result

SEED_2 = "002_846b8c47d01900a7"
SEED_3 = "003_9ee8868df83b9797"
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forbid every connection that is not to this machine: no test may reach a real model."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in _LOOPBACK:
            raise RuntimeError(f"tests may not open network connections (tried {address!r})")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    for var in ("EXTRACTOR_LLM_BASE_URL", "EXTRACTOR_LLM_MODEL", "EXTRACTOR_LLM_API_KEY", "EXTRACTOR_LLM_MODE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("EXTRACTOR_CONFIG", "/nonexistent/extractor.toml")


@pytest.fixture(scope="module")
def sim() -> Any:
    server = SimServer(port=0).start()
    yield server
    server.stop()


@pytest.fixture
def opts(sim: SimServer, tmp_path: Path) -> dict[str, Any]:
    sim.reset()
    return {
        "base_url": sim.base_url,
        "model": "sim",
        "concurrency": 2,
        "timeout": 5.0,
        "backoff_base": 0.01,
        "max_retries": 3,
        "cache_dir": str(tmp_path / "cache"),
    }


def _backend(name: str, opts: dict[str, Any], **more: Any) -> Any:
    b = get_backend(name)
    b.configure(**{**opts, **more})
    return b


def _verify(doc: str, res: Any) -> None:
    """Every fact's span shows its value — and the backend grounded them itself: the pipeline's verify stage
    (which would drop a fact whose span does not) rejected none."""
    assert not [u for u in res.extraction.unread if "not found at its span" in u.reason]
    text = seed_path(doc).read_text(encoding="utf-8")
    for f in res.facts:
        assert f.span is not None
        assert normalize_value(text[f.span[0] : f.span[1]]) == f.value, f


def _keyed(facts: list[Any]) -> dict[tuple[str, str, str], str]:
    return {(f.table, f.row, f.col): f.value for f in facts}


@pytest.mark.parametrize("doc", [SEED_2, SEED_3])
def test_llm_backend_end_to_end_facts_verify(doc: str, opts: dict[str, Any]) -> None:
    res = process(seed_path(doc), _backend("llm", opts, cache=False))
    assert len(res.facts) > 250
    _verify(doc, res)
    rules = _keyed(seed_result(doc).facts)
    got = _keyed(res.facts)
    same = [k for k in rules if k in got and float(got[k]) == float(rules[k])]
    assert len(same) >= 0.97 * len(rules)  # the sim answers with the rules readers, one chunk at a time
    assert not [u for u in res.extraction.unread if u.kind == "ungrounded"]


def test_run_json_llm_object_and_cache(opts: dict[str, Any], sim: SimServer, tmp_path: Path) -> None:
    out1 = run([seed_path(SEED_3)], tmp_path / "a", backend="llm", backend_options=opts)
    first = out1.llm
    assert first is not None and first["calls"] > 0 and first["cache_hits"] == 0
    for key in ("calls", "cache_hits", "retries", "prompt_tokens", "completion_tokens", "wall_seconds"):
        assert key in first
    assert first["prompt_tokens"] > 0 and first["completion_tokens"] > 0
    assert first["prompts"] == {"table": "table_rows.v2", "narrative": "narrative.v2", "performance": "performance.v2"}
    record = json.loads((tmp_path / "a" / "run.json").read_text(encoding="utf-8"))
    assert record["llm"]["calls"] == first["calls"]
    requests = sim.state.requests

    out2 = run([seed_path(SEED_3)], tmp_path / "b", backend="llm", backend_options=opts)
    assert out2.llm is not None and out2.llm["calls"] == 0 and out2.llm["cache_hits"] == first["calls"]
    assert sim.state.requests == requests  # not one request reached the server
    a = (tmp_path / "a" / f"{SEED_3}.facts.jsonl").read_text(encoding="utf-8")
    assert a == (tmp_path / "b" / f"{SEED_3}.facts.jsonl").read_text(encoding="utf-8")

    out3 = run([seed_path(SEED_3)], tmp_path / "c", backend="llm", backend_options={**opts, "cache": False})
    assert out3.llm is not None and out3.llm["calls"] == first["calls"] and out3.llm["cache_hits"] == 0


@pytest.mark.parametrize(
    ("fault", "counter"),
    [
        ("429:2:retry_after=0.05", "transport_retries"),
        ("500:2", "transport_retries"),
        ("slow:1:delay=1.5", "transport_retries"),
        ("truncate:1", "transport_retries"),
        ("malformed:1", "validation_retries"),
        ("invalid:2", "validation_retries"),
    ],
)
def test_faults_are_survived_by_retrying(fault: str, counter: str, opts: dict[str, Any], sim: SimServer) -> None:
    sim.set_faults(Fault.parse(fault))
    backend = _backend("llm", opts, cache=False, timeout=0.5)
    res = process(seed_path(SEED_3), backend)
    stats = backend.client.stats
    assert getattr(stats, counter) >= 1 and stats.retries >= 1
    assert _keyed(res.facts) == _keyed(process(seed_path(SEED_3), _backend("llm", opts, cache=False)).facts)


def test_retry_after_is_honoured(opts: dict[str, Any], sim: SimServer) -> None:
    sim.set_faults(Fault(kind="429", times=1, retry_after=0.6))
    backend = _backend("llm", {**opts, "backoff_base": 5.0}, cache=False, concurrency=1)
    process(seed_path(SEED_3), backend)
    assert backend.client.stats.transport_retries == 1
    assert 0.6 <= backend.client.stats.wall_seconds < 4.5  # waited Retry-After, not the 5 s backoff
    assert _retry_after({"retry-after-ms": "250"}) == 0.25
    assert _retry_after({"retry-after": "2"}) == 2.0
    assert _retry_after({}) is None


@pytest.mark.parametrize(
    ("fault", "error", "words"),
    [("500:-1", LLMRequestError, "HTTP 500"), ("invalid:-1", LLMOutputError, "failed validation")],
)
def test_exhausted_retries_give_a_clear_error_and_no_output(
    fault: str, error: type[Exception], words: str, opts: dict[str, Any], sim: SimServer, tmp_path: Path
) -> None:
    sim.set_faults(fault)
    with pytest.raises(error, match=words):
        process(seed_path(SEED_3), _backend("llm", opts, cache=False, max_retries=1, validation_retries=1))
    report = run([seed_path(SEED_3)], tmp_path, backend="llm", backend_options={**opts, "max_retries": 1})
    [entry] = report.inputs
    assert entry["status"] == "error" and words in entry["error"] and "request" in entry["error"]
    assert not (tmp_path / f"{SEED_3}.json").exists() and not (tmp_path / f"{SEED_3}.facts.jsonl").exists()


def test_ungrounded_values_are_rejected_and_flagged(opts: dict[str, Any], sim: SimServer) -> None:
    sim.set_faults(Fault(kind="ungrounded", times=-1, match="Table income."))
    backend = _backend("llm", opts, cache=False)
    res = process(seed_path(SEED_2), backend)
    assert not [f for f in res.facts if f.table == "income"]
    notes = [u for u in res.extraction.unread if u.kind == "ungrounded"]
    assert len(notes) == len([f for f in seed_result(SEED_2).facts if f.table == "income"])
    assert backend.ungrounded == len(notes)
    claims = {u.claim for u in notes}
    assert all(c and c.startswith("98") for c in claims)
    assert not any(f.value in claims for f in res.facts)
    flags = [f for f in res.flags if f.check == "llm.ungrounded"]
    assert len(flags) == len(notes) and all(f.severity == "warning" and f.found for f in flags)
    _verify(SEED_2, res)


def test_hybrid_keeps_agreed_values_and_flags_disagreements(opts: dict[str, Any], sim: SimServer) -> None:
    sim.set_faults(Fault(kind="swap", times=-1, match="Table income."))
    backend = _backend("hybrid", opts, cache=False)
    res = process(seed_path(SEED_2), backend)
    rules = seed_result(SEED_2)
    assert _keyed(res.facts) == _keyed(rules.facts)  # on disagreement the rules value stands
    counts = backend.counts
    assert counts["agreed"] > 200 and counts["disagreed"] > 0
    flags = [f for f in res.flags if f.check == "hybrid.disagreement"]
    assert len(flags) == counts["disagreed"] + counts["rules_only"] + counts["llm_only"]
    income = [f for f in flags if f.facts[0].table == "income"]
    assert income and all(f.severity == "warning" for f in income)
    for f in income:
        kept, claim = f.facts
        assert kept.span and claim.span and kept.value != claim.value  # both spans, both values
    assert res.extraction.backend == "hybrid"
    info = backend.run_info()
    assert info["hybrid"] == counts and info["calls"] > 0


@pytest.mark.parametrize("mode", ["json_schema", "json"])
def test_modes_without_tool_calling(mode: str, opts: dict[str, Any]) -> None:
    res = process(seed_path(SEED_3), _backend("llm", opts, cache=False, mode=mode))
    assert _keyed(res.facts) == _keyed(process(seed_path(SEED_3), _backend("llm", opts, cache=False)).facts)


def test_routing_sends_each_piece_once_with_its_own_schema_only(opts: dict[str, Any]) -> None:
    from extractor.backends.llm import has_amounts, plan

    doc = seed_doc(SEED_2)
    jobs = plan(doc, chunk(doc))
    clean = doc.text.clean
    for j in jobs:
        model = j.request.response_model.__name__
        if j.part == "table":
            assert model == f"TableRows_{j.table}" and len(j.pieces) == 1
        else:
            assert model == {"narrative": "NarrativeFacts", "performance": "PerformanceFacts"}[j.part]
        assert j.request.variables["chunk"] == j.text == "\n".join(clean[s:e] for s, e in j.pieces)
        for pos in (0, len(j.text) // 2, len(j.text) - 1):  # excerpt positions map back to the clean view
            assert clean[j.clean(pos)] == j.text[pos]
    assert {j.table for j in jobs if j.part == "table"} == {t.kind for t in doc.tables if has_amounts(t)}
    assert {t.kind for t in doc.tables} - {j.table for j in jobs} == {"gov_fund", "state_capital"}  # empty
    pieces = sorted(p for j in jobs for p in j.pieces)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(pieces))  # no text is sent twice
    sent = sum(len(j.text) for j in jobs)
    assert sent < 0.5 * len(clean)  # only the text that holds figures
    for never in ("名词解释", "主要职责", "部门(单位)整体绩效自评表"):
        assert all(never not in j.text for j in jobs), never


def test_cli_extract_llm_prints_totals(opts: dict[str, Any], tmp_path: Path) -> None:
    args = ["extract", str(seed_path(SEED_3)), "--backend", "llm", "--out", str(tmp_path)]
    args += ["--base-url", opts["base_url"], "--model", "sim", "--concurrency", "2", "--no-cache"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "llm: " in result.output and " calls, 0 cache hits" in result.output
    assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["llm"]["calls"] > 0


def test_missing_model_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(LLMConfigError, match="--model"):
        run([seed_path(SEED_3)], tmp_path, backend="llm")
    with pytest.raises(Exception, match="takes no options"):
        run([seed_path(SEED_3)], tmp_path, backend="rules", backend_options={"model": "x"})
    assert isinstance(get_backend("llm"), LLMBackend)


def test_config_precedence(tmp_path: Path) -> None:
    toml = tmp_path / "extractor.toml"
    toml.write_text('[llm]\nmodel = "from-toml"\nbase_url = "http://127.0.0.1:1/v1"\nconcurrency = 3\n')
    env = {"EXTRACTOR_LLM_MODEL": "from-env", "EXTRACTOR_CACHE_DIR": str(tmp_path / "c")}
    cfg = LLMConfig.load({"concurrency": 5, "mode": None}, env=env, toml_path=toml)
    assert (cfg.model, cfg.base_url, cfg.concurrency, cfg.cache_dir) == (
        "from-env", "http://127.0.0.1:1/v1", 5, tmp_path / "c",
    )  # fmt: skip
    with pytest.raises(LLMConfigError, match="mode"):
        LLMConfig.load({"mode": "xml"}, env={})
    with pytest.raises(LLMConfigError, match="unknown LLM setting"):
        LLMConfig.load({"colour": "red"}, env={})
    assert "api_key" not in repr(LLMConfig(api_key="secret")) or "secret" not in repr(LLMConfig(api_key="secret"))


# ---------------------------------------------------------------------------------------------
# All five seeds: the llm backend through the sim-server reproduces the rules backend


@pytest.mark.parametrize("doc", SEED_IDS)
def test_every_seed_reproduces_the_rules_facts_and_reruns_from_cache(
    doc: str, opts: dict[str, Any], sim: SimServer
) -> None:
    backend = _backend("llm", opts, concurrency=8)
    res = process(seed_path(doc), backend)
    s = score(res.facts, seed_result(doc).facts)
    assert s.overall.f1 >= 0.99, (doc, s.overall.to_json(), s.missing[:3], s.wrong[:3], s.spurious[:3])
    _verify(doc, res)
    assert backend.client.stats.calls > 0 and not [u for u in res.extraction.unread if u.kind == "ungrounded"]
    requests = sim.state.requests

    again = _backend("llm", opts, concurrency=8)
    res2 = process(seed_path(doc), again)
    assert again.client.stats.calls == 0 and again.client.stats.cache_hits == backend.client.stats.calls
    assert sim.state.requests == requests  # the second run made zero calls
    assert _keyed(res2.facts) == _keyed(res.facts)


def test_what_is_sent_stays_below_the_document_size(opts: dict[str, Any], sim: SimServer) -> None:
    """Everything the requests carried (instructions, example, schema, excerpts) ≤ the document (seed 002)."""
    text = seed_path(SEED_2).read_text(encoding="utf-8")
    backend = _backend("llm", opts, cache=False, concurrency=8)
    process(seed_path(SEED_2), backend)
    sent = sim.state.sent
    assert len(sent) == backend.client.stats.calls
    assert sum(r["total"] for r in sent) <= 1.0 * len(text)
    assert all(r["schema"] > 0 for r in sent)  # the schema is counted, not only the messages


# ---------------------------------------------------------------------------------------------
# Endpoints that always fail: a clean, bounded failure and no output


@pytest.mark.parametrize(("fault", "words"), [("500:-1", "HTTP 500"), ("429:-1:retry_after=0.2", "HTTP 429")])
def test_an_endpoint_that_always_fails_fails_cleanly_in_time(
    fault: str, words: str, opts: dict[str, Any], sim: SimServer, tmp_path: Path
) -> None:
    sim.set_faults(fault)
    options = {**opts, "cache": False, "max_retries": 3, "backoff_base": 0.05, "backoff_max": 0.5}
    t0 = time.perf_counter()
    report = run([seed_path(SEED_2)], tmp_path, backend="llm", backend_options=options)
    elapsed = time.perf_counter() - t0
    [entry] = report.inputs
    assert entry["status"] == "error" and words in entry["error"] and "gave up after 4 attempts" in entry["error"]
    assert elapsed < 150
    assert report.llm is not None and report.llm["transport_retries"] >= 3
    assert not list(tmp_path.glob(f"{SEED_2}*"))  # no facts, no extraction, no flags for the document
    assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["errors"] == 1


def test_the_default_retry_budget_stays_under_150_seconds(opts: dict[str, Any], sim: SimServer) -> None:
    default = LLMConfig()
    assert default.worst_case_seconds() < 150
    assert (default.timeout, default.max_retries, default.backoff_base, default.deadline) == (60.0, 4, 1.0, 120.0)
    # the deadline really bounds a request: a server slower than the timeout, a 1.5 s deadline
    sim.set_faults(Fault(kind="slow", times=-1, delay=3.0))
    backend = _backend("llm", opts, cache=False, timeout=1.0, deadline=1.5, max_retries=10, backoff_base=0.05)
    t0 = time.perf_counter()
    with pytest.raises(LLMRequestError, match="timeout"):
        process(seed_path(SEED_3), backend)
    assert time.perf_counter() - t0 < 1.5 + 2.5


def test_sim_server_latency_is_per_call_and_concurrent(opts: dict[str, Any], sim: SimServer) -> None:
    sim.latency = 0.3
    try:
        backend = _backend("llm", opts, cache=False, concurrency=8)
        t0 = time.perf_counter()
        process(seed_path(SEED_2), backend)
        elapsed = time.perf_counter() - t0
    finally:
        sim.latency = 0.0
    calls = backend.client.stats.calls
    assert 0.3 <= elapsed < 0.3 * calls  # waited per call, but not one call after the other


def test_backend_hooks_have_defaults(tmp_path: Path) -> None:
    from extractor.backends.rules import RulesBackend

    rules = RulesBackend()
    assert rules.run_info() is None
    rules.configure(model=None)  # options not given are fine
    with pytest.raises(ConfigError, match="takes no options \\(model\\)"):
        rules.configure(model="x")
    report = run([seed_path(SEED_3)], tmp_path, backend="rules")
    assert report.llm is None and "llm" not in json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
