"""Nothing is translated when a module is imported (review of issue 11).

``gettext_lazy("... %(max)d ...") % values`` at module or class level translates at once, in
the language active at import (English), and every reader then gets English: the story
form's help texts were English on the Arabic, French, Spanish and Hindi pages. So were the
content warnings, which are database rows: their default labels are in the catalogs now.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from notalone.accounts.models import User
from notalone.core.language import lazy_interpolate, lazy_number
from notalone.stories.models import ContentWarning, Visibility
from tests.stories.factories import publish

LAZY = {"gettext_lazy", "pgettext_lazy", "ngettext_lazy", "npgettext_lazy"}
EAGER = {"gettext", "pgettext", "ngettext", "npgettext"}
ROOT = Path(__file__).resolve().parents[2] / "notalone"


def _translated_at_import(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lazy: set[str] = set()
    eager: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in LAZY:
                    lazy.add(alias.asname or alias.name)
                elif alias.name in EAGER:
                    eager.add(alias.asname or alias.name)
    found: list[str] = []

    def called(node: ast.AST, names: set[str]) -> bool:
        return (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
        )

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # runs per request, in the reader's language
            if (
                isinstance(child, ast.BinOp)
                and isinstance(child.op, ast.Mod)
                and called(child.left, lazy)
            ):
                found.append(f"{path}:{child.lineno}: lazy message % values")
            if (
                isinstance(child, ast.Attribute)
                and child.attr == "format"
                and called(child.value, lazy)
            ):
                found.append(f"{path}:{child.lineno}: lazy message .format()")
            if called(child, eager):
                found.append(f"{path}:{child.lineno}: gettext at import")
            visit(child)

    visit(tree)
    return found


def test_no_module_translates_when_imported() -> None:
    found = [
        problem
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
        for problem in _translated_at_import(path)
    ]
    assert found == []


def test_lazy_interpolate_translates_when_read() -> None:
    from django.utils.translation import gettext_lazy

    text = lazy_interpolate(gettext_lazy("At most %(max)d characters."), {"max": 200})
    with translation.override("fr"):
        assert str(text) != "At most 200 characters."
        assert "200" in str(text)
    with translation.override("en"):
        assert str(text) == "At most 200 characters."
    with translation.override("fr"):
        assert str(lazy_number(50000)).replace("\u202f", " ").replace("\xa0", " ") == "50 000"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr", "es", "hi"])
def test_the_story_form_and_its_warnings_are_in_the_readers_language(
    language: str, alice: User, alice_client: Client
) -> None:
    english = alice_client.get("/stories/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    alice_client.cookies.pop("django_language", None)
    page = alice_client.get("/stories/new/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "At most 200 characters." in english
    for sentence in ("At most 200 characters.", "Write as much or as little", "Sexual assault"):
        assert sentence not in page
    with translation.override(language):
        assert ContentWarning.reader_label("Abuse by a partner") != "Abuse by a partner"
    story = publish(
        alice, body="Text.", content_warnings=["sexual-assault"], visibility=Visibility.PUBLIC
    )
    alice_client.cookies.pop("django_language", None)
    detail = alice_client.get(
        f"/stories/{story.public_id}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    with translation.override(language):
        assert ContentWarning.reader_label("Sexual assault") in detail
    assert "Sexual assault" not in detail


def test_an_operators_own_warning_is_shown_as_written() -> None:
    with translation.override("ar"):
        assert ContentWarning.reader_label("Stalking (operator's words)") == (
            "Stalking (operator's words)"
        )
