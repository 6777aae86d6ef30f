"""The model client: prompt + response schema → validated answer, for many chunks at once.

openai's async SDK talks to any OpenAI-compatible server; instructor turns the answer into the pydantic
response model. Around that the client adds what a batch of chunks needs:

* **one retry loop** — a tenacity policy handed to instructor (``max_retries=AsyncRetrying(…)``; the SDK's
  own retry is off): an answer that fails validation is re-asked at once with the error fed back
  (``validation_retries``); 429, 408/409, 5xx, timeouts, lost connections and truncated answers
  (``finish_reason == "length"``) are sent again (``max_retries``) after a wait with full jitter
  (up to ``backoff_base × 2^n``, at most ``backoff_max``) or the server's ``Retry-After`` / ``retry-after-ms``;
* **a deadline** for the document: every call, queueing and waits included, ends by ``deadline`` seconds
  after the batch started; no retry is scheduled past it;
* **timeouts that spare a slow server**: ``timeout`` is httpx's read timeout — the longest the server may stay
  silent — so an answer that keeps arriving (``stream``: server-sent events, one piece per token) is never
  cut off and sent again from scratch;
* a concurrency bound (``asyncio.Semaphore``), the on-disk answer cache (``cache.py``), and token and call
  accounting (``LLMStats``) over every attempt.

Outcomes per request: an answer; or, when the server answered but never validly (validation or truncation
after every retry), an ``LLMOutputError`` in its place — the backend notes it and reads on; or, when the
server kept failing, was unreachable, refused the request or the deadline passed, an ``LLMRequestError`` that
cancels the whole batch (one line naming the request, the problem and what to change; no partial results).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import json
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
import instructor
import openai
from instructor.core import AsyncValidationError, IncompleteOutputException, ResponseParsingError
from openai.lib.streaming.chat import ChatCompletionStreamState
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, wait_random_exponential

from extractor.llm.answers import grammar_schema, schema_hash
from extractor.llm.cache import AnswerCache, cache_key
from extractor.llm.config import LLMConfig
from extractor.llm.errors import LLMError, LLMOutputError, LLMRequestError
from extractor.llm.prompts import Prompt

T = TypeVar("T")

# instructor logs every failed attempt at ERROR; the client reports failures itself (stats, LLMError)
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

#: ``LLMConfig.mode`` → instructor mode (a dispatch table, not an if/elif chain)
MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "json_grammar": instructor.Mode.JSON,  # and the schema in response_format (``_grammar``)
}
_RETRYABLE_STATUS = {408, 409, 429}
_CONNECT_TIMEOUT = 10.0  # seconds to open a connection: a server that is not there is known at once
_HINTS = {
    400: "the server refused the request; check --llm-mode (json_schema / json for servers without tool calling)",
    401: "check EXTRACTOR_LLM_API_KEY",
    403: "check EXTRACTOR_LLM_API_KEY",
    404: "check --base-url (it usually ends in /v1) and --model",
}


@dataclass
class LLMStats:
    """Totals over a run; ``retries`` = transport retries + validation re-asks."""

    calls: int = 0  # requests that went to the model (cache misses)
    cache_hits: int = 0
    http_requests: int = 0  # every attempt, retries included
    retries: int = 0
    transport_retries: int = 0
    validation_retries: int = 0
    unanswered: int = 0  # requests whose answer never validated (noted by the backend, not read)
    prompt_tokens: int = 0  # as the server reported them (``usage``), summed over every answer received
    completion_tokens: int = 0
    answers_without_usage: int = 0  # answers whose server reported no usage (streams without include_usage)
    wall_seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["wall_seconds"] = round(self.wall_seconds, 4)
        return data

    def line(self) -> str:
        unknown = f" ({self.answers_without_usage} answers without usage)" if self.answers_without_usage else ""
        return (
            f"llm: {self.calls} calls, {self.cache_hits} cache hits, {self.retries} retries, "
            f"{self.unanswered} unanswered, {self.prompt_tokens} prompt + {self.completion_tokens} completion "
            f"tokens{unknown}, {self.wall_seconds:.2f}s"
        )


@dataclass(frozen=True)
class LLMRequest:
    """One model call: a prompt with its variables and the schema the answer must fit."""

    prompt: Prompt
    variables: dict[str, Any] = field(hash=False)
    response_model: type[BaseModel] = field(hash=False)
    label: str = ""  # names the chunk in errors


class LLMClient:
    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self.stats = LLMStats()
        self.cache = AnswerCache(config.cache_dir) if config.cache else None

    # -- public ------------------------------------------------------------------------------------
    def run(self, requests: Sequence[LLMRequest]) -> list[BaseModel | LLMOutputError]:
        """Answer every request (concurrently, bounded, within the deadline), in request order; a request the
        server answered but never validly gets its ``LLMOutputError``. Raises ``LLMRequestError`` (nothing is
        returned) when a request cannot be answered at all."""
        if not requests:
            return []
        self.config.require_model()
        t0 = time.perf_counter()
        try:
            return _run_sync(self._run_all(list(requests)))
        finally:
            self.stats.wall_seconds += time.perf_counter() - t0

    # -- internals ---------------------------------------------------------------------------------
    async def _run_all(self, requests: list[LLMRequest]) -> list[BaseModel | LLMOutputError]:
        cfg = self.config
        http = openai.AsyncOpenAI(
            base_url=cfg.base_url,
            api_key=cfg.api_key or "not-needed",
            timeout=httpx.Timeout(cfg.timeout, connect=min(cfg.timeout, _CONNECT_TIMEOUT)),
            max_retries=0,  # one retry loop: the tenacity policy below
        )
        mode = MODES[cfg.mode]
        create = _streamed(http) if cfg.stream else http.chat.completions.create
        client = instructor.AsyncInstructor(client=http, create=instructor.patch(create=create, mode=mode), mode=mode)
        client.on("completion:kwargs", self._on_request)
        client.on("completion:response", self._on_response)
        sem = asyncio.Semaphore(cfg.concurrency)
        deadline = asyncio.get_running_loop().time() + cfg.deadline
        tasks = [asyncio.create_task(self._one(client, sem, r, deadline)) for r in requests]
        try:
            _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for t in pending:
                t.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            for t in tasks:
                if not t.cancelled() and (exc := t.exception()) is not None:
                    raise exc
            return [t.result() for t in tasks]
        finally:
            await http.close()

    def _on_request(self, *args: Any, **kwargs: Any) -> None:
        self.stats.http_requests += 1

    def _on_response(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        if usage is None:
            self.stats.answers_without_usage += 1
            return
        self.stats.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
        self.stats.completion_tokens += getattr(usage, "completion_tokens", 0) or 0

    async def _one(
        self, client: Any, sem: asyncio.Semaphore, req: LLMRequest, deadline: float
    ) -> BaseModel | LLMOutputError:
        cfg = self.config
        model = cfg.require_model()
        messages = req.prompt.render(**req.variables)
        key = cache_key(model, req.prompt.id, schema_hash(req.response_model), messages)
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                try:
                    answer = req.response_model.model_validate(hit["answer"])
                except (ValidationError, KeyError, TypeError):
                    pass
                else:
                    self.stats.cache_hits += 1
                    return answer
        self.stats.calls += 1
        policy = _Policy(cfg, self.stats, deadline)
        try:
            async with asyncio.timeout_at(deadline), sem:
                answer = await client.chat.completions.create(
                    model=model,
                    messages=[dict(m) for m in messages],
                    response_model=req.response_model,
                    max_retries=policy.retrying(),
                    temperature=cfg.temperature,
                    max_tokens=cfg.max_tokens,
                    **(_grammar(req.response_model) if cfg.mode == "json_grammar" else {}),
                )
        except Exception as exc:  # classified: an output problem is returned, anything else raised
            error = _classify(cfg, req, exc, policy.attempts)
            if isinstance(error, LLMOutputError):
                self.stats.unanswered += 1
                return error
            raise error from exc
        if self.cache is not None:
            self.cache.put(
                key,
                {
                    "model": model,
                    "prompt": req.prompt.id,
                    "schema": req.response_model.__name__,
                    "answer": answer.model_dump(mode="json"),
                },
            )
        return answer


class _Policy:
    """The retry policy of one request: which failures are tried again, how long to wait, when to stop."""

    def __init__(self, config: LLMConfig, stats: LLMStats, deadline: float) -> None:
        self.config = config
        self.stats = stats
        self.deadline = deadline
        self.attempts = 0
        self.tried = {"transport": 0, "validation": 0}
        self._jitter = wait_random_exponential(multiplier=config.backoff_base, max=config.backoff_max)

    def retrying(self) -> AsyncRetrying:
        return AsyncRetrying(retry=self._retry, wait=self._wait, stop=self._stop, before_sleep=self._count,
                             reraise=True)  # fmt: skip

    def _retry(self, state: RetryCallState) -> bool:
        self.attempts = state.attempt_number
        exc = state.outcome.exception() if state.outcome else None
        kind = _kind(exc) if exc is not None else None
        if kind is None:
            return False
        limit = self.config.max_retries if kind == "transport" else self.config.validation_retries
        return self.tried[kind] < limit

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if _kind(exc) == "validation":
            return 0.0  # re-ask at once, with the error fed back
        asked = _retry_after(exc.response.headers) if isinstance(exc, openai.APIStatusError) else None
        return min(asked, self.config.backoff_max) if asked is not None else self._jitter(state)

    def _stop(self, state: RetryCallState) -> bool:
        """Stop when the wait would end past the document's deadline."""
        return asyncio.get_running_loop().time() + (state.upcoming_sleep or 0.0) >= self.deadline

    def _count(self, state: RetryCallState) -> None:
        kind = _kind(state.outcome.exception()) if state.outcome else None
        if kind is None:
            return
        self.tried[kind] += 1
        self.stats.retries += 1
        if kind == "transport":
            self.stats.transport_retries += 1
        else:
            self.stats.validation_retries += 1


