"""One written rule for usernames (accounts/usernames.py), look-alikes refused, staff marked
by a badge and not by a name (issue 9, item 7)."""

from __future__ import annotations

from importlib import import_module

import icu
import pytest
from django.apps import apps
from django.template import Context, Template
from django.test import Client

from notalone.accounts import usernames
from notalone.accounts.models import Role, User
from notalone.stories import services as story_services
from tests.conftest import PASSWORD, make_member
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db

CYRILLIC_O = "\u043e"


def signup(username: str) -> tuple[int, str]:
    response = Client().post("/signup/", {"username": username, "password": PASSWORD})
    return response.status_code, response.content.decode()


def test_the_rule_is_nfkc_trimmed_and_case_folded() -> None:
    for spelling in (" Alice", "alice ", "ALICE\u00a0", "\uff41\uff4c\uff49\uff43\uff45"):
        assert usernames.username_key(spelling) == "alice"
    assert usernames.display_form("\u00a0Willow\u3000") == "Willow"
    assert usernames.username_key("Stra\u00dfe") == "strasse"


def test_look_alikes_share_a_skeleton_and_other_names_do_not() -> None:
    assert usernames.username_skeleton(f"demo-moderat{CYRILLIC_O}r") == usernames.username_skeleton(
        "demo-moderator"
    )
    assert usernames.username_skeleton("rn") == usernames.username_skeleton("m")
    assert usernames.username_skeleton("wilIow") == usernames.username_skeleton("willow")
    assert usernames.username_skeleton("Xylo") == usernames.username_skeleton("x\u0443lo")
    assert usernames.username_skeleton("willow") != usernames.username_skeleton("wilow")


def test_the_confusable_data_is_recent() -> None:
    # UTS #39 data from Unicode 16.0 (ICU 77) or newer; an older ICU would miss look-alikes.
    assert tuple(int(part) for part in icu.UNICODE_VERSION.split(".")[:2]) >= (16, 0)


def test_the_look_alike_from_the_review_is_refused() -> None:
    make_member("demo-moderator", Role.MODERATOR)
    status, _page = signup(f"demo-moderat{CYRILLIC_O}r")
    assert status == 400
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "look_alike", [f"harb{CYRILLIC_O}r_light", "HARBOR_LIGHT", "harbor_1ight", "harbor_Iight"]
)
def test_a_look_alike_of_an_existing_name_is_refused(look_alike: str) -> None:
    make_member("harbor_light")
    status, page = signup(look_alike)
    assert status == 400
    assert "looks just like it, is taken" in page
    response = Client().post(
        "/api/v1/accounts",
        {"username": look_alike, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "moderator",
        "Admin1",
        "m0derator",
        "site_admin",
        "NotAlone",
        "\u0430dmin",
        "staff",
        # From the attacker's review: words inside a name, and accents.
        "ModeratorJane",
        "NotAloneTeam",
        "SupportDesk",
        "AdminTeam",
        "LegalCounselor",
        "mods",
        "safety-team",
        "Mod\u00e9rateur",
    ],
)
def test_names_that_look_official_are_refused(name: str) -> None:
    status, page = signup(name)
    assert status == 400
    assert "looks like one the site" in page


@pytest.mark.parametrize("name", ["badminton", "modest", "willow.model", "teamwork", "helpful"])
def test_ordinary_names_with_those_letters_are_fine(name: str) -> None:
    assert signup(name)[0] == 200


def test_a_name_is_stored_as_nfkc_without_surrounding_space() -> None:
    assert signup("\u00a0\uff52\uff49\uff56\uff45\uff52 ")[0] == 200
    user = User.objects.get()
    assert (user.username, user.username_key, user.username_skeleton) == ("river", "river", "river")


def _old_style_member(username: str) -> User:
    # As accounts were stored before the rule: key = case-folded, no skeleton.
    return User.objects.create(username=username, username_key=username.casefold())


