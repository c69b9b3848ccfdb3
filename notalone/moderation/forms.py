from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notalone.core.ids import DigitsIntegerField
from notalone.moderation.models import (
    APPEAL_MAX_LENGTH,
    MODERATOR_ACTIONS,
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    ReportReason,
)
from notalone.moderation.services import MAX_SUSPEND_DAYS


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason that fits best.")},
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        help_text=_("The person who wrote it will never see your name or this note."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(kind.value, kind.label) for kind in MODERATOR_ACTIONS],
        error_messages={
            "invalid_choice": _("Unknown action. Choose hide, restore, warn, suspend or keep."),
            "required": _("Choose an action."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (the member will read it)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the reason for this decision.")},
    )
    suspend_days = DigitsIntegerField(
        label=_("For how many days"),
        required=False,
        min_value=1,
        max_value=MAX_SUSPEND_DAYS,
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should this decision change?"),
        max_length=APPEAL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tell the moderators, in a few words, why.")},
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Reverse the decision")), ("uphold", _("Keep the decision"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to reverse or keep the decision.")},
    )
    reason = forms.CharField(
        label=_("Reason (the member will read it)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the reason for this decision.")},
    )
