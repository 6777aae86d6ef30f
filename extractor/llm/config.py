"""LLM settings, read in one place: CLI options > environment > ``extractor.toml`` > defaults.

Environment: ``EXTRACTOR_LLM_BASE_URL``, ``EXTRACTOR_LLM_MODEL``, ``EXTRACTOR_LLM_API_KEY``,
``EXTRACTOR_LLM_MODE``, ``EXTRACTOR_LLM_TIMEOUT``, ``EXTRACTOR_LLM_CONCURRENCY``, ``EXTRACTOR_LLM_MAX_RETRIES``,
``EXTRACTOR_CACHE_DIR``. ``extractor.toml`` (in the working directory, or the file named by
``EXTRACTOR_CONFIG``) may hold an ``[llm]`` table with the field names of ``LLMConfig``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from extractor.llm.errors import LLMConfigError

MODES = ("tools", "json_schema", "json")

_ENV = {
    "base_url": "EXTRACTOR_LLM_BASE_URL",
    "model": "EXTRACTOR_LLM_MODEL",
    "api_key": "EXTRACTOR_LLM_API_KEY",
    "mode": "EXTRACTOR_LLM_MODE",
    "timeout": "EXTRACTOR_LLM_TIMEOUT",
    "concurrency": "EXTRACTOR_LLM_CONCURRENCY",
    "max_retries": "EXTRACTOR_LLM_MAX_RETRIES",
    "cache_dir": "EXTRACTOR_CACHE_DIR",
}


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "extractor" / "llm"


@dataclass(frozen=True)
class LLMConfig:
    """Everything the client needs; frozen, so one run uses one configuration throughout."""

    base_url: str = "https://api.openai.com/v1"
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    #: instructor mode: ``tools`` (function calling), ``json_schema`` (response_format json_schema),
    #: ``json`` (response_format json_object + the schema in the system prompt) for servers without either
    mode: str = "tools"
    timeout: float = 60.0  # seconds per HTTP request
    max_retries: int = 4  # transport retries (429, 5xx, timeouts, truncated output), each with backoff
    validation_retries: int = 2  # instructor re-asks with the validation error fed back
    backoff_base: float = 1.0  # seconds; doubles per retry, Retry-After wins when the server sends it
    backoff_max: float = 15.0  # no single wait is longer, whatever Retry-After says
    #: seconds one request may take in all, attempts and waits included: an attempt gets at most what is
    #: left, and no retry starts that could not finish in time; so a failing document fails within it
    deadline: float = 120.0
    concurrency: int = 8
    max_tokens: int = 4096
    temperature: float = 0.0
    cache: bool = True
    cache_dir: Path = field(default_factory=default_cache_dir)

    @classmethod
    def load(
        cls,
        overrides: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
        toml_path: str | Path | None = None,
    ) -> LLMConfig:
        """Merge defaults, ``extractor.toml``, the environment and ``overrides`` (``None`` values ignored)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        path = Path(toml_path or env.get("EXTRACTOR_CONFIG") or "extractor.toml")
        if path.is_file():
            values.update(_read_toml(path))
        for name, var in _ENV.items():
            if env.get(var):
                values[name] = env[var]
        values.update({k: v for k, v in (overrides or {}).items() if v is not None})
        return cls()._with(values)

    def _with(self, values: Mapping[str, Any]) -> LLMConfig:
        known = {f.name: f for f in fields(self)}
        unknown = set(values) - set(known)
        if unknown:
            raise LLMConfigError(f"unknown LLM setting(s) {', '.join(sorted(unknown))}; known: {', '.join(known)}")
        typed: dict[str, Any] = {}
        for name, raw in values.items():
            default = getattr(self, name)
            try:
                if isinstance(default, bool):
                    typed[name] = raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "on")
                elif isinstance(default, int):
                    typed[name] = int(raw)
                elif isinstance(default, float):
                    typed[name] = float(raw)
                elif isinstance(default, Path):
                    typed[name] = Path(raw).expanduser()
                else:
                    typed[name] = None if raw is None else str(raw)
            except ValueError:
                raise LLMConfigError(f"LLM setting {name}={raw!r} is not a {type(default).__name__}") from None
        cfg = replace(self, **typed)
        cfg.validate()
        return cfg

    def validate(self) -> None:
        if self.mode not in MODES:
            raise LLMConfigError(f"unknown LLM mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.concurrency < 1:
            raise LLMConfigError("LLM concurrency must be ≥ 1")
        if self.timeout <= 0:
            raise LLMConfigError("LLM timeout must be > 0 seconds")
        if self.max_retries < 0 or self.validation_retries < 0:
            raise LLMConfigError("LLM retries must be ≥ 0")
        if self.deadline <= 0:
            raise LLMConfigError("LLM deadline must be > 0 seconds")

    def worst_case_seconds(self) -> float:
        """The longest one request can take before the run gives up on it: every attempt timing out, the
        longest waits between them, capped by ``deadline``."""
        waits = sum(min(self.backoff_base * 2**i, self.backoff_max) for i in range(self.max_retries))
        return min(self.deadline, (self.max_retries + 1) * self.timeout + waits)

    def require_model(self) -> str:
        if not self.model:
            raise LLMConfigError(
                "the llm backend needs a model name: pass --model NAME or set EXTRACTOR_LLM_MODEL "
                "(and --base-url / EXTRACTOR_LLM_BASE_URL for a server other than OpenAI)"
            )
        return self.model

    def describe(self) -> dict[str, Any]:
        """What run.json records (never the API key)."""
        return {
            "base_url": self.base_url,
            "model": self.model,
            "mode": self.mode,
            "timeout": self.timeout,
            "max_retries": self.max_retries,
            "validation_retries": self.validation_retries,
            "backoff_base": self.backoff_base,
            "backoff_max": self.backoff_max,
            "deadline": self.deadline,
            "concurrency": self.concurrency,
            "cache": self.cache,
        }


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LLMConfigError(f"{path}: cannot read LLM settings ({exc})") from None
    section = data.get("llm", {})
    if not isinstance(section, dict):
        raise LLMConfigError(f"{path}: [llm] must be a table")
    return dict(section)
