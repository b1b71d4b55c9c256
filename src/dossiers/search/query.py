"""What a reader typed, read as a search. Pure functions on strings: no ORM, no database.

`parse_query` turns any text into a `ParsedQuery`: clauses that must all
match, each a choice of phrases (a lone word is a phrase of one word).
Words are runs of letters and digits; everything else separates them, so
no character a reader types can reach a search engine as syntax (FTS5's
`" * ^ : ( ) NEAR AND OR NOT`, PostgreSQL's `& | ! <-> :*`, SQL quotes,
NUL bytes). The backends quote every word they are given (see syntax.py).

- `"strategic autonomy"` (straight or typographic quotes) is a phrase; an
  opening quote never closed runs to the end of the query, with a note.
- A chunk with inner punctuation ("S-400", "U.S.") is a phrase of its parts,
  the way both engines index it.
- The last word, when typed bare and at least MIN_PREFIX letters long, also
  matches as a prefix ("strategic auton" finds "autonomy"). Both engines stem
  English, and a stem can be shorter than what was typed ("strategi" for
  "strategic", whose stem is "strateg"), so the prefix also accepts the
  shorter forms an English suffix could have been cut from (`prefix_options`).
- Bare English stop words ("the", "of") are left out, as PostgreSQL does;
  inside a phrase they stay, and so do capitals ("US", "WHO": names the
  selector may recognise). A query of nothing but stop words gets a note.
- Limits: `MAX_QUERY_CHARS` characters (longer is refused with a message,
  not cut: a pasted page is not a search), `MAX_WORDS` words (the rest are
  dropped, with a note), words of up to `MAX_WORD_CHARS` characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from dossiers.knowledge.folding import normalize

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
MAX_WORD_CHARS = 40
# A bare last word this long or longer is also a prefix ("aut" would match thousands of
# words, and the engines stem a prefix too: FTS5 reads "mos*" as "mo*").
MIN_PREFIX = 4
# Shorter forms a typed prefix may stand for are at least this long.
MIN_STEM = 5

QUOTES = frozenset('"“”„‟«»〝〞＂')

# The Snowball English stop list (the one PostgreSQL's `english` configuration uses).
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
    """.split()
)

# Endings an English stemmer (Porter, Snowball) removes or rewrites. A typed prefix whose
# tail could begin one of these may be longer than the stem of the word it stands for.
_STEM_ENDINGS = (
    "s es ies sses ed eed ing ly y ational tional enci anci izer abli alli entli eli ousli "
    "ization ation ator alism iveness fulness ousness aliti iviti biliti icate ative alize "
    "iciti ical ful ness al ance ence er ic able ible ant ement ment ent ion ou ism ate iti "
    "ous ive ize ity ist e"
).split()


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in this order; with `prefix`, the last one may be longer."""

    words: tuple[str, ...]  # lower case
    prefix: bool = False


@dataclass(frozen=True)
class Clause:
    """Any one of these phrases (several when a name has other names, or for a prefix)."""

    options: tuple[Phrase, ...]
    surface: tuple[str, ...] = ()  # the words as typed (case kept), for entity lookups
    quoted: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return self.options[0].words


@dataclass(frozen=True)
class ParsedQuery:
    """Every clause must match. `message` is for the reader: an explanation when nothing
    can be searched, or a note about how the query was read."""

    clauses: tuple[Clause, ...] = ()
    message: str = ""

    @property
    def searchable(self) -> bool:
        return bool(self.clauses)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for clause in self.clauses for word in clause.words)

    @property
    def text(self) -> str:
        """The query as it was understood, for headings: phrases in quotes."""
        parts = []
        for clause in self.clauses:
            words = " ".join(clause.words)
            parts.append(f"“{words}”" if len(clause.words) > 1 or clause.quoted else words)
        return " ".join(parts)


# --- Reading the text ----------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text normalised as the linker reads it (`knowledge.folding.normalize`: NFKC, no soft
    hyphens, zero-width characters or loose combining accents inside words), with the
    control and format characters left (NUL…) as spaces."""
    text = normalize(text)
    return "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"} else char
        for char in text
    )


