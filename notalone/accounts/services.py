"""Every write to accounts: keyword-only, typed, in a transaction."""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notalone.accounts import registry, selectors, usernames
from notalone.accounts.models import (
    USERNAME_MAX_LENGTH,
    ApiToken,
    MemberSession,
    Role,
    TrustedBrowser,
    User,
    username_validator,
)
from notalone.accounts.sessions import forget_cached
from notalone.core import ratelimit
from notalone.core.ratelimit import RateLimited

# Crockford's base32 without look-alikes: easy to copy by hand from a screen.
_RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RECOVERY_GROUPS = 5
_RECOVERY_GROUP_LENGTH = 5  # 25 characters, 125 bits
_LOOK_ALIKES = str.maketrans("OIL", "011")


@dataclass(frozen=True)
class SignUp:
    user: User
    recovery_code: str


def new_recovery_code() -> str:
    groups = (
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUP_LENGTH))
        for _ in range(_RECOVERY_GROUPS)
    )
    return "-".join(groups)


def normalise_recovery_code(code: str) -> str:
    cleaned = code.upper().replace("-", "").replace(" ", "")
    return cleaned.translate(_LOOK_ALIKES)


def _validate_username(username: str) -> str:
    """Check a new username against the one written rule (accounts/usernames.py); return
    the form to store."""
    shown = usernames.display_form(username)
    if not shown:
        raise ValidationError({"username": _("Choose a username.")})
    if len(shown) > USERNAME_MAX_LENGTH:
        raise ValidationError(
            {
                "username": _("Use at most %(max)d characters (this one has %(count)d).")
                % {"max": USERNAME_MAX_LENGTH, "count": len(shown)}
            }
        )
    try:
        username_validator(shown)
    except ValidationError as error:
        raise ValidationError({"username": error.messages}) from None
    if usernames.is_reserved(shown):
        raise ValidationError(
            {
                "username": _(
                    "This name looks like one the site's team would use. Please choose another: "
                    "the site marks its moderators with a badge instead."
                )
            }
        )
    taken = User.objects.filter(
        Q(username_key=usernames.username_key(shown))
        | Q(username_skeleton=usernames.username_skeleton(shown))
    )
    if taken.exists():
        # The same message for an exact match and a look-alike: either way the name is taken.
        raise ValidationError(
            {
                "username": _(
                    "This username, or one that looks just like it, is taken. Please choose another."
                )
            }
        )
    return shown


def validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


def account_signup(*, username: str, password: str, client_key: str = "") -> SignUp:
    """Create a member and return the one-time recovery code (only its hash is kept)."""
    # Counted before the transaction below: a refused sign-up rolls back, and still counts.
    if client_key and not ratelimit.hit(
        "signup", client_key, limit=settings.SIGNUPS_PER_HOUR, window_seconds=3600
    ):
        raise RateLimited(_("Too many new accounts from here. Please try again in an hour."))
    return _create_member(username=username, password=password)


@transaction.atomic
def _create_member(*, username: str, password: str) -> SignUp:
    # Check everything before answering, so one reply lists every change to make.
    errors: dict[str, list[str]] = {}
    try:
        username = _validate_username(username)
    except ValidationError as error:
        errors.update(error.message_dict)
        username = usernames.display_form(username)
    user = User(
        username=username,
        username_key=usernames.username_key(username),
        username_skeleton=usernames.username_skeleton(username),
        role=Role.MEMBER,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    code = new_recovery_code()
    user.recovery_code_hash = make_password(normalise_recovery_code(code))
    user.full_clean(exclude=["password"])
    user.save()
    return SignUp(user=user, recovery_code=code)


@transaction.atomic
def account_new_recovery_code(*, user: User) -> str:
    code = new_recovery_code()
    user.recovery_code_hash = make_password(normalise_recovery_code(code))
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


# The member's columns in the order of User's fields (``User.from_db`` takes them so), then the
# token's id. The names come from the models, never from input.
_USER_FIELDS = User._meta.concrete_fields
_TOKEN_QUERY = (
    "SELECT "
    + ", ".join(f"u.{field.column}" for field in _USER_FIELDS)
    + f", t.{ApiToken._meta.pk.column} "
    f"FROM {User._meta.db_table} u INNER JOIN {ApiToken._meta.db_table} t "
    f"ON t.{ApiToken._meta.get_field('user').column} = u.{User._meta.pk.column} "
    f"WHERE t.{ApiToken._meta.get_field('key_hash').column} = %s"
)
_Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]
_Converters = list[tuple[list[_Converter], Any]]
# For each of the member's columns, the database's and the field's converters (what the ORM
# would apply: booleans and dates on SQLite, for example), worked out once per connection.
# Connections belong to one thread each, and so does this.
_token_converters = threading.local()


