"""Reports, the moderation audit log, the notices it sends, and appeals.

Every change of moderation state goes through ``services.moderation_act``, which writes one
``ModerationAction``. That log is append-only: see ``ModerationAction`` for how and why.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notalone.core.fields import PublicIdField
from notalone.core.ids import PUBLIC_ID_LENGTH

NOTE_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 1000
APPEAL_MAX_LENGTH = 2000
SNAPSHOT_LENGTH = 200


class ReportReason(models.TextChoices):
    THREAT = "threat", _("A threat of harm")
    PERSONAL_INFORMATION = "personal_information", _("Personal information (doxxing)")
    HARASSMENT = "harassment", _("Harassment")
    VICTIM_BLAMING = "victim_blaming", _("Blaming or doubting a survivor")
    SPAM = "spam", _("Spam or advertising")
    OTHER = "other", _("Something else")


# Higher is more urgent. The queue shows the most severe first: a threat or someone's
# personal information can put a person in danger today; spam can wait.
SEVERITY: dict[str, int] = {
    ReportReason.THREAT: 3,
    ReportReason.PERSONAL_INFORMATION: 3,
    ReportReason.HARASSMENT: 2,
    ReportReason.VICTIM_BLAMING: 2,
    ReportReason.SPAM: 1,
    ReportReason.OTHER: 0,
}


class ActionKind(models.TextChoices):
    HIDE = "hide", _("Hide")
    RESTORE = "restore", _("Restore")
    WARN = "warn", _("Warn")
    SUSPEND = "suspend", _("Suspend")
    # The report does not apply: nothing changes, the reports on it are closed, and the
    # author is not told (there is nothing for them to act on, and being told they were
    # reported would only worry them).
    DISMISS = "dismiss", _("Keep it: the report does not apply")
    APPEAL_UPHELD = "appeal_upheld", _("Appeal: decision kept")
    APPEAL_GRANTED = "appeal_granted", _("Appeal: decision reversed")


# What a moderator chooses on the queue; the appeal kinds are written by appeal_decide.
MODERATOR_ACTIONS = (
    ActionKind.HIDE,
    ActionKind.RESTORE,
    ActionKind.WARN,
    ActionKind.SUSPEND,
    ActionKind.DISMISS,
)
# Decisions that act on what was reported: its reporter is told "action was taken".
ACTIONS_TAKEN = (ActionKind.HIDE, ActionKind.WARN, ActionKind.SUSPEND)
# A notice to a member who reported something: their report was read (its params say
# whether action was taken), with nothing about the member it was about.
REPORT_READ = "report_read"
NOTICE_KINDS = [*ActionKind.choices, (REPORT_READ, _("Your report was read"))]
APPEALABLE_ACTIONS = (ActionKind.HIDE, ActionKind.WARN, ActionKind.SUSPEND)


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit record."""


