from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notalone.accounts import services as account_services
from notalone.accounts.models import User
from notalone.core.idempotency import IdempotencyConflict
from notalone.stories import services
from notalone.stories.models import (
    Block,
    Hashtag,
    HashtagDay,
    Reaction,
    Reply,
    Story,
    StoryMute,
)
from notalone.stories.services.blocks import Blocked
from notalone.stories.text import normalize_hashtag, render_text
from tests.stories.factories import publish

pytestmark = pytest.mark.django_db


def test_a_story_gets_metoo_by_default(alice: User) -> None:
    story = publish(alice)
    assert [h.name for h in story.hashtags.all()] == ["MeToo"]
    assert Hashtag.objects.get(key="metoo").public_story_count == 1
    assert HashtagDay.objects.get(hashtag__key="metoo", day=timezone.localdate()).story_count == 1


def test_hashtags_match_without_regard_to_case_or_width(alice: User, bob: User) -> None:
    publish(alice, hashtags=["#YoTambién"])
    publish(bob, hashtags=["yotambién", "#ＹｏＴａｍｂｉéｎ"])
    tag = Hashtag.objects.get()
    assert tag.name == "YoTambién"
    assert tag.public_story_count == 2


def test_unicode_casefolding_of_hashtags() -> None:
    assert normalize_hashtag("#STRASSE")[1] == normalize_hashtag("#straße")[1]
    assert normalize_hashtag("#MeTooIndia")[1] == "metooindia"
    assert normalize_hashtag("#मीटू")[0] == "मीटू"


@pytest.mark.parametrize("bad", ["#", "#me too", "#a-b", "#" + "x" * 51, "#<script>"])
def test_an_invalid_hashtag_is_refused_with_a_reason(alice: User, bad: str) -> None:
    with pytest.raises(ValidationError) as error:
        publish(alice, hashtags=[bad])
    assert "hashtags" in error.value.message_dict
    assert not Story.objects.exists()


def test_an_empty_story_is_refused(alice: User) -> None:
    with pytest.raises(ValidationError, match="Write your story"):
        publish(alice, body="   \n  ")


def test_a_200_kb_story_is_refused_with_its_length(alice: User) -> None:
    with pytest.raises(ValidationError) as error:
        publish(alice, body="a" * 200_000)
    assert "200000 characters long" in error.value.message_dict["body"][0]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("what", "murder"),
        ("where", "moon"),
        ("who", "alien"),
        ("country", "XX"),
        ("language", "zz"),
        ("year", 1800),
    ],
)
def test_unknown_facts_are_refused_clearly(alice: User, field: str, value: object) -> None:
    with pytest.raises(ValidationError) as error:
        publish(alice, **{field: value})
    assert field in error.value.message_dict


def test_an_unknown_content_warning_is_refused(alice: User) -> None:
    with pytest.raises(ValidationError, match="Unknown content warning"):
        publish(alice, content_warnings=["spiders"])


def test_the_same_idempotency_key_makes_one_story(alice: User) -> None:
    first = publish(alice, idempotency_key="k1")
    second = publish(alice, idempotency_key="k1")
    assert first.pk == second.pk
    assert Story.objects.count() == 1


def test_the_same_idempotency_key_with_a_different_story_is_refused(alice: User) -> None:
    publish(alice, idempotency_key="k1")
    with pytest.raises(IdempotencyConflict, match="already used to share a different story"):
        publish(alice, body="different text, same submission", idempotency_key="k1")
    assert Story.objects.count() == 1


def test_idempotency_keys_belong_to_their_author(alice: User, bob: User) -> None:
    publish(alice, idempotency_key="k1")
    publish(bob, idempotency_key="k1")
    assert Story.objects.count() == 2


def test_the_body_is_rendered_as_inert_paragraphs() -> None:
    html = render_text('<b onclick="x()">hi</b>\n\n**strong** and *soft*\nnext line')
    assert "<b " not in html
    assert "<b>" not in html
    assert "&lt;b onclick=" in html
    assert "<strong>strong</strong>" in html
    assert "<em>soft</em>" in html
    assert html.count("<p>") == 2
    assert "<br>" in html


def test_reactions_count_once_per_kind_and_toggle(alice: User, bob: User, charlie: User) -> None:
    story = publish(alice)
    services.reaction_set(story_id=story.public_id, member=bob, kind="me_too", on=True)
    services.reaction_set(story_id=story.public_id, member=bob, kind="me_too", on=True)
    services.reaction_set(story_id=story.public_id, member=bob, kind="i_believe_you", on=True)
    story = services.reaction_set(story_id=story.public_id, member=charlie, kind="me_too", on=True)
    assert (story.me_too_count, story.i_believe_you_count, story.support_count) == (2, 1, 3)
    story = services.reaction_set(story_id=story.public_id, member=bob, kind="me_too", on=False)
    assert (story.me_too_count, story.support_count) == (1, 2)


def test_a_reaction_to_a_deleted_story_is_a_clear_not_found(alice: User, bob: User) -> None:
    story = publish(alice)
    services.story_delete(story=story, actor=alice)
    with pytest.raises(Story.DoesNotExist):
        services.reaction_set(story_id=story.public_id, member=bob, kind="me_too", on=True)


