"""The LLM client: prompt template + response schema → validated answer. The only place that imports
``openai`` and ``instructor``.

Public API (``__all__``): ``LLMConfig`` (frozen settings, read by ``LLMConfig.load`` from CLI options, the
environment and ``extractor.toml`` through pydantic-settings), ``LLMClient`` / ``LLMRequest`` / ``LLMStats``
(concurrent calls within a deadline, one tenacity retry policy, cache, token accounting), ``load_prompt`` /
``Prompt`` (versioned template files in ``prompts/``), the answer schemas (``table_answer``,
``NarrativeFacts``, ``PerformanceFacts``) and the errors::

    ExtractorError
    ├── ConfigError ── LLMConfigError
    └── LLMError ─┬─ LLMRequestError   (HTTP errors, 429/5xx, timeouts, the deadline — after every retry)
                  ├─ LLMOutputError    (answers that never validate, truncated answers: returned per request)
                  └─ PromptError       (malformed template, missing or undeclared variables)

Test servers (not imported here): ``serve`` (the OpenAI-compatible HTTP side, faults, streaming),
``sim_server`` (answers with the rules readers), ``oracle`` (answers from an answer key, never reads).
"""

from __future__ import annotations

from extractor.llm.answers import NarrativeFacts, PerformanceFacts, ReadValue, schema_hash, table_answer
from extractor.llm.client import MODES, LLMClient, LLMRequest, LLMStats
from extractor.llm.config import LLMConfig
from extractor.llm.errors import LLMConfigError, LLMError, LLMOutputError, LLMRequestError, PromptError
from extractor.llm.prompts import Prompt, available_prompts, load_prompt

__all__ = [
    "MODES",
    "LLMClient",
    "LLMConfig",
    "LLMConfigError",
    "LLMError",
    "LLMOutputError",
    "LLMRequest",
    "LLMRequestError",
    "LLMStats",
    "NarrativeFacts",
    "PerformanceFacts",
    "Prompt",
    "PromptError",
    "ReadValue",
    "available_prompts",
    "load_prompt",
    "schema_hash",
    "table_answer",
]
