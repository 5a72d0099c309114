"""Alembic environment for the tweet-analysis platform.

Migrations run through SQLAlchemy's async engine on PostgreSQL with asyncpg.
The database URL comes from the DATABASE_URL environment variable and falls
back to ``sqlalchemy.url`` in alembic.ini.  A plain ``postgresql://`` URL (or
one naming a synchronous driver) is switched to ``postgresql+asyncpg://``.
"""

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection, URL, make_url
from sqlalchemy.ext.asyncio import create_async_engine

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# The application's models are not imported here: these migrations are
# written by hand, so autogenerate has nothing to compare against.
target_metadata = None


def database_url() -> URL:
    """DATABASE_URL first, then alembic.ini's sqlalchemy.url, with asyncpg."""
    raw = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not raw:
        raise RuntimeError("set DATABASE_URL or sqlalchemy.url in alembic.ini")
    url = make_url(raw)
    if url.get_backend_name() != "postgresql":
        raise RuntimeError(f"these migrations need PostgreSQL, not {url.get_backend_name()}")
    return url.set(drivername="postgresql+asyncpg")


def run_migrations_offline() -> None:
    """Write the SQL to stdout (``alembic upgrade head --sql``)."""
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        transaction_per_migration=True,
    )

    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    """Connect through the async engine and run the migrations in run_sync."""
    connectable = create_async_engine(database_url(), poolclass=pool.NullPool)

    async with connectable.connect() as connection:
        await connection.run_sync(do_run_migrations)

    await connectable.dispose()


def run_migrations_online() -> None:
    asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
