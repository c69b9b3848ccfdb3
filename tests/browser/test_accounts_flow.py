from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from notalone.accounts.models import User
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and quiet morning"
NEW_PASSWORD = "another long and quiet evening"


def test_sign_up_recover_export_and_delete(page: Page) -> None:
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Join", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Username").fill("marigold")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    code_box = page.locator("#recovery-code")
    expect(code_box).to_be_visible()
    recovery_code = code_box.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5}(-[A-Z0-9]{5}){4}", recovery_code)
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Forgot your password? Use your recovery code.").click()
    assert_accessible(page)
    page.get_by_label("Username").fill("marigold")
    page.get_by_label("Recovery code").fill(recovery_code.lower())
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Reset my password").click()
    expect(page.get_by_role("heading", name="Your new recovery code")).to_be_visible()

    page.goto("/login/")
    page.get_by_label("Username").fill("marigold")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Your account").click()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export my data").click()
    exported = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert exported["account"]["username"] == "marigold"

    page.get_by_role("link", name="Delete my account").click()
    assert_accessible(page)
    page.get_by_label("Delete my stories too").check()
    page.get_by_label("Your password, to confirm").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    assert not User.objects.filter(username="marigold").exists()


def test_a_mistake_in_the_form_is_explained_and_nothing_typed_is_lost(page: Page) -> None:
    page.goto("/signup/")
    page.get_by_label("Username").fill("marigold")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("This password is too short")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("marigold")
    assert_accessible(page)