def test_an_unknown_reaction_kind_is_refused(alice: User, bob: User) -> None:
    story = publish(alice)
    with pytest.raises(ValidationError, match="Unknown reaction"):
        services.reaction_set(story_id=story.public_id, member=bob, kind="like", on=True)


def test_only_the_author_edits_or_deletes(alice: User, bob: User) -> None:
    story = publish(alice)
    with pytest.raises(Story.DoesNotExist):
        services.story_edit(story=story, editor=bob, fields=services.StoryFields(body="mine now"))
    with pytest.raises(Story.DoesNotExist):
        services.story_delete(story=story, actor=bob)
    story.refresh_from_db()
    assert story.body != "mine now"


def test_deleting_a_story_takes_everything_with_it(alice: User, bob: User) -> None:
    story = publish(alice, body="A sentence only this story has.")
    services.reaction_set(story_id=story.public_id, member=bob, kind="me_too", on=True)
    services.reply_post(story_id=story.public_id, author=bob, body="I believe you.")
    services.story_delete(story=story, actor=alice)
    assert not Story.objects.exists()
    assert not Reaction.objects.exists()
    assert not Reply.objects.exists()
    assert Hashtag.objects.get(key="metoo").public_story_count == 0


def test_making_a_story_private_takes_it_off_the_hashtag_count(alice: User) -> None:
    story = publish(alice)
    services.story_edit(
        story=story,
        editor=alice,
        fields=services.StoryFields(body=story.body, visibility="private"),
    )
    assert Hashtag.objects.get(key="metoo").public_story_count == 0
    services.story_edit(
        story=story,
        editor=alice,
        fields=services.StoryFields(body=story.body, hashtags=["MeToo", "Second"]),
    )
    assert Hashtag.objects.get(key="metoo").public_story_count == 1
    assert Hashtag.objects.get(key="second").public_story_count == 1


def test_the_author_controls_replies(alice: User, bob: User) -> None:
    story = publish(alice, allow_replies=False)
    with pytest.raises(PermissionDenied, match="turned replies off"):
        services.reply_post(story_id=story.public_id, author=bob, body="Thinking of you")
    open_story = publish(alice)
    reply, _ = services.reply_post(
        story_id=open_story.public_id, author=bob, body="Thinking of you"
    )
    with pytest.raises(Reply.DoesNotExist):
        services.reply_hide_by_story_author(reply_id=reply.public_id, story_author=bob, hidden=True)
    assert not Reply.objects.get().hidden_by_author
    services.reply_hide_by_story_author(reply_id=reply.public_id, story_author=alice, hidden=True)
    assert Reply.objects.get().hidden_by_author


def test_a_blocked_member_cannot_reply_or_react(alice: User, bob: User) -> None:
    story = publish(alice)
    bobs = publish(bob, body="Signed with my username.")
    assert services.block_from_story(blocker=alice, story_id=bobs.public_id) is Blocked.MEMBER
    # Alice's story is as good as gone for Bob: the same answer as for no story at all.
    with pytest.raises(Story.DoesNotExist):
        services.reply_post(story_id=story.public_id, author=bob, body="hello")
    with pytest.raises(Story.DoesNotExist):
        services.reaction_set(story_id=story.public_id, member=bob, kind="me_too", on=True)
    story.refresh_from_db()
    assert (story.reply_count, story.support_count) == (0, 0)
    assert not Reply.objects.exists()
    assert not Reaction.objects.exists()


def test_you_cannot_block_yourself(alice: User, bob: User) -> None:
    own = publish(alice)
    with pytest.raises(ValidationError, match="your own writing"):
        services.block_from_story(blocker=alice, story_id=own.public_id)
    reply, _ = services.reply_post(
        story_id=publish(bob).public_id, author=alice, body="Me too, you are not alone."
    )
    with pytest.raises(ValidationError, match="your own writing"):
        services.block_from_reply(blocker=alice, reply_id=reply.public_id)
    assert not Block.objects.exists()
    assert not StoryMute.objects.exists()


def test_a_suspended_member_cannot_post(alice: User) -> None:
    alice.suspended_until = timezone.now() + timezone.timedelta(days=1)
    alice.save(update_fields=("suspended_until",))
    with pytest.raises(PermissionDenied, match="suspended"):
        publish(alice)


def test_deleting_an_account_can_keep_stories_signed_anonymous(alice: User, bob: User) -> None:
    kept = publish(alice, body="Keep this one.")
    publish(alice, body="A private draft.", visibility="private")
    services.reaction_set(story_id=kept.public_id, member=bob, kind="me_too", on=True)
    account_services.account_delete(user=alice, keep_stories=True)
    story = Story.objects.get()
    assert story.author is None
    assert story.author_name == ""
    assert story.shown_name == "Anonymous"
    assert story.me_too_count == 1


def test_deleting_an_account_with_its_stories_removes_them(alice: User, bob: User) -> None:
    other = publish(bob)
    publish(alice)
    services.reaction_set(story_id=other.public_id, member=alice, kind="me_too", on=True)
    services.reply_post(story_id=other.public_id, author=alice, body="Me too.")
    account_services.account_delete(user=alice, keep_stories=False)
    remaining = Story.objects.get()
    assert remaining.pk == other.pk
    assert (remaining.me_too_count, remaining.support_count, remaining.reply_count) == (0, 0, 0)
    assert Hashtag.objects.get(key="metoo").public_story_count == 1
