"""Profile links and handles: which part of a platform's address names a person.

A link is read only when it is a profile address: the platform's profile shape, at most one of
its profile tabs, and only query parameters that change nothing about whose page it is (an
allow-list, ``platform_pages.json``). Anything more (a post, a comment, a repository, a
``comment_id``) is content, whose author may be anyone: it is refused with a sentence that
says what to paste instead, as are every platform's own pages (share links, groups, settings). ``js/escrow/identifier_links.js`` is the same rules in JavaScript;
``tests/escrow/identifier_conformance.json`` holds the cases both must agree on.
"""

import json
import re
from collections.abc import Callable
from pathlib import Path

from notalone.escrow.identifier_messages import InvalidIdentifier

# platform: (handle pattern after ASCII lower-casing, example of a profile address)
HANDLE_RULES: dict[str, tuple[str, str]] = {
    "x": (r"[a-z0-9_]{1,15}", "x.com/name"),
    "instagram": (r"[a-z0-9._]{1,30}", "instagram.com/name"),
    "facebook": (r"[a-z0-9.]{5,50}", "facebook.com/name"),
    "tiktok": (r"[a-z0-9._]{2,24}", "tiktok.com/@name"),
    "linkedin": (r"[a-z0-9-]{3,100}", "linkedin.com/in/name"),
    "reddit": (r"[a-z0-9_-]{3,20}", "reddit.com/user/name"),
    "youtube": (r"[a-z0-9._-]{3,100}", "youtube.com/@name"),
    "snapchat": (r"[a-z][a-z0-9._-]{2,14}", "snapchat.com/add/name"),
    "github": (r"[a-z0-9][a-z0-9-]{0,38}", "github.com/name"),
}
# Platforms whose names may be in other alphabets (YouTube handles in 75 languages, LinkedIn
# addresses made from a name in any script): such a name gets its own refusal.
NON_LATIN_NAMES = frozenset({"youtube", "linkedin"})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
MASTODON_USER = re.compile(r"[a-z0-9_]{1,30}")
YOUTUBE_CHANNEL = re.compile(r"UC[A-Za-z0-9_-]{22}")
FACEBOOK_ID = re.compile(r"[0-9]{1,20}")

HOSTS = {
    "twitter.com": "x",
    "x.com": "x",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "tiktok.com": "tiktok",
    "linkedin.com": "linkedin",
    "reddit.com": "reddit",
    "youtube.com": "youtube",
    "snapchat.com": "snapchat",
    "github.com": "github",
    "story.snapchat.com": "snapchat",
}
# Hosts that never show a profile: short, share, redirect and media hosts of the platforms.
OTHER_HOSTS = {
    "t.co": ("x", "share_link"),
    "fb.me": ("facebook", "share_link"),
    "fb.watch": ("facebook", "post_link"),
    "l.facebook.com": ("facebook", "redirect_link"),
    "lm.facebook.com": ("facebook", "redirect_link"),
    "vm.tiktok.com": ("tiktok", "share_link"),
    "vt.tiktok.com": ("tiktok", "share_link"),
    "lnkd.in": ("linkedin", "share_link"),
    "redd.it": ("reddit", "post_link"),
    "youtu.be": ("youtube", "post_link"),
    "t.snapchat.com": ("snapchat", "share_link"),
    "gist.github.com": ("github", "post_link"),
}
# Prefixes that change nothing about whose profile it is: mobile, language and legacy hosts.
HOST_PREFIXES = ("www.", "m.", "mobile.", "web.", "touch.", "mbasic.", "old.", "new.", "np.")
# Country and language subdomains: ca.linkedin.com, de-de.facebook.com.
REGIONAL_HOST = re.compile(r"(?:[a-z]{2}|[a-z]{2}-[a-z]{2})\.(linkedin\.com|facebook\.com)")

