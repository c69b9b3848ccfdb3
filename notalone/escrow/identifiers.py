"""Identifiers in one canonical spelling before anything is hashed (DESIGN.md, Escrow).

Two survivors naming the same person must produce the same bytes, and two different people must
never share them. So every identifier is reduced to ``kind:value``:

- ``email:jane.doe@example.com``: the whole address case-folded (nothing else is guessed: dots and
  ``+tags`` are kept, because only some providers ignore them);
- ``phone:+14155550100``: E.164 through ``phonenumbers``; invalid numbers are refused;
- ``platform:handle`` for social profiles, whatever link or handle is pasted. Handles are
  lower-cased where the platform ignores case (X, Instagram, TikTok, Reddit, YouTube handles and
  custom URLs, Snapchat, GitHub, LinkedIn, Facebook usernames, Mastodon users and servers).
  YouTube channel ids are case-sensitive and kept as written. Forms that one platform keeps in
  separate namespaces stay apart: ``facebook:id:1234`` vs ``facebook:jane.doe``, and
  ``youtube:@name`` vs ``youtube:c/name`` vs ``youtube:user/name`` vs ``youtube:channel/UC…``.

A bare ``@handle`` could be on any platform, so it needs ``kind`` (``canonicalize("@bob",
kind="x")``); alone it is refused rather than guessed. ``@user@server`` is Mastodon, and so is
``https://server/@user`` on a site that is not one of the platforms above.
"""

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import parse_qs, unquote, urlsplit

import phonenumbers


class InvalidIdentifier(ValueError):
    """The text is not an identifier we can canonicalize; the message says what is wrong."""


_KIND_ALIASES = {"twitter": "x", "e-mail": "email", "mail": "email", "telephone": "phone"}

# Each platform's handle syntax (after lower-casing where the platform ignores case).
_HANDLE_RULES: dict[str, tuple[str, bool]] = {
    # platform: (regular expression, case-insensitive?)
    "x": (r"[a-z0-9_]{1,15}", True),
    "instagram": (r"[a-z0-9._]{1,30}", True),
    "facebook": (r"[a-z0-9.]{5,50}", True),
    "tiktok": (r"[a-z0-9._]{2,24}", True),
    "linkedin": (r"[a-z0-9-]{3,100}", True),
    "reddit": (r"[a-z0-9_-]{3,20}", True),
    "snapchat": (r"[a-z][a-z0-9._-]{2,14}", True),
    "github": (r"[a-z0-9](?:[a-z0-9-]{0,38})", True),
    "youtube": (r"[a-z0-9._-]{3,100}", True),
}
_MASTODON_USER = re.compile(r"[a-z0-9_]{1,30}")
_DOMAIN = re.compile(
    r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}"
)
_YOUTUBE_CHANNEL = re.compile(r"UC[A-Za-z0-9_-]{22}")
_FACEBOOK_ID = re.compile(r"[0-9]{1,20}")
_HOSTS = {
    "twitter.com": "x",
    "x.com": "x",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "tiktok.com": "tiktok",
    "linkedin.com": "linkedin",
    "reddit.com": "reddit",
    "youtube.com": "youtube",
    "snapchat.com": "snapchat",
    "github.com": "github",
}
_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.", "old.", "new.", "np.")
# First path segments that are pages of the site, not profiles.
_RESERVED = {
    "x": {
        "home",
        "i",
        "search",
        "explore",
        "intent",
        "share",
        "hashtag",
        "settings",
        "messages",
        "notifications",
        "login",
        "signup",
        "tos",
        "privacy",
    },
    "instagram": {"p", "reel", "reels", "explore", "stories", "accounts", "direct", "tv"},
    "github": {"orgs", "settings", "login", "explore", "topics", "features", "marketplace"},
}
_PHONE_CHARACTERS = re.compile(r"\+?[0-9()./\s-]{4,}")


