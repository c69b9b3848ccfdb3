"""Demo members. Fictional pseudonyms; passwords are public, so never load in production."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from notalone.accounts import usernames
from notalone.accounts.models import Role, User

DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 (public on purpose)
DEMO_MEMBERS = [
    ("demo-operator", Role.OPERATOR),
    ("demo-moderator", Role.MODERATOR),
    ("demo-counselor", Role.COUNSELOR),
    ("willow", Role.MEMBER),
    ("harbor_light", Role.MEMBER),
    ("quiet.fern", Role.MEMBER),
    ("northstar", Role.MEMBER),
    ("saltmarsh", Role.MEMBER),
]


@transaction.atomic
def load_demo(stdout: TextIO) -> None:
    created = 0
    for username, role in DEMO_MEMBERS:
        if User.objects.filter(username_key=usernames.username_key(username)).exists():
            continue
        User.objects.create_user(
            username, DEMO_PASSWORD, role=role, is_superuser=role == Role.OPERATOR
        )
        created += 1
    stdout.write(
        f"Demo members: {created} created. Log in as any of "
        f"{', '.join(name for name, _ in DEMO_MEMBERS[:3])} with the password {DEMO_PASSWORD!r}.\n"
    )
