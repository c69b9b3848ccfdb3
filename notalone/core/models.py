"""Rate-limit state, kept in the SQL database.

The one kind of row ``core`` owns. Limits protect people (a member's password, the sign-up
form, the report button), so they live where a full cache, a flood of new page URLs, a Redis
flush or a restart cannot empty them, as Healthchecks keeps its token buckets. Keys are keyed
hashes (``ratelimit._digest``): no username, address or client key is stored in clear, and
every row is deleted once its window is over.
"""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """Attempts in one fixed window: ``hits`` for (scope, key) in window ``window_index``."""

    scope = models.CharField(max_length=32)
    key_hash = models.CharField(max_length=64)
    window_index = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("scope", "key_hash", "window_index"), name="core_ratecounter_one_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}: {self.hits}"


class Backoff(models.Model):
    """Failures for (scope, key) and when the next attempt is allowed (exponential back-off)."""

    scope = models.CharField(max_length=32)
    key_hash = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField()
    # The row (and with it every failure it counts) is forgotten after this.
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("scope", "key_hash"), name="core_backoff_one_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope}: {self.failures}"
