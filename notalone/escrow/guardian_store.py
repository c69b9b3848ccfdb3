"""What a key guardian remembers, in one SQLite file of its own (ESCROW_PROTOCOL.md §7).

A guardian runs without Django and without the platform's database, on its organisation's own
machine, so its counters live in a file in its own data directory: they survive a restart, and
every gunicorn worker of the guardian counts into the same rows (``BEGIN IMMEDIATE``, WAL).

Tables:

- ``hours(hour, used)``: evaluations answered per UTC hour (``hour`` = Unix time // 3600). The
  day's total is the sum of its 24 hours; the public counts endpoint shows these rows, which hold
  no identifier and no account. Kept for ``HISTORY_DAYS``.
- ``accounts(day, account, used)``: evaluations per platform account key per UTC day (the key is
  the platform's pseudonym; the platform chooses it, so this limit binds honest platforms only).
  Rows of past days are deleted.
- ``invites(code_hash, period, tokens)``: verified-filer mode: SHA-256 of each invite code the
  organisation issued, and how many tokens it has been redeemed for in the current period.
- ``checks(hour, account, used)``: verified-filer mode: invite-code checks (``POST
  /check-invite``) per UTC hour and platform account key, kept for a day, so the limits on
  checking codes survive restarts.
- ``redemptions(code_hash, request, period)``: verified-filer mode: each redemption a code paid
  for, by SHA-256 of its blinded elements (the request the sealed code is bound to), and the
  period it was paid in, so that the same request sent again (a retry, or a relay replaying it to
  use up a survivor's tokens) is answered again without being paid for twice, and dated with
  the period it was paid in: a replay in a later period yields only tokens of that old period,
  expired once it is past (``tokens.epoch_is_current``), never tokens of the new one. Rows are
  kept (a few per code and period, 70 bytes each): were they deleted, a relay could replay an
  old request each period to use up a survivor's allowance.
- ``spent(nonce, spent_at)``: verified-filer mode: the nonces of spent evaluation tokens
  (32 bytes each), so that a token is accepted once, across restarts. A nonce spent before the
  previous period began belongs to a token that has expired since (``tokens.epoch_is_current``),
  so such rows are deleted with the first evaluation of a day.

Every write is one transaction; a refusal writes nothing.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOUR_SECONDS = 3600
DAY_SECONDS = 86400
HISTORY_DAYS = 30

_SCHEMA = """
CREATE TABLE IF NOT EXISTS hours (hour INTEGER PRIMARY KEY, used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    day INTEGER NOT NULL, account TEXT NOT NULL, used INTEGER NOT NULL,
    PRIMARY KEY (day, account)
);
CREATE TABLE IF NOT EXISTS invites (
    code_hash BLOB PRIMARY KEY, created_at INTEGER NOT NULL,
    period INTEGER NOT NULL DEFAULT -1, tokens INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS redemptions (
    code_hash BLOB NOT NULL, request BLOB NOT NULL, period INTEGER NOT NULL DEFAULT -1,
    PRIMARY KEY (code_hash, request)
);
CREATE TABLE IF NOT EXISTS spent (nonce BLOB PRIMARY KEY, spent_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS checks (
    hour INTEGER NOT NULL, account TEXT NOT NULL, used INTEGER NOT NULL,
    PRIMARY KEY (hour, account)
);
"""


def period_of(now: float, period_seconds: int) -> int:
    """The number of the invite-code period holding Unix time ``now``: periods are counted
    from the Unix epoch (1970-01-01 00:00 UTC), ``period_seconds`` long each, so every guardian
    with the same ``--period-days`` starts a period at the same instant, whatever its local
    time zone or when it was started."""
    return int(now) // period_seconds


def period_ends(now: float, period_seconds: int) -> int:
    """The Unix time at which the period holding ``now`` ends (the next one starts)."""
    return (period_of(now, period_seconds) + 1) * period_seconds


class LimitReached(Exception):
    """A limit would be passed: ``which`` is "hour", "day" or "account", ``limit`` its value."""

    def __init__(self, which: str, limit: int) -> None:
        super().__init__(which)
        self.which = which
        self.limit = limit


class InviteRefused(Exception):
    """An invite code that is unknown, or already redeemed for all of this period's tokens."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TokenSpent(Exception):
    """An evaluation token whose nonce was already accepted once."""


@dataclass(frozen=True)
class Limits:
    """Evaluations (blinded elements) a guardian answers: per UTC hour and day in total, and per
    platform account key per UTC day. Set by the guardian's operator (``--per-hour`` …)."""

    per_hour: int
    per_day: int
    per_account: int


def code_hash(code: str) -> bytes:
    """SHA-256 of an invite code's secret part (codes are random, 128 bits: no salt needed)."""
    return hashlib.sha256(b"NotAlone invite code v2\x00" + code.encode()).digest()


class GuardianStore:
    """The guardian's SQLite file. Thread-safe and fork-safe: each thread of each process opens
    its own connection on first use. ``path`` may be ``":memory:"`` only in single-thread tests."""

    def __init__(self, path: Path | str, *, clock: Callable[[], float] = time.time) -> None:
        self.path = str(path)
        self.clock = clock
        self._local = threading.local()
        # One writer at a time within this process: a thread waits on this lock and starts the
        # moment it is free, where SQLite's busy handler would sleep 1, 2, 5, 10 ms and retry.
        # Other processes (gunicorn workers) are still kept out by SQLite's own lock.
        self._write_lock = threading.Lock()
        db = self._connect()
        db.executescript(_SCHEMA)
        columns = {row[1] for row in db.execute("PRAGMA table_info(redemptions)")}
        if "period" not in columns:
            # A file from before redemptions were dated: its rows get period -1, so a request
            # sent again is paid for as a new redemption (``redeem``).
            db.execute("ALTER TABLE redemptions ADD COLUMN period INTEGER NOT NULL DEFAULT -1")

    def _connect(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            if self.path != ":memory:":
                # The file holds counts only, but it is the guardian's: owner-only, like its share.
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                os.close(fd)
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            local.db, local.pid = db, os.getpid()
        connection: sqlite3.Connection = local.db
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        with self._write_lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # -- evaluations ---------------------------------------------------------------------------

    def take(
        self,
        account: str,
        count: int,
        limits: Limits,
        *,
        token_nonce: bytes | None = None,
        spent_expire_before: int | None = None,
    ) -> tuple[int, int]:
        """Count ``count`` evaluations for ``account`` now, and spend ``token_nonce`` if given.

        Returns (used this hour, used today) after counting. Raises ``LimitReached`` or
        ``TokenSpent``; then nothing is counted and nothing spent. ``spent_expire_before``: a
        Unix time before which every spent token has expired (its epoch is refused before the
        nonce is looked up), so those nonces are forgotten with the day's first evaluation.
        """
        now = int(self.clock())
        hour, day = now // HOUR_SECONDS, now // DAY_SECONDS
        first_hour = day * 24
        with self._transaction() as db:
            hour_used, day_used, account_used = db.execute(
                "SELECT (SELECT COALESCE(SUM(used), 0) FROM hours WHERE hour = ?), "
                "(SELECT COALESCE(SUM(used), 0) FROM hours WHERE hour BETWEEN ? AND ?), "
                "(SELECT COALESCE(SUM(used), 0) FROM accounts WHERE day = ? AND account = ?)",
                (hour, first_hour, first_hour + 23, day, account),
            ).fetchone()
            if hour_used + count > limits.per_hour:
                raise LimitReached("hour", limits.per_hour)
            if day_used + count > limits.per_day:
                raise LimitReached("day", limits.per_day)
            if account_used + count > limits.per_account:
                raise LimitReached("account", limits.per_account)
            if token_nonce is not None:
                try:
                    db.execute("INSERT INTO spent VALUES (?, ?)", (token_nonce, now))
                except sqlite3.IntegrityError:
                    raise TokenSpent from None
            db.execute(
                "INSERT INTO hours VALUES (?, ?) "
                "ON CONFLICT (hour) DO UPDATE SET used = used + excluded.used",
                (hour, count),
            )
            db.execute(
                "INSERT INTO accounts VALUES (?, ?, ?) "
                "ON CONFLICT (day, account) DO UPDATE SET used = used + excluded.used",
                (day, account, count),
            )
            if account_used == 0 and day_used == 0:
                # The first evaluation of a day: forget earlier days' accounts and old hours.
                db.execute("DELETE FROM accounts WHERE day < ?", (day,))
                db.execute("DELETE FROM hours WHERE hour < ?", (hour - HISTORY_DAYS * 24,))
                if spent_expire_before is not None:
                    db.execute("DELETE FROM spent WHERE spent_at < ?", (spent_expire_before,))
        return hour_used + count, day_used + count

    def would_take(
        self, account: str, count: int, limits: Limits, *, token_nonce: bytes | None = None
    ) -> None:
        """What ``take`` would refuse now (``LimitReached``, ``TokenSpent``), writing nothing.

        Another request may still take the last evaluations between this check and ``take``:
        the check narrows that window, it cannot close it."""
        now = int(self.clock())
        hour, day = now // HOUR_SECONDS, now // DAY_SECONDS
        first_hour = day * 24
        db = self._connect()
        hour_used, day_used, account_used, spent = db.execute(
            "SELECT (SELECT COALESCE(SUM(used), 0) FROM hours WHERE hour = ?), "
            "(SELECT COALESCE(SUM(used), 0) FROM hours WHERE hour BETWEEN ? AND ?), "
            "(SELECT COALESCE(SUM(used), 0) FROM accounts WHERE day = ? AND account = ?), "
            "(SELECT COUNT(*) FROM spent WHERE nonce = ?)",
            (hour, first_hour, first_hour + 23, day, account, token_nonce or b""),
        ).fetchone()
        if hour_used + count > limits.per_hour:
            raise LimitReached("hour", limits.per_hour)
        if day_used + count > limits.per_day:
            raise LimitReached("day", limits.per_day)
        if account_used + count > limits.per_account:
            raise LimitReached("account", limits.per_account)
        if token_nonce is not None and spent:
            raise TokenSpent

    def counts(self, hours: int = 48) -> dict[str, object]:
        """The public counts: this hour, today, and each of the last ``hours`` UTC hours."""
        now = int(self.clock())
        hour, day = now // HOUR_SECONDS, now // DAY_SECONDS
        db = self._connect()
        rows = db.execute(
            "SELECT hour, used FROM hours WHERE hour > ? ORDER BY hour", (hour - hours,)
        ).fetchall()
        by_hour = dict(rows)
        today = sum(used for h, used in rows if h // 24 == day)
        return {
            "this_hour": by_hour.get(hour, 0),
            "today": today,
            "hours": [
                {"start": h * HOUR_SECONDS, "evaluations": by_hour.get(h, 0)}
                for h in range(hour - hours + 1, hour + 1)
            ],
        }

    # -- invite codes (verified-filer mode) ---------------------------------------------------

    def add_invites(self, codes: list[str]) -> None:
        now = int(self.clock())
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO invites (code_hash, created_at) VALUES (?, ?)",
                [(code_hash(code), now) for code in codes],
            )

    def redeem(
        self, code: str, count: int, *, per_period: int, period_seconds: int, request: bytes
    ) -> int:
        """Take ``count`` tokens of this period's ``per_period`` for ``code``, or raise
        ``InviteRefused`` ("unknown" or "used"); the period's number (the tokens' epoch).

        ``request`` (SHA-256 of the blinded elements) names the redemption: the same request
        for the same code again takes nothing and gets the period it was paid in, never the
        current one, so replaying an old request cannot buy tokens of a later period
        (ESCROW_PROTOCOL.md §7.3)."""
        period = period_of(self.clock(), period_seconds)
        hashed = code_hash(code)
        with self._transaction() as db:
            row = db.execute(
                "SELECT period, tokens FROM invites WHERE code_hash = ?", (hashed,)
            ).fetchone()
            if row is None:
                raise InviteRefused("unknown")
            paid = db.execute(
                "SELECT period FROM redemptions WHERE code_hash = ? AND request = ?",
                (hashed, request),
            ).fetchone()
            if paid is not None and paid[0] >= 0:
                return int(paid[0])  # already paid for: answered again, for free, as then
            used = row[1] if row[0] == period else 0
            if used + count > per_period:
                raise InviteRefused("used")
            # A row of period -1 (written before redemptions were dated) is paid for again.
            db.execute(
                "INSERT INTO redemptions VALUES (?, ?, ?) "
                "ON CONFLICT (code_hash, request) DO UPDATE SET period = excluded.period",
                (hashed, request, period),
            )
            db.execute(
                "UPDATE invites SET period = ?, tokens = ? WHERE code_hash = ?",
                (period, used + count, hashed),
            )
        return period

    def check_invite(
        self,
        code: str,
        account: str,
        *,
        per_hour: int,
        per_account: int,
        per_period: int,
        period_seconds: int,
    ) -> tuple[int, int]:
        """Count one invite-code check, then look the code up: (tokens it can still buy this
        period, Unix time the period ends). Raises ``LimitReached`` (``"check_hour"`` or
        ``"check_account"``: nothing counted) or ``InviteRefused`` (counted: a wrong guess costs
        a check like a right one)."""
        now = int(self.clock())
        hour = now // HOUR_SECONDS
        first_hour = (now // DAY_SECONDS) * 24
        period = period_of(now, period_seconds)
        with self._transaction() as db:
            hour_used, account_used = db.execute(
                "SELECT (SELECT COALESCE(SUM(used), 0) FROM checks WHERE hour = ?), "
                "(SELECT COALESCE(SUM(used), 0) FROM checks WHERE hour >= ? AND account = ?)",
                (hour, first_hour, account),
            ).fetchone()
            if hour_used >= per_hour:
                raise LimitReached("check_hour", per_hour)
            if account_used >= per_account:
                raise LimitReached("check_account", per_account)
            db.execute("DELETE FROM checks WHERE hour < ?", (first_hour,))
            db.execute(
                "INSERT INTO checks VALUES (?, ?, 1) "
                "ON CONFLICT (hour, account) DO UPDATE SET used = used + 1",
                (hour, account),
            )
            row = db.execute(
                "SELECT period, tokens FROM invites WHERE code_hash = ?", (code_hash(code),)
            ).fetchone()
        if row is None:
            raise InviteRefused("unknown")
        used = row[1] if row[0] == period else 0
        if used >= per_period:
            raise InviteRefused("used")
        return per_period - used, period_ends(now, period_seconds)

    def invite_count(self) -> int:
        return _scalar(self._connect(), "SELECT COUNT(*) FROM invites", ())


def _scalar(db: sqlite3.Connection, sql: str, parameters: tuple[object, ...]) -> int:
    row = db.execute(sql, parameters).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
