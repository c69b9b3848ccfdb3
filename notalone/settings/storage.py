"""Where data lives: the database (and its PostgreSQL replicas), the cache and the job queue."""

from __future__ import annotations

import dj_database_url

from notalone.core.env import SettingError, envbool, envint, envstr, envurl, envurls
from notalone.settings.environment import DATA_DIR

# Databases: SQLite (WAL) by default, PostgreSQL when DATABASE_URL says so.
DATABASE_URL = envurl(
    "DATABASE_URL",
    f"sqlite:///{DATA_DIR / 'notalone.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql"),
)
assert DATABASE_URL is not None
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each thread keeps its connection: opening one costs the PRAGMAs below on every request.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; secure_delete overwrites deleted
        # content, so "delete my account" does not leave words behind in free pages.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA secure_delete=ON; PRAGMA busy_timeout=5000"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# PostgreSQL read replicas (streaming replication, set up in PostgreSQL itself): comma-separated
# URLs. notalone/core/dbrouting.py says which reads may go there; everything else, and every
# write, goes to DATABASE_URL.
DATABASE_REPLICA_URLS = envurls(
    "DATABASE_REPLICA_URLS",
    schemes=("postgres", "postgresql"),
    why=": replicas are PostgreSQL standbys of the primary in DATABASE_URL",
)
if DATABASE_REPLICA_URLS and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise SettingError("DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL (the primary).")
for _number, _replica_url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = dj_database_url.parse(_replica_url, conn_max_age=60)
    _replica["CONN_HEALTH_CHECKS"] = True
    # A standby that does not answer is skipped (core/dbrouting.py): find out within seconds.
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Tests read "replicas" through the primary's connection: a test database has no standby.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
DATABASE_ROUTERS = ["notalone.core.dbrouting.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
# After a member's write, their reads stay on the primary this long (longer than replica lag).
REPLICA_PIN_SECONDS = envint("NOTALONE_REPLICA_PIN_SECONDS", 10, minimum=1, maximum=3600)

# Cache, rate limits and the daily rotating address key: in-process by default, Redis when
# REDIS_URL is set. Neither is written to disk by NotAlone.
REDIS_URL = envurl("REDIS_URL", None, schemes=("redis", "rediss", "unix"))
# The job queue may live on its own Redis (persistent: AOF, never evicting), the cache on one
# that evicts; by default both use REDIS_URL. See "Production profile" in docs/OPERATING.md.
QUEUE_REDIS_URL = envurl("NOTALONE_QUEUE_REDIS_URL", REDIS_URL, schemes=("redis", "rediss", "unix"))
if QUEUE_REDIS_URL and not REDIS_URL:
    raise SettingError("NOTALONE_QUEUE_REDIS_URL needs REDIS_URL too (the cache's Redis).")
# Prefixes every cache key (tests give each pytest-xdist worker its own).
CACHE_KEY_PREFIX = envstr("NOTALONE_CACHE_KEY_PREFIX", "notalone") or "notalone"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "notalone.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Redis down: a cache read is a miss and a write is skipped, so pages are still
                # served from the database. Nothing that must hold lives only in the cache
                # (rate limits and sessions are in the database), so nothing fails open.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    # Sessions read through Redis; the database stays their record (accounts/sessions.py).
    SESSION_ENGINE = "notalone.accounts.cached_sessions"
    HUEY: dict[str, object] = {
        "huey_class": "huey.RedisHuey",
        "name": CACHE_KEY_PREFIX,
        "url": QUEUE_REDIS_URL,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "notalone",
        "filename": str(DATA_DIR / "jobs.sqlite3"),
    }
HUEY["immediate"] = envbool("NOTALONE_JOBS_IMMEDIATE", False)
