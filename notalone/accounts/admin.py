from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from notalone.accounts.models import User


class LookAlikeFilter(admin.SimpleListFilter):
    """Accounts that migration 0005 found looking like an older account's name (they have
    no skeleton): docs/OPERATING.md, "Look-alike usernames", says what to do about them."""

    title = _("look-alike names")
    parameter_name = "look_alike"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[User]
    ) -> list[tuple[str, str]]:
        return [("yes", str(_("Looks like an older account's name")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() == "yes":
            return queryset.filter(username_skeleton__isnull=True)
        return queryset


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("username", "role", "is_active", "joined_on")
    list_filter = ("role", "is_active", LookAlikeFilter)
    search_fields = ("username",)
    fields = ("username", "role", "is_active", "joined_on")
    readonly_fields = ("username", "joined_on")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Accounts are made by signing up (or `notalone createsuperuser`), where the one
        # username rule and its look-alike check apply; not by a form that skips them.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Deleting an account goes through the member's own "Delete my account" (keep or
        # delete their stories, counts kept right, cached pages cleared). The admin's delete
        # would skip all of it, and its confirmation page lists the member's replies, the
        # anonymous author's among them. Operators deactivate an account instead.
        return False
