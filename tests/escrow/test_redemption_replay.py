"""A redemption sent again in a later period buys nothing usable (review of issue 10, item 2).

The same paid request is answered again for free (a retry must not cost twice), but dated with
the period it was paid in: before, it was dated with the new period, so a member who kept one
old request got fresh tokens every other period, beyond "at most 2 x tokens_per_period"
(ESCROW_PROTOCOL.md §7.3). The clock is a list the test moves, never waited for."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from notalone.escrow.crypto import oprf, threshold, tokens
from notalone.escrow.guardian import Guardian
from notalone.escrow.guardian_errors import GuardianRefusal
from notalone.escrow.guardian_keys import GuardianKeys
from notalone.escrow.guardian_store import GuardianStore, Limits, code_hash

PERIOD = 30 * 86400
START = 680 * PERIOD  # 2025-11-08 00:00 UTC, the start of period 680
SHARE = threshold.load_share_file(threshold.deal(1, 1).share_files[0])


def _guardian(tmp_path: Path, now: list[float]) -> Guardian:
    return Guardian(
        SHARE,
        token=None,
        limits=Limits(1000, 1000, 1000),
        store=GuardianStore(tmp_path / "g.sqlite3", clock=lambda: now[0]),
        keys=GuardianKeys.load_or_create(tmp_path / "keys.json"),
        verified=True,
    )


def _redemption(guardian: Guardian, code: str, count: int) -> tuple[Any, str, list[str]]:
    assert guardian.keys is not None
    request = tokens.token_request(count)
    sealed = tokens.seal_invite(
        guardian.keys.invite_public, guardian.share_file.realm, 1, code, request.blinded
    ).hex()
    return request, sealed, [e.hex() for e in request.blinded]


def _tokens(guardian: Guardian, request: Any, answer: dict[str, Any]) -> list[tokens.Token]:
    assert guardian.keys is not None
    return tokens.finalize_tokens(
        1,
        request,
        [bytes.fromhex(e) for e in answer["evaluated"]],
        bytes.fromhex(answer["proof"]),
        guardian.keys.token_public,
        answer["epoch"],
    )


def _spend(guardian: Guardian, token: tokens.Token) -> None:
    element = oprf.blind(b"someone@example.org", mode=oprf.MODE_VOPRF)[1]
    guardian.evaluate("account", [element.hex()], token.authenticate([element]))


def test_an_old_request_sent_again_in_later_periods_yields_no_usable_token(
    tmp_path: Path,
) -> None:
    now = [START + 86400.0]
    guardian = _guardian(tmp_path, now)
    [code] = guardian.make_invites(1)
    request, sealed, elements = _redemption(guardian, code, 4)
    first = guardian.redeem(sealed, elements)
    assert first["epoch"] == 680
    for token in _tokens(guardian, request, first):
        _spend(guardian, token)
    fresh = _redemption(guardian, code, 1)
    with pytest.raises(GuardianRefusal, match="bought its 4 tokens"):
        guardian.redeem(fresh[1], fresh[2])  # the code's 5th token this period

    usable = 4
    for later in (2, 4, 6):
        now[0] = START + later * PERIOD + 86400.0
        # A guardian restarted on the same file, and the spent nonces' rows forgotten.
        guardian = _guardian(tmp_path, now)
        sqlite3.connect(tmp_path / "g.sqlite3").execute("DELETE FROM spent").connection.commit()
        again = guardian.redeem(sealed, elements)
        assert again["epoch"] == 680  # the period it was paid in, not 680 + later
        assert again["evaluated"] == first["evaluated"]
        for token in _tokens(guardian, request, again):
            with pytest.raises(GuardianRefusal) as refused:
                _spend(guardian, token)
            assert refused.value.code == "token_expired"
        # The code's own allowance for the new period is whole: the replay took none of it.
        request_now, sealed_now, elements_now = _redemption(guardian, code, 4)
        bought = guardian.redeem(sealed_now, elements_now)
        assert bought["epoch"] == 680 + later
        for token in _tokens(guardian, request_now, bought):
            _spend(guardian, token)
            usable += 1
    assert usable == 4 * 4  # 4 a period in the four periods it was redeemed in, no more


def test_a_retry_in_the_next_period_keeps_its_tokens_good(tmp_path: Path) -> None:
    """An honest retry across a period boundary gets its tokens as paid: good for one period
    more, and the code's new period untouched."""
    now = [START + PERIOD - 60.0]
    guardian = _guardian(tmp_path, now)
    [code] = guardian.make_invites(1)
    request, sealed, elements = _redemption(guardian, code, 2)
    guardian.redeem(sealed, elements)
    now[0] += 120  # period 681
    again = guardian.redeem(sealed, elements)
    assert again["epoch"] == 680
    _spend(guardian, _tokens(guardian, request, again)[0])
    other = _redemption(guardian, code, 4)
    assert guardian.redeem(other[1], other[2])["epoch"] == 681


def test_a_redemption_recorded_before_they_were_dated_is_paid_for_again(tmp_path: Path) -> None:
    now = [START + 86400.0]
    path = tmp_path / "g.sqlite3"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE redemptions (code_hash BLOB NOT NULL, request BLOB NOT NULL, "
        "PRIMARY KEY (code_hash, request))"
    )
    old.commit()
    guardian = _guardian(tmp_path, now)
    [code] = guardian.make_invites(1)
    request, sealed, elements = _redemption(guardian, code, 3)
    old.execute(
        "INSERT INTO redemptions (code_hash, request) VALUES (?, ?)",
        (code_hash(tokens.parse_invite_code(code)[2]), tokens.invite_aad(request.blinded)),
    )
    old.commit()
    assert guardian.redeem(sealed, elements)["epoch"] == 680
    other = _redemption(guardian, code, 2)
    with pytest.raises(GuardianRefusal, match="bought its 4 tokens"):
        guardian.redeem(other[1], other[2])  # the 3 were counted this time