# Which paths are profiles (a positive grammar): the platforms' own first segments, refused by
# kind, and the only segments that may follow a name. One file, read by both ports.
_DATA = json.loads(Path(__file__).with_name("platform_pages.json").read_text())
_PAGES = _DATA["platforms"]
NON_PROFILE: dict[str, dict[str, str]] = {
    platform: {word: kind for kind, words in data["pages"].items() for word in words.split()}
    for platform, data in _PAGES.items()
}
PAGE_SUFFIXES: dict[str, dict[str, str]] = {
    platform: {
        ending: kind
        for kind, endings in data["page_suffixes"].items()
        for ending in endings.split()
    }
    for platform, data in _PAGES.items()
}
PROFILE_TABS: dict[str, frozenset[str]] = {
    platform: frozenset(data["tabs"].split()) for platform, data in _PAGES.items()
}
# Query parameters that change nothing about whose profile it is: every platform's share
# tracking and display settings, then each platform's own.
_HARMLESS_QUERY = frozenset(_DATA["harmless_query"].split())
PROFILE_QUERY: dict[str, frozenset[str]] = {
    platform: _HARMLESS_QUERY | frozenset(data["query"].split())
    for platform, data in _PAGES.items()
}
PROFILE_QUERY["mastodon"] = _HARMLESS_QUERY
# What a name ending with "." is: "strip" (no name there can end with one), "refuse" (a name
# may), "ignored" (the platform ignores every period in names: Facebook).
TRAILING_PERIOD: dict[str, str] = {
    platform: data["trailing_period"] for platform, data in _PAGES.items()
}
MASTODON_EXAMPLE = "mastodon.social/@name"
# Fediverse servers that are a platform's, spelled one way, with the platform's name syntax:
# Threads (threads.net, now also threads.com) federates as @name@threads.net.
KNOWN_SERVERS: dict[str, tuple[str, str]] = {
    "threads.net": ("threads.net", r"[a-z0-9._]{1,30}"),
    "threads.com": ("threads.net", r"[a-z0-9._]{1,30}"),
}


def own_page(platform: str, name: str) -> str | None:
    """The refusal a first segment (or bare name) gets when it is one of the platform's own
    pages (``platform_pages.json``: its words, then its endings such as Facebook's ``.php``)."""
    kind = NON_PROFILE[platform].get(name)
    if kind is None:
        kind = next((k for end, k in PAGE_SUFFIXES[platform].items() if name.endswith(end)), None)
    return kind


def handle(value: str, platform: str) -> str:
    """``value`` checked against the platform's syntax, ASCII letters lower-cased.

    A name ending with "." (a sentence's full stop, pasted with it) loses it where no name can
    end with one, and is refused where one may; Facebook ignores periods in usernames, so they
    are all removed there (``TRAILING_PERIOD``; ESCROW_PROTOCOL.md §2.2)."""
    pattern, _example = HANDLE_RULES[platform]
    name = ascii_lower(value)
    if name.endswith(".") and name.strip("."):
        if TRAILING_PERIOD[platform] == "refuse":
            raise InvalidIdentifier(f"{platform}_trailing_period")
        if TRAILING_PERIOD[platform] == "strip":
            name = name.rstrip(".")
    if not name:
        raise InvalidIdentifier("empty")
    if not re.fullmatch(pattern, name):
        if platform in NON_LATIN_NAMES and _NON_ASCII.search(name):
            # The platform allows other alphabets, but comparing them safely needs its own
            # script-mixing and confusable rules (UTS #39), which neither port has: refused.
            raise InvalidIdentifier(f"{platform}_non_latin")
        raise InvalidIdentifier(f"handle_{platform}")
    if TRAILING_PERIOD[platform] == "ignored":
        name = name.replace(".", "")
        if FACEBOOK_ID.fullmatch(name):
            # Digits only: the address of a numbered profile, another namespace.
            raise InvalidIdentifier(f"handle_{platform}")
    return name


def ascii_lower(text: str) -> str:
    """Only A-Z become a-z: every platform here ignores ASCII case in names, and nothing else
    is folded, so no two characters a platform keeps apart are merged."""
    return re.sub(r"[A-Z]", lambda match: match.group().lower(), text)


