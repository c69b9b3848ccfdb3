"""The match is looked for once a filing has committed (issue 10's lighter filing transaction):
filings outside any transaction of the caller's, one after the other and at the same moment."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection

from notalone.escrow import services
from notalone.escrow.models import EntryStatus, EscrowEntry, EscrowMatch
from notalone.escrow.services import SEALED_SIZE, SealedItem
from tests.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)


def _file(account: object, index: bytes) -> EscrowEntry:
    return services.escrow_file(
        account=account,  # type: ignore[arg-type]
        entry_id=os.urandom(16),
        record_ct=os.urandom(64),
        items=[SealedItem(index, os.urandom(SEALED_SIZE))],
    )


def test_the_second_filing_commits_then_matches(settings: object) -> None:
    settings.ESCROW_QUORUM = 2  # type: ignore[attr-defined]
    settings.ESCROW_MIN_ACCOUNT_DAYS = 0  # type: ignore[attr-defined]
    index = os.urandom(32)
    first = _file(make_member("first"), index)
    assert first.status == EntryStatus.SEALED
    second = _file(make_member("second"), index)
    assert second.status == EntryStatus.RELEASED
    assert EscrowMatch.objects.count() == 1
    assert set(EscrowEntry.objects.values_list("status", flat=True)) == {EntryStatus.RELEASED}


def test_two_filings_at_the_same_moment_still_meet(settings: object) -> None:
    settings.ESCROW_QUORUM = 2  # type: ignore[attr-defined]
    settings.ESCROW_MIN_ACCOUNT_DAYS = 0  # type: ignore[attr-defined]
    index = os.urandom(32)
    members = [make_member(f"together{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(member: object) -> None:
        try:
            barrier.wait(timeout=10)
            _file(member, index)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert EscrowMatch.objects.count() == 1
    assert set(EscrowEntry.objects.values_list("status", flat=True)) == {EntryStatus.RELEASED}
