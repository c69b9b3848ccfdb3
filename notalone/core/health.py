"""Liveness and readiness, for a load balancer or a process supervisor.

``/healthz`` answers as long as the process serves requests at all: it touches nothing else,
so a database outage never makes a supervisor restart healthy web processes. ``/readyz``
answers 200 only when this process can do its work: the database answers, Redis answers (when
``REDIS_URL`` is set), every migration is applied, and the safety models it loads as it
starts (a gunicorn web process in models mode) have loaded; otherwise 503 with ``Retry-After``, so a
load balancer sends readers elsewhere meanwhile. Neither answer holds a secret: no URL, host,
version or error text, only the name of each check and ``ok`` or ``failing``.

Both answer whatever the ``Host`` header says (``HealthCheckMiddleware``): a load balancer, or
Caddy's active health check, asks a process by its address (``Host: 127.0.0.1:8000``), which
``NOTALONE_ALLOWED_HOSTS`` rightly refuses for every page; a refused health check would take
every process out of the pool at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import resolve

logger = logging.getLogger("notalone.health")

RETRY_AFTER_SECONDS = 5
OK = "ok"
FAILING = "failing"
LOADING = "loading"

_migrations_lock = threading.Lock()
_migrations_applied = False


def _database_answers() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception as error:  # any driver error means "not ready", and is logged by kind
        logger.warning("readiness: the database does not answer (%s)", type(error).__name__)
        return False


def _redis_answers() -> bool:
    from django_redis import get_redis_connection

    try:
        return bool(get_redis_connection("default").ping())
    except Exception as error:
        logger.warning("readiness: Redis does not answer (%s)", type(error).__name__)
        return False


def unknown_migrations(applied: object, loader: object) -> list[str]:
    """The migrations ``applied`` ((app, name) pairs) names for this code's apps that this code
    does not have: the database was written by a newer NotAlone, whose columns this version
    would not fill (a post would fail)."""
    disk = set(getattr(loader, "disk_migrations", None) or ())
    apps = set(getattr(loader, "migrated_apps", None) or ())
    return sorted(
        f"{app}.{name}"
        for app, name in applied  # type: ignore[attr-defined]
        if app in apps and (app, name) not in disk
    )


def migration_gaps() -> tuple[list[str], list[str]] | None:
    """(this code's migrations the database lacks, the database's migrations this code does
    not know, a newer release's); None when the database cannot say."""
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        applied = getattr(executor.loader, "applied_migrations", None) or {}
        newer = unknown_migrations(applied, executor.loader)
        missing = [f"{migration.app_label}.{migration.name}" for migration, _back in plan]
    except Exception as error:
        logger.warning("readiness: migrations cannot be read (%s)", type(error).__name__)
        return None
    return missing, newer


def migrations_applied() -> bool:
    """True when the database has every migration this code ships, and none it does not know
    (a newer release's). Remembered once true: a process never runs migrations, so only a new
    deployment (a new process) changes it."""
    global _migrations_applied
    if _migrations_applied:
        return True
    with _migrations_lock:
        gaps = migration_gaps()
        if gaps is None:
            return False
        missing, newer = gaps
        if newer:
            logger.warning(
                "readiness: the database has migrations this version does not know (%s): it "
                "was written by a newer NotAlone",
                ", ".join(newer),
            )
        _migrations_applied = not missing and not newer
    return _migrations_applied


def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "alive"}``: the process serves requests."""
    return JsonResponse({"status": "alive"})


def readyz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ready", "checks": {...}}`` or 503 ``{"status": "not ready", ...}``
    with ``Retry-After``; each check is ``ok`` or ``failing`` (``redis`` only with REDIS_URL),
    and ``safety_models`` is ``ok`` or ``loading`` in a web process that loads the safety
    models as it starts (``serving.AddressFreeThreadWorker``): while they load, every request
    of the process is slow."""
    checks: dict[str, str] = {}
    database = _database_answers()
    checks["database"] = OK if database else FAILING
    if settings.REDIS_URL:
        checks["redis"] = OK if _redis_answers() else FAILING
    checks["migrations"] = OK if database and migrations_applied() else FAILING
    from notalone.safety import models_ready

    warmed = models_ready()
    if warmed is not None:
        checks["safety_models"] = OK if warmed else LOADING
    ready = all(value == OK for value in checks.values())
    response = JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


_CHECKS: dict[str, Callable[[HttpRequest], JsonResponse]] = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answer ``/healthz`` and ``/readyz`` before anything reads the ``Host`` header (Django's
    ``CommonMiddleware`` checks it against ``ALLOWED_HOSTS``): neither answer depends on it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        check = _CHECKS.get(request.path_info)
        if check is None:
            return self.get_response(request)
        request.resolver_match = resolve(request.path_info)  # the request log names the route
        response = check(request)
        response.headers["Cache-Control"] = "no-store, private"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
