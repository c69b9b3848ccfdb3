"""Evaluation tokens expire (ESCROW_PROTOCOL.md §7.3, "Lifetime"): a token is good in the
invite-code period it was bought in and the next one, so a code's tokens cannot be hoarded
across periods and spent at once. Time is moved with time_machine, never waited for."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow import selectors
from notalone.escrow.client import EscrowClientError, Wallet
from notalone.escrow.crypto import oprf, tokens
from notalone.escrow.guardian import GuardianRefusal
from notalone.escrow.models import EscrowEntry
from notalone.escrow.setup import demo_guardians
from tests.escrow.conftest import transport_for

pytestmark = pytest.mark.django_db

PERIOD = 30 * 86400
#: 2025-11-08 00:00 UTC, the start of period 680 (30-day periods from the Unix epoch)
START = datetime.datetime(2025, 11, 8, tzinfo=datetime.UTC)


def record(n: int) -> dict[str, Any]:
    return {"what": f"Fictional account {n}.", "contact": f"survivor-{n}@example.org"}


def at(days: float) -> Any:
    return time_machine.travel(START + datetime.timedelta(days=days), tick=False)


@pytest.fixture
def verified(settings: Any, escrow_demo: Path) -> None:
    settings.ESCROW_FILERS = "verified"


def _wallet(user: User) -> Wallet:
    transport = transport_for(user)
    config = escrow_client.fetch_config(transport)
    wallet = Wallet()
    for index in (1, 2):
        [code] = demo_guardians()[index - 1].make_invites(1)
        wallet.add(escrow_client.redeem_invite(transport, config, code))
    return wallet


def test_tokens_are_dated_with_the_period_they_were_bought_in(verified: None, alice: User) -> None:
    with at(29.5):  # the last day of period 680
        wallet = _wallet(alice)
    assert {token.epoch for held in wallet.tokens.values() for token in held} == {680}


def test_a_token_is_good_in_its_period_and_the_next(verified: None, alice: User) -> None:
    with at(29.5):
        wallet = _wallet(alice)
    with at(59):  # period 681: still good
        transport = transport_for(alice)
        config = escrow_client.fetch_config(transport)
        stored = escrow_client.file_entry(transport, config, ["a@example.com"], record(1), wallet)
    assert stored["status"] == "sealed"


def test_an_expired_token_is_refused_clearly_and_hides_nothing(verified: None, alice: User) -> None:
    with at(1):
        wallet = _wallet(alice)
        transport = transport_for(alice)
        config = escrow_client.fetch_config(transport)
        filed = escrow_client.file_entry(transport, config, ["a@example.com"], record(1), wallet)
    with at(61), pytest.raises(EscrowClientError) as refused:  # period 682: expired
        escrow_client.file_entry(transport, config, ["b@example.com"], record(2), wallet)
    assert refused.value.status == 403
    assert refused.value.code == "token_expired"
    assert "has expired" in str(refused.value)
    assert "Buy a new one with the invite code" in str(refused.value)
    # The check round refused it: no guardian evaluated anything that day.
    with at(61):
        assert all(g.public_counts()["today"] == 0 for g in demo_guardians())
    # The entry filed earlier is untouched and still listed as the survivor's own.
    assert [bytes(e.entry_id).hex() for e in selectors.escrow_entries_of(account=alice)] == [
        filed["entry_id"]
    ]
    assert EscrowEntry.objects.count() == 1


def test_a_spent_token_replayed_after_expiry_is_refused_as_expired(
    verified: None, alice: User
) -> None:
    guardian = demo_guardians()[0]
    assert guardian.keys is not None
    with at(1):
        wallet = _wallet(alice)
        token = wallet.tokens[1][0]
        _, element = oprf.blind(b"email:first@example.com", mode=oprf.MODE_VOPRF)
        presented = token.authenticate([element])
        guardian.evaluate("someone", [element.hex()], presented)
        with pytest.raises(GuardianRefusal) as spent:
            guardian.evaluate("someone", [element.hex()], presented)
        assert spent.value.code == "token_spent"
    with at(65):  # period 682
        for call in (guardian.check, guardian.evaluate):
            with pytest.raises(GuardianRefusal) as refused:
                call("someone", [element.hex()], presented)
            assert refused.value.code == "token_expired"
            assert refused.value.params == {"guardian": 1, "days": 30}
        # The day's first evaluation forgot the nonces of tokens that have expired since.
        other = _wallet(alice).tokens[1][0]
        guardian.evaluate("someone", [element.hex()], other.authenticate([element]))
        spent_nonces = guardian.store._connect().execute("SELECT nonce FROM spent").fetchall()
        assert (token.nonce,) not in spent_nonces
        assert (other.nonce,) in spent_nonces
        with pytest.raises(GuardianRefusal, match="has expired"):
            guardian.evaluate("someone", [element.hex()], presented)


def test_a_token_cannot_be_moved_to_another_epoch(verified: None, alice: User) -> None:
    """The epoch is the POPRF's public input: the same nonce and MAC presented as a token of a
    later period (to outlive its lifetime) or an unissued future one do not verify."""
    guardian = demo_guardians()[0]
    with at(1):
        token = _wallet(alice).tokens[1][0]
    _, element = oprf.blind(b"email:first@example.com", mode=oprf.MODE_VOPRF)
    moved = dict(token.authenticate([element]), epoch=681)
    with at(31), pytest.raises(GuardianRefusal) as refused:
        guardian.evaluate("someone", [element.hex()], moved)
    assert refused.value.code == "token_invalid"
    future = dict(token.authenticate([element]), epoch=690)
    with at(1), pytest.raises(GuardianRefusal) as refused:
        guardian.evaluate("someone", [element.hex()], future)
    assert refused.value.code == "token_invalid"
    for malformed in ("680", None, -1, 2**32, True):
        with at(1), pytest.raises(GuardianRefusal) as refused:
            guardian.check("someone", [element.hex()], dict(moved, epoch=malformed))
        assert refused.value.code == "token_malformed"


def test_a_client_refuses_tokens_dated_to_another_period() -> None:
    """A guardian that dated each client's tokens with an epoch of its own would recognise
    them when spent; clients accept this period only, give or take one (clock skew)."""
    now = (START + datetime.timedelta(days=10)).timestamp()
    assert tokens.plausible_epoch(680, 30, now)
    assert tokens.plausible_epoch(679, 30, now)
    assert tokens.plausible_epoch(681, 30, now)
    assert not tokens.plausible_epoch(682, 30, now)
    assert not tokens.plausible_epoch(600, 30, now)
    assert not tokens.plausible_epoch(680, None, now)
    assert not tokens.plausible_epoch("680", 30, now)
    assert tokens.epoch_is_current(680, 681)
    assert not tokens.epoch_is_current(680, 682)
