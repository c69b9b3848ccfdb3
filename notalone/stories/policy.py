"""The story policy: who may see, react to, reply to, report or block from a story or reply.

Every page, API route, feed, hashtag page, search, export, PDF, notice and block action asks
this module; nothing else filters on visibility, moderation status or blocks. A rule written
twice is a block that one path forgets, and here that is a safety fault.

The rules
- A reader who is not signed in sees public stories that no moderator hid. A signed-in member
  also sees members-only ones. The author always sees their own, private drafts and hidden
  ones included. A moderator also sees hidden stories and replies (to review them).
- **Blocks between members** are made only from writing signed with a username. They separate
  the two members in both directions, but only over writing signed with a username: each stops
  seeing the other's pseudonymous stories and username-signed replies, and neither can react
  or reply to the other's pseudonymous stories. A block never consults who wrote anything
  signed anonymously: otherwise blocking someone could show which anonymous stories are theirs
  (they would vanish), and being blocked could show who wrote an anonymous story (it would
  refuse your reply).
- **Muting a story** is what blocking does from an anonymous story, or from its author's own
  replies in its thread (signed "the person who shared"). The member stops seeing that story
  and its thread, and can no longer reply or react there. Nothing else changes.
- **The person who shared sees their whole thread**: every reply others can read under their
  story, whoever blocked or muted whom, so that they can always hide, report or answer it.
- **Anonymous signatures hold in replies too**: the author's reply in the thread of their own
  anonymous story is signed "the person who shared", to every reader, moderators included.
- Whatever a viewer may not see answers exactly as something that does not exist
  (``DoesNotExist``, shown as 404), never as "forbidden".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.core.ids import parse_public_id
from notalone.core.unitext import isolate
from notalone.stories.models import (
    Block,
    ModerationStatus,
    Reply,
    Signature,
    Story,
    StoryMute,
    Visibility,
)

Viewer = User | AnonymousUser


def member_of(viewer: Viewer | None) -> User | None:
    """The viewer as an active member, or None for anyone else."""
    if isinstance(viewer, User) and viewer.is_active:
        return viewer
    return None


def _is_moderator(member: User | None) -> bool:
    return member is not None and member.is_moderator


# ---------------------------------------------------------------------------------------
# Blocks and mutes: who is separated from whom


def _separated_ids(member: User) -> QuerySet[Any, Any]:
    """Subquery: every member separated from ``member`` by a block, in either direction."""
    return (
        Block.objects.filter(Q(blocker=member) | Q(blocked=member))
        # One column whichever side the member is on: the other one.
        .annotate(other=F("blocked_id") + F("blocker_id") - member.pk)
        .values("other")
    )


def _muted_story_ids(member: User) -> QuerySet[Any, Any]:
    return StoryMute.objects.filter(member=member).values("story_id")


def signed_anonymously(story: Story) -> bool:
    return story.signature == Signature.ANONYMOUS


def reply_by_anonymous_author(reply: Reply, story: Story) -> bool:
    """True for the author's own reply in their anonymous story's thread."""
    return signed_anonymously(story) and reply.author_id == story.author_id


def reply_shown_name(reply: Reply, story: Story) -> str:
    """How a reply is signed for every reader: the username, or "the person who shared" for
    the author of an anonymous story replying in its thread."""
    if reply.author_id is not None and reply.author_id == story.author_id:
        if signed_anonymously(story):
            return str(_("The person who shared"))
        return str(_("%(name)s (who shared)") % {"name": isolate(reply.author.username)})
    return reply.author.username


# ---------------------------------------------------------------------------------------
# Stories


def is_listed(story: Story) -> bool:
    """Readable by someone other than its author (not a private draft, not hidden): kept on
    the row as ``listed`` by the services, so feeds can walk an index."""
    return (
        story.moderation_status == ModerationStatus.VISIBLE
        and story.visibility != Visibility.PRIVATE
    )


def open_to_moderators(story: Story) -> bool:
    """Whether moderators may read this story, or a reply on it, and detectors (a rule or a
    classifier, not a person) may put it before them: never while it is a private draft.

    Only its author can read a draft ("Only you can see it"), whatever it was before: a story
    shared, reported, then made private by its author is no longer anyone else's to read, and
    what the author writes into it from then on must not reach the moderators' pages or their
    permanent log. Its open reports and flags wait, out of the queue, and come back if it is
    shared again; a detector that fires on a draft (crisis cues, say) has already shown the
    writer what it had to show. Appeals are the author's own request, about a decision taken
    while the story was shared, and show only what the log kept then."""
    return story.visibility != Visibility.PRIVATE


def drafts_q(story_path: str = "") -> Q:
    """The rows whose story (reached through ``story_path``, such as ``"reply__story__"``) is
    a private draft: what ``open_to_moderators`` keeps from moderators, for a query."""
    return Q(**{f"{story_path}visibility": Visibility.PRIVATE})


# Feeds are read by two audiences: readers who are not signed in, and members.
PUBLIC_AUDIENCE = "public"
MEMBERS_AUDIENCE = "members"


def audience_of(viewer: Viewer | None) -> str:
    """``MEMBERS_AUDIENCE`` for an active member, else ``PUBLIC_AUDIENCE``."""
    return PUBLIC_AUDIENCE if member_of(viewer) is None else MEMBERS_AUDIENCE


def audience_stories(audience: str) -> QuerySet[Story]:
    """Every story an audience may read in a feed, before any member's own blocks and mutes.
    The same list for every reader of that audience: what feeds may render once and share."""
    # ``listed`` is "visible and not a private draft". (``listed__in=[True]``, not
    # ``listed=True``: Django writes the latter as a bare column, which SQLite cannot match
    # to an index, and then sorts the whole table.)
    if audience == MEMBERS_AUDIENCE:
        return Story.objects.filter(listed__in=[True])
    return Story.objects.filter(listed__in=[True], visibility=Visibility.PUBLIC)


def visible_stories(*, viewer: Viewer | None) -> QuerySet[Story]:
    """Every story the viewer may read in a feed, a hashtag page or search results: their
    audience's stories less what ``FeedExclusions`` takes out (the same rule, in SQL)."""
    member = member_of(viewer)
    if member is None:
        return audience_stories(PUBLIC_AUDIENCE)
    return (
        audience_stories(MEMBERS_AUDIENCE)
        .exclude(signature=Signature.PSEUDONYM, author_id__in=_separated_ids(member))
        .exclude(id__in=_muted_story_ids(member))
    )


