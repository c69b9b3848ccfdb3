"""Guardians as separate processes on 127.0.0.1: authentication, limits, failures, proofs."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow import relay
from notalone.escrow.client import ClientConfig, EscrowClientError, Transport
from notalone.escrow.counselor import open_released
from notalone.escrow.crypto import threshold
from notalone.escrow.guardian import Guardian, GuardianRefusal
from notalone.escrow.guardian_store import GuardianStore, Limits
from notalone.escrow.models import EscrowMatch
from tests.escrow.conftest import transport_for
from tests.escrow.guardians import Guardians, running_guardians

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
        transport_for(alice), config, [f"p{i}@example.com" for i in range(3)], record(1)
    )
    with pytest.raises(EscrowClientError, match="used its 3 evaluations for today") as refused:
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


def _lying(transport: Transport, liars: set[int], tampered: list[int] | None = None) -> Transport:
    """A platform that tampers with some guardians' answers on the way (listed in ``tampered``)."""

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
                    if tampered is not None:
                        tampered.append(item["index"])
        return status, answer

    return send


def test_a_tampered_guardian_answer_is_dropped_and_the_others_suffice(
    config: ClientConfig, alice: User, bob: User, counselor: User, counselor_keys: Any
) -> None:
    tampered: list[int] = []
    stored = escrow_client.file_entry(
        _lying(transport_for(alice), {1}, tampered), config, ["a@example.com"], record(1)
    )
    assert tampered == [1]  # guardian 1's answer really was changed on the way
    # Alice sees her entry filed and sealed, as after any filing.
    assert stored["status"] == "sealed"
    mine = escrow_client.my_entries(transport_for(alice))
    assert [(e["entry_id"], e["status"]) for e in mine] == [(stored["entry_id"], "sealed")]
    # And it was filed under the right matching index: Bob's honest filing about the same
    # person (spelled differently) matches it, and the counselor can open both accounts.
    escrow_client.file_entry(transport_for(bob), config, ["A@Example.com"], record(2))
    assert EscrowMatch.objects.count() == 1
    [released] = escrow_client.released_matches(transport_for(counselor))
    opened = open_released(released, counselor_private_key=counselor_keys[0])
    assert sorted(r.record["what"] for r in opened.records) == [
        "Fictional account 1.",
        "Fictional account 2.",
    ]


def test_too_many_tampered_answers_name_the_guardians(config: ClientConfig, alice: User) -> None:
    with pytest.raises(EscrowClientError, match="Guardian 1 gave an answer that failed its proof"):
        escrow_client.file_entry(
            _lying(transport_for(alice), {1, 2}), config, ["a@example.com"], record(1)
        )


def _guardian(
    tmp_path: Path, per_account: int = 10, per_day: int = 100, per_hour: int = 100, **kwargs: Any
) -> Guardian:
    dealing = threshold.deal(2, 3)
    share = threshold.load_share_file(dealing.share_files[0])
    store = GuardianStore(tmp_path / "guardian.sqlite3", clock=kwargs.pop("clock", time.time))
    return Guardian(
        share,
        token="t" * 40,
        limits=Limits(per_hour=per_hour, per_day=per_day, per_account=per_account),
        store=store,
        **kwargs,
    )


def _element() -> str:
    return threshold.public_share(
        threshold.load_share_file(threshold.deal(1, 1).share_files[0]).share
    ).hex()


def test_the_daily_total_is_a_limit_too(tmp_path: Path) -> None:
    guardian = _guardian(tmp_path, per_account=10, per_day=2)
    guardian.evaluate("a", [_element()])
    guardian.evaluate("b", [_element()])
    with pytest.raises(GuardianRefusal, match="This guardian has answered its 2") as refused:
        guardian.evaluate("c", [_element()])
    assert refused.value.status == 429


def test_the_hourly_total_is_a_limit_and_starts_again_next_hour(tmp_path: Path) -> None:
    now = [7 * 86400.0]
    guardian = _guardian(tmp_path, per_hour=2, per_day=3, clock=lambda: now[0])
    guardian.evaluate("a", [_element(), _element()])
    with pytest.raises(GuardianRefusal, match="its 2 evaluations for this hour"):
        guardian.evaluate("b", [_element()])
    now[0] += 3600
    guardian.evaluate("b", [_element()])
    with pytest.raises(GuardianRefusal, match="its 3 evaluations for today"):
        guardian.evaluate("c", [_element()])
    now[0] += 86400
    guardian.evaluate("c", [_element()])


