"""Tests against a real model: skipped unless EXTRACTOR_LIVE_TESTS=1 and a server and model are named.

    EXTRACTOR_LIVE_TESTS=1 EXTRACTOR_LLM_BASE_URL=https://… EXTRACTOR_LLM_MODEL=… [EXTRACTOR_LLM_API_KEY=…] \\
        pytest -m live tests/test_llm_live.py

They cost tokens and depend on the model, so they only check what must hold for any model: the run
completes and every fact the backend emits is grounded — its span in the source text reads as its value
(none dropped by the pipeline's verify stage).
The accuracy figures are printed, not asserted (``extractor eval`` scores a model properly).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.backends import get_backend
from extractor.backends.llm import LLMBackend
from extractor.evaluate import score
from extractor.pipeline import process
from tests.conftest import seed_path, seed_result, unverified

LIVE = os.environ.get("EXTRACTOR_LIVE_TESTS") == "1"
CONFIGURED = bool(os.environ.get("EXTRACTOR_LLM_BASE_URL") and os.environ.get("EXTRACTOR_LLM_MODEL"))

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not (LIVE and CONFIGURED),
        reason="live model tests: set EXTRACTOR_LIVE_TESTS=1, EXTRACTOR_LLM_BASE_URL and EXTRACTOR_LLM_MODEL",
    ),
]

SEED = "002_846b8c47d01900a7"


def test_a_seed_through_a_real_model_emits_only_facts_whose_spans_verify(tmp_path: Path) -> None:
    backend = get_backend("llm")
    assert isinstance(backend, LLMBackend)
    backend.configure(cache_dir=str(tmp_path / "cache"))  # base URL, model, key: from the environment
    res = process(seed_path(SEED), backend)
    assert res.facts, "the model read no fact at all"
    # on what the backend emitted: the pipeline's verify dropped none (res.facts passed verify by definition)
    assert not unverified(res.extraction.unread)
    info = backend.run_info()
    assert info is not None and info["calls"] > 0
    s = score(res.facts, seed_result(SEED).facts)
    print(f"\n{SEED}: {len(res.facts)} facts, F1 vs rules {s.overall.f1:.3f}; {backend.summary()}")
