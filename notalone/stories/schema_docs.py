"""What the story schema (``stories.schema``) tells forms and API clients: each field's limits
and choices as HTML attributes and as OpenAPI (JSON Schema) keywords, and every limit as one
object. Derived from the declarations in ``stories.schema`` and ``stories.models``, so the
browser, the OpenAPI document and the service hold the same values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from notalone.stories.models import (
    BODY_MAX_LENGTH,
    HASHTAG_MAX_LENGTH,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Signature,
    Visibility,
    What,
    Where,
    Who,
)
from notalone.stories.schema import QUERY_MAX_LENGTH, SORTS, YEAR_MIN, year_max
from notalone.stories.schema_hashtags import MAX_HASHTAGS


def limits() -> dict[str, int]:
    """Every numeric limit, for API clients (``GET /api/v1/story-options``)."""
    return {
        "title_max_length": TITLE_MAX_LENGTH,
        "body_max_length": BODY_MAX_LENGTH,
        "reply_max_length": REPLY_MAX_LENGTH,
        "hashtag_max_length": HASHTAG_MAX_LENGTH,
        "hashtags_max": MAX_HASHTAGS,
        "year_min": YEAR_MIN,
        "year_max": year_max(),
        "query_max_length": QUERY_MAX_LENGTH,
        "idempotency_key_max_length": IDEMPOTENCY_KEY_MAX_LENGTH,
    }


def html_attrs(field: str) -> dict[str, Any]:
    """Attributes for a form widget, so the browser knows the same limits."""
    return {
        # No maxlength on text: a browser would cut a longer paste silently (and counts
        # emoji twice); the service refuses it with the reason, and keeps what was typed.
        "year": {"inputmode": "numeric"},
    }.get(field, {})


def _enum(values: Iterable[str], *, blank: bool) -> dict[str, Any]:
    return {"enum": ([""] if blank else []) + list(values)}


def json_schema(field: str) -> dict[str, Any]:
    """The OpenAPI (JSON Schema) keywords for one field: documented, checked by the service."""
    hashtag_item = {"type": "string", "maxLength": HASHTAG_MAX_LENGTH + 1}
    schemas: dict[str, dict[str, Any]] = {
        "title": {"maxLength": TITLE_MAX_LENGTH},
        # At least one character that is not a space: a blank story is refused.
        "body": {"pattern": r"\S", "maxLength": BODY_MAX_LENGTH},
        "reply_body": {"pattern": r"\S", "maxLength": REPLY_MAX_LENGTH},
        "what": _enum(What.values, blank=True),
        "where": _enum(Where.values, blank=True),
        "who": _enum(Who.values, blank=True),
        "signature": _enum(Signature.values, blank=False),
        "visibility": _enum(Visibility.values, blank=False),
        "country": {"description": "ISO 3166-1 alpha-2 code (like FR), or blank"},
        "language": {"description": "ISO 639-1 code (like es), or blank"},
        "year": {"minimum": YEAR_MIN, "maximum": year_max()},
        "hashtags": {"maxItems": MAX_HASHTAGS, "items": hashtag_item},
        "content_warnings": {
            "description": "slugs of the site's content warnings (GET /api/v1/story-options)"
        },
        "q": {"maxLength": QUERY_MAX_LENGTH},
        "sort": _enum(SORTS, blank=True),
        "hashtag": {"maxLength": HASHTAG_MAX_LENGTH + 1},
        "in_statistics": {
            "description": "Count the story in the statistics (/insights/, totals with noise "
            "added, never the words). null: the default, which counts a public story and no other."
        },
    }
    return schemas.get(field, {})
