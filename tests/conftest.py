"""Shared fixtures: the bundled seed reports, processed once per test session."""

from __future__ import annotations

import socket
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from extractor.ingest import ingest
from extractor.normalize import normalize
from extractor.pipeline import DocResult, process
from extractor.segment import Document, segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "eval" / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
TABLE_SEEDS = ["000_d2cac5324267c124", "002_846b8c47d01900a7", "003_9ee8868df83b9797"]


def seed_path(doc: str) -> Path:
    return SEEDS / f"{doc}.txt"


@cache
def seed_doc(doc: str) -> Document:
    """A segmented seed (cached: segmenting is pure)."""
    s = ingest(seed_path(doc))
    return segment(normalize(s), s.doc_id)


@cache
def seed_result(doc: str) -> DocResult:
    """A seed through the whole pipeline with the rules backend (cached)."""
    return process(seed_path(doc))


@pytest.fixture(params=SEED_IDS)
def seed_id(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forbid every connection that is not to this machine: no test may reach a real model."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in _LOOPBACK:
            raise RuntimeError(f"tests may not open network connections (tried {address!r})")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    for var in ("EXTRACTOR_LLM_BASE_URL", "EXTRACTOR_LLM_MODEL", "EXTRACTOR_LLM_API_KEY", "EXTRACTOR_LLM_MODE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("EXTRACTOR_CONFIG", "/nonexistent/extractor.toml")
