"""Lists of stories: the feed and search, a hashtag's page, and the guidelines."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from notalone.core.pagecache import cache_anonymous_page
from notalone.stories import cardlist, schema, selectors
from notalone.stories.forms import FeedFilterForm
from notalone.stories.models import (
    Hashtag,
)
from notalone.stories.text import normalize_hashtag


def _filters_from(request: HttpRequest, **fixed: str) -> selectors.FeedFilters:
    get = request.GET
    values = {
        name: get.get(name, "")[:300]
        for name in ("what", "where", "who", "country", "language", "q", "sort")
    }
    values.update(fixed)
    return selectors.FeedFilters(**values)


def _feed_response(
    request: HttpRequest, template: str, context: dict[str, object], **fixed: str
) -> HttpResponse:
    filters = _filters_from(request, **fixed)
    status = 200
    try:
        page = cardlist.feed_cards(
            request=request, filters=filters, cursor=request.GET.get("cursor") or None
        )
    except ValidationError as error:
        page = cardlist.CardPage(items=[], next_cursor=None, html=mark_safe(""))
        context["filter_errors"] = [
            m for messages_ in error.message_dict.values() for m in messages_
        ]
        status = 400
    if "hashtag" in fixed:
        try:
            context["tag_page"] = selectors.hashtag_page(
                raw=fixed["hashtag"], viewer=request.user, seen_one=bool(page.items)
            )
        except (ValidationError, Hashtag.DoesNotExist):
            raise Http404 from None
    query = request.GET.copy()
    query.pop("cursor", None)
    context.update(
        page=page,
        filters=filters,
        filters_html=_filters_html(request, filters),
        base_query=query.urlencode(),
        sort=filters.sort or "latest",
    )
    return render(request, template, context, status=status)


FILTERS_TTL_SECONDS = 600


def _filters_html(request: HttpRequest, filters: selectors.FeedFilters) -> SafeString:
    """The filter form and the order tabs, rendered once per address and query and kept in
    the shared cache: they depend on nothing else (not on the reader), and the country and
    language lists made them a third of a member's page."""
    query = sorted((name, value) for name, value in request.GET.items() if name != "cursor")
    identity = json.dumps([translation.get_language(), request.path, query])
    key = "filters:v1:" + hashlib.sha256(identity.encode()).hexdigest()
    cached = cache.get(key)
    html = cached if isinstance(cached, str) else None
    if html is None:
        html = render_to_string(
            "stories/_filters.html",
            {
                "filter_form": FeedFilterForm(request.GET or None),
                "filters": filters,
                "sort": filters.sort or "latest",
                "request": request,
            },
        )
        cache.set(key, html, timeout=FILTERS_TTL_SECONDS)
    return mark_safe(html)  # noqa: S308  (rendered by the template engine, escaped there)


@cache_anonymous_page
def feed(request: HttpRequest) -> HttpResponse:
    return _feed_response(request, "stories/feed.html", {})


@cache_anonymous_page
def tag(request: HttpRequest, tag: str) -> HttpResponse:
    try:
        key = schema.clean_filters({"hashtag": tag})["hashtag"]
    except ValidationError:
        raise Http404 from None
    # The heading shows the tag as the link that led here wrote it (a story's own spelling),
    # never only the spelling of whoever used the tag first.
    shown, _key = normalize_hashtag(tag)
    return _feed_response(request, "stories/tag.html", {"tag_shown": shown}, hashtag=key)


@cache_anonymous_page
def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "stories/guidelines.html")
