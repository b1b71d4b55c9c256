"""Search, for the search page and the API: `search_run`; and the articles a set of
filters selects without a query (`ArticleFilter`, `article_list_count`,
`article_list_page`: the API's /articles).

    search_run(*, query, hub="", author="", entity="", date_from=None, date_to=None,
               offset=0, limit=10) -> SearchOutcome

`hub`, `author` and `entity` are slugs (a published hub; any author; any
entity); `date_from` and `date_to` are days in the site's time zone, both
included. It never raises for what a reader can type: a query that cannot be
searched, or a filter that names nothing, comes back with a `message` and no
hits.

SearchOutcome fields:
- `query`: the query as understood ("strategic “s 400”"), for headings;
- `message`: for the reader: why nothing was searched, or a note on how the
  query was read (an unclosed quote, words dropped); "" when all is well;
- `total`: how many articles match; when `capped` is true, more match than
  the backend's `window` (1,000 by default) and `total` counts the matches
  among the newest `window` candidates, the ones that are ranked;
- `hits`: the page asked for, as `SearchHit(card, snippet_html, score)`:
  `card` is the `publishing.selectors.Card` every listing shows,
  `snippet_html` safe HTML (escaped text, `<mark>` around the matches),
  `score` the backend's relevance (higher is better; comparable within one
  search only);
- `entities`: entities the query names, as `MatchedEntity(name, slug,
  definition, aliases, hubs)`, `hubs` being the published hubs it is a key
  entity of, as `MatchedHub(name, slug, headline)`. Their other names are
  searched too, and when the query is just the entity, so are the articles
  the knowledge base says are about it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from dossiers.hubs.models import Hub, HubKeyEntity, HubMembership, HubStatus
from dossiers.knowledge.linking import matcher_current
from dossiers.knowledge.models import Alias, Entity, Mention
from dossiers.publishing.models import Article, ArticleAuthor, Author
from dossiers.publishing.selectors import CARD_COLUMNS, Card, cards_from_rows
from dossiers.search.backends import get_backend
from dossiers.search.backends.base import SearchRequest
from dossiers.search.entities import Name, NamedSpan, named_spans, other_names
from dossiers.search.query import (
    STOP_WORDS,
    ParsedQuery,
    clause_spans,
    parse_query,
    surface_words,
    with_other_names,
)

MAX_LIMIT = 100
MAX_ENTITIES = 3


@dataclass(frozen=True)
class SearchHit:
    card: Card
    snippet_html: str
    score: float


@dataclass(frozen=True)
class MatchedHub:
    name: str
    slug: str
    headline: str


@dataclass(frozen=True)
class MatchedEntity:
    name: str
    slug: str
    definition: str
    aliases: tuple[str, ...]
    hubs: tuple[MatchedHub, ...]


@dataclass(frozen=True)
class SearchOutcome:
    query: str
    message: str
    total: int
    hits: tuple[SearchHit, ...]
    entities: tuple[MatchedEntity, ...]
    capped: bool = False
    window: int = 0


@dataclass(frozen=True)
class _Filters:
    restrict: tuple[QuerySet, ...]
    published_from: dt.datetime | None
    published_until: dt.datetime | None
    problems: tuple[str, ...]


def search_run(
    *,
    query: str,
    hub: str = "",
    author: str = "",
    entity: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    offset: int = 0,
    limit: int = 10,
) -> SearchOutcome:
    parsed = parse_query(query)
    filters = _filters(hub=hub, author=author, entity=entity, date_from=date_from, date_to=date_to)
    if filters.problems:
        return SearchOutcome(parsed.text, " ".join(filters.problems), 0, (), ())
    if not parsed.searchable:
        return SearchOutcome(parsed.text, parsed.message, 0, (), ())
    expanded, entities, also = _named(parsed)
    backend = get_backend()
    result = backend.search(
        SearchRequest(
            query=expanded,
            now=timezone.now(),
            offset=max(0, int(offset)),
            limit=min(max(1, int(limit)), MAX_LIMIT),
            restrict=filters.restrict,
            also=also,
            published_from=filters.published_from,
            published_until=filters.published_until,
            typed=parsed if expanded is not parsed else None,
        )
    )
    cards = _cards([hit.article_id for hit in result.hits])
    hits = tuple(
        SearchHit(card=cards[hit.article_id], snippet_html=hit.snippet_html, score=hit.score)
        for hit in result.hits
        if hit.article_id in cards
    )
    return SearchOutcome(
        query=parsed.text,
        message=parsed.message,
        total=result.total,
        hits=hits,
        entities=entities,
        capped=result.capped,
        window=result.window,
    )


def _cards(article_ids: list[int]) -> dict[int, Card]:
    """Cards of these articles, by id (2 queries; none for an empty page)."""
    if not article_ids:
        return {}
    rows = list(Article.objects.filter(pk__in=article_ids).values_list(*CARD_COLUMNS))
    return {card.id: card for card in cards_from_rows(rows)}


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filters(
    *, hub: str, author: str, entity: str, date_from: dt.date | None, date_to: dt.date | None
) -> _Filters:
    """Filters as article-id subqueries; a slug that names nothing is a problem to report."""
    restrict: list[QuerySet] = []
    problems: list[str] = []
    if hub:
        hub_id = (
            Hub.objects.filter(slug=hub, status=HubStatus.PUBLISHED)
            .values_list("pk", flat=True)
            .first()
        )
        if hub_id is None:
            problems.append(f"There is no hub “{hub[:80]}”: choose one from the list.")
        else:
            restrict.append(HubMembership.objects.filter(hub_id=hub_id).values("article_id"))
    if author:
        author_id = Author.objects.filter(slug=author).values_list("pk", flat=True).first()
        if author_id is None:
            problems.append(f"There is no author “{author[:80]}”: choose one from the list.")
        else:
            restrict.append(ArticleAuthor.objects.filter(author_id=author_id).values("article_id"))
    if entity:
        entity_id = Entity.objects.filter(slug=entity).values_list("pk", flat=True).first()
        if entity_id is None:
            problems.append(f"There is no entity “{entity[:80]}” in the glossary.")
        else:
            restrict.append(Mention.objects.filter(entity_id=entity_id).values("article_id"))
    if date_from and date_to and date_from > date_to:
        problems.append("The “from” date comes after the “to” date: swap them.")
    published_from = _local_midnight(date_from) if date_from else None
    published_until = (
        _local_midnight(date_to + dt.timedelta(days=1)) - dt.timedelta(microseconds=1)
        if date_to and date_to < dt.date.max
        else None
    )
    return _Filters(tuple(restrict), published_from, published_until, tuple(problems))


# --- Entities the query names ------------------------------------------------------


def _named(parsed: ParsedQuery) -> tuple[ParsedQuery, tuple[MatchedEntity, ...], QuerySet | None]:
    """The query with the named entities' other names as alternatives, the entities to
    show, and (when the query is just one entity) the articles about it."""
    words = surface_words(parsed)
    spans = named_spans(matcher_current()[1], words)[:MAX_ENTITIES]
    if not spans:
        return parsed, (), None
    ids = list(dict.fromkeys(i for span in spans for i in span.entity_ids))[: MAX_ENTITIES * 2]
    rows, names = _names(ids)
    expanded = parsed
    # Replace from the right, so that the word positions of earlier spans stay valid.
    for span in reversed(spans):
        if len(span.entity_ids) != 1 or not _covers_clauses(parsed, span):
            continue
        entity_id = span.entity_ids[0]
        phrases = other_names(names.get(entity_id, []))
        typed = tuple(word.lower() for word in words[span.start : span.end])
        keep_typed = typed in phrases or not _is_common(typed)
        expanded = with_other_names(
            expanded, start=span.start, end=span.end, names=phrases, keep_typed=keep_typed
        )
    also = None
    if (
        len(spans) == 1
        and len(spans[0].entity_ids) == 1
        and (spans[0].start, spans[0].end)
        == (
            0,
            len(words),
        )
    ):
        also = Mention.objects.filter(entity_id=spans[0].entity_ids[0], is_about=True).values(
            "article_id"
        )
    return expanded, _entities(ids, rows, names), also


def _is_common(words: tuple[str, ...]) -> bool:
    return " ".join(words) in STOP_WORDS


def _covers_clauses(parsed: ParsedQuery, span: NamedSpan) -> bool:
    starts = {start for start, _ in clause_spans(parsed)}
    ends = {end for _, end in clause_spans(parsed)}
    return span.start in starts and span.end in ends


_EntityRows = dict[int, tuple[str, str, str]]


def _names(entity_ids: list[int]) -> tuple[_EntityRows, dict[int, list[Name]]]:
    """Each entity's name, slug and definition, and its names, name first (2 queries)."""
    rows: _EntityRows = {}
    names: dict[int, list[Name]] = defaultdict(list)
    for pk, name, slug, definition in Entity.objects.filter(pk__in=entity_ids).values_list(
        "pk", "name", "slug", "definition"
    ):
        rows[pk] = (name, slug, definition)
        names[pk].append(Name(name))
    for entity_id, text, exact, context_only in (
        Alias.objects.filter(entity_id__in=entity_ids)
        .order_by("position", "id")
        .values_list("entity_id", "text", "case_sensitive", "context_only")
    ):
        names[entity_id].append(Name(text, case_sensitive=exact, context_only=context_only))
    return rows, names