def test_limits_start_again_the_next_day(tmp_path: Path) -> None:
    now = [0.0]
    guardian = _guardian(tmp_path, per_account=1, clock=lambda: now[0])
    guardian.evaluate("a", [_element()])
    with pytest.raises(GuardianRefusal, match="This account has used its 1"):
        guardian.evaluate("a", [_element()])
    now[0] = 86400.0
    guardian.evaluate("a", [_element()])


def test_counts_survive_a_new_guardian_on_the_same_file(tmp_path: Path) -> None:
    dealing = threshold.deal(2, 3)
    share = threshold.load_share_file(dealing.share_files[0])
    limits = Limits(per_hour=100, per_day=3, per_account=100)

    def fresh() -> Guardian:
        return Guardian(
            share, token=None, limits=limits, store=GuardianStore(tmp_path / "g.sqlite3")
        )

    fresh().evaluate("a", [_element(), _element()])
    fresh().evaluate("b", [_element()])
    with pytest.raises(GuardianRefusal):
        fresh().evaluate("c", [_element()])
    assert fresh().public_counts()["today"] == 3


def test_an_invalid_group_element_is_a_400_that_costs_nothing(tmp_path: Path) -> None:
    guardian = _guardian(tmp_path, per_day=1)
    not_a_point = "ff" * 32
    for _ in range(3):
        status, body = guardian.handle(
            "POST",
            "/evaluate",
            {"Authorization": "Bearer " + "t" * 40},
            json.dumps({"account": "a", "elements": [not_a_point]}).encode(),
        )
        assert status == 400
        assert "not a valid group element" in body["detail"]
    assert guardian.public_counts()["today"] == 0
    guardian.evaluate("a", [_element()])  # the one evaluation of the day is still there


def test_the_public_counts_hold_no_identifier_and_no_account(tmp_path: Path) -> None:
    guardian = _guardian(tmp_path)
    element = _element()
    guardian.evaluate("account-key-1234", [element])
    status, counts = guardian.handle("GET", "/counts", {}, b"")
    assert status == 200
    assert counts["this_hour"] == counts["today"] == 1
    assert counts["limits"] == {"per_hour": 100, "per_day": 100, "per_account_per_day": 10}
    assert len(counts["hours"]) == 48
    text = json.dumps(counts)
    assert "account-key" not in text
    assert element not in text


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
def test_a_malformed_request_gets_a_400_detail(body: bytes, status: int, tmp_path: Path) -> None:
    guardian = _guardian(tmp_path)
    answer = guardian.handle("POST", "/evaluate", {"Authorization": "Bearer " + "t" * 40}, body)
    assert answer[0] == status
    assert answer[1]["detail"]


def test_health_shows_public_facts_only(tmp_path: Path) -> None:
    guardian = _guardian(tmp_path)
    status, facts = guardian.handle("GET", "/health", {}, b"")
    assert status == 200
    assert set(facts) == {"index", "realm", "t", "n", "public_shares", "mode"}
    assert guardian.share_file.share.hex() not in json.dumps(facts)


def test_an_invalid_element_is_a_clear_client_error_not_an_outage(
    guardians: Guardians, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport = transport_for(alice)
    status, body = transport("POST", "/evaluate", {"version": 2, "elements": ["ff" * 32]})
    assert status == 400
    assert "not a valid group element" in body["detail"]
    assert "try again in a few minutes" not in body["detail"]
    # Were the platform not to check, the guardians' own 400 reaches the client as a 400.
    from notalone.escrow import api_relay as api

    monkeypatch.setattr(api, "_bad_elements", lambda elements: None)
    status, body = transport("POST", "/evaluate", {"version": 2, "elements": ["ff" * 32]})
    assert status == 400
    assert "trying again will not help" in body["detail"]
    for url in guardians.urls:
        with urllib.request.urlopen(url + "/counts", timeout=5) as answer:  # noqa: S310
            assert json.loads(answer.read())["today"] == 0


def test_a_served_guardian_loads_no_safety_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guardian runs without Django on a small machine: the site's workers load the safety
    models as they start, a guardian's must not (they cost each guardian several times its own
    CPU per filing in the escrow bench, and hundreds of megabytes)."""
    monkeypatch.setenv("NOTALONE_SAFETY_MODELS", "on")
    with running_guardians(tmp_path / "escrow", n=2) as served:
        arbiter = served.processes[0].pid
        [worker] = Path(f"/proc/{arbiter}/task/{arbiter}/children").read_text().split()
        urllib.request.urlopen(served.urls[0] + "/health", timeout=10).read()  # noqa: S310
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            maps = Path(f"/proc/{worker}/maps").read_text()
            assert "numpy" not in maps
            assert "torch" not in maps
            time.sleep(0.25)
