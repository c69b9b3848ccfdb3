"""The escrow's cast: demo guardians in a temporary directory, a counselor key pair, and a
Python client that files through the real API (Django's test client as the transport)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from notalone.accounts.models import Role, User
from notalone.accounts.services import api_token_create
from notalone.escrow import relay
from notalone.escrow.client import ClientConfig, Transport, fetch_config
from notalone.escrow.crypto import keyfile
from tests.conftest import make_member
from tests.escrow.demo import demo_guardians
from tests.escrow.guardians import TOKEN, Guardians, running_guardians


@pytest.fixture
def counselor_keys() -> tuple[bytes, bytes]:
    return keyfile.generate_keypair()


@pytest.fixture
def escrow_demo(
    settings: Any, tmp_path: Path, counselor_keys: tuple[bytes, bytes]
) -> Iterator[Path]:
    """Demo guardians (2 of 3) dealt into a fresh directory, quorum 2."""
    with demo_guardians(settings, tmp_path / "escrow", counselor_keys[1].hex()) as shares:
        yield shares


def client_transport(client: Client, token: str) -> Transport:
    def send(method: str, path: str, body: Mapping[str, Any] | None) -> tuple[int, Any]:
        url = "/api/v1/escrow" + path
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        call = getattr(client, method.lower())
        if body is None:
            response = call(url, **headers)
        else:
            response = call(url, json.dumps(body), content_type="application/json", **headers)
        content = response.content
        return response.status_code, json.loads(content) if content else None

    return send


@pytest.fixture
def counselor(db: None) -> User:
    return make_member("counsel", Role.COUNSELOR)


def transport_for(user: User) -> Transport:
    return client_transport(Client(), api_token_create(user=user))


@pytest.fixture
def config(escrow_demo: Path, alice: User) -> ClientConfig:
    return fetch_config(transport_for(alice))


@pytest.fixture
def guardians(
    settings: Any, tmp_path: Path, counselor_keys: tuple[bytes, bytes]
) -> Iterator[Guardians]:
    with running_guardians(tmp_path / "escrow", per_account=3) as running:
        settings.ESCROW_GUARDIANS = running.urls
        settings.ESCROW_DEMO = False
        settings.ESCROW_GUARDIAN_TOKEN = TOKEN
        settings.ESCROW_SHARES_DIR = running.directory
        settings.ESCROW_QUORUM = 2
        settings.ESCROW_REALM = None
        settings.ESCROW_COUNSELOR_PUBLIC_KEY = counselor_keys[1].hex()
        settings.ESCROW_GUARDIAN_TIMEOUT_MS = 2000
        settings.ESCROW_MIN_ACCOUNT_DAYS = 0
        relay._connections.clear()
        yield running
        relay._connections.clear()
