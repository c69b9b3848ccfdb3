"""The limits and choices every layer uses: the services, the form, the API and the feed
filters all derive theirs from these, through ``stories.schema``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 50_000


TITLE_MAX_LENGTH = 200


REPLY_MAX_LENGTH = 5_000


HASHTAG_MAX_LENGTH = 50


IDEMPOTENCY_KEY_MAX_LENGTH = 64


class What(models.TextChoices):
    HARASSMENT = "harassment", _("Harassment")
    ASSAULT = "assault", _("Assault")
    BULLYING = "bullying", _("Bullying")
    OTHER = "other", _("Something else")


class Where(models.TextChoices):
    WORKPLACE = "workplace", _("Workplace")
    SCHOOL = "school", _("School or campus")
    ONLINE = "online", _("Online")
    PUBLIC = "public", _("Street or public place")
    HOME = "home", _("Home")
    OTHER = "other", _("Somewhere else")


class Who(models.TextChoices):
    BOSS = "boss", _("Boss or supervisor")
    COLLEAGUE = "colleague", _("Colleague")
    TEACHER = "teacher", _("Teacher or coach")
    PARTNER = "partner", _("Partner or ex-partner")
    FAMILY = "family", _("Family member")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")
    STRANGER = "stranger", _("Stranger")
    OTHER = "other", _("Someone else")


class Signature(models.TextChoices):
    PSEUDONYM = "pseudonym", _("My username")
    ANONYMOUS = "anonymous", _("Anonymous")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members only")
    PRIVATE = "private", _("Only me (a private draft)")


class ModerationStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")


class ReactionKind(models.TextChoices):
    ME_TOO = "me_too", _("Me too")
    I_BELIEVE_YOU = "i_believe_you", _("I believe you")
    SENDING_STRENGTH = "sending_strength", _("Sending strength")


class MutedBy(models.TextChoices):
    MEMBER = "member", _("The member muted the story")
    AUTHOR = "author", _("The story's author closed it to the member")


class EventKind(models.TextChoices):
    STORY_CREATED = "story.created", _("A story was shared")
    STORY_EDITED = "story.edited", _("A story was edited")
    STORY_VISIBILITY = "story.visibility", _("A story's audience changed")
    STORY_HIDDEN = "story.hidden", _("A story was hidden by a moderator")
    STORY_RESTORED = "story.restored", _("A story was restored by a moderator")
    STORY_DELETED = "story.deleted", _("A story was deleted")
    REPLY_CREATED = "reply.created", _("A reply was posted")
    REPLY_HIDDEN = "reply.hidden", _("A reply was hidden")
    REPLY_RESTORED = "reply.restored", _("A reply was shown again")
    REPLY_DELETED = "reply.deleted", _("A reply was deleted")
