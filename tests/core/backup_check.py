"""Run inside a restored site (`notalone shell`): print what it holds as one JSON line, and
open its escrow match with the counselor's private key (hex in TEST_COUNSELOR_KEY)."""

import json
import os

from django.test import Client

from notalone.accounts.models import Role, User
from notalone.accounts.services import api_token_create
from notalone.escrow import client as escrow_client
from notalone.escrow.counselor import open_released
from notalone.escrow.models import EscrowEntry, EscrowMatch
from notalone.moderation.models import ModerationAction, Notice
from notalone.stories.models import Reaction, Reply, Story


def _transport(token):
    browser = Client(HTTP_HOST="localhost")

    def send(method, path, body):
        call = getattr(browser, method.lower())
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if body is None:
            response = call("/api/v1/escrow" + path, **headers)
        else:
            response = call(
                "/api/v1/escrow" + path,
                json.dumps(body),
                content_type="application/json",
                **headers,
            )
        return response.status_code, json.loads(response.content) if response.content else None

    return send


counselor = User.objects.get(role=Role.COUNSELOR)
opened = [
    sorted(
        record.record["what"]
        for record in open_released(
            match, counselor_private_key=bytes.fromhex(os.environ["TEST_COUNSELOR_KEY"])
        ).records
    )
    for match in escrow_client.released_matches(_transport(api_token_create(user=counselor)))
]
print(
    "RESULT "
    + json.dumps(
        {
            "stories": sorted(Story.objects.values_list("body", flat=True)),
            "reactions": Reaction.objects.count(),
            "replies": sorted(Reply.objects.values_list("body", flat=True)),
            "notices": Notice.objects.count(),
            "actions": ModerationAction.objects.count(),
            "entries": EscrowEntry.objects.count(),
            "matches": EscrowMatch.objects.count(),
            "opened": opened,
        }
    )
)
