from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from notalone.core.language import lazy_interpolate
from notalone.core.places import country_choices, country_name, language_choices
from notalone.core.widgets import FastSelect, set_choices
from notalone.help.models import SERVES_LABELS, TOPIC_LABELS, Kind, SourceKind
from notalone.help.place import region_name


class PlaceForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"),
        help_text=_("Kept only until you close your browser. We never guess it."),
        widget=FastSelect,
    )
    region = forms.ChoiceField(
        label=_("Region (optional)"),
        required=False,
        help_text=_("Only regions that have their own lines are listed."),
    )

    def __init__(self, *args: Any, regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["country"], [("", _("Choose a country")), *country_choices()])
        set_choices(
            self.fields["region"],
            [
                ("", _("The whole country")),
                *(
                    (code, f"{region_name(code)} ({country_name(code.split('-')[0])})")
                    for code in regions
                ),
            ],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        region = data.get("region") or ""
        if region and not region.startswith(f"{data.get('country', '')}-"):
            self.add_error("region", _("This region is not in the country you chose."))
        return data


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Words to look for"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    kind = forms.ChoiceField(label=_("Kind of help"), required=False)
    open = forms.BooleanField(label=_("Open 24 hours, 7 days"), required=False)

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        set_choices(self.fields["topic"], [("", _("Any topic")), *TOPIC_LABELS.items()])
        names = dict(language_choices())
        set_choices(
            self.fields["language"],
            [("", _("Any language")), *((code, names.get(code, code)) for code in languages)],
        )
        set_choices(self.fields["kind"], [("", _("Any kind")), *Kind.choices])


class ResourceForm(forms.Form):
    """The operator's form. Field names are the import file's columns, so errors match."""

    id = forms.SlugField(
        label=_("Id"),
        max_length=100,
        help_text=_("Lower-case letters, digits and dashes, like us-rainn-hotline. Never changes."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    country = forms.ChoiceField(label=_("Country"), widget=FastSelect)
    region = forms.CharField(
        label=_("Regions"),
        required=False,
        max_length=200,
        help_text=_("ISO 3166-2 codes separated by semicolons, like GB-ENG;GB-WLS. Empty: all."),
    )
    phone = forms.CharField(
        label=_("Phone numbers"),
        required=False,
        max_length=200,
        help_text=_("As the source prints them; several separated by semicolons."),
    )
    sms = forms.CharField(
        label=_("Text number"),
        required=False,
        max_length=260,
        help_text=_("A number, then how to use it in brackets: 741741 (text HOME)."),
    )
    url = forms.CharField(label=_("Web address"), required=False, max_length=500)
    chat_url = forms.CharField(label=_("Chat address"), required=False, max_length=500)
    hours = forms.CharField(
        label=_("Hours"),
        required=False,
        max_length=200,
        help_text=_("Write 24/7 for a line that is always open; it is then listed as open 24/7."),
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=200,
        help_text=_("ISO 639-1 codes separated by semicolons, like en;es."),
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=300,
        help_text=lazy_interpolate(
            _("Separated by semicolons: %(topics)s."), {"topics": ";".join(TOPIC_LABELS)}
        ),
    )
    description = forms.CharField(
        label=_("One-sentence description"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source_url = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("The page you checked this against."),
    )
    source_kind = forms.ChoiceField(
        label=_("Kind of source"),
        choices=[("", _("Choose")), *SourceKind.choices],
        help_text=_(
            "Primary: the service itself, a government or the ILO. Secondary: news, a law "
            "firm's note, an encyclopedia or a copy of one."
        ),
    )
    serves = forms.CharField(
        label=_("Only for"),
        required=False,
        max_length=200,
        help_text=lazy_interpolate(
            _(
                "Only when the source limits the line to a group; separated by semicolons: "
                "%(groups)s. Empty: anyone."
            ),
            {"groups": ";".join(SERVES_LABELS)},
        ),
    )
    verified_on = forms.DateField(
        label=_("Verified on"),
        help_text=_("The date you checked it, YYYY-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["country"], [("", _("Choose a country")), *country_choices()])
        if editing:
            self.fields["id"].disabled = True

    def as_values(self) -> dict[str, str]:
        """The cleaned form as import-file text, for the services."""
        values = {name: str(value or "") for name, value in self.cleaned_data.items()}
        verified = self.cleaned_data.get("verified_on")
        values["verified_on"] = verified.isoformat() if verified else ""
        return values
