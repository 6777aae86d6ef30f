"""LLM settings, read in one place by pydantic-settings: CLI options > environment > ``extractor.toml`` > defaults.

Environment: ``EXTRACTOR_LLM_<SETTING>`` for every setting below (``EXTRACTOR_LLM_BASE_URL``,
``EXTRACTOR_LLM_MODEL``, ``EXTRACTOR_LLM_API_KEY``, ``EXTRACTOR_LLM_MODE``, ``EXTRACTOR_LLM_TIMEOUT``,
``EXTRACTOR_LLM_DEADLINE``, ``EXTRACTOR_LLM_CONCURRENCY``, ``EXTRACTOR_LLM_STREAM``, ``EXTRACTOR_LLM_MAX_RETRIES``
…), and ``EXTRACTOR_CACHE_DIR``. ``extractor.toml`` (in the working directory, or the file named by
``EXTRACTOR_CONFIG``) may hold an ``[llm]`` table with the same names in lower case (``timeout = 600``).
A bad value or an unknown name is an ``LLMConfigError`` naming it.

The three that decide whether a slow local model works:

* ``timeout`` — how long one HTTP attempt waits for the server to send something (httpx's read timeout: the
  longest silence; without ``stream`` that is the whole answer, with it the gap between two pieces);
* ``deadline`` — how long the model calls of one document may take in all, queueing, retries and waits
  included; past it the document fails with one line, and no retry starts that would begin after it;
* ``concurrency`` — requests in flight at once (a one-slot CPU server wants 1).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from extractor.llm.errors import LLMConfigError

MODES = ("tools", "json_schema", "json", "json_grammar")


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "extractor" / "llm"


def config_path() -> Path:
    """The settings file: ``EXTRACTOR_CONFIG``, else ``extractor.toml`` in the working directory."""
    return Path(os.environ.get("EXTRACTOR_CONFIG") or "extractor.toml")


class _TomlLLMTable(TomlConfigSettingsSource):
    """The ``[llm]`` table of ``config_path()`` (absent file or table: nothing)."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls, toml_file=config_path())

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        try:
            data = super()._read_file(file_path)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise LLMConfigError(f"{file_path}: cannot read LLM settings ({exc})") from None
        section = data.get("llm", {})
        if not isinstance(section, dict):
            raise LLMConfigError(f"{file_path}: [llm] must be a table")
        return section


class LLMConfig(BaseSettings):
    """Everything the client needs; frozen, so one run uses one configuration throughout."""

    model_config = SettingsConfigDict(
        env_prefix="EXTRACTOR_LLM_", frozen=True, extra="forbid", populate_by_name=True, validate_default=True
    )

    base_url: str = "https://api.openai.com/v1"
    model: str | None = None
    api_key: str | None = Field(default=None, repr=False)
    #: instructor mode: ``tools`` (function calling), ``json_schema`` (response_format json_schema),
    #: ``json`` (response_format json_object + the schema in the system prompt) for servers without either,
    #: ``json_grammar`` (``json`` with the schema also in ``response_format.schema``: llama-cpp-python's server then
    #: constrains the model's output to the schema by a grammar)
    mode: Literal["tools", "json_schema", "json", "json_grammar"] = "tools"
    timeout: float = Field(default=120.0, gt=0)  # seconds one HTTP attempt waits for the server to send something
    deadline: float = Field(default=600.0, gt=0)  # seconds for all model calls of one document
    concurrency: int = Field(default=8, ge=1)
    #: receive answers as server-sent events: a server that is still generating is never cut off by ``timeout``;
    #: token counts then need a server that sends usage in the stream (``stream_options.include_usage``)
    stream: bool = False
    max_retries: int = Field(default=4, ge=0)  # transport retries (429, 5xx, timeouts, truncated answers)
    validation_retries: int = Field(default=2, ge=0)  # instructor re-asks with the validation error fed back
    backoff_base: float = Field(default=1.0, gt=0)  # seconds; full jitter up to base × 2^n; Retry-After wins
    backoff_max: float = Field(default=15.0, gt=0)  # no single wait is longer, whatever Retry-After says
    max_tokens: int = Field(default=4096, ge=1)
    temperature: float = 0.0
    cache: bool = True
    cache_dir: Path = Field(
        default_factory=default_cache_dir, validation_alias=AliasChoices("cache_dir", "EXTRACTOR_CACHE_DIR")
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, _TomlLLMTable(settings_cls)

    @classmethod
    def load(cls, overrides: dict[str, Any] | None = None) -> LLMConfig:
        """The settings with ``overrides`` (CLI options; ``None`` values ignored) on top of the environment, the
        ``[llm]`` table of ``extractor.toml`` and the defaults."""
        given = {k: v for k, v in (overrides or {}).items() if v is not None}
        try:
            return cls(**given)
        except ValidationError as exc:
            raise LLMConfigError(_one_line(exc)) from None

    def require_model(self) -> str:
        if not self.model:
            raise LLMConfigError(
                "the llm backend needs a model name: pass --model NAME or set EXTRACTOR_LLM_MODEL "
                "(and --base-url / EXTRACTOR_LLM_BASE_URL for a server other than OpenAI)"
            )
        return self.model

    def describe(self) -> dict[str, Any]:
        """What run.json records (never the API key)."""
        return self.model_dump(mode="json", exclude={"api_key", "cache_dir", "max_tokens", "temperature"})


def _one_line(exc: ValidationError) -> str:
    """The first problem of a settings error as one line that names the setting and where settings come from."""
    err = exc.errors()[0]
    name = ".".join(str(p) for p in err["loc"]) or "?"
    known = ", ".join(LLMConfig.model_fields)
    if err["type"] == "extra_forbidden":
        return f"unknown LLM setting {name!r} (in extractor.toml [llm] or an option); known: {known}"
    where = f"EXTRACTOR_LLM_{name.upper()}, extractor.toml [llm] {name}, or its option"
    return f"LLM setting {name}={err.get('input')!r}: {err['msg'].lower()} (set by {where})"
