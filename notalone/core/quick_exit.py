"""Quick exit's keyboard rule, in one place: the header hands it to quick-exit.js (as data
attributes of the button) and the safety page states it, so the two cannot disagree."""

from __future__ import annotations

# Escape pressed this many times in a row leaves the site...
ESCAPE_PRESSES = 3
# ...each press at most this long after the one before.
ESCAPE_WINDOW_MS = 1500