def _kind(exc: BaseException | None) -> str | None:
    """``transport`` (send again), ``validation`` (re-ask with the error) or None (do not retry)."""
    if isinstance(exc, openai.APIStatusError):
        return "transport" if exc.status_code in _RETRYABLE_STATUS or exc.status_code >= 500 else None
    if isinstance(exc, openai.APIConnectionError | IncompleteOutputException):  # timeouts are connection errors
        return "transport"
    if isinstance(exc, ValidationError | json.JSONDecodeError | ResponseParsingError | AsyncValidationError):
        return "validation"
    return None


def _classify(cfg: LLMConfig, req: LLMRequest, exc: BaseException, attempts: int) -> LLMError:
    """The one-line error for a request that failed for good (after ``attempts`` attempts)."""
    where = f"(server {cfg.base_url}, model {cfg.model})"
    tries = f"gave up after {attempts} attempt{'s' if attempts != 1 else ''}"
    chain = _chain(exc)
    for e in chain:
        if isinstance(e, openai.APIStatusError):
            status = e.status_code
            if status in _RETRYABLE_STATUS or status >= 500:
                return LLMRequestError(f"{req.label}: HTTP {status} from the server; {tries} {where}")
            hint = _HINTS.get(status, "check --base-url, --model and --llm-mode")
            return LLMRequestError(f"{req.label}: HTTP {status} from {cfg.base_url}: {_short(e)}; {hint}")
        if isinstance(e, openai.APITimeoutError):
            return LLMRequestError(
                f"{req.label}: the server sent nothing for {cfg.timeout:g}s (timeout); {tries} {where}; "
                "a slow local model needs a longer EXTRACTOR_LLM_TIMEOUT (or EXTRACTOR_LLM_STREAM=1)"
            )
        if isinstance(e, openai.APIConnectionError):
            return LLMRequestError(f"{req.label}: cannot connect to {cfg.base_url}; {tries} {where}")
        if isinstance(e, IncompleteOutputException):
            return LLMOutputError(
                f"{req.label}: answer truncated (finish_reason=length) {attempts} times; raise max_tokens "
                "or use smaller chunks"
            )
    for e in chain:
        if _kind(e) == "validation":
            return LLMOutputError(
                f"{req.label}: the answer failed validation {attempts} times (errors fed back each time); "
                f"last error: {_short(e)}"
            )
    if any(isinstance(e, TimeoutError) for e in chain):
        return LLMRequestError(
            f"{req.label}: not answered within the {cfg.deadline:g}s deadline for the document's model calls "
            f"({attempts} attempts) {where}; raise EXTRACTOR_LLM_DEADLINE for a slow model"
        )
    return LLMError(f"{req.label}: model call failed: {_short(exc)}")


