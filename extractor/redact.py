"""Secrets never written: API keys and URL credentials are removed from whatever goes to disk or a terminal.

A server may echo the key it was sent in its error message, and a ``--base-url`` may carry
``user:password@``; both would otherwise reach run.json, stderr, logs and the answer cache. Every place that
writes such text calls ``redact`` (or ``redact_json``) last, so it holds whatever the server said.

What is removed:

* every secret registered with ``remember`` (the backend's API key, a URL's password), and the values of
  ``EXTRACTOR_LLM_API_KEY`` / ``OPENAI_API_KEY``, wherever they appear, also percent-encoded;
* the user information of any URL (``https://user:pw@host`` → ``https://***@host``), also as the HTTP Basic
  credentials it is sent as, and secret-looking query parameters (``?api_key=…``, ``key``, ``token``,
  ``access_token``, ``password``, ``secret``, ``sig``);
* ``Bearer …`` and ``Authorization: Basic …`` credentials and OpenAI-style keys (``sk-…``).

``printable`` escapes control characters, so text from a report or a reviewer cannot forge terminal lines.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

MASK = "***"
_ENV_KEYS = ("EXTRACTOR_LLM_API_KEY", "OPENAI_API_KEY")
_MIN_SECRET = 4  # shorter "secrets" (a 1-character key) would blank out ordinary text

_secrets: set[str] = set()
_lock = threading.Lock()

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@?#]+@")
_QUERY = re.compile(
    r"(?i)([?&;](?:api[_-]?key|key|token|access[_-]?token|password|passwd|secret|sig|signature)=)[^&#\s\"']+"
)
_BEARER = re.compile(r"(?i)\b(bearer\s+|authorization:\s*basic\s+)[A-Za-z0-9._~+/=\-]{4,}")
_OPENAI_KEY = re.compile(r"\bsk-[A-Za-z0-9_\-]{12,}")


def remember(values: Iterable[str | None]) -> None:
    """Register secrets to remove from everything written from now on (empty or tiny values are ignored)."""
    with _lock:
        for v in values:
            if v and len(v) >= _MIN_SECRET:
                _secrets.add(v)
                _secrets.add(quote(v, safe=""))


def url_secrets(url: str | None) -> list[str]:
    """The credentials inside a URL: its password (and user name), and secret-looking query values."""
    if not url:
        return []
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    found = [x for x in (parts.password, parts.username) if x]
    if parts.username is not None and parts.password is not None:  # sent as HTTP Basic auth, base64-encoded
        basic = f"{unquote(parts.username)}:{unquote(parts.password)}".encode()
        found.append(base64.b64encode(basic).decode())
    found += [unquote(m.group(0).split("=", 1)[1]) for m in _QUERY.finditer("?" + parts.query)]
    return found + [unquote(x) for x in found]


def _known() -> list[str]:
    env = [os.environ.get(k) for k in _ENV_KEYS]
    with _lock:
        known = set(_secrets)
    known.update(v for v in env if v and len(v) >= _MIN_SECRET)
    return sorted(known, key=len, reverse=True)  # longest first: a secret containing another goes whole


def redact(text: str) -> str:
    """``text`` without any secret (see the module docstring)."""
    if not text:
        return text
    for s in _known():
        if s in text:
            text = text.replace(s, MASK)
    text = _USERINFO.sub(rf"\1{MASK}@", text)
    text = _QUERY.sub(rf"\1{MASK}", text)
    text = _BEARER.sub(rf"\1{MASK}", text)
    return _OPENAI_KEY.sub(f"sk-{MASK}", text)


def redact_json(value: Any) -> Any:
    """A JSON-like value with every string (keys included) redacted."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(str(k)): redact_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_json(v) for v in value]
    return value


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control, bidi-override or line-separator character (``printable`` escapes)."""
    return _CONTROL.search(text) is not None


def printable(text: str | None) -> str:
    """``text`` on one line with control, bidi and line-separator characters escaped (``\\n``, ``\\x1b``…)."""
    if not text:
        return ""
    return _CONTROL.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in named:
        return named[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class RedactingFilter(logging.Filter):
    """A logging filter that redacts each record's message (arguments merged in first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def install_log_redaction() -> None:
    """Redact every log record of this process, whichever logger or handler emits it."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "_extractor_redacting", False):
        return

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        RedactingFilter().filter(record)
        return record

    make._extractor_redacting = True  # type: ignore[attr-defined]  # a marker on the function: installed once
    logging.setLogRecordFactory(make)


__all__ = [
    "MASK",
    "has_control",
    "install_log_redaction",
    "printable",
    "redact",
    "redact_json",
    "remember",
    "url_secrets",
]
