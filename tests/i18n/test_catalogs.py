"""The translation catalogs are complete and safe to use.

- every string marked in the source (Python, templates: django; the escrow's browser code:
  djangojs) has an entry in every language's catalog, and the test lists the ones missing
  (after a merge: `make messages`, then translate what it names);
- no entry is untranslated or fuzzy;
- every translation keeps the placeholders of its msgid (a missing %(name)s is an error at
  run time; a changed one prints the wrong thing);
- each catalog has the plural forms of its language (Arabic six), and every entry all of them.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "notalone" / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
DOMAINS = ("django", "djangojs")
PLURAL_FORMS = {"es": 3, "fr": 3, "hi": 2, "ar": 6}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|%[sdfr]|\{(\w+)\}")
IGNORE = ("node_modules", "tests", "bench", "docs", "scripts", "build", "js/escrow/test")


@cache
def _source_msgids(domain: str, tmp: Path) -> frozenset[tuple[str, str]]:
    """The (msgctxt, msgid) pairs makemessages finds in the source today."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: `make test` installs Debian's gettext.")
    work = tmp / domain
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(".*", "node_modules", "*.po", "*.mo", "vendor", "escrow.js"),
        symlinks=True,
    )
    (work / "notalone" / "locale").mkdir(exist_ok=True)
    cwd = Path.cwd()
    locale_paths = settings.LOCALE_PATHS
    try:
        os.chdir(work)
        settings.LOCALE_PATHS = [work / "notalone" / "locale"]
        call_command(
            "makemessages",
            domain=domain,
            locale=["es"],
            keep_pot=True,
            no_location=True,
            ignore_patterns=list(IGNORE),
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
        settings.LOCALE_PATHS = locale_paths
    pot = polib.pofile(str(work / "notalone" / "locale" / f"{domain}.pot"))
    return frozenset((entry.msgctxt or "", entry.msgid) for entry in pot if entry.msgid)


def _catalog(language: str, domain: str) -> polib.POFile:
    path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    assert path.exists(), f"{path} is missing: run `make messages`"
    return polib.pofile(str(path))


def _placeholders(text: str) -> Counter[str]:
    return Counter(match.group(0) for match in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_marked_string_is_in_every_catalog(
    domain: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    source = _source_msgids(domain, tmp_path_factory.mktemp("messages"))
    report = []
    for language in LANGUAGES:
        catalog = {
            (entry.msgctxt or "", entry.msgid)
            for entry in _catalog(language, domain)
            if not entry.obsolete
        }
        missing = sorted(source - catalog)
        if missing:
            report.append(
                f"{language}/{domain}.po lacks {len(missing)}:\n"
                + "\n".join(f"  msgid {msgid!r}" for _context, msgid in missing)
            )
    assert not report, (
        "Strings marked in the source but not in the catalogs. Run `make messages`, then "
        "translate them:\n" + "\n".join(report)
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_is_translated_and_keeps_its_placeholders(language: str, domain: str) -> None:
    catalog = _catalog(language, domain)
    forms = PLURAL_FORMS[language]
    header = catalog.metadata.get("Plural-Forms", "")
    assert f"nplurals={forms};" in header, f"{language}/{domain}.po: Plural-Forms is {header!r}"
    problems = []
    for entry in catalog:
        if entry.obsolete:
            continue
        name = f"{language}/{domain}.po msgid {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{name}: fuzzy (check it, then remove the flag)")
            continue
        if entry.msgid_plural:
            translations = [entry.msgstr_plural.get(i, "") for i in range(forms)]
            if not all(translations):
                problems.append(f"{name}: needs all {forms} plural forms")
                continue
            allowed = set(_placeholders(entry.msgid) | _placeholders(entry.msgid_plural))
            for translation in translations:
                # A form for one or two may leave out the number ("a day", "يومان"), never
                # bring in a placeholder the code does not give.
                if not set(_placeholders(translation)) <= allowed:
                    problems.append(f"{name}: placeholders of {translation!r}")
            last = translations[-1]
            if _placeholders(last) != _placeholders(entry.msgid_plural):
                problems.append(f"{name}: the general plural form must keep every placeholder")
        else:
            if not entry.msgstr:
                problems.append(f"{name}: untranslated")
            elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
                problems.append(f"{name}: placeholders differ in {entry.msgstr!r}")
    assert not problems, "\n".join(problems)


def test_the_catalogs_are_compiled() -> None:
    # `make run` and `make test` build the .mo files from the .po files (never committed).
    for language in LANGUAGES:
        for domain in DOMAINS:
            po = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
            mo = po.with_suffix(".mo")
            assert mo.exists(), f"{mo} is missing: run `make locale`"
            assert mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} is stale: run `make locale`"
