"""Pseudonymous accounts: a username and a password, nothing that identifies a person.

No e-mail, no phone number, no address, no IP: a member who forgets their password uses
the one-time recovery code they were shown at sign-up, which is stored only as a hash.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = 30

username_validator = RegexValidator(
    regex=r"^[\w.-]+\Z",
    message=_("Use only letters, digits, dots, dashes and underscores, with no spaces."),
)


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    COUNSELOR = "counselor", _("Legal options counselor")
    OPERATOR = "operator", _("Operator")


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Usernames are unique without regard to case: "Sam" and "sam" are one person.
        return self.get(username_key=(username or "").casefold())

    def create_user(self, username: str, password: str | None = None, **extra: object) -> User:
        user = self.model(username=username, username_key=username.casefold(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("role", Role.OPERATOR)
        extra.setdefault("is_superuser", True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(
        _("username"),
        max_length=USERNAME_MAX_LENGTH,
        validators=[username_validator],
        help_text=_("Your pseudonym. It does not need to be your name — better if it is not."),
    )
    # The case-folded username, unique, so that look-ups and uniqueness ignore case.
    username_key = models.CharField(max_length=USERNAME_MAX_LENGTH * 3, unique=True, editable=False)
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


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return f"API token of {self.user}"
