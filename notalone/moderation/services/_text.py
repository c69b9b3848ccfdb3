"""Text helpers shared by the moderation services."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from notalone.core.textrules import cluster_problem

_SPACES = re.compile(r"\s+")


def one_line(text: str, length: int) -> str:
    flat = _SPACES.sub(" ", text).strip()
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def clean_text(text: str, *, field: str, max_length: int, empty_message: str) -> str:
    text = text.replace("\x00", "").strip()
    if not text:
        raise ValidationError({field: [empty_message]})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: [
                    _("Please keep this under %(max)d characters (it has %(count)d).")
                    % {"max": max_length, "count": len(text)}
                ]
            }
        )
    problem = cluster_problem(text)
    if problem:
        raise ValidationError({field: [problem]})
    return text