def _entities(
    entity_ids: list[int], rows: _EntityRows, names: dict[int, list[Name]]
) -> tuple[MatchedEntity, ...]:
    """What the page shows of each entity, with the hubs it is key to (1 query)."""
    hubs: dict[int, list[MatchedHub]] = defaultdict(list)
    for entity_id, name, slug, headline in (
        HubKeyEntity.objects.filter(entity_id__in=entity_ids, hub__status=HubStatus.PUBLISHED)
        .order_by("hub__name")
        .values_list("entity_id", "hub__name", "hub__slug", "hub__headline")
    ):
        hubs[entity_id].append(MatchedHub(name, slug, headline))
    found = []
    for pk in entity_ids:
        if pk not in rows:
            continue
        name, slug, definition = rows[pk]
        aliases = tuple(dict.fromkeys(n.text for n in names.get(pk, [])[1:] if n.text != name))
        found.append(MatchedEntity(name, slug, definition, aliases, tuple(hubs.get(pk, ()))))
    return tuple(found)


# --- The search form's choices -------------------------------------------------------


@dataclass(frozen=True)
class SearchChoices:
    hubs: tuple[tuple[str, str], ...]  # (name, slug) of published hubs
    authors: tuple[tuple[str, str], ...]  # (name, slug) of every author
    entity: tuple[tuple[str, str], ...]  # (name, slug) of the entity filtered by, if any


