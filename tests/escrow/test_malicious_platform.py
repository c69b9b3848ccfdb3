"""A platform that turns on its survivors (issue 10, §2): it holds the guardians' token, invents
account keys, restarts guardians, and still gets no more evaluations than their operators set;
in verified-filer mode it gets none without tokens it cannot mint."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from notalone.escrow.crypto import oprf, tokens
from tests.escrow.guardians import TOKEN, Guardians, running_guardians

pytestmark = pytest.mark.slow


def _post(url: str, path: str, body: dict[str, Any], token: str = TOKEN) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 (a guardian on 127.0.0.1)
        url + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _get(url: str, path: str) -> Any:
    with urllib.request.urlopen(url + path, timeout=10) as answer:  # noqa: S310
        return json.loads(answer.read())


def _guess(identifier: str) -> str:
    """What the platform would send to learn an identifier's index: a blinded guess."""
    return oprf.blind(identifier.encode(), mode=oprf.MODE_VOPRF)[1].hex()


def _drain(guardians: Guardians, index: int, attempts: int) -> int:
    """Invent a fresh account key per request, two guesses each; evaluations answered."""
    answered = 0
    for attempt in range(attempts):
        status, body = _post(
            guardians.urls[index - 1],
            "/evaluate",
            {
                "account": f"invented-account-{attempt}",
                "elements": [_guess(f"email:guess{attempt}-{k}@example.com") for k in (1, 2)],
            },
        )
        if status == 200:
            answered += len(body["evaluated"])
        else:
            assert status == 429, body
            assert "evaluations for today" in body["detail"]
    return answered


def test_invented_accounts_and_restarts_buy_no_more_than_the_daily_total(tmp_path: Path) -> None:
    with running_guardians(
        tmp_path / "escrow", per_account=1000, per_hour=1000, per_day=10
    ) as guardians:
        assert _drain(guardians, 1, 8) == 10
        guardians.restart(1)
        assert _drain(guardians, 1, 4) == 0
        counts = _get(guardians.urls[0], "/counts")
        assert counts["today"] == 10
        assert counts["limits"]["per_day"] == 10
        # Every guardian counts for itself: a guess needs t of them, each with its own budget.
        assert _drain(guardians, 2, 8) == 10


def test_in_verified_filer_mode_the_platform_gets_nothing_without_tokens(tmp_path: Path) -> None:
    with running_guardians(tmp_path / "escrow", extra=["--verified-filers"]) as guardians:
        facts = _get(guardians.urls[0], "/health")
        assert facts["mode"] == "verified"
        guess = [_guess("email:someone@example.com")]
        for attempt in range(5):
            status, body = _post(
                guardians.urls[0], "/evaluate", {"account": f"a{attempt}", "elements": guess}
            )
            assert status == 403
            assert "verified filers only" in body["detail"]
        # A token the platform makes up (it has no token key) is refused too.
        epoch = int(time.time()) // (facts["period_days"] * 86400)  # this period's
        forged = {"epoch": epoch, "nonce": "11" * 32, "mac": "22" * 32}
        status, _ = _post(
            guardians.urls[0], "/evaluate", {"account": "a", "elements": guess, "token": forged}
        )
        assert status == 403
        # Nor can it buy tokens: it has no invite code, and cannot read one sealed to the
        # guardian's key (it would have to be given one by the guardian's organisation).
        request = tokens.token_request(1)
        sealed = tokens.seal_invite(
            bytes.fromhex(facts["invite_key"]),
            bytes.fromhex(facts["realm"]),
            1,
            f"1-{facts['keys_fingerprint'][:16]}-{'a' * 26}",
            request.blinded,
        )
        status, body = _post(
            guardians.urls[0],
            "/redeem",
            {"code": sealed.hex(), "elements": [e.hex() for e in request.blinded]},
        )
        assert status == 403
        assert "not one this guardian's organisation gave out" in body["detail"]
        guardians.restart(1)
        assert _get(guardians.urls[0], "/counts")["today"] == 0
