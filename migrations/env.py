"""Alembic's environment: the models of store/ and web/console/ are the target of autogenerate."""

from __future__ import annotations

from alembic import context

import store.models  # noqa: F401 - registers the store's tables on Base
import web.console.models  # noqa: F401 - registers the console's tables on Base
from store.db import Base, engine_for

config = context.config


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    with engine_for(url).connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          # SQLite cannot ALTER most things: batch mode copies the table instead.
                          render_as_batch=connection.dialect.name == "sqlite",
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
