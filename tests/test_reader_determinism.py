"""The same text reads the same in every run: Python randomises string hashing per process, so a reading that
iterates a set of (row, column) slots may choose differently from one run to the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"

# RapidOCR's boxes of a heavy scan of seed 002's table 05, rows rebuilt by position: the table's identities fail
# (a skewed page), so misread rows are eliminated from them — the step whose order once followed the hash seed
# (rows 20601, 20604 and 20608 came out as 合计 in some runs and 基本支出 = 0.00 in others).
_SCRIPT = """
import sys
from pathlib import Path
from extractor.pipeline import process
r = process(Path(sys.argv[1]), "rules")
print("\\n".join(sorted(f.model_dump_json() for f in r.facts)))
"""


def _facts(path: Path, seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(path)], env=env, capture_output=True, text=True, check=True
    )
    return run.stdout


def test_a_table_whose_identities_fail_reads_the_same_under_every_hash_seed() -> None:
    path = DATA / "rapidocr_rows_seed002_table05_heavy.txt"
    runs = {seed: _facts(path, seed) for seed in (1, 2, 3, 4)}
    assert runs[1].count('"table":"general_budget"') > 20  # the table is read, not dropped
    assert all(out == runs[1] for out in runs.values()), "facts differ between runs of the same text"
