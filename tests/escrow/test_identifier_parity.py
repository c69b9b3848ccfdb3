"""The two ports read phone numbers and domains from the same data, and fail here when it drifts.

- libphonenumber-js (browser) and phonenumbers (Python) carry the same libphonenumber metadata
  version, and their tables agree for every region;
- tr46 (browser) and idna (Python) implement UTS #46 for the same Unicode version;
- js/escrow/identifier_tables.js is exactly what tests/escrow/make_identifier_tables.py writes
  from this Python and this idna;
- package.json and pyproject.toml pin all of them exactly.
"""

from __future__ import annotations

import json
import re
import tomllib

import idna
import idna.idnadata
import phonenumbers
import pytest

from tests.escrow import make_identifier_tables
from tests.escrow.node import ROOT, require_node

NODE_MODULES = ROOT / "node_modules"


@pytest.fixture(scope="module")
def _node_modules() -> None:
    require_node()


def _js_metadata_version() -> str:
    """libphonenumber-js states each release's metadata version at the top of its changelog
    ("Updated metadata to version 9.0.43")."""
    changelog = (NODE_MODULES / "libphonenumber-js" / "CHANGELOG.md").read_text()
    found = re.search(r"Updated metadata to version ([0-9.]+)", changelog)
    assert found is not None, "libphonenumber-js no longer states its metadata version"
    return found.group(1)


@pytest.mark.usefixtures("_node_modules")
def test_the_browser_reads_phone_numbers_with_pythons_metadata_version() -> None:
    assert _js_metadata_version() == phonenumbers.__version__


@pytest.mark.usefixtures("_node_modules")
def test_every_regions_phone_tables_agree() -> None:
    metadata = json.loads((NODE_MODULES / "libphonenumber-js" / "metadata.max.json").read_text())
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        python = phonenumbers.PhoneMetadata.metadata_for_region(region)
        js = metadata["countries"][region]
        assert str(python.country_code) == js[0], region
        assert python.general_desc.national_number_pattern == js[2], region
    assert set(metadata["countries"]) == set(phonenumbers.SUPPORTED_REGIONS)


@pytest.mark.usefixtures("_node_modules")
def test_the_browsers_uts46_is_the_same_unicode_version_as_pythons() -> None:
    tr46 = json.loads((NODE_MODULES / "tr46" / "package.json").read_text())
    assert tr46["unicodeVersion"] == idna.idnadata.__version__


def test_the_generated_tables_are_what_python_and_idna_say_today() -> None:
    assert make_identifier_tables.TABLES_PATH.read_text() == make_identifier_tables.render(), (
        "run `python -m tests.escrow.make_identifier_tables` and `make assets`"
    )


def test_the_versions_are_pinned_exactly() -> None:
    package = json.loads((ROOT / "package.json").read_text())["dependencies"]
    assert package["libphonenumber-js"] == "1.13.16"
    assert package["tr46"] == "7.0.0"
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert lock["node_modules/libphonenumber-js"]["version"] == "1.13.16"
    assert lock["node_modules/tr46"]["version"] == "7.0.0"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert f"phonenumbers=={phonenumbers.__version__}" in project["dependencies"]
    assert f"idna=={idna.__version__}" in project["dependencies"]
