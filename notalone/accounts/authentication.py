"""The one door: every way in checks a password or a recovery code here, and nowhere else.

The log-in page, the API's token endpoint and the operator admin (whose own log-in page
redirects to ours) call ``account_authenticate``; recovery calls ``account_recover``; pages
that confirm a password call ``account_check_password``. Django's ``authenticate()`` is
switched off (``backends.NoPasswordBackend``), so a forgotten path cannot check a password
behind the limits' back.

How guessing is slowed without handing a stranger a way to lock a member out (OWASP's
"Slow Down Online Guessing Attacks with Device Cookies"):
- A member may ask the site to remember this browser at log-in (a signed cookie holding a
  random token, ``TrustedBrowser``). Attempts for that member from that browser are counted
  against the browser alone: whatever a stranger does elsewhere, the member gets in here.
- Attempts from every other browser are slowed per name *and client* (the name's confusable
  skeleton, so no spelling gets fresh tries, with a keyed hash of the address) with
  exponential back-off: ten wrong passwords go through, then each waits twice as long as the
  one before, up to 15 minutes. A stranger guessing from one place slows only themselves: the
  member, anywhere else, is not kept waiting.
- Across all clients, a name takes at most five times that many wrong passwords an hour
  (a fixed window). Only guessing from many places at once reaches it; then browsers the
  member did not ask us to remember wait for the hour to end, and the recovery code (which
  logs the member straight in) or a remembered browser still works.
- Per client, wrong passwords for any names are limited per 15 minutes; successful log-ins
  are not counted, so a busy shared address is not punished.
All of it is in the SQL database (core/ratelimit.py): a cache flush or a restart resets none.
"""

from __future__ import annotations

import hashlib
import math
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notalone.accounts import selectors, services, usernames
from notalone.accounts.models import TrustedBrowser, User
from notalone.core import ratelimit
from notalone.core.ratelimit import BackoffPolicy, RateLimited

LOGIN_WINDOW = 15 * 60
# Most remembered browsers one member keeps; the oldest is forgotten first.
MAX_TRUSTED_BROWSERS = 10

_NO_MATCH = gettext_lazy("That username and recovery code do not match. Check both and try again.")


def _guessing_policy() -> BackoffPolicy:
    # NOTALONE_LOGIN_ATTEMPTS wrong passwords at once, then 30 s, 1 min, 2 min ... up to
    # 15 minutes between tries; forgotten after an hour with no wrong password.
    return BackoffPolicy(
        free=settings.LOGIN_ATTEMPTS_PER_15_MINUTES,
        first_wait=30,
        longest_wait=15 * 60,
        forget_after=60 * 60,
    )


def _client_limit() -> int:
    # Three times the per-name allowance, per client per 15 minutes, wrong passwords only.
    return settings.LOGIN_ATTEMPTS_PER_15_MINUTES * 3


def _name_hourly_limit() -> int:
    # Wrong passwords for one name per hour from all clients together: five times the
    # per-client allowance, so only guessing from several places at once reaches it.
    return settings.LOGIN_ATTEMPTS_PER_15_MINUTES * 5


NAME_WINDOW = 60 * 60


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _claim(scope: str, key: str) -> None:
    wait = ratelimit.backoff_claim(scope, key, policy=_guessing_policy())
    if wait:
        raise RateLimited(
            _(
                "Too many tries for this username. To keep the account safe, please wait "
                "%(wait)s and try again. A browser you asked us to remember can log in "
                "at any time."
            )
            % {"wait": _wait_text(wait)},
            retry_after=wait,
        )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def trusted_browser(*, token: str, username: str) -> TrustedBrowser | None:
    """The remembered browser behind ``token``, if it was remembered for this username."""
    if not token or len(token) > 100:
        return None
    found = (
        TrustedBrowser.objects.select_related("user")
        .filter(token_hash=_token_hash(token), created_on__gte=selectors.browser_oldest_valid_day())
        .first()
    )
    if found is None or found.user.username_key != usernames.username_key(username):
        return None
    return found


def find_member(username: str) -> User | None:
    """The active account a typed username names (see ``usernames.lookup_keys``)."""
    # A NUL can be in no username (and PostgreSQL refuses it in a query).
    keys = [key for key in usernames.lookup_keys(username) if "\x00" not in key]
    found = {u.username_key: u for u in User.objects.filter(username_key__in=keys, is_active=True)}
    return next((found[key] for key in keys if key in found), None)


def _find_and_check(username: str, password: str) -> User | None:
    user = find_member(username)
    if user is None:
        # Spend the same time as a real check, so timing does not reveal who has an account.
        make_password(password)
        return None
    return user if user.check_password(password) else None


