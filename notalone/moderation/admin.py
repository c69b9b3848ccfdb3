from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from notalone.moderation.models import Appeal, ModerationAction, Notice, Report


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Moderation happens on /moderation/, through the one door that writes the log; the
    admin only reads, so nothing here can bypass the audit record."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    # No member column: an anonymous story's author must not be revealed here either.
    list_display = ("public_id", "created_at", "moderator_name", "action", "story_ref", "reply_ref")
    list_filter = ("action",)
    exclude = ("member",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "reason", "detector", "score", "resolved_at")
    list_filter = ("reason",)
    # Moderators never learn who reported; the admin keeps to the same rule.
    exclude = ("reporter",)


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "created_at", "decision", "decided_at")
    exclude = ("member", "decided_by")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "kind", "created_at", "read_at")
    exclude = ("member",)