def bare_handle(text: str, platform: str) -> str:
    """A name typed without a link, the platform chosen in the menu (``@name`` or ``name``)."""
    value = text.removeprefix("@")
    if platform == "facebook" and FACEBOOK_ID.fullmatch(value.removeprefix("id:")):
        return f"facebook:id:{value.removeprefix('id:')}"
    if platform == "youtube":
        # A handle, always: a channel id is read only after channel/ (youtube.com/@UC… is a
        # handle too, so @UC… typed must be the same handle).
        return f"youtube:@{handle(value, 'youtube')}"
    return f"{platform}:{username(value, platform)}"


def username(value: str, platform: str) -> str:
    """A username where the platform also has its own pages: a name it uses for them (as
    written, or as the platform reads it: without a final full stop, without periods on
    Facebook) cannot be anyone's username there."""
    name = handle(value, platform)
    written = ascii_lower(value)
    kind = (
        own_page(platform, written)
        or own_page(platform, written.rstrip("."))  # sharer.php. is still sharer.php
        or own_page(platform, name)
    )
    if kind is not None:
        raise InvalidIdentifier(kind, platform=platform)
    return name


def profile(platform: str, segments: list[str], query: str) -> str:
    """The canonical identifier of the profile at ``segments`` (the path) on ``platform``.

    Only the shapes a platform gives profiles are read (its parser, then at most one of
    ``PROFILE_TABS`` after the name, then only ``PROFILE_QUERY`` parameters); its own pages are
    refused by kind, content (anything beyond the profile) as such, anything else as no profile.
    """
    special = _SPECIAL.get(platform)
    found = special(segments, query) if special and segments else None
    if found is None:
        if segments:
            first = ascii_lower(segments[0])
            if _PARSERS[platform] is _first_segment:
                # x.com/@home is x.com/home: the parser drops the @, so the check does too.
                first = first.removeprefix("@")
            kind = own_page(platform, first)
            if platform == "reddit" and first in {"r", "u", "user"} and len(segments) >= 3:
                # /r/<name>/s/… and /u/<name>/s/…: the app's share links.
                kind = "share_link" if ascii_lower(segments[2]) == "s" else kind
            if kind is not None:
                raise InvalidIdentifier(kind, platform=platform)
        found = _PARSERS[platform](platform, segments)
    identifier, rest = found
    if rest and "/".join(ascii_lower(s) for s in rest) not in PROFILE_TABS[platform]:
        raise beyond_profile(platform)
    numbered = platform == "facebook" and ascii_lower(segments[0]) == "profile.php"  # ?id=N
    check_query(platform, query, also=("id",) if numbered else ())
    return identifier


def check_query(platform: str, query: str, also: tuple[str, ...] = ()) -> None:
    """Refuse a query parameter that is not known to leave a profile address a profile:
    ``comment_id``, ``lc`` and the like point at content, whose author may be anyone."""
    allowed = PROFILE_QUERY[platform]
    for name, _, _value in _query_pairs(query):
        # Facebook's __cft__[0]: an array parameter is its name.
        key = _ARRAY_SUFFIX.sub("", ascii_lower(name))
        if key and key not in allowed and key not in also:
            raise beyond_profile(platform)


def beyond_profile(platform: str) -> InvalidIdentifier:
    example = MASTODON_EXAMPLE if platform == "mastodon" else HANDLE_RULES[platform][1]
    return InvalidIdentifier("beyond_profile", platform=platform, example=example)


_ARRAY_SUFFIX = re.compile(r"(?:\[[0-9]*\]|%5b[0-9]*%5d)$")

Found = tuple[str, list[str]]  # the identifier, and the segments after the name


def _no_profile(platform: str) -> InvalidIdentifier:
    return InvalidIdentifier("no_profile", platform=platform, example=HANDLE_RULES[platform][1])


