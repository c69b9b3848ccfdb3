"""Whether a member has unread notices (the navigation's "Notices (new)"), kept in the cache.

Every signed-in page shows it, so it is read from the cache (one key per member, holding
True or False, never anything of the notices) and from the database only on a miss. Every
way a notice is made, read or removed clears the key, at once and again when the
transaction commits (a page read in between, from data not yet committed, cannot keep the
old answer), so a new notice shows on the member's very next page:

- ``Notice.objects.create``, saves and deletes (the decisions, the admin, an account
  deletion): the model's ``post_save`` and ``post_delete`` signals (``apps.ready``);
- ``bulk_create`` and ``update``, which send no signal: their services call ``forget``.

The key also expires after ``TTL_SECONDS``, so nothing Redis fails to delete lasts longer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

TTL_SECONDS = 300


def _key(member_id: int) -> str:
    return f"notices:unread:v1:{member_id}"


def has_unread(member_id: int) -> bool:
    from notalone.moderation.models import Notice

    cached = cache.get(_key(member_id))
    if isinstance(cached, bool):
        return cached
    unread = Notice.objects.filter(member_id=member_id, read_at=None).exists()
    cache.set(_key(member_id), unread, timeout=TTL_SECONDS)
    return unread


def forget(member_ids: Iterable[int | None]) -> None:
    """Clear these members' flags now and when the transaction commits."""
    keys = [_key(member_id) for member_id in set(member_ids) if member_id is not None]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def forget_on_change(sender: type, instance: Any, **kwargs: Any) -> None:
    """``post_save`` and ``post_delete`` receiver for ``Notice``."""
    forget([instance.member_id])