def canonicalize(raw: str, *, kind: str | None = None, default_region: str = "US") -> str:
    """The canonical ``kind:value`` spelling of ``raw``, or ``InvalidIdentifier``.

    ``kind`` is "email", "phone" or a platform ("x" or "twitter", "instagram", "facebook",
    "tiktok", "linkedin", "reddit", "youtube", "snapchat", "github", "mastodon"); without it the
    kind is recognised from the text. ``default_region`` is used for phone numbers written
    without a country code.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise InvalidIdentifier("the identifier is empty")
    if kind is not None:
        kind = _KIND_ALIASES.get(kind.strip().lower(), kind.strip().lower())
        return _by_kind(text, kind, default_region)
    prefix, _, rest = text.partition(":")
    if prefix.lower() in {"email", "phone", "mastodon", *_HANDLE_RULES} and rest:
        # Already canonical (or written like it): canonicalizing again changes nothing.
        return _by_kind(rest, prefix.lower(), default_region)
    if text.lower().startswith("mailto:"):
        return _email(text[len("mailto:") :])
    if text.lower().startswith("tel:"):
        return _phone(text[len("tel:") :], default_region)
    if re.fullmatch(r"@[^@\s/]+@[^@\s/]+", text):
        return _mastodon(text)
    if "@" in text and not text.startswith("@") and "/" not in text:
        return _email(text)
    if text.startswith("@"):
        raise InvalidIdentifier(
            f"{text!r} could be a handle on any platform: say which (for example X or Instagram)"
        )
    if _PHONE_CHARACTERS.fullmatch(text) and sum(c.isdigit() for c in text) >= 4:
        return _phone(text, default_region)
    if "." in text.split("/")[0] or "://" in text:
        return _url(text)
    raise InvalidIdentifier(f"{text!r} is not an e-mail address, a phone number or a profile link")


def _by_kind(text: str, kind: str, default_region: str) -> str:
    if kind == "email":
        return _email(text.removeprefix("mailto:"))
    if kind == "phone":
        return _phone(text.removeprefix("tel:"), default_region)
    if kind == "mastodon":
        return _mastodon(text) if "/" not in text else _url(text, expected="mastodon")
    if kind not in _HANDLE_RULES:
        raise InvalidIdentifier(f"unknown kind of identifier {kind!r}")
    if kind == "youtube" and text.split("/")[0].lower() in {"c", "user", "channel"}:
        return _youtube(text.split("/"), "")
    if "/" in text or "://" in text:
        return _url(text, expected=kind)
    return _bare_handle(text, kind)


def _email(text: str) -> str:
    address = text.strip().casefold()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise InvalidIdentifier(f"{text!r} is not an e-mail address: it needs name@domain")
    if any(c.isspace() for c in address) or "@" in local.replace('"', ""):
        raise InvalidIdentifier(f"{text!r} is not an e-mail address: it has spaces or two @")
    try:
        domain = domain.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError as error:
        raise InvalidIdentifier(f"{text!r} has an invalid domain") from error
    if not _DOMAIN.fullmatch(domain):
        raise InvalidIdentifier(f"{text!r} has an invalid domain {domain!r}")
    return f"email:{local}@{domain}"


def _phone(text: str, default_region: str) -> str:
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as error:
        raise InvalidIdentifier(f"{text!r} is not a phone number: {error}") from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidIdentifier(f"{text!r} is not a valid phone number")
    return "phone:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _handle(value: str, platform: str) -> str:
    """Check ``value`` against the platform's syntax; lower-case it where case is ignored."""
    pattern, case_insensitive = _HANDLE_RULES[platform]
    handle = unquote(value).strip()
    if case_insensitive:
        handle = handle.lower()
    if not handle:
        raise InvalidIdentifier(f"the {platform} handle is empty")
    if not re.fullmatch(pattern, handle):
        raise InvalidIdentifier(f"{value!r} is not a valid {platform} handle")
    if handle in _RESERVED.get(platform, ()):
        raise InvalidIdentifier(f"{value!r} is a {platform} page, not a profile")
    return handle


def _bare_handle(text: str, platform: str) -> str:
    value = text.removeprefix("@")
    if platform == "facebook" and _FACEBOOK_ID.fullmatch(value.removeprefix("id:")):
        return f"facebook:id:{value.removeprefix('id:')}"
    if platform == "youtube":
        if _YOUTUBE_CHANNEL.fullmatch(value):
            return f"youtube:channel/{value}"
        return f"youtube:@{_handle(value, 'youtube')}"
    return f"{platform}:{_handle(value, platform)}"


def _mastodon(text: str) -> str:
    user, at, server = text.removeprefix("@").partition("@")
    if not at:
        raise InvalidIdentifier(f"{text!r} is not a Mastodon address: it needs @user@server")
    user, server = user.lower(), server.lower().rstrip(".")
    if not _MASTODON_USER.fullmatch(user):
        raise InvalidIdentifier(f"{user!r} is not a valid Mastodon user name")
    if not _DOMAIN.fullmatch(server):
        raise InvalidIdentifier(f"{server!r} is not a valid Mastodon server")
    return f"mastodon:{user}@{server}"


