"""``{% site_header %}`` and ``{% site_footer %}``: every page's header and footer, rendered once
per process for each combination of what they show, then reused.

The header (navigation, quick exit, language form) and the footer (crisis line, links) are
the same on every page for readers of one language and one kind: about thirty translated
strings and fifteen URLs that cost a signed-in member's page as much as its stories did.
The fragments are rendered from ``core/_site_header.html`` and ``core/_site_footer.html`` with
nothing but the values in their key, so no member's data can enter a shared fragment:

- header: the language, and whether the reader is a member, a moderator, a counselor, and
  has unread notices (the flags, never the member);
- footer: the language and the crisis line shown (from the reader's chosen place).

The two per-request values, the CSRF token (logout form, htmx header) and the address the
language form returns to, are rendered as markers and filled in, escaped, for each request.
In a page shell (``core.pageshell``, a whole page rendered once for many readers) the header
keeps its markers and ``{% site_messages %}`` writes one: the shell's filler puts in each
request's own values.
The fragments depend only on the code, the translations and the settings, which change only
with a restart, so they are kept in the process (``functools.lru_cache``), not in Redis.
With ``DEBUG`` on (templates being edited) they are rendered every time, and a setting changed
while the process runs (``override_settings``, the tests' ``settings``) empties them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from notalone.core import quick_exit
from notalone.core.csrf import request_csrf_token

register = template.Library()

# Private-use characters: they survive escaping and never occur in the rendered fragments.
CSRF_MARK = "\ue000csrf\ue000"
NEXT_MARK = "\ue000next\ue000"
MESSAGES_MARK = "\ue000messages\ue000"
# Set in a page shell's context (``core.pageshell``): leave the per-request values as markers.
SHELL_FLAG = "notalone_page_shell"


@functools.lru_cache(maxsize=1)
def _head_links() -> str:
    return render_to_string("core/_site_head_links.html")


@functools.lru_cache(maxsize=256)
def _header(language: str, member: bool, moderator: bool, counselor: bool, unread: bool) -> str:
    with translation.override(language):
        return render_to_string(
            "core/_site_header.html",
            {
                "member": member,
                "moderator": moderator,
                "counselor": counselor,
                "has_unread_notices": unread,
                "csrf_token": CSRF_MARK,
                "language_next": NEXT_MARK,
                "site_name": settings.SITE_NAME,
                "quick_exit_url": settings.QUICK_EXIT_URL,
                # As text: a number would be localised ("1,500" or "1.500").
                "escape_presses": str(quick_exit.ESCAPE_PRESSES),
                "escape_window_ms": str(quick_exit.ESCAPE_WINDOW_MS),
            },
        )


@functools.lru_cache(maxsize=256)
def _footer(language: str, crisis_line_json: str) -> str:
    with translation.override(language):
        return render_to_string(
            "core/_site_footer.html", {"crisis_line": json.loads(crisis_line_json)}
        )


@receiver(setting_changed)
def _forget_fragments(**_kwargs: Any) -> None:
    """A fragment rendered with the old settings (quick exit's address, the site's name) is
    never shown after they change."""
    _head_links.cache_clear()
    _header.cache_clear()
    _footer.cache_clear()


def _plain(value: Any) -> Any:
    """The crisis line as plain data (the context holds it lazily), for a key and a render."""
    if isinstance(value, dict) or hasattr(value, "keys"):
        return {key: _plain(value[key]) for key in value}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


@register.simple_tag
def site_head_links() -> SafeString:
    """The stylesheets, scripts and icon of every page's head (their hashed static names)."""
    html = _head_links.__wrapped__() if settings.DEBUG else _head_links()
    return mark_safe(html)  # noqa: S308  (rendered by the template engine)


def header_key(context: Mapping[str, Any] | template.Context) -> tuple[str, bool, bool, bool, bool]:
    """What the header shows a reader: (language, member, moderator, counselor, unread
    notices), from a template context (the ``user`` and ``has_unread_notices`` that the
    context processors give). The key of a header, and of a page shell (``core.pageshell``)."""
    user = context.get("user")
    member = bool(user is not None and user.is_authenticated)
    return (
        translation.get_language() or settings.LANGUAGE_CODE,
        member,
        member and bool(getattr(user, "is_moderator", False)),
        member and bool(getattr(user, "is_counselor", False)),
        member and bool(context.get("has_unread_notices")),
    )


def footer_key(context: Mapping[str, Any] | template.Context) -> tuple[str, str]:
    """What the footer shows a reader: (language, the crisis line as JSON)."""
    line = context.get("crisis_line")
    return (
        translation.get_language() or settings.LANGUAGE_CODE,
        json.dumps(_plain(line) if line else None, sort_keys=True, default=str),
    )


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> SafeString:
    request = context.get("request")
    key = header_key(context)
    member = key[1]
    html = _header.__wrapped__(*key) if settings.DEBUG else _header(*key)
    if context.get(SHELL_FLAG):
        return mark_safe(html)  # noqa: S308  (the shell's filler puts in the markers' values)
    token = request_csrf_token(request) if member and request is not None else ""
    next_path = context.get("language_next") or (request.get_full_path() if request else "/")
    html = html.replace(CSRF_MARK, escape(token))
    return mark_safe(html.replace(NEXT_MARK, escape(next_path)))  # noqa: S308  (escaped above)


@register.simple_tag(takes_context=True)
def site_footer(context: template.Context) -> SafeString:
    key = footer_key(context)
    html = _footer.__wrapped__(*key) if settings.DEBUG else _footer(*key)
    return mark_safe(html)  # noqa: S308  (rendered by the template engine, escaped there)


def messages_html(messages: Any) -> str:
    """The messages the site has for the reader (Django's messages framework), as the top of
    ``main`` shows them; empty when there are none. Reading them marks them shown."""
    # str() first, as the template engine does: a message written as safe HTML (a link to
    # undo a block) is a SafeString inside the Message, which conditional_escape would not see.
    items = [
        f'<li class="message message-{conditional_escape(message.tags)}">'
        f"{conditional_escape(str(message))}</li>"
        for message in (messages or ())
    ]
    if not items:
        return ""
    return '<div role="status">\n<ul class="messages">' + "".join(items) + "</ul>\n</div>"


@register.simple_tag(takes_context=True)
def site_messages(context: template.Context) -> SafeString:
    """``messages_html`` of the context's messages, or in a page shell a marker for them."""
    if context.get(SHELL_FLAG):
        return mark_safe(MESSAGES_MARK)  # noqa: S308  (a private-use marker, no markup)
    return mark_safe(messages_html(context.get("messages")))  # noqa: S308  (escaped there)
