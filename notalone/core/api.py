"""Shared by every app's API router. Every error is JSON with a clear ``detail``; field problems also list ``errors``."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from notalone.core.idempotency import IdempotencyConflict
from notalone.core.ratelimit import RateLimited
from notalone.core.unavailable import unavailable_response


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def errors(*codes: int) -> dict[int, type[Error]]:
    """The error answers an operation documents: the given ones, plus 413 (body too large)
    and 422 (a malformed request), which any operation can give."""
    return dict.fromkeys(sorted({*codes, 413, 422}), Error)


def _field_name(loc: list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts) or "request"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"request": exc.messages}
        detail = " ".join(message for messages in errors.values() for message in messages)
        return api.create_response(request, {"detail": detail, "errors": errors}, status=400)

    @api.exception_handler(SchemaValidationError)
    def malformed(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_name(list(error.get("loc", []))), []).append(
                str(error.get("msg", "invalid"))
            )
        detail = "; ".join(f"{field}: {', '.join(messages)}" for field, messages in errors.items())
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        return api.create_response(
            request, {"detail": f"The request is too large: send at most {limit} kB."}, status=413
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(
            request, {"detail": str(exc) or "You may not do this."}, status=403
        )

    @api.exception_handler(ObjectDoesNotExist)
    def missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return api.create_response(request, {"detail": "Not found."}, status=404)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": "Not found."}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            {
                "detail": "Send a valid token as 'Authorization: Bearer <token>' (POST /api/v1/auth/token)."
            },
            status=401,
        )

    @api.exception_handler(IdempotencyConflict)
    def idempotency_conflict(request: HttpRequest, exc: IdempotencyConflict) -> HttpResponse:
        return api.create_response(
            request, {"detail": str(exc), "errors": {"Idempotency-Key": [str(exc)]}}, status=422
        )

    @api.exception_handler(RateLimited)
    def throttled(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = api.create_response(request, {"detail": str(exc)}, status=429)
        if exc.retry_after:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        return unavailable_response(request, exc)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            # django-ninja's only 400 is a body it cannot parse: a malformed request, like
            # any other schema problem, so it is answered as one (422, documented everywhere).
            detail = (
                "The request body is not valid JSON. Send a JSON object with the documented fields."
            )
            return api.create_response(
                request, {"detail": detail, "errors": {"body": [str(exc)]}}, status=422
            )
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
