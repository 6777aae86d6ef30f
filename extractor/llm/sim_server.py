"""A local OpenAI-compatible test server that answers from the chunk text with the project's own readers.

``extractor sim-server --port P`` (or ``SimServer(...).start()`` in tests) serves, on 127.0.0.1:

* ``POST /v1/chat/completions`` — tool calls (``tools``), ``response_format`` ``json_schema`` and ``json_object``;
  ``usage`` filled in (about two characters a token). The answer is read deterministically from the
  ``<chunk>…</chunk>`` block of the prompt: the chunk is segmented and read with ``extractor.readers``, so
  end-to-end tests have right answers. Its numbers are the rules readers' numbers on one chunk: **they say
  nothing about any model's accuracy.**
  With ``latency`` (``--latency 0.5``) every chat completion waits that long first, like a remote model;
  requests are served concurrently (one thread each), so concurrency pays off as it would for real.
  ``GET /_sim/stats`` also returns every completion request's body size (``sent``: the characters of the
  messages, ``tools``/``tool_choice`` and ``response_format`` — everything the client sent the model).
* ``GET /v1/models``;
* ``POST /_sim/faults`` ``{"faults": [{"kind": …, "times": 1, "match": "…", "retry_after": 1, "delay": 2}]}``
  queues faults for the next matching requests (``times: -1`` = every one; ``match``: a substring the prompt
  must contain); ``DELETE /_sim/faults`` clears them; ``GET /_sim/stats`` counts requests;
  ``POST /_sim/reset`` clears both.

Fault kinds: ``429`` (with ``Retry-After``), ``500``, ``slow`` (answer after ``delay`` seconds, past the
client's timeout), ``malformed`` (invalid JSON), ``invalid`` (JSON that breaks the schema), ``ungrounded``
(numbers that are not in the text), ``swap`` (wrong numbers that are in the text: the values rotated by one
place), ``truncate`` (half an answer, ``finish_reason: "length"``).
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from extractor.normalize import normalize
from extractor.readers.narrative import read_narrative
from extractor.readers.performance import read_performance
from extractor.readers.tables import read_tables
from extractor.segment import segment

FAULT_KINDS = ("429", "500", "slow", "malformed", "invalid", "ungrounded", "swap", "truncate")
_CHUNK = re.compile(r"<chunk>\n(.*)\n</chunk>", re.S)
_SCHEMA_TITLE = re.compile(r'"title":\s*"(TableRows_\w+|NarrativeFacts|PerformanceFacts)"')


@dataclass
class Fault:
    kind: str
    times: int = 1  # -1: every matching request
    match: str | None = None
    retry_after: float = 1.0
    delay: float = 2.0

    @classmethod
    def parse(cls, spec: str) -> Fault:
        """``kind[:times][:key=value…]``, e.g. ``429:2:retry_after=0.1``, ``swap:-1:match=Table income``."""
        parts = spec.split(":")
        kw: dict[str, Any] = {"kind": parts[0]}
        for p in parts[1:]:
            if "=" in p:
                k, _, v = p.partition("=")
                kw[k] = v if k == "match" else float(v)
            else:
                kw["times"] = int(p)
        return cls.from_json(kw)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        if data.get("kind") not in FAULT_KINDS:
            raise ValueError(f"unknown fault {data.get('kind')!r}; kinds: {', '.join(FAULT_KINDS)}")
        f = cls(**data)
        f.times = int(f.times)
        return f


@dataclass
class SimState:
    faults: list[Fault] = field(default_factory=list)
    requests: int = 0
    injected: dict[str, int] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)  # per completion request: schema, characters
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_fault(self, prompt: str) -> Fault | None:
        with self.lock:
            self.requests += 1
            for f in self.faults:
                if f.times != 0 and (f.match is None or f.match in prompt):
                    if f.times > 0:
                        f.times -= 1
                    self.injected[f.kind] = self.injected.get(f.kind, 0) + 1
                    return f
            return None


# ---------------------------------------------------------------------------------------------
# Reading the chunk


def read_chunk(schema: str, text: str) -> dict[str, Any]:
    """The right answer for ``schema`` on ``text``, read by the deterministic readers."""
    doc = segment(normalize(text), "sim")
    if schema.startswith("TableRows_"):
        table = schema.removeprefix("TableRows_")
        tables, _ = read_tables(doc)
        rows = []
        for t in tables:
            if t.table != table:
                continue
            for r in t.rows:
                cells = [{"col": c, "value": a.plain(), "source": a.text} for c, a in r.cells.items()]
                if cells:
                    rows.append({"key": r.row, "label": r.label, "cells": cells})
        return {"rows": rows}
    if schema == "NarrativeFacts":
        facts, _ = read_narrative(doc)
        out = []
        for n in facts:
            s = n.amount.span[0]
            line_start = text.rfind("\n", 0, s) + 1
            context = text[max(line_start, s - 8) : s]
            out.append(
                {"key": n.row, "value": n.amount.plain(), "source": n.amount.text, "unit": n.amount.unit,
                 "context": context}
            )  # fmt: skip
        return {"facts": out}
    if schema == "PerformanceFacts":
        rows, _ = read_performance(doc)
        items = [
            {"project": p.project, "col": c, "value": a.plain(), "source": a.text}
            for p in rows
            for c, a in p.cells.items()
        ]
        return {"items": items}
    raise ValueError(f"sim-server does not know the schema {schema!r}")


def _values(answer: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The answer's value dicts, grouped (per table row; one group for prose)."""
    if "rows" in answer:
        return [r["cells"] for r in answer["rows"]]
    return [answer.get("facts") or answer.get("items") or []]