def _grammar(model: type[BaseModel]) -> dict[str, Any]:
    """``response_format: {"type": "json_object", "schema": …}`` for instructor's ``json`` mode: llama-cpp-python's
    server turns the schema into a grammar, so even a small local model can only answer in the schema's shape, with
    numbers where numbers go (``grammar_schema``). Sent as ``extra_body``, which the SDK merges over the
    ``response_format`` instructor sets."""
    return {"extra_body": {"response_format": {"type": "json_object", "schema": grammar_schema(model)}}}


def _streamed(http: openai.AsyncOpenAI) -> Callable[..., Coroutine[Any, Any, ChatCompletion]]:
    """``chat.completions.create`` that receives the answer as server-sent events and returns it whole: the read
    timeout then bounds the silence between two pieces, not the whole answer. Usage comes from the stream's
    last event when the server sends it (``stream_options.include_usage``)."""

    async def create(**kwargs: Any) -> ChatCompletion:
        kwargs = {**kwargs, "stream": True, "stream_options": {"include_usage": True}}
        state: ChatCompletionStreamState[Any] = ChatCompletionStreamState()
        async with await http.chat.completions.create(**kwargs) as stream:
            async for chunk in stream:
                state.handle_chunk(chunk)
        whole = state.current_completion_snapshot.model_dump(mode="json", exclude_none=True)
        return ChatCompletion.model_validate({**whole, "object": "chat.completion"})

    return create


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and e not in out:
        out.append(e)
        e = e.__cause__ or e.__context__
    return out


def _short(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text[:300] + ("…" if len(text) > 300 else "")


def _retry_after(headers: Any) -> float | None:
    """Seconds the server asks us to wait: ``retry-after-ms``, or ``Retry-After`` in seconds or as a date."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion, also when the caller already runs an event loop (in a worker thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
