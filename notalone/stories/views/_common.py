"""What every story view shares: the member of a request, the story it names (or 404), a
story's address, the words that confirm a save, and the crisis lines shown after words that
suggest danger."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notalone import safety
from notalone.accounts.models import User
from notalone.help.place import place_of
from notalone.help.selectors import Place, help_now_lines
from notalone.stories import policy
from notalone.stories.models import (
    Story,
    Visibility,
)

# A form is sent once: sent again with other words (after "Back"), the first stays as it was.
_SENT_ALREADY = gettext_lazy(
    "This form was already sent, with other words, and that is what was shared. To change it, "
    "open it from your stories and edit it; to share something new, start again from a new form."
)


def _saved_message(story: Story, *, created: bool) -> str:
    """Exactly what happened to the story, and who can now read it."""
    if story.visibility == Visibility.PRIVATE:
        if created:
            return _("Your draft is saved. Only you can see it.")
        return _("Your changes are saved. It is a private draft: only you can see it.")
    if story.visibility == Visibility.MEMBERS:
        if created:
            return _(
                "Your story is shared with signed-in members. Thank you for trusting us with it."
            )
        return _("Your changes are saved. Signed-in members can read it.")
    if created:
        return _("Your story is shared with everyone. Thank you for trusting us with it.")
    return _("Your changes are saved. Everyone can read it.")


def _member(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _story_or_404(request: HttpRequest, story_id: str, *, own: bool = False) -> Story:
    find = policy.own_story if own else policy.story_for
    try:
        return find(viewer=request.user, story_id=story_id)
    except Story.DoesNotExist:
        raise Http404 from None


def story_url(story: Story, anchor: str = "") -> str:
    url = reverse("stories:detail", kwargs={"story_id": story.public_id})
    return f"{url}#{anchor}" if anchor else url


# Set when the writer's own words suggest danger or self-harm; the next page of that story
# shows the crisis lines for their country at its top (once). The value is the story's public
# identifier, with ":reply" when the words were a reply (the writer is then not the story's
# author, and the story's country is not theirs).
CRISIS_SESSION_KEY = "safety_crisis_story"
_FROM_REPLY = ":reply"
# Lines about suicide and crisis come first: the box answers danger or self-harm now.
_CRISIS_TOPIC = "suicide-crisis"


def _crisis_lines(request: HttpRequest, story: Story) -> dict[str, object]:
    """The crisis lines for the writer's chosen country: their story's country, else the
    place they chose on the help pages. With no country chosen, no other country's lines
    (a US number is no help in India): the operator's default line and the way to choose."""
    session = getattr(request, "session", None)
    marked = session.get(CRISIS_SESSION_KEY) if session is not None else None
    if marked not in (story.public_id, story.public_id + _FROM_REPLY):
        return {}
    assert session is not None
    session.pop(CRISIS_SESSION_KEY, None)
    from_reply = marked != story.public_id
    place = Place(country=story.country) if story.country and not from_reply else place_of(request)
    local: list[Any] = []
    if place.country:
        local, elsewhere = help_now_lines(place=place, limit=8)
        local = local or elsewhere
        local.sort(key=lambda line: _CRISIS_TOPIC not in line.topic_list)
    return {
        "crisis_lines": local[:4],
        "crisis_shown": True,
        "crisis_country": place.country,
        "crisis_place": place,  # the call links: every number of its own lines is linked
    }


# The page opens at the crisis lines (a fragment left out would be the form's, kept by the
# browser across the redirect, and a reply's page would open at the replies, below the box).
CRISIS_ANCHOR = "crisis-lines"
# Where a story's page opens after it is shared or edited: the page's main content, with the
# confirmation at its top. A redirect whose address has no fragment keeps the one the form was
# sent to (the form posts to "#pii-found", so its PII step opens at the panel), and the
# story's address would carry "#pii-found" on.
SAVED_ANCHOR = "main"


def _crisis_check(request: HttpRequest, story: Story) -> str:
    """Never blocks: the story is shared; its page then shows the crisis lines first. The
    fragment its page opens at: the crisis lines, or none."""
    if safety.detect_crisis(f"{story.title}\n{story.body}").crisis:
        request.session[CRISIS_SESSION_KEY] = story.public_id
        return CRISIS_ANCHOR
    return ""


def mark_crisis_reply(request: HttpRequest, story: Story) -> None:
    """A reply's words suggest danger: the story's page shows the lines of the replier's place."""
    request.session[CRISIS_SESSION_KEY] = story.public_id + _FROM_REPLY
