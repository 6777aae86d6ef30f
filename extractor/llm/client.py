"""The model client: prompt + response schema → validated answer, for many chunks at once.

openai's async SDK talks to any OpenAI-compatible server; instructor turns the answer into the pydantic
response model and, when validation fails, re-asks with the validation error fed back
(``validation_retries``). Around that the client adds what a batch of chunks needs:

* a concurrency bound (``asyncio.Semaphore``) held only while a request is in flight;
* bounded transport retries with exponential backoff for 429, 5xx, timeouts, lost connections and
  truncated answers (``finish_reason == "length"``), honouring ``Retry-After`` / ``retry-after-ms``;
* the on-disk answer cache (``cache.py``);
* token and call accounting (``LLMStats``), summed over every attempt.

When a request fails for good the whole batch is cancelled and an ``LLMError`` says which chunk, what
went wrong and what to change: no partial results.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import json
import logging
import time
from collections.abc import Coroutine, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import instructor
import openai
from instructor.core import IncompleteOutputException
from pydantic import BaseModel, ValidationError

from extractor.llm.answers import schema_hash
from extractor.llm.cache import AnswerCache, cache_key
from extractor.llm.config import LLMConfig
from extractor.llm.errors import LLMError, LLMOutputError, LLMRequestError
from extractor.llm.prompts import Prompt

T = TypeVar("T")

# instructor logs every failed attempt at ERROR; the client reports failures itself (stats, LLMError)
logging.getLogger("instructor").addHandler(logging.NullHandler())

#: ``LLMConfig.mode`` → instructor mode (a dispatch table, not an if/elif chain)
MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
}
_RETRYABLE_STATUS = {408, 409, 429}


@dataclass
class LLMStats:
    """Totals over a run; ``retries`` = transport retries + validation re-asks."""

    calls: int = 0  # requests that went to the model (cache misses)
    cache_hits: int = 0
    http_requests: int = 0  # every attempt, retries included
    retries: int = 0
    transport_retries: int = 0
    validation_retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["wall_seconds"] = round(self.wall_seconds, 4)
        return data

    def line(self) -> str:
        return (
            f"llm: {self.calls} calls, {self.cache_hits} cache hits, {self.retries} retries, "
            f"{self.prompt_tokens} prompt + {self.completion_tokens} completion tokens, {self.wall_seconds:.2f}s"
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
    def run(self, requests: Sequence[LLMRequest]) -> list[BaseModel]:
        """Answer every request (concurrently, bounded); the answers in request order."""
        if not requests:
            return []
        self.config.require_model()
        t0 = time.perf_counter()
        try:
            return _run_sync(self._run_all(list(requests)))
        finally:
            self.stats.wall_seconds += time.perf_counter() - t0

    # -- internals ---------------------------------------------------------------------------------
    async def _run_all(self, requests: list[LLMRequest]) -> list[BaseModel]:
        cfg = self.config
        http = openai.AsyncOpenAI(
            base_url=cfg.base_url, api_key=cfg.api_key or "not-needed", timeout=cfg.timeout, max_retries=0
        )
        client = instructor.from_openai(http, mode=MODES[cfg.mode])
        client.on("completion:kwargs", self._on_request)
        client.on("completion:response", self._on_response)
        client.on("parse:error", self._on_parse_error)
        sem = asyncio.Semaphore(cfg.concurrency)
        tasks = [asyncio.create_task(self._one(client, sem, r)) for r in requests]
        try:
            _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for t in pending:
                t.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            for t in tasks:
                if not t.cancelled() and t.exception() is not None:
                    raise t.exception()  # type: ignore[misc]
            return [t.result() for t in tasks]
        finally:
            await http.close()

    def _on_request(self, *args: Any, **kwargs: Any) -> None:
        self.stats.http_requests += 1

    def _on_response(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.stats.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
            self.stats.completion_tokens += getattr(usage, "completion_tokens", 0) or 0

    def _on_parse_error(self, error: Exception, **meta: Any) -> None:
        if not meta.get("is_last_attempt"):
            self.stats.validation_retries += 1
            self.stats.retries += 1

    async def _one(self, client: Any, sem: asyncio.Semaphore, req: LLMRequest) -> BaseModel:
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
        attempt = 0
        give_up_at: float | None = None  # the request's deadline, from its first attempt
        while True:
            attempt += 1
            try:
                async with sem:
                    now = time.monotonic()
                    give_up_at = give_up_at or now + cfg.deadline
                    answer = await asyncio.wait_for(
                        client.chat.completions.create(
                            model=model,
                            messages=[dict(m) for m in messages],
                            response_model=req.response_model,
                            max_retries=cfg.validation_retries,
                            temperature=cfg.temperature,
                            max_tokens=cfg.max_tokens,
                            timeout=min(cfg.timeout, max(0.1, give_up_at - now)),
                        ),
                        timeout=max(0.1, give_up_at - now) + 1.0,  # validation re-asks included
                    )
                break
            except Exception as exc:  # classified below; anything unknown is re-raised as LLMError
                problem, wait, fatal = self._classify(req, exc)
                if fatal is not None:
                    raise fatal from exc
                delay = min(wait if wait is not None else cfg.backoff_base * 2 ** (attempt - 1), cfg.backoff_max)
                left = (give_up_at or time.monotonic()) - time.monotonic()
                if attempt <= cfg.max_retries and delay + 0.5 > left:
                    problem += f"; no time left for a retry within the {cfg.deadline:g}s deadline"
                    attempt = cfg.max_retries + 1
                if attempt > cfg.max_retries:
                    cls = LLMOutputError if "truncated" in problem else LLMRequestError
                    raise cls(
                        f"{req.label}: {problem}; gave up after {attempt} attempts "
                        f"(server {cfg.base_url}, model {model})"
                    ) from exc
                self.stats.retries += 1
                self.stats.transport_retries += 1
                await asyncio.sleep(delay)
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

    def _classify(self, req: LLMRequest, exc: BaseException) -> tuple[str, float | None, LLMError | None]:
        """(what went wrong, server-requested wait, or the error to raise at once if not retryable)."""
        cfg = self.config
        chain = _chain(exc)
        for e in chain:
            if isinstance(e, openai.APIStatusError):
                status = e.status_code
                if status in _RETRYABLE_STATUS or status >= 500:
                    return f"HTTP {status} from the server", _retry_after(e.response.headers), None
                hint = {
                    401: "check EXTRACTOR_LLM_API_KEY",
                    403: "check EXTRACTOR_LLM_API_KEY",
                    404: "check --base-url (it usually ends in /v1) and --model",
                }.get(status, "check --base-url, --model and --llm-mode")
                return "", None, LLMRequestError(f"{req.label}: HTTP {status} from {cfg.base_url}: {_short(e)}; {hint}")
            if isinstance(e, openai.APITimeoutError | TimeoutError):
                return f"no answer within {cfg.timeout:g}s (timeout)", None, None
            if isinstance(e, openai.APIConnectionError):
                return f"cannot connect to {cfg.base_url}", None, None
            if isinstance(e, IncompleteOutputException):
                return "answer truncated (finish_reason=length; raise max_tokens or use smaller chunks)", None, None
        for e in chain:
            if isinstance(e, ValidationError | json.JSONDecodeError):
                return (
                    "",
                    None,
                    LLMOutputError(
                        f"{req.label}: the answer failed validation {cfg.validation_retries + 1} times "
                        f"(errors fed back each time); last error: {_short(e)}"
                    ),
                )
        return "", None, LLMError(f"{req.label}: model call failed: {_short(exc)}")


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
