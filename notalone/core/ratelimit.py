"""Rate limits that hold: counters and back-off kept in the SQL database.

Why the database and not the cache: the cache is small and shared with the page cache, so a
few hundred requests for new URLs used to evict every counter, and a restart or a Redis
flush emptied them too. A limit that protects a member's password must survive all three.
Healthchecks keeps its token buckets in the database for the same reason.

Two shapes:
- ``hit`` counts attempts in a fixed window (sign-ups per client per hour, reports per member
  per hour). One upsert, atomic on SQLite and PostgreSQL: no lost update under concurrency.
- ``backoff_claim`` / ``backoff_clear`` slow repeated failures down exponentially, up to a
  ceiling, instead of locking anything for good (log-in guessing).

Keys are hashed with a keyed HMAC (under SECRET_KEY) before they are stored, so the table
holds no username and no client key in clear. Rows are deleted when their window is over.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from notalone.core.models import Backoff, RateCounter

# About one call in this many also deletes expired rows: cheap (an indexed range delete),
# and it needs no scheduler, so a site run without the worker stays tidy too.
PURGE_ONE_IN = 100


class RateLimited(Exception):
    """Too many attempts; the message says when to try again."""

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _digest(scope: str, key: str) -> str:
    return salted_hmac("notalone.core.ratelimit", f"{scope}\0{key}", algorithm="sha256").hexdigest()


def _window(window_seconds: int, now: datetime) -> tuple[int, datetime]:
    index = int(now.timestamp()) // window_seconds
    ends = datetime.fromtimestamp((index + 1) * window_seconds, tz=now.tzinfo)
    return index, ends


def hit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; return True while the caller is within ``limit`` per window.

    Call it outside the transaction of the action it guards: a refused action rolls its
    transaction back, and the attempt must still count.
    """
    index, ends = _window(window_seconds, timezone.now())
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    # INSERT ... ON CONFLICT ... RETURNING: one statement, so two requests at the same moment
    # both count (SQLite 3.35+ and PostgreSQL 9.5+ both speak it).
    sql = (
        f"INSERT INTO {table} (scope, key_hash, window_index, hits, expires_at) "  # noqa: S608
        "VALUES (%s, %s, %s, 1, %s) "
        "ON CONFLICT (scope, key_hash, window_index) "
        f"DO UPDATE SET hits = {table}.hits + 1 RETURNING hits"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [scope, _digest(scope, key), index, connection.ops.adapt_datetimefield_value(ends)],
        )
        row = cursor.fetchone()
    _maybe_purge()
    return row is not None and int(row[0]) <= limit


def refund(scope: str, key: str, *, window_seconds: int) -> None:
    """Take back one attempt in the current window (a successful log-in does not count)."""
    index, _ = _window(window_seconds, timezone.now())
    RateCounter.objects.filter(
        scope=scope, key_hash=_digest(scope, key), window_index=index, hits__gt=0
    ).update(hits=F("hits") - 1)


def reset(scope: str, key: str, *, window_seconds: int) -> None:
    index, _ = _window(window_seconds, timezone.now())
    RateCounter.objects.filter(
        scope=scope, key_hash=_digest(scope, key), window_index=index
    ).delete()


@dataclass(frozen=True)
class BackoffPolicy:
    """``free`` failures in a row go through at once; after that, each try waits twice as
    long as the one before, from ``first_wait`` up to ``longest_wait`` seconds. Failures are forgotten after
    ``forget_after`` seconds without one."""

    free: int
    first_wait: int
    longest_wait: int
    forget_after: int

    def wait_after(self, failures: int) -> int:
        if failures < self.free:
            return 0
        doublings = min(failures - self.free, 32)
        return int(min(self.longest_wait, self.first_wait * 2**doublings))


def backoff_claim(scope: str, key: str, *, policy: BackoffPolicy) -> int:
    """Ask to make one attempt. Return 0 and count it as a failure (until ``backoff_clear``),
    or return the seconds to wait, counting nothing: waiting out a pause never lengthens it.

    Call it outside the transaction of the action it guards, like ``hit``.
    """
    key_hash = _digest(scope, key)
    with transaction.atomic():
        created = timezone.now()
        Backoff.objects.bulk_create(
            [Backoff(scope=scope, key_hash=key_hash, blocked_until=created, expires_at=created)],
            ignore_conflicts=True,
        )
        # The row lock (PostgreSQL) or the write lock BEGIN IMMEDIATE takes (SQLite) makes
        # concurrent attempts take turns: a burst cannot slip many guesses past one check.
        row = Backoff.objects.select_for_update().get(scope=scope, key_hash=key_hash)
        # Read the clock once it is our turn, so no earlier turn's time is in our future.
        now = max(timezone.now(), created)
        if row.blocked_until > now:
            return math.ceil((row.blocked_until - now).total_seconds())
        failures = 1 if row.expires_at <= now else row.failures + 1
        row.failures = failures
        row.blocked_until = now + timedelta(seconds=policy.wait_after(failures))
        row.expires_at = row.blocked_until + timedelta(seconds=policy.forget_after)
        row.save(update_fields=("failures", "blocked_until", "expires_at"))
    _maybe_purge()
    return 0


def backoff_clear(scope: str, key: str) -> None:
    """The attempt succeeded: forget every failure for this key."""
    Backoff.objects.filter(scope=scope, key_hash=_digest(scope, key)).delete()


def purge_expired() -> int:
    """Delete every row whose window is over; return how many went."""
    now = timezone.now()
    counters, _ = RateCounter.objects.filter(expires_at__lte=now).delete()
    backoffs, _ = Backoff.objects.filter(expires_at__lte=now).delete()
    return counters + backoffs


def _maybe_purge() -> None:
    if secrets.randbelow(PURGE_ONE_IN) == 0:
        purge_expired()
