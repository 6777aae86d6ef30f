"""A service the suite needs that cannot start fails the run under CI=true; elsewhere its tests skip."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

TEST = "tests/test_store.py::test_load_lists_the_subtotal_error"


def _pytest(ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "EXTRACTOR_TEST_PG_URL")}  # no PostgreSQL
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", TEST], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_missing_database_fails_ci_and_skips_elsewhere() -> None:
    ci = _pytest("true")
    assert ci.returncode == 1, ci.stdout
    assert "1 passed, 1 error" in ci.stdout and "CI=true but EXTRACTOR_TEST_PG_URL is not set" in ci.stdout
    local = _pytest(None)
    assert local.returncode == 0, local.stdout
    assert "1 passed, 1 skipped" in local.stdout
