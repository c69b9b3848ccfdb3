"""Blocking a member and muting a story (see ``stories.policy`` for what each does).

Blocking from something signed with a username blocks that member. Blocking from an
anonymous story, or from its author's replies in its thread, mutes that story and thread
instead: it never looks up, stores or shows who wrote it. And the author of an anonymous
story who blocks someone from inside its thread closes that thread to them, and nothing else:
a block between their accounts would make the author's signed stories vanish for that
person, who would then know who wrote the anonymous one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from notalone.accounts.models import User
from notalone.stories import policy
from notalone.stories.models import Block, MutedBy, Story, StoryMute


class Blocked(enum.Enum):
    MEMBER = "member"  # a member, both ways, over writing signed with a username
    STORY = "story"  # one story and its thread, for the blocker
    THREAD = "thread"  # the author's anonymous thread, closed to one member


def _block_member(blocker: User, blocked_id: int) -> Blocked:
    Block.objects.get_or_create(blocker=blocker, blocked_id=blocked_id)
    return Blocked.MEMBER


def _mute(member: User, story: Story) -> Blocked:
    StoryMute.objects.get_or_create(member=member, story=story, made_by=MutedBy.MEMBER)
    return Blocked.STORY


def _close_thread(story: Story, member_id: int) -> Blocked:
    StoryMute.objects.get_or_create(member_id=member_id, story=story, made_by=MutedBy.AUTHOR)
    return Blocked.THREAD


def _refuse_self() -> ValidationError:
    return ValidationError({"blocked": _("This is your own writing: there is no one to block.")})


@dataclass(frozen=True)
class BlockPlan:
    """What blocking from a story or reply would do, before anything is written.

    ``name`` is the username to show on the confirmation page: only when the writing it
    came from is signed with that username (a member block, or closing an anonymous thread
    to the member who replied), never for anything signed anonymously."""

    kind: Blocked
    story: Story
    name: str = ""
    member_id: int | None = field(default=None, repr=False)


def plan_block_from_story(*, blocker: User, story_id: str) -> BlockPlan:
    """What blocking the person who shared a story would do: mute it if it is signed
    anonymously, else block its author.

    ``Story.DoesNotExist`` when the blocker may not see the story: the same answer as for a
    story that does not exist, so blocking cannot probe private or hidden stories.
    ``ValidationError`` for the blocker's own story."""
    story = policy.story_for(viewer=blocker, story_id=story_id)
    if policy.is_author(blocker, story):
        raise _refuse_self()
    if policy.signed_anonymously(story) or story.author is None:
        return BlockPlan(kind=Blocked.STORY, story=story)
    return BlockPlan(
        kind=Blocked.MEMBER, story=story, name=story.author.username, member_id=story.author_id
    )


def plan_block_from_reply(*, blocker: User, reply_id: str) -> BlockPlan:
    """What blocking a reply's writer would do (``Reply.DoesNotExist`` if the blocker may
    not read the reply): mute the story when the reply is its anonymous author's, close the
    author's anonymous thread to the replier, or block the replier."""
    reply = policy.reply_for(viewer=blocker, reply_id=reply_id)
    if reply.author_id == blocker.pk:
        raise _refuse_self()
    story = reply.story
    if policy.reply_by_anonymous_author(reply, story):
        return BlockPlan(kind=Blocked.STORY, story=story)
    name = reply.author.username
    if policy.signed_anonymously(story) and policy.is_author(blocker, story):
        return BlockPlan(kind=Blocked.THREAD, story=story, name=name, member_id=reply.author_id)
    return BlockPlan(kind=Blocked.MEMBER, story=story, name=name, member_id=reply.author_id)


def _carry_out(blocker: User, plan: BlockPlan) -> Blocked:
    if plan.kind is Blocked.STORY:
        return _mute(blocker, plan.story)
    assert plan.member_id is not None
    if plan.kind is Blocked.THREAD:
        return _close_thread(plan.story, plan.member_id)
    return _block_member(blocker, plan.member_id)


@transaction.atomic
def block_from_story(*, blocker: User, story_id: str) -> Blocked:
    """Block the person who shared a story, or mute it if it is signed anonymously
    (see ``plan_block_from_story`` for the errors)."""
    return _carry_out(blocker, plan_block_from_story(blocker=blocker, story_id=story_id))


@transaction.atomic
def block_from_reply(*, blocker: User, reply_id: str) -> Blocked:
    """Block a reply's writer, or mute the story when the reply is its anonymous author's
    (see ``plan_block_from_reply``)."""
    return _carry_out(blocker, plan_block_from_reply(blocker=blocker, reply_id=reply_id))


@transaction.atomic
def unblock_member(*, blocker: User, username: str) -> bool:
    """Undo a block the member made; True if there was one."""
    deleted, _details = Block.objects.filter(blocker=blocker, blocked__username=username).delete()
    return bool(deleted)


@transaction.atomic
def unmute_story(*, member: User, story_id: str) -> bool:
    """See a muted story again; True if it was muted."""
    deleted, _details = StoryMute.objects.filter(
        member=member, story__public_id=story_id, made_by=MutedBy.MEMBER
    ).delete()
    return bool(deleted)


@transaction.atomic
def reopen_thread(*, author: User, story_id: str, username: str) -> bool:
    """Let a member back into the author's own anonymous thread; True if they were kept out."""
    deleted, _details = StoryMute.objects.filter(
        story__public_id=story_id,
        story__author=author,
        member__username=username,
        made_by=MutedBy.AUTHOR,
    ).delete()
    return bool(deleted)
