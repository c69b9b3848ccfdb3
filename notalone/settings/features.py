"""NotAlone's own features: the default crisis line, story PDFs, the escrow and the statistics."""

from __future__ import annotations

from pathlib import Path

from notalone.core.env import (
    SettingError,
    envchoice,
    envfloat,
    envint,
    envlist,
    envphone,
    envstr,
    envurls,
)
from notalone.settings.environment import DATA_DIR

# The footer's line before a reader chooses a country. None by default: the footer offers
# "find a line where you are" (a US line shown to everyone would be wrong for most readers).
# An operator whose readers are in one place sets both variables, the number in
# international form; the help directory supplies the line once a country is chosen.
_DEFAULT_LINE_NAME = envstr("NOTALONE_CRISIS_LINE_NAME")
_DEFAULT_LINE_PHONE = envphone("NOTALONE_CRISIS_LINE_PHONE")
if bool(_DEFAULT_LINE_NAME) != bool(_DEFAULT_LINE_PHONE):
    raise SettingError(
        "Set both NOTALONE_CRISIS_LINE_NAME and NOTALONE_CRISIS_LINE_PHONE, or neither."
    )
DEFAULT_CRISIS_LINE: dict[str, str] | None = (
    {
        "name": _DEFAULT_LINE_NAME,
        "phone": _DEFAULT_LINE_PHONE[0],
        "dial": _DEFAULT_LINE_PHONE[1],
    }
    if _DEFAULT_LINE_NAME and _DEFAULT_LINE_PHONE
    else None
)

# Story PDFs: where fonts are looked for (directories, searched recursively), and font files
# tried before them for characters the main font lacks. See docs/OPERATING.md, "PDF fonts".
PDF_FONT_DIRS = envlist("NOTALONE_PDF_FONT_DIRS", ["/usr/share/fonts", "/usr/local/share/fonts"])
PDF_FONTS = envlist("NOTALONE_PDF_FONTS", [])

# Escrow ("safety in numbers"): each variable is documented in docs/ESCROW_OPERATING.md.
ESCROW_QUORUM = envint("NOTALONE_ESCROW_QUORUM", 2, minimum=2, maximum=255)
# Guardian base URLs in index order (guardian 1 first), or "demo" for in-process guardians.
ESCROW_DEMO = envstr("NOTALONE_ESCROW_GUARDIANS") == "demo"
ESCROW_GUARDIANS = (
    ["demo"]
    if ESCROW_DEMO
    else envurls("NOTALONE_ESCROW_GUARDIANS", schemes=("http", "https"), why=", or be just demo")
)
ESCROW_GUARDIAN_TOKEN = envstr("NOTALONE_ESCROW_GUARDIAN_TOKEN")
if ESCROW_GUARDIANS and not ESCROW_DEMO and not ESCROW_GUARDIAN_TOKEN:
    raise SettingError(
        "NOTALONE_ESCROW_GUARDIAN_TOKEN (or _FILE) is required with guardian URLs: "
        "the guardians refuse requests without it."
    )
ESCROW_GUARDIAN_TIMEOUT_MS = envint(
    "NOTALONE_ESCROW_GUARDIAN_TIMEOUT_MS", 3000, minimum=100, maximum=60000
)
ESCROW_COUNSELOR_PUBLIC_KEY = envstr("NOTALONE_ESCROW_COUNSELOR_PUBLIC_KEY")
ESCROW_REALM = envstr("NOTALONE_ESCROW_REALM")
ESCROW_SHARES_DIR = Path(envstr("NOTALONE_ESCROW_SHARES_DIR") or DATA_DIR / "escrow")
ESCROW_ENTRIES_PER_ACCOUNT = envint(
    "NOTALONE_ESCROW_ENTRIES_PER_ACCOUNT", 10, minimum=1, maximum=1000
)
# At most 5, 3 by default: each identifier of an entry is one more guess whose "released"
# status its filer learns (docs/THREAT_MODEL.md, "One account, many guesses").
ESCROW_IDENTIFIERS_PER_ENTRY = envint(
    "NOTALONE_ESCROW_IDENTIFIERS_PER_ENTRY", 3, minimum=1, maximum=5
)
ESCROW_FILERS = envchoice("NOTALONE_ESCROW_FILERS", "members", ("members", "approved", "verified"))
# New accounts wait a week before they file (Sybil accounts cost time); demo mode, which
# protects nobody, lets the demo's accounts file at once.
ESCROW_MIN_ACCOUNT_DAYS = envint(
    "NOTALONE_ESCROW_MIN_ACCOUNT_DAYS", 0 if ESCROW_DEMO else 7, minimum=0, maximum=3650
)
# Demo guardians' limits; real guardians take theirs on the `notalone guardian serve` line.
ESCROW_DEMO_EVALUATIONS_PER_ACCOUNT = envint(
    "NOTALONE_ESCROW_DEMO_EVALUATIONS_PER_ACCOUNT", 60, minimum=1, maximum=1_000_000
)
ESCROW_DEMO_EVALUATIONS_PER_DAY = envint(
    "NOTALONE_ESCROW_DEMO_EVALUATIONS_PER_DAY", 100_000, minimum=1, maximum=100_000_000
)

