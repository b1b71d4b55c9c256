"""Words for similarity: folded, stop words dropped, stemmed (pure, no ORM).

An article becomes a bag of stems ("analyses" and "analysis" are one term).
The stemmer is Snowball's English stemmer through PyStemmer (a C extension,
about a million words a second); the stop words are our own short list of
English function words and the filler of news prose ("said", "also").
Numbers and one-letter tokens carry no hub and are dropped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from functools import lru_cache

import Stemmer

# Words of the title count this many times (a title says what the piece is about).
TITLE_WEIGHT = 2

STOP_WORDS = frozenset(
    """
    a about above after again against all almost along already also although always am among an
    and another any anyone anything are around as at away back be became because become been
    before being below between both but by can cannot could did do does doing done down during
    each either else enough even ever every few for from further get gets getting give given go
    going got had has have having he her here hers herself him himself his how however i if in
    including into is it its itself just last least less like likely made make makes many may me
    might more most mostly much must my myself near nearly neither never new next no nor not
    now of off often on once one only onto or other others otherwise our ours ourselves out over
    own per perhaps put rather really said same say says see seen several shall she should since
    so some still such take than that the their theirs them themselves then there these they
    this those though through thus till to together too toward towards under until up upon us
    use used using very via was way we well were what whatever when where whether which while
    who whom whose why will with within without would yet you your yours yourself yourselves
    year years week weeks month months day days time told mr mrs ms dr according
    """.split()
)

MAX_WORD = 40  # longer "words" are noise (URLs, run-together text)
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_stemmer = Stemmer.Stemmer("english")


def fold(text: str) -> str:
    """Lower case without diacritics ("Türkiye" -> "turkiye")."""
    text = text.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The stems of a text's words, in order, stop words and numbers left out."""
    return [
        _stem(w) for w in _WORD.findall(fold(text)) if w not in STOP_WORDS and len(w) <= MAX_WORD
    ]


def term_counts(title: str, body: str) -> Counter[str]:
    """Term frequencies of an article: its title's stems count TITLE_WEIGHT times."""
    counts = Counter(words(body))
    for stem in words(title):
        counts[stem] += TITLE_WEIGHT
    return counts


def text_digest(title: str, body: str) -> str:
    """A short hash of what an article's terms were computed from."""
    payload = f"{title}\x00{body}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(payload, digest_size=12).hexdigest()
