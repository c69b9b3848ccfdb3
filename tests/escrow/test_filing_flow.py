"""The whole filing flow through the API with demo guardians, as a survivor would meet it."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow.client import ClientConfig, EscrowClientError
from notalone.escrow.counselor import open_released
from notalone.escrow.crypto import entry
from notalone.escrow.crypto.errors import NotEnoughShares
from notalone.escrow.identifiers import InvalidIdentifier
from notalone.escrow.models import EntryStatus, EscrowEntry, EscrowEvent, EscrowMatch
from tests.conftest import make_member
from tests.escrow.conftest import transport_for

pytestmark = pytest.mark.django_db

DEFAULT_MIN_ACCOUNT_DAYS = django_settings.ESCROW_MIN_ACCOUNT_DAYS


def record(n: int) -> dict[str, Any]:
    return {"what": f"Fictional account {n}.", "contact": f"survivor-{n}@example.org"}


def test_one_filing_stays_sealed(config: ClientConfig, alice: User) -> None:
    stored = escrow_client.file_entry(
        transport_for(alice), config, ["https://x.com/SomeHandle/"], record(1)
    )
    assert stored["status"] == "sealed"
    assert stored["status_text"] == "Sealed: nobody can read this"
    assert EscrowMatch.objects.count() == 0


def test_two_spellings_of_one_person_make_a_match_the_counselor_opens(
    config: ClientConfig, alice: User, bob: User, counselor: User, counselor_keys: Any
) -> None:
    escrow_client.file_entry(transport_for(alice), config, ["https://x.com/SomeHandle/"], record(1))
    stored = escrow_client.file_entry(
        transport_for(bob), config, [("@somehandle", "twitter")], record(2)
    )
    assert stored["status_text"] == "A counselor has been notified"
    mine = escrow_client.my_entries(transport_for(alice))
    assert [e["status_text"] for e in mine] == ["A counselor has been notified"]
    [released] = escrow_client.released_matches(transport_for(counselor))
    opened = open_released(released, counselor_private_key=counselor_keys[0])
    assert sorted(r.record["what"] for r in opened.records) == [
        "Fictional account 1.",
        "Fictional account 2.",
    ]
    assert opened.malformed == []


def test_a_third_entry_naming_someone_else_stays_sealed(
    config: ClientConfig, alice: User, bob: User, charlie: User
) -> None:
    escrow_client.file_entry(transport_for(alice), config, ["jane.doe@example.com"], record(1))
    escrow_client.file_entry(transport_for(bob), config, ["Jane.Doe@Example.com"], record(2))
    third = escrow_client.file_entry(
        transport_for(charlie), config, ["someone.else@example.com"], record(3)
    )
    assert third["status"] == "sealed"
    assert EscrowEntry.objects.filter(status=EntryStatus.SEALED).count() == 1
    assert EscrowEvent.objects.filter(action="matched").count() == 1


def test_q_minus_one_entries_cannot_be_opened_even_with_the_counselors_key(
    settings: Any, config: ClientConfig, alice: User, bob: User, counselor_keys: Any
) -> None:
    settings.ESCROW_QUORUM = 3
    (Path(settings.ESCROW_SHARES_DIR) / "escrow.json").write_text(
        (Path(settings.ESCROW_SHARES_DIR) / "escrow.json")
        .read_text()
        .replace('"quorum": 2', '"quorum": 3')
    )
    config = escrow_client.fetch_config(transport_for(alice))
    assert config.q == 3
    for user, n in ((alice, 1), (bob, 2)):
        escrow_client.file_entry(transport_for(user), config, ["+1 415 555 0100"], record(n))
    assert EscrowMatch.objects.count() == 0
    stored = [
        entry.MatchedEntry(
            bytes(e.entry_id),
            bytes(e.record_ct),
            bytes(e.items.get().index),
            bytes(e.items.get().sealed),
        )
        for e in EscrowEntry.objects.all()
    ]
    with pytest.raises(NotEnoughShares):
        entry.open_match(
            counselor_private_key=counselor_keys[0], realm=config.realm, q=3, entries=stored
        )


def test_a_second_filing_naming_the_same_person_is_refused(
    config: ClientConfig, alice: User
) -> None:
    escrow_client.file_entry(transport_for(alice), config, ["jane.doe@example.com"], record(1))
    with pytest.raises(EscrowClientError, match="already filed an entry naming this person"):
        escrow_client.file_entry(transport_for(alice), config, ["JANE.DOE@example.com"], record(2))
    assert EscrowEntry.objects.count() == 1


def test_over_quota_filing_is_refused_with_a_clear_message(
    settings: Any, config: ClientConfig, alice: User
) -> None:
    settings.ESCROW_ENTRIES_PER_ACCOUNT = 1
    escrow_client.file_entry(transport_for(alice), config, ["a.person@example.com"], record(1))
    with pytest.raises(EscrowClientError, match=r"Withdraw (it|one of them) to file a new one"):
        escrow_client.file_entry(transport_for(alice), config, ["b.person@example.com"], record(2))


def test_an_unparseable_identifier_says_what_is_wrong() -> None:
    with pytest.raises(InvalidIdentifier, match="choose the platform in the menu"):
        escrow_client.canonical_identifiers(["@somebody"])


def test_a_survivor_withdraws_a_sealed_entry(config: ClientConfig, alice: User) -> None:
    stored = escrow_client.file_entry(transport_for(alice), config, ["x@example.com"], record(1))
    escrow_client.withdraw(transport_for(alice), stored["entry_id"])
    assert EscrowEntry.objects.count() == 0
    assert escrow_client.my_entries(transport_for(alice)) == []


def test_a_released_entry_cannot_be_withdrawn(config: ClientConfig, alice: User, bob: User) -> None:
    stored = escrow_client.file_entry(transport_for(alice), config, ["x@example.com"], record(1))
    escrow_client.file_entry(transport_for(bob), config, ["X@example.com"], record(2))
    with pytest.raises(EscrowClientError, match="already been released"):
        escrow_client.withdraw(transport_for(alice), stored["entry_id"])


def test_no_one_else_can_withdraw_my_entry(config: ClientConfig, alice: User, bob: User) -> None:
    stored = escrow_client.file_entry(transport_for(alice), config, ["x@example.com"], record(1))
    with pytest.raises(EscrowClientError) as refused:
        escrow_client.withdraw(transport_for(bob), stored["entry_id"])
    assert refused.value.status == 404


def test_only_a_counselor_sees_matches(config: ClientConfig, alice: User) -> None:
    with pytest.raises(EscrowClientError) as refused:
        escrow_client.released_matches(transport_for(alice))
    assert refused.value.status == 403


def test_the_account_rate_limit_refuses_with_429(
    settings: Any, config: ClientConfig, alice: User
) -> None:
    settings.ESCROW_DEMO_EVALUATIONS_PER_ACCOUNT = 1
    from notalone.escrow.setup import reset_demo_guardians

    reset_demo_guardians()
    escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], record(1))
    with pytest.raises(EscrowClientError, match="evaluations for today") as refused:
        escrow_client.file_entry(transport_for(alice), config, ["b@example.com"], record(2))
    assert refused.value.status == 429


def test_a_retry_of_the_same_filing_is_stored_once(config: ClientConfig, alice: User) -> None:
    transport = transport_for(alice)
    canonical = ["email:a@example.com"]
    outputs = escrow_client.evaluate(transport, config, [entry.oprf_input(c) for c in canonical])
    body = escrow_client.seal_filing(config, canonical, outputs, record(1))
    assert transport("POST", "/entries", body)[0] == 201
    assert transport("POST", "/entries", body)[0] == 201
    assert EscrowEntry.objects.count() == 1


def test_approved_filers_only(settings: Any, config: ClientConfig, alice: User) -> None:
    settings.ESCROW_FILERS = "approved"
    with pytest.raises(EscrowClientError, match="approved") as refused:
        escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], record(1))
    assert refused.value.status == 403
    from notalone.escrow.services import escrow_approve_filer

    escrow_approve_filer(account=alice)
    escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], record(1))


def test_config_without_a_counselor_key_says_what_to_set(
    settings: Any, escrow_demo: Path, alice: User
) -> None:
    settings.ESCROW_COUNSELOR_PUBLIC_KEY = None
    with pytest.raises(EscrowClientError, match="NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY") as refused:
        escrow_client.fetch_config(transport_for(alice))
    assert refused.value.status == 503


def test_account_deletion_removes_entries(config: ClientConfig, alice: User) -> None:
    from notalone.accounts import services as account_services

    escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], record(1))
    account_services.account_delete(user=alice, keep_stories=False)
    assert EscrowEntry.objects.count() == 0


def make_many(n: int) -> list[User]:
    return [make_member(f"survivor{i}") for i in range(n)]


def test_by_default_a_new_account_waits_a_week_before_filing(
    settings: Any, config: ClientConfig, alice: User
) -> None:
    # The default outside demo mode, as the settings were before any fixture changed them.
    assert DEFAULT_MIN_ACCOUNT_DAYS == 7
    settings.ESCROW_MIN_ACCOUNT_DAYS = 7
    with pytest.raises(EscrowClientError, match="once they are 7 days old") as refused:
        escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], record(1))
    assert refused.value.status == 403
    six_days = time_machine.travel(timezone.now() + datetime.timedelta(days=6), tick=False)
    with six_days, pytest.raises(EscrowClientError, match="7 days old"):
        escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], record(1))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7), tick=False):
        stored = escrow_client.file_entry(
            transport_for(alice), config, ["a@example.com"], record(1)
        )
    assert stored["status"] == "sealed"


def test_one_entry_holds_at_most_three_identifiers_and_so_does_one_evaluation(
    config: ClientConfig, alice: User
) -> None:
    four = [f"p{i}@example.com" for i in range(4)]
    with pytest.raises(EscrowClientError, match="1 to 3 identifiers") as refused:
        escrow_client.file_entry(transport_for(alice), config, four, record(1))
    assert refused.value.status == 400
    assert EscrowEntry.objects.count() == 0
