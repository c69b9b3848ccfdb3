"""The story schema: every limit and choice of a story or a reply, declared once.

The services validate with ``clean_story`` and ``clean_reply_body``; the form takes its HTML
attributes and choices from ``html_attrs`` and ``choices``; the API documents its fields with
``json_schema`` and leaves the checking to the service; the feed filters check their values
with ``clean_filter``. So one value is accepted or refused everywhere, with the same message,
and the OpenAPI document promises exactly what the service holds a client to.

Forms and the API only parse types (text, a whole number, a list); every rule about values
lives here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notalone.core.places import country_codes, language_codes
from notalone.core.textrules import cluster_problem
from notalone.stories.models import (
    BODY_MAX_LENGTH,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ContentWarning,
    Signature,
    Visibility,
    What,
    Where,
    Who,
)
from notalone.stories.schema_hashtags import (
    check_hashtag,
    check_hashtags,
)

YEAR_MIN = 1900
# The longest search a reader can type, in characters.
QUERY_MAX_LENGTH = 200
SORTS = ("latest", "supported")


def year_max() -> int:
    """The latest year a story can be about: this one."""
    return timezone.now().year


@dataclass(frozen=True)
class StoryFields:
    """What an author can set on a story, as typed; ``clean_story`` checks it as a whole."""

    body: str
    title: str = ""
    content_warnings: Sequence[str] = ()
    what: str = ""
    where: str = ""
    who: str = ""
    year: int | str | None = None
    country: str = ""
    language: str = ""
    # None: the default hashtags; an empty list: none at all.
    hashtags: Sequence[str] | None = None
    signature: str = Signature.PSEUDONYM
    visibility: str = Visibility.PUBLIC
    allow_replies: bool = True
    # Whether the story counts in the statistics; None: the default for its audience.
    in_statistics: bool | None = None
    # A reply the guard reads as blaming, posted anyway after its nudge: held for a moderator
    # (True) or published and queued for one (False), as the person who shared chose.
    hold_blaming_replies: bool = True


@dataclass(frozen=True)
class CleanStory:
    fields: StoryFields
    # (display name, matching key) of each hashtag, in the order given, without repeats.
    hashtags: list[tuple[str, str]]


# ---------------------------------------------------------------------------------------
# Choices


_CHOICE_LABELS = {
    "what": (What, gettext_lazy("kind of harm")),
    "where": (Where, gettext_lazy("place")),
    "who": (Who, gettext_lazy("relationship")),
    "signature": (Signature, gettext_lazy("signature")),
    "visibility": (Visibility, gettext_lazy("audience")),
}


def choices(field: str) -> list[tuple[str, Any]]:
    """(value, label) pairs for a choice field, in their declared order."""
    enum, _label = _CHOICE_LABELS[field]
    return list(enum.choices)


def active_content_warnings() -> list[tuple[str, str]]:
    """(slug, label) of the warnings an author can choose (the operator edits the list)."""
    rows = ContentWarning.objects.filter(is_active=True).values_list("slug", "label")
    return [(slug, ContentWarning.reader_label(label)) for slug, label in rows]


# ---------------------------------------------------------------------------------------
# One check per field. Each returns the cleaned value or raises ValueError(message).


# A lone UTF-16 surrogate (JSON's "\\ud800" with no pair) is no character: it cannot be
# encoded, stored or drawn. It becomes U+FFFD, as a browser does with bytes it cannot read.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    # NUL cannot be stored by PostgreSQL and is never meaningful in a story: dropped, not refused.
    text = _LONE_SURROGATE.sub("\ufffd", value.replace("\x00", "")).strip()
    problem = cluster_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def check_title(value: str) -> str:
    title = _text(value)
    if len(title) > TITLE_MAX_LENGTH:
        raise ValueError(
            _("Use at most %(max)d characters for the title (this one has %(count)d).")
            % {"max": TITLE_MAX_LENGTH, "count": len(title)}
        )
    return title


def check_body(value: str) -> str:
    body = _text(value)
    if not body:
        raise ValueError(_("Write your story before sharing it. Even a few words are enough."))
    if len(body) > BODY_MAX_LENGTH:
        raise ValueError(
            _(
                "Your story is %(count)d characters long; the most we can keep is %(max)d. You could share it in two parts."
            )
            % {"count": len(body), "max": BODY_MAX_LENGTH}
        )
    return body


def check_reply_body(value: str) -> str:
    body = _text(value)
    if not body:
        raise ValueError(_("Write a few words before sending your reply."))
    if len(body) > REPLY_MAX_LENGTH:
        raise ValueError(
            _("Your reply is %(count)d characters long; keep it under %(max)d.")
            % {"count": len(body), "max": REPLY_MAX_LENGTH}
        )
    return body


def check_choice(field: str, value: str) -> str:
    """A value of ``what``, ``where``, ``who``, ``signature`` or ``visibility``. Blank is
    allowed for the optional three (the services give the other two their defaults)."""
    enum, label = _CHOICE_LABELS[field]
    if value and value not in enum.values:
        raise ValueError(
            _("%(value)r is not a known %(label)s. Choose one of: %(choices)s.")
            % {"value": value[:40], "label": label, "choices": ", ".join(enum.values)}
        )
    return value


def check_country(value: str) -> str:
    country = value.strip().upper()
    if country and country not in country_codes():
        raise ValueError(
            _("%(value)r is not a country code (ISO 3166, like FR or IN).") % {"value": value[:10]}
        )
    return country


def check_language(value: str) -> str:
    language = value.strip().lower()
    if language and language not in language_codes():
        raise ValueError(
            _("%(value)r is not a language code (ISO 639-1, like en or es).")
            % {"value": value[:10]}
        )
    return language


def check_year(value: int | str | None) -> int | None:
    """A year as a number, or as text in the digits of any script ("2019", or Arabic-Indic or full-width digits);
    blank text is no year. Anything else, or a year out of range, is refused with one message,
    whichever way it came (the form sends text, the API a number or text)."""
    refusal = ValueError(
        _("Give a year between %(min)d and %(max)d, or leave it empty.")
        % {"min": YEAR_MIN, "max": year_max()}
    )
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if len(text) > 6 or not all(unicodedata.decimal(c, None) is not None for c in text):
            raise refusal
        value = int("".join(str(unicodedata.decimal(c)) for c in text))
    if isinstance(value, bool):
        raise refusal
    if value is not None and not YEAR_MIN <= value <= year_max():
        raise refusal
    return value


def check_content_warnings(values: Sequence[str]) -> list[str]:
    warnings = list(dict.fromkeys(values))
    if not warnings:
        return warnings
    known = {slug for slug, _label in active_content_warnings()}
    unknown = [w for w in warnings if w not in known]
    if unknown:
        raise ValueError(
            _("Unknown content warning: %(names)s. Choose from: %(known)s.")
            % {"names": ", ".join(u[:40] for u in unknown), "known": ", ".join(sorted(known))}
        )
    return warnings


def check_idempotency_key(value: str) -> str:
    if len(value) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValueError(
            _("An idempotency key has at most %(max)d characters.")
            % {"max": IDEMPOTENCY_KEY_MAX_LENGTH}
        )
    return value


def counts_in_statistics(*, visibility: str, in_statistics: bool | None) -> bool:
    """Whether a story is counted in the statistics: as its author chose, and when they did
    not choose, a story everyone can read counts and any other does not (its author is asked)."""
    if in_statistics is None:
        return visibility == Visibility.PUBLIC
    return in_statistics


# The one sentence the form and the API documentation give beside the choice.
STATISTICS_CHOICE_HELP = gettext_lazy(
    "The statistics page shows only totals with random noise added, never your words or "
    "anything that could point to you; if you leave this unanswered, a story everyone can "
    "read is counted and other stories are not."
)


def check_query(value: str) -> str:
    if len(value) > QUERY_MAX_LENGTH:
        raise ValueError(_("Search with at most %(max)d characters.") % {"max": QUERY_MAX_LENGTH})
    return value.strip()


def check_sort(value: str) -> str:
    if value and value not in SORTS:
        raise ValueError(
            _("%(value)r is not a known order. Choose one of: %(choices)s.")
            % {"value": value[:40], "choices": ", ".join(SORTS)}
        )
    return value or "latest"


# ---------------------------------------------------------------------------------------
# Whole stories, replies and filters


class _Errors:
    """Collects every field's problems, so one answer lists every change to make."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def check(self, field: str, check: Callable[..., Any], *args: Any) -> Any:
        try:
            return check(*args)
        except ValueError as error:
            self.found.setdefault(field, []).extend(str(message) for message in error.args)
            return None

    def raise_if_any(self) -> None:
        if self.found:
            raise ValidationError(self.found)


