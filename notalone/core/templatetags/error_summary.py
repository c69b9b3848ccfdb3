"""The items of a refused form's error summary (core/_error_summary.html), built in one place
so the summary's heading counts exactly the errors it lists ("2 things to change", not the
number of fields with an error)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class SummaryItem:
    text: str
    label: str = ""  # the field's label; "" for an error about the whole form
    href: str = ""  # the field (or the first choice of a group of choices) it links to


@register.simple_tag(takes_context=True)
def error_summary_items(context: template.Context, form: forms.BaseForm) -> list[SummaryItem]:
    """Every error the summary lists: the form's own and its hidden fields', then each
    visible field's, in order.
    ``grouped`` (from the context: the include passes it, or not) names, space-separated,
    fields drawn as a group of choices, whose first choice (``id_…_0``) is what a link
    reaches."""
    group_names = set(str(context.get("grouped") or "").split())
    items = [SummaryItem(text=str(error)) for error in form.non_field_errors()]
    # A hidden field's error has no field to link to; it is still listed, so no refused form
    # comes back without its reason.
    items.extend(
        SummaryItem(text=str(error)) for field in form.hidden_fields() for error in field.errors
    )
    for field in form.visible_fields():
        suffix = "_0" if field.name in group_names else ""
        items.extend(
            SummaryItem(text=str(error), label=str(field.label), href=f"#{field.auto_id}{suffix}")
            for error in field.errors
        )
    return items
