"""Which imported terms are labels: filed under, never looked for in an article's text.

A WordPress tag such as "is", "post" or "read more" says how the publisher
filed posts; matched in prose it would link every "is" of the archive. A
term is a label when its name has fewer than three letters ("is", "6.1",
"C"), when it is one common English word ("post", "text", "love"), or when
every word of it is a function word or a word of blog software ("Tag A",
"featured image", "read more"); "Black Sea" is two common words and a name.
The list is ours: function words, the most frequent verbs, nouns and
adjectives of news prose, and what themes and WordPress itself call things.
It errs on the side of labels: an editor turns a label into an entity by
changing its type in the admin.
"""

from __future__ import annotations

import re

MIN_LETTERS = 3

_FUNCTION_WORDS = """
a about above after again against all almost along already also although always am among an
and another any anyone anything are around as at away back be because been before being below
between both but by can cannot could did do does doing done down during each either else enough
even ever every few for from further had has have having he her here hers herself him himself
his how however i if in instead into is it its itself just least less let like many may me
might mine more most much must my myself neither never no nor not nothing now of off often on
once one only onto or other others otherwise our ours ourselves out over own per perhaps quite
rather same several shall she should since so some something soon still such than that the their
theirs them themselves then there these they this those though through thus to together too
toward towards under until up upon us very via was we well were what whatever when where whether
which while who whom whose why will with within without would yet you your yours yourself
yourselves
"""

_COMMON_WORDS = """
able above act add age ago agree air allow answer area arm art ask bad base bear beat become bed
begin best better big bit black blue body book born bring brought build business buy call came
care carry case cause centre center change check child children city class clear close cold
come common could country course cover cut dark data day dead deal dear deep die different
do door draw dream drive early east easy eat edge end enjoy enough enter even event ever every
example face fact fail fall family far fast father feel few field fight fill final find fine
fire first fit five fly follow food force form four free friend full fun game gave get give go
good got great green ground group grow guess half hand happen happy hard head hear heart help
high hold home hope hot hour house idea important keep key kind know land large last late later
lead learn leave left less life light line list little live long look lose lot love low made
make man mark matter mean meet men might mind miss money month move mother name near need new
news next nice night note number old open order own page paper part pass past pay people place
plan play point poor power present pretty problem pull put question quick quite rain reach
read ready real reason red rest right rise road room round run said save saw say school sea
second see seem sell send set short show side simple six small sound space speak special stand
start state stay step stop story street strong study success sure table take talk team tell ten
test thing think three time today told took top true try turn two type under use used value
very voice wait walk want war watch water way week went white whole win woman women word work
world write year young
"""

# What blog software and themes call things: posts are filed under these, they are
# rarely what a post is about.
_BLOG_WORDS = """
archive archives article articles aside asides audio blog blogroll categories category chat
comment comments content default draft embed embeds excerpt featured format formats gallery
general image images link links media misc miscellaneous more post posts private quote quotes
read sticky standard status tag tags template text title uncategorised uncategorized untitled update
updates video videos
"""

STOP_WORDS = frozenset((_FUNCTION_WORDS + _COMMON_WORDS + _BLOG_WORDS).split())
_GLUE_WORDS = frozenset((_FUNCTION_WORDS + _BLOG_WORDS).split())
_WORD = re.compile(r"[^\W_]+")  # letters and digits: "tag1" and "8BIT" are no common words


def label_reason(name: str) -> str:
    """Why a term of this name is a label, or "" when it may be linked in text."""
    words = _WORD.findall(name.casefold())
    if sum(char.isalpha() for word in words for char in word) < MIN_LETTERS:
        return f"fewer than {MIN_LETTERS} letters"
    if len(words) == 1 and words[0] in STOP_WORDS:
        return "a common word"
    if all(word in _GLUE_WORDS for word in words):
        return "common words"
    return ""
