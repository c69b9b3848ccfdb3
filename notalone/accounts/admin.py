from django.contrib import admin

from notalone.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("username", "role", "is_active", "joined_on")
    list_filter = ("role", "is_active")
    search_fields = ("username",)
    fields = ("username", "role", "is_active", "joined_on")
    readonly_fields = ("username", "joined_on")
