"""Lists of stories: the feed and search, a hashtag's page, and the guidelines."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any, NamedTuple

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from notalone.core import pageshell, requestcache
from notalone.core.pagecache import cache_anonymous_page
from notalone.moderation import unread
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
    # The page's other shared keys, read in the card list's one round trip to the cache.
    read_also = [_filters_key(request)]
    if request.user.is_authenticated:
        read_also.append(unread.key_for(request.user.pk))
    if "hashtag" in fixed:
        read_also.append(selectors.hashtag_page_key(fixed["hashtag"]))
    try:
        page = cardlist.feed_cards(
            request=request,
            filters=filters,
            cursor=request.GET.get("cursor") or None,
            read_also=tuple(read_also),
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
                raw=fixed["hashtag"],
                viewer=request.user,
                seen_one=bool(page.items),
                read=requestcache.reader(request),
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
    if page.items and status == 200:
        response = _from_shell(request, template, context)
        if response is not None:
            return response
    return render(request, template, context, status=status)


class _ShellPage(NamedTuple):
    items: bool
    html: str
    next_cursor: str | None


class _ShellTag(NamedTuple):
    public_story_count: int


class _ShellDay(NamedTuple):
    day: datetime.date
    story_count: int


class _ShellTagPage(NamedTuple):
    hashtag: _ShellTag
    timeline: tuple[_ShellDay, ...]


def _from_shell(
    request: HttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse | None:
    """A page of stories (at least one card, no filter error) from its shell
    (``core.pageshell``): the same bytes as rendering it in full. What is the same for every
    reader of the page keys the shell; the reader's cards, the filter form and the pager's
    cursor are its holes."""
    page: cardlist.CardPage = context["page"]
    shared: dict[str, Any] = {
        "page": _ShellPage(
            items=True,
            html=pageshell.hole("cards"),
            next_cursor=pageshell.hole("cursor") if page.next_cursor else None,
        ),
        "filters_html": pageshell.hole("filters"),
        "base_query": pageshell.hole("base_query") if context["base_query"] else "",
    }
    holes = {
        "cards": page.html,
        "filters": context["filters_html"],
        "cursor": page.next_cursor or "",
        "base_query": context["base_query"],
    }
    tag_page = context.get("tag_page")
    if isinstance(tag_page, selectors.HashtagPage):
        shared["tag_shown"] = context["tag_shown"]
        shared["tag_page"] = _ShellTagPage(
            hashtag=_ShellTag(tag_page.hashtag.public_story_count),
            timeline=tuple(_ShellDay(d.day, d.story_count) for d in tag_page.timeline),
        )
    return pageshell.render(request, template, shared=shared, holes=holes)


FILTERS_TTL_SECONDS = 600


# The parameters the filter form and the order tabs show; any other one changes nothing in
# them, so it never makes a new shared copy (a flood of made-up parameters would otherwise
# fill the cache's Redis, which the job queue may share).
_FILTER_NAMES = frozenset(("what", "where", "who", "country", "language", "q", "sort"))


def _filters_key(request: HttpRequest) -> str:
    query = sorted((name, value) for name, value in request.GET.items() if name in _FILTER_NAMES)
    # Whether the form is bound (``request.GET or None``) also counts.
    identity = json.dumps([translation.get_language(), request.path, query, bool(request.GET)])
    return "filters:v1:" + hashlib.sha256(identity.encode()).hexdigest()


def _filters_html(request: HttpRequest, filters: selectors.FeedFilters) -> SafeString:
    """The filter form and the order tabs, rendered once per address and query and kept in
    the shared cache: they depend on nothing else (not on the reader), and the country and
    language lists made them a third of a member's page."""
    key = _filters_key(request)
    cached = requestcache.get(request, key)
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
