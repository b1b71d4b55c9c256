"""Writes for the knowledge base: entities and aliases.

Linking articles to entities lives in `linking.py`, bulk re-linking and its
background jobs in `relinking.py`.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.core.markdown import render_article_markdown
from dossiers.core.text import unique_slug
from dossiers.core.transactions import on_commit_once
from dossiers.knowledge.matching import looks_like_acronym
from dossiers.knowledge.models import Alias, Entity, KnowledgeVersion
from dossiers.knowledge.signals import knowledge_base_changed

# --- Entities and aliases -----------------------------------------------------


@dataclass(frozen=True)
class AliasInput:
    text: str
    case_sensitive: bool | None = None  # None: decide from the text (acronyms are exact)
    context_only: bool = False


_WIKIDATA_URL = re.compile(r"wikidata\.org/(?:wiki|entity)/(Q\d+)$")


def wikidata_id_from_urls(urls: Sequence[str]) -> str:
    for url in urls:
        match = _WIKIDATA_URL.search(url.strip())
        if match:
            return match.group(1)
    return ""


def entity_render(entity: Entity) -> None:
    entity.description_html = render_article_markdown(entity.description)


@transaction.atomic
def entity_save(
    *,
    entity: Entity | None = None,
    name: str,
    type: str,
    definition: str = "",
    description: str = "",
    slug: str = "",
    aliases: Sequence[AliasInput] = (),
    same_as: Sequence[str] = (),
    wikidata_id: str | None = None,
) -> Entity:
    """Create or update an entity and replace its aliases. Raises ValidationError."""
    entity = entity or Entity()
    entity.name = name.strip()
    entity.type = type
    entity.definition = " ".join(definition.split())
    entity.description = description
    entity.same_as = [url.strip() for url in same_as if url.strip()]
    if wikidata_id is not None:
        entity.wikidata_id = wikidata_id.strip()
    elif not entity.wikidata_id:
        entity.wikidata_id = wikidata_id_from_urls(entity.same_as)
    entity.slug = (
        slug.strip()
        or entity.slug
        or unique_slug(
            entity.name,
            exists=lambda s: Entity.objects.filter(slug=s).exclude(pk=entity.pk).exists(),
        )
    )
    entity.updated_at = timezone.now()
    entity_render(entity)
    entity.full_clean()
    entity.save()
    entity_set_aliases(entity=entity, aliases=aliases)
    knowledge_changed(reason=f"entity “{entity.name}” saved")
    return entity


@transaction.atomic
def entity_delete(*, entities: Sequence[Entity]) -> int:
    """Delete entities (their aliases and mentions go with them). Returns how many."""
    doomed = Entity.objects.filter(pk__in=[entity.pk for entity in entities])
    names = sorted(doomed.values_list("name", flat=True))
    doomed.delete()
    if names:
        shown = ", ".join(f"“{name}”" for name in names[:3]) + (" …" if len(names) > 3 else "")
        knowledge_changed(reason=f"entities deleted: {shown}")
    return len(names)


def entity_set_aliases(*, entity: Entity, aliases: Sequence[AliasInput]) -> None:
    rows: list[Alias] = []
    seen: set[str] = set()
    for position, alias in enumerate(aliases):
        text = " ".join(alias.text.split())
        if not text:
            raise ValidationError({"aliases": "An alias cannot be empty."})
        if len(text) > 200:
            raise ValidationError(
                {"aliases": f"Alias too long (200 characters at most): {text[:40]}…"}
            )
        exact = alias.case_sensitive
        if exact is None:
            exact = looks_like_acronym(text)
        # An alias equal to the name only matters to make the name case-sensitive
        # ("Turkey" the country, not the bird).
        if text in seen or (text == entity.name and not exact):
            continue
        seen.add(text)
        rows.append(
            Alias(
                entity=entity,
                text=text,
                case_sensitive=exact,
                context_only=alias.context_only,
                position=position,
            )
        )
    Alias.objects.filter(entity=entity).delete()
    Alias.objects.bulk_create(rows)


def knowledge_changed(*, reason: str = "the knowledge base changed") -> None:
    """Move the knowledge-base version so that every process rebuilds its matcher, and say
    so once the change commits (`knowledge_base_changed`: the archive is re-linked)."""
    token = uuid.uuid4().hex
    updated = KnowledgeVersion.objects.filter(pk=1).update(version=token)
    if not updated:
        KnowledgeVersion.objects.create(pk=1, version=token)
    if on_commit_once(_announce_change):
        _announced.reasons = []  # a fresh transaction (or the first since a rollback)
    reasons = _announced.__dict__.setdefault("reasons", [])
    if reason not in reasons:
        reasons.append(reason)


_announced = threading.local()


def _announce_change() -> None:
    reasons, _announced.reasons = getattr(_announced, "reasons", []), []
    knowledge_base_changed.send(sender=KnowledgeVersion, reason="; ".join(reasons)[:300])
