"""Identifiers in one canonical spelling before anything is hashed (ESCROW_PROTOCOL.md §2).

Two survivors naming the same person must produce the same bytes, and two different people must
never share them; when a rule is unsure, it keeps two spellings apart (a missed match) rather than
merge two people (a false match). Every identifier becomes ``kind:value``:

- ``email:jane.doe@example.com``: A-Z lower-cased in the part before @ and nothing else folded
  (no ß → ss, dots and ``+tags`` kept); the domain through IDNA 2008 / UTS #46 (``idna``);
- ``email``: the part before @ as typed (NFC); one that NFKC would change (long s, ǅ, ﬁ,
  full-width letters) is refused rather than changed;
- ``phone:+14155550100``: digits of any script made ASCII, then E.164 through ``phonenumbers``;
  only with + and a country code, or with the country it was dialled from (``region``): the
  prefix for calls abroad differs by country (00, 001, 0011, 011), so ``001 32 …`` is Belgium
  from Hong Kong and the United States from France, and nothing is read as some default
  country's number;
- ``platform:handle`` for social profiles: see ``identifier_links``.

``js/escrow/canonicalize.js`` is the same rules for the browser, which is where filings are
canonicalized; ``tests/escrow/identifier_conformance.json`` holds the cases both ports must
answer identically, refusals (``InvalidIdentifier.key``) included.
"""

import re
import unicodedata

import idna
import phonenumbers

from notalone.core.invisible import INVISIBLE, without_invisible
from notalone.escrow.identifier_links import (
    HANDLE_RULES,
    HOST_PREFIXES,
    HOSTS,
    KNOWN_SERVERS,
    MASTODON_USER,
    OTHER_HOSTS,
    REGIONAL_HOST,
    ascii_lower,
    bare_handle,
    check_query,
    profile,
)
from notalone.escrow.identifier_messages import InvalidIdentifier

__all__ = ["KINDS", "InvalidIdentifier", "canonicalize"]

KINDS = ("email", "phone", *HANDLE_RULES, "mastodon")
_KIND_ALIASES = {"twitter": "x", "e-mail": "email", "mail": "email", "telephone": "phone"}

# White space (stripped from both ends; never allowed inside a link) and invisible format
# characters that copying from an app or a right-to-left page adds around numbers and names
# (``core.invisible``: removed from both ends, and from inside phone numbers). Written out,
# so both ports strip exactly the same characters.
_SPACE = "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INVISIBLE = INVISIBLE
_EDGES = re.compile(f"^[{_SPACE}{_INVISIBLE}]+|[{_SPACE}{_INVISIBLE}]+$")
_INSIDE_LINK = re.compile(f"[{_SPACE}{_INVISIBLE}\x00-\x1f\x7f]")
_DASHES = "\\-\u2010-\u2015\u2212"
_PHONE = re.compile(f"\\+?[0-9 ()./{_DASHES}]+")
_PHONE_LIKE = re.compile(f"\\+?[0-9 ()./{_DASHES}]{{4,}}")
_DOMAIN = re.compile(
    r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]"
)
# Characters an e-mail address's local part cannot hold unquoted (RFC 5322 specials, white
# space and controls). Quoted local parts are refused: no provider hands them out.
_LOCAL_FORBIDDEN = re.compile(f'[{_SPACE}{_INVISIBLE}\x00-\x1f\x7f"(),:;<>@\\[\\]\\\\]')
_MASTODON_ADDRESS = re.compile(f"@[^@/{_SPACE}]+@[^@/{_SPACE}]+")
_ASCII_DIGITS = "0123456789"
_LINK_PARTS = re.compile(r"([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?", re.DOTALL)
_MALFORMED_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# FULLWIDTH COMMERCIAL AT and SMALL COMMERCIAL AT, which NFKC makes @.
_AT_SIGNS = str.maketrans({"\uff20": "@", "\ufe6b": "@"})


def canonicalize(raw: str, *, kind: str | None = None, region: str | None = None) -> str:
    """The canonical ``kind:value`` spelling of ``raw``, or ``InvalidIdentifier``.

    ``kind`` is one of ``KINDS`` (or an alias: "twitter", "e-mail", "mail", "telephone"), as
    chosen in the filing page's menu; without it the kind is recognised from the text.
    ``region`` (ISO 3166 alpha-2, such as "HK") is the country a phone number written without
    + was dialled from: its own prefix for calls abroad (and its national format) is read.
    An unknown region is a programming error (``ValueError``), not a refusal.
    """
    if region is not None and region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"unknown region {region!r}")
    if any(unicodedata.category(c) in {"Cn", "Cs"} for c in raw):
        # Characters Python's Unicode database (14.0) does not know: normalizing them could
        # differ between the browser and Python, so they are refused on both sides.
        raise InvalidIdentifier("unknown_character")
    text = _EDGES.sub("", unicodedata.normalize("NFKC", raw))
    if not text:
        raise InvalidIdentifier("empty")
    found = _recognise(text, kind, region)
    composed = _EDGES.sub("", unicodedata.normalize("NFC", raw))
    if found.startswith("email:") and text != composed:
        # NFKC changed something: the address must read the same without it, or the part
        # before @ would be changed (long s → s, ﬁ → fi), which no provider promises to do.
        # Only the at sign itself is read through NFKC: the full-width one (U+FF20, CJK
        # keyboards) and the small one (U+FE6B) are @; nothing else in the address changes.
        try:
            same = _recognise(composed.translate(_AT_SIGNS), kind, region) == found
        except InvalidIdentifier:
            same = False
        if not same:
            raise InvalidIdentifier("email_compatibility")
    return found


