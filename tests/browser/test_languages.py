"""Issue 11 in a real browser: every step of a survivor's journey in each language, and the
main pages in Arabic laid out right to left.

- The walk: choose the language with the switcher (a plain form) → sign up → share a story →
  find it by search and by its hashtag → get help → download its PDF; axe-core on every page.
  The expected words come from the catalogs themselves (gettext in the page's language), so
  a missing or untranslated entry fails here as well as in tests/i18n.
- Arabic: each main page, at a phone's and a desktop's width, is screenshotted and checked for
  horizontal overflow and for mirrored order (the navigation's first item right of the next,
  the quick exit in the left corner), and the quick exit is still the first thing Tab reaches.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from playwright.sync_api import Page, expect

from tests.browser.fixtures import assert_accessible
from tests.conftest import PASSWORD, make_member
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A title and a body in each language, written for these tests (fictional, non-graphic).
STORIES = {
    "es": ("En la oficina", "Mi jefe hacía comentarios sobre mi cuerpo cada mañana."),
    "fr": ("Au bureau", "Mon chef commentait ma tenue chaque matin."),
    "hi": ("दफ़्तर में", "मेरे बॉस हर सुबह मेरे कपड़ों पर टिप्पणी करते थे।"),
    "ar": ("في المكتب", "كان مديري يعلّق على ملابسي كل صباح."),
}


# The first page a fresh live server renders (templates compiled, catalogs loaded) took up
# to 10 s on a shared two-core machine under load; every later step keeps the 10 s limit,
# except on the escrow page, whose demo guardians are made on first use.
COLD_START_MS = 30_000


def t(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def t_js(language: str, message: str) -> str:
    """A sentence of the escrow's browser code, from the djangojs catalog."""
    return DjangoTranslation(language, domain="djangojs").gettext(message)


def choose_language(page: Page, language: str) -> None:
    # The switcher is labelled in the page's language; it is the only <select> in the header.
    page.locator("#language-choice").select_option(language)
    page.locator(".language-form button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", list(STORIES))
def test_the_whole_journey_in_each_language(page: Page, language: str) -> None:
    title, body = STORIES[language]
    token = f"walk{language}token"
    hashtag = f"Walk{language.upper()}"
    page.goto("/", timeout=COLD_START_MS)
    choose_language(page, language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert_accessible(page)

    # Sign up.
    page.get_by_role("link", name=t(language, "Join"), exact=True).click()
    assert_accessible(page)
    page.get_by_label(t(language, "Username")).fill(f"walker{language}")
    page.get_by_label(t(language, "Password")).fill(PASSWORD)
    page.get_by_role("button", name=t(language, "Create my account")).click()
    expect(page.locator("#recovery-code")).to_be_visible()
    expect(
        page.get_by_role("heading", name=t(language, "Welcome. Please keep this code."))
    ).to_be_visible()
    assert_accessible(page)

    # Share a story, written in the language, with a hashtag.
    page.get_by_role("link", name=t(language, "Share your story")).first.click()
    assert_accessible(page)
    page.get_by_label(t(language, "Title (optional)")).fill(title)
    page.get_by_role("textbox", name=t(language, "Your story")).fill(f"{body}\n\n{token}")
    page.get_by_label(t(language, "Hashtags")).fill(f"#MeToo #{hashtag}")
    page.get_by_role("button", name=t(language, "Share my story")).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(
        page.get_by_text(
            t(language, "Your story is shared with everyone. Thank you for trusting us with it.")
        )
    ).to_be_visible()
    assert_accessible(page)

    # Find it by search.
    page.get_by_role("link", name=t(language, "Stories"), exact=True).first.click()
    page.get_by_label(t(language, "Search stories")).fill(token)
    page.get_by_role("button", name=t(language, "Show stories")).click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)

    # Find it by its hashtag.
    page.get_by_role("link", name=f"#{hashtag}").first.click()
    with translation.override(language):
        count = translation.ngettext(
            "%(counter)s story shared with everyone carries this hashtag. You are not alone.",
            "%(counter)s stories shared with everyone carry this hashtag. You are not alone.",
            1,
        ) % {"counter": 1}
    expect(page.get_by_text(count)).to_be_visible()
    assert_accessible(page)

    # Get help.
    page.get_by_role("link", name=t(language, "Get help now")).first.click()
    expect(page.get_by_role("heading", name=t(language, "Get help now"), level=1)).to_be_visible()
    assert_accessible(page)

    # Download the story's PDF.
    page.goto("/stories/mine/")
    page.get_by_role("link", name=title).click()
    with page.expect_download() as download:
        page.get_by_role(
            "button", name=t(language, "Download as PDF (for a legal consultation)")
        ).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")


