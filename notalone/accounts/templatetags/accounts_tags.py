"""``{% staff_badge user %}``: the site says who its moderators are, so no name has to.

A look-alike name ("demo-moderat\u043er") can copy a moderator's name letter for letter;
it cannot copy this badge, which comes from the account's role.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from notalone.accounts.models import User

register = template.Library()


@register.simple_tag
def staff_badge(user: object) -> SafeString | str:
    if not isinstance(user, User) or not user.staff_badge:
        return ""
    return format_html(' <span class="staff-badge">{}</span>', user.staff_badge)
