"""What the platform keeps for the escrow: indexes, ciphertexts and the filing account.

Nothing else: no identifier, no record text, no contact detail (those are inside ``record_ct``
and the sealed shares, which only the counselor can open once q survivors name the same person).
Writes go through ``services``; a match is recorded only by ``services.escrow_match``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notalone.core.fields import PublicIdField


class EntryStatus(models.TextChoices):
    SEALED = "sealed", _("Sealed: nobody can read this")
    RELEASED = "released", _("A counselor has been notified")


class EscrowEntry(models.Model):
    """One filing: its random id, the encrypted record, and who filed it."""

    entry_id = models.BinaryField(max_length=16, unique=True)
    record_ct = models.BinaryField(max_length=70_000)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="escrow_entries"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=8, choices=EntryStatus.choices, default=EntryStatus.SEALED)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name_plural = "escrow entries"

    def __str__(self) -> str:
        return f"escrow entry {bytes(self.entry_id).hex()[:8]}…"


class EscrowMatch(models.Model):
    """q or more entries from distinct accounts that share an index: released to the counselor."""

    public_id = PublicIdField()
    index = models.BinaryField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When a counselor last fetched this match's entries; new entries reset it.
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name_plural = "escrow matches"

    def __str__(self) -> str:
        return f"escrow match {self.public_id}"


class EscrowItem(models.Model):
    """One named person in one entry: the matching index and the share sealed to the counselor.

    ``account`` repeats the entry's account so that the database itself enforces one counted
    entry per (account, index).
    """

    entry = models.ForeignKey(EscrowEntry, on_delete=models.CASCADE, related_name="items")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    index = models.BinaryField(max_length=32)
    sealed = models.BinaryField(max_length=172)
    match = models.ForeignKey(
        EscrowMatch, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )

    class Meta:
        ordering = ("entry", "position")
        constraints = [
            models.UniqueConstraint(
                fields=("account", "index"), name="escrow_one_entry_per_person"
            ),
            models.UniqueConstraint(fields=("entry", "position"), name="escrow_item_position"),
        ]
        indexes = [models.Index(fields=("index",), name="escrow_item_index")]

    def __str__(self) -> str:
        return f"item {self.position} of {self.entry}"


class EscrowEvent(models.Model):
    """The escrow's append-only audit log: what happened and when, never who or what was named.

    Filings and withdrawals are counted without the account (a withdrawn entry must leave no
    trail back to its author); a match names its match and how many entries it released.
    """

    class Action(models.TextChoices):
        FILED = "filed", "Entry filed"
        WITHDRAWN = "withdrawn", "Entry withdrawn"
        MATCHED = "matched", "Match recorded"
        RELEASED = "released", "Entries released to a match"
        FETCHED = "fetched", "Counselor fetched a match"

    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)
    match = models.ForeignKey(
        EscrowMatch, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("-at", "-pk")

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an event, once written, is never changed.
        if self.pk is not None:
            raise ValueError("escrow events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("escrow events are append-only")


class ApprovedFiler(models.Model):
    """An account the operator approved to file (when NOTALONE_ESCROW_FILERS=approved)."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="escrow_approval"
    )
    approved_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return f"{self.account} may file"
