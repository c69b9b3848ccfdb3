"""Pseudonymous accounts: a username and a password, nothing that identifies a person.

No e-mail, no phone number, no address, no IP: a member who forgets their password uses
the one-time recovery code they were shown at sign-up, which is stored only as a hash.
"""

from __future__ import annotations

import re
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notalone.accounts import usernames
from notalone.core import uax31
from notalone.core.fields import PublicIdField
from notalone.core.textrules import cluster_problem

USERNAME_MAX_LENGTH = 30
# The longest password the site hashes, for every form and API that takes one: a longer one
# is refused before any hashing work.
PASSWORD_MAX_LENGTH = 4096
# The most code points in one symbol of a username (see core.textrules).
USERNAME_CLUSTER_CODE_POINTS = 8


def username_validator(value: str) -> None:
    r"""Letters, marks, digits, "_", "." and "-": the UAX #31 identifier characters
    (``uax31.identifier_problem``, with dots and dashes read as "_"), so a name written
    with vowel signs or a virama (Hindi ``प्रिया``) or with a ZWNJ where Persian needs one
    (``مریم‌جان``) is a name; a regular expression's ``\w`` has no marks and refused them.
    Raises ``ValidationError`` (code "invalid")."""
    if not value or uax31.identifier_problem(re.sub(r"[.-]", "_", value)) is not None:
        raise ValidationError(
            _("Use only letters, digits, dots, dashes and underscores, with no spaces."),
            code="invalid",
        )
    # One letter under dozens of marks would paint over the lines above wherever the name
    # is shown (issue 15): no script writes more than a few marks on one letter.
    problem = cluster_problem(value, USERNAME_CLUSTER_CODE_POINTS)
    if problem:
        raise ValidationError(problem, code="invalid")


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    COUNSELOR = "counselor", _("Legal options counselor")
    OPERATOR = "operator", _("Operator")


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Usernames are found by their one written key (accounts/usernames.py). No username
        # has a NUL, and PostgreSQL refuses one in a query: a command given one finds no one.
        if "\x00" in (username or ""):
            raise self.model.DoesNotExist
        keys = usernames.lookup_keys(username or "")
        return (
            self.filter(username_key__in=keys)
            .order_by(
                models.Case(*(models.When(username_key=key, then=i) for i, key in enumerate(keys)))
            )[:1]
            .get()
        )

    def create_user(self, username: str, password: str | None = None, **extra: object) -> User:
        """For the demo, fixtures and ``createsuperuser``; members sign up through
        ``services.account_signup``, which also checks look-alikes and reserved names."""
        shown = usernames.display_form(username)
        if self.filter(
            models.Q(username_key=usernames.username_key(shown))
            | models.Q(username_skeleton=usernames.username_skeleton(shown))
        ).exists():
            raise ValueError(f"{shown!r} is taken, or looks just like a name that is.")
        user = self.model(
            username=shown,
            username_key=usernames.username_key(shown),
            username_skeleton=usernames.username_skeleton(shown),
            **extra,
        )
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, username_key: str, password: str | None = None, **extra: object
    ) -> User:
        # `createsuperuser` passes the typed name as the USERNAME_FIELD, username_key.
        extra.setdefault("role", Role.OPERATOR)
        extra.setdefault("is_superuser", True)
        return self.create_user(username_key, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(
        _("username"),
        max_length=USERNAME_MAX_LENGTH,
        validators=[username_validator],
        help_text=_("Your pseudonym. It does not need to be your name — better if it is not."),
    )
    # How the account is found (NFKC, trimmed, case-folded: accounts/usernames.py).
    username_key = models.CharField(
        _("username"), max_length=USERNAME_MAX_LENGTH * 3, unique=True, editable=False
    )
    # The UTS #39 confusable skeleton: two names that look alike cannot both exist. Empty
    # (NULL) only for a look-alike that predates the rule (migration 0005 says which).
    username_skeleton = models.CharField(
        max_length=255, unique=True, null=True, blank=True, editable=False
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(default=True)
    recovery_code_hash = models.CharField(max_length=256, blank=True)
    # Set only by moderation's one door (moderation.services.moderation_act).
    suspended_until = models.DateTimeField(null=True, blank=True)
    # Day precision is enough to show "member since" and to audit; nothing finer is kept.
    joined_on = models.DateField(default=timezone.localdate)

    USERNAME_FIELD = "username_key"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.username

    @property
    def is_staff(self) -> bool:
        return self.role == Role.OPERATOR and self.is_active

    @property
    def can_post(self) -> bool:
        """Active and not suspended: may share, reply and react."""
        if not self.is_active:
            return False
        return self.suspended_until is None or self.suspended_until <= timezone.now()

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.OPERATOR)

    @property
    def is_counselor(self) -> bool:
        return self.role == Role.COUNSELOR

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR

    @property
    def staff_badge(self) -> str:
        """The badge the site shows beside this name: a role, never a claim in the name."""
        if self.role in (Role.MODERATOR, Role.OPERATOR, Role.COUNSELOR):
            return str(self.get_role_display())
        return ""


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    # What the member's list and the API call it: random, so it counts nothing site-wide.
    public_id = PublicIdField()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return f"API token of {self.user}"


class TrustedBrowser(models.Model):
    """A browser the member chose to have remembered at log-in (OWASP's device cookie).

    The browser keeps a signed cookie holding a random token; only the token's SHA-256 is
    kept here, with the member it belongs to and the day it was made: no address, no browser
    or device details. Attempts from this browser for this member are counted against the
    browser, so a stranger guessing the member's password elsewhere cannot lock them out here.
    """

    public_id = PublicIdField()

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="trusted_browsers")
    token_hash = models.CharField(max_length=64, unique=True)
    created_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return f"Browser remembered for {self.user} on {self.created_on}"


class MemberSession(AbstractBaseSession):
    """A log-in session, with the member it belongs to and the day it began, so members can
    see their sessions and end them, and a password change can end every other one. No
    address, no browser or device details."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    created_on = models.DateField(default=timezone.localdate)

    @classmethod
    def get_session_store_class(cls) -> type:
        from notalone.accounts.sessions import SessionStore

        return SessionStore