# Differentially private statistics (notalone/insights, docs/PRIVACY.md). Every released number
# is a count with discrete Laplace noise; these are the parameters of the guarantee.
# The privacy loss one month's releases may spend in all (its budget), and one release's share.
INSIGHTS_EPSILON_PER_PERIOD = envfloat(
    "NOTALONE_INSIGHTS_EPSILON_PER_PERIOD", 1.0, minimum=0.01, maximum=10.0
)
INSIGHTS_EPSILON_PER_RELEASE = envfloat(
    "NOTALONE_INSIGHTS_EPSILON_PER_RELEASE", 1.0, minimum=0.01, maximum=10.0
)
# Each author's stories counted per month (the rest of theirs that month are left out), each
# member's "me too" counted per month, and the listed hashtags counted per story.
INSIGHTS_STORIES_PER_AUTHOR = envint(
    "NOTALONE_INSIGHTS_STORIES_PER_AUTHOR", 2, minimum=1, maximum=20
)
INSIGHTS_REACTIONS_PER_MEMBER = envint(
    "NOTALONE_INSIGHTS_REACTIONS_PER_MEMBER", 5, minimum=1, maximum=100
)
INSIGHTS_HASHTAGS_PER_STORY = envint(
    "NOTALONE_INSIGHTS_HASHTAGS_PER_STORY", 2, minimum=1, maximum=10
)
# Suppression (docs/PRIVACY.md): a noisy count below its measure's threshold is published as
# "hidden", never as a number. Each measure's threshold is the smallest T at which, in one
# release, pure noise makes any of its empty cells reach T with a chance of at most ALPHA
# (T = b ln(n / (alpha (1 + e^(-1/b)))) for n cells of noise scale b), and never below this.
INSIGHTS_SUPPRESSION_THRESHOLD = envint(
    "NOTALONE_INSIGHTS_SUPPRESSION_THRESHOLD", 20, minimum=0, maximum=100_000
)
INSIGHTS_SUPPRESSION_ALPHA = envfloat(
    "NOTALONE_INSIGHTS_SUPPRESSION_ALPHA", 0.05, minimum=0.000001, maximum=0.5
)
# The countries (ISO 3166-1 alpha-2) and languages (ISO 639-1) the statistics may name, set by
# the operator; empty: every ISO code (a fixed public list either way, never read from the
# stories). A story from one not listed counts under "not said or not listed".
INSIGHTS_COUNTRIES = envlist("NOTALONE_INSIGHTS_COUNTRIES", [])
INSIGHTS_LANGUAGES = envlist("NOTALONE_INSIGHTS_LANGUAGES", [])
# The hashtags the statistics may name (set by the operator: a tag not on it is never counted,
# so a rare tag's existence is never revealed), and the first month released (the month of
# the site's first story if that is later).
INSIGHTS_HASHTAGS = envlist(
    "NOTALONE_INSIGHTS_HASHTAGS",
    ["MeToo", "BalanceTonPorc", "MeTooIndia", "YoTambién", "NiUnaMenos", "TimesUp", "ChurchToo"],
)
INSIGHTS_FIRST_PERIOD = envstr("NOTALONE_INSIGHTS_FIRST_PERIOD", "2024-01") or "2024-01"
