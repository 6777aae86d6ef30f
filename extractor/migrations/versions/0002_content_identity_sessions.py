"""Documents are their content; corrections remember the content and span they were made on; server-side
review sessions and login throttling.

* ``documents.name`` (the file stem it was loaded under) and an index on ``documents.sha256``: a document
  is found by its sha256, and other content under a known name becomes a new document;
* ``corrections.sha256`` / ``span_start`` / ``span_end``: the content and the printed characters a
  correction was made on (backfilled from the document and the fact for existing rows);
* ``sessions``: a login is a row (only the sha256 of its cookie token is stored), ended by logout,
  a password change or removing the user;
* ``login_throttle``: failed logins per user name and per client address, with the backoff they earned.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.add_column(sa.Column("name", sa.String(255)))
        b.create_index("ix_documents_sha256", ["sha256"])
    op.execute("UPDATE documents SET name = id")
    with op.batch_alter_table("corrections") as b:
        b.add_column(sa.Column("sha256", sa.String(64)))
        b.add_column(sa.Column("span_start", sa.Integer()))
        b.add_column(sa.Column("span_end", sa.Integer()))
    op.execute("UPDATE corrections SET sha256 = (SELECT d.sha256 FROM documents d WHERE d.id = corrections.doc_id)")
    same_fact = (
        "FROM facts f WHERE f.doc_id = corrections.doc_id AND f.table_id = corrections.table_id "
        "AND f.row_key = corrections.row_key AND f.col_key = corrections.col_key"
    )
    op.execute(
        f"UPDATE corrections SET span_start = (SELECT f.span_start {same_fact}), "
        f"span_end = (SELECT f.span_end {same_fact})"
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),  # sha256 hex of the cookie's token
        sa.Column(
            "username", sa.String(128), sa.ForeignKey("users.name", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("flash", sa.Text()),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False, index=True),
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(300), primary_key=True),  # "user:NAME" or "addr:IP"
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", TS, nullable=False, index=True),
        sa.Column("blocked_until", TS),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
    op.drop_table("sessions")
    with op.batch_alter_table("corrections") as b:
        b.drop_column("span_end")
        b.drop_column("span_start")
        b.drop_column("sha256")
    with op.batch_alter_table("documents") as b:
        b.drop_index("ix_documents_sha256")
        b.drop_column("name")
