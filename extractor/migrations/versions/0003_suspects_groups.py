"""Suspects and suggestions on flags, group actions in the audit log, and where each reviewer was.

* ``flags.template`` / ``params``: the message as a template with parameters (rendered in zh-CN or en);
* ``flags.suspect`` / ``suggested`` (JSON) and ``group_id``: the fact a flag most likely points at, the
  value that would satisfy its checks, and the review item it belongs to (one per suspect fact);
* ``audit.flags`` / ``suggestion`` / ``detail`` / ``undoes``: one entry per group action — the flags it
  covered, the suggestion it accepted, what an undo restores — and, for an undo, the entry it reverses;
* ``users.position``: the review item (and queue filters) a reviewer was last on.

Flags stored before this revision get their suspect at the document's next re-check (any review action,
or loading the document again).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("flags") as b:
        b.add_column(sa.Column("template", sa.String(64)))
        b.add_column(sa.Column("params", sa.Text()))
        b.add_column(sa.Column("suspect", sa.Text()))
        b.add_column(sa.Column("suggested", sa.Text()))
        b.add_column(sa.Column("group_id", sa.String(255)))
        b.create_index("ix_flags_group_id", ["group_id"])
    op.execute("UPDATE flags SET group_id = id")
    with op.batch_alter_table("audit") as b:
        b.add_column(sa.Column("flags", sa.Text()))
        b.add_column(sa.Column("suggestion", sa.Text()))
        b.add_column(sa.Column("detail", sa.Text()))
        b.add_column(sa.Column("undoes", sa.Integer()))
        b.create_index("ix_audit_undoes", ["undoes"])
    with op.batch_alter_table("users") as b:
        b.add_column(sa.Column("position", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("users") as b:
        b.drop_column("position")
    with op.batch_alter_table("audit") as b:
        b.drop_index("ix_audit_undoes")
        b.drop_column("undoes")
        b.drop_column("detail")
        b.drop_column("suggestion")
        b.drop_column("flags")
    with op.batch_alter_table("flags") as b:
        b.drop_index("ix_flags_group_id")
        b.drop_column("group_id")
        b.drop_column("suggested")
        b.drop_column("suspect")
        b.drop_column("params")
        b.drop_column("template")
