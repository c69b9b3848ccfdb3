"""Every write to accounts: keyword-only, typed, in a transaction."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.accounts import registry
from notalone.accounts.models import (
    USERNAME_MAX_LENGTH,
    ApiToken,
    Role,
    User,
    username_validator,
)
from notalone.core import ratelimit

# Crockford's base32 without look-alikes: easy to copy by hand from a screen.
_RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RECOVERY_GROUPS = 5
_RECOVERY_GROUP_LENGTH = 5  # 25 characters, 125 bits
_LOOK_ALIKES = str.maketrans("OIL", "011")


class RateLimited(Exception):
    """Too many attempts; the message says when to try again."""


@dataclass(frozen=True)
class SignUp:
    user: User
    recovery_code: str


def _new_recovery_code() -> str:
    groups = (
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUP_LENGTH))
        for _ in range(_RECOVERY_GROUPS)
    )
    return "-".join(groups)


def _normalise_recovery_code(code: str) -> str:
    cleaned = code.upper().replace("-", "").replace(" ", "")
    return cleaned.translate(_LOOK_ALIKES)


def _validate_username(username: str) -> str:
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Choose a username.")})
    if len(username) > USERNAME_MAX_LENGTH:
        raise ValidationError(
            {
                "username": _("Use at most %(max)d characters (this one has %(count)d).")
                % {"max": USERNAME_MAX_LENGTH, "count": len(username)}
            }
        )
    try:
        username_validator(username)
    except ValidationError as error:
        raise ValidationError({"username": error.messages}) from None
    if User.objects.filter(username_key=username.casefold()).exists():
        raise ValidationError({"username": _("This username is taken. Please choose another.")})
    return username


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


@transaction.atomic
def account_signup(*, username: str, password: str, client_key: str = "") -> SignUp:
    """Create a member and return the one-time recovery code (only its hash is kept)."""
    if client_key and not ratelimit.hit(
        "signup", client_key, limit=settings.SIGNUPS_PER_HOUR, window_seconds=3600
    ):
        raise RateLimited(_("Too many new accounts from here. Please try again in an hour."))
    # Check everything before answering, so one reply lists every change to make.
    errors: dict[str, list[str]] = {}
    try:
        username = _validate_username(username)
    except ValidationError as error:
        errors.update(error.message_dict)
    user = User(
        username=username.strip(), username_key=username.strip().casefold(), role=Role.MEMBER
    )
    try:
        _validate_password(password, user)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    code = _new_recovery_code()
    user.recovery_code_hash = make_password(_normalise_recovery_code(code))
    user.full_clean(exclude=["password"])
    user.save()
    return SignUp(user=user, recovery_code=code)


def account_authenticate(*, username: str, password: str, client_key: str = "") -> User | None:
    """Check a username and password, throttled per username and per client."""
    window = 15 * 60
    limit = settings.LOGIN_ATTEMPTS_PER_15_MINUTES
    allowed_user = ratelimit.hit(
        "login-user", username.casefold(), limit=limit, window_seconds=window
    )
    allowed_client = not client_key or ratelimit.hit(
        "login-client", client_key, limit=limit * 3, window_seconds=window
    )
    if not (allowed_user and allowed_client):
        raise RateLimited(_("Too many attempts. For your safety, log-in is paused for 15 minutes."))
    user = User.objects.filter(username_key=username.strip().casefold(), is_active=True).first()
    if user is None:
        # Spend the same time as a real check, so timing does not reveal who has an account.
        make_password(password)
        return None
    if not user.check_password(password):
        return None
    ratelimit.reset("login-user", username.casefold(), window_seconds=window)
    return user


@transaction.atomic
def account_recover(
    *, username: str, recovery_code: str, new_password: str, client_key: str = ""
) -> str:
    """Reset a forgotten password with the recovery code; return the new recovery code."""
    window = 15 * 60
    limit = settings.LOGIN_ATTEMPTS_PER_15_MINUTES
    if not ratelimit.hit("recover", username.casefold(), limit=limit, window_seconds=window) or (
        client_key
        and not ratelimit.hit("recover-client", client_key, limit=limit * 3, window_seconds=window)
    ):
        raise RateLimited(_("Too many attempts. Please wait 15 minutes and try again."))
    user = (
        User.objects.select_for_update()
        .filter(username_key=username.strip().casefold(), is_active=True)
        .first()
    )
    normalised = _normalise_recovery_code(recovery_code)
    if user is None or not user.recovery_code_hash:
        make_password(normalised)
        raise ValidationError(
            {
                "recovery_code": _(
                    "That username and recovery code do not match. Check both and try again."
                )
            }
        )
    if not check_password(normalised, user.recovery_code_hash):
        raise ValidationError(
            {
                "recovery_code": _(
                    "That username and recovery code do not match. Check both and try again."
                )
            }
        )
    _validate_password(new_password, user)
    user.set_password(new_password)
    # A code works once: a new one replaces it, shown to the member straight away.
    code = _new_recovery_code()
    user.recovery_code_hash = make_password(_normalise_recovery_code(code))
    user.save(update_fields=("password", "recovery_code_hash"))
    return code


@transaction.atomic
def account_change_password(*, user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise ValidationError({"current_password": _("Your current password is not right.")})
    _validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=("password",))


@transaction.atomic
def account_new_recovery_code(*, user: User) -> str:
    code = _new_recovery_code()
    user.recovery_code_hash = make_password(_normalise_recovery_code(code))
    user.save(update_fields=("recovery_code_hash",))
    return code


@transaction.atomic
def account_set_role(*, user: User, role: Role) -> User:
    user.role = role
    user.is_superuser = role == Role.OPERATOR
    user.save(update_fields=("role", "is_superuser"))
    return user


def account_export(*, user: User) -> dict[str, Any]:
    """Everything the member wrote, in one JSON-ready dictionary."""
    data: dict[str, Any] = {
        "format": "notalone-export",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "role": user.role,
            "joined_on": user.joined_on.isoformat(),
        },
    }
    for section, exporter in sorted(registry.exporters.items()):
        data[section] = exporter(user)
    return data


@transaction.atomic
def account_delete(*, user: User, keep_stories: bool) -> None:
    """Delete the account for good.

    With ``keep_stories`` the member's stories stay, signed "Anonymous" and no longer linked
    to anyone; without it they are deleted too. Everything else the member made goes.
    """
    for eraser in registry.erasers.values():
        eraser(user, keep_stories)
    user.delete()


MAX_API_TOKENS = 20


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User) -> str:
    """Make a bearer token for the API; return it (only its hash is kept)."""
    token = "na_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_token_hash(token))
    # Keep the newest few: an old token left on a lost device stops working eventually.
    stale = (
        ApiToken.objects.filter(user=user)
        .order_by("-id")
        .values_list("id", flat=True)[MAX_API_TOKENS:]
    )
    ApiToken.objects.filter(id__in=list(stale)).delete()
    return token


def api_token_user(*, token: str) -> User | None:
    if not token.startswith("na_") or len(token) > 100:
        return None
    found = ApiToken.objects.select_related("user").filter(key_hash=_token_hash(token)).first()
    if found is None or not found.user.is_active:
        return None
    return found.user


@transaction.atomic
def api_token_revoke(*, token: str) -> None:
    ApiToken.objects.filter(key_hash=_token_hash(token)).delete()
