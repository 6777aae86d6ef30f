"""On-disk answer cache: one JSON file per (model, prompt version, schema hash, rendered messages).

The rendered messages hold the chunk text, so a changed chunk, prompt, schema or model is a miss.
Writes are atomic (temp file + rename), so concurrent runs never see half an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from extractor.redact import redact_json


def cache_key(model: str, prompt_id: str, schema: str, messages: list[dict[str, str]]) -> str:
    blob = json.dumps(
        {"model": model, "prompt": prompt_id, "schema": schema, "messages": messages},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


class AnswerCache:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store an answer (secrets a server echoed redacted); a failed write leaves no temp file."""
        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(redact_json(entry), fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)  # a cache that cannot be written only costs a call next time
