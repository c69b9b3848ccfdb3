from __future__ import annotations

import datetime
import hashlib
import io

from pypdf import PdfReader

from notalone.help.pdf import _StoryPDF, content_digest, story_pdf

WRITTEN = datetime.datetime(2026, 3, 8, 9, 30, tzinfo=datetime.UTC)
MADE = datetime.datetime(2026, 11, 28, 17, 5, 12, tzinfo=datetime.UTC)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_opens_and_its_printed_digest_matches_its_content() -> None:
    title = "Ça m'est arrivé"
    body = "It happened at work, in 2019.\nI told a friend the same week."
    pdf = story_pdf(title=title, body=body, written_at=WRITTEN, generated_at=MADE)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    expected = hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()
    assert expected == content_digest(title=title, body=body)
    assert expected in text
    assert title in text
    assert "I told a friend the same week." in text
    assert "First saved on this site: 2026-03-08 09:30:00 UTC" in text
    assert "Last edited: never" in text
    assert "This PDF was made: 2026-11-28 17:05:12 UTC" in text
    assert "What it does not prove" in text
    assert "two line feed characters" in " ".join(text.split())


def test_an_edited_story_prints_when_it_was_first_saved_and_last_edited() -> None:
    edited = WRITTEN + datetime.timedelta(days=40, hours=2)
    text = _text(
        story_pdf(
            title="Me too", body="One.", written_at=WRITTEN, edited_at=edited, generated_at=MADE
        )
    )
    assert "First saved on this site: 2026-03-08 09:30:00 UTC" in text
    assert "Last edited: 2026-04-17 11:30:00 UTC" in text
    assert "never" not in text


def test_a_changed_letter_changes_the_printed_digest() -> None:
    first = story_pdf(title="Me too", body="One.", written_at=WRITTEN, generated_at=MADE)
    second = story_pdf(title="Me too", body="One!", written_at=WRITTEN, generated_at=MADE)
    assert content_digest(title="Me too", body="One.") in _text(first)
    assert content_digest(title="Me too", body="One.") not in _text(second)


def test_non_latin_text_does_not_break_the_pdf() -> None:
    title = "मैं भी"
    body = "मैं भी — Ελληνικά — Русский — 我也是 — أنا أيضا\n" + "Long line of words. " * 500
    pdf = story_pdf(title=title, body=body, written_at=WRITTEN, generated_at=MADE)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    text = _text(pdf)
    assert content_digest(title=title, body=body) in text
    drawable = _StoryPDF()
    drawable._load_fonts_for("म")
    covers_devanagari = drawable.covered is not None and ord("म") in drawable.covered
    # Where no installed font draws Devanagari, the PDF says so instead of failing.
    assert covers_devanagari or "cannot be drawn with the fonts installed" in " ".join(text.split())
