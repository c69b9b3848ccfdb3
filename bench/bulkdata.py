"""Set-up shared by the benches that fill a database in bulk (bench_insights, bench_search,
bench_stories): a fresh PostgreSQL database, Django configured in this process, and rows
written with COPY (PostgreSQL) or executemany (SQLite), bypassing the ORM.

Benches import it as ``bulkdata`` (Python puts the script's folder, bench/, on the path).
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# A password hash no password matches (Django's mark for an unusable password).
NO_PASSWORD = "!"  # noqa: S105 (not a password: a hash no password matches)
# The tables every bulk load writes with ids of its own.
BULK_TABLES = (
    "accounts_user",
    "stories_story",
    "stories_hashtag",
    "stories_storyhashtag",
    "stories_reaction",
)
REACTION_COLUMNS = ["story_id", "member_id", "kind", "created_at"]
USER_COLUMNS = [
    "id",
    "password",
    "username",
    "username_key",
    "role",
    "is_active",
    "is_superuser",
    "recovery_code_hash",
    "joined_on",
]


def postgres_url(database: str) -> str:
    """The URL of a database on the local PostgreSQL, as DATABASE_URL takes it."""
    return f"postgres://postgres@127.0.0.1:5432/{database}"


def fresh_postgres(database: str) -> str:
    """Drops and creates ``database`` on the local PostgreSQL; returns its URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
        conn.execute(f'CREATE DATABASE "{database}"')
    return postgres_url(database)


def bench_environment(
    data_dir: str | Path, database_url: str | None = None, base: dict[str, str] | None = None
) -> dict[str, str]:
    """An environment for NotAlone in development mode on ``data_dir``: no NOTALONE_* or
    DATABASE_URL of the caller's, logs at WARNING, SQLite unless ``database_url`` is given."""
    env = {
        key: value
        for key, value in (os.environ if base is None else base).items()
        if not key.startswith("NOTALONE_") and key != "DATABASE_URL"
    }
    env.update(
        NOTALONE_ENV="development",
        NOTALONE_DATA_DIR=str(data_dir),
        NOTALONE_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="notalone.settings",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def empty_postgres(url: str) -> str:
    """Empties a PostgreSQL database (its public schema, dropped and made again), creating
    the database first if the server does not have it."""
    import psycopg
    from psycopg import sql

    conninfo = url.replace("postgres://", "postgresql://")
    name = psycopg.conninfo.conninfo_to_dict(conninfo).get("dbname")
    try:
        psycopg.connect(conninfo).close()
    except psycopg.OperationalError:
        if not name:
            raise
        maintenance = psycopg.conninfo.make_conninfo(conninfo, dbname="postgres")
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(str(name))))
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return url


def setup_django(
    *,
    database_url: str | None,
    data_dir: str = "",
    prefix: str = "notalone-bench-",
    migrate: bool = True,
    **settings: str,
) -> None:
    """Configures Django in this process (development mode, a new temporary data directory
    unless ``data_dir``, SQLite unless ``database_url``, no Redis) and migrates. ``settings``
    are NOTALONE_* variables to set (``NOTALONE_INSIGHTS_FIRST_PERIOD="2024-01"``); the
    caller's other NOTALONE_* variables stay."""
    os.environ.update(
        NOTALONE_ENV="development",
        NOTALONE_DATA_DIR=data_dir or tempfile.mkdtemp(prefix=prefix),
        NOTALONE_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="notalone.settings",
        **settings,
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def bulk_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Writes ``rows`` (tuples in the order of ``columns``) into ``table``: COPY on PostgreSQL,
    one executemany on SQLite. Column names are quoted (``where`` is a keyword)."""
    from django.db import connection

    rows = list(rows)
    if not rows:
        return
    quoted = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)


def insert_members(count: int, *, prefix: str, joined_on: datetime.date, password: str) -> None:
    """Members 1..count, named ``{prefix}{n}``, with the given password hash (NO_PASSWORD:
    none that can be used)."""
    bulk_insert(
        "accounts_user",
        USER_COLUMNS,
        (
            (n, password, f"{prefix}{n}", f"{prefix}{n}", "member", True, False, "", joined_on)
            for n in range(1, count + 1)
        ),
    )


def insert_hashtags(names: Sequence[str]) -> None:
    """Hashtags 1..len(names), in that order, with no stories counted yet; the matching key
    and the look-alike skeleton are the site's own (``stories.text``)."""
    from notalone.stories.text import hashtag_key, look_alike

    bulk_insert(
        "stories_hashtag",
        ["id", "name", "key", "look_alike", "public_story_count"],
        [
            (n, name, hashtag_key(name), look_alike(name), 0)
            for n, name in enumerate(names, start=1)
        ],
    )


def finish_bulk_load(*more_tables: str) -> None:
    """After rows were written with their own ids (in BULK_TABLES and ``more_tables``): moves
    PostgreSQL's id sequences past them (so the site's own inserts do not collide), then
    ANALYZE for the query planner."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (*BULK_TABLES, *more_tables):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
        cursor.execute("ANALYZE")


class StoryRows:
    """Rows for ``stories_story`` with every column of the Story model, so that a column added
    to the model does not break the benches: a bench gives the values it varies (by column
    name); every other column gets the model's default, computed again for each row where the
    default is a function (a fresh public id), or an empty text where the model has none."""

    def __init__(self) -> None:
        from django.db import models

        from notalone.stories.models import Story

        self.columns: list[str] = []
        self._fixed: dict[str, object] = {}
        self._made: dict[str, Callable[[], object]] = {}
        for field in Story._meta.concrete_fields:
            self.columns.append(field.column)
            if isinstance(field, models.JSONField):
                self._fixed[field.column] = json.dumps(field.get_default())
            elif field.has_default() and callable(field.default):
                self._made[field.column] = field.default
            elif field.has_default():
                default = field.get_default()
                self._fixed[field.column] = str(default) if isinstance(default, str) else default
            else:
                self._fixed[field.column] = None if field.null else ""

    def row(self, **values: object) -> tuple[object, ...]:
        """One story; ``values`` by column name (``author_id``, ``where``, ``created_at``)."""
        unknown = values.keys() - set(self.columns)
        if unknown:
            raise KeyError(f"stories_story has no column {', '.join(sorted(unknown))}")
        return tuple(
            values[column]
            if column in values
            else self._made[column]()
            if column in self._made
            else self._fixed[column]
            for column in self.columns
        )
