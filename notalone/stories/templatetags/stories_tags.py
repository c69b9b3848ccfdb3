from __future__ import annotations

from django import template
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from notalone.core.places import country_name, language_name
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
    return ", ".join(labels.get(slug, slug) for slug in story.content_warnings)


@register.filter
def country(code: str) -> str:
    return country_name(code) if code else ""


@register.filter
def language(code: str) -> str:
    return language_name(code) if code else ""


@register.simple_tag
def reaction_states(story: Story) -> list[dict[str, object]]:
    """Each reaction kind with its label and whether the viewer has given it."""
    given: set[str] = getattr(story, "viewer_reactions", set())
    # One reverse() for the three buttons: a feed page has sixty of them.
    base = reverse("stories:react", kwargs={"story_id": story.pk, "kind": "KIND"})
    return [
        {"kind": kind, "label": label, "pressed": kind in given, "url": base.replace("KIND", kind)}
        for kind, label in ReactionKind.choices
    ]


@register.simple_tag(takes_context=True)
def reactions_block(context: template.Context, story: Story) -> SafeString:
    """The support block of one story: counts in words, and the three buttons for members.

    Written in Python rather than as a template: a feed page has twenty of these, each with
    three forms, and Django's template loop over them was half of the page's cost.
    """
    words = [
        reaction_words(story, kind) for kind in ("me_too", "i_believe_you", "sending_strength")
    ]
    items = format_html_join("", "<li>{}</li>", ((w,) for w in words if w))
    buttons = SafeString("")
    request = context.get("request")
    if request is not None and request.user.is_authenticated:
        # One masked token per page, not one per story: masking costs as much as the form.
        token = context.render_context.get("reactions_csrf_token")
        if token is None:
            token = context.render_context["reactions_csrf_token"] = get_token(request)
        buttons = format_html(
            '<div class="reaction-buttons">{}</div>',
            format_html_join(
                "",
                '<form method="post" action="{url}" class="inline-form" hx-post="{url}" '
                'hx-target="#reactions-{pk}" hx-swap="outerHTML">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                '<input type="hidden" name="on" value="{on}">'
                '<button type="submit" class="reaction{pressed_class}" aria-pressed="{pressed}">'
                "{label}</button></form>",
                (
                    {
                        "url": state["url"],
                        "pk": story.pk,
                        "token": token,
                        "on": "0" if state["pressed"] else "1",
                        "pressed_class": " pressed" if state["pressed"] else "",
                        "pressed": "true" if state["pressed"] else "false",
                        "label": state["label"],
                    }
                    for state in reaction_states(story)
                ),
            ),
        )
    return format_html(
        '<div class="reactions" id="reactions-{}"><ul class="reaction-words">{}</ul>{}</div>',
        story.pk,
        items,
        buttons,
    )