def word_pieces(chunk: str) -> list[str]:
    """Runs of letters and digits (what both engines index as tokens)."""
    pieces: list[str] = []
    current: list[str] = []
    for char in chunk:
        if char.isalnum():
            current.append(char)
        elif current:
            pieces.append("".join(current))
            current = []
    if current:
        pieces.append("".join(current))
    return pieces


@dataclass(frozen=True)
class _Chunk:
    pieces: tuple[str, ...]
    quoted: bool


def _chunks(text: str) -> tuple[list[_Chunk], bool]:
    """Quoted segments as one chunk each, bare text by whitespace; and whether a quote was
    left open (its segment then runs to the end)."""
    chunks: list[_Chunk] = []
    segment: list[str] = []
    quoted = False

    def flush() -> None:
        raw = "".join(segment)
        segment.clear()
        if quoted:
            pieces = word_pieces(raw)
            if pieces:
                chunks.append(_Chunk(tuple(pieces), True))
            return
        for part in raw.split():
            pieces = word_pieces(part)
            if pieces:
                chunks.append(_Chunk(tuple(pieces), False))

    for char in text:
        if char in QUOTES:
            flush()
            quoted = not quoted
        else:
            segment.append(char)
    left_open = quoted and bool(word_pieces("".join(segment)))
    flush()
    return chunks, left_open


def parse_query(text: object, *, max_chars: int = MAX_QUERY_CHARS) -> ParsedQuery:
    """Read what a reader typed. Never raises: anything unusable gets a message instead."""
    if not isinstance(text, str):
        text = ""
    text = clean_text(text).strip()
    if not text:
        return ParsedQuery(message="Type a word or two to search the analyses.")
    if len(text) > max_chars:
        return ParsedQuery(
            message=f"That search is {len(text):,} characters long; a search can be up to "
            f"{max_chars} characters. Keep the words that matter and try again."
        )
    chunks, left_open = _chunks(text)
    if not chunks:
        return ParsedQuery(
            message="There are no words in that search, only punctuation. Type words to look for."
        )
    notes: list[str] = []
    if left_open:
        notes.append(
            "A quotation mark was not closed: the words after it were searched as a phrase."
        )
    clauses, dropped = _clauses(chunks, notes)
    if not clauses:
        if dropped:
            return ParsedQuery(
                message="Those words are too common to search for on their own. Add a more "
                "specific word, or put the words in quotes to search for the exact phrase."
            )
        return ParsedQuery(message="There are no searchable words in that search.")
    return ParsedQuery(clauses=_with_prefix(clauses, chunks), message=" ".join(notes))


def _clauses(chunks: list[_Chunk], notes: list[str]) -> tuple[tuple[Clause, ...], int]:
    clauses: list[Clause] = []
    seen: set[tuple[tuple[str, ...], bool]] = set()
    dropped_common = 0
    long_words = False
    count = 0
    for chunk in chunks:
        surface = tuple(piece for piece in chunk.pieces if len(piece) <= MAX_WORD_CHARS)
        long_words |= len(surface) < len(chunk.pieces)
        words = tuple(piece.lower() for piece in surface)
        if not words:
            continue
        if (
            not chunk.quoted
            and len(words) == 1
            and words[0] in STOP_WORDS
            and not (
                len(surface[0]) > 1 and surface[0].isupper()  # "US", "WHO": a name, not a word
            )
        ):
            dropped_common += 1
            continue
        if count + len(words) > MAX_WORDS:
            notes.append(f"Only the first {MAX_WORDS} words were searched.")
            break
        key = (words, chunk.quoted)
        if key in seen:
            continue
        seen.add(key)
        count += len(words)
        clauses.append(Clause((Phrase(words),), surface=surface, quoted=chunk.quoted))
    if long_words:
        notes.append(f"Words longer than {MAX_WORD_CHARS} characters were left out.")
    return tuple(clauses), dropped_common


def _with_prefix(clauses: tuple[Clause, ...], chunks: list[_Chunk]) -> tuple[Clause, ...]:
    """The last clause also matches as a prefix, when it was typed last, bare and alone."""
    last = clauses[-1]
    final = chunks[-1]
    if last.quoted or len(last.words) != 1 or final.quoted or len(final.pieces) != 1:
        return clauses
    word = last.words[0]
    if final.pieces[0].lower() != word or not long_enough_for_prefix(word):
        return clauses
    options = tuple(Phrase((word,)) for word in prefix_options(last.words[0]))
    return (*clauses[:-1], replace(last, options=(Phrase(last.words, prefix=True), *options)))


