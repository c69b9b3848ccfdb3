"""Verified-filer mode end to end (issue 10, §2): invite codes from each guardian's organisation
buy one-time, unlinkable evaluation tokens; a filing spends one at each of t guardians."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow.client import EscrowClientError, Wallet
from notalone.escrow.crypto import tokens
from notalone.escrow.models import EscrowEntry, EscrowMatch
from notalone.escrow.setup import demo_guardians
from tests.escrow.conftest import transport_for

pytestmark = pytest.mark.django_db


def record(n: int) -> dict[str, Any]:
    return {"what": f"Fictional account {n}.", "contact": f"survivor-{n}@example.org"}


@pytest.fixture
def verified(settings: Any, escrow_demo: Path) -> None:
    settings.ESCROW_FILERS = "verified"


def _codes(guardian: int, count: int = 1) -> list[str]:
    return demo_guardians()[guardian - 1].make_invites(count)


def _wallet(user: User, guardians: tuple[int, ...] = (1, 2)) -> Wallet:
    transport = transport_for(user)
    config = escrow_client.fetch_config(transport)
    wallet = Wallet()
    for index in guardians:
        [code] = _codes(index)
        wallet.add(escrow_client.redeem_invite(transport, config, code))
    return wallet


def test_filers_with_tokens_file_and_match(verified: None, alice: User, bob: User) -> None:
    config = escrow_client.fetch_config(transport_for(alice))
    assert config.filers == "verified"
    assert [g["tokens_per_period"] for g in config.guardians] == [4, 4, 4]
    alices, bobs = _wallet(alice), _wallet(bob)
    assert (alices.count(1), alices.count(2), alices.count(3)) == (4, 4, 0)
    escrow_client.file_entry(
        transport_for(alice), config, ["https://x.com/Fake_User"], record(1), alices
    )
    stored = escrow_client.file_entry(
        transport_for(bob), config, [("@fake_user", "x")], record(2), bobs
    )
    assert stored["status"] == "released"
    assert EscrowMatch.objects.count() == 1
    assert (alices.count(1), alices.count(2)) == (3, 3)


def test_no_token_no_evaluation(verified: None, alice: User) -> None:
    config = escrow_client.fetch_config(transport_for(alice))
    with pytest.raises(EscrowClientError, match="verified filers only") as refused:
        escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], record(1))
    assert refused.value.status == 403
    assert all(g.public_counts()["today"] == 0 for g in demo_guardians())
    with pytest.raises(EscrowClientError, match="tokens from 2 guardians; you have tokens from 1"):
        escrow_client.file_entry(
            transport_for(alice), config, ["a@example.com"], record(1), _wallet(alice, (1,))
        )
    assert EscrowEntry.objects.count() == 0


def test_a_token_is_good_once(verified: None, alice: User) -> None:
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    wallet = _wallet(alice)
    token = wallet.tokens[1][0]
    escrow_client.file_entry(transport, config, ["a@example.com"], record(1), wallet)
    # The same token again, for new elements: the guardian refuses it as spent.
    again = Wallet({1: [token], 2: [wallet.tokens[2][0]]})
    with pytest.raises(EscrowClientError, match="already been spent") as refused:
        escrow_client.file_entry(transport, config, ["b@example.com"], record(2), again)
    assert refused.value.status == 403


def test_a_relay_cannot_move_a_token_to_its_own_guesses(verified: None, alice: User) -> None:
    wallet = _wallet(alice)
    token = wallet.tokens[1][0]
    mine = [bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")]
    presented = token.authenticate(mine)
    from notalone.escrow.crypto import oprf

    guess = oprf.blind(b"email:someone@example.com", mode=oprf.MODE_VOPRF)[1]
    from notalone.escrow.guardian import GuardianRefusal

    with pytest.raises(GuardianRefusal, match="not a valid evaluation token") as refused:
        demo_guardians()[0].evaluate("platform", [guess.hex()], presented)
    assert refused.value.status == 403


def test_a_code_buys_its_tokens_once_per_period(verified: None, alice: User) -> None:
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    [code] = _codes(1)
    assert len(escrow_client.redeem_invite(transport, config, code, count=3)) == 3
    assert len(escrow_client.redeem_invite(transport, config, code, count=1)) == 1
    with pytest.raises(EscrowClientError, match="bought its 4 tokens") as refused:
        escrow_client.redeem_invite(transport, config, code, count=1)
    assert refused.value.status == 403
    with pytest.raises(EscrowClientError, match="not one this guardian's organisation gave out"):
        escrow_client.redeem_invite(transport, config, code[:-4] + "aaaa")


def test_a_code_is_never_sealed_to_keys_other_than_its_guardians(
    verified: None, alice: User
) -> None:
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    [code] = _codes(1)
    # A platform serving its own invite key (to read the code) is caught by the fingerprint.
    swapped = dict(config.guardians[0], invite_key=config.guardians[1]["invite_key"])
    lying = escrow_client.ClientConfig(
        **{**config.__dict__, "guardians": (swapped, *config.guardians[1:])}
    )
    with pytest.raises(EscrowClientError, match="not the ones on your invite code"):
        escrow_client.redeem_invite(transport, lying, code)


def test_issued_tokens_cannot_be_linked_to_their_redemption(verified: None, alice: User) -> None:
    """What the guardian saw at issuance (blinded elements, the code) shares nothing with what
    it sees when a token is spent (nonce and mac): the blinds are fresh and never sent."""
    request = tokens.token_request(2)
    guardian = demo_guardians()[0]
    assert guardian.keys is not None
    evaluated, proof = tokens.issue(guardian.keys.token_secret, 700, request.blinded)
    issued = tokens.finalize_tokens(1, request, evaluated, proof, guardian.keys.token_public, 700)
    seen_at_issuance = b"".join(request.blinded) + b"".join(evaluated)
    for token in issued:
        assert token.nonce not in seen_at_issuance
        assert token.key[:16] not in seen_at_issuance


def test_an_account_that_may_not_file_may_not_buy_tokens(
    verified: None, alice: User, settings: Any
) -> None:
    """/redeem runs the filing's account checks (issue 10 review): a new account below the
    minimum age, or an inactive one, buys nothing, and the code stays unspent."""
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    [code] = _codes(1)
    settings.ESCROW_MIN_ACCOUNT_DAYS = 7
    with pytest.raises(EscrowClientError) as refused:
        escrow_client.redeem_invite(transport, config, code, count=1)
    assert refused.value.status == 403
    settings.ESCROW_MIN_ACCOUNT_DAYS = 0
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    with pytest.raises(EscrowClientError) as refused:
        escrow_client.redeem_invite(transport, config, code, count=1)
    assert refused.value.status in (401, 403)
    alice.is_active = True
    alice.save(update_fields=["is_active"])
    assert len(escrow_client.redeem_invite(transport, config, code, count=4)) == 4


def test_a_typo_in_one_code_costs_the_others_nothing(verified: None, alice: User) -> None:
    """issue 10 review: a typo in the second code used to burn a token of the first. Codes
    are checked before any is redeemed; bought tokens stay in the wallet for the retry."""
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    [first], [second] = _codes(1), _codes(2)
    wallet = Wallet()
    with pytest.raises(EscrowClientError, match="not an invite code"):
        escrow_client.redeem_invites(transport, config, [first, second[:-3]], wallet)
    assert wallet.count(1) == 0  # nothing was redeemed
    with pytest.raises(EscrowClientError, match="invite code for guardian 2 was refused"):
        escrow_client.redeem_invites(transport, config, [first, second[:-4] + "aaaa"], wallet)
    assert wallet.count(1) == 4  # the first code's tokens are kept
    escrow_client.redeem_invites(transport, config, [second], wallet)
    assert (wallet.count(1), wallet.count(2)) == (4, 4)
    escrow_client.file_entry(transport, config, ["https://x.com/Fake_User"], record(1), wallet)
    assert EscrowEntry.objects.count() == 1