def _url(text: str, expected: str | None = None) -> str:
    url = text if "://" in text else "https://" + text
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise InvalidIdentifier(f"{text!r} is not a valid link") from error
    if parts.scheme.lower() not in {"http", "https"}:
        raise InvalidIdentifier(f"{text!r} is not a web link")
    host = (parts.hostname or "").rstrip(".")
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    platform = _HOSTS.get(host)
    if platform is None and len(segments) == 1 and segments[0].startswith("@"):
        platform = "mastodon"
    if platform is None:
        raise InvalidIdentifier(f"{host or text!r} is not a site we recognise profile links from")
    if expected is not None and platform != expected:
        raise InvalidIdentifier(f"{text!r} is a {platform} link, not {expected}")
    if platform == "mastodon":
        account = segments[0] if "@" in segments[0][1:] else f"{segments[0]}@{host}"
        return _mastodon(account)
    return _PROFILE_PARSERS[platform](segments, parts.query)


def _first_segment(platform: str) -> Callable[[list[str], str], str]:
    def parse(segments: list[str], _query: str) -> str:
        if not segments:
            raise InvalidIdentifier(f"the {platform} link has no profile in it")
        return f"{platform}:{_handle(segments[0].removeprefix('@'), platform)}"

    return parse


def _after(platform: str, markers: tuple[str, ...]) -> Callable[[list[str], str], str]:
    """Profiles at /<marker>/<handle>, e.g. LinkedIn's /in/slug or Reddit's /u/name."""

    def parse(segments: list[str], _query: str) -> str:
        if len(segments) < 2 or segments[0].lower() not in markers:
            raise InvalidIdentifier(f"the {platform} link is not a profile (/{markers[0]}/name)")
        return f"{platform}:{_handle(segments[1], platform)}"

    return parse


def _tiktok(segments: list[str], _query: str) -> str:
    if not segments or not segments[0].startswith("@"):
        raise InvalidIdentifier("a TikTok profile link looks like tiktok.com/@name")
    return f"tiktok:{_handle(segments[0][1:], 'tiktok')}"


def _snapchat(segments: list[str], _query: str) -> str:
    if len(segments) >= 2 and segments[0].lower() == "add":
        return f"snapchat:{_handle(segments[1], 'snapchat')}"
    if segments and segments[0].startswith("@"):
        return f"snapchat:{_handle(segments[0][1:], 'snapchat')}"
    raise InvalidIdentifier("a Snapchat profile link looks like snapchat.com/add/name")


def _facebook(segments: list[str], query: str) -> str:
    if segments and segments[0].lower() == "profile.php":
        ids = parse_qs(query).get("id", [])
        if len(ids) != 1 or not _FACEBOOK_ID.fullmatch(ids[0]):
            raise InvalidIdentifier("a Facebook profile.php link needs ?id=NUMBER")
        return f"facebook:id:{ids[0]}"
    if (
        len(segments) >= 3
        and segments[0].lower() == "people"
        and _FACEBOOK_ID.fullmatch(segments[2])
    ):
        return f"facebook:id:{segments[2]}"
    if not segments:
        raise InvalidIdentifier("the Facebook link has no profile in it")
    return f"facebook:{_handle(segments[0], 'facebook')}"


def _youtube(segments: list[str], _query: str) -> str:
    if segments and segments[0].startswith("@"):
        return f"youtube:@{_handle(segments[0][1:], 'youtube')}"
    if len(segments) >= 2 and segments[0].lower() in {"c", "user"}:
        return f"youtube:{segments[0].lower()}/{_handle(segments[1], 'youtube')}"
    if len(segments) >= 2 and segments[0].lower() == "channel":
        if not _YOUTUBE_CHANNEL.fullmatch(segments[1]):
            raise InvalidIdentifier(f"{segments[1]!r} is not a YouTube channel id (UC…, 24 chars)")
        return f"youtube:channel/{segments[1]}"
    raise InvalidIdentifier("a YouTube link names a channel as /@handle, /c/, /user/ or /channel/")


_PROFILE_PARSERS: dict[str, Callable[[list[str], str], str]] = {
    "x": _first_segment("x"),
    "instagram": _first_segment("instagram"),
    "github": _first_segment("github"),
    "facebook": _facebook,
    "tiktok": _tiktok,
    "linkedin": _after("linkedin", ("in",)),
    "reddit": _after("reddit", ("u", "user")),
    "youtube": _youtube,
    "snapchat": _snapchat,
}