def long_enough_for_prefix(word: str) -> bool:
    """MIN_PREFIX letters, and at least three once a plural ending is stemmed away (the
    engines stem prefixes too: "ties" is searched as "ti", which a prefix index of three
    letters cannot answer)."""
    stem = len(word)
    if word.endswith(("ies", "sses")):
        stem -= 2
    elif word.endswith("s") and not word.endswith("ss"):
        stem -= 1
    return len(word) >= MIN_PREFIX and stem >= 3


def prefix_options(word: str) -> list[str]:
    """Shorter whole words a typed prefix may stand for once stemmed.

    "strategi" is on its way to "strategic", whose stem is "strateg": a
    prefix search for "strategi" alone would miss it. The tail cut off
    ("i") must be the start of an ending a stemmer removes, and what is left
    at least MIN_STEM letters long, so "auton" does not also look for "auto".
    """
    found = []
    for cut in range(1, 4):
        stem, tail = word[:-cut], word[-cut:]
        if len(stem) < MIN_STEM or not stem.isalpha():
            break
        if any(ending.startswith(tail) for ending in _STEM_ENDINGS):
            found.append(stem)
    return found


# --- Other names: alias-aware queries ------------------------------------------------


def clause_spans(parsed: ParsedQuery) -> list[tuple[int, int]]:
    """(first word, end word) positions of each clause in `parsed.words`."""
    spans = []
    position = 0
    for clause in parsed.clauses:
        spans.append((position, position + len(clause.words)))
        position += len(clause.words)
    return spans


def surface_words(parsed: ParsedQuery) -> tuple[str, ...]:
    """Every word as typed (case kept), in order: what entity names are looked up in."""
    return tuple(word for clause in parsed.clauses for word in clause.surface)


def with_other_names(
    parsed: ParsedQuery,
    *,
    start: int,
    end: int,
    names: Sequence[Sequence[str]],
    keep_typed: bool = True,
) -> ParsedQuery:
    """`parsed` where the clauses covering words start..end may also be any of `names`
    (each a sequence of lower-case words, matched as a phrase). With `keep_typed=False`
    the words as typed are replaced (a common word standing for a name: "US").

    Only whole clauses are replaced; a span that cuts a phrase leaves the query as it is.
    """
    spans = clause_spans(parsed)
    first = next((i for i, (s, _) in enumerate(spans) if s == start), None)
    last = next((i for i, (_, e) in enumerate(spans) if e == end), None)
    if first is None or last is None or last < first:
        return parsed
    covered = parsed.clauses[first : last + 1]
    words = tuple(word for clause in covered for word in clause.words)
    options: list[Phrase] = list(covered[0].options) if len(covered) == 1 else [Phrase(words)]
    if not keep_typed and names:
        options = []
    for name in names:
        phrase = Phrase(tuple(name))
        if phrase.words and phrase not in options and (phrase.words != words or not options):
            options.append(phrase)
    merged = Clause(
        tuple(_without_implied(options)),
        surface=tuple(word for clause in covered for word in clause.surface),
        quoted=any(clause.quoted for clause in covered),
    )
    clauses = (*parsed.clauses[:first], merged, *parsed.clauses[last + 1 :])
    return replace(parsed, clauses=clauses)


def _without_implied(options: list[Phrase]) -> list[Phrase]:
    """Options minus the phrases another option already covers: a text with the phrase
    "nufa group" has the word "nufa", so next to "nufa" the phrase adds nothing but the
    cost of checking word positions."""
    words = {phrase.words[0] for phrase in options if len(phrase.words) == 1}
    return [
        phrase
        for phrase in options
        if len(phrase.words) == 1 or not words.intersection(phrase.words)
    ]


def name_words(name: str) -> tuple[str, ...]:
    """A name or alias as the lower-case words a phrase search looks for."""
    return tuple(piece.lower() for piece in word_pieces(clean_text(name)))


def iter_phrases(parsed: ParsedQuery) -> Iterator[Phrase]:
    for clause in parsed.clauses:
        yield from clause.options
