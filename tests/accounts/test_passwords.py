import pytest

from notalone.accounts import services
from notalone.accounts.models import User

pytestmark = pytest.mark.django_db


def test_passwords_and_recovery_codes_are_hashed_with_argon2(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    services.account_signup(username="stone", password="a long enough passphrase")
    user = User.objects.get(username="stone")
    assert user.password.startswith("argon2$argon2id$")
    assert user.recovery_code_hash.startswith("argon2$argon2id$")


def test_the_production_settings_use_argon2_first() -> None:
    from notalone import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
