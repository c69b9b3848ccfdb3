"""The member read for each request (accounts/backends.py) is the row the ORM reads, field by
field, on both databases; a suspended or unknown member is nobody."""

from __future__ import annotations

import datetime

import pytest

from notalone.accounts.backends import NoPasswordBackend
from notalone.accounts.models import Role, User
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_the_member_read_for_a_request_is_the_orm_row() -> None:
    member = make_member("lookup_member", Role.MODERATOR)
    member.last_login = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    member.save()
    read = NoPasswordBackend().get_user(member.pk)
    expected = User.objects.get(pk=member.pk)
    assert read is not None
    assert read._state.db == expected._state.db
    assert not read._state.adding
    for field in User._meta.concrete_fields:
        got, want = getattr(read, field.attname), getattr(expected, field.attname)
        assert got == want, field.name
        assert type(got) is type(want), field.name
    assert read.is_moderator
    assert read.get_session_auth_hash() == expected.get_session_auth_hash()


def test_a_suspended_or_unknown_member_is_nobody() -> None:
    member = make_member("lookup_suspended")
    User.objects.filter(pk=member.pk).update(is_active=False)
    backend = NoPasswordBackend()
    assert backend.get_user(member.pk) is None
    assert backend.get_user(member.pk + 1000) is None
    assert backend.get_user("1 OR 1=1") is None
    assert backend.get_user("") is None
