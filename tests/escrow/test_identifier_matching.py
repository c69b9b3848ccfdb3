"""End to end, through the API with demo guardians: identifiers that name one person meet, and
identifiers that name two people never do (issue 10: share links, faß.de and fass.de)."""

from __future__ import annotations

from typing import Any

import pytest

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow.client import ClientConfig
from notalone.escrow.identifiers import InvalidIdentifier
from notalone.escrow.models import EntryStatus, EscrowEntry, EscrowMatch
from tests.escrow.conftest import transport_for

pytestmark = pytest.mark.django_db


def record(n: int) -> dict[str, Any]:
    return {"what": f"Fictional account {n}.", "contact": f"survivor-{n}@example.org"}


def test_two_different_facebook_share_links_never_match(
    config: ClientConfig, alice: User, bob: User
) -> None:
    for user, link in [
        (alice, "https://www.facebook.com/share/AbC123xyz/"),
        (bob, "https://www.facebook.com/share/ZzY987qwe/"),
    ]:
        with pytest.raises(InvalidIdentifier, match="share link") as caught:
            escrow_client.file_entry(transport_for(user), config, [link], record(1))
        assert caught.value.key == "share_link"
    assert EscrowEntry.objects.count() == 0
    assert EscrowMatch.objects.count() == 0


def test_fass_and_fass_with_sharp_s_are_two_people(
    config: ClientConfig, alice: User, bob: User, charlie: User
) -> None:
    sharp = escrow_client.file_entry(transport_for(alice), config, ["user@faß.de"], record(1))
    plain = escrow_client.file_entry(transport_for(bob), config, ["user@fass.de"], record(2))
    assert (sharp["status"], plain["status"]) == ("sealed", "sealed")
    assert EscrowMatch.objects.count() == 0
    # The same faß.de written another way still meets the first entry, and only it.
    again = escrow_client.file_entry(transport_for(charlie), config, ["USER@FAß.DE"], record(3))
    assert again["status"] == "released"
    released = EscrowEntry.objects.filter(status=EntryStatus.RELEASED)
    assert {bytes(e.entry_id).hex() for e in released} == {sharp["entry_id"], again["entry_id"]}


def test_an_x_link_and_an_at_handle_still_match(
    config: ClientConfig, alice: User, bob: User
) -> None:
    escrow_client.file_entry(transport_for(alice), config, ["https://x.com/Fake_User"], record(1))
    stored = escrow_client.file_entry(transport_for(bob), config, [("@fake_user", "x")], record(2))
    assert stored["status_text"] == "A counselor has been notified"
    assert EscrowMatch.objects.count() == 1


def test_arabic_indic_digits_and_a_linkedin_country_host_meet_their_usual_spelling(
    config: ClientConfig, alice: User, bob: User
) -> None:
    escrow_client.file_entry(
        transport_for(alice),
        config,
        ["+٩٧١٥٠١٢٣٤٥٦٧", "https://ca.linkedin.com/in/jane-doe-123"],
        record(1),
    )
    stored = escrow_client.file_entry(transport_for(bob), config, ["+971 50 123 4567"], record(2))
    assert stored["status"] == "released"


def test_a_version_1_index_never_meets_a_version_2_one(
    config: ClientConfig, alice: User, bob: User
) -> None:
    """Version 1 read user@faß.de as email:user@fass.de and used the bare canonical string as
    the OPRF input; version 2 prefixes the protocol version (ESCROW_PROTOCOL.md §3.1), so the
    old merged entry cannot meet a new filing for user@fass.de."""
    transport = transport_for(alice)
    outputs = escrow_client.evaluate(transport, config, [b"email:user@fass.de"])
    body = escrow_client.seal_filing(config, ["email:user@fass.de"], outputs, record(1))
    assert transport("POST", "/entries", body)[0] == 201
    stored = escrow_client.file_entry(transport_for(bob), config, ["user@fass.de"], record(2))
    assert stored["status"] == "sealed"
    assert EscrowMatch.objects.count() == 0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://github.com/acme/widget/issues/5", "https://github.com/acme/widget/pull/9"),
        (
            "https://www.facebook.com/SomeNewsPage/posts/X?comment_id=111",
            "https://www.facebook.com/SomeNewsPage/posts/X?comment_id=222",
        ),
        (
            "https://www.youtube.com/@Chan/community?lc=UgxOne",
            "https://www.youtube.com/@Chan/community?lc=UgxTwo",
        ),
    ],
)
def test_two_links_to_content_on_one_page_never_match(
    config: ClientConfig, alice: User, bob: User, first: str, second: str
) -> None:
    """Review of issue 10: both links named the page's owner (github:acme, ...), and two
    survivors naming two different commenters released each other's entries."""
    for user, link in [(alice, first), (bob, second)]:
        with pytest.raises(InvalidIdentifier, match="not to a person") as caught:
            escrow_client.file_entry(transport_for(user), config, [link], record(1))
        assert caught.value.key == "beyond_profile"
    assert EscrowEntry.objects.count() == 0
    assert EscrowMatch.objects.count() == 0


def test_a_facebook_username_meets_itself_written_with_periods(
    config: ClientConfig, alice: User, bob: User
) -> None:
    """Facebook ignores periods in usernames: janedoe5 and jane.doe.5 are one profile."""
    escrow_client.file_entry(
        transport_for(alice), config, ["https://www.facebook.com/janedoe5"], record(1)
    )
    stored = escrow_client.file_entry(
        transport_for(bob), config, ["facebook.com/Jane.Doe.5."], record(2)
    )
    assert stored["status"] == "released"
