"""The filter form's shared copy (stories/views/feeds.py) is keyed by what it shows: the
filters and the order, never by other parameters, which a client can make up without end."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from notalone.stories.views.feeds import _filters_from, _filters_html, _filters_key

pytestmark = pytest.mark.django_db


def test_made_up_parameters_share_one_copy_and_filters_do_not() -> None:
    factory = RequestFactory()
    junk = [factory.get("/stories/", {"q": "work", f"x{n}": "1"}) for n in range(3)]
    assert len({_filters_key(request) for request in junk}) == 1
    keys = {
        _filters_key(factory.get("/stories/", query))
        for query in ({}, {"q": "work"}, {"q": "home"}, {"sort": "supported"}, {"what": "x"})
    }
    assert len(keys) == 5
    # An unbound form (no parameter) and a bound one (only made-up ones) are told apart...
    assert _filters_key(factory.get("/stories/")) != _filters_key(factory.get("/stories/?x=1"))
    # ...and render the same, so either copy is right for the other.
    plain, made_up = factory.get("/stories/"), factory.get("/stories/?x=1")
    assert _filters_html(plain, _filters_from(plain)) == _filters_html(
        made_up, _filters_from(made_up)
    )