class ModerationActionQuerySet(models.QuerySet["ModerationAction"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The moderation log is append-only: records cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The moderation log is append-only: records cannot be deleted.")

    def forget_member(self, *, keep_story_text: bool) -> int:
        """The one sanctioned change: when a member deletes their account, the log keeps the
        decision but drops the link to them and, unless their stories stay, the words of
        theirs it quoted ("deleted means gone"). Called only by the account eraser."""
        replies = self.exclude(reply_ref="")
        changed = models.QuerySet.update(replies, member=None, target_snapshot="")
        stories = self.filter(reply_ref="")
        if keep_story_text:
            changed += models.QuerySet.update(stories, member=None)
        else:
            changed += models.QuerySet.update(stories, member=None, target_snapshot="")
        return changed


class ModerationAction(models.Model):
    """One moderation decision, kept for good.

    Append-only, because the log is how members, moderators and operators can trust the
    moderation: a decision that could be quietly edited or erased afterwards would prove
    nothing. ``save()`` refuses an existing row, ``delete()`` refuses always, the queryset
    refuses ``update()`` and ``delete()``, and the admin is read-only. (Someone with direct
    database access can still change rows; database privileges are the guard there.)

    Targets are kept as public identifiers, not foreign keys, so the record outlives a story
    or reply that its author later deletes; ``target_snapshot`` keeps what the moderator saw.
    """

    public_id = PublicIdField()
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions_taken",
    )
    # Kept so the log still says who decided after a moderator's account is gone.
    moderator_name = models.CharField(max_length=30)
    action = models.CharField(max_length=16, choices=ActionKind.choices)
    # The public identifiers of the story and reply acted on (blank when none).
    story_ref = models.CharField(max_length=PUBLIC_ID_LENGTH, blank=True, db_index=True)
    reply_ref = models.CharField(max_length=PUBLIC_ID_LENGTH, blank=True, db_index=True)
    # The member affected (a story's or reply's author, or the member acted on). SET_NULL:
    # when they delete their account, the log keeps the decision but not a link to them.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions_received",
    )
    # True when the target is an anonymous story: its author is never shown, not even here.
    member_hidden = models.BooleanField(default=False)
    target_snapshot = models.CharField(max_length=SNAPSHOT_LENGTH, blank=True)
    reason = models.TextField(max_length=REASON_MAX_LENGTH)
    suspended_until = models.DateTimeField(null=True, blank=True)
    # For the appeal kinds: the decision that was appealed.
    appealed_action = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[ModerationActionQuerySet] = ModerationActionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-id",)
        indexes = [models.Index(fields=("member", "-id"), name="modaction_member_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.public_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The moderation log is append-only: records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The moderation log is append-only: records cannot be deleted.")

    @property
    def shown_member(self) -> str:
        """Who the decision was about, as moderators may see it: never an anonymous author."""
        if self.member_hidden:
            return str(_("Anonymous"))
        if self.member is None:
            return str(_("No linked account"))
        return self.member.username


class Report(models.Model):
    """A request for a moderator to look: from a member (``reporter``) or raised by the system
    (a rule or a classifier: ``detector``, its version and its ``score``)."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports_made",
    )
    detector = models.CharField(max_length=60, blank=True)
    detector_version = models.CharField(max_length=20, blank=True)
    # How sure the detector is, from 0 to 1 (None for members' reports).
    score = models.FloatField(null=True, blank=True)
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reply = models.ForeignKey(
        "stories.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=24, choices=ReportReason.choices)
    # Kept on the row so the queue sorts in the database: SEVERITY[reason].
    severity = models.PositiveSmallIntegerField()
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.ForeignKey(
        ModerationAction, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(story__isnull=False, reply__isnull=True)
                | Q(story__isnull=True, reply__isnull=False),
                name="report_one_target",
            ),
            models.CheckConstraint(
                condition=Q(reporter__isnull=False, detector="")
                | Q(reporter__isnull=True) & ~Q(detector=""),
                name="report_member_or_system",
            ),
            models.UniqueConstraint(
                fields=("reporter", "story"),
                condition=Q(resolved_at__isnull=True, story__isnull=False),
                name="report_one_open_per_story",
            ),
            models.UniqueConstraint(
                fields=("reporter", "reply"),
                condition=Q(resolved_at__isnull=True, reply__isnull=False),
                name="report_one_open_per_reply",
            ),
            models.UniqueConstraint(
                fields=("detector", "story"),
                condition=Q(resolved_at__isnull=True, story__isnull=False, reporter__isnull=True),
                name="flag_one_open_per_story",
            ),
            models.UniqueConstraint(
                fields=("detector", "reply"),
                condition=Q(resolved_at__isnull=True, reply__isnull=False, reporter__isnull=True),
                name="flag_one_open_per_reply",
            ),
        ]
        indexes = [
            models.Index(
                fields=("resolved_at", "-severity", "created_at"), name="report_queue_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.reason})"

    @property
    def is_system_flag(self) -> bool:
        return self.reporter_id is None


class Notice(models.Model):
    """An in-app message to a member about a decision on what they wrote.

    Stored as data (``kind`` and ``params``) and worded when read, in the reader's language
    (``moderation.wording``): a notice written out in the moderator's language would stay in
    it for good.
    """

    public_id = PublicIdField()
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=16, choices=NOTICE_KINDS)
    params = models.JSONField(default=dict)
    action = models.ForeignKey(ModerationAction, on_delete=models.PROTECT, related_name="notices")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=("member", "read_at"), name="notice_member_idx")]

    def __str__(self) -> str:
        return f"Notice {self.public_id}"


class AppealDecision(models.TextChoices):
    GRANTED = "granted", _("Reversed")
    UPHELD = "upheld", _("Kept")


class Appeal(models.Model):
    public_id = PublicIdField()
    # One-to-one: a decision can be appealed once.
    action = models.OneToOneField(ModerationAction, on_delete=models.PROTECT, related_name="appeal")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    text = models.TextField(max_length=APPEAL_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=8, choices=AppealDecision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals_decided",
    )
    decision_action = models.OneToOneField(
        ModerationAction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Appeal {self.public_id}"
