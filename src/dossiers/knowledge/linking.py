"""Linking articles to entities: the process-wide matcher and the per-article write.

The matcher is built once per process and knowledge-base version (a random
token in `KnowledgeVersion`), from every name and alias plus what
disambiguation needs: each entity's type, the entities its own definition and
description name ("related"), and those it shares a hub's key set with
("hub peers", supplied by the hubs app through `register_peer_provider`, since
knowledge never imports hubs).
"""

from __future__ import annotations

import hashlib
import marshal
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import NamedTuple

from django.db import transaction

from dossiers.core.config import conf
from dossiers.knowledge.matching import Matcher, Term, build_matcher, looks_like_acronym
from dossiers.knowledge.mentions import LinkResult, SaliencePolicy, link_document
from dossiers.knowledge.models import (
    Alias,
    AmbiguousMention,
    ArticleLinkState,
    Entity,
    EntityType,
    KnowledgeVersion,
    Mention,
)
from dossiers.knowledge.text import linkable_text
from dossiers.publishing.models import Article

PeerProvider = Callable[[], Mapping[int, frozenset[int]]]
_peer_providers: list[PeerProvider] = []


def register_peer_provider(provider: PeerProvider) -> None:
    """Another app (hubs) tells disambiguation which entities belong together."""
    if provider not in _peer_providers:
        _peer_providers.append(provider)


def knowledge_version() -> str:
    row = KnowledgeVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row or ""


def knowledge_terms() -> list[Term]:
    """Every entity name and alias, as matcher terms; labels are filed under, never matched."""
    aliases = [
        Term(
            entity_id=entity_id,
            text=text,
            case_sensitive=exact,
            context_only=context_only,
            cues_for=cues_for,
            cues_against=cues_against,
        )
        for entity_id, text, exact, context_only, cues_for, cues_against in (
            Alias.objects.exclude(entity__type=EntityType.LABEL).values_list(
                "entity_id", "text", "case_sensitive", "context_only", "cues_for", "cues_against"
            )
        )
    ]
    rows = list(
        Entity.objects.exclude(type=EntityType.LABEL).values_list("pk", "name", "match_name")
    )
    # An alias written like the name says how the name is read (its case, its cues).
    restated = {(t.entity_id, t.text) for t in aliases}
    named = {(pk, name) for pk, name, _ in rows}
    aliases = [replace(t, is_name=True) if (t.entity_id, t.text) in named else t for t in aliases]
    names = [
        Term(entity_id=pk, text=name, case_sensitive=looks_like_acronym(name), is_name=True)
        for pk, name, matched in rows
        if matched and (pk, name) not in restated
    ]
    return names + aliases


def entity_relations(
    matcher: Matcher, descriptions: Iterable[tuple[int, str]]
) -> dict[int, frozenset[int]]:
    """Entities related through their own texts: A's description names B, so A and B are related.

    Only names that point to one entity count; a shared name in a
    description says nothing about which of its owners is meant.
    """
    related: dict[int, set[int]] = defaultdict(set)
    for pk, text in descriptions:
        for _, _, ids in matcher.spans(text):
            if len(ids) == 1 and ids[0] != pk and ids[0] > 0:
                related[pk].add(ids[0])
                related[ids[0]].add(pk)
    return {pk: frozenset(others) for pk, others in related.items()}


def matcher_build() -> Matcher:
    rows = list(Entity.objects.values_list("pk", "type", "definition", "description"))
    matcher = build_matcher(knowledge_terms(), types={pk: kind for pk, kind, _, _ in rows})
    matcher.related = entity_relations(
        matcher, ((pk, f"{definition}\n{description}") for pk, _, definition, description in rows)
    )
    peers: dict[int, frozenset[int]] = {}
    for provider in _peer_providers:
        for pk, others in provider().items():
            peers[pk] = peers.get(pk, frozenset()) | others
    matcher.hub_peers = peers
    return matcher


_matcher_lock = threading.Lock()
_matcher_cache: dict[str, tuple[str, Matcher]] = {}


def matcher_current() -> tuple[str, Matcher]:
    """(knowledge-base version, matcher), rebuilt when another process changed the base."""
    version = knowledge_version()
    cached = _matcher_cache.get("default")
    if cached and cached[0] == version:
        return cached
    with _matcher_lock:
        cached = _matcher_cache.get("default")
        if cached and cached[0] == version:
            return cached
        _matcher_cache["default"] = (version, matcher_build())
    return _matcher_cache["default"]