def _ungrounded(answer: dict[str, Any]) -> dict[str, Any]:
    n = 0
    for group in _values(answer):
        for v in group:
            n += 1
            v["value"] = v["source"] = f"{98760 + n}.{n % 100:02d}"
    return answer


def _swap(answer: dict[str, Any]) -> dict[str, Any]:
    """Rotate the answer's values by one place: wrong numbers that are still printed in the text."""
    values = [v for group in _values(answer) for v in group]
    pairs = [(v["value"], v["source"]) for v in values]
    if len({Decimal(p[0]) for p in pairs}) >= 2:
        for v, (value, source) in zip(values, pairs[1:] + pairs[:1], strict=True):
            v["value"], v["source"] = value, source
    return answer


# ---------------------------------------------------------------------------------------------
# HTTP


def _schema_name(body: dict[str, Any]) -> str:
    tools = body.get("tools") or []
    if tools:
        return tools[0]["function"]["name"]
    rf = body.get("response_format") or {}
    if rf.get("type") == "json_schema":
        return rf["json_schema"]["name"]
    for m in body.get("messages", []):
        found = _SCHEMA_TITLE.search(_content(m))
        if found:
            return found.group(1)
    raise ValueError("no schema in the request (tools, response_format json_schema, or a schema in the prompt)")


def _content(message: dict[str, Any]) -> str:
    c = message.get("content") or ""
    if isinstance(c, list):
        return "".join(p.get("text", "") for p in c if isinstance(p, dict))
    return str(c)


def _chunk_text(body: dict[str, Any]) -> str:
    for m in reversed(body.get("messages", [])):
        if m.get("role") == "user":
            found = _CHUNK.search(_content(m))
            if found:
                return found.group(1)
    raise ValueError("no <chunk>…</chunk> block in the user messages")


def request_size(body: dict[str, Any]) -> dict[str, Any]:
    """What a completion request sent the model, in characters: the messages' text, and the schema as sent
    (``tools`` + ``tool_choice`` or ``response_format``, as compact JSON)."""

    def js(x: Any) -> int:
        return len(json.dumps(x, ensure_ascii=False, separators=(",", ":"))) if x else 0

    messages = sum(len(_content(m)) for m in body.get("messages", []))
    schema = js(body.get("tools")) + js(body.get("tool_choice")) + js(body.get("response_format"))
    try:
        name = _schema_name(body)
    except (ValueError, KeyError, IndexError, TypeError):
        name = "?"
    return {"schema_name": name, "messages": messages, "schema": schema, "total": messages + schema}


