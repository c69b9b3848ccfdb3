from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from notalone.accounts import authentication, selectors, services
from notalone.accounts.auth import BearerToken, member, presented_token_id
from notalone.accounts.models import PASSWORD_MAX_LENGTH
from notalone.core.api import errors
from notalone.core.ids import parse_public_id

router = Router(tags=["accounts"])


class Credentials(Schema):
    username: str = Field(..., max_length=200)
    password: str = Field(..., max_length=PASSWORD_MAX_LENGTH)


class SignUpOut(Schema):
    username: str
    recovery_code: str
    token: str


class TokenOut(Schema):
    token: str


class TokenInfo(Schema):
    id: str
    created_on: datetime.date
    current: bool = Field(..., description="The token this request was made with.")


class DeleteAccountIn(Schema):
    password: str = Field(..., max_length=PASSWORD_MAX_LENGTH)
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
    user = authentication.account_authenticate(
        username=payload.username,
        password=payload.password,
        client_key=getattr(request, "client_key", ""),
    )
    if user is None:
        return Status(401, {"detail": _("That username and password do not match.")})
    return Status(200, {"token": services.api_token_create(user=user)})


@router.post(
    "/auth/logout",
    auth=BearerToken(),
    response={204: None, **errors(401)},
    summary="Log out (end this token)",
)
def logout(request: HttpRequest) -> Status[Any]:
    services.api_token_revoke_presented(user=member(request), pk=presented_token_id(request))
    return Status(204, None)


@router.get(
    "/auth/tokens",
    auth=BearerToken(),
    response={200: list[TokenInfo], **errors(401)},
    summary="My API tokens",
)
def tokens(request: HttpRequest) -> list[dict[str, Any]]:
    current = presented_token_id(request)
    return [
        {"id": found.public_id, "created_on": found.created_on, "current": found.pk == current}
        for found in selectors.member_tokens(user=member(request))
    ]


@router.delete(
    "/auth/tokens/{token_id}",
    auth=BearerToken(),
    response={204: None, **errors(401, 404)},
    summary="End one of my API tokens",
)
def revoke_token(request: HttpRequest, token_id: str) -> Status[Any]:
    if parse_public_id(token_id) is None or not services.api_token_revoke_by_id(
        user=member(request), token_id=token_id
    ):
        return Status(404, {"detail": _("You have no token with that id.")})
    return Status(204, None)


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
    response={204: None, **errors(401, 403, 429)},
    summary="Delete my account",
)
def delete_account(request: HttpRequest, payload: DeleteAccountIn) -> Status[Any]:
    user = member(request)
    if not authentication.account_check_password(user=user, password=payload.password):
        raise PermissionDenied(_("That is not your password."))
    services.account_delete(user=user, keep_stories=payload.keep_stories)
    return Status(204, None)
