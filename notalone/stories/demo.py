"""Demo stories: fictional, non-graphic, and naming no real person.

Each story is put together from short, calm sentences, so that a newcomer sees a living site
(a few hundred stories, with support and replies) without anyone's real experience in it.
"""

from __future__ import annotations

import datetime
import random
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from notalone.accounts.demo import DEMO_MEMBERS
from notalone.accounts.models import User
from notalone.stories import search, services
from notalone.stories.models import EventKind, ReactionKind, Story, StoryEvent
from notalone.stories.services.counts import reconcile_hashtag_counts

DEMO_STORY_COUNT = 300

OPENINGS = [
    "It took me years to write this down.",
    "I have never told anyone this before.",
    "I am sharing this because reading other stories here helped me.",
    "This happened a long time ago, but I still think about it.",
    "I was new, and I wanted to do well.",
    "I kept telling myself it was not a big deal.",
]
MIDDLES = {
    "workplace": [
        "A manager at my first job made comments about my body in meetings, and everyone laughed.",
        "A senior colleague kept finding reasons to be alone with me after hours.",
        "When I said no to a drink after work, my shifts were suddenly cut.",
    ],
    "school": [
        "A teaching assistant sent me messages late at night that had nothing to do with the course.",
        "A coach made it clear that my place on the team depended on staying quiet.",
        "Older students spread rumours about me for a whole year.",
    ],
    "online": [
        "Someone I had never met sent me messages every day, even after I blocked them.",
        "A group chat shared a photo of me with cruel comments.",
        "An account kept replying to everything I posted with threats.",
    ],
    "public": [
        "A man followed me from the bus stop to my door, talking the whole way.",
        "On my commute, the same person stood too close every morning.",
        "Strangers shouted at me from a car while I was walking home.",
    ],
    "home": [
        "Someone in my family made me feel unsafe in my own home.",
        "My partner at the time checked my phone and decided who I could see.",
        "A relative's comments made every holiday something to dread.",
    ],
}
ENDINGS = [
    "I reported it, and it was slow, but I am glad I did.",
    "I did not report it then. I am learning that this was not my fault.",
    "I left, and it took a long time to feel like myself again.",
    "Talking to a helpline was the first step for me.",
    "If this happened to you too: I believe you.",
    "Writing this here is my way of saying: not anymore.",
]
TITLES = [
    "",
    "",
    "What I never said",
    "It was not my fault",
    "For anyone who needs to hear it",
    "Finally writing it down",
    "The job I loved",
    "Years later",
]
REPLIES = [
    "I believe you. Thank you for sharing this.",
    "Something very similar happened to me. You are not alone.",
    "Sending you strength today.",
    "It was not your fault. None of it.",
    "Thank you for trusting us with this.",
    "I am so glad you are safe now.",
]
WHERE_TO_WHAT = {
    "workplace": "harassment",
    "school": "harassment",
    "online": "bullying",
    "public": "harassment",
    "home": "other",
}
WHO_BY_WHERE = {
    "workplace": ["boss", "colleague"],
    "school": ["teacher", "acquaintance"],
    "online": ["stranger", "acquaintance"],
    "public": ["stranger"],
    "home": ["family", "partner"],
}
TAG_SETS = [
    ["MeToo"],
    ["MeToo"],
    ["MeToo"],
    ["MeToo", "MeTooIndia"],
    ["MeToo", "BalanceTonPorc"],
    ["MeToo", "YoTambién"],
    ["MeToo", "WhyIDidntReport"],
]
COUNTRIES = ["US", "GB", "FR", "IN", "ES", "MX", "DE", "NG", "ZA", "CA", "AU", "BR", ""]


@transaction.atomic
def _searchable_and_counted_now(story: Story) -> None:
    """A fresh install's stories can be searched and their hashtags counted at once, not
    after the worker has read 300 stories with its models: the two cheap jobs of the story's
    event run here (both idempotent: the worker's delivery later finds nothing to do)."""
    event = StoryEvent.objects.get(story_pk=story.pk, kind=EventKind.STORY_CREATED)
    with transaction.atomic():
        search.index_story(story)
        reconcile_hashtag_counts(event)


def load_demo(stdout: TextIO) -> None:
    members = list(
        User.objects.filter(username__in=[name for name, role in DEMO_MEMBERS if role == "member"])
    )
    if not members:
        stdout.write("Demo stories: no demo members, skipped.\n")
        return
    existing = Story.objects.filter(author__in=members).count()
    if existing >= DEMO_STORY_COUNT:
        stdout.write(f"Demo stories: {existing} already there.\n")
        return
    rng = random.Random(20171015)  # the day #MeToo went viral; fixed, so runs are repeatable
    now = timezone.now()
    # Spread over the last 60 days, oldest first, so "latest" reads as a real timeline.
    minutes_ago = sorted(
        (rng.randint(0, 60 * 24 * 60) for _ in range(DEMO_STORY_COUNT)), reverse=True
    )
    created = 0
    for number in range(existing, DEMO_STORY_COUNT):
        where = rng.choice(list(MIDDLES))
        author = rng.choice(members)
        body = "\n\n".join([rng.choice(OPENINGS), rng.choice(MIDDLES[where]), rng.choice(ENDINGS)])
        warnings = ["sexual-harassment"] if rng.random() < 0.3 else []
        story, _new = services.story_publish(
            author=author,
            fields=services.StoryFields(
                body=body,
                title=rng.choice(TITLES),
                content_warnings=warnings,
                what=WHERE_TO_WHAT[where],
                where=where,
                who=rng.choice(WHO_BY_WHERE[where]),
                year=rng.randint(1995, now.year),
                country=rng.choice(COUNTRIES),
                language="en",
                hashtags=rng.choice(TAG_SETS),
                signature="anonymous" if rng.random() < 0.4 else "pseudonym",
            ),
            idempotency_key=f"demo-{number}",
            created_at=now - datetime.timedelta(minutes=minutes_ago[number]),
        )
        _searchable_and_counted_now(story)
        for supporter in rng.sample(members, rng.randint(0, len(members))):
            if supporter.pk != author.pk:
                services.reaction_set(
                    story_id=story.public_id,
                    member=supporter,
                    kind=rng.choice(ReactionKind.values),
                    on=True,
                )
        for replier in rng.sample(members, rng.randint(0, 2)):
            if replier.pk != author.pk:
                services.reply_post(
                    story_id=story.public_id, author=replier, body=rng.choice(REPLIES)
                )
        created += 1
    stdout.write(f"Demo stories: {created} created.\n")
