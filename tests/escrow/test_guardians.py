"""Guardians as separate processes on 127.0.0.1: authentication, limits, failures, proofs."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Mapping
from typing import Any

import pytest

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow import relay
from notalone.escrow.client import ClientConfig, EscrowClientError, Transport
from notalone.escrow.crypto import threshold
from notalone.escrow.guardian import DailyLimits, Guardian, GuardianRefusal
from notalone.escrow.models import EscrowMatch
from tests.escrow.conftest import transport_for
from tests.escrow.guardians import Guardians

pytestmark = pytest.mark.django_db


def record(n: int) -> dict[str, str]:
    return {"what": f"Fictional account {n}.", "contact": f"survivor-{n}@example.org"}


def test_filing_through_real_guardians_makes_a_match(
    guardians: Guardians, alice: User, bob: User
) -> None:
    config = escrow_client.fetch_config(transport_for(alice))
    escrow_client.file_entry(transport_for(alice), config, ["https://x.com/SomeHandle/"], record(1))
    escrow_client.file_entry(transport_for(bob), config, [("@somehandle", "twitter")], record(2))
    assert EscrowMatch.objects.count() == 1


def test_one_guardian_down_is_not_noticed_two_down_is_a_clear_refusal(
    guardians: Guardians, alice: User
) -> None:
    config = escrow_client.fetch_config(transport_for(alice))
    guardians.stop(1)
    escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], record(1))
    guardians.stop(2)
    with pytest.raises(EscrowClientError, match="Only 1 of the 2 key guardians") as refused:
        escrow_client.file_entry(transport_for(alice), config, ["b@example.com"], record(2))
    assert refused.value.status == 503
    assert "try again" in refused.value.detail


def test_a_guardian_refuses_a_caller_without_the_platform_token(guardians: Guardians) -> None:
    request = urllib.request.Request(  # noqa: S310 (a guardian on 127.0.0.1)
        guardians.urls[0] + "/evaluate",
        data=json.dumps({"account": "x", "elements": ["00" * 32]}).encode(),
        headers={"Authorization": "Bearer wrong", "Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310 (a local guardian)
    assert refused.value.code == 401


def test_the_per_account_limit_is_a_clear_429(guardians: Guardians, alice: User) -> None:
    config = escrow_client.fetch_config(transport_for(alice))
    escrow_client.file_entry(
        transport_for(alice), config, [f"p{i}@example.com" for i in range(5)], record(1)
    )
    with pytest.raises(EscrowClientError, match="used its 5 evaluations for today") as refused:
        escrow_client.file_entry(transport_for(alice), config, ["q@example.com"], record(2))
    assert refused.value.status == 429


def test_guardian_logs_hold_counts_only(guardians: Guardians, alice: User) -> None:
    config = escrow_client.fetch_config(transport_for(alice))
    sent: list[str] = []
    transport = transport_for(alice)

    def spy(method: str, path: str, body: Mapping[str, Any] | None) -> tuple[int, Any]:
        if path == "/evaluate" and body:
            sent.extend(body["elements"])
        return transport(method, path, body)

    escrow_client.file_entry(spy, config, ["jane.doe@example.com"], record(1))
    for index in (1, 2, 3):
        guardians.stop(index)
    logs = "".join(log.read_text() for log in guardians.logs)
    assert "evaluated 1 elements" in logs
    assert sent
    for element in sent:
        assert element not in logs
    assert "jane" not in logs.lower()
    assert relay.account_key(alice.pk) not in logs
    assert "127.0.0.1" not in logs


def _lying(transport: Transport, liars: set[int]) -> Transport:
    """A platform that tampers with some guardians' answers on the way."""

    def send(method: str, path: str, body: Mapping[str, Any] | None) -> tuple[int, Any]:
        status, answer = transport(method, path, body)
        if path == "/evaluate" and status == 200:
            for item in answer["answers"]:
                if item["index"] in liars:
                    # Flip a bit of the last byte: always a change (setting it to 00 was a
                    # no-op whenever the byte already was 00, one time in 256).
                    first = item["evaluated"][0]
                    flipped = first[:-2] + format(int(first[-2:], 16) ^ 0x01, "02x")
                    item["evaluated"] = [flipped, *item["evaluated"][1:]]
        return status, answer

    return send


def test_a_tampered_guardian_answer_is_dropped_and_the_others_suffice(
    config: ClientConfig, alice: User
) -> None:
    escrow_client.file_entry(
        _lying(transport_for(alice), {1}), config, ["a@example.com"], record(1)
    )


def test_too_many_tampered_answers_name_the_guardians(config: ClientConfig, alice: User) -> None:
    with pytest.raises(EscrowClientError, match="Guardian 1 gave an answer that failed its proof"):
        escrow_client.file_entry(
            _lying(transport_for(alice), {1, 2}), config, ["a@example.com"], record(1)
        )


def _guardian(per_account: int = 10, per_day: int = 100) -> Guardian:
    dealing = threshold.deal(2, 3)
    share = threshold.load_share_file(dealing.share_files[0])
    return Guardian(share, token="t" * 40, limits=DailyLimits(per_account, per_day))


def test_the_daily_total_is_a_limit_too() -> None:
    guardian = _guardian(per_account=10, per_day=2)
    element = threshold.public_share(
        threshold.load_share_file(threshold.deal(1, 1).share_files[0]).share
    ).hex()
    guardian.evaluate("a", [element])
    guardian.evaluate("b", [element])
    with pytest.raises(GuardianRefusal, match="This guardian has answered its 2"):
        guardian.evaluate("c", [element])


def test_limits_start_again_the_next_day() -> None:
    now = [0.0]
    limits = DailyLimits(1, 10, clock=lambda: now[0])
    limits.take("a", 1)
    with pytest.raises(GuardianRefusal):
        limits.take("a", 1)
    now[0] = 86400.0
    limits.take("a", 1)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[]", 400),
        (b'{"account": "a", "elements": ["zz"]}', 400),
        (b'{"account": "a", "elements": []}', 400),
        (b'{"account": "a", "elements": ["' + b"00" * 32 + b'"]}', 400),
    ],
)
def test_a_malformed_request_gets_a_400_detail(body: bytes, status: int) -> None:
    guardian = _guardian()
    answer = guardian.handle("POST", "/evaluate", {"Authorization": "Bearer " + "t" * 40}, body)
    assert answer[0] == status
    assert answer[1]["detail"]


def test_health_shows_public_facts_only() -> None:
    guardian = _guardian()
    status, facts = guardian.handle("GET", "/health", {}, b"")
    assert status == 200
    assert set(facts) == {"index", "realm", "t", "n", "public_shares"}
    assert guardian.share_file.share.hex() not in json.dumps(facts)