def account_authenticate(
    *, username: str, password: str, client_key: str = "", browser_token: str = ""
) -> User | None:
    """Check a username and password; None if they do not match. Raises RateLimited.

    Not one transaction on purpose: each count commits on its own, before the slow password
    check, so a failed attempt always counts and concurrent attempts take turns.
    """
    browser = trusted_browser(token=browser_token, username=username)
    name = usernames.limit_key(username)
    if browser is not None:
        _claim("login-browser", browser.token_hash)
    else:
        if client_key and not ratelimit.hit(
            "login-client", client_key, limit=_client_limit(), window_seconds=LOGIN_WINDOW
        ):
            raise RateLimited(
                _("Too many attempts from here. Please try again in 15 minutes."),
                retry_after=LOGIN_WINDOW,
            )
        _claim("login-name-client", f"{name}:{client_key}")
        if not ratelimit.hit(
            "login-name-hour", name, limit=_name_hourly_limit(), window_seconds=NAME_WINDOW
        ):
            raise RateLimited(
                _(
                    "Many people have tried to log in to this account in the last hour, so "
                    "log-in from new browsers is paused until the hour ends. Your recovery "
                    "code, or a browser you asked us to remember, still works."
                ),
                retry_after=NAME_WINDOW,
            )
    user = _find_and_check(username, password)
    if user is None:
        return None
    if browser is not None:
        ratelimit.backoff_clear("login-browser", browser.token_hash)
    else:
        ratelimit.backoff_clear("login-name-client", f"{name}:{client_key}")
        ratelimit.refund("login-name-hour", name, window_seconds=NAME_WINDOW)
        if client_key:
            ratelimit.refund("login-client", client_key, window_seconds=LOGIN_WINDOW)
    return user


def clear_guessing(*, username: str) -> None:
    """After a successful recovery: the member proved who they are; earlier wrong guesses
    (someone else's, most likely) no longer stand in their way."""
    ratelimit.reset("login-name-hour", usernames.limit_key(username), window_seconds=NAME_WINDOW)


def account_check_password(*, user: User, password: str) -> bool:
    """Confirm the signed-in member's password (changing it, deleting the account)."""
    scope, key = "password-check", str(user.pk)
    limit = settings.LOGIN_ATTEMPTS_PER_15_MINUTES
    if not ratelimit.hit(scope, key, limit=limit, window_seconds=LOGIN_WINDOW):
        raise RateLimited(_("Too many attempts. Please wait 15 minutes and try again."))
    if not user.check_password(password):
        return False
    ratelimit.refund(scope, key, window_seconds=LOGIN_WINDOW)
    return True


@transaction.atomic
def browser_remember(*, user: User) -> str:
    """Remember this browser for the member; return the token for its cookie."""
    token = secrets.token_urlsafe(32)
    # Rows past their time count for nothing: delete them, everyone's, while we are here.
    TrustedBrowser.objects.filter(created_on__lt=selectors.browser_oldest_valid_day()).delete()
    TrustedBrowser.objects.create(user=user, token_hash=_token_hash(token))
    kept = selectors.member_browsers(user=user).values_list("id", flat=True)[:MAX_TRUSTED_BROWSERS]
    TrustedBrowser.objects.filter(user=user).exclude(id__in=list(kept)).delete()
    return token


@transaction.atomic
def browser_forget(*, token: str) -> None:
    if token:
        TrustedBrowser.objects.filter(token_hash=_token_hash(token)).delete()


@transaction.atomic
def browser_forget_by_id(*, user: User, browser_id: str) -> bool:
    deleted, _ = TrustedBrowser.objects.filter(user=user, public_id=browser_id).delete()
    return deleted > 0


def account_recover(
    *, username: str, recovery_code: str, new_password: str, client_key: str = ""
) -> tuple[User, str]:
    """Reset a forgotten password with the recovery code; return the member and the new
    recovery code (the caller logs them in: they proved who they are).

    Limited per client only: a code has 125 random bits, so guessing one is hopeless, and a
    per-name limit would only let a stranger stop a member from recovering their account.
    """
    limit = settings.LOGIN_ATTEMPTS_PER_15_MINUTES
    if client_key and not ratelimit.hit(
        "recover-client", client_key, limit=limit, window_seconds=LOGIN_WINDOW
    ):
        raise RateLimited(_("Too many attempts. Please wait 15 minutes and try again."))
    user, code = _reset_with_code(
        username=username,
        recovery_code=recovery_code,
        new_password=new_password,
    )
    if client_key:
        ratelimit.refund("recover-client", client_key, window_seconds=LOGIN_WINDOW)
    clear_guessing(username=username)
    return user, code


@transaction.atomic
def _reset_with_code(*, username: str, recovery_code: str, new_password: str) -> tuple[User, str]:
    found = find_member(username)
    user = None if found is None else User.objects.select_for_update().get(pk=found.pk)
    normalised = services.normalise_recovery_code(recovery_code)
    if user is None or not user.recovery_code_hash:
        make_password(normalised)
        raise ValidationError({"recovery_code": str(_NO_MATCH)})
    if not check_password(normalised, user.recovery_code_hash):
        raise ValidationError({"recovery_code": str(_NO_MATCH)})
    services.validate_password(new_password, user)
    user.set_password(new_password)
    # A code works once: a new one replaces it, shown to the member straight away.
    code = services.new_recovery_code()
    user.recovery_code_hash = make_password(services.normalise_recovery_code(code))
    user.save(update_fields=("password", "recovery_code_hash"))
    services.account_end_all_access(user=user)
    return user, code


def account_change_password(
    *, user: User, current_password: str, new_password: str, keep_session_key: str | None
) -> None:
    """Change the password; every other session, token and remembered browser ends."""
    if not account_check_password(user=user, password=current_password):
        raise ValidationError({"current_password": _("Your current password is not right.")})
    _set_password(user=user, new_password=new_password, keep_session_key=keep_session_key)


@transaction.atomic
def _set_password(*, user: User, new_password: str, keep_session_key: str | None) -> None:
    services.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=("password",))
    services.account_end_all_access(user=user, keep_session_key=keep_session_key)
