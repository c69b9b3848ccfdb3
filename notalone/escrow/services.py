"""Every escrow write: filing, withdrawing, and the one door through which a match happens.

The platform checks only what it can see: sizes, the quota, one counted entry per (account,
index), and whether q distinct accounts share an index. It never sees an identifier or a record.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notalone.accounts.models import User
from notalone.escrow.crypto.entry import ENTRY_ID_SIZE, INDEX_SIZE, PLAINTEXT_SIZE
from notalone.escrow.models import (
    ApprovedFiler,
    EntryStatus,
    EscrowEntry,
    EscrowEvent,
    EscrowItem,
    EscrowMatch,
)

#: HPKE enc (32 bytes) ‖ ciphertext of the 124-byte plaintext with its 16-byte tag.
SEALED_SIZE = 32 + PLAINTEXT_SIZE + 16
#: nonce (12) + tag (16) + at least "{}".
RECORD_CT_MIN_SIZE = 12 + 16 + 2
RECORD_CT_MAX_SIZE = 64 * 1024


@dataclass(frozen=True)
class SealedItem:
    index: bytes
    sealed: bytes


def escrow_filing_refusal(*, account: User) -> str | None:
    """Why ``account`` may not file now (a sentence to show), or None."""
    if not account.is_active or not account.can_post:
        return _("This account cannot file an entry right now.")
    if (
        settings.ESCROW_FILERS == "approved"
        and not ApprovedFiler.objects.filter(account=account).exists()
    ):
        return _(
            "On this site, only accounts the operator has approved can file an entry. "
            "Ask the organisation that runs it how to be approved."
        )
    days = settings.ESCROW_MIN_ACCOUNT_DAYS
    if days and account.joined_on > timezone.localdate() - datetime.timedelta(days=days):
        return ngettext(
            "Accounts can file an entry once they are %(days)d day old.",
            "Accounts can file an entry once they are %(days)d days old.",
            days,
        ) % {"days": days}
    return None


def _entries_full_sentence() -> str:
    limit = settings.ESCROW_ENTRIES_PER_ACCOUNT
    return ngettext(
        "You have filed %(count)d entry, the most one account can keep here. "
        "Withdraw it to file a new one.",
        "You have filed %(count)d entries, the most one account can keep here. "
        "Withdraw one of them to file a new one.",
        limit,
    ) % {"count": limit}


def _count(model: type[models.Model], column: str, value: int | bytes) -> int:
    """``SELECT COUNT(*)`` of ``model``'s rows whose ``column`` equals ``value``, on the primary.

    Written out because it runs up to three times per filing and the ORM's ``count()`` spent
    about 0.3 ms of CPU compiling each one (BENCHMARKS.md, "Escrow filing: CPU per filing").
    ``column`` is always a constant of this module, never input.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
            f"WHERE {connection.ops.quote_name(column)} = %s",
            [value],
        )
        row = cursor.fetchone()
    return int(row[0])


def _entries_of(account: User) -> int:
    return _count(EscrowEntry, "account_id", account.pk)


def escrow_entries_full(*, account: User) -> str | None:
    """Why a new filing of ``account`` would be refused whatever it names (it keeps as many
    entries as it may), or None. Asked before the guardians evaluate, so it costs nothing."""
    if _entries_of(account) >= settings.ESCROW_ENTRIES_PER_ACCOUNT:
        return _entries_full_sentence()
    return None


def _check_filing(entry_id: bytes, record_ct: bytes, items: Sequence[SealedItem]) -> None:
    errors: dict[str, list[str]] = {}
    if len(entry_id) != ENTRY_ID_SIZE:
        errors["entry_id"] = [f"The entry id is {ENTRY_ID_SIZE} bytes."]
    if not RECORD_CT_MIN_SIZE <= len(record_ct) <= RECORD_CT_MAX_SIZE:
        errors["record_ct"] = [
            f"The encrypted record must be {RECORD_CT_MIN_SIZE} to {RECORD_CT_MAX_SIZE} bytes: "
            "shorten what you wrote."
        ]
    limit = settings.ESCROW_IDENTIFIERS_PER_ENTRY
    if not 1 <= len(items) <= limit:
        errors["items"] = [f"An entry names the person by 1 to {limit} identifiers."]
    elif any(len(i.index) != INDEX_SIZE or len(i.sealed) != SEALED_SIZE for i in items):
        errors["items"] = ["An item is not an index and a sealed share of the right sizes."]
    elif len({item.index for item in items}) != len(items):
        errors["items"] = [
            "Two of the identifiers are the same person written two ways: keep one of them."
        ]
    if errors:
        raise ValidationError(errors)


def _same_filing(entry: EscrowEntry, record_ct: bytes, items: Sequence[SealedItem]) -> bool:
    stored = [(bytes(i.index), bytes(i.sealed)) for i in entry.items.order_by("position")]
    return bytes(entry.record_ct) == record_ct and stored == [(i.index, i.sealed) for i in items]


def escrow_file(
    *, account: User, entry_id: bytes, record_ct: bytes, items: Sequence[SealedItem]
) -> EscrowEntry:
    """Store one sealed filing, then record a match for any index that reaches the quorum.

    A retry of the same filing (same entry id, same bytes) returns the stored entry. The match is
    looked for once the filing has committed: of two filings for one index committing at the
    same moment (PostgreSQL), the one that commits last sees both. Called inside a transaction
    of the caller's, it looks now and again when that transaction commits.
    """
    outer = transaction.get_connection().in_atomic_block
    entry, created = _store_filing(
        account=account, entry_id=entry_id, record_ct=record_ct, items=items
    )
    if not created:
        return entry
    matched = False
    for item in items:
        matched = escrow_match(index=item.index) is not None or matched
        if outer:
            transaction.on_commit(partial(escrow_match, index=item.index))
    if matched:
        entry.status = EntryStatus.RELEASED
    return entry


