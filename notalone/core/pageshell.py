"""A page rendered once per process for all readers who see the same page around their own
parts, then filled in for each request (issue 14, item 2: members' pages that stay fast).

A signed-in member's feed spent about a quarter of its CPU rendering ``base.html`` and the
page's own template, though for all members of one language and one kind these give the same
bytes but for a few holes. :func:`render` renders the template once for each key and keeps it,
split at its holes, in the process (``functools.lru_cache``: the shell depends only on the
code, the translations and the settings, which change only with a restart).

What keeps one reader's data out of another reader's page: a shell is rendered from nothing
but the values in its key, never from the request or the member (the rule of
``core.templatetags.chrome``, whose header and footer are made the same way):

- the template's name and the language;
- what the header shows: signed in or not, moderator, counselor, unread notices (flags, never
  the member), from the same context processors as every other page;
- the footer's crisis line (the reader's chosen place decides it);
- ``shared``: the view's own values that are the same for every reader of the page (a
  hashtag's name, count and timeline), plain and hashable.

Everything else is a hole the view names (the card list with the member's own buttons, the
filter form, the pager's cursor) or one every page has (the CSRF token, the address the
language form returns to, the messages), filled in for each request. The shell is split at
its holes once, when it is made, so a value put in (a story's text) is never scanned for a
marker, whatever characters it holds.

``PAGE_SHELLS = False`` (the setting) renders every page in full, as does ``DEBUG`` (templates
being edited): :func:`render` then returns None and the view renders as any other does. The
tests compare both ways of rendering byte for byte (``tests/core/test_pageshell.py``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Hashable, Mapping
from typing import Any, NamedTuple

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from notalone.core.csrf import request_csrf_token
from notalone.core.templatetags import chrome

# A private-use character around a hole's name in a shell being made; never in a template.
_HOLE = "\ue001"
# Every page's own holes: chrome's markers, renamed to holes when the shell is split.
_PAGE_HOLES = {chrome.CSRF_MARK: "csrf", chrome.NEXT_MARK: "next", chrome.MESSAGES_MARK: "messages"}
# Shells kept per process: languages x header flags x crisis lines x pages (hashtags).
SHELLS = 512
# The marker characters (chrome's and the holes'), and a hole's marker as ``hole`` writes it.
_MARKS = ("\ue000", _HOLE)
_HOLE_MARKER = re.compile(f"{_HOLE}([a-z_]+){_HOLE}")


def hole(name: str) -> SafeString:
    """The marker of the hole ``name``, to put in ``shared`` where a request's value goes."""
    return mark_safe(f"{_HOLE}{name}{_HOLE}")  # noqa: S308  (private-use characters, no markup)


class Viewer(NamedTuple):
    """Stands in for ``request.user`` in a shell: what the templates may ask of the reader."""

    is_authenticated: bool
    is_moderator: bool
    is_counselor: bool


@functools.lru_cache(maxsize=SHELLS)
def _parts(
    template_name: str,
    language: str,
    viewer: Viewer,
    unread: bool,
    crisis_line_json: str,
    shared: tuple[tuple[str, Hashable], ...],
) -> tuple[str, ...]:
    """The shell, split: literal text at even indexes, a hole's name at odd ones; empty when
    no shell can be made (the caller then renders the page in full).

    That is when a value the shell is rendered from holds a marker character of its own
    (a crisis line's name as imported, the site's name): the shell would be split there too,
    putting a request's value where the text was (or failing on an unclosed marker)."""
    crisis_line = json.loads(crisis_line_json)
    if _holds_marks(shared) or _holds_marks(
        (crisis_line, settings.SITE_NAME, settings.QUICK_EXIT_URL), holes=False
    ):
        return ()
    context: dict[str, Any] = {
        **dict(shared),
        "user": viewer,
        "has_unread_notices": unread,
        "crisis_line": crisis_line,
        "site_name": settings.SITE_NAME,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        chrome.SHELL_FLAG: True,
    }
    with translation.override(language):
        html = str(render_to_string(template_name, context))
    for mark, name in _PAGE_HOLES.items():
        html = html.replace(mark, f"{_HOLE}{name}{_HOLE}")
    parts = tuple(html.split(_HOLE))
    known = set(_PAGE_HOLES.values()) | _hole_names(shared)
    if len(parts) % 2 == 0 or not set(parts[1::2]) <= known or "\ue000" in html:
        return ()  # a marker that is not a hole's (a translation's text): render in full
    return parts


def _hole_names(value: object) -> set[str]:
    """The names of the holes whose markers ``value`` (strings, sequences) holds."""
    if isinstance(value, str):
        return set(_HOLE_MARKER.findall(value))
    if isinstance(value, tuple | list):
        return set().union(*(_hole_names(item) for item in value))
    return set()


def _holds_marks(value: object, *, holes: bool = True) -> bool:
    """Whether ``value`` (strings, mappings, sequences) holds a marker character, but for a
    whole string that is a hole's marker (``hole``) where ``holes`` allows them."""
    if isinstance(value, str):
        if holes and _HOLE_MARKER.fullmatch(value):
            return False
        return any(mark in value for mark in _MARKS)
    if isinstance(value, Mapping):
        return any(
            _holds_marks(k, holes=holes) or _holds_marks(v, holes=holes) for k, v in value.items()
        )
    if isinstance(value, tuple | list):
        return any(_holds_marks(item, holes=holes) for item in value)
    return False


@receiver(setting_changed)
def _forget_shells(**_kwargs: Any) -> None:
    """A shell rendered with the old settings (the site's name) is never shown after they
    change (the tests' ``settings`` fixture)."""
    _parts.cache_clear()


def _request_context(request: HttpRequest) -> dict[str, Any]:
    """What the configured context processors give this request (lazy values stay lazy)."""
    context: dict[str, Any] = {}
    engine = engines["django"].engine  # type: ignore[attr-defined]
    for processor in engine.template_context_processors:
        context.update(processor(request))
    return context


def render(
    request: HttpRequest,
    template_name: str,
    *,
    shared: Mapping[str, Hashable],
    holes: Mapping[str, str],
    status: int = 200,
) -> HttpResponse | None:
    """The page ``template_name`` for this request, from its shell; None when shells are off
    (``PAGE_SHELLS``, ``DEBUG``): the caller then renders the page in full.

    ``shared``: the template's values that are the same for every reader (hashable; they key
    the shell). ``holes``: each hole's HTML for this request, by the name given to
    :func:`hole` (escaped here unless it is a ``SafeString``). Every hole in the shell must
    have a value (``KeyError`` otherwise: a page is never sent with a hole in it).
    """
    if settings.DEBUG or not getattr(settings, "PAGE_SHELLS", True):
        return None
    context = _request_context(request)
    header = chrome.header_key(context)
    language, member, moderator, counselor, unread = header
    parts = _parts(
        template_name,
        language,
        Viewer(member, moderator, counselor),
        unread,
        chrome.footer_key(context)[1],
        tuple(sorted(shared.items())),
    )
    if not parts:
        return None
    values: dict[str, str] = {name: conditional_escape(value) for name, value in holes.items()}
    values["csrf"] = escape(request_csrf_token(request)) if member else ""
    values["next"] = escape(request.get_full_path())
    values["messages"] = chrome.messages_html(context.get("messages"))
    body = "".join(part if index % 2 == 0 else values[part] for index, part in enumerate(parts))
    return HttpResponse(body, status=status)
