from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from notalone.accounts.models import PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH


def _password(label: StrOrPromise, *, autocomplete: str) -> forms.CharField:
    """A password as typed: never stripped (spaces count), at most ``PASSWORD_MAX_LENGTH``."""
    return forms.CharField(
        label=label,
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


def _username_to_log_in() -> forms.CharField:
    """A username typed to find an account: as long as its folded key may be
    (``User.username_key``), not only as long as a new name."""
    return forms.CharField(
        label=_("Username"),
        max_length=USERNAME_MAX_LENGTH * 3,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )


class SignUpForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=USERNAME_MAX_LENGTH,
        help_text=_("A pseudonym. Others see it if you sign a story with it. Not your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters. A few unrelated words make a strong one."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class LoginForm(forms.Form):
    username = _username_to_log_in()
    password = _password(_("Password"), autocomplete="current-password")
    remember = forms.BooleanField(
        label=_("Remember this browser"),
        required=False,
        help_text=_(
            "Keeps one cookie, which holds no name, so that you can log in here even while "
            "someone else is guessing your password. Leave it off on a shared or watched device."
        ),
    )


class RecoverForm(forms.Form):
    username = _username_to_log_in()
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=64,
        help_text=_("The code you were shown when you signed up, like ABCDE-12345-…"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    new_password = _password(_("New password"), autocomplete="new-password")


class ChangePasswordForm(forms.Form):
    current_password = _password(_("Current password"), autocomplete="current-password")
    new_password = _password(_("New password"), autocomplete="new-password")


class DeleteAccountForm(forms.Form):
    KEEP = "keep"
    DELETE = "delete"
    stories = forms.ChoiceField(
        label=_("Your stories"),
        choices=[
            (DELETE, _("Delete my stories too")),
            (KEEP, _('Keep my stories, signed "Anonymous" and linked to no one')),
        ],
        widget=forms.RadioSelect,
    )
    password = _password(_("Your password, to confirm"), autocomplete="current-password")
