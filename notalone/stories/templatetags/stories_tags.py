from __future__ import annotations

import functools
from collections.abc import Callable

from django import template
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from notalone.core.csrf import request_csrf_token
from notalone.core.places import country_name, language_name, list_of
from notalone.stories.models import ContentWarning, ReactionKind, Story

register = template.Library()


@register.simple_tag
def reaction_words(story: Story, kind: str) -> str:
    """Counts as company, never as a score: "27 people said me too"; nothing for zero."""
    if kind == "me_too":
        count = story.me_too_count
        return (
            ngettext("%(count)d person said me too", "%(count)d people said me too", count)
            % {"count": count}
            if count
            else ""
        )
    if kind == "i_believe_you":
        count = story.i_believe_you_count
        return (
            ngettext(
                "%(count)d person said I believe you", "%(count)d people said I believe you", count
            )
            % {"count": count}
            if count
            else ""
        )
    count = story.sending_strength_count
    return (
        ngettext(
            "%(count)d person is sending strength", "%(count)d people are sending strength", count
        )
        % {"count": count}
        if count
        else ""
    )


@register.simple_tag
def warning_labels(story: Story) -> str:
    if not story.content_warnings:
        return ""
    # At most one query per minute, whatever the number of stories on the page.
    labels: dict[str, str] = cache.get_or_set(  # type: ignore[assignment]
        "content-warning-labels",
        lambda: dict(ContentWarning.objects.values_list("slug", "label")),
        timeout=60,
    )
    return list_of(
        [ContentWarning.reader_label(labels.get(slug, slug)) for slug in story.content_warnings]
    )


@register.filter
def country(code: str) -> str:
    return country_name(code) if code else ""


@register.filter
def language(code: str) -> str:
    return language_name(code) if code else ""


_PLACEHOLDER_ID = "abcdefghijkmnpqr"  # any public identifier: only its place matters


@functools.cache
def _react_url_pattern() -> str:
    return reverse("stories:react", kwargs={"story_id": _PLACEHOLDER_ID, "kind": "KIND"})


_KINDS = ("me_too", "i_believe_you", "sending_strength")


@register.simple_tag(takes_context=True)
def reactions_block(context: template.Context, story: Story) -> SafeString:
    """The support block of one story: counts in words, and the three buttons for members.

    Written in Python, by plain string joins, rather than as a template or with
    ``format_html``: a member's feed page has twenty of these, each with three forms, and
    escaping every piece one by one was a third of the page's cost. Only the words and labels
    are text (escaped once here); the rest is ASCII the code itself makes (public ids, URLs,
    the CSRF token).
    """
    request = context.get("request")
    buttons = ""
    if request is not None and request.user.is_authenticated:
        given: set[str] = getattr(story, "viewer_reactions", set())
        buttons = buttons_writer(reactions_csrf_token(request))(story.public_id, given)
    return mark_safe(reaction_words_start(story) + buttons + REACTIONS_END)  # noqa: S308


def reactions_csrf_token(request: HttpRequest) -> str:
    """One masked token per request, not one per story: masking costs as much as the form."""
    return request_csrf_token(request)


def reaction_words_start(story: Story) -> str:
    """The block's opening and its counts in words (the same for every reader), as HTML."""
    items = "".join(
        f"<li>{escape(words)}</li>" for kind in _KINDS if (words := reaction_words(story, kind))
    )
    return (
        f'<div class="reactions" id="reactions-{story.public_id}">'
        f'<ul class="reaction-words">{items}</ul>'
    )


REACTIONS_END = "</div>"


@functools.cache
def _labels(language: str | None) -> tuple[tuple[str, str], ...]:
    """Each reaction kind and its label in this language, escaped (once per process)."""
    return tuple((kind, str(escape(label))) for kind, label in ReactionKind.choices)


def reaction_buttons(public_id: str, given: set[str], token: str) -> str:
    """A member's three buttons, pressed where ``given`` says, as HTML.

    Each button has an id that stays the same after htmx swaps the block, so htmx puts the
    focus back on the button a keyboard user pressed instead of dropping it to the page's top.
    """
    base = _react_url_pattern().replace(_PLACEHOLDER_ID, public_id)
    token = escape(token)
    forms = []
    for kind, label in _labels(translation.get_language()):
        pressed = kind in given
        url = base.replace("KIND", kind)
        forms.append(
            f'<form method="post" action="{url}" class="inline-form" hx-post="{url}" '
            f'hx-target="#reactions-{public_id}" hx-swap="outerHTML">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            f'<input type="hidden" name="on" value="{"0" if pressed else "1"}">'
            f'<button type="submit" id="react-{public_id}-{kind}" '
            f'class="reaction{" pressed" if pressed else ""}" '
            f'aria-pressed="{"true" if pressed else "false"}">{label}'
            "</button></form>"
        )
    return f'<div class="reaction-buttons">{"".join(forms)}</div>'


# Private-use characters: they survive escaping and never occur in the rendered buttons.
_ID_MARK = "\ue000id\ue000"
_CSRF_MARK = "\ue000csrf\ue000"


@functools.lru_cache(maxsize=128)
def _buttons_template(language: str | None, given: frozenset[str]) -> str:
    return reaction_buttons(_ID_MARK, set(given), _CSRF_MARK)


def buttons_writer(token: str) -> Callable[[str, set[str]], str]:
    """``reaction_buttons`` for every story of one page: ``write(public_id, given)``.

    A member's feed has twenty stories, each with three forms. Their HTML depends only on the
    language, which buttons are pressed (eight ways), the story's public id and the reader's
    CSRF token; so it is written once per process for each language and pressed set, with
    markers for the id and the token, and each story gets its buttons by two ``replace``.
    Nothing of any reader is kept: the token is put in per page."""
    language = translation.get_language()
    token = str(escape(token))

    def write(public_id: str, given: set[str]) -> str:
        template = _buttons_template(language, frozenset(given))
        return template.replace(_CSRF_MARK, token).replace(_ID_MARK, public_id)

    return write
