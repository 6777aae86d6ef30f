"""Secrets never written: an endpoint that echoes the API key, and a base URL with a password, leave neither
in run.json, on stderr, in logs or in the answer cache."""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extractor.llm.cache import AnswerCache
from extractor.redact import install_log_redaction, printable, redact, remember, url_secrets
from tests.conftest import seed_path

KEY = "sk-test-Secr3tKeyThatMustNeverBeWritten0123"
PASSWORD = "pa55w0rd-in-the-url"


class _Echo(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that refuses every request and echoes the credentials it was sent."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        echo = f"Incorrect API key provided: {self.headers.get('authorization')} for {self.path}"
        body = json.dumps({"error": {"message": echo, "type": "invalid_request_error"}}).encode()
        self.send_response(401)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def echo_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("credentials", ["key", "url"])
def test_an_echoed_key_and_url_credentials_are_never_written(echo_url: str, tmp_path: Path, credentials: str) -> None:
    """The key goes out as a bearer token; URL credentials as HTTP Basic auth: the server echoes either."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    base = echo_url + "/v1"
    if credentials == "url":
        base = echo_url.replace("http://", f"http://reviewer:{PASSWORD}@") + f"/v1?api_key={PASSWORD}x"
    env = {**os.environ, "EXTRACTOR_LLM_API_KEY": KEY, "EXTRACTOR_CACHE_DIR": str(cache)}
    res = subprocess.run(
        [sys.executable, "-m", "extractor", "extract", str(seed_path("003_9ee8868df83b9797")), "--out", str(out),
         "--backend", "llm", "--model", "m", "--base-url", base],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert res.returncode == 1, res.stderr
    assert "HTTP 401" in res.stderr and "Incorrect API key provided" in res.stderr  # the error itself is kept
    written = [res.stdout, res.stderr, *(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())]
    written += [p.read_text(encoding="utf-8") for p in cache.rglob("*") if p.is_file()]
    basic = base64.b64encode(f"reviewer:{PASSWORD}".encode()).decode()
    for text in written:
        assert KEY not in text and PASSWORD not in text and "Secr3tKey" not in text and basic not in text
    echoed = "Bearer ***" if credentials == "key" else "Basic ***"
    assert f"Incorrect API key provided: {echoed}" in res.stderr
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["llm"]["config"]["base_url"].startswith("http://***@127.0.0.1" if credentials == "url" else "http://127")


def test_the_cache_never_holds_a_secret(tmp_path: Path) -> None:
    remember([KEY])
    cache = AnswerCache(tmp_path)
    cache.put("ab" * 32, {"model": "m", "answer": {"note": f"the server said: key {KEY} is invalid"}})
    stored = next(tmp_path.rglob("*.json")).read_text(encoding="utf-8")
    assert KEY not in stored and "***" in stored


def test_logs_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    install_log_redaction()
    remember([KEY])
    with caplog.at_level(logging.WARNING):
        logging.getLogger("httpx").warning("request failed: Authorization: Bearer %s", KEY)
        logging.getLogger("x").warning("POST https://user:%s@host/v1", PASSWORD)
    assert KEY not in caplog.text and PASSWORD not in caplog.text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"https://ann:{PASSWORD}@llm.example/v1", "https://***@llm.example/v1"),
        (f"http://host/v1?key={PASSWORD}&model=m", "http://host/v1?key=***&model=m"),
        ("Authorization: Bearer abc.def-ghi", "Authorization: Bearer ***"),
        ("an sk-0123456789abcdefXYZ key", "an sk-*** key"),
        ("no secret here: 130.68 万元", "no secret here: 130.68 万元"),
    ],
)
def test_redact(text: str, kept: str) -> None:
    assert redact(text) == kept


def test_url_secrets_and_printable() -> None:
    assert PASSWORD in url_secrets(f"https://ann:{PASSWORD}@host/v1")
    assert printable("a\nb\tc\x1b[2J\u202e") == "a\\nb\\tc\\x1b[2J\\u202e"
