"""Alembic environment: runs on the connection ``extractor.store.migrate`` hands over (no alembic.ini).

To write a new revision during development::

    python -c "from alembic.config import Config; from alembic import command; \
c = Config(); c.set_main_option('script_location', 'extractor/migrations'); \
c.set_main_option('sqlalchemy.url', 'sqlite:///dev.db'); command.revision(c, 'what changed', autogenerate=True)"
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from extractor.errors import ConfigError
from extractor.store import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise ConfigError("alembic without a store connection needs sqlalchemy.url (see this module's docstring)")
    engine = create_engine(url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
