from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Iterator[None]:
    # A request in Arabic leaves Arabic active in this thread; the next test starts in English.
    yield
    translation.deactivate()