def salience_policy() -> SaliencePolicy:
    """The site's salience settings (DOSSIERS_SALIENCE_*)."""
    settings = conf()
    return SaliencePolicy(
        about=settings.salience_about,
        lead_share=settings.salience_lead_share,
        lead_max=settings.salience_lead_max,
        context=settings.salience_context,
    )


def article_text_link(matcher: Matcher, *, title: str, body_html: str) -> LinkResult:
    """The entities an article names: the one decision hub membership is computed from."""
    return link_document(
        matcher, title=title, body_text=linkable_text(body_html), policy=salience_policy()
    )


def article_entities_find(article: Article, matcher: Matcher | None = None) -> LinkResult:
    """The entities an article mentions (no writes)."""
    return article_text_link(
        matcher or matcher_current()[1], title=article.title, body_html=article.body_html
    )


class MentionRow(NamedTuple):
    """A `Mention` row, in MENTION_COLUMNS order (a tuple: the bulk path inserts these)."""

    article_id: int
    entity_id: int
    occurrences: int  # the column `count` (a tuple field cannot be called that)
    first_position: int
    in_title: bool
    in_lead: bool
    salience: float
    is_about: bool
    surface: str
    disambiguation: str


class AmbiguityRow(NamedTuple):
    """An `AmbiguousMention` row, in AMBIGUITY_COLUMNS order."""

    article_id: int
    surface: str
    candidate_ids: list[int]
    occurrences: int  # the column `count`
    first_position: int


# The model's columns, in the rows' order.
MENTION_COLUMNS = (
    "article_id",
    "entity_id",
    "count",
    "first_position",
    "in_title",
    "in_lead",
    "salience",
    "is_about",
    "surface",
    "disambiguation",
)
AMBIGUITY_COLUMNS = ("article_id", "surface", "candidate_ids", "count", "first_position")


def mention_rows(article_id: int, result: LinkResult) -> list[MentionRow]:
    """The article's `Mention` rows."""
    return [
        MentionRow(
            article_id,
            entity_id,
            stats.count,
            stats.first_position,
            stats.in_title,
            stats.in_lead,
            stats.salience,
            stats.is_about,
            stats.surface[:200],
            stats.disambiguation[:300],
        )
        for entity_id, stats in result.mentions.items()
    ]


def ambiguity_rows(article_id: int, result: LinkResult) -> list[AmbiguityRow]:
    """The article's unsettled names, as `AmbiguousMention` rows."""
    return [
        AmbiguityRow(article_id, d.surface[:200], list(d.candidates), d.count, d.first_position)
        for d in result.decisions
        if d.chosen is None
    ]


def links_digest(mentions: list[MentionRow], ambiguities: list[AmbiguityRow]) -> str:
    """A short hash of an article's links, to skip unchanged articles in a bulk re-link.

    `marshal` serialises the rows four times faster than `repr` (this runs for
    every article of a re-link). Its format may change with the Python
    version; a digest that no longer matches only makes the next re-link
    write that article again.
    """
    # Plain tuples: the digests stay those of rows stored before the rows were named.
    plain = sorted(map(tuple, mentions)), sorted(repr(tuple(row)) for row in ambiguities)
    payload = marshal.dumps(plain)
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


@transaction.atomic
def article_link(*, article: Article) -> LinkResult:
    """Store the article's mentions and unsettled ambiguities; returns what was found.

    One step of the derivation pipeline (`dossiers.pipeline`), which goes on
    with the result: filings, then hub memberships.
    """
    version, matcher = matcher_current()
    result = article_entities_find(article, matcher)
    mentions, ambiguities = mention_rows(article.pk, result), ambiguity_rows(article.pk, result)
    Mention.objects.filter(article=article).delete()
    Mention.objects.bulk_create(
        Mention(**dict(zip(MENTION_COLUMNS, row, strict=True))) for row in mentions
    )
    AmbiguousMention.objects.filter(article=article).delete()
    AmbiguousMention.objects.bulk_create(
        AmbiguousMention(**dict(zip(AMBIGUITY_COLUMNS, row, strict=True))) for row in ambiguities
    )
    ArticleLinkState.objects.update_or_create(
        article=article,
        defaults={"version": version, "digest": links_digest(mentions, ambiguities)},
    )
    return result
