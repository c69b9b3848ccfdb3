"""Stories and the hashtags that gather them, with the counts feeds show kept on the rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from notalone.core.fields import PublicIdField
from notalone.stories.models.choices import (
    BODY_MAX_LENGTH,
    HASHTAG_MAX_LENGTH,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ModerationStatus,
    Signature,
    Visibility,
    What,
    Where,
    Who,
)

# The labels of the warnings migration 0002 creates, for the catalogs: a row whose label is
# one of them is shown in the reader's language; a label an operator wrote is shown as written.
DEFAULT_WARNING_LABELS = (
    gettext_noop("Sexual assault"),
    gettext_noop("Sexual harassment"),
    gettext_noop("Violence"),
    gettext_noop("Self-harm or suicide"),
    gettext_noop("Child abuse"),
    gettext_noop("Abuse by a partner"),
)


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

    @staticmethod
    def reader_label(label: str) -> str:
        """``label`` in the active language when the catalogs have it (``DEFAULT_WARNING_LABELS``)."""
        return gettext(label) if label else label


class Hashtag(models.Model):
    # As first written (e.g. "MeTooIndia"); ``key`` is ``stories.text.hashtag_key`` of it, the
    # folded form that matches (NFKC_Casefold, accents folded: "catala" for "català").
    name = models.CharField(max_length=HASHTAG_MAX_LENGTH)
    key = models.CharField(max_length=HASHTAG_MAX_LENGTH * 3, unique=True)
    # ``stories.text.look_alike`` of the name: a new Cyrillic or Greek tag that looks like an
    # existing tag is refused (``schema_hashtags.check_hashtags``).
    look_alike = models.CharField(max_length=HASHTAG_MAX_LENGTH * 9, blank=True, db_index=True)
    public_story_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"#{self.name}"


class Story(models.Model):
    public_id = PublicIdField()
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
    # The author's choice to count the story in the site's statistics (``insights``): True,
    # False, or None for the default (``schema.counts_in_statistics``: public stories count).
    in_statistics = models.BooleanField(null=True, blank=True, default=None)
    # A blaming reply sent after its nudge: held for a moderator, or shown and queued.
    hold_blaming_replies = models.BooleanField(default=True, db_default=True)
    me_too_count = models.PositiveIntegerField(default=0)
    i_believe_you_count = models.PositiveIntegerField(default=0)
    sending_strength_count = models.PositiveIntegerField(default=0)
    support_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=IDEMPOTENCY_KEY_MAX_LENGTH, blank=True)
    # SHA-256 of what was sent with the key: a replay must send the same story.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Any save by the author (a setting too): the cards' cache key, the API's "updated_at".
    updated_at = models.DateTimeField(default=timezone.now)
    # When the author last changed the title or the text; None if never (what the PDF and
    # the story page print as "last edited"). A moderator's decision never sets it.
    text_edited_at = models.DateTimeField(null=True, blank=True)

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
        return self.title or f"Story {self.public_id}"

    @property
    def shown_name(self) -> str:
        if self.signature == Signature.ANONYMOUS or not self.author_name:
            return str(_("Anonymous"))
        return self.author_name

    @property
    def written_hashtags(self) -> list[str]:
        """The story's hashtags as its author wrote them, in the order given (prefetch
        ``HASHTAGS_PREFETCH`` to read many stories' in one query)."""
        pairs = sorted(self.storyhashtag_set.all(), key=lambda pair: pair.pk)
        return [pair.name for pair in pairs]

    @property
    def is_public(self) -> bool:
        return (
            self.visibility == Visibility.PUBLIC
            and self.moderation_status == ModerationStatus.VISIBLE
        )


# What to prefetch for ``Story.written_hashtags``.
HASHTAGS_PREFETCH = "storyhashtag_set"


class StorySearchDocument(models.Model):
    """A story's search terms, folded and cut in Python (``stories.search``): one row per
    indexed story, which each database indexes as opaque words (see ``stories.search``)."""

    story = models.OneToOneField(
        Story, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    # Space-separated ``unitext.encode_term`` words, each once.
    terms = models.TextField()

    def __str__(self) -> str:
        return f"search terms of story {self.story_id}"


class StorySearchTerm(models.Model):
    """How many search documents hold a term (its document frequency), kept by
    ``stories.search`` with the documents; PostgreSQL's search reads it to choose between
    walking the stories newest first and looking the term up in its GIN index."""

    # One ``unitext.encode_term`` word (at most 40 characters of 4 UTF-8 bytes, 2 letters each).
    term = models.CharField(max_length=400, primary_key=True)
    stories = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term}: {self.stories}"


class StoryHashtag(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE)
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE)
    # The tag as this story's author wrote it ("año", "s\u0131k"): what the story shows and its
    # edit form starts from. Only matching uses the hashtag's folded key, so another member's
    # spelling of the same key ("ano", "sik") never replaces the author's words.
    name = models.CharField(max_length=HASHTAG_MAX_LENGTH, default="", db_default="")
    # Whether this pair is in the hashtag's public counts now. The counting job compares it
    # with the story's state and applies the difference, so running it twice counts once.
    counted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("hashtag", "story"), name="story_hashtag_unique"),
        ]

    def __str__(self) -> str:
        return f"story {self.story_id} #{self.hashtag_id}"


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