def test_the_migration_keeps_every_existing_member_able_to_log_in() -> None:
    migration = import_module("notalone.accounts.migrations.0005_normalise_usernames")
    real = _old_style_member("demo-moderator")
    copy = _old_style_member(f"demo-moderat{CYRILLIC_O}r")
    wide = _old_style_member("\uff57\uff49\uff4c\uff4c\uff4f\uff57")
    plain = _old_style_member("willow")
    for user in (real, copy, wide, plain):
        user.set_password(PASSWORD)
        user.save()
    migration.forwards(apps, None)
    rows = {u.pk: (u.username_key, u.username_skeleton) for u in User.objects.all()}
    assert rows[real.pk] == ("demo-moderator", usernames.username_skeleton("demo-moderator"))
    # The newer look-alike keeps its name and key, without a skeleton: reported, not renamed.
    assert rows[copy.pk] == (f"demo-moderat{CYRILLIC_O}r", None)
    # Full-width "willow" and "willow" now share a key, which the unchanged one keeps; the
    # older keeps the skeleton. Each still logs in with the name its member types.
    assert rows[wide.pk] == ("\uff57\uff49\uff4c\uff4c\uff4f\uff57", "willow")
    assert rows[plain.pk] == ("willow", None)
    for name, pk in (("\uff57\uff49\uff4c\uff4c\uff4f\uff57", wide.pk), ("willow", plain.pk)):
        client = Client()
        assert client.post("/login/", {"username": name, "password": PASSWORD}).status_code == 302
        assert client.session["_auth_user_id"] == str(pk)
    for name in ("demo-moderator", f"demo-moderat{CYRILLIC_O}r"):
        assert Client().post("/login/", {"username": name, "password": PASSWORD}).status_code == 302


def test_staff_wear_a_badge_and_look_alikes_do_not() -> None:
    moderator = make_member("demo-moderator", Role.MODERATOR)
    copy = User.objects.create(username=f"demo-moderat{CYRILLIC_O}r", username_key="copy")
    template = Template("{% load accounts_tags %}[{% staff_badge person %}]")
    assert "Moderator" in template.render(Context({"person": moderator}))
    assert template.render(Context({"person": copy})) == "[]"
    author = make_member("fern")
    story = publish(author)
    story_services.reply_post(
        story_id=story.public_id, author=moderator, body="We are here with you."
    )
    story_services.reply_post(story_id=story.public_id, author=copy, body="Send me your address.")
    page = Client().get(f"/stories/{story.public_id}/").content.decode()
    assert page.count('class="staff-badge"') == 1


def test_a_staff_member_sharing_anonymously_wears_no_badge_in_their_own_thread() -> None:
    moderator = make_member("harbor_mod_1", Role.MODERATOR)
    story = publish(moderator, signature="anonymous")
    story_services.reply_post(story_id=story.public_id, author=moderator, body="Thank you all.")
    page = Client().get(f"/stories/{story.public_id}/").content.decode()
    assert "The person who shared" in page
    assert 'class="staff-badge"' not in page


@pytest.mark.parametrize("twin", ["willow.", ".willow", "willow_", "vvillow", "will-ow"])
def test_a_name_differing_only_in_dots_dashes_or_vv_is_taken(twin: str) -> None:
    assert signup("willow")[0] == 200  # the recovery code page
    status, page = signup(twin)
    assert status == 400
    assert "looks too much like" in page or "taken" in page


@pytest.mark.parametrize("name", ["o'brien", "o\u2019brien", "o\u2018brien"])
def test_a_name_takes_any_apostrophe_and_they_look_alike(name: str) -> None:
    """Usernames follow the UAX #31 rule hashtags use (``core.uax31``), where every apostrophe
    joins two parts alike (issue 11 review); the confusable skeleton makes them one name, so
    ``o\u2019brien`` cannot be registered beside ``o'brien``."""
    from notalone.accounts.models import username_validator

    username_validator(name)
    assert usernames.username_skeleton(name) == usernames.username_skeleton("o'brien")