def search_choices(*, entity: str = "") -> SearchChoices:
    """Select-list options for the search form (2 queries, 3 with an entity filter)."""
    hubs = tuple(
        Hub.objects.filter(status=HubStatus.PUBLISHED).order_by("name").values_list("name", "slug")
    )
    authors = tuple(Author.objects.order_by("name").values_list("name", "slug"))
    current: tuple[tuple[str, str], ...] = ()
    if entity:
        current = tuple(Entity.objects.filter(slug=entity).values_list("name", "slug")[:1])
    return SearchChoices(hubs=hubs, authors=authors, entity=current)


# --- Articles by hub, author, entity and days, without a query (the API's /articles) ---

# Dates outside these bounds filter nothing out (or everything): the site's time zone
# cannot convert year 1 or 9999 to UTC without overflowing.
_EARLIEST = dt.date(1000, 1, 1)
_LATEST = dt.date(9000, 1, 1)


@dataclass(frozen=True)
class ArticleFilter:
    """Which visible articles a list holds. Days are the site's (DOSSIERS_TIME_ZONE), inclusive."""

    hub: Hub | None = None
    author: Author | None = None
    entity: Entity | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _filtered(spec: ArticleFilter, now: dt.datetime) -> QuerySet[Article]:
    articles = Article.objects.visible(now)
    if spec.hub is not None:
        members = HubMembership.objects.filter(hub=spec.hub).values("article_id")
        articles = articles.filter(pk__in=members)
    if spec.author is not None:
        written = ArticleAuthor.objects.filter(author=spec.author).values("article_id")
        articles = articles.filter(pk__in=written)
    if spec.entity is not None:
        mentioned = Mention.objects.filter(entity=spec.entity).values("article_id")
        articles = articles.filter(pk__in=mentioned)
    if spec.date_from is not None and spec.date_from > _EARLIEST:
        if spec.date_from > _LATEST:
            return articles.none()
        articles = articles.filter(published_at__gte=_local_midnight(spec.date_from))
    if spec.date_to is not None and spec.date_to < _LATEST:
        if spec.date_to < _EARLIEST:
            return articles.none()
        articles = articles.filter(published_at__lt=_local_midnight(spec.date_to + dt.timedelta(1)))
    return articles


def article_list_count(*, spec: ArticleFilter, now: dt.datetime | None = None) -> int:
    return _filtered(spec, now or timezone.now()).count()


def article_list_page(
    *, spec: ArticleFilter, offset: int, limit: int, now: dt.datetime | None = None
) -> list[Card]:
    """Visible articles, newest first (2 queries: the page, its bylines)."""
    rows = list(
        _filtered(spec, now or timezone.now())
        .order_by("-published_at", "-id")
        .values_list(*CARD_COLUMNS)[offset : offset + limit]
    )
    return cards_from_rows(rows)
