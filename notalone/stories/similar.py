"""Stories like yours: each story's nearest public neighbours by sentence embedding.

A background job (subscriber ``stories.similar``) embeds a story when it is shared, edited,
restored or changes audience, stores the vector (``StoryEmbedding``), updates the vector index,
finds the closest public stories and stores them (``StoryNeighbour``), and offers the story to
its neighbours' lists too. Nothing is embedded or searched in a request: a page reads one
indexed query through the story policy (``neighbours_for``), so a story hidden, deleted or
made private leaves every list at once, before any job runs.

The index (models mode): usearch HNSW, cosine metric, vectors stored as f16, in
``<data dir>/similar/stories.usearch``. Only the worker touches it, one job at a time (a file
lock), and it can always be rebuilt from the stored embeddings (``rebuild_index``). Without
the ``[ml]`` extra the vectors are word-hashing ones and the search is a plain scan of the
latest ``FALLBACK_SCAN`` public embeddings.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from notalone.safety import embeddings
from notalone.safety.modes import has
from notalone.stories import policy
from notalone.stories.models import (
    EventKind,
    Story,
    StoryEmbedding,
    StoryEvent,
    StoryNeighbour,
    Visibility,
)

logger = logging.getLogger(__name__)

# How many neighbours are kept per story, and shown on its page.
KEEP = 10
SHOWN = 5
# Neighbours less similar than this are not "like yours" (cosine similarity).
MIN_SCORE = 0.25
FALLBACK_SCAN = 5000
EVENT_KINDS = (
    EventKind.STORY_CREATED,
    EventKind.STORY_EDITED,
    EventKind.STORY_VISIBILITY,
    EventKind.STORY_HIDDEN,
    EventKind.STORY_RESTORED,
    EventKind.STORY_DELETED,
)

_lock = threading.Lock()
_index: Any = None
_index_stamp: tuple[float, int] | None = None


def neighbours_for(*, viewer: Any, story: Story, limit: int = SHOWN) -> QuerySet[Story]:
    """The stories like ``story`` that ``viewer`` may see, closest first (one query).

    Never another story by the same author: beside an anonymous story, their signed one
    would name them (the job stores none; this holds even for rows written before)."""
    same_author = {"author_id": story.author_id} if story.author_id is not None else {}
    return (
        policy.visible_stories(viewer=viewer)
        .filter(similar_from__story=story, visibility=Visibility.PUBLIC)
        .exclude(**same_author)
        .order_by("similar_from__rank")
        .only("public_id", "title", "signature", "author_name", "created_at")[:limit]
    )


def _in_index(story: Story) -> bool:
    return story.listed and story.visibility == Visibility.PUBLIC


def _pack(vector: list[float]) -> bytes:
    return array("f", vector).tobytes()


def _unpack(blob: bytes | memoryview) -> list[float]:
    values = array("f")
    values.frombytes(bytes(blob))
    return values.tolist()


def index_path() -> Path:
    return Path(settings.DATA_DIR) / "similar" / "stories.usearch"


@contextlib.contextmanager
def _owned() -> Iterator[None]:
    """One job at a time, across worker processes, touches the index file."""
    path = index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, open(path.with_suffix(".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _new_index() -> Any:
    from usearch.index import Index

    return Index(ndim=embeddings.DIMENSIONS, metric="cos", dtype="f16", connectivity=16)


def _load_index() -> Any:
    """The index as the file holds it (re-read when another process changed it); rebuilt
    from the stored embeddings when missing or unreadable."""
    global _index, _index_stamp
    path = index_path()
    if path.exists():
        stat = path.stat()
        stamp = (stat.st_mtime, stat.st_size)
        if _index is not None and stamp == _index_stamp:
            return _index
        try:
            index = _new_index()
            index.load(str(path))
            _index, _index_stamp = index, stamp
            return index
        except Exception:
            logger.warning("The similar-stories index could not be read; rebuilding it.")
    return _rebuild_locked()


def _save(index: Any) -> None:
    global _index, _index_stamp
    path = index_path()
    tmp = path.with_suffix(".tmp")
    index.save(str(tmp))
    tmp.replace(path)
    stat = path.stat()
    _index, _index_stamp = index, (stat.st_mtime, stat.st_size)


def _rebuild_locked() -> Any:
    import numpy as np

    index = _new_index()
    rows = StoryEmbedding.objects.filter(indexed=True).values_list("story_id", "vector")
    keys, vectors = [], []
    for story_id, blob in rows.iterator(chunk_size=2000):
        keys.append(story_id)
        vectors.append(np.frombuffer(bytes(blob), dtype="<f4"))
    if keys:
        index.add(np.asarray(keys, dtype="uint64"), np.vstack(vectors))
    _save(index)
    return index


def rebuild_index() -> int:
    """Rebuild the index from the stored embeddings; returns how many stories it holds."""
    if not has("index"):
        return StoryEmbedding.objects.filter(indexed=True).count()
    with _owned():
        return len(_rebuild_locked())


def _search(vector: list[float], exclude: int, k: int) -> list[tuple[int, float]]:
    """(story id, cosine similarity) of the closest indexed stories, best first."""
    if has("index"):
        import numpy as np

        index = _load_index()
        if len(index) == 0:
            return []
        matches = index.search(np.asarray(vector, dtype="float32"), k + 1)
        return [
            (int(key), 1.0 - float(distance))
            for key, distance in zip(matches.keys, matches.distances, strict=False)
            if int(key) != exclude
        ][:k]
    scored = []
    rows = (
        StoryEmbedding.objects.filter(indexed=True)
        .exclude(story_id=exclude)
        .order_by("-story_id")
        .values_list("story_id", "vector")[:FALLBACK_SCAN]
    )
    for story_id, blob in rows:
        other = _unpack(blob)
        scored.append((story_id, sum(a * b for a, b in zip(vector, other, strict=False))))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:k]


def _index_put(story_id: int, vector: list[float] | None) -> None:
    if not has("index"):
        return
    import numpy as np

    index = _load_index()
    if story_id in index:
        index.remove(story_id)
    if vector is not None:
        index.add(story_id, np.asarray(vector, dtype="float32"))
    _save(index)


def _others(story_id: int, ids: list[int]) -> set[int]:
    """Of ``ids``, the public listed stories not written by the author of ``story_id``."""
    author = Story.objects.filter(pk=story_id).values_list("author_id", flat=True).first()
    candidates = Story.objects.filter(pk__in=ids, listed=True, visibility=Visibility.PUBLIC)
    if author is not None:
        candidates = candidates.exclude(author_id=author)
    return set(candidates.values_list("pk", flat=True))


def _store_neighbours(story_id: int, found: list[tuple[int, float]]) -> None:
    public = _others(story_id, [pk for pk, _s in found])
    kept = [(pk, score) for pk, score in found if pk in public and score >= MIN_SCORE][:KEEP]
    StoryNeighbour.objects.filter(story_id=story_id).delete()
    StoryNeighbour.objects.bulk_create(
        StoryNeighbour(story_id=story_id, neighbour_id=pk, rank=rank, score=score)
        for rank, (pk, score) in enumerate(kept)
    )
    return None


def _offer_to_neighbours(story_id: int, found: list[tuple[int, float]]) -> None:
    """The new story joins the list of each neighbour it is closer to than their last one."""
    others = _others(story_id, [pk for pk, _s in found])
    for other_id, score in found:
        if score < MIN_SCORE or other_id not in others:
            continue
        current = list(
            StoryNeighbour.objects.filter(story_id=other_id)
            .exclude(neighbour_id=story_id)
            .order_by("rank")
            .values_list("neighbour_id", "score")
        )
        merged = sorted([*current, (story_id, score)], key=lambda pair: -pair[1])[:KEEP]
        if (story_id, score) not in merged:
            continue
        StoryNeighbour.objects.filter(story_id=other_id).delete()
        StoryNeighbour.objects.bulk_create(
            StoryNeighbour(story_id=other_id, neighbour_id=pk, rank=rank, score=s)
            for rank, (pk, s) in enumerate(merged)
        )


def update_story(event: StoryEvent) -> None:
    """Make the embedding, the index and the neighbour lists agree with the story as it is
    now (idempotent; a story gone or no longer public leaves the index and others' lists)."""
    story = Story.objects.filter(pk=event.story_pk).only(
        "pk", "title", "body", "listed", "visibility", "moderation_status"
    )
    found_story = story.first()
    with _owned() if has("index") else contextlib.nullcontext():
        if found_story is None:
            _index_put(event.story_pk, None)
            StoryNeighbour.objects.filter(neighbour_id=event.story_pk).delete()
            return
        public = _in_index(found_story)
        stored = StoryEmbedding.objects.filter(story=found_story).first()
        if event.kind in (EventKind.STORY_CREATED, EventKind.STORY_EDITED) or stored is None:
            text = f"{found_story.title}\n\n{found_story.body}".strip()
            vector = embeddings.embed([text])[0]
        else:
            vector = _unpack(stored.vector)
        with transaction.atomic():
            StoryEmbedding.objects.update_or_create(
                story=found_story,
                defaults={
                    "vector": _pack(vector),
                    "model": embeddings.name(),
                    "indexed": public,
                    "updated_at": timezone.now(),
                },
            )
            _index_put(found_story.pk, vector if public else None)
            found = _search(vector, exclude=found_story.pk, k=KEEP * 2)
            _store_neighbours(found_story.pk, found)
            if public:
                _offer_to_neighbours(found_story.pk, found[:KEEP])
            else:
                StoryNeighbour.objects.filter(neighbour_id=found_story.pk).delete()
