"""Writes for hubs, and the recomputation of which articles each hub collects."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.core.bulk import insert_rows, statistics_refresh
from dossiers.core.freshness import content_changed
from dossiers.core.markdown import render_article_markdown
from dossiers.core.text import unique_slug
from dossiers.hubs.models import (
    DEFAULT_MIN_SALIENCE,
    RuleMode,
    Topic,
    TopicKeyEntity,
    TopicMembership,
)
from dossiers.hubs.rules import HubRule, membership_reason
from dossiers.knowledge.matching import MentionStats
from dossiers.knowledge.models import Entity, Mention
from dossiers.knowledge.services import knowledge_changed
from dossiers.publishing.models import Article


def topic_render(topic: Topic) -> None:
    topic.intro_html = render_article_markdown(topic.intro)


@transaction.atomic
def topic_save(
    *,
    topic: Topic | None = None,
    name: str,
    headline: str = "",
    slug: str = "",
    intro: str = "",
    status: str,
    key_entities: Sequence[Entity],
    pinned: Sequence[Article] = (),
    excluded: Sequence[Article] = (),
    rule_mode: str = RuleMode.ANY,
    min_salience: float = DEFAULT_MIN_SALIENCE,
    published_from: dt.date | None = None,
    published_until: dt.date | None = None,
) -> Topic:
    """Create or update a hub and recompute the articles it collects. Raises ValidationError."""
    topic = topic or Topic()
    topic.rule_mode = rule_mode
    topic.min_salience = min_salience
    topic.published_from = published_from
    topic.published_until = published_until
    topic.name = name.strip()
    topic.headline = headline.strip()
    topic.intro = intro
    topic.status = status
    topic.slug = (
        slug.strip()
        or topic.slug
        or unique_slug(
            topic.name, exists=lambda s: Topic.objects.filter(slug=s).exclude(pk=topic.pk).exists()
        )
    )
    if set(a.pk for a in pinned) & set(a.pk for a in excluded):
        raise ValidationError("An article cannot be both pinned to and excluded from a hub.")
    topic.updated_at = timezone.now()
    topic_render(topic)
    topic.full_clean()
    topic.save()
    topic_set_key_entities(topic=topic, entities=key_entities)
    topic.pinned_articles.set(pinned)
    topic.excluded_articles.set(excluded)
    topic_memberships_recompute(topic=topic)
    return topic


def topic_set_key_entities(*, topic: Topic, entities: Sequence[Entity]) -> None:
    before = list(TopicKeyEntity.objects.filter(topic=topic).values_list("entity_id", flat=True))
    TopicKeyEntity.objects.filter(topic=topic).delete()
    seen: set[int] = set()
    rows = []
    for entity in entities:
        if entity.pk in seen:
            continue
        seen.add(entity.pk)
        rows.append(TopicKeyEntity(topic=topic, entity=entity, position=len(rows)))
    TopicKeyEntity.objects.bulk_create(rows)
    if sorted(before) != sorted(seen):
        # Key sets help settle ambiguous names: the matcher must be rebuilt.
        knowledge_changed()


def hub_peer_sets() -> dict[int, frozenset[int]]:
    """Entity -> the other key entities of the hubs it is a key entity of (for disambiguation)."""
    members: dict[int, set[int]] = defaultdict(set)
    for topic_id, entity_id in TopicKeyEntity.objects.values_list("topic_id", "entity_id"):
        members[topic_id].add(entity_id)
    peers: dict[int, set[int]] = defaultdict(set)
    for keys in members.values():
        for pk in keys:
            peers[pk] |= keys - {pk}
    return {pk: frozenset(others) for pk, others in peers.items()}


def topic_rule(topic: Topic) -> HubRule:
    return HubRule(
        mode=topic.rule_mode,
        min_salience=topic.min_salience,
        published_from=topic.published_from,
        published_until=topic.published_until,
    )


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _key_entities_by_topic() -> dict[int, list[tuple[int, str]]]:
    keys: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for topic_id, entity_id, name in TopicKeyEntity.objects.order_by(
        "topic_id", "position", "id"
    ).values_list("topic_id", "entity_id", "entity__name"):
        keys[topic_id].append((entity_id, name))
    return keys


def article_memberships_recompute(
    *, article: Article, mentions: Mapping[int, MentionStats]
) -> None:
    """Put the article on (or take it off) every hub, from its freshly computed mentions."""
    keys = _key_entities_by_topic()
    rules = {topic.pk: topic_rule(topic) for topic in Topic.objects.all()}
    pinned = set(article.pinned_in_topics.values_list("pk", flat=True))
    excluded = set(article.excluded_from_topics.values_list("pk", flat=True))
    published_on = _local_date(article.published_at)
    rows = []
    for topic_id in set(keys) | pinned:
        reason = membership_reason(
            key_entities=keys.get(topic_id, []),
            mentions=mentions,
            pinned=topic_id in pinned,
            excluded=topic_id in excluded,
            rule=rules.get(topic_id),
            published_on=published_on,
        )
        if reason:
            rows.append(
                TopicMembership(
                    topic_id=topic_id,
                    article=article,
                    is_pinned=topic_id in pinned,
                    reason=reason,
                    article_status=article.status,
                    published_at=article.published_at,
                )
            )
    TopicMembership.objects.filter(article=article).delete()
    TopicMembership.objects.bulk_create(rows)


MEMBERSHIP_COLUMNS = (
    "topic_id", "article_id", "is_pinned", "reason", "article_status", "published_at",
)  # fmt: skip


@transaction.atomic
def topic_memberships_recompute(*, topic: Topic) -> int:
    """Recollect a hub's articles (after its key entities, pins or exclusions changed)."""
    key_entities = _key_entities_by_topic().get(topic.pk, [])
    key_ids = [pk for pk, _ in key_entities]
    mentions: dict[int, dict[int, MentionStats]] = defaultdict(dict)
    for article_id, entity_id, count, first, in_title, in_lead, salience in Mention.objects.filter(
        entity_id__in=key_ids
    ).values_list(
        "article_id", "entity_id", "count", "first_position", "in_title", "in_lead", "salience"
    ):
        mentions[article_id][entity_id] = MentionStats(count, first, in_title, in_lead, salience)
    pinned = set(topic.pinned_articles.values_list("pk", flat=True))
    excluded = set(topic.excluded_articles.values_list("pk", flat=True))
    candidates = set(mentions) | pinned
    publication = {
        pk: (status, published_at)
        for pk, status, published_at in Article.objects.filter(pk__in=candidates).values_list(
            "pk", "status", "published_at"
        )
    }
    rule = topic_rule(topic)
    rows = []
    for article_id in candidates:
        reason = membership_reason(
            key_entities=key_entities,
            mentions=mentions.get(article_id, {}),
            pinned=article_id in pinned,
            excluded=article_id in excluded,
            rule=rule,
            published_on=_local_date(publication[article_id][1]),
        )
        if reason:
            status, published_at = publication[article_id]
            rows.append(
                (topic.pk, article_id, article_id in pinned, reason, status, published_at)
            )
    TopicMembership.objects.filter(topic=topic).delete()
    insert_rows(TopicMembership, MEMBERSHIP_COLUMNS, rows)
    content_changed()
    return len(rows)


@transaction.atomic
def memberships_recompute_all() -> int:
    """Recollect every hub (after a bulk re-link); refreshes the planner's statistics."""
    count = sum(topic_memberships_recompute(topic=topic) for topic in Topic.objects.all())
    statistics_refresh(TopicMembership)
    return count
