"""The browser fixtures live in tests/browser/fixtures.py, loaded once for the whole suite
by tests/conftest.py (pytest_plugins), so every test that drives chromium shares one browser.
This file keeps the old import path for the helpers, and holds the log-in steps and the escrow's
demo fixtures that the browser tests share."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.fixtures import NEUTRAL_EXIT, NEUTRAL_START, assert_accessible
from tests.conftest import PASSWORD
from tests.escrow.demo import demo_guardians, keygen

__all__ = ["NEUTRAL_EXIT", "NEUTRAL_START", "assert_accessible", "log_in", "log_out"]


def log_in(page: Page, username: str) -> None:
    """Logs in through the form, with the password every test member has."""
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    # Wait for the log-in's answer (the next page or the form again): going on at once aborted
    # the POST still in flight on a loaded machine (the password hash takes a while).
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


COUNSELOR_PASSPHRASE = "the counselor's long passphrase"


@pytest.fixture
def counselor_key(tmp_path: Path) -> Path:
    """A counselor's key file, locked with the passphrase in ``tmp_path / "pass"``."""
    (tmp_path / "pass").write_text(COUNSELOR_PASSPHRASE)
    key = tmp_path / "counselor.key"
    keygen(key, tmp_path / "pass")
    return key


@pytest.fixture
def demo_escrow(settings: Any, tmp_path: Path, counselor_key: Path) -> Iterator[None]:
    public_key = json.loads(counselor_key.read_text())["public_key"]
    with demo_guardians(settings, tmp_path / "escrow", public_key):
        yield
