"""Checking an invite code costs nothing and buys nothing (issue 10, follow-up item 2), but is
no free oracle for guessing codes: the platform counts checks per account and day in its
database, each guardian per hour and per account key in its SQLite file, and neither a cache
flush nor a restart empties them. Periods are counted from the Unix epoch (item 4)."""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.cache import cache

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow.api_relay import INVITE_CHECKS_PER_DAY
from notalone.escrow.client import EscrowClientError
from notalone.escrow.crypto import oprf, threshold, tokens
from notalone.escrow.guardian import Guardian
from notalone.escrow.guardian_errors import GuardianRefusal
from notalone.escrow.guardian_keys import GuardianKeys
from notalone.escrow.guardian_store import GuardianStore, Limits, period_ends, period_of
from notalone.escrow.setup import demo_guardians
from tests.escrow.conftest import transport_for

pytestmark = pytest.mark.django_db

DAY = 86400
PERIOD = 30 * DAY


@pytest.fixture
def verified(settings: Any, escrow_demo: Path) -> None:
    settings.ESCROW_FILERS = "verified"


def _tokens_used(code: str) -> int:
    row = (
        demo_guardians()[0]
        .store._connect()
        .execute("SELECT tokens FROM invites WHERE code_hash = ?", (tokens_code_hash(code),))
        .fetchone()
    )
    return int(row[0])


def tokens_code_hash(code: str) -> bytes:
    from notalone.escrow.guardian_store import code_hash

    return code_hash(tokens.parse_invite_code(code)[2])


