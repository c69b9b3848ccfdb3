"""The browser fixtures live in tests/browser/fixtures.py, loaded once for the whole suite
by tests/conftest.py (pytest_plugins), so every test that drives chromium shares one browser.
This file keeps the old import path for the helpers."""

from tests.browser.fixtures import NEUTRAL_EXIT, NEUTRAL_START, assert_accessible

__all__ = ["NEUTRAL_EXIT", "NEUTRAL_START", "assert_accessible"]
