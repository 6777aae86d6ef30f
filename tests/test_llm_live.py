"""Tests against a real model: skipped unless EXTRACTOR_LIVE_TESTS=1 and a server and model are named.

    EXTRACTOR_LIVE_TESTS=1 EXTRACTOR_LLM_BASE_URL=https://… EXTRACTOR_LLM_MODEL=… [EXTRACTOR_LLM_API_KEY=…] \\
        pytest -m live tests/test_llm_live.py

They cost tokens and depend on the model, so they only check what must hold for any model: the run
completes and every fact it emits is grounded — its span in the source text reads as its value.
The accuracy figures are printed, not asserted (``extractor eval`` scores a model properly).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor.backends import get_backend
from extractor.evaluate import score
from extractor.normalize import normalize_value
from extractor.pipeline import process
from tests.conftest import seed_path, seed_result

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
    backend.configure(cache_dir=str(tmp_path / "cache"))  # base URL, model, key: from the environment
    res = process(seed_path(SEED), backend)
    text = seed_path(SEED).read_text(encoding="utf-8")
    assert res.facts, "the model read no fact at all"
    for f in res.facts:
        assert f.span is not None, f
        assert normalize_value(text[f.span[0] : f.span[1]]) == f.value, f
    info = backend.run_info()
    assert info is not None and info["calls"] > 0
    s = score(res.facts, seed_result(SEED).facts)
    print(f"\n{SEED}: {len(res.facts)} facts, F1 vs rules {s.overall.f1:.3f}; {backend.summary()}")
