"""Batch runs over archives: resumable, isolated per input, on local worker processes or a Ray cluster.

inputs.py    SOURCE arguments (files, folders, CSV/Parquet manifests) → ``Input``
engine.py    the driver: plan from manifest.jsonl, schedule, time limits, records, run.json, summary
worker.py    one input in a worker: ``pipeline.process`` + the same outputs as ``extract`` + Parquet
pools.py     local worker processes;  ray_pool.py  the same workers as Ray actors (optional extra)
outputs.py   where outputs go: a folder or an fsspec URL, every file written whole
load.py      a batch folder → the review store
"""

from .engine import BatchConfig, BatchResult, read_manifest, run_batch
from .inputs import REPORT_SUFFIXES, Input, collect_inputs
from .load import load_batch

__all__ = [
    "REPORT_SUFFIXES",
    "BatchConfig",
    "BatchResult",
    "Input",
    "collect_inputs",
    "load_batch",
    "read_manifest",
    "run_batch",
]
