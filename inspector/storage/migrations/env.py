"""Alembic environment: always run with a connection handed in by :func:`inspector.storage.db.upgrade`
(or built from the URL for the ``alembic`` command line used when writing a migration)."""

from alembic import context
from sqlalchemy import Connection, create_engine

from inspector.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///scratch.sqlite3")
    with engine.begin() as conn:
        _run(conn)
