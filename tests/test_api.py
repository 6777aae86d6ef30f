"""The curated public API and the backend registry."""

from __future__ import annotations

import pytest

import extractor
from extractor.backends import available, get_backend
from extractor.errors import ConfigError


def test_public_api_is_curated() -> None:
    assert sorted(extractor.__all__) == sorted(
        ["ConfigError", "DocResult", "ExtractorError", "InputError", "NotAReportError", "OutputError",
         "__version__", "process", "run"]
    )  # fmt: skip
    for name in extractor.__all__:
        assert hasattr(extractor, name)


def test_registry_lists_backends_and_a_miss_says_how_to_add_one() -> None:
    assert "rules" in available()
    assert get_backend("rules").name == "rules"
    with pytest.raises(ConfigError, match=r"available: .*rules.*extractor/backends/"):
        get_backend("gpt-9")
