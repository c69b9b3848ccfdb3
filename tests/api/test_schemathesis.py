"""schemathesis against /api/v1/openapi.json: a bounded run in `make test`.

Every operation gets generated requests, valid and not; none may answer 5xx, and every
answer must match the schema (status code, content type, body). Writes carry a real token.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from notalone.wsgi import application
from tests.stories.factories import publish

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def escrow_ready(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The escrow in demo mode (in-process guardians), so its endpoints answer for real."""
    from notalone.escrow import setup
    from notalone.escrow.crypto import keyfile

    settings.ESCROW_GUARDIANS = ["demo"]
    settings.ESCROW_MIN_ACCOUNT_DAYS = 0
    settings.ESCROW_DEMO = True
    settings.ESCROW_SHARES_DIR = tmp_path / "escrow"
    settings.ESCROW_REALM = None
    settings.ESCROW_COUNSELOR_PUBLIC_KEY = keyfile.generate_keypair()[1].hex()
    settings.ESCROW_DEMO_EVALUATIONS_PER_ACCOUNT = 1_000_000
    setup.reset_demo_guardians()
    yield
    setup.reset_demo_guardians()


@pytest.fixture
def token(db: None, escrow_ready: None) -> str:
    from notalone.accounts import services
    from notalone.accounts.models import User

    user = User.objects.create_user("fuzz", "a long and quiet morning")
    other = User.objects.create_user("other", "a long and quiet morning")
    for n in range(3):
        publish(other, body=f"A story to react to {n}")
        publish(user, body=f"My own story {n}")
    return services.api_token_create(user=user)


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_and_matches_its_schema(case, token: str) -> None:  # type: ignore[no-untyped-def]
    if case.path == "/api/v1/account" and case.method == "DELETE":
        case.body = {"password": "wrong", "keep_stories": True}  # keep the fuzzing account alive
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


def test_the_document_is_served_without_a_docs_page_from_a_cdn(client: Client) -> None:
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs").status_code == 404