@dataclass(frozen=True)
class FeedExclusions:
    """What one member's blocks and mutes take out of their audience's stories, in Python:
    ``visible_stories`` = ``audience_stories`` less every story ``hides`` answers True for.
    ``separated``: member ids blocked either way; ``muted``: story ids (primary keys)."""

    separated: frozenset[int] = frozenset()
    muted: frozenset[int] = frozenset()

    def hides(self, *, story_id: int, author_id: int | None, signature: str) -> bool:
        if story_id in self.muted:
            return True
        # A block never consults who wrote anything signed anonymously.
        return signature == Signature.PSEUDONYM and author_id in self.separated


def feed_exclusions(viewer: Viewer | None) -> FeedExclusions:
    """The viewer's ``FeedExclusions``, read now from the primary (one indexed query: a block
    holds at once, whatever any cache holds); none for a reader who is not a member."""
    member = member_of(viewer)
    if member is None:
        return FeedExclusions()
    sql, params = feed_exclusions_query(member)
    with connections[router.db_for_read(Block)].cursor() as cursor:
        cursor.execute(sql, params)
        return feed_exclusions_from(cursor.fetchall())


def feed_exclusions_query(member: User) -> tuple[str, list[int]]:
    """The statement ``feed_exclusions`` runs on the primary, for a caller that reads more in
    the same round trip (``UNION ALL``, ``stories.cardlist``): rows of (0, a member blocked
    either way, NULL) and (1, a muted story's primary key, NULL)."""
    # One statement written out: building it through the ORM cost more than running it.
    # Blocks and mutes are read from the primary only (``core.dbrouting``).
    block, mute = Block._meta.db_table, StoryMute._meta.db_table
    sql = (
        f"SELECT 0, CASE WHEN blocker_id = %s THEN blocked_id ELSE blocker_id END, NULL "  # noqa: S608  (table names from the models)
        f"FROM {block} WHERE blocker_id = %s OR blocked_id = %s "
        f"UNION ALL SELECT 1, story_id, NULL FROM {mute} WHERE member_id = %s"
    )
    return sql, [member.pk] * 4


