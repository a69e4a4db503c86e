"""Alembic environment: the engine comes from raadsmonitor.store.database, the target from tables."""

from __future__ import annotations

from alembic import context

from raadsmonitor.store.tables import made_on, metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=engine.dialect.name == "sqlite", compare_type=True,
                      include_object=made_on(engine.dialect.name))
    with context.begin_transaction():
        context.run_migrations()
