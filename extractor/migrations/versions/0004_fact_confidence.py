"""How each fact was read: ``facts.confidence`` and ``facts.repaired_from``.

* ``confidence``: the reading's ``Amount.confidence`` — ``clean``, ``confirmed``, ``repaired`` or
  ``identity_fails`` (none for a model's values);
* ``repaired_from``: the printed text of a value repaired from damaged OCR text.

Existing facts are filled in from the run that last loaded them (its stored extraction), so a store written
before this revision shows and filters by confidence at once; a reviewer's corrections, the audit log and
the flags are not touched.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _amounts(extraction: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every amount of a stored extraction (its JSON, as the run keeps it) with its fact key."""
    for t in extraction.get("tables") or []:
        for r in t.get("rows") or []:
            for col, a in (r.get("cells") or {}).items():
                yield t["table"], r["row"], col, a
    for n in extraction.get("narrative") or []:
        yield "narrative", n["row"], n["col"], n["amount"]
    for p in extraction.get("performance") or []:
        for col, a in (p.get("cells") or {}).items():
            yield "performance", p["project"], col, a


def upgrade() -> None:
    with op.batch_alter_table("facts") as b:
        b.add_column(sa.Column("confidence", sa.String(16)))
        b.add_column(sa.Column("repaired_from", sa.Text()))
    conn = op.get_bind()
    update = sa.text(
        "UPDATE facts SET confidence = :confidence, repaired_from = :repaired_from WHERE doc_id = :doc "
        "AND run_id = :run AND table_id = :t AND row_key = :r AND col_key = :c"
    )
    for (run_id,) in conn.execute(sa.text("SELECT DISTINCT run_id FROM facts")).all():
        row = conn.execute(sa.text("SELECT doc_id, extraction FROM runs WHERE id = :id"), {"id": run_id}).first()
        if row is None:
            continue
        first: dict[tuple[str, str, str], dict[str, Any]] = {}  # a key read twice: the first reading (as a load)
        for t, r, c, a in _amounts(json.loads(row.extraction)):
            first.setdefault((t, r, c), {"confidence": a.get("confidence"), "repaired_from": a.get("repaired_from")})
        params = [
            {"doc": row.doc_id, "run": run_id, "t": t, "r": r, "c": c, **v}
            for (t, r, c), v in first.items()
            if v["confidence"] or v["repaired_from"]
        ]
        if params:
            conn.execute(update, params)


def downgrade() -> None:
    with op.batch_alter_table("facts") as b:
        b.drop_column("repaired_from")
        b.drop_column("confidence")