def _recognise(text: str, kind: str | None, region: str | None) -> str:
    if kind:
        # The same explicit set as the text's ends (str.strip() and JavaScript's trim() differ
        # on U+FEFF, U+001C-U+001F and U+0085).
        kind = ascii_lower(_EDGES.sub("", kind))
        return _by_kind(text, _KIND_ALIASES.get(kind, kind), region)
    prefix, _, rest = text.partition(":")
    if ascii_lower(prefix) in KINDS and rest:
        # Already canonical (or written like it): canonicalizing again changes nothing.
        return _by_kind(rest, ascii_lower(prefix), region)
    if ascii_lower(text).startswith("mailto:"):
        return _email(_without_mailto(text))
    if ascii_lower(text).startswith("tel:"):
        return _phone(text[len("tel:") :], region)
    if _MASTODON_ADDRESS.fullmatch(text):
        return _mastodon(text)
    if "@" in text and not text.startswith("@") and "/" not in text:
        return _email(text)
    if text.startswith("@"):
        raise InvalidIdentifier("ambiguous_handle")
    digits = _ascii_digits(without_invisible(text))
    if _PHONE_LIKE.fullmatch(digits) and sum(c in _ASCII_DIGITS for c in digits) >= 4:
        return _phone(text, region)
    if "." in text.split("/")[0] or "://" in text:
        return _link(text)
    raise InvalidIdentifier("unrecognised")


def _by_kind(text: str, kind: str, region: str | None = None) -> str:
    if kind == "email":
        return _email(_without_mailto(text))
    if kind == "phone":
        number = text[len("tel:") :] if ascii_lower(text).startswith("tel:") else text
        return _phone(number, region)
    if kind == "mastodon":
        return _link(text, expected="mastodon") if "/" in text else _mastodon(text)
    if kind not in HANDLE_RULES:
        raise InvalidIdentifier("unknown_kind")
    first = ascii_lower(text.split("/")[0])
    if kind == "youtube" and first in {"c", "user", "channel"}:
        return profile("youtube", [s for s in text.split("/") if s], "")
    if "/" in text or "://" in text:
        return _link(text, expected=kind)
    if _is_platform_host(text.removeprefix("@")):
        # "facebook.com" typed with Facebook chosen is the site, not a username spelled so.
        return _link(text.removeprefix("@"), expected=kind)
    return bare_handle(text, kind)


def _is_platform_host(text: str) -> bool:
    return _platform_of(_without_prefixes(ascii_lower(text).rstrip(".")))[0] is not None


def _without_mailto(text: str) -> str:
    """The address of a ``mailto:`` link (without ``?subject=...``), or the text as it is."""
    if ascii_lower(text).startswith("mailto:"):
        return text[len("mailto:") :].partition("?")[0]
    return text


def _ascii_digits(text: str) -> str:
    """Decimal digits of every script (Unicode Nd: ٩, ९, ๙, ...) as ASCII digits."""
    return "".join(
        str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c for c in text
    )


