from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from notalone.core.places import country_choices, language_choices
from notalone.core.widgets import FastSelect, set_choices
from notalone.stories.models import (
    ContentWarning,
    Signature,
    Story,
    Visibility,
    What,
    Where,
    Who,
)
from notalone.stories.services import StoryFields, story_fields_of
from notalone.stories.text import split_hashtags


def _blank(
    label: StrOrPromise, choices: Sequence[tuple[str, StrOrPromise]]
) -> list[tuple[str, StrOrPromise]]:
    return [("", label), *choices]


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=200)
    body = forms.CharField(
        label=_("Your story"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Write as much or as little as you want. A blank line starts a new paragraph."),
    )
    content_warnings = forms.MultipleChoiceField(
        label=_("Content warnings"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers see these first and choose whether to open your story."),
    )
    hashtags = forms.CharField(
        label=_("Hashtags"),
        required=False,
        initial="#MeToo",
        max_length=600,
        help_text=_("Separated by spaces, like #MeToo #BalanceTonPorc."),
    )
    what = forms.ChoiceField(
        label=_("What happened (optional)"),
        required=False,
        choices=_blank("—", What.choices),
        widget=FastSelect,
    )
    where = forms.ChoiceField(
        label=_("Where (optional)"),
        required=False,
        choices=_blank("—", Where.choices),
        widget=FastSelect,
    )
    who = forms.ChoiceField(
        label=_("Who it was (optional)"),
        required=False,
        choices=_blank("—", Who.choices),
        widget=FastSelect,
    )
    year = forms.IntegerField(
        label=_("Year (optional)"), required=False, min_value=1900, max_value=9999
    )
    country = forms.ChoiceField(label=_("Country (optional)"), required=False, widget=FastSelect)
    language = forms.ChoiceField(
        label=_("Language of your story (optional)"), required=False, widget=FastSelect
    )
    signature = forms.ChoiceField(
        label=_("Sign it as"),
        choices=Signature.choices,
        initial=Signature.PSEUDONYM,
        widget=forms.RadioSelect,
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    allow_replies = forms.BooleanField(label=_("Members may reply"), required=False, initial=True)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        warnings = [(w.slug, w.label) for w in ContentWarning.objects.filter(is_active=True)]
        set_choices(self.fields["content_warnings"], warnings)
        set_choices(self.fields["country"], _blank("—", country_choices()))
        set_choices(self.fields["language"], _blank("—", language_choices()))
        if not self.is_bound and not self.initial.get("idempotency_key"):
            # One key per opened form: a double click or a resent form makes one story.
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def story_fields(self) -> StoryFields:
        data = self.cleaned_data
        return StoryFields(
            body=data["body"],
            title=data["title"],
            content_warnings=data["content_warnings"],
            what=data["what"],
            where=data["where"],
            who=data["who"],
            year=data["year"],
            country=data["country"],
            language=data["language"],
            hashtags=split_hashtags(data["hashtags"]),
            signature=data["signature"],
            visibility=data["visibility"],
            allow_replies=data["allow_replies"],
        )

    @classmethod
    def for_story(cls, story: Story) -> StoryForm:
        initial = dataclasses.asdict(story_fields_of(story))
        initial["hashtags"] = " ".join(f"#{name}" for name in initial["hashtags"])
        return cls(initial=initial)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Replies support. They never blame, doubt or ask for proof."),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex


class FeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Search stories"), required=False, max_length=200)
    what = forms.ChoiceField(
        label=_("What"),
        required=False,
        choices=_blank(_("Anything"), What.choices),
        widget=FastSelect,
    )
    where = forms.ChoiceField(
        label=_("Where"),
        required=False,
        choices=_blank(_("Anywhere"), Where.choices),
        widget=FastSelect,
    )
    who = forms.ChoiceField(
        label=_("Who"),
        required=False,
        choices=_blank(_("Anyone"), Who.choices),
        widget=FastSelect,
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=FastSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=FastSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["country"], _blank(_("Any country"), country_choices()))
        set_choices(self.fields["language"], _blank(_("Any language"), language_choices()))
