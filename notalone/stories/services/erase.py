"""Account deletion: what happens to the stories, replies and reactions of a member."""

from __future__ import annotations

from django.db.models import F

from notalone.accounts.models import User
from notalone.core import pagecache
from notalone.stories import events
from notalone.stories.models import (
    EventKind,
    Reaction,
    ReactionKind,
    Reply,
    Signature,
    Story,
    Visibility,
)
from notalone.stories.services.reactions import COUNT_FIELD
from notalone.stories.services.replies import remove_reply
from notalone.stories.services.stories import remove_story


def erase_member_content(user: User, keep_stories: bool) -> None:
    """Registered with accounts.registry; runs inside the deletion's transaction.

    With ``keep_stories`` the member's shared stories stay, signed "Anonymous" and linked to
    no one (private drafts go: they would be kept for no reader); otherwise they go too.
    Replies and reactions always go, and the counts they were in are kept right.
    """
    pagecache.invalidate_on_commit()
    for story in Story.objects.filter(author=user):
        if keep_stories and story.visibility != Visibility.PRIVATE:
            story.author = None
            story.author_name = ""
            story.signature = Signature.ANONYMOUS
            story.idempotency_key = ""
            story.idempotency_fingerprint = ""
            # ``updated_at`` stays as it was: stamped now on every kept story, it would show
            # which stories (anonymous ones included) belonged to the deleted account.
            story.save(
                update_fields=(
                    "author",
                    "author_name",
                    "signature",
                    "idempotency_key",
                    "idempotency_fingerprint",
                )
            )
            events.record(EventKind.STORY_VISIBILITY, story_pk=story.pk)
        else:
            remove_story(story)
    for reaction in Reaction.objects.filter(member=user):
        field = COUNT_FIELD[ReactionKind(reaction.kind)]
        Story.objects.filter(pk=reaction.story_id).update(
            **{field: F(field) - 1, "support_count": F("support_count") - 1}
        )
    for reply in Reply.objects.filter(author=user).select_related("story"):
        remove_reply(reply)
