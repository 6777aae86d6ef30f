"""Errors of the LLM client, under the project's one root (``extractor.errors.ExtractorError``).

    ExtractorError
    ├── ConfigError
    │   └── LLMConfigError      a missing model name, an unknown mode, a bad extractor.toml
    └── LLMError                a model call did not give a usable answer
        ├── LLMRequestError     the server kept failing (HTTP error, 429/5xx, timeout) or the deadline passed
        ├── LLMOutputError      the answer kept failing validation, or was truncated, after every retry
        │                       (the client returns it in the request's place; the backend notes it)
        └── PromptError         a prompt template is malformed or was rendered with wrong variables

Every message is one line that says what to change.
"""

from __future__ import annotations

from extractor.errors import ConfigError, ExtractorError


class LLMConfigError(ConfigError):
    """The LLM settings are unusable; the message names the setting and how to give it."""


class LLMError(ExtractorError):
    """A model call failed for good (after the bounded retries)."""


class LLMRequestError(LLMError):
    """The server did not answer usefully: HTTP errors, rate limits, timeouts, connection failures."""


class LLMOutputError(LLMError):
    """The server answered, but never with a valid, complete answer (returned per request, not raised)."""


class PromptError(LLMError):
    """A prompt template is malformed, or rendered with missing or undeclared variables."""
