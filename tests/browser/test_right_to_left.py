"""Right to left in a real browser, beyond the page's mirroring (tests/browser/test_languages.py):
numbers keep their own order inside Arabic sentences, and each line a member wrote reads in its
own direction, whatever the page's.

- A phone number's groups ("0808 500 2222") would read right to left in an Arabic sentence
  (UAX #9 resolves the spaces between them to the sentence's direction): each is isolated
  left to right, on one line, so it is dialled as it is read.
- A story or reply with an English line inside Arabic (or the other way round) sets each line
  in its own direction, as a plain-text reader would (UAX #9 P2-P3 per line): the English line
  starts at the left edge and keeps its full stop at its end.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_languages import COLD_START_MS, choose_language, t
from tests.conftest import PASSWORD, make_member
from tests.help.conftest import seed_all
from tests.stories.factories import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# For each number in a call or text link: where its first and last digits are drawn, and on
# how many lines the number is.
NUMBERS = r"""() => [...document.querySelectorAll(
    'main a[href^="tel:"], main a[href^="sms:"], main .phone-number')].map((element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode()) && !/\d/.test(node.data)) {}
  const match = node.data.match(/[+#*(]?\d[\d ()-]*\d/);
  const range = document.createRange();
  const box = (start, end) => {
    range.setStart(node, start);
    range.setEnd(node, end);
    return range.getBoundingClientRect();
  };
  const start = match.index, end = start + match[0].length;
  const first = box(start + match[0].search(/\d/), start + match[0].search(/\d/) + 1);
  const last = box(end - 1, end);
  range.setStart(node, start);
  range.setEnd(node, end);
  const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.bottom)));
  return {number: match[0], first: first.left, last: last.left, lines: lines.size};
})"""

# For each line of text in the story's body: its text, its left and right edges, and those of
# the paragraph's content box.
LINES = r"""(selector) => [...document.querySelectorAll(selector)].flatMap((paragraph) => {
  const style = getComputedStyle(paragraph);
  const box = paragraph.getBoundingClientRect();
  const left = box.left + parseFloat(style.paddingLeft);
  const right = box.right - parseFloat(style.paddingRight);
  return [...paragraph.childNodes].filter((n) => n.nodeType === 3 && n.data.trim()).map((n) => {
    const range = document.createRange();
    range.selectNodeContents(n);
    const line = range.getBoundingClientRect();
    const stop = n.data.lastIndexOf(".");
    range.setStart(n, stop);
    range.setEnd(n, stop + 1);
    const dot = range.getBoundingClientRect();
    return {text: n.data.trim(), left: line.left - left, right: right - line.right,
            dotFromLeft: dot.left - line.left, dotFromRight: line.right - dot.right};
  });
})"""


def test_phone_numbers_read_left_to_right_and_whole_in_arabic(page: Page) -> None:
    seed_all()
    page.set_viewport_size(PHONE)
    page.goto("/help/", timeout=COLD_START_MS)
    choose_language(page, "ar")
    # Great Britain's lines are written in groups ("0808 500 2222"), Japan's include "#8891".
    for country in ("GB", "JP"):
        page.goto("/help/where/?next=/help/now/")
        page.locator("main select").first.select_option(country)
        page.locator("main form button").first.click()
        expect(page).to_have_url(re.compile(r"/help/now/"))
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        numbers = page.evaluate(NUMBERS)
        assert any(" " in n["number"] for n in numbers) or country == "JP", numbers
        for number in numbers:
            assert number["first"] < number["last"], f"{country}: {number} reads right to left"
            assert number["lines"] == 1, f"{country}: {number} is broken across lines"
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{country}: the page scrolls sideways ({width})"


def test_each_line_of_a_story_reads_in_its_own_direction(page: Page) -> None:
    author = make_member("rawiya")
    story = publish(
        author,
        title="في المكتب",
        body=(
            "كان مديري يعلّق على ملابسي كل صباح.\n"
            "He said it was a joke, every time.\n"
            "הוא אמר שזו בדיחה.\n\n"
            "I wrote this part in English.\n"
            "وهذا سطر بالعربية."
        ),
        language="ar",
    )
    page.set_viewport_size(PHONE)
    page.goto("/login/", timeout=COLD_START_MS)
    choose_language(page, "ar")
    page.get_by_label(t("ar", "Username")).fill("rawiya")
    page.get_by_label(t("ar", "Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("ar", "Log in")).click()
    for path in (f"/stories/{story.public_id}/", "/stories/"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        lines = page.evaluate(LINES, ".story-body p")
        assert len(lines) == 5, lines
        for line in lines:
            english = line["text"][0].isascii()
            # Each line starts at its own direction's edge, and its full stop is at its end.
            start, stop = ("left", "dotFromRight") if english else ("right", "dotFromLeft")
            assert abs(line[start]) < 2, f"{path}: {line} does not start at its edge"
            assert line[stop] < 1, f"{path}: {line} has its full stop at the wrong end"
