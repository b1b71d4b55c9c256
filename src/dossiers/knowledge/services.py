"""Writes for the knowledge base, and the linking of articles to entities."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.core.freshness import content_changed
from dossiers.core.markdown import render_article_markdown
from dossiers.core.text import unique_slug
from dossiers.knowledge.matching import (
    LinkResult,
    Matcher,
    Term,
    build_matcher,
    link_document,
    looks_like_acronym,
)
from dossiers.knowledge.models import Alias, Entity, KnowledgeVersion, Mention
from dossiers.knowledge.signals import archive_linked, article_linked
from dossiers.publishing.models import Article

# --- Entities and aliases -----------------------------------------------------


@dataclass(frozen=True)
class AliasInput:
    text: str
    case_sensitive: bool | None = None  # None: decide from the text (acronyms are exact)


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
) -> Entity:
    """Create or update an entity and replace its aliases. Raises ValidationError."""
    entity = entity or Entity()
    entity.name = name.strip()
    entity.type = type
    entity.definition = " ".join(definition.split())
    entity.description = description
    entity.same_as = [url.strip() for url in same_as if url.strip()]
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
    knowledge_changed()
    return entity


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
        rows.append(Alias(entity=entity, text=text, case_sensitive=exact, position=position))
    Alias.objects.filter(entity=entity).delete()
    Alias.objects.bulk_create(rows)


def knowledge_changed() -> None:
    """Move the knowledge-base version so that every process rebuilds its matcher."""
    token = uuid.uuid4().hex
    updated = KnowledgeVersion.objects.filter(pk=1).update(version=token)
    if not updated:
        KnowledgeVersion.objects.create(pk=1, version=token)


# --- The matcher, built once per process and knowledge-base version -----------

_matcher_lock = threading.Lock()
_matcher_cache: dict[str, tuple[str, Matcher]] = {}


def knowledge_version() -> str:
    row = KnowledgeVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row or ""


def knowledge_terms() -> list[Term]:
    """Every entity name and alias, as matcher terms."""
    aliases = [
        Term(entity_id=entity_id, text=text, case_sensitive=exact)
        for entity_id, text, exact in Alias.objects.values_list(
            "entity_id", "text", "case_sensitive"
        )
    ]
    exact_names = {(t.entity_id, t.text) for t in aliases if t.case_sensitive}
    names = [
        Term(entity_id=pk, text=name, case_sensitive=looks_like_acronym(name))
        for pk, name in Entity.objects.values_list("pk", "name")
        if (pk, name) not in exact_names
    ]
    return names + aliases


def matcher_current() -> Matcher:
    version = knowledge_version()
    cached = _matcher_cache.get("default")
    if cached and cached[0] == version:
        return cached[1]
    with _matcher_lock:
        matcher = build_matcher(knowledge_terms())
        _matcher_cache["default"] = (version, matcher)
    return matcher


# --- Linking ------------------------------------------------------------------


def article_entities_find(article: Article, matcher: Matcher | None = None) -> LinkResult:
    """The entities an article mentions (no writes).

    This is the one function that decides which entities an article is
    about; hub membership is computed from what it returns.
    """
    return link_document(
        matcher or matcher_current(), title=article.title, body_text=article.body_text
    )


def _mention_rows(article_id: int, result: LinkResult) -> list[Mention]:
    return [
        Mention(
            article_id=article_id,
            entity_id=entity_id,
            count=stats.count,
            first_position=stats.first_position,
            in_title=stats.in_title,
            in_lead=stats.in_lead,
            salience=stats.salience,
        )
        for entity_id, stats in result.mentions.items()
    ]


@transaction.atomic
def article_link(*, article: Article) -> LinkResult:
    """Store the article's mentions and tell the hubs context."""
    result = article_entities_find(article)
    Mention.objects.filter(article=article).delete()
    Mention.objects.bulk_create(_mention_rows(article.pk, result))
    article_linked.send(sender=Article, article=article, mentions=result.mentions)
    return result


@transaction.atomic
def archive_relink(
    *, batch_size: int = 500, progress: Callable[[int, int], None] | None = None
) -> int:
    """Re-link every article (after the knowledge base changed). Returns the count."""
    matcher = matcher_current()
    total = Article.objects.count()
    done = 0
    Mention.objects.all().delete()
    for batch in _batches(
        Article.objects.only("pk", "title", "body_text").order_by("pk"), batch_size
    ):
        rows: list[Mention] = []
        for article in batch:
            rows.extend(_mention_rows(article.pk, article_entities_find(article, matcher)))
        Mention.objects.bulk_create(rows, batch_size=1000)
        done += len(batch)
        if progress:
            progress(done, total)
    archive_linked.send(sender=Article)
    content_changed()
    return done


def _batches(queryset: Iterable[Article], size: int) -> Iterable[list[Article]]:
    batch: list[Article] = []
    for item in queryset.iterator(chunk_size=size):  # type: ignore[attr-defined]
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
