"""What ``notalone serve --production`` checks before it starts: the settings and services a
public site on PostgreSQL and Redis needs. Each problem is one sentence that says what to
change; the server starts only when there is none. ``notalone run_huey --production`` (a
worker started on its own, as on a machine of the production profile) checks the part that
concerns a worker: ``worker_problems``.

Checked: production mode, HTTPS cookies and a reverse proxy that passes the client's address
(the rate limits need it); PostgreSQL reachable with every migration applied (a read replica
that does not answer is only warned of); Redis reachable; the queue's Redis persisting (AOF) and never evicting, so a
queued job survives a restart and memory pressure; no demo escrow guardians; no inline jobs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

NOT_POSTGRES = (
    "DATABASE_URL is SQLite: the production profile needs PostgreSQL (postgres://...), which "
    "every web process and worker shares. For one small machine, use `notalone serve` without "
    "--production."
)


def _redis_facts(url: str) -> dict[str, Any]:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    facts: dict[str, Any] = {}
    facts.update(client.info("persistence"))
    facts.update(client.info("memory"))
    return facts


def _settings_problems() -> list[str]:
    problems = []
    if not settings.PRODUCTION:
        problems.append("NOTALONE_ENV is not production: set NOTALONE_ENV=production.")
    if settings.DEBUG:
        problems.append("NOTALONE_DEBUG is on: turn it off.")
    if not settings.HTTPS:
        problems.append(
            "NOTALONE_HTTPS is false: cookies would travel without TLS. Terminate TLS at the "
            "reverse proxy and leave NOTALONE_HTTPS at its default (true)."
        )
    if not settings.BEHIND_PROXY:
        problems.append(
            "NOTALONE_BEHIND_PROXY is false: run behind a TLS reverse proxy that passes the "
            "reader's address, and set NOTALONE_BEHIND_PROXY=true with "
            "NOTALONE_CLIENT_ADDRESS_HEADER (see 'Behind a reverse proxy')."
        )
    if "*" in settings.ALLOWED_HOSTS:
        problems.append("NOTALONE_ALLOWED_HOSTS has '*': name the site's host names.")
    if settings.HUEY.get("immediate"):
        problems.append(
            "NOTALONE_JOBS_IMMEDIATE is on: jobs would run inside web requests. Turn it off "
            "and run `notalone run_huey`."
        )
    if settings.ESCROW_DEMO:
        problems.append(
            "NOTALONE_ESCROW_GUARDIANS=demo keeps the escrow's guardians inside this server: "
            "configure independent guardians, or leave the escrow off."
        )
    return problems


def _database_problems() -> list[str]:
    from notalone.core.health import migration_gaps, migrations_applied

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return [NOT_POSTGRES]
    problems = [
        f"The database in DATABASE_URL does not answer ({error}): check that it runs and that "
        "the URL, user and password are right."
        for error in _unanswered([DEFAULT_DB_ALIAS])
    ]
    if not problems and not migrations_applied():
        gaps = migration_gaps()
        missing, newer = gaps if gaps is not None else ([], [])
        if newer:
            problems.append(
                "The database was migrated by a newer NotAlone (it has "
                f"{', '.join(newer[:5])}, which this version does not know): run that "
                "version, or restore the backup taken before its `notalone migrate`."
            )
        else:
            problems.append(
                f"The database lacks {len(missing) or 'some'} of this version's migrations: "
                "run `notalone migrate` first."
            )
    return problems


def _unanswered(aliases: list[str]) -> list[str]:
    """For each of ``aliases`` whose database does not answer, the kind of error."""
    errors = []
    for alias in aliases:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as error:
            errors.append(type(error).__name__)
    return errors


def replica_warnings() -> list[str]:
    """Read replicas that do not answer. Said, not refused: the router reads from the primary
    while a replica is down (notalone/core/dbrouting.py), so a standby being rebuilt must not
    stop a web process from (re)starting."""
    from notalone.core.dbrouting import replica_aliases

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return []
    return [
        f"The read replica {alias} (DATABASE_REPLICA_URLS) does not answer ({error}): its reads "
        "go to the primary until it does. Check that it runs and that its URL is right."
        for alias in replica_aliases()
        for error in _unanswered([alias])
    ]


def _redis_problems() -> list[str]:
    if not settings.REDIS_URL:
        return [
            "REDIS_URL is not set: the production profile keeps the shared page cache and the "
            "job queue in Redis (redis://host:6379/0)."
        ]
    problems = []
    queue_url: str = settings.QUEUE_REDIS_URL or settings.REDIS_URL
    urls: dict[str, str] = {"REDIS_URL": settings.REDIS_URL}
    if queue_url != settings.REDIS_URL:
        urls["NOTALONE_QUEUE_REDIS_URL"] = queue_url
    for name, url in urls.items():
        try:
            facts = _redis_facts(url)
        except Exception as error:
            problems.append(f"The Redis in {name} does not answer ({type(error).__name__}).")
            continue
        if url != queue_url:
            continue
        which = "NOTALONE_QUEUE_REDIS_URL" if name != "REDIS_URL" else "REDIS_URL (the queue's)"
        if int(facts.get("aof_enabled", 0)) != 1:
            problems.append(
                f"The Redis in {which} does not persist its writes: set `appendonly yes` in "
                "its redis.conf, so queued jobs survive a restart."
            )
        if facts.get("maxmemory_policy") != "noeviction":
            problems.append(
                f"The Redis in {which} may evict keys (maxmemory-policy "
                f"{facts.get('maxmemory_policy')}): set `maxmemory-policy noeviction`, so no "
                "queued job is ever dropped. Put the cache on a Redis of its own "
                "(REDIS_URL) if it should evict."
            )
    return problems


def production_problems() -> list[str]:
    """Every reason this process should not serve a public site; empty when it may."""
    return [*_settings_problems(), *_database_problems(), *_redis_problems()]


def _worker_settings_problems() -> list[str]:
    """The settings that concern a worker: it serves no page, so HTTPS, the proxy and the host
    names are the web processes' to check."""
    problems = []
    if not settings.PRODUCTION:
        problems.append("NOTALONE_ENV is not production: set NOTALONE_ENV=production.")
    if settings.DEBUG:
        problems.append("NOTALONE_DEBUG is on: turn it off.")
    if settings.HUEY.get("immediate"):
        problems.append(
            "NOTALONE_JOBS_IMMEDIATE is on: this worker would find no job in the queue, "
            "because every process would run its jobs itself. Turn it off everywhere."
        )
    return problems


def worker_problems() -> list[str]:
    """Every reason a worker of the production profile should not start: the same database and
    Redis checks as ``serve --production`` (the queue's Redis persisting and never evicting
    above all: a worker is where a lost or evicted job would go missing)."""
    return [*_worker_settings_problems(), *_database_problems(), *_redis_problems()]