def _first_segment(platform: str, segments: list[str]) -> Found:
    if not segments:
        raise _no_profile(platform)
    return f"{platform}:{username(segments[0].removeprefix('@'), platform)}", segments[1:]


def _after_marker(markers: tuple[str, ...]) -> Callable[[str, list[str]], Found]:
    """Profiles at /<marker>/<name>: LinkedIn's /in/name, Reddit's /u/name."""

    def parse(platform: str, segments: list[str]) -> Found:
        if len(segments) < 2 or ascii_lower(segments[0]) not in markers:
            raise _no_profile(platform)
        return f"{platform}:{handle(segments[1], platform)}", segments[2:]

    return parse


def _at_name(platform: str, segments: list[str]) -> Found:
    if platform == "snapchat" and len(segments) >= 2 and ascii_lower(segments[0]) == "add":
        return f"snapchat:{handle(segments[1], 'snapchat')}", segments[2:]
    if not segments or not segments[0].startswith("@"):
        raise _no_profile(platform)
    return f"{platform}:{handle(segments[0][1:], platform)}", segments[1:]


def _facebook(segments: list[str], query: str) -> Found | None:
    """Numbered profiles: /profile.php?id=N, /people/<name>/N and /N are one namespace."""
    first = ascii_lower(segments[0])
    if first == "profile.php":
        ids = [value for name, _, value in _query_pairs(query) if name == "id" and value]
        if len(ids) != 1 or not FACEBOOK_ID.fullmatch(ids[0]):
            raise InvalidIdentifier("facebook_id")
        return f"facebook:id:{ids[0]}", []
    if first == "people":
        if len(segments) < 3 or not FACEBOOK_ID.fullmatch(segments[2]):
            raise InvalidIdentifier("facebook_id")
        return f"facebook:id:{segments[2]}", segments[3:]
    if FACEBOOK_ID.fullmatch(first):
        return f"facebook:id:{first}", segments[1:]
    return None


def _instagram(segments: list[str], _query: str) -> Found | None:
    """/_u/<name>: the app's deep link to a profile."""
    if ascii_lower(segments[0]) == "_u" and len(segments) >= 2:
        return f"instagram:{username(segments[1], 'instagram')}", segments[2:]
    return None


def _github(segments: list[str], _query: str) -> Found | None:
    """/users/<name>/...: a user's own pages (projects, ...)."""
    if ascii_lower(segments[0]) == "users" and len(segments) >= 2:
        return f"github:{username(segments[1], 'github')}", segments[2:]
    return None


def _query_pairs(query: str) -> list[tuple[str, str, str]]:
    # "&amp;": a link copied from a page's HTML source keeps its escaping.
    return [pair.partition("=") for pair in query.replace("&amp;", "&").split("&")]


def _youtube(platform: str, segments: list[str]) -> Found:
    first = ascii_lower(segments[0]) if segments else ""
    if segments and segments[0].startswith("@"):
        return f"youtube:@{handle(segments[0][1:], 'youtube')}", segments[1:]
    if len(segments) >= 2 and first in {"c", "user"}:
        return f"youtube:{first}/{handle(segments[1], 'youtube')}", segments[2:]
    if len(segments) >= 2 and first == "channel":
        if not YOUTUBE_CHANNEL.fullmatch(segments[1]):
            raise InvalidIdentifier("youtube_channel_id")
        return f"youtube:channel/{segments[1]}", segments[2:]
    raise _no_profile(platform)


_SPECIAL: dict[str, Callable[[list[str], str], Found | None]] = {
    "facebook": _facebook,
    "instagram": _instagram,
    "github": _github,
}
_PARSERS: dict[str, Callable[[str, list[str]], Found]] = {
    "x": _first_segment,
    "instagram": _first_segment,
    "github": _first_segment,
    "facebook": _first_segment,
    "tiktok": _at_name,
    "snapchat": _at_name,
    "linkedin": _after_marker(("in",)),
    "reddit": _after_marker(("u", "user")),
    "youtube": _youtube,
}