def to_ascii_domain(domain: str) -> str | None:
    """``domain`` as IDNA 2008 A-labels through UTS #46, or None when it is not valid.

    Non-transitional (ß and ς stay themselves: ``faß.de`` is not ``fass.de``), CheckHyphens,
    CheckBidi, CheckJoiners and UseSTD3ASCIIRules, with IDNA 2008's own code point and context
    rules (RFC 5892), as the ``idna`` package applies them.
    """
    name = domain.rstrip(".")
    try:
        ascii_name = idna.encode(name, uts46=True, std3_rules=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return None
    return ascii_name if _DOMAIN.fullmatch(ascii_name) else None


def _email(text: str) -> str:
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or _LOCAL_FORBIDDEN.search(local):
        raise InvalidIdentifier("email_shape")
    if len(local.encode("utf-8")) > 64:
        raise InvalidIdentifier("email_local")
    ascii_domain = to_ascii_domain(domain)
    if ascii_domain is None:
        raise InvalidIdentifier("email_domain")
    return f"email:{ascii_lower(local)}@{ascii_domain}"


def _phone(text: str, region: str | None) -> str:
    number = _ascii_digits(without_invisible(text)).strip(" ")
    if not _PHONE.fullmatch(number) or not any(c in _ASCII_DIGITS for c in number):
        raise InvalidIdentifier("phone_characters")
    if not number.startswith("+") and region is None:
        if number.startswith("00"):
            # The prefix for calls abroad is not 00 everywhere: 001 32 … is Belgium dialled
            # from Hong Kong and a US number dialled from France (001, 002, 008, 009, 0011).
            raise InvalidIdentifier("phone_dialling_prefix")
        # Without its country code the same digits are different people's numbers in
        # different countries: nothing is guessed.
        raise InvalidIdentifier("phone_country")
    # Only the digits and a leading + reach libphonenumber, so both ports parse the same text;
    # without +, libphonenumber reads the region's own prefix for calls abroad, or its
    # national format.
    plus = "+" if number.startswith("+") else ""
    digits = plus + re.sub(r"[^0-9]", "", number)
    try:
        parsed = phonenumbers.parse(digits, None if plus else region)
    except phonenumbers.NumberParseException as error:
        raise InvalidIdentifier("phone_invalid") from error
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidIdentifier("phone_invalid")
    return "phone:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _mastodon(text: str) -> str:
    user, at, server = text.removeprefix("@").partition("@")
    user = ascii_lower(user)
    ascii_server = to_ascii_domain(server) if at else None
    pattern = MASTODON_USER
    if ascii_server is not None and _without_prefixes(ascii_server) in KNOWN_SERVERS:
        # A platform's server is spelled one way (www.threads.net is threads.net).
        ascii_server, users = KNOWN_SERVERS[_without_prefixes(ascii_server)]
        pattern = re.compile(users)
    if not pattern.fullmatch(user) or ascii_server is None:
        raise InvalidIdentifier("handle_mastodon")
    return f"mastodon:{user}@{ascii_server}"


def _without_prefixes(host: str) -> str:
    for prefix in HOST_PREFIXES:
        host = host.removeprefix(prefix)
    return host


def _platform_of(host: str) -> tuple[str | None, str | None]:
    """The platform a host belongs to, and the refusal its pages get (None: profiles)."""
    if host in OTHER_HOSTS:
        return OTHER_HOSTS[host]
    regional = REGIONAL_HOST.fullmatch(host)
    if regional or host in HOSTS:
        return HOSTS[regional.group(1) if regional else host], None
    for base, platform in HOSTS.items():
        if host.endswith("." + base):
            # Another of the platform's hosts (developers., help., business.): its own site.
            return platform, "site_page"
    return None, None


def _percent_decode(segment: str) -> str:
    """``%XX`` sequences as UTF-8; a segment with a malformed one is kept as written."""
    if _MALFORMED_PERCENT.search(segment):
        return segment
    try:
        return bytes(_percent_bytes(segment)).decode("utf-8")
    except UnicodeDecodeError:
        return segment


def _percent_bytes(segment: str) -> list[int]:
    out: list[int] = []
    index = 0
    while index < len(segment):
        if segment[index] == "%":
            out.append(int(segment[index + 1 : index + 3], 16))
            index += 3
        else:
            out += segment[index].encode("utf-8")
            index += 1
    return out


def _link(text: str, expected: str | None = None) -> str:
    if _INSIDE_LINK.search(text):
        raise InvalidIdentifier("unrecognised")
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "https", text
    if ascii_lower(scheme) not in {"http", "https"}:
        raise InvalidIdentifier("not_web_link")
    parts = _LINK_PARTS.fullmatch(rest)
    assert parts is not None  # the pattern matches any text
    netloc, path, query, fragment = (part or "" for part in parts.groups())
    if fragment.startswith("!/"):
        # Old hash-bang links (twitter.com/#!/name, facebook.com/#!/name): the page shown is
        # the one after "#!", whatever path came before it (facebook.com/jane#!/john is
        # John's page, reached from Jane's).
        path, _, query = fragment[1:].partition("?")
    server = ascii_lower(re.sub(r":[0-9]*$", "", netloc)).rstrip(".")
    segments = [_percent_decode(s) for s in path.split("/") if s]
    platform, page = _platform_of(_without_prefixes(server))
    if platform is None and segments and segments[0].startswith("@") and "@" not in netloc:
        platform = "mastodon"
    if platform is None or "@" in netloc:
        raise InvalidIdentifier("unknown_site")
    if expected is not None and platform != expected:
        raise InvalidIdentifier("wrong_platform", found=platform, expected=expected)
    if page is not None:
        raise InvalidIdentifier(page, platform=platform)
    if platform == "mastodon":
        if len(segments) > 1:
            raise InvalidIdentifier("post_link", platform="mastodon")
        check_query("mastodon", query)
        # The server as written: m.example.social and example.social are two servers.
        account = segments[0] if "@" in segments[0][1:] else f"{segments[0]}@{server}"
        try:
            return _mastodon(account)
        except InvalidIdentifier:
            if expected == "mastodon":
                raise
            # Only a guess from the /@name shape: other sites use it too.
            raise InvalidIdentifier("unknown_site") from None
    return profile(platform, segments, query)