def _converters_for(connection: BaseDatabaseWrapper) -> _Converters:
    found: tuple[BaseDatabaseWrapper, _Converters] | None = getattr(
        _token_converters, connection.alias, None
    )
    if found is not None and found[0] is connection:
        return found[1]
    converters: _Converters = []
    for field in _USER_FIELDS:
        column = field.get_col(User._meta.db_table)
        converters.append(
            (
                connection.ops.get_db_converters(column) + column.get_db_converters(connection),
                column,
            )
        )
    setattr(_token_converters, connection.alias, (connection, converters))
    return converters


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


@dataclass(frozen=True)
class PresentedToken:
    """A valid bearer token: its row's primary key and its (active) member."""

    pk: int
    user: User


def api_token_find(*, token: str) -> PresentedToken | None:
    """The token row for a presented bearer token, if it is valid and its member active.

    Every API request asks this, so it is one hand-written query (the member's row and the
    token's id, joined on the token's SHA-256) read with a plain cursor: the same query through
    the ORM's compiler cost about six times as much CPU, and through ``User.objects.raw`` (its
    column mapping and converters worked out again per call) about twice. Nothing is cached:
    a token revoked, or a member deactivated, is refused on the very next request.
    """
    if not token.startswith("na_") or len(token) > 100:
        return None
    connection = connections[User.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_QUERY, [_token_hash(token)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = [
        _convert(value, converters, column, connection)
        for value, (converters, column) in zip(row, _converters_for(connection), strict=False)
    ]
    user = User.from_db(connection.alias, [f.attname for f in _USER_FIELDS], values)
    if not user.is_active:
        return None
    return PresentedToken(pk=int(row[-1]), user=user)


def _convert(
    value: Any, converters: list[_Converter], column: Any, connection: BaseDatabaseWrapper
) -> Any:
    for converter in converters:
        value = converter(value, column, connection)
    return value


def api_token_user(*, token: str) -> User | None:
    found = api_token_find(token=token)
    return None if found is None else found.user


@transaction.atomic
def api_token_revoke(*, token: str) -> None:
    ApiToken.objects.filter(key_hash=_token_hash(token)).delete()


@transaction.atomic
def api_token_revoke_presented(*, user: User, pk: int) -> None:
    """End the token a request was made with (its row, known from authentication)."""
    ApiToken.objects.filter(user=user, pk=pk).delete()


@transaction.atomic
def api_token_revoke_by_id(*, user: User, token_id: str) -> bool:
    """Revoke one of the member's own tokens (by its public identifier); False if they have
    none with that identifier."""
    deleted, _ = ApiToken.objects.filter(user=user, public_id=token_id).delete()
    return deleted > 0


@transaction.atomic
def session_end(*, user: User, session_ref: str) -> bool:
    """End one of the member's own sessions, named by ``selectors.session_ref``."""
    for key in MemberSession.objects.filter(user=user).values_list("session_key", flat=True):
        if secrets.compare_digest(selectors.session_ref(key), session_ref):
            MemberSession.objects.filter(session_key=key).delete()
            forget_cached([key])
            return True
    return False


@transaction.atomic
def account_end_other_access(*, user: User, keep_session_key: str | None) -> None:
    """Log out everywhere else: every other session and every API token end."""
    others = MemberSession.objects.filter(user=user).exclude(session_key=keep_session_key or "")
    forget_cached(list(others.values_list("session_key", flat=True)))
    others.delete()
    ApiToken.objects.filter(user=user).delete()


@transaction.atomic
def account_end_all_access(*, user: User, keep_session_key: str | None = None) -> None:
    """After a password change or a recovery: every other session, every token and every
    remembered browser end, so whoever knew the old password is shut out everywhere."""
    account_end_other_access(user=user, keep_session_key=keep_session_key)
    TrustedBrowser.objects.filter(user=user).delete()
