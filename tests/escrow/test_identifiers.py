"""Identifiers: equivalent spellings meet, different people never collide, junk is refused.

The cases both ports must answer alike are in identifier_conformance.json
(test_identifier_conformance.py); these are Python's own properties on top of them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notalone.escrow.identifier_links import NON_PROFILE
from notalone.escrow.identifiers import InvalidIdentifier, canonicalize

EQUIVALENT = {
    "x:somehandle": [
        "https://x.com/SomeHandle/",
        "x.com/somehandle?s=20",
        "https://twitter.com/SomeHandle",
        "http://www.twitter.com/SomeHandle#top",
        "https://mobile.twitter.com/somehandle/media",
        "https://m.x.com/SOMEHANDLE",
        "  https://x.com/SomeHandle  ",
        "x:SomeHandle",
    ],
    "email:jane.doe@example.com": [
        "Jane.Doe@Example.com",
        "JANE.DOE@EXAMPLE.COM",
        "mailto:jane.doe@example.com",
        " jane.doe@example.com\n",
    ],
    "phone:+14155550100": [
        "+1 415 555 0100",
        "+1 (415) 555-0100",
        "+1.415.555.0100",
        "tel:+14155550100",
    ],
    "instagram:some.one": [
        "https://www.instagram.com/Some.One/",
        "instagram.com/some.one?igsh=abc",
        "http://instagram.com/SOME.ONE",
    ],
    "facebook:id:100012345678": [
        "https://www.facebook.com/profile.php?id=100012345678",
        "https://m.facebook.com/profile.php?id=100012345678&sk=about",
        "facebook.com/people/Jane-Doe/100012345678/",
    ],
    "facebook:janedoe5": ["https://www.facebook.com/Jane.Doe5", "fb.com/jane.doe.5/"],
    "tiktok:some.one": ["https://www.tiktok.com/@Some.One?lang=en", "tiktok.com/@some.one/"],
    "linkedin:jane-doe-123": [
        "https://www.linkedin.com/in/Jane-Doe-123/",
        "linkedin.com/in/jane-doe-123?trk=public",
    ],
    "reddit:some_user": [
        "https://www.reddit.com/user/Some_User/",
        "reddit.com/u/some_user",
        "https://old.reddit.com/u/SOME_USER",
    ],
    "youtube:@somehandle": [
        "https://www.youtube.com/@SomeHandle",
        "m.youtube.com/@somehandle/videos",
    ],
    "youtube:c/somename": ["https://www.youtube.com/c/SomeName"],
    "youtube:user/somename": ["youtube.com/user/SomeName/"],
    "youtube:channel/UCabcdefghijklmnopqrstuv": [
        "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
        "youtube.com/channel/UCabcdefghijklmnopqrstuv/featured",
    ],
    "snapchat:some.one": [
        "https://www.snapchat.com/add/Some.One",
        "snapchat.com/add/some.one?share_id=1",
    ],
    "github:some-user": ["https://github.com/Some-User", "github.com/some-user?tab=stars"],
    "mastodon:bob@mastodon.social": [
        "@bob@mastodon.social",
        "@Bob@Mastodon.Social",
        "https://mastodon.social/@Bob",
        "mastodon.social/@bob/",
    ],
}

WITH_KIND = [
    ("@somehandle", "twitter", "x:somehandle"),
    ("@SomeHandle", "x", "x:somehandle"),
    ("somehandle", "X", "x:somehandle"),
    ("https://twitter.com/SomeHandle", "x", "x:somehandle"),
    ("Some.One", "instagram", "instagram:some.one"),
    ("100012345678", "facebook", "facebook:id:100012345678"),
    ("@Some.One", "tiktok", "tiktok:some.one"),
    ("@SomeHandle", "youtube", "youtube:@somehandle"),
    ("channel/UCabcdefghijklmnopqrstuv", "youtube", "youtube:channel/UCabcdefghijklmnopqrstuv"),
    ("@UCabcdefghijklmnopqrstuv", "youtube", "youtube:@ucabcdefghijklmnopqrstuv"),
    ("bob@mastodon.social", "mastodon", "mastodon:bob@mastodon.social"),
    ("JANE@example.com", "email", "email:jane@example.com"),
    ("+44 20 7946 0958", "phone", "phone:+442079460958"),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(raw, canonical) for canonical, raws in EQUIVALENT.items() for raw in raws],
)
def test_equivalent_spellings_give_the_same_identifier(raw: str, expected: str) -> None:
    assert canonicalize(raw) == expected


@pytest.mark.parametrize(("raw", "kind", "expected"), WITH_KIND)
def test_kind_says_which_platform_a_bare_handle_is_on(raw: str, kind: str, expected: str) -> None:
    assert canonicalize(raw, kind=kind) == expected


def test_the_four_spellings_of_one_x_account_meet() -> None:
    spellings = [
        canonicalize("https://x.com/SomeHandle/"),
        canonicalize("x.com/somehandle?s=20"),
        canonicalize("https://twitter.com/SomeHandle"),
        canonicalize("@somehandle", kind="twitter"),
    ]
    assert set(spellings) == {"x:somehandle"}


@pytest.mark.parametrize("canonical", [*EQUIVALENT, "facebook:id:1", "youtube:@a.b-c"])
def test_canonicalizing_twice_changes_nothing(canonical: str) -> None:
    assert canonicalize(canonical) == canonicalize(canonicalize(canonical))


def test_the_same_handle_on_different_platforms_does_not_collide() -> None:
    forms = [
        canonicalize("bob", kind="x"),
        canonicalize("bob", kind="instagram"),
        canonicalize("bob", kind="tiktok"),
        canonicalize("bob", kind="github"),
        canonicalize("bob", kind="reddit"),
        canonicalize("bob", kind="snapchat"),
        canonicalize("bob", kind="youtube"),
        canonicalize("bob@mastodon.social", kind="mastodon"),
        canonicalize("bob@mastodon.social"),
    ]
    assert len(set(forms)) == len(forms)


def test_youtube_namespaces_and_facebook_ids_stay_apart() -> None:
    forms = {
        canonicalize("youtube.com/@name1"),
        canonicalize("youtube.com/c/name1"),
        canonicalize("youtube.com/user/name1"),
    }
    assert len(forms) == 3
    assert canonicalize("facebook.com/profile.php?id=12345") != canonicalize("facebook.com/a12345")


def test_youtube_channel_ids_keep_their_case() -> None:
    lower = canonicalize("youtube.com/channel/UCabcdefghijklmnopqrstuv")
    upper = canonicalize("youtube.com/channel/UCABCDEFGHIJKLMNOPQRSTUV")
    assert lower != upper


@pytest.mark.parametrize(
    ("raw", "kind", "key"),
    [
        ("", None, "empty"),
        ("@somehandle", None, "ambiguous_handle"),
        ("https://example.com/someone", None, "unknown_site"),
        ("https://x.com/", None, "no_profile"),
        ("https://x.com/home", None, "site_page"),
        ("https://x.com/waytoolonghandle123", None, "handle_x"),
        ("instagram.com/p/Cabc123", None, "post_link"),
        ("https://www.facebook.com/share/AbC123xyz/", None, "share_link"),
        ("jane@localhost", None, "email_domain"),
        ("bob", "myspace", "unknown_kind"),
    ],
)
def test_it_refuses_what_it_cannot_canonicalize_and_says_why(
    raw: str, kind: str | None, key: str
) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        canonicalize(raw, kind=kind)
    assert caught.value.key == key


def test_invalid_identifier_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="is empty"):
        canonicalize("")


# X's own pages (x.com/home, x.com/i/...) are not handles; the module refuses them.
X_PAGES = set(NON_PROFILE["x"])
HANDLE = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True).filter(
    lambda h: h.lower() not in X_PAGES
)


@settings(max_examples=100, deadline=None, database=None)
@given(
    handle=HANDLE,
    scheme=st.sampled_from(["", "http://", "https://"]),
    host=st.sampled_from(["x.com", "twitter.com", "www.x.com", "mobile.twitter.com"]),
    tail=st.sampled_from(["", "/", "?s=20", "/#frag", "/media"]),
)
def test_every_spelling_of_an_x_profile_link_gives_the_lowercased_handle(
    handle: str, scheme: str, host: str, tail: str
) -> None:
    assert canonicalize(f"{scheme}{host}/{handle}{tail}") == f"x:{handle.lower()}"


@settings(max_examples=100, deadline=None, database=None)
@given(a=HANDLE, b=HANDLE)
def test_different_handles_never_collide(a: str, b: str) -> None:
    same = a.lower() == b.lower()
    assert (canonicalize(a, kind="x") == canonicalize(b, kind="x")) is same


@settings(max_examples=100, deadline=None, database=None)
@given(
    segment=st.sampled_from(sorted(NON_PROFILE["facebook"])),
    code=st.from_regex(r"[A-Za-z][A-Za-z0-9]{5,11}", fullmatch=True),
)
def test_no_facebook_page_is_ever_taken_for_a_username(segment: str, code: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        canonicalize(f"https://www.facebook.com/{segment}/{code}/")
    assert caught.value.key in {
        "share_link",
        "post_link",
        "group_link",
        "site_page",
        "redirect_link",
        "facebook_id",
    }


def test_the_error_says_the_rule_not_the_text() -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        canonicalize("SomeFictionalHandle", kind="x")
    assert str(caught.value) == "X usernames have 1 to 15 letters (a-z), digits or _."