def clean_story(fields: StoryFields) -> CleanStory:
    """Check every field of a story; raise ``ValidationError({field: [messages]})`` listing
    every problem, or return the cleaned fields and the hashtags' matching keys."""
    errors = _Errors()
    body = errors.check("body", check_body, fields.body)
    title = errors.check("title", check_title, fields.title)
    warnings = errors.check(
        "content_warnings", check_content_warnings, list(fields.content_warnings)
    )
    picked = {
        name: errors.check(name, check_choice, name, getattr(fields, name))
        for name in ("what", "where", "who")
    }
    signature = errors.check("signature", check_choice, "signature", fields.signature)
    visibility = errors.check("visibility", check_choice, "visibility", fields.visibility)
    country = errors.check("country", check_country, fields.country)
    language = errors.check("language", check_language, fields.language)
    year = errors.check("year", check_year, fields.year)
    tags = errors.check("hashtags", check_hashtags, fields.hashtags)
    errors.raise_if_any()
    cleaned = StoryFields(
        body=body,
        title=title,
        content_warnings=warnings,
        what=picked["what"],
        where=picked["where"],
        who=picked["who"],
        year=year,
        country=country,
        language=language,
        hashtags=[name for name, _key in tags],
        signature=signature or Signature.PSEUDONYM,
        visibility=visibility or Visibility.PUBLIC,
        allow_replies=bool(fields.allow_replies),
        in_statistics=None if fields.in_statistics is None else bool(fields.in_statistics),
        hold_blaming_replies=bool(fields.hold_blaming_replies),
    )
    return CleanStory(fields=cleaned, hashtags=tags)


def clean_reply_body(body: str) -> str:
    errors = _Errors()
    cleaned = errors.check("body", check_reply_body, body)
    errors.raise_if_any()
    return str(cleaned)


def clean_idempotency_key(value: str) -> str:
    errors = _Errors()
    cleaned = errors.check("idempotency_key", check_idempotency_key, value)
    errors.raise_if_any()
    return str(cleaned)


FILTER_CHECKS: dict[str, Callable[[str], Any]] = {
    "what": lambda v: check_choice("what", v),
    "where": lambda v: check_choice("where", v),
    "who": lambda v: check_choice("who", v),
    "country": check_country,
    "language": check_language,
    # A feed filters on the matching key, so #MeToo and #metoo are one feed.
    "hashtag": lambda v: check_hashtag(v)[1] if v else "",
    "q": check_query,
    "sort": check_sort,
}


def clean_filters(values: dict[str, str]) -> dict[str, str]:
    """Check feed filter values with the same rules (and messages) as a story's fields."""
    errors = _Errors()
    cleaned = {
        name: errors.check(name, FILTER_CHECKS[name], value) for name, value in values.items()
    }
    errors.raise_if_any()
    return cleaned
