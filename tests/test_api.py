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


def test_a_rules_run_never_loads_the_model_client() -> None:
    # openai and instructor take about a second to import: a rules-only run (the CLI's default) must not pay it,
    # while the llm and hybrid backends still resolve by name
    import subprocess
    import sys
    from pathlib import Path

    seed = Path(__file__).resolve().parent.parent / "eval" / "seeds" / "002_846b8c47d01900a7.txt"
    code = (
        "import sys; from pathlib import Path; from extractor.pipeline import process; "
        f"assert process(Path({str(seed)!r}), 'rules').facts; "
        "print(sorted(m for m in ('openai', 'instructor') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert {get_backend("llm").name, get_backend("hybrid").name} == {"llm", "hybrid"}
