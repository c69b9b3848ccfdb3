"""Stories, the solidarity around them, and the hashtags that gather them.

Counts that feeds show (reactions per kind, stories per hashtag) are kept on the rows and
updated in the same transaction as the change, so a feed page costs a fixed number of
queries whatever its size.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 50_000
TITLE_MAX_LENGTH = 200
REPLY_MAX_LENGTH = 5_000
HASHTAG_MAX_LENGTH = 50


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


class ContentWarning(models.Model):
    """The operator-editable list of content warnings an author can choose from."""

    slug = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ("position", "slug")

    def __str__(self) -> str:
        return self.label


class Hashtag(models.Model):
    # As first written (e.g. "MeTooIndia"); ``key`` is the case-folded NFKC form that matches.
    name = models.CharField(max_length=HASHTAG_MAX_LENGTH)
    key = models.CharField(max_length=HASHTAG_MAX_LENGTH * 3, unique=True)
    public_story_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"#{self.name}"


class Story(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    signature = models.CharField(
        max_length=12, choices=Signature.choices, default=Signature.PSEUDONYM
    )
    # Kept on the row so a pseudonym shown on a story never needs a join, and so an account
    # deleted with "keep my stories" leaves nothing that points back to it.
    author_name = models.CharField(max_length=30, blank=True)
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    moderation_status = models.CharField(
        max_length=8, choices=ModerationStatus.choices, default=ModerationStatus.VISIBLE
    )
    # Visible to some reader in a feed: not a private draft, not hidden by a moderator. Kept
    # by the services whenever visibility or moderation status changes.
    listed = models.BooleanField(default=True, db_default=True)
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    content_warnings = models.JSONField(default=list, blank=True)
    what = models.CharField(max_length=12, choices=What.choices, blank=True)
    where = models.CharField(max_length=12, choices=Where.choices, blank=True)
    who = models.CharField(max_length=12, choices=Who.choices, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=8, blank=True)
    hashtags: models.ManyToManyField[Hashtag, StoryHashtag] = models.ManyToManyField(
        Hashtag, through="StoryHashtag", related_name="stories"
    )
    allow_replies = models.BooleanField(default=True)
    me_too_count = models.PositiveIntegerField(default=0)
    i_believe_you_count = models.PositiveIntegerField(default=0)
    sending_strength_count = models.PositiveIntegerField(default=0)
    support_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "stories"
        constraints = [
            models.UniqueConstraint(
                fields=("author", "idempotency_key"),
                condition=~Q(idempotency_key=""),
                name="story_idempotency_per_author",
            ),
        ]
        indexes = [
            models.Index(fields=("visibility", "listed", "-id"), name="story_feed_idx"),
            # "Most supported": one equality (listed) then the order, so both SQLite and
            # PostgreSQL walk the index in order and stop after a page.
            models.Index(fields=("listed", "-support_count", "-id"), name="story_supported_idx"),
            models.Index(fields=("author", "-id"), name="story_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Story {self.pk}"

    @property
    def shown_name(self) -> str:
        if self.signature == Signature.ANONYMOUS or not self.author_name:
            return str(_("Anonymous"))
        return self.author_name

    @property
    def is_public(self) -> bool:
        return (
            self.visibility == Visibility.PUBLIC
            and self.moderation_status == ModerationStatus.VISIBLE
        )


class StoryHashtag(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE)
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("hashtag", "story"), name="story_hashtag_unique"),
        ]

    def __str__(self) -> str:
        return f"story {self.story_id} #{self.hashtag_id}"


class Reaction(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=20, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("story", "member", "kind"), name="one_reaction_of_a_kind"
            ),
        ]
        indexes = [models.Index(fields=("member", "story"), name="reaction_member_idx")]

    def __str__(self) -> str:
        return f"{self.kind} on story {self.story_id}"


class Reply(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(max_length=REPLY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    hidden_by_author = models.BooleanField(default=False)
    moderation_status = models.CharField(
        max_length=8, choices=ModerationStatus.choices, default=ModerationStatus.VISIBLE
    )
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "replies"
        constraints = [
            models.UniqueConstraint(
                fields=("author", "idempotency_key"),
                condition=~Q(idempotency_key=""),
                name="reply_idempotency_per_author",
            ),
        ]
        indexes = [models.Index(fields=("story", "id"), name="reply_story_idx")]

    def __str__(self) -> str:
        return f"Reply {self.pk} to story {self.story_id}"


class Block(models.Model):
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("blocker", "blocked"), name="block_unique"),
            models.CheckConstraint(
                condition=~Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"block {self.blocker_id} -> {self.blocked_id}"


class HashtagDay(models.Model):
    """Public stories per hashtag per day: the hashtag page's timeline, precomputed."""

    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    story_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("hashtag", "day"), name="hashtag_day_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.hashtag_id} {self.day}: {self.story_count}"
