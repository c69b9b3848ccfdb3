"""The one written rule for usernames. Sign-up, log-in, recovery, rate limits and the operator
admin all call these functions; nothing else normalises a username.

1. **As shown** (``display_form``): Unicode NFKC (UAX #15), then surrounding white space
   removed. NFKC folds compatibility forms first, so a full-width ``alice`` (U+FF41 ...) or a no-break
   space (U+00A0, which NFKC turns into a plain space) is handled before trimming.
2. **Look-up key** (``username_key``): the shown form, case-folded (Unicode default case
   folding, ``str.casefold``), then NFKC again, because case folding can leave text that is
   not NFKC (Unicode's NFKC_Casefold does the same). ``Sam``, ``sam`` and `` sam `` are one key.
   The Turkish capital ``İ`` folds to ``i``, as in hashtags and search (case folding alone
   makes it ``i`` with a COMBINING DOT ABOVE, which no reader can tell from ``i``), so
   ``İpek``, ``Ipek`` and ``ipek`` are one key (migration 0009 re-keyed older accounts).
   It finds the account at log-in and recovery; it is unique.
3. **Confusable skeleton** (``username_skeleton``): the UTS #39 skeleton, from ICU's
   SpoofChecker (the Unicode Consortium's own implementation; ICU 77.1, Unicode 16.0 data),
   of the shown name, case-folded, and of that again (see the function for why).
   ``demo-moderator`` and ``demo-moderat\u043er`` (Cyrillic o) share one. It is unique too, so a
   look-alike of an existing name is refused. Taken of the key (``limit_key``), it keys the
   per-name log-in limits, so no spelling of a name gets a fresh set of tries.

Names that would look official (``moderator``, ``admin``, ``operator``, the site's name, and
their look-alikes) are refused at sign-up: the site marks its staff with a badge, never by a
name a member could copy.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu
from django.conf import settings

# Words a member's name may not be or contain as a whole part (parts are split at dots,
# dashes, underscores and where a small letter meets a capital, so "ModeratorJane" is
# "moderator" and "jane"; digits at a part's ends are ignored), compared by skeleton and case,
# with accents dropped, so "m0derator", "rnoderator", "Admin1", "Modérateur" and
# "\u0430dmin" (Cyrillic a) count too.
RESERVED_WORDS = (
    "admin",
    "administrator",
    "admins",
    "counselor",
    "counsellor",
    "help",
    "helpdesk",
    "legal",
    "mod",
    "moderator",
    "moderators",
    "mods",
    "notalone",
    "official",
    "operator",
    "safety",
    "security",
    "staff",
    "support",
    "team",
    "trust",
)
# Stems caught anywhere in a name, separators and all: long enough that an ordinary name
# does not contain one by chance ("moderat" catches "moderateur" and "moderatorjane").
RESERVED_STEMS = ("moderat", "administrat", "operator", "counsel", "notalone", "official")

_SEPARATORS = re.compile(r"[._\-]+")


@lru_cache(maxsize=1)
def _spoof_checker() -> icu.SpoofChecker:
    return icu.SpoofChecker()


def display_form(raw: str) -> str:
    """The username as it is stored and shown: NFKC, trimmed."""
    return unicodedata.normalize("NFKC", raw).strip()


# What case folding makes of the Turkish capital İ: an i with a dot above it, which looks
# like the i alone.
_DOTTED_I = "i\u0307"


def username_key(raw: str) -> str:
    """The key an account is found by: NFKC, trimmed, case-folded, NFKC again, the Turkish
    ``İ`` read as ``i``."""
    return unicodedata.normalize("NFKC", display_form(raw).casefold()).replace(_DOTTED_I, "i")


def lookup_keys(raw: str) -> list[str]:
    """The keys to find an account by: the key, and first the key as it was written before
    this rule (trimmed and case-folded only), for the rare account that migration 0005 had to
    leave with its old key because a newer rule-made key was already taken (say a name in
    full-width letters beside the same name in plain ones). Every other account's stored key
    is NFKC, so the old spelling of its name finds nothing more."""
    old = raw.strip().casefold()
    key = username_key(raw)
    return [old, key] if old != key else [key]


def skeleton(text: str) -> str:
    """The UTS #39 confusable skeleton of ``text`` (ICU ``SpoofChecker::getSkeleton``)."""
    # The first argument (the old "type" of skeleton table) has been ignored since ICU 58.
    return str(_spoof_checker().getSkeleton(0, text))


# Look-alikes UTS #39 leaves to its users: its skeleton maps one character at a time, so the
# two-letter "vv" is not read as "w" (it does read "m" as "rn"), and dots, dashes and
# underscores are kept, though "harbor-light" and "harbor_light" read as one name to anyone.
_MULTI_LETTER = (("vv", "w"),)
_NAME_SEPARATORS = re.compile(r"[._\-\u00b7\u2010-\u2015]+")


def username_skeleton(raw: str) -> str:
    """Two usernames that look alike share this value; it is unique among accounts.

    The skeleton is taken of the name as shown, then case-folded and taken again. Taking it
    only after case folding would miss the oldest trick, a capital I for an l ("wilIow"
    beside "willow": folded, the I becomes an i, which looks like no l); taking it only of
    the shown name would let case hide a look-alike ("Xylo" beside "x\u0443lo"). Then the
    separators are dropped and "vv" is read as "w" (``_MULTI_LETTER``), and the skeleton is
    taken once more, so "willow.", "will-ow" and "vvillow" all meet "willow".
    """
    shape = skeleton(unicodedata.normalize("NFKC", skeleton(display_form(raw)).casefold()))
    shape = _NAME_SEPARATORS.sub("", shape)
    for letters, letter in _MULTI_LETTER:
        shape = shape.replace(letters, letter)
    return skeleton(shape)


def limit_key(raw: str) -> str:
    """What per-name log-in limits count under: every spelling that finds the same account
    (same key) counts together, and so do look-alikes of it."""
    return username_skeleton(username_key(raw))


def _shape(text: str) -> str:
    # The skeleton keeps case ("0" becomes "O"): fold it for this looser comparison.
    return skeleton(text).casefold()


def _reserved_shapes() -> frozenset[str]:
    words = (*RESERVED_WORDS, username_key(settings.SITE_NAME).replace(" ", ""))
    return frozenset(_shape(word) for word in words)


_CAMEL = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=[A-Z\u00c0-\u00de])")


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def is_reserved(raw: str) -> bool:
    """Does the name contain a word only the site's staff could be trusted to carry?"""
    shown = _without_accents(display_form(raw))
    parts = [
        username_key(part)
        for chunk in _SEPARATORS.split(shown)
        for part in _CAMEL.split(chunk)
        if part
    ]
    whole = _SEPARATORS.sub("", username_key(shown))
    candidates = {whole, *parts, *(part.strip("0123456789") for part in parts)}
    reserved = _reserved_shapes()
    if any(_shape(candidate) in reserved for candidate in candidates if candidate):
        return True
    site = _shape(username_key(settings.SITE_NAME).replace(" ", ""))
    stems = {_shape(stem) for stem in RESERVED_STEMS} | {site}
    return any(stem in _shape(whole) for stem in stems if stem)
