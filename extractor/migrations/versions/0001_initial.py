"""The review store: documents, runs, facts, flags, corrections, audit log, users.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("path", sa.Text()),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(255), sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("backend", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("extraction", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(255), sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("table_id", sa.String(64), nullable=False),
        sa.Column("row_key", sa.String(512), nullable=False),
        sa.Column("col_key", sa.String(128), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("extracted_value", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("span_start", sa.Integer()),
        sa.Column("span_end", sa.Integer()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("doc_id", "table_id", "row_key", "col_key", name="uq_fact_key"),
    )
    op.create_table(
        "flags",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("doc_id", sa.String(255), sa.ForeignKey("documents.id"), nullable=False, index=True),
        sa.Column("check_id", sa.String(128), nullable=False, index=True),
        sa.Column("severity", sa.String(16), nullable=False, index=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("expected", sa.String(64)),
        sa.Column("found", sa.String(64)),
        sa.Column("difference", sa.String(64)),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status_by", sa.String(128)),
        sa.Column("status_reason", sa.Text()),
        sa.Column("status_at", TS),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(255), nullable=False, index=True),
        sa.Column("table_id", sa.String(64), nullable=False),
        sa.Column("row_key", sa.String(512), nullable=False),
        sa.Column("col_key", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("old_value", sa.String(64)),
        sa.Column("new_value", sa.String(64), nullable=False),
        sa.Column("flag_id", sa.String(255)),
        sa.Column("reviewer", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", TS, nullable=False, index=True),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("doc_id", sa.String(255), index=True),
        sa.Column("flag_id", sa.String(255)),
        sa.Column("fact", sa.String(800)),
        sa.Column("old", sa.Text()),
        sa.Column("new", sa.Text()),
        sa.Column("reason", sa.Text()),
    )
    op.create_table(
        "users",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )


def downgrade() -> None:
    for t in ("users", "audit", "corrections", "flags", "facts", "runs", "documents"):
        op.drop_table(t)
