"""Every user-facing string goes through Django's translation functions.

Templates: each text node and each user-facing attribute (aria-label, placeholder, title,
alt, value of a button) must come from a variable or from {% translate %} /
{% blocktranslate %}; any letter written in the template itself fails, unless it is in the
reviewed allow-list below. Python: a literal given straight to a message, a form label or
help text, a validation error or an API error is refused (it must be wrapped in gettext).
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2] / "notalone"
TEMPLATES = sorted(ROOT.glob("**/templates/**/*.html"))
HOLE = " "

# Reviewed: words that are the same in every language (names, symbols).
ALLOWED_TEXT = {
    "NotAlone",
    "X",
    "UTC",
    "ε",
    "API",
    "PDF",
    "CSV",
    "JSON",
    "ID",
    "ISO 3166-1",
    # Platform names in the escrow's menu.
    "X (Twitter)",
    "Instagram",
    "Facebook",
    "TikTok",
    "LinkedIn",
    "Reddit",
    "YouTube",
    "Snapchat",
    "GitHub",
    "Mastodon",
}
# Commands and code are typed as they are, in every language.
VERBATIM_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp"}
USER_FACING_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "aria-description"}
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def _flatten(source: str) -> str:
    """The template with every tag and variable replaced by a hole, and translated text
    (inside blocktranslate) removed, so what is left is what the template itself says."""
    out: list[str] = []
    in_blocktranslate = False
    in_comment = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name == "comment":
                in_comment = True
            elif name == "endcomment":
                in_comment = False
            elif name in ("blocktranslate", "blocktrans"):
                in_blocktranslate = True
            elif name in ("endblocktranslate", "endblocktrans"):
                in_blocktranslate = False
            out.append(HOLE)
        elif token.token_type == TokenType.VAR:
            out.append(HOLE)
        elif token.token_type == TokenType.TEXT:
            # A {% comment %} block is for the template's reader, not the page's.
            out.append(HOLE if in_blocktranslate or in_comment else token.contents)
    return "".join(out)


def _untranslated(text: str) -> str | None:
    text = " ".join(text.replace(HOLE, " ").split())
    if not text or text in ALLOWED_TEXT or not LETTER.search(text):
        return None
    if all(word in ALLOWED_TEXT or not LETTER.search(word) for word in text.split()):
        return None
    return text


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw = 0
        self._kept: list[str] = []  # open elements marked translate="no"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VERBATIM_ELEMENTS:
            self._raw += 1
        elif dict(attrs).get("translate") == "no":
            # HTML's own mark for text kept as it is in every language (a cited title, a
            # publisher's name): the same rule translators' tools follow.
            self._kept.append(tag)
            self._raw += 1
        for name, value in attrs:
            user_facing = name in USER_FACING_ATTRIBUTES or (name == "value" and tag == "button")
            if user_facing and value and (text := _untranslated(value)):
                self.found.append(f"<{tag} {name}>: {text}")

    def handle_endtag(self, tag: str) -> None:
        if tag in VERBATIM_ELEMENTS:
            self._raw -= 1
        elif self._kept and self._kept[-1] == tag:
            self._kept.pop()
            self._raw -= 1

    def handle_data(self, data: str) -> None:
        if not self._raw and (text := _untranslated(data)):
            self.found.append(text)


def test_every_template_string_is_marked_for_translation() -> None:
    problems = []
    for template in TEMPLATES:
        finder = _Finder()
        finder.feed(_flatten(template.read_text()))
        finder.close()
        problems += [f"{template.relative_to(ROOT)}: {text!r}" for text in finder.found]
    assert not problems, (
        "Text that is not marked for translation (use {% translate %} or "
        "{% blocktranslate %}):\n" + "\n".join(problems)
    )


# Calls whose string argument reaches a reader, and keyword arguments that do.
MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error", "add_message"}
# EscrowNotReady: the operator page shows it (escrow/templates/escrow/operator.html).
ERROR_CLASSES = {"ValidationError", "HttpError", "PermissionDenied", "Http404", "EscrowNotReady"}
USER_FACING_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
# Reviewed: modules whose literals are not shown to a reader (the operator's command line, the
# counselor's and guardians' tools, crypto errors that never reach a page).
NOT_USER_FACING = ("cli.py", "management/", "migrations/", "escrow/crypto/", "counselor.py")


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def test_every_python_message_is_marked_for_translation() -> None:
    problems = []
    for module in sorted(ROOT.glob("**/*.py")):
        relative = module.relative_to(ROOT).as_posix()
        if any(part in relative for part in NOT_USER_FACING):
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            candidates: list[ast.AST] = []
            if name in MESSAGE_FUNCTIONS and len(node.args) >= 2:
                is_messages = isinstance(node.func, ast.Attribute) and _name(node.func.value) in (
                    "messages",
                )
                if is_messages:
                    candidates.append(node.args[-1])
            if name in ERROR_CLASSES:
                candidates += node.args
            candidates += [k.value for k in node.keywords if k.arg in USER_FACING_KEYWORDS]
            for candidate in candidates:
                text = _literal(candidate)
                if text and LETTER.search(text) and text not in ALLOWED_TEXT:
                    problems.append(f"{relative}:{node.lineno}: {text!r}")
    assert not problems, "Literals that reach a reader without gettext:\n" + "\n".join(problems)


# The escrow's browser code (its catalog is djangojs): a sentence in a string literal reaches
# the reader unless it goes through gettext() (or gettext_noop(), translated where shown).
# Reviewed: generated Unicode tables and the protocol's byte labels never reach a reader.
NOT_USER_FACING_JS = ("idna.js", "identifier_tables.js", "protocol.js")
JS_SOURCES = sorted(
    path
    for path in (ROOT.parent / "js" / "escrow").glob("*.js")
    if path.name not in NOT_USER_FACING_JS
)
_JS_COMMENT = re.compile(r"^\s*//[^\n]*$|/\*.*?\*/", re.MULTILINE | re.DOTALL)
_JS_STRING = re.compile(
    r"""(gettext(?:_noop)?\(\s*)?("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)"""
)
# Prose: a capitalised word, then at least two more words (code and keys are not written so).
_PROSE = re.compile(r"^[^\W\d_][^\W\d_]*(?:[ ,;:]+[^\W\d_][\w'\u2019\u2026-]*){2,}", re.UNICODE)


def _unmarked_js_strings(source: str) -> list[str]:
    found = []
    for match in _JS_STRING.finditer(_JS_COMMENT.sub("", source)):
        text = match.group(2)[1:-1]
        if not match.group(1) and _PROSE.match(text) and text[0].isupper():
            found.append(text)
    return found


def test_the_check_finds_an_unmarked_sentence_in_javascript() -> None:
    unmarked = 'throw new RefusedError("This page is out of date. Reload it.");'
    marked = 'throw new RefusedError(gettext("This page is out of date. Reload it."));'
    assert _unmarked_js_strings(unmarked) == ["This page is out of date. Reload it."]
    assert _unmarked_js_strings(marked) == []
    assert _unmarked_js_strings('el.setAttribute("data-status", "done");') == []


def test_every_javascript_sentence_is_marked_for_translation() -> None:
    assert JS_SOURCES
    problems = [
        f"{path.relative_to(ROOT.parent)}: {text!r}"
        for path in JS_SOURCES
        for text in _unmarked_js_strings(path.read_text())
    ]
    assert not problems, "Sentences in the browser code without gettext():\n" + "\n".join(problems)
