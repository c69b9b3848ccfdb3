"""The order of a story PDF's line: its directional runs as UAX #9 places them. See
``notalone.help.pdf``."""

from __future__ import annotations

from fpdf.bidi import BidiCharacter, BidiParagraph
from fpdf.enums import TextDirection


def visual_runs(line: str, base: TextDirection) -> list[tuple[str, TextDirection, int]]:
    """The directional runs of a line in visual order, left to right: each with its text in
    logical order, its direction, and its rank in logical order.

    The levels and their reordering are fpdf2's implementation of UAX #9 (``BidiParagraph``:
    rules X1 to I2, then L1 and L2), so an Arabic clause inside an English sentence, and the
    clauses and numbers inside it, come where the algorithm puts them. A run is a stretch of
    characters of one level. fpdf2 gives the boundary-neutral characters it keeps (a zero-width
    non-joiner inside a Persian word) the paragraph's level, which would cut the word into runs
    placed left to right; each takes the level of the character before it instead (UAX #9,
    5.2, "Retaining BNs and Explicit Formatting Characters")."""
    paragraph = BidiParagraph(text=line, base_direction=base, preserve_bn_chars=True)
    characters = paragraph.get_characters()
    _level_boundary_neutrals(characters)
    visual = paragraph.get_reordered_characters()  # L1 settles the levels, L2 the order
    runs: list[list[BidiCharacter]] = []
    run_of: dict[int, int] = {}
    for character in characters:
        if not runs or runs[-1][-1].embedding_level != character.embedding_level:
            runs.append([])
        runs[-1].append(character)
        run_of[id(character)] = len(runs) - 1
    order = list(dict.fromkeys(run_of[id(character)] for character in visual))
    return [
        (
            "".join(character.character for character in runs[index]),
            TextDirection.RTL if runs[index][0].embedding_level % 2 else TextDirection.LTR,
            index,
        )
        for index in order
    ]


def _level_boundary_neutrals(characters: list[BidiCharacter]) -> None:
    """Give each kept boundary neutral (BN) the level of the character before it, or of the
    first other character when it starts the line."""
    others = [character for character in characters if character.original_bidi_class != "BN"]
    if not others:
        return
    level = others[0].embedding_level
    for character in characters:
        if character.original_bidi_class == "BN":
            character.embedding_level = level
        else:
            level = character.embedding_level
