"""Only version-2 requests file (ESCROW_PROTOCOL.md §14): a page left open across the upgrade,
or an old client, sends version-1 requests of the same shape, whose entries would meet other
version-1 entries under the old canonical forms (every share link as ``facebook:share``)."""

from __future__ import annotations

from typing import Any

import pytest

from notalone.accounts.models import User
from notalone.escrow import client as escrow_client
from notalone.escrow.client import ClientConfig
from notalone.escrow.crypto import entry, oprf
from notalone.escrow.models import EscrowEntry
from tests.escrow.conftest import transport_for

pytestmark = pytest.mark.django_db

RECORD = {"what": "Fictional account.", "contact": "survivor@example.org"}


def _without_version(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != "version"}


def _refused_as_old(status: int, body: dict[str, Any]) -> None:
    assert status == 400
    assert body["code"] == "protocol_version"
    assert body["params"] == {"version": 2}
    assert "Reload the page (or upgrade the program)" in body["detail"]


@pytest.mark.parametrize("version", [None, 1, 3])
def test_an_evaluation_of_another_version_is_refused_and_costs_nothing(
    settings: Any, config: ClientConfig, alice: User, version: int | None
) -> None:
    settings.ESCROW_DEMO_EVALUATIONS_PER_ACCOUNT = 1
    from notalone.escrow.setup import reset_demo_guardians

    reset_demo_guardians()
    _blind, blinded = oprf.blind(entry.oprf_input("email:a@example.com"), mode=oprf.MODE_VOPRF)
    request: dict[str, Any] = {"elements": [blinded.hex()]}
    if version is not None:
        request["version"] = version
    _refused_as_old(*transport_for(alice)("POST", "/evaluate", request))
    # No guardian counted it: the one evaluation this account has today is still there.
    escrow_client.file_entry(transport_for(alice), config, ["a@example.com"], RECORD)


@pytest.mark.parametrize("version", [None, 1])
def test_an_entry_of_another_version_is_refused_and_nothing_is_stored(
    config: ClientConfig, alice: User, version: int | None
) -> None:
    transport = transport_for(alice)
    canonical = ["email:a@example.com"]
    outputs = escrow_client.evaluate(transport, config, [entry.oprf_input(c) for c in canonical])
    body = escrow_client.seal_filing(config, canonical, outputs, RECORD)
    assert body["version"] == 2
    old = _without_version(body) if version is None else {**body, "version": version}
    _refused_as_old(*transport("POST", "/entries", old))
    assert EscrowEntry.objects.count() == 0
    assert transport("POST", "/entries", body)[0] == 201
    assert EscrowEntry.objects.count() == 1
