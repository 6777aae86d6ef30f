"""A local OpenAI-compatible chat-completions server for tests, benchmarks and demos: the HTTP side, the
faults, streaming and the request record. What it answers comes from an ``Answerer`` — a function
``(schema name, chunk text) → answer dict`` — so this module knows no reader and no answer key:

* ``sim_server.SimServer`` answers with the project's rules readers (end-to-end tests of the plumbing);
* ``oracle.AnswerKey`` answers from a facts JSONL answer key (a perfect model: the pipeline's ceiling).

Endpoints, on 127.0.0.1:

* ``POST /v1/chat/completions`` — tool calls (``tools``), ``response_format`` ``json_schema`` and
  ``json_object``; ``stream: true`` answers as server-sent events (with a ``usage`` chunk when
  ``stream_options.include_usage`` asks for one); ``usage`` filled in (about two characters a token).
  With ``latency`` every completion waits that long first; requests are served concurrently (a thread each).
* ``GET /v1/models``;
* ``POST /_sim/faults`` ``{"faults": [{"kind": …, "times": 1, "match": "…", "retry_after": 1, "delay": 2}]}``
  queues faults for the next matching requests (``times: -1`` = every one; ``match``: a substring the prompt
  must contain); ``DELETE /_sim/faults`` clears them; ``GET /_sim/stats`` counts requests and lists every
  completion request's size (``sent``); ``POST /_sim/reset`` clears both.

Fault kinds: ``429`` (with ``Retry-After``), ``500``, ``slow`` (silence for ``delay`` seconds, then the
answer: past a client's timeout it looks hung), ``trickle`` (the answer sent in ten pieces over ``delay``
seconds — a slow server that is still answering), ``malformed`` (invalid JSON), ``invalid`` (JSON that breaks
the schema), ``ungrounded`` (numbers that are not in the text), ``swap`` (wrong numbers that are in the text:
the values rotated by one place), ``truncate`` (half an answer, ``finish_reason: "length"``).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

#: ``(schema name, chunk text) → answer`` (a dict in the shape of the named response schema)
Answerer = Callable[[str, str], dict[str, Any]]

FAULT_KINDS = ("429", "500", "slow", "trickle", "malformed", "invalid", "ungrounded", "swap", "truncate")
_CHUNK = re.compile(r"<chunk>\n(.*)\n</chunk>", re.S)
_SCHEMA_TITLE = re.compile(r'"title":\s*"(TableRows_\w+|NarrativeFacts|PerformanceFacts)"')
_PIECES = 10  # a trickled answer goes out in this many pieces


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
    usage: list[dict[str, int]] = field(default_factory=list)  # per completion answered: the usage reported
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

    def clear(self) -> None:
        with self.lock:
            self.faults, self.requests, self.injected, self.sent, self.usage = [], 0, {}, [], []


# ---------------------------------------------------------------------------------------------
# Faults on the answer


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
# Requests and completions


def _content(message: dict[str, Any]) -> str:
    c = message.get("content") or ""
    if isinstance(c, list):
        return "".join(p.get("text", "") for p in c if isinstance(p, dict))
    return str(c)


def schema_name(body: dict[str, Any]) -> str:
    """The response schema a request asks for: the tool's name, the json_schema's name, or a schema title in
    the prompt (``json`` mode)."""
    tools = body.get("tools") or []
    if tools:
        return tools[0]["function"]["name"]
    rf = body.get("response_format") or {}
    if rf.get("type") == "json_schema":
        return rf["json_schema"]["name"]
    if rf.get("type") == "json_object" and isinstance(rf.get("schema"), dict) and rf["schema"].get("title"):
        return str(rf["schema"]["title"])  # json_grammar: the schema a grammar-constraining server enforces
    for m in body.get("messages", []):
        found = _SCHEMA_TITLE.search(_content(m))
        if found:
            return found.group(1)
    raise ValueError("no schema in the request (tools, response_format json_schema, or a schema in the prompt)")


def chunk_text(body: dict[str, Any]) -> str:
    """The ``<chunk>…</chunk>`` block of the last user message that has one: the text the model reads."""
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
        name = schema_name(body)
    except (ValueError, KeyError, IndexError, TypeError):
        name = "?"
    return {"schema_name": name, "messages": messages, "schema": schema, "total": messages + schema}


def completion(body: dict[str, Any], fault: Fault | None, answer: Answerer) -> dict[str, Any]:
    """A chat.completion object answering ``body`` with ``answer`` (``fault`` applied to the content)."""
    name = schema_name(body)
    data = answer(name, chunk_text(body))
    kind = fault.kind if fault else None
    if kind == "ungrounded":
        data = _ungrounded(data)
    elif kind == "swap":
        data = _swap(data)
    payload = json.dumps(data, ensure_ascii=False)
    finish = "tool_calls" if body.get("tools") else "stop"
    if kind == "malformed":
        payload = payload[: max(1, len(payload) // 2)] + "}}]"
    elif kind == "invalid":
        payload = json.dumps({"unexpected": "not the schema", **({"rows": "none"} if "rows" in data else {})})
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


def stream_events(data: dict[str, Any], include_usage: bool) -> Iterator[dict[str, Any]]:
    """``data`` (a chat.completion) as the chat.completion.chunk events a streaming server sends: the role,
    the answer in ``_PIECES`` pieces, the finish reason, then (if asked for) a usage chunk."""
    choice = data["choices"][0]
    message = choice["message"]
    head = {"id": data["id"], "object": "chat.completion.chunk", "created": data["created"], "model": data["model"]}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]}

    call = (message.get("tool_calls") or [None])[0]
    text = call["function"]["arguments"] if call else message["content"]
    if call:
        yield chunk({"role": "assistant", "tool_calls": [
            {"index": 0, "id": call["id"], "type": "function", "function": {"name": call["function"]["name"],
                                                                            "arguments": ""}}]})  # fmt: skip
    else:
        yield chunk({"role": "assistant", "content": ""})
    step = max(1, -(-len(text) // _PIECES))
    for i in range(0, len(text), step):
        piece = text[i : i + step]
        yield chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]} if call else {"content": piece})
    yield chunk({}, choice["finish_reason"])
    if include_usage:
        yield {**head, "choices": [], "usage": data["usage"]}


# ---------------------------------------------------------------------------------------------
# HTTP


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, data: Any, headers: dict[str, str] | None = None, trickle: float = 0.0) -> None:
        """Send ``data`` as JSON; with ``trickle`` seconds, in ``_PIECES`` pieces spread over that time."""
        raw = json.dumps(data, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            step = max(1, -(-len(raw) // _PIECES)) if trickle else len(raw)
            for i in range(0, len(raw), step):
                if trickle:
                    time.sleep(trickle / _PIECES)
                self.wfile.write(raw[i : i + step])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout fault)
            pass

    def _stream(self, data: dict[str, Any], include_usage: bool, trickle: float) -> None:
        """Send ``data`` as server-sent events, the connection closed after ``data: [DONE]``."""
        events = list(stream_events(data, include_usage))
        self.close_connection = True
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            for e in events:
                if trickle:
                    time.sleep(trickle / len(events))
                self.wfile.write(f"data: {json.dumps(e, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
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
                                 "sent": list(state.sent), "usage": list(state.usage)})  # fmt: skip
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
            state.clear()
            self._send(200, {"ok": True})
            return
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, {"error": {"message": f"no route {self.path}"}})
            return
        self._complete(body)

    def _complete(self, body: dict[str, Any]) -> None:
        state = self.server.state
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
            data = completion(body, fault, self.server.answer)
        except (ValueError, KeyError) as exc:
            self._send(400, {"error": {"message": f"sim-server: {exc}", "type": "invalid_request_error"}})
            return
        with state.lock:
            state.usage.append(dict(data["usage"]))
        trickle = fault.delay if fault and fault.kind == "trickle" else 0.0
        if body.get("stream"):
            self._stream(data, bool((body.get("stream_options") or {}).get("include_usage")), trickle)
        else:
            self._send(200, data, trickle=trickle)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, addr: tuple[str, int], state: SimState, answer: Answerer, verbose: bool, latency: float = 0.0
    ) -> None:
        super().__init__(addr, _Handler)
        self.state = state
        self.answer = answer
        self.verbose = verbose
        self.latency = latency


class AnswerServer:
    """The test server on ``host:port`` (port 0: a free one) answering with ``answer``; ``start()`` serves from
    a daemon thread, ``serve_forever()`` in the caller's."""

    def __init__(
        self,
        answer: Answerer,
        port: int = 0,
        host: str = "127.0.0.1",
        faults: list[Fault] | None = None,
        verbose: bool = False,
        latency: float = 0.0,
    ) -> None:
        self.state = SimState(faults=list(faults or []))
        self.httpd = _Server((host, port), self.state, answer, verbose, latency)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def base_url(self) -> str:
        host = self.httpd.server_address[0]
        assert isinstance(host, str)  # an AF_INET address (typeshed allows bytes for other address families)
        return f"http://{host}:{self.port}/v1"

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
        self.state.clear()

    def start(self) -> Self:
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
