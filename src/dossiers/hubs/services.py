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
    Hub,
    HubKeyEntity,
    HubMembership,
    RuleMode,
)
from dossiers.hubs.rules import HubRule, membership_reason
from dossiers.knowledge.mentions import MentionStats
from dossiers.knowledge.models import Entity, Filing, Mention
from dossiers.knowledge.services import knowledge_changed
from dossiers.publishing.models import Article


def hub_render(hub: Hub) -> None:
    hub.intro_html = render_article_markdown(hub.intro)


@transaction.atomic
def hub_save(
    *,
    hub: Hub | None = None,
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
    collect_mentions: bool | None = None,
    imported_from: str | None = None,
) -> Hub:
    """Create or update a hub and recompute the articles it collects. Raises ValidationError.

    `collect_mentions` and `imported_from` keep the hub's values when None."""
    hub = hub or Hub()
    if collect_mentions is not None:
        hub.collect_mentions = collect_mentions
    if imported_from is not None:
        hub.imported_from = imported_from
    hub.rule_mode = rule_mode
    hub.min_salience = min_salience
    hub.published_from = published_from
    hub.published_until = published_until
    hub.name = name.strip()
    hub.headline = headline.strip()
    hub.intro = intro
    hub.status = status
    hub.slug = (
        slug.strip()
        or hub.slug
        or unique_slug(
            hub.name, exists=lambda s: Hub.objects.filter(slug=s).exclude(pk=hub.pk).exists()
        )
    )
    if set(a.pk for a in pinned) & set(a.pk for a in excluded):
        raise ValidationError("An article cannot be both pinned to and excluded from a hub.")
    hub.updated_at = timezone.now()
    hub_render(hub)
    hub.full_clean()
    hub.save()
    hub_set_key_entities(hub=hub, entities=key_entities)
    hub.pinned_articles.set(pinned)
    hub.excluded_articles.set(excluded)
    hub_memberships_recompute(hub=hub)
    return hub


def hub_intro_set(*, hub: Hub, intro: str) -> Hub:
    """Replace a hub's intro (Markdown) and its rendering."""
    hub.intro = intro
    hub_render(hub)
    hub.updated_at = timezone.now()
    hub.save(update_fields=["intro", "intro_html", "updated_at"])
    return hub


def hub_image_set(*, hub: Hub, image_id: int | None) -> None:
    """Set (or clear) a hub's header image (the demo, the importers)."""
    hub.image_id = image_id
    hub.save(update_fields=["image"])


def hub_set_key_entities(*, hub: Hub, entities: Sequence[Entity]) -> None:
    before = list(HubKeyEntity.objects.filter(hub=hub).values_list("entity_id", flat=True))
    HubKeyEntity.objects.filter(hub=hub).delete()
    seen: set[int] = set()
    rows: list[HubKeyEntity] = []
    for entity in entities:
        if entity.pk in seen:
            continue
        seen.add(entity.pk)
        rows.append(HubKeyEntity(hub=hub, entity=entity, position=len(rows)))
    HubKeyEntity.objects.bulk_create(rows)
    if sorted(before) != sorted(seen):
        # Key sets help settle ambiguous names: the matcher must be rebuilt, and the
        # archive is re-linked in the background.
        knowledge_changed(reason=f"key entities of the hub “{hub.name}” changed")


def hub_peer_sets() -> dict[int, frozenset[int]]:
    """Entity -> the other key entities of the hubs it is a key entity of (for disambiguation)."""
    members: dict[int, set[int]] = defaultdict(set)
    for hub_id, entity_id in HubKeyEntity.objects.values_list("hub_id", "entity_id"):
        members[hub_id].add(entity_id)
    peers: dict[int, set[int]] = defaultdict(set)
    for keys in members.values():
        for pk in keys:
            peers[pk] |= keys - {pk}
    return {pk: frozenset(others) for pk, others in peers.items()}


def hub_rule(hub: Hub) -> HubRule:
    return HubRule(
        mode=hub.rule_mode,
        min_salience=hub.min_salience,
        published_from=hub.published_from,
        published_until=hub.published_until,
        collect_mentions=hub.collect_mentions,
        filed_in=hub.imported_from,
    )


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _key_entities_by_hub() -> dict[int, list[tuple[int, str]]]:
    keys: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for hub_id, entity_id, name in HubKeyEntity.objects.order_by(
        "hub_id", "position", "id"
    ).values_list("hub_id", "entity_id", "entity__name"):
        keys[hub_id].append((entity_id, name))
    return keys


