"""The story, reply and feed-filter forms.

They parse types only (text, a whole number, a list of choices) and take their limits and
choices from ``stories.schema`` for the browser's benefit; the values themselves are checked
by the service with the schema's rules, so a refused value gets the same message here as in
the API.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from notalone.core.language import lazy_interpolate, lazy_number
from notalone.core.places import country_choices, language_choices
from notalone.core.widgets import FastSelect, set_choices
from notalone.stories import schema, schema_docs
from notalone.stories.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Signature, Story, Visibility
from notalone.stories.text import split_hashtags


def _blank(
    label: StrOrPromise, choices: Sequence[tuple[str, Any]]
) -> list[tuple[str, StrOrPromise]]:
    return [("", label), *choices]


class SchemaTextField(forms.CharField):
    """Text as typed (the schema strips it and checks its length, with its own message)."""

    def __init__(self, *, schema_field: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(strip=False, **kwargs)
        # Django refuses NUL here with a message of its own; the schema drops it instead.
        self.validators = []
        self.widget.attrs.update(schema_docs.html_attrs(schema_field))


class SchemaChoiceField(forms.ChoiceField):
    """One of a set of choices; an unknown value is refused by the schema, not here."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def valid_value(self, value: Any) -> bool:
        return True


class SchemaMultipleChoiceField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def valid_value(self, value: Any) -> bool:
        return True


_STATISTICS_CHOICES = [("yes", _("Yes, count it")), ("no", _("No, leave it out"))]
_STATISTICS_VALUES = {"yes": True, "no": False}


class StoryForm(forms.Form):
    title = SchemaTextField(
        label=_("Title (optional)"),
        schema_field="title",
        help_text=lazy_interpolate(_("At most %(max)d characters."), {"max": TITLE_MAX_LENGTH}),
    )
    body = SchemaTextField(
        label=_("Your story"),
        schema_field="body",
        widget=forms.Textarea(attrs={"rows": 14, "aria-required": "true"}),
        help_text=lazy_interpolate(
            _(
                "Write as much or as little as you want, up to %(max)s characters. A blank line starts a new paragraph."
            ),
            {"max": lazy_number(BODY_MAX_LENGTH)},
        ),
    )
    content_warnings = SchemaMultipleChoiceField(
        label=_("Content warnings"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers see these first and choose whether to open your story."),
    )
    hashtags = SchemaTextField(
        label=_("Hashtags"),
        initial="#MeToo",
        help_text=_("Separated by spaces, like #MeToo #BalanceTonPorc."),
    )
    what = SchemaChoiceField(
        label=_("What happened (optional)"),
        choices=_blank("—", schema.choices("what")),
        widget=FastSelect,
    )
    where = SchemaChoiceField(
        label=_("Where (optional)"),
        choices=_blank("—", schema.choices("where")),
        widget=FastSelect,
    )
    who = SchemaChoiceField(
        label=_("Who it was (optional)"),
        choices=_blank("—", schema.choices("who")),
        widget=FastSelect,
    )
    # Text, read by the schema (digits of any script; its range ends this year).
    year = SchemaTextField(label=_("Year (optional)"), schema_field="year")
    country = SchemaChoiceField(label=_("Country (optional)"), widget=FastSelect)
    language = SchemaChoiceField(label=_("Language of your story (optional)"), widget=FastSelect)
    signature = SchemaChoiceField(
        label=_("Sign it as"),
        choices=schema.choices("signature"),
        # Anonymous unless the author chooses otherwise: the safer choice is the default.
        initial=Signature.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    visibility = SchemaChoiceField(
        label=_("Who can read it"),
        choices=schema.choices("visibility"),
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    allow_replies = forms.BooleanField(label=_("Members may reply"), required=False, initial=True)
    # Unanswered is a choice too: the schema counts a public story and asks about the others.
    in_statistics = SchemaChoiceField(
        label=_("Count my story in the statistics"),
        choices=_STATISTICS_CHOICES,
        widget=forms.RadioSelect,
        help_text=schema.STATISTICS_CHOICE_HELP,
    )
    hold_blaming_replies = forms.BooleanField(
        label=_("Hold replies that seem to blame me until a moderator has read them"),
        help_text=_(
            "Before a reply that seems to blame or doubt you is sent, its writer is asked to "
            "think again. If they send it anyway, it waits for a moderator (ticked), or it is "
            "shown and a moderator reads it afterwards (not ticked). Abusive replies are always held."
        ),
        required=False,
        initial=True,
    )
    idempotency_key = SchemaTextField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["content_warnings"], schema.active_content_warnings())
        set_choices(self.fields["country"], _blank("—", country_choices()))
        set_choices(self.fields["language"], _blank("—", language_choices()))
        if not self.is_bound and not self.initial.get("idempotency_key"):
            # One key per opened form: a double click or a resent form makes one story.
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def story_fields(self) -> schema.StoryFields:
        data = self.cleaned_data
        return schema.StoryFields(
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
            in_statistics=_STATISTICS_VALUES.get(data["in_statistics"]),
            hold_blaming_replies=data["hold_blaming_replies"],
        )

    @classmethod
    def for_story(cls, story: Story) -> StoryForm:
        from notalone.stories.services import story_fields_of

        initial = dataclasses.asdict(story_fields_of(story))
        initial["hashtags"] = " ".join(f"#{name}" for name in initial["hashtags"])
        initial["in_statistics"] = {True: "yes", False: "no"}.get(initial["in_statistics"], "")
        return cls(initial=initial)


class ReplyForm(forms.Form):
    body = SchemaTextField(
        label=_("Your reply"),
        schema_field="reply_body",
        widget=forms.Textarea(attrs={"rows": 4, "aria-required": "true"}),
        help_text=_("Replies support. They never blame, doubt or ask for proof."),
    )
    idempotency_key = SchemaTextField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex


class FeedFilterForm(forms.Form):
    """Renders the filters; ``selectors.FeedFilters`` checks them with the schema."""

    q = SchemaTextField(label=_("Search stories"), schema_field="q")
    what = SchemaChoiceField(
        label=_("What"), choices=_blank(_("Anything"), schema.choices("what")), widget=FastSelect
    )
    where = SchemaChoiceField(
        label=_("Where"),
        choices=_blank(_("Anywhere"), schema.choices("where")),
        widget=FastSelect,
    )
    who = SchemaChoiceField(
        label=_("Who"), choices=_blank(_("Anyone"), schema.choices("who")), widget=FastSelect
    )
    country = SchemaChoiceField(label=_("Country"), widget=FastSelect)
    language = SchemaChoiceField(label=_("Language"), widget=FastSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["country"], _blank(_("Any country"), country_choices()))
        set_choices(self.fields["language"], _blank(_("Any language"), language_choices()))
