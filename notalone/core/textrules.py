"""Rules every piece of member-written text follows, whichever form or API sent it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from notalone.core.unitext import MAX_CLUSTER_CODE_POINTS, overlong_cluster


def cluster_problem(text: str, limit: int = MAX_CLUSTER_CODE_POINTS) -> str | None:
    """The message for a writer whose text holds one symbol made of more than ``limit``
    characters (``unitext.overlong_cluster``), or None. Such a symbol cannot wrap: it would
    widen every page that shows it and push quick exit off a phone's screen."""
    cluster = overlong_cluster(text, limit)
    if cluster is None:
        return None
    return _(
        "Part of this text joins %(count)d characters into one symbol (for example emoji "
        "chained by invisible joiners, or one letter under many marks), which no screen can "
        "wrap. Please break it up or remove it."
    ) % {"count": len(cluster)}