def completion(body: dict[str, Any], fault: Fault | None) -> dict[str, Any]:
    """A chat.completion object answering ``body`` (with ``fault`` applied to the content)."""
    name = _schema_name(body)
    answer = read_chunk(name, _chunk_text(body))
    kind = fault.kind if fault else None
    if kind == "ungrounded":
        answer = _ungrounded(answer)
    elif kind == "swap":
        answer = _swap(answer)
    payload = json.dumps(answer, ensure_ascii=False)
    finish = "tool_calls" if body.get("tools") else "stop"
    if kind == "malformed":
        payload = payload[: max(1, len(payload) // 2)] + "}}]"
    elif kind == "invalid":
        payload = json.dumps({"unexpected": "not the schema", **({"rows": "none"} if "rows" in answer else {})})
    elif kind == "truncate":
        payload, finish = payload[: max(1, len(payload) // 2)], "length"
    if body.get("tools"):
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "call_sim", "type": "function", "function": {"name": name, "arguments": payload}}],
        }
    else:
        message = {"role": "assistant", "content": payload}
    prompt_chars = sum(len(_content(m)) for m in body.get("messages", []))
    prompt_tokens, completion_tokens = max(1, prompt_chars // 2), max(1, len(payload) // 2)
    return {
        "id": f"chatcmpl-sim-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "sim"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        raw = json.dumps(data, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout fault)
            pass

    def _body(self) -> dict[str, Any]:
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n) or b"{}")

    def do_GET(self) -> None:
        state = self.server.state
        if self.path.rstrip("/") == "/v1/models":
            self._send(200, {"object": "list", "data": [{"id": "sim", "object": "model", "owned_by": "extractor"}]})
        elif self.path == "/_sim/stats":
            with state.lock:
                self._send(200, {"requests": state.requests, "injected": dict(state.injected),
                                 "pending": [f.__dict__ for f in state.faults if f.times != 0],
                                 "sent": list(state.sent)})  # fmt: skip
        else:
            self._send(404, {"error": {"message": f"no route {self.path}"}})

    def do_DELETE(self) -> None:
        if self.path == "/_sim/faults":
            with self.server.state.lock:
                self.server.state.faults.clear()
            self._send(200, {"ok": True})
        else:
            self._send(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        state = self.server.state
        try:
            body = self._body()
        except (ValueError, UnicodeDecodeError):
            self._send(400, {"error": {"message": "body is not JSON"}})
            return
        if self.path == "/_sim/faults":
            try:
                faults = [Fault.from_json(f) for f in body.get("faults", [])]
            except (TypeError, ValueError) as exc:
                self._send(400, {"error": {"message": str(exc)}})
                return
            with state.lock:
                state.faults = faults
            self._send(200, {"ok": True, "faults": len(faults)})
            return
        if self.path == "/_sim/reset":
            with state.lock:
                state.faults, state.requests, state.injected, state.sent = [], 0, {}, []
            self._send(200, {"ok": True})
            return
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, {"error": {"message": f"no route {self.path}"}})
            return
        prompt = "\n".join(_content(m) for m in body.get("messages", []))
        record = request_size(body)
        with state.lock:
            state.sent.append(record)
        if self.server.latency:
            time.sleep(self.server.latency)
        fault = state.take_fault(prompt)
        if fault and fault.kind == "429":
            self._send(429, {"error": {"message": "rate limited (sim)", "type": "rate_limit"}},
                       {"Retry-After": f"{fault.retry_after:g}"})  # fmt: skip
            return
        if fault and fault.kind == "500":
            self._send(500, {"error": {"message": "internal error (sim)", "type": "server_error"}})
            return
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)
        try:
            data = completion(body, fault)
        except (ValueError, KeyError) as exc:
            self._send(400, {"error": {"message": f"sim-server: {exc}", "type": "invalid_request_error"}})
            return
        self._send(200, data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr: tuple[str, int], state: SimState, verbose: bool, latency: float = 0.0) -> None:
        super().__init__(addr, _Handler)
        self.state = state
        self.verbose = verbose
        self.latency = latency


class SimServer:
    """The sim-server on ``host:port`` (port 0: a free one); ``start()`` serves from a daemon thread."""

    def __init__(
        self,
        port: int = 0,
        host: str = "127.0.0.1",
        faults: list[Fault] | None = None,
        verbose: bool = False,
        latency: float = 0.0,
    ) -> None:
        self.state = SimState(faults=list(faults or []))
        self.httpd = _Server((host, port), self.state, verbose, latency)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.httpd.server_address[0]}:{self.port}/v1"

    def set_faults(self, *faults: Fault | str) -> None:
        with self.state.lock:
            self.state.faults = [f if isinstance(f, Fault) else Fault.parse(f) for f in faults]

    @property
    def latency(self) -> float:
        return self.httpd.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self.httpd.latency = seconds

    def reset(self) -> None:
        with self.state.lock:
            self.state.faults, self.state.requests, self.state.injected, self.state.sent = [], 0, {}, []

    def start(self) -> SimServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="sim-server", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)
