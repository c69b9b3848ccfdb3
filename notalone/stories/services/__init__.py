"""Every write to stories, reactions, replies, blocks and mutes: keyword-only, typed, atomic.

Each service asks ``stories.policy`` whether the actor may do it, changes the rows in one
transaction and records a story event there (``stories.events``) for the background work.
"""

from notalone.stories.schema import StoryFields
from notalone.stories.services.blocks import (
    BlockPlan,
    block_from_reply,
    block_from_story,
    plan_block_from_reply,
    plan_block_from_story,
    reopen_thread,
    unblock_member,
    unmute_story,
)
from notalone.stories.services.erase import erase_member_content
from notalone.stories.services.reactions import reaction_set
from notalone.stories.services.replies import reply_delete, reply_hide_by_story_author, reply_post
from notalone.stories.services.stories import (
    story_delete,
    story_edit,
    story_fields_of,
    story_publish,
    story_set_public_state,
)

__all__ = [
    "BlockPlan",
    "StoryFields",
    "block_from_reply",
    "block_from_story",
    "erase_member_content",
    "plan_block_from_reply",
    "plan_block_from_story",
    "reaction_set",
    "reopen_thread",
    "reply_delete",
    "reply_hide_by_story_author",
    "reply_post",
    "story_delete",
    "story_edit",
    "story_fields_of",
    "story_publish",
    "story_set_public_state",
    "unblock_member",
    "unmute_story",
]
