"""Where the glossary files an entity: the name it is listed as, the key it sorts by, and
the letter it sits under. Pure functions.

Readers look people up by surname, as in any index: "Recep Tayyip Erdoğan" is listed as
"Erdoğan, Recep Tayyip" under E. Lower-case particles stay in front of the surname when it
is shown ("von der Leyen, Ursula") but not when it is sorted (under L). Everything else is
listed by its name. Sorting folds case and accents, so "eSwatini" sits beside "Estonia"
rather than after "Zambia".
"""

from __future__ import annotations

import re

from dossiers.knowledge.folding import fold

# A trailing qualifier is not part of the name: "Paris (Texas)", "Kim (general)".
QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


def filed_as(name: str, *, is_person: bool) -> str:
    """The name as the glossary lists it."""
    name = name.strip()
    if not is_person:
        return name
    bare = QUALIFIER.sub("", name)
    words = bare.split()
    if len(words) < 2:
        return name
    # Lower-case words before the last (von, der, de, al-, bin) belong to the surname.
    start = len(words) - 1
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    surname, given = " ".join(words[start:]), " ".join(words[:start])
    return f"{surname}, {given}"


def sort_key(listed: str) -> tuple[str, str]:
    """Case- and accent-insensitive order; a person's surname particles do not count
    ("von der Leyen, Ursula" sorts as "Leyen, Ursula")."""
    surname, comma, given = listed.partition(",")
    words = surname.split()
    if comma:
        while len(words) > 1 and words[0][:1].islower():
            words = words[1:]
    folded = fold(" ".join(words) + comma + given).casefold()
    return (folded, listed)


def initial(listed: str) -> str:
    """The letter a listed name is filed under: A to Z, or "#" for digits and signs."""
    folded = sort_key(listed)[0]
    first = folded[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"