def test_a_good_code_is_checked_without_buying_anything(verified: None, alice: User) -> None:
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    [code] = demo_guardians()[0].make_invites(1)
    now = int(time.time())
    answer = escrow_client.check_invite(transport, config, code)
    assert answer == {
        "index": 1,
        "valid": True,
        "tokens_left": 4,
        "period_ends": (now // PERIOD + 1) * PERIOD,
    }
    assert _tokens_used(code) == 0
    escrow_client.redeem_invite(transport, config, code, count=1)
    assert escrow_client.check_invite(transport, config, code)["tokens_left"] == 3


def test_a_typo_is_named_and_costs_no_token(verified: None, alice: User) -> None:
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    [code] = demo_guardians()[0].make_invites(1)
    typo = code[:-4] + ("aaaa" if not code.endswith("aaaa") else "bbbb")
    with pytest.raises(EscrowClientError) as refused:
        escrow_client.check_invite(transport, config, typo)
    assert (refused.value.status, refused.value.code) == (403, "invite_unknown")
    with pytest.raises(EscrowClientError, match="not an invite code"):
        escrow_client.check_invite(transport, config, code[:-1])  # refused here: nothing sent
    assert escrow_client.check_invite(transport, config, code)["tokens_left"] == 4


def test_checks_are_limited_per_account_and_a_cache_flush_changes_nothing(
    verified: None, alice: User, bob: User
) -> None:
    transport = transport_for(alice)
    config = escrow_client.fetch_config(transport)
    [code] = demo_guardians()[0].make_invites(1)
    guesses = [code[:-4] + f"{c}aaa" for c in "bcdefghijklmnopqrstuvwxyz"]
    for guess in guesses[:INVITE_CHECKS_PER_DAY]:
        with pytest.raises(EscrowClientError, match="not one this guardian"):
            escrow_client.check_invite(transport, config, guess)
    cache.clear()
    with pytest.raises(EscrowClientError) as refused:
        escrow_client.check_invite(transport, config, code)
    assert (refused.value.status, refused.value.code) == (429, "invite_check_limit")
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        assert escrow_client.check_invite(transport, config, code)["valid"] is True
    # Another account has its own checks.
    assert escrow_client.check_invite(transport_for(bob), config, code)["valid"] is True


SHARE = threshold.load_share_file(threshold.deal(1, 1).share_files[0])


def _guardian(tmp_path: Path, clock: Any = time.time, **kwargs: Any) -> Guardian:
    """A verified-mode guardian on ``tmp_path``'s files: a second one is the first restarted."""
    return Guardian(
        SHARE,
        token=None,
        limits=Limits(100, 100, 100),
        store=GuardianStore(tmp_path / "g.sqlite3", clock=clock),
        keys=GuardianKeys.load_or_create(tmp_path / "keys.json"),
        verified=True,
        **kwargs,
    )


def _sealed_check(guardian: Guardian, code: str) -> str:
    assert guardian.keys is not None
    return tokens.seal_invite_check(
        guardian.keys.invite_public, guardian.share_file.realm, guardian.index, code
    ).hex()


def test_a_guardian_limits_checks_in_its_file_across_restarts(tmp_path: Path) -> None:
    guardian = _guardian(tmp_path, check_limits=(3, 2))
    [code] = guardian.make_invites(1)
    sealed = _sealed_check(guardian, code)
    assert guardian.check_invite("a", sealed)["tokens_left"] == 4
    assert guardian.check_invite("a", sealed)["tokens_left"] == 4
    with pytest.raises(GuardianRefusal) as refused:
        guardian.check_invite("a", sealed)  # the account key's 2 a day
    assert (refused.value.status, refused.value.code) == (429, "invite_check_limit")
    restarted = _guardian(tmp_path, check_limits=(3, 2))
    with pytest.raises(GuardianRefusal):
        restarted.check_invite("a", sealed)
    restarted.check_invite("b", sealed)
    with pytest.raises(GuardianRefusal) as refused:
        restarted.check_invite("c", sealed)  # the hour's 3 in all
    assert refused.value.code == "invite_check_limit"


def test_a_sealed_check_cannot_be_redeemed(tmp_path: Path) -> None:
    guardian = _guardian(tmp_path)
    [code] = guardian.make_invites(1)
    _, blinded = oprf.blind(tokens.token_input(bytes(32)), mode=oprf.MODE_VOPRF)
    with pytest.raises(GuardianRefusal) as refused:
        guardian.redeem(_sealed_check(guardian, code), [blinded.hex()])
    assert refused.value.code == "invite_unreadable"
    assert tokens.INVITE_CHECK_AAD.hex() == "4e6f74416c6f6e6520696e7669746520636865636b207632"


def test_periods_are_counted_from_the_unix_epoch() -> None:
    assert period_of(0, PERIOD) == 0
    assert period_of(PERIOD - 1, PERIOD) == 0
    assert period_of(PERIOD, PERIOD) == 1
    assert period_ends(PERIOD + 5, PERIOD) == 2 * PERIOD
    # 1970-01-01 + 680 periods of 30 days = 2025-11-08 00:00 UTC, a period start.
    start = datetime.datetime(2025, 11, 8, tzinfo=datetime.UTC).timestamp()
    assert period_of(start, PERIOD) == 680
    assert (
        period_ends(start, PERIOD)
        == datetime.datetime(2025, 12, 8, tzinfo=datetime.UTC).timestamp()
    )


def test_a_period_ends_at_the_same_instant_whatever_the_time_zone_or_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boundary = 681 * PERIOD  # 2025-12-08 00:00 UTC
    now = [boundary - 1.0]
    guardian = _guardian(tmp_path, clock=lambda: now[0])
    [code] = guardian.make_invites(1)
    sealed = _sealed_check(guardian, code)
    request = tokens.token_request(4)
    assert guardian.keys is not None
    guardian.redeem(
        tokens.seal_invite(
            guardian.keys.invite_public, guardian.share_file.realm, 1, code, request.blinded
        ).hex(),
        [e.hex() for e in request.blinded],
    )
    with pytest.raises(GuardianRefusal) as refused:
        guardian.check_invite("a", sealed)
    assert refused.value.code == "invite_used"
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: local time is irrelevant
    time.tzset()
    try:
        restarted = _guardian(tmp_path, clock=lambda: now[0])  # a restart: no new period
        with pytest.raises(GuardianRefusal, match="bought its 4 tokens"):
            restarted.check_invite("b", sealed)
        now[0] = float(boundary)
        answer = restarted.check_invite("c", sealed)
        assert answer == {
            "index": 1,
            "valid": True,
            "tokens_left": 4,
            "period_ends": boundary + PERIOD,
        }
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert os.environ.get("TZ") is None


def test_a_replayed_redemption_costs_the_code_nothing_more(tmp_path: Path) -> None:
    """A relay that sends a survivor's redemption again (same sealed code, same elements) gets an
    answer it cannot finalize without the blinds, and the code keeps its tokens (review of issue
    10: before, every replay took the code's tokens until none were left). A restart forgets
    nothing."""
    guardian = _guardian(tmp_path)
    assert guardian.keys is not None
    [code] = guardian.make_invites(1)
    request = tokens.token_request(2)
    sealed = tokens.seal_invite(
        guardian.keys.invite_public, guardian.share_file.realm, 1, code, request.blinded
    ).hex()
    elements = [e.hex() for e in request.blinded]
    first = guardian.redeem(sealed, elements)
    for replaying in (guardian, _guardian(tmp_path)):
        again = replaying.redeem(sealed, elements)
        assert again["evaluated"] == first["evaluated"]
    answer = guardian.check_invite("a", _sealed_check(guardian, code))
    assert answer["tokens_left"] == 2  # of 4: the first redemption only
    other = tokens.token_request(2)
    guardian.redeem(
        tokens.seal_invite(
            guardian.keys.invite_public, guardian.share_file.realm, 1, code, other.blinded
        ).hex(),
        [e.hex() for e in other.blinded],
    )
    with pytest.raises(GuardianRefusal, match="bought its 4 tokens"):
        guardian.check_invite("b", _sealed_check(guardian, code))


@pytest.mark.parametrize("guardian", ["٣", "²", "0", "+3", "03"])
def test_an_invite_code_takes_its_guardian_number_in_ascii_digits_only(guardian: str) -> None:
    """``"٣".isdigit()`` is true and ``int("٣")`` is 3: the code is refused, never read."""
    with pytest.raises(ValueError, match="not an invite code"):
        tokens.parse_invite_code(f"{guardian}-{'a' * 16}-{'b' * 26}")


def test_an_invite_code_takes_its_fingerprint_in_ascii_hex_only() -> None:
    with pytest.raises(ValueError, match="not an invite code"):
        tokens.parse_invite_code(f"3-{'٣' * 16}-{'b' * 26}")
    assert tokens.parse_invite_code(f"3-{'a' * 16}-{'b' * 26}") == (3, "a" * 16, "b" * 26)
