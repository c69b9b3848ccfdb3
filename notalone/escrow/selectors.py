"""Escrow reads: a survivor's own entries, the counselor's matches and released entries."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from notalone.accounts.models import User
from notalone.escrow.models import EscrowEntry, EscrowEvent, EscrowItem, EscrowMatch


def escrow_entries_of(*, account: User) -> QuerySet[EscrowEntry]:
    return EscrowEntry.objects.filter(account=account).annotate(identifiers=Count("items"))


def escrow_matches() -> QuerySet[EscrowMatch]:
    """Every match, newest first, with how many entries it released."""
    return EscrowMatch.objects.annotate(entries=Count("items"))


def escrow_new_match_count() -> int:
    return EscrowMatch.objects.filter(fetched_at__isnull=True).count()


def escrow_released_items(*, match: EscrowMatch) -> QuerySet[EscrowItem]:
    """The items released to ``match``, with their entries' record ciphertexts."""
    return (
        EscrowItem.objects.filter(match=match)
        .select_related("entry")
        .only("index", "sealed", "position", "entry__entry_id", "entry__record_ct")
        .order_by("entry__created_at", "entry__pk")
    )


def escrow_counts() -> dict[str, int]:
    """For the operator page: totals only."""
    entries = EscrowEntry.objects.aggregate(
        total=Count("pk"), released=Count("pk", filter=Q(status="released"))
    )
    return {
        "entries": entries["total"],
        "released": entries["released"],
        "matches": EscrowMatch.objects.count(),
        "events": EscrowEvent.objects.count(),
    }
