"""/healthz says the process is alive; /readyz says whether it can work (database, Redis,
migrations), with 503 and Retry-After when it cannot; neither answer holds a secret."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from notalone.core import health

pytestmark = pytest.mark.django_db

REDIS_DOWN = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def test_healthz_answers_alive(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert response["Cache-Control"] == "no-store, private"


def test_readyz_is_ready_with_every_check_ok(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}


def test_readyz_is_not_ready_when_redis_does_not_answer(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = REDIS_DOWN
    settings.CACHES = {
        "default": {
            "BACKEND": "notalone.core.cache.RedisCache",
            "LOCATION": REDIS_DOWN,
            # As the site sets it up: a cache that cannot be reached is a miss, never an error.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == str(health.RETRY_AFTER_SECONDS)
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["redis"] == "failing"
    assert body["checks"]["database"] == "ok"
    # No URL, host, port or error text: only check names and ok/failing.
    text = json.dumps(body)
    assert "127.0.0.1" not in text
    assert ":9" not in text
    assert set(body["checks"].values()) <= {"ok", "failing"}


def test_readyz_is_not_ready_while_a_migration_is_missing(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "_migrations_applied", False)

    class Pending:
        def __init__(self, connection: object) -> None:
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": list})()})()

        def migration_plan(self, targets: object) -> list[tuple[object, bool]]:
            return [(type("M", (), {"app_label": "stories", "name": "9999_not_yet"})(), False)]

    monkeypatch.setattr(health, "MigrationExecutor", Pending)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failing"


def test_readyz_is_not_ready_when_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "_database_answers", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "failing", "migrations": "failing"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "[::1]:8001", "10.0.0.5", "not-our-site.example"]
)
def test_health_answers_whatever_the_host_header(client: Client, path: str, host: str) -> None:
    # Caddy's active health check (health_uri /readyz) and most load balancers send the
    # upstream's address as Host; a 400 there would mark every process down at once.
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_pages_still_refuse_a_host_not_allowed(client: Client) -> None:
    assert client.get("/stories/", HTTP_HOST="not-our-site.example").status_code == 400


def test_readyz_is_not_ready_while_this_process_loads_its_safety_models(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A web process starts loading the models in the background (serving.AddressFreeThreadWorker):
    # meanwhile every request of the process is slow, so it is not ready.
    import threading

    from notalone import safety

    loading = threading.Event()
    monkeypatch.setattr(safety, "_warmed", loading)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == str(health.RETRY_AFTER_SECONDS)
    assert response.json()["checks"]["safety_models"] == "loading"
    loading.set()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "safety_models": "ok",
    }
