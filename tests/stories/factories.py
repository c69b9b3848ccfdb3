from __future__ import annotations

from typing import Any

from notalone.accounts.models import User
from notalone.stories import services
from notalone.stories.models import Story


def publish(
    author: User, body: str = "It happened at work, and I stayed quiet for years.", **fields: Any
) -> Story:
    idempotency_key = fields.pop("idempotency_key", "")
    story, _created = services.story_publish(
        author=author,
        fields=services.StoryFields(body=body, **fields),
        idempotency_key=idempotency_key,
    )
    return story
