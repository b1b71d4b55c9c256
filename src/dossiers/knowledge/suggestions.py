"""Candidate entities: names that recur in recent articles but are not in the knowledge base.

`candidate_names` is pure (texts in, candidates out); `suggestions_refresh`
stores them for editors, who create an entity from one in a click or
dismiss it (a dismissed name is not proposed again).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from dossiers.core.config import conf
from dossiers.knowledge.folding import fold
from dossiers.knowledge.matching import Matcher

# Words written with a capital that are not names on their own.
COMMON = frozenset(
    """
a an the this that these those there their they them then than it its in on at by for from of to
and or but nor so yet if when while where whereas because although though however moreover
meanwhile still also even only just both either neither each every all any some many most much
more few several such other another what which who whom whose why how he she we you i his her
our your my mr mrs ms dr sir yes no not after before during since until unless over under
between among against about above below into onto upon within without through across along
around behind beyond near as is are was were be been being has have had do does did will would
shall should may might can could must one two three four five six seven eight nine ten first
second third last next new old early late monday tuesday wednesday thursday friday saturday
sunday january february march april may june july august september october november december
today yesterday tomorrow here now again well part chapter section figure table note see
later earlier officials analysts critics supporters diplomats ministers leaders
""".split()
)
CONNECTORS = frozenset({"of", "for", "the", "and", "de", "du", "al", "el", "von", "van", "on"})
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][\w’'-]*|\d[\w-]*")


@dataclass
class Candidate:
    name: str
    is_acronym: bool
    count: int = 0
    article_ids: set[int] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)


def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)


def _capitalised(token: str) -> bool:
    return token[:1].isupper() and token.lower() not in COMMON


def _phrases(sentence: str) -> Iterable[str]:
    """Runs of capitalised words ("European Sky Shield Initiative") and acronyms ("PESCO")."""
    tokens = [m.group().rstrip("’'-") for m in _TOKEN.finditer(sentence)]
    tokens = [t[:-2] if t.endswith(("’s", "'s")) else t for t in tokens]
    run: list[str] = []
    for index, token in enumerate([*tokens, ""]):
        if token and (_capitalised(token) or _is_acronym(token)):
            run.append(token)
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token in CONNECTORS and run and following and _capitalised(following):
            run.append(token)
            continue
        while run and run[-1] in CONNECTORS:
            run.pop()
        # "Later the Joint Centre": a capitalised first word of a sentence is no part of a name.
        starts_sentence = index - len(run) == 0
        if starts_sentence and len(run) > 2 and run[1] in CONNECTORS:
            run = run[2:]
            starts_sentence = False
        if run and (len(run) > 1 or _is_acronym(run[0]) or not starts_sentence):
            yield " ".join(run)
        run = []


def candidate_names(
    texts: Iterable[tuple[int, str]],
    matcher: Matcher,
    *,
    min_articles: int = 2,
    min_count: int = 3,
    examples: int = 3,
    exclude: Iterable[str] = (),
) -> list[Candidate]:
    """Names found in at least `min_articles` articles or `min_count` times, not already known.

    A name is known when the matcher finds it whole (an entity's name or
    alias). `exclude` holds names editors dismissed. Most widespread first.
    """
    excluded = {fold(name).strip() for name in exclude}
    found: dict[str, Candidate] = {}
    known: dict[str, bool] = {}
    for article_id, text in texts:
        for sentence in _SENTENCE.split(text):
            for phrase in _phrases(sentence):
                if len(phrase) < 3 or len(phrase) > 120:
                    continue
                key = fold(phrase).strip()
                if key in excluded:
                    continue
                if key not in known:
                    spans = matcher.spans(phrase)
                    known[key] = any(s == 0 and e >= len(phrase) - 1 for s, e, _ in spans)
                if known[key]:
                    continue
                candidate = found.get(key)
                if candidate is None:
                    candidate = found[key] = Candidate(phrase, _is_acronym(phrase))
                candidate.count += 1
                new_article = article_id not in candidate.article_ids
                candidate.article_ids.add(article_id)
                # One example per article, so the examples show different contexts.
                if new_article and len(candidate.examples) < examples:
                    candidate.examples.append(" ".join(sentence.split())[:300])
    kept = [c for c in found.values() if len(c.article_ids) >= min_articles or c.count >= min_count]
    kept.sort(key=lambda c: (-len(c.article_ids), -c.count, c.name))
    return kept


@transaction.atomic
def suggestions_refresh(*, days: int | None = None, now: dt.datetime | None = None) -> int:
    """Recompute suggestions from the articles of the last `days` days. Returns how many."""
    from dossiers.knowledge.linking import matcher_current
    from dossiers.knowledge.models import EntitySuggestion, SuggestionStatus
    from dossiers.knowledge.text import linkable_text
    from dossiers.publishing.models import Article

    now = now or timezone.now()
    days = days or conf().suggestions_days
    since = now - dt.timedelta(days=days)
    rows = Article.objects.filter(published_at__gte=since).values_list("pk", "title", "body_html")
    texts = ((pk, f"{title}\n{linkable_text(body)}") for pk, title, body in rows.iterator())
    settled = dict(
        EntitySuggestion.objects.exclude(status=SuggestionStatus.NEW).values_list("name", "status")
    )
    candidates = candidate_names(texts, matcher_current()[1], exclude=settled)
    EntitySuggestion.objects.filter(status=SuggestionStatus.NEW).delete()
    EntitySuggestion.objects.bulk_create(
        [
            EntitySuggestion(
                name=c.name[:200],
                is_acronym=c.is_acronym,
                count=c.count,
                article_count=len(c.article_ids),
                examples=c.examples,
                updated_at=now,
            )
            for c in candidates[:500]
        ],
        ignore_conflicts=True,
    )
    return min(len(candidates), 500)


def suggestion_accept(*, suggestion_id: int):  # type: ignore[no-untyped-def]
    """Create an entity from a suggestion (an acronym becomes an organisation); the archive
    is re-linked in the background once it commits."""
    from dossiers.knowledge.models import EntitySuggestion, SuggestionStatus
    from dossiers.knowledge.services import AliasInput, entity_save, knowledge_changed

    with transaction.atomic():
        suggestion = EntitySuggestion.objects.select_for_update().get(pk=suggestion_id)
        if suggestion.entity_id:
            return suggestion.entity
        entity = entity_save(
            name=suggestion.name,
            type="organisation" if suggestion.is_acronym else "concept",
            aliases=[AliasInput(suggestion.name, True)] if suggestion.is_acronym else [],
        )
        suggestion.entity = entity
        suggestion.status = SuggestionStatus.CREATED
        suggestion.save(update_fields=["entity", "status"])
        knowledge_changed(reason=f"new entity {entity.name} (from a suggestion)")
    return entity