def feed_exclusions_from(rows: Iterable[Sequence[Any]]) -> FeedExclusions:
    """``FeedExclusions`` from ``feed_exclusions_query``'s rows (rows of other kinds, which a
    caller's ``UNION ALL`` added, are left out)."""
    separated: set[int] = set()
    muted: set[int] = set()
    for kind, other, *_rest in rows:
        if kind == 0:
            separated.add(other)
        elif kind == 1:
            muted.add(other)
    return FeedExclusions(separated=frozenset(separated), muted=frozenset(muted))


def may_see_story(viewer: Viewer | None, story: Story) -> bool:
    member = member_of(viewer)
    if member is not None and story.author_id == member.pk:
        return True
    if story.visibility == Visibility.PRIVATE:
        return False
    if story.visibility == Visibility.MEMBERS and member is None:
        return False
    if story.moderation_status != ModerationStatus.VISIBLE and not _is_moderator(member):
        return False
    if member is None:
        return True
    return not _separated_from(member, story)


def _separated_from(member: User, story: Story) -> bool:
    """Muted, or (signed with a username only) blocked either way. Asked once per member
    and story object: a page asks several questions about the same story."""
    answers: dict[int, bool] = story.__dict__.setdefault("_separated_from", {})
    if member.pk not in answers:
        muted = StoryMute.objects.filter(member=member, story=story)
        if signed_anonymously(story) or story.author_id is None:
            answers[member.pk] = muted.exists()
        else:
            blocked = Block.objects.filter(
                Q(blocker=member, blocked_id=story.author_id)
                | Q(blocker_id=story.author_id, blocked=member)
            )
            answers[member.pk] = muted.exists() or blocked.exists()
    return answers[member.pk]


def story_for(*, viewer: Viewer | None, story_id: object) -> Story:
    """The story with this public identifier, if the viewer may see it; otherwise
    ``Story.DoesNotExist``, exactly as for an identifier that was never given out."""
    public_id = parse_public_id(story_id)
    if public_id is None:
        raise Story.DoesNotExist
    story = Story.objects.select_related("author").get(public_id=public_id)
    if not may_see_story(viewer, story):
        raise Story.DoesNotExist
    return story


def own_story(*, viewer: Viewer | None, story_id: object) -> Story:
    """The viewer's own story (to edit, delete or download); ``DoesNotExist`` otherwise."""
    story = story_for(viewer=viewer, story_id=story_id)
    if not is_author(viewer, story):
        raise Story.DoesNotExist
    return story


def is_author(viewer: Viewer | None, story: Story) -> bool:
    member = member_of(viewer)
    return member is not None and story.author_id == member.pk


def check_may_write(viewer: Viewer | None) -> User:
    """The member who may share, reply and react: signed in and not suspended."""
    return _check_can_write(member_of(viewer))


def _check_can_write(member: User | None) -> User:
    if member is None:
        raise PermissionDenied(_("Log in to do this."))
    if not member.can_post:
        raise PermissionDenied(_("Your account is suspended, so you cannot post for now."))
    return member


