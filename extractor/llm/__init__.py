"""The LLM client: prompt template + response schema → validated answer. The only place that imports
``openai`` and ``instructor``.

Public API (``__all__``): ``LLMConfig`` (frozen settings, read by ``LLMConfig.load`` from CLI options, the
environment and ``extractor.toml``), ``LLMClient`` / ``LLMRequest`` / ``LLMStats`` (concurrent, retried,
cached calls with token accounting), ``load_prompt`` / ``Prompt`` (versioned template files in ``prompts/``),
the answer schemas (``table_answer``, ``NarrativeFacts``, ``PerformanceFacts``) and the errors::

    ExtractorError
    ├── ConfigError ── LLMConfigError
    └── LLMError ─┬─ LLMRequestError   (HTTP errors, 429/5xx, timeouts — after every retry)
                  ├─ LLMOutputError    (answers that never validate, truncated answers)
                  └─ PromptError       (malformed template, missing or undeclared variables)

``sim_server`` is a local OpenAI-compatible server for tests (not imported here).
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