def article_memberships_recompute(
    *, article: Article, mentions: Mapping[int, MentionStats]
) -> None:
    """Put the article on (or take it off) every hub, from its freshly computed mentions."""
    keys = _key_entities_by_hub()
    rules = {hub.pk: hub_rule(hub) for hub in Hub.objects.all()}
    # Hubs that only collect what was filed under them need the article's filings.
    filed: frozenset[int] = frozenset()
    if any(not rule.collect_mentions for rule in rules.values()):
        filed = frozenset(
            Filing.objects.filter(article=article).values_list("entity_id", flat=True)
        )
    pinned = set(article.pinned_in_hubs.values_list("pk", flat=True))
    excluded = set(article.excluded_from_hubs.values_list("pk", flat=True))
    published_on = _local_date(article.published_at)
    rows = []
    for hub_id in set(keys) | pinned:
        reason = membership_reason(
            key_entities=keys.get(hub_id, []),
            mentions=mentions,
            pinned=hub_id in pinned,
            excluded=hub_id in excluded,
            rule=rules.get(hub_id),
            published_on=published_on,
            filed=filed,
        )
        if reason:
            rows.append(
                HubMembership(
                    hub_id=hub_id,
                    article=article,
                    is_pinned=hub_id in pinned,
                    reason=reason,
                    article_status=article.status,
                    published_at=article.published_at,
                )
            )
    HubMembership.objects.filter(article=article).delete()
    HubMembership.objects.bulk_create(rows)


MEMBERSHIP_COLUMNS = (
    "hub_id",
    "article_id",
    "is_pinned",
    "reason",
    "article_status",
    "published_at",
)


@transaction.atomic
def hub_memberships_recompute(*, hub: Hub) -> int:
    """Recollect a hub's articles (after its key entities, pins or exclusions changed)."""
    key_entities = _key_entities_by_hub().get(hub.pk, [])
    key_ids = [pk for pk, _ in key_entities]
    mentions: dict[int, dict[int, MentionStats]] = defaultdict(dict)
    # "about" as the linker judged it (under the site's threshold, DOSSIERS_SALIENCE_ABOUT).
    stored = Mention.objects.filter(entity_id__in=key_ids).values_list(
        "article_id",
        "entity_id",
        "count",
        "first_position",
        "in_title",
        "in_lead",
        "salience",
        "is_about",
    )
    for article_id, entity_id, count, first, in_title, in_lead, salience, about in stored:
        mentions[article_id][entity_id] = MentionStats(
            count, first, in_title, in_lead, salience, about=about
        )
    filed: dict[int, set[int]] = defaultdict(set)
    if not hub.collect_mentions:
        for article_id, entity_id in Filing.objects.filter(entity_id__in=key_ids).values_list(
            "article_id", "entity_id"
        ):
            filed[article_id].add(entity_id)
        # Only what was filed under the hub (and pins) can be on it: mentions found in the
        # text of other articles are not candidates.
        mentions = defaultdict(dict, {pk: mentions.get(pk, {}) for pk in filed})
    pinned = set(hub.pinned_articles.values_list("pk", flat=True))
    excluded = set(hub.excluded_articles.values_list("pk", flat=True))
    candidates = set(mentions) | pinned
    publication = {
        pk: (status, published_at)
        for pk, status, published_at in Article.objects.filter(pk__in=candidates).values_list(
            "pk", "status", "published_at"
        )
    }
    rule = hub_rule(hub)
    rows = []
    for article_id in candidates:
        reason = membership_reason(
            key_entities=key_entities,
            mentions=mentions.get(article_id, {}),
            pinned=article_id in pinned,
            excluded=article_id in excluded,
            rule=rule,
            published_on=_local_date(publication[article_id][1]),
            filed=frozenset(filed.get(article_id, ())),
        )
        if reason:
            status, published_at = publication[article_id]
            rows.append((hub.pk, article_id, article_id in pinned, reason, status, published_at))
    HubMembership.objects.filter(hub=hub).delete()
    insert_rows(HubMembership, MEMBERSHIP_COLUMNS, rows)
    content_changed()
    return len(rows)


@transaction.atomic
def memberships_recompute_all() -> int:
    """Recollect every hub (after a bulk re-link); refreshes the planner's statistics."""
    count = sum(hub_memberships_recompute(hub=hub) for hub in Hub.objects.all())
    statistics_refresh(HubMembership)
    return count