def _check_can_interact(viewer: Viewer | None, story: Story) -> User:
    """Reacting and replying: the story must be readable and, for anyone but its author,
    visible (a moderator reviewing a hidden story does not answer it)."""
    if not may_see_story(viewer, story):
        raise Story.DoesNotExist
    member = _check_can_write(member_of(viewer))
    if story.author_id != member.pk and story.moderation_status != ModerationStatus.VISIBLE:
        raise Story.DoesNotExist
    return member


def check_may_react(viewer: Viewer | None, story: Story) -> User:
    """The member who may react; ``DoesNotExist`` or ``PermissionDenied`` otherwise."""
    return _check_can_interact(viewer, story)


def check_may_reply(viewer: Viewer | None, story: Story) -> User:
    member = _check_can_interact(viewer, story)
    if not story.allow_replies and story.author_id != member.pk:
        raise PermissionDenied(_("The person who shared this story has turned replies off."))
    return member


def may_reply(viewer: Viewer | None, story: Story) -> bool:
    """Whether to offer the reply form (the service checks again when it is sent)."""
    try:
        check_may_reply(viewer, story)
    except (Story.DoesNotExist, PermissionDenied):
        return False
    return True


def may_report_or_block(viewer: Viewer | None, story: Story) -> bool:
    member = member_of(viewer)
    return member is not None and story.author_id != member.pk and may_see_story(viewer, story)


# ---------------------------------------------------------------------------------------
# Replies


def visible_replies(*, viewer: Viewer | None, story: Story) -> QuerySet[Reply]:
    """The replies in a story's thread the viewer may read, oldest first. The caller has
    already checked (with ``story_for``) that the viewer may see the story."""
    member = member_of(viewer)
    replies = Reply.objects.filter(story=story).select_related("author").order_by("id")
    if not _is_moderator(member):
        replies = replies.filter(moderation_status=ModerationStatus.VISIBLE)
    if member is None:
        return replies.filter(hidden_by_author=False)
    if story.author_id == member.pk:
        # The person who shared sees every reply that others can read under their story,
        # whoever blocked or muted whom: a reply they could not see would stay public with
        # no way for them to hide, report or answer it, and comparing their view with a
        # stranger's would tell them who blocked or muted them. A block or a mute stops new
        # replies and reactions (``may_reply``); it never hides what is already there from
        # the thread's owner.
        return replies
    replies = replies.filter(Q(hidden_by_author=False) | Q(author=member))
    separated = Q(author_id__in=_separated_ids(member))
    if signed_anonymously(story) and story.author_id is not None:
        # The author's own replies here are signed anonymously: no block applies to them.
        separated &= ~Q(author_id=story.author_id)
    return replies.exclude(separated)


def reply_for(*, viewer: Viewer | None, reply_id: object) -> Reply:
    """The reply with this public identifier, if the viewer may read it (and its story);
    ``Reply.DoesNotExist`` otherwise, exactly as for one that never existed."""
    public_id = parse_public_id(reply_id)
    if public_id is None:
        raise Reply.DoesNotExist
    reply = Reply.objects.select_related("story", "story__author", "author").get(
        public_id=public_id
    )
    try:
        story_for(viewer=viewer, story_id=reply.story.public_id)
    except Story.DoesNotExist:
        raise Reply.DoesNotExist from None
    if not visible_replies(viewer=viewer, story=reply.story).filter(pk=reply.pk).exists():
        raise Reply.DoesNotExist
    return reply


def own_reply(*, viewer: Viewer | None, reply_id: object) -> Reply:
    """A reply the viewer wrote and may still read; ``Reply.DoesNotExist`` otherwise (for
    another member's reply exactly as for one that never existed)."""
    reply = reply_for(viewer=viewer, reply_id=reply_id)
    member = member_of(viewer)
    if member is None or reply.author_id != member.pk:
        raise Reply.DoesNotExist
    return reply


def may_report_or_block_reply(viewer: Viewer | None, reply: Reply) -> bool:
    member = member_of(viewer)
    return member is not None and reply.author_id != member.pk