def _store_filing(
    *, account: User, entry_id: bytes, record_ct: bytes, items: Sequence[SealedItem]
) -> tuple[EscrowEntry, bool]:
    """Insert first, then explain a refusal: the unique constraints (entry id; one counted
    entry per account and index) decide, and a failed insert is looked into only then, after
    its transaction was rolled back, so a filing that goes through is one transaction of five
    queries (no savepoint unless the caller holds a transaction). Any refusal rolls back
    everything."""
    refusal = escrow_filing_refusal(account=account)
    if refusal:
        raise PermissionDenied(refusal)
    _check_filing(entry_id, record_ct, items)
    try:
        with transaction.atomic():
            # Every field was checked above (_check_filing: sizes; the account is the caller's).
            entry = EscrowEntry.objects.create(
                entry_id=entry_id, record_ct=record_ct, account=account
            )
            EscrowItem.objects.bulk_create(
                EscrowItem(
                    entry=entry, account=account, position=position, index=i.index, sealed=i.sealed
                )
                for position, i in enumerate(items)
            )
            # Counted with the new entry: more than the limit rolls the filing back.
            if _entries_of(account) > settings.ESCROW_ENTRIES_PER_ACCOUNT:
                raise ValidationError(_entries_full_sentence())
            EscrowEvent.objects.create(action=EscrowEvent.Action.FILED)
    except IntegrityError:
        existing = EscrowEntry.objects.filter(entry_id=entry_id).first()
        if existing is None:
            raise ValidationError(
                _(
                    "You have already filed an entry naming this person, and each person counts "
                    "once per account. To change what you wrote, withdraw that entry and file "
                    "again."
                )
            ) from None
        if existing.account_id == account.pk and _same_filing(existing, record_ct, items):
            return existing, False
        raise ValidationError(
            {"entry_id": [_("This entry id is already used: file it again.")]}
        ) from None
    return entry, True


@transaction.atomic
def escrow_withdraw(*, account: User, entry_id: bytes) -> None:
    """Delete a sealed entry of ``account``; a released one stays with the counselor."""
    entry = EscrowEntry.objects.select_for_update().get(entry_id=entry_id, account=account)
    if entry.status == EntryStatus.RELEASED:
        raise ValidationError(
            _(
                "This entry has already been released to a counselor, so it can no longer be "
                "withdrawn here. The counselor will contact you as you asked; you can tell "
                "them then."
            )
        )
    entry.delete()
    EscrowEvent.objects.create(action=EscrowEvent.Action.WITHDRAWN)


def escrow_match(*, index: bytes) -> EscrowMatch | None:
    """The one door for a match: when q distinct accounts' entries share ``index``, record the
    match (once), release every item for that index to it, and write the audit events."""
    # One counted entry per (account, index) (the constraint escrow_one_entry_per_person): the
    # items that share the index are as many as the distinct accounts that filed them.
    accounts = _count(EscrowItem, "index", index)
    if accounts < settings.ESCROW_QUORUM:
        return None
    return _record_match(index)


@transaction.atomic
def _record_match(index: bytes) -> EscrowMatch:
    try:
        with transaction.atomic():
            match, created = EscrowMatch.objects.get_or_create(index=index)
    except IntegrityError:
        match, created = EscrowMatch.objects.get(index=index), False
    pending = EscrowItem.objects.filter(index=index, match__isnull=True)
    entry_pks = list(pending.values_list("entry_id", flat=True))
    released = pending.update(match=match)
    EscrowEntry.objects.filter(pk__in=entry_pks).update(status=EntryStatus.RELEASED)
    if created:
        EscrowEvent.objects.create(action=EscrowEvent.Action.MATCHED, match=match, count=released)
    elif released:
        match.fetched_at = None
        match.save(update_fields=("fetched_at",))
        EscrowEvent.objects.create(action=EscrowEvent.Action.RELEASED, match=match, count=released)
    return match


@transaction.atomic
def escrow_match_fetched(*, match: EscrowMatch) -> None:
    """A counselor fetched this match's entries: it is no longer new."""
    match.fetched_at = timezone.now()
    match.save(update_fields=("fetched_at",))
    EscrowEvent.objects.create(action=EscrowEvent.Action.FETCHED, match=match, count=0)


@transaction.atomic
def escrow_approve_filer(*, account: User) -> ApprovedFiler:
    approval, _created = ApprovedFiler.objects.get_or_create(account=account)
    return approval


def escrow_erase_account(user: User, keep_stories: bool) -> None:
    """Account deletion: every entry of the account goes, sealed or released."""
    EscrowEntry.objects.filter(account=user).delete()
    ApprovedFiler.objects.filter(account=user).delete()


def escrow_export_account(user: User) -> list[dict[str, object]]:
    """Account export: the member's entries as stored (the platform cannot read them)."""
    return [
        {
            "entry_id": bytes(entry.entry_id).hex(),
            "filed_at": entry.created_at.isoformat(),
            "status": entry.status,
            "identifiers": entry.items.count(),
        }
        for entry in EscrowEntry.objects.filter(account=user)
    ]


def require_counselor(user: User) -> None:
    if not user.is_counselor:
        raise PermissionDenied(_("Only a legal options counselor can see released entries."))
