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
    cues_for: str = ""  # words that confirm this sense next to the name (`senses`)
    cues_against: str = ""  # words that rule it out


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
    match_name: bool = True,
) -> Entity:
    """Create or update an entity and replace its aliases. Raises ValidationError.

    `match_name=False` makes the name display-only ("Paris (Texas)"): only the
    aliases are looked for in articles.
    """
    entity = entity or Entity()
    entity.name = name.strip()
    entity.match_name = match_name
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


@dataclass(frozen=True)
class AliasRow:
    """An alias as it is stored: every choice made explicit."""

    text: str
    case_sensitive: bool
    context_only: bool = False
    cues_for: str = ""
    cues_against: str = ""


def aliases_resolve(*, name: str, aliases: Sequence[AliasInput]) -> list[AliasRow]:
    """The aliases `entity_set_aliases` stores for an entity named `name`, in order.

    Pure (the import's dry run compares with it). Raises ValidationError.
    """
    rows: list[AliasRow] = []
    seen: set[str] = set()
    for alias in aliases:
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
        cues_for = " ".join(alias.cues_for.split())[:300]
        cues_against = " ".join(alias.cues_against.split())[:300]
        # An alias equal to the name only matters to say how the name itself is read: in
        # exact case ("Turkey" the country, not the bird), in any case (an acronym that is
        # no word), or with cues.
        plain_name = (
            text == name
            and exact == looks_like_acronym(text)
            and not (alias.context_only or cues_for or cues_against)
        )
        if text in seen or plain_name:
            continue
        seen.add(text)
        rows.append(AliasRow(text, exact, alias.context_only, cues_for, cues_against))
    return rows


def entity_set_aliases(*, entity: Entity, aliases: Sequence[AliasInput]) -> None:
    rows = [
        Alias(
            entity=entity,
            text=row.text,
            case_sensitive=row.case_sensitive,
            context_only=row.context_only,
            cues_for=row.cues_for,
            cues_against=row.cues_against,
            position=position,
        )
        for position, row in enumerate(aliases_resolve(name=entity.name, aliases=aliases))
    ]
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
