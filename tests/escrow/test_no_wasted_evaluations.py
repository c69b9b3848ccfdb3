"""A filing that is refused, by the platform or by one guardian, costs the survivor nothing at
the other guardians (issue 10, follow-up item 1): the platform refuses what it can before any
guardian is asked; every guardian checks a request (``POST /check``, writing nothing) before any
evaluates it; and a client keeps the outputs it already has, so filing again without the
identifier the platform refused does not evaluate anything twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow import relay
from notalone.escrow.client import EscrowClientError, Wallet
from notalone.escrow.crypto import oprf, threshold
from notalone.escrow.guardian import Guardian
from notalone.escrow.guardian_errors import GuardianRefusal
from notalone.escrow.guardian_store import GuardianStore, Limits
from notalone.escrow.models import EscrowEntry
from notalone.escrow.setup import demo_guardians
from tests.escrow.conftest import transport_for

pytestmark = pytest.mark.django_db


def record(n: int) -> dict[str, Any]:
    return {"what": f"Fictional account {n}.", "contact": f"survivor-{n}@example.org"}


def _today() -> list[int]:
    return [g.public_counts()["today"] for g in demo_guardians()]


def _spent(guardian: Guardian) -> int:
    return int(guardian.store._connect().execute("SELECT COUNT(*) FROM spent").fetchone()[0])


def test_one_guardian_at_its_limit_costs_the_others_nothing(escrow_demo: Path, alice: User) -> None:
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    key = relay.account_key(alice.pk)
    guardians = demo_guardians()
    limits = guardians[1].limits
    for guardian in guardians[1:]:  # guardians 2 and 3 have no evaluations left for alice
        guardian.store.take(key, limits.per_account, limits)
    before = _today()
    with pytest.raises(EscrowClientError) as refused:
        escrow_client.file_entry(transport, config, ["a@example.com"], record(1))
    assert refused.value.status == 429
    assert refused.value.code == "limit_account"
    assert _today() == before  # guardian 1 checked, and evaluated nothing
    assert EscrowEntry.objects.count() == 0


def test_a_guardian_that_refuses_is_replaced_before_anyone_evaluates(
    escrow_demo: Path, alice: User
) -> None:
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    guardian_2 = demo_guardians()[1]
    guardian_2.store.take(
        relay.account_key(alice.pk), guardian_2.limits.per_account, guardian_2.limits
    )
    before = _today()
    escrow_client.file_entry(transport, config, ["a@example.com"], record(1))
    after = _today()
    assert (after[0] - before[0], after[1] - before[1], after[2] - before[2]) == (1, 0, 1)


def test_a_spent_token_at_one_guardian_spends_nothing_at_the_other(
    settings: Any, escrow_demo: Path, alice: User
) -> None:
    settings.ESCROW_FILERS = "verified"
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    wallet = Wallet()
    for index in (1, 2):
        [code] = demo_guardians()[index - 1].make_invites(1)
        wallet.add(escrow_client.redeem_invite(transport, config, code, count=2))
    escrow_client.file_entry(transport, config, ["a@example.com"], record(1), wallet)
    g1, g2 = demo_guardians()[:2]
    assert (_spent(g1), _spent(g2)) == (1, 1)
    # A wallet whose guardian-2 token is the one just spent: guardian 2 refuses at the check,
    # so guardian 1's fresh token is not spent and guardian 1 evaluates nothing.
    fresh_1 = wallet.tokens[1][0]
    spent_2 = Wallet({1: [fresh_1], 2: [_a_spent_token(transport, config)]})
    before = _today()
    with pytest.raises(EscrowClientError) as refused:
        escrow_client.file_entry(transport, config, ["b@example.com"], record(2), spent_2)
    assert refused.value.status == 403
    assert refused.value.code == "token_spent"
    assert _today() == before
    assert _spent(g1) == 1
    # So the guardian-1 token still pays for the next filing.
    retry = Wallet({1: [fresh_1], 2: [wallet.tokens[2][0]]})
    escrow_client.file_entry(transport, config, ["b@example.com"], record(2), retry)
    assert (_spent(g1), _spent(g2)) == (2, 3)


def _a_spent_token(transport: escrow_client.Transport, config: escrow_client.ClientConfig) -> Any:
    """A guardian-2 token, spent on an evaluation of its own."""
    [code] = demo_guardians()[1].make_invites(1)
    [token] = escrow_client.redeem_invite(transport, config, code, count=1)
    _, blinded = oprf.blind(b"spent elsewhere", mode=oprf.MODE_VOPRF)
    demo_guardians()[1].evaluate("someone", [blinded.hex()], token.authenticate([blinded]))
    return token


def test_a_full_account_is_refused_before_any_guardian_is_asked(
    settings: Any, escrow_demo: Path, alice: User
) -> None:
    settings.ESCROW_ENTRIES_PER_ACCOUNT = 1
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    escrow_client.file_entry(transport, config, ["a@example.com"], record(1))
    before = _today()
    with pytest.raises(EscrowClientError, match="the most one account can keep") as refused:
        escrow_client.file_entry(transport, config, ["b@example.com"], record(2))
    assert (refused.value.status, refused.value.code) == (400, "entries_full")
    assert _today() == before


def test_filing_again_without_a_refused_identifier_evaluates_nothing_twice(
    escrow_demo: Path, alice: User
) -> None:
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    escrow_client.file_entry(transport, config, ["a@example.com"], record(1))
    outputs: dict[str, bytes] = {}
    before = _today()
    with pytest.raises(EscrowClientError, match="already filed an entry naming this person"):
        escrow_client.file_entry(
            transport, config, ["b@example.com", "a@example.com"], record(2), outputs=outputs
        )
    evaluated = _today()
    assert [e - b for e, b in zip(evaluated, before, strict=True)] == [2, 2, 0]
    escrow_client.file_entry(transport, config, ["b@example.com"], record(2), outputs=outputs)
    assert _today() == evaluated  # b@example.com's output was kept: no evaluation
    assert EscrowEntry.objects.count() == 2


def _guardian(tmp_path: Path, **limits: int) -> Guardian:
    share = threshold.load_share_file(threshold.deal(1, 1).share_files[0])
    values = {"per_hour": 100, "per_day": 100, "per_account": 100} | limits
    return Guardian(
        share, token=None, limits=Limits(**values), store=GuardianStore(tmp_path / "g.sqlite3")
    )


def test_a_check_writes_nothing_and_refuses_what_evaluate_would(tmp_path: Path) -> None:
    guardian = _guardian(tmp_path, per_account=2)
    _, element = oprf.blind(b"x", mode=oprf.MODE_VOPRF)
    for _ in range(5):
        assert guardian.check("a", [element.hex(), element.hex()]) == {"index": 1, "ok": True}
    assert guardian.public_counts()["today"] == 0
    guardian.evaluate("a", [element.hex()])
    with pytest.raises(GuardianRefusal) as refused:
        guardian.check("a", [element.hex(), element.hex()])
    assert (refused.value.status, refused.value.code) == (429, "limit_account")
    with pytest.raises(GuardianRefusal) as refused:
        guardian.check("a", ["ff" * 32])
    assert refused.value.code == "element_invalid"


def test_a_guardian_without_check_is_asked_to_evaluate_directly() -> None:
    assert relay._answer(2, 404, {"detail": "Not found."}, "/check") == {"index": 2, "ok": True}
    refused = relay._answer(2, 404, {"detail": "Not found.", "code": "not_found"}, "/check")
    assert refused["status"] == 404
