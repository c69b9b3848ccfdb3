"""What one member can learn by evaluating (THREAT_MODEL.md, "One account, many guesses").

Each guardian limits an account key to ``per_account`` evaluations a day, and a client may ask
the guardians of its choice (``guardians`` in ``POST /evaluate``: the fail-over when a proof
fails). A guess needs t evaluations at any t guardians, so one account's daily budget is
n·per_account/t guesses, not per_account: with 2-of-3 guardians, 1.5 times as many. The threat
model states that bound; this test measures it through the platform's API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow.crypto import _ristretto as group
from notalone.escrow.setup import reset_demo_guardians
from tests.escrow.conftest import transport_for

pytestmark = pytest.mark.django_db

PER_ACCOUNT = 6


def _elements(count: int) -> list[str]:
    return [group.scalar_mult_base(group.random_scalar()).hex() for _ in range(count)]


def test_one_account_guesses_at_most_n_times_its_per_guardian_budget_over_t(
    escrow_demo: Path, alice: User, settings: Any
) -> None:
    settings.ESCROW_DEMO_EVALUATIONS_PER_ACCOUNT = PER_ACCOUNT
    reset_demo_guardians()
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    n, t = len(config.public_shares), config.t
    evaluated: dict[str, set[int]] = {}
    # Spread the requests over every pair of guardians, as a client choosing them can.
    for pair in ([1, 2], [1, 3], [2, 3], [1, 2], [1, 3], [2, 3]):
        elements = _elements(PER_ACCOUNT * n // t // 3)
        status, body = transport(
            "POST", "/evaluate", {"version": 2, "elements": elements, "guardians": pair}
        )
        if status != 200:
            assert status == 429
            continue
        for answer in body["answers"]:
            for element in elements if "evaluated" in answer else []:
                evaluated.setdefault(element, set()).add(answer["index"])
    guesses = sum(1 for guardians in evaluated.values() if len(guardians) >= t)
    assert guesses == n * PER_ACCOUNT // t == 9  # more than PER_ACCOUNT: what the model says
    status, _body = transport("POST", "/evaluate", {"version": 2, "elements": _elements(1)})
    assert status == 429  # and not one more