MAIN_PAGES = (
    "/",
    "/stories/",
    "{story}",
    "/tags/MeToo/",
    "/stories/new/",
    "/help/now/",
    "/help/",
    "/help/legal/",
    "/escrow/",
    "/account/",
    "/guidelines/",
    "/staying-safe/",
    "/insights/",
)
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}

LAYOUT = """() => {
  const rect = (el) => el.getBoundingClientRect();
  const items = [...document.querySelectorAll("nav[aria-label] .nav-list > li")];
  const first = rect(items[0]);
  const next = items.slice(1).map(rect).find((r) => Math.abs(r.top - first.top) < 2);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    firstRight: first.right,
    nextRight: next ? next.right : null,
    exitLeft: rect(document.getElementById("quick-exit")).left,
    siteNameRight: rect(document.querySelector(".site-name")).right,
  };
}"""


def test_arabic_pages_are_mirrored_and_never_scroll_sideways(page: Page, tmp_path: Path) -> None:
    author = make_member("rawiya")
    story = publish(author, title=STORIES["ar"][0], body=STORIES["ar"][1], language="ar")
    page.goto("/login/", timeout=COLD_START_MS)
    choose_language(page, "ar")
    page.get_by_label(t("ar", "Username")).fill("rawiya")
    page.get_by_label(t("ar", "Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("ar", "Log in")).click()
    problems = []
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for path in MAIN_PAGES:
            path = path.format(story=f"/stories/{story.public_id}/")
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            name = path.strip("/").replace("/", "-") or "home"
            page.screenshot(path=tmp_path / f"ar-{size}-{name}.png", full_page=True)
            layout = page.evaluate(LAYOUT)
            if layout["scrollWidth"] > layout["innerWidth"]:
                problems.append(f"{size} {path}: {layout['scrollWidth']}px wide in {width}px")
            if layout["nextRight"] is not None and not layout["firstRight"] > layout["nextRight"]:
                problems.append(f"{size} {path}: the navigation is not mirrored")
            if not layout["exitLeft"] < width / 2:
                problems.append(f"{size} {path}: the quick exit is not in the left corner")
            if not layout["siteNameRight"] > width / 2:
                problems.append(f"{size} {path}: the site name does not start on the right")
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") != "quick-exit":
                problems.append(f"{size} {path}: Tab does not reach the quick exit first")
    assert not problems, "\n".join(problems)


@pytest.mark.usefixtures("demo_escrow")
def test_the_escrow_speaks_arabic_in_the_browser_too(page: Page) -> None:
    make_member("samira")
    page.set_default_timeout(COLD_START_MS)
    page.goto("/login/")
    choose_language(page, "ar")
    page.get_by_label(t("ar", "Username")).fill("samira")
    page.get_by_label(t("ar", "Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("ar", "Log in")).click()
    page.goto("/escrow/new/")
    what = page.get_by_label(t("ar", "What happened"), exact=True)
    what.fill("رواية خيالية للاختبار.")
    seal = page.get_by_role("button", name=t("ar", "Seal and file"))
    # Sentences written by the browser code come from the djangojs catalog.
    seal.click()
    expect(page.locator("#escrow-errors")).to_contain_text(
        t_js("ar", "Name the person by at least one identifier.")
    )
    expect(page.locator("#escrow-errors")).to_contain_text(
        t_js("ar", "Nothing you typed has been lost.")
    )
    page.get_by_label(t("ar", "Identifier %(row)s") % {"row": 1}, exact=True).fill("@somehandle")
    seal.click()
    expect(page.locator("#identifier-1-error")).to_have_text(
        t_js(
            "ar",
            "A name starting with @ could be on any platform: choose the platform in the menu, "
            "or paste the link to the profile.",
        )
    )
    expect(what).to_have_value("رواية خيالية للاختبار.")
    assert_accessible(page)
    page.get_by_label(t("ar", "Identifier %(row)s") % {"row": 1}, exact=True).fill(
        "someone.else@example.com"
    )
    page.get_by_label(t("ar", "How may the counselor reach you?")).fill("عبر رسائل هذا الموقع")
    seal.click()
    expect(page.locator("#escrow-done")).to_be_visible()
    expect(page.locator("#escrow-done")).to_contain_text(t("ar", "Your entry is filed."))
