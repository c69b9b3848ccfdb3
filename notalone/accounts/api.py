from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from notalone.accounts import services
from notalone.api.auth import BearerToken, member
from notalone.api.errors import errors

router = Router(tags=["accounts"])


class Credentials(Schema):
    username: str = Field(..., max_length=200)
    password: str = Field(..., max_length=4096)


class SignUpOut(Schema):
    username: str
    recovery_code: str
    token: str


class TokenOut(Schema):
    token: str


class DeleteAccountIn(Schema):
    password: str = Field(..., max_length=4096)
    keep_stories: bool


@router.post("/accounts", response={201: SignUpOut, **errors(400, 429)}, summary="Sign up")
def sign_up(request: HttpRequest, payload: Credentials) -> Status[Any]:
    result = services.account_signup(
        username=payload.username,
        password=payload.password,
        client_key=getattr(request, "client_key", ""),
    )
    token = services.api_token_create(user=result.user)
    return Status(
        201,
        {"username": result.user.username, "recovery_code": result.recovery_code, "token": token},
    )


@router.post(
    "/auth/token",
    response={200: TokenOut, **errors(401, 429)},
    summary="Get a token",
)
def token(request: HttpRequest, payload: Credentials) -> Status[Any]:
    user = services.account_authenticate(
        username=payload.username,
        password=payload.password,
        client_key=getattr(request, "client_key", ""),
    )
    if user is None:
        return Status(401, {"detail": "That username and password do not match."})
    return Status(200, {"token": services.api_token_create(user=user)})


@router.get(
    "/account/export",
    auth=BearerToken(),
    response={200: dict[str, Any], **errors(401)},
    summary="Everything I wrote",
)
def export(request: HttpRequest) -> dict[str, Any]:
    return services.account_export(user=member(request))


@router.delete(
    "/account",
    auth=BearerToken(),
    response={204: None, **errors(401, 403)},
    summary="Delete my account",
)
def delete_account(request: HttpRequest, payload: DeleteAccountIn) -> Status[Any]:
    user = member(request)
    if not user.check_password(payload.password):
        raise PermissionDenied("That is not your password.")
    services.account_delete(user=user, keep_stories=payload.keep_stories)
    return Status(204, None)
