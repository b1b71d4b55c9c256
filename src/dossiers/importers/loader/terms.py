"""Terms: categories become hubs, tags entities (or hubs, `tags_as="hubs"`).

An entity named after each term is the hub's key entity; a parent
category's hub also has its descendants' entities. A term of the same name
as another term or as an entity the site already has shares that entity:
two would make the name ambiguous to the linker.

A term whose name is a common word or shorter than three letters ("is",
"post", "Tag A") becomes a label (`importers.labels`): articles are filed
under it, its text is never matched. The hubs made here collect the
articles filed under their term, as the old category or tag archive did,
not those whose text happens to contain its words; an editor may turn on
collecting by entity in the hub's admin.
"""

from __future__ import annotations

from dossiers.core.text import summary_from_text, unique_slug
from dossiers.hubs.models import Hub
from dossiers.hubs.services import hub_save
from dossiers.importers import items
from dossiers.importers.labels import label_reason
from dossiers.importers.loader.state import State, digest
from dossiers.importers.models import LegacyTarget
from dossiers.knowledge.models import Entity, EntityType
from dossiers.knowledge.services import entity_save

MAX_DESCENDANTS = 500


def terms_load(state: State, terms: list[items.Term]) -> None:
    """Every term's entity first, then the hubs (which need their descendants' entities)."""
    unique = list({(t.taxonomy, t.key): t for t in terms if named(t.name, t.key)}.values())
    for term in terms:
        if not named(term.name, term.key):
            state.report.add("skipped", term.taxonomy, "(blank)", "a term with no name and no slug")
    for term in unique:
        term_entity(state, term)
    children: dict[str, list[str]] = {}
    for term in unique:
        if term.taxonomy == "category" and term.parent:
            children.setdefault(term.parent, []).append(term.key)
    for term in unique:
        if _is_hub(state, term.taxonomy):
            _term_hub(state, term, descendants(term.key, children))
        else:
            entity = state.term_entities[(term.taxonomy, term.key)]
            state.ledger.redirect(term.old_paths, LegacyTarget.ENTITY, entity.pk)


def named(name: str, key: str) -> bool:
    """Does a term have a name or a slug to make an entity of?"""
    return bool(name.strip() or key.strip())


def ref_entity(state: State, ref: items.TermRef) -> Entity:
    """The entity of a term a post is filed under, made now if the source never declared
    the term (WXR 1.0, feeds, front matter)."""
    slot = (ref.taxonomy, ref.key)
    if slot not in state.term_entities:
        term = items.Term(taxonomy=ref.taxonomy, key=ref.key, name=ref.name or ref.key)
        term_entity(state, term)
        if _is_hub(state, ref.taxonomy):
            _term_hub(state, term, [])
    return state.term_entities[slot]


def descendants(key: str, children: dict[str, list[str]]) -> list[str]:
    """The keys below `key` in the category tree, breadth first, at most 500; loops are cut."""
    found: list[str] = []
    stack = list(children.get(key, []))
    while stack and len(found) < MAX_DESCENDANTS:
        child = stack.pop(0)
        if child in found or child == key:
            continue
        found.append(child)
        stack.extend(children.get(child, []))
    return found


def _is_hub(state: State, taxonomy: str) -> bool:
    return taxonomy == "category" or state.options.tags_as == "hubs"


def term_entity(state: State, term: items.Term) -> Entity:
    slot = (term.taxonomy, term.key)
    if slot in state.term_entities:
        return state.term_entities[slot]
    guid = f"{term.taxonomy}:{term.key}"
    remembered = state.ledger.recall("entity", guid)
    entity = Entity.objects.filter(pk=remembered[0]).first() if remembered else None
    name = " ".join(term.name.split())[:200] or term.key[:200]
    folded = name.casefold()
    if entity is None:
        entity = state.entities_by_name.get(folded) or _entity_named(state, folded)
        if entity is not None:
            state.report.add(
                "skipped", "entity", name, "same name as another term or entity: shares it"
            )
    fingerprint = digest(term)
    why_label = label_reason(name)
    if entity is None or (remembered and remembered[1] != fingerprint):
        created = entity is None
        # An editor's choice of type stands on a re-import.
        kind = entity.type if entity else EntityType.LABEL if why_label else EntityType.CONCEPT
        entity = entity_save(
            entity=entity,
            name=name,
            type=kind,
            definition=summary_from_text(term.description, words=60)[:400],
            description=term.description,
            slug=entity.slug if entity else "",
        )
        state.report.add(
            "created" if created else "updated",
            _report_kind(entity),
            name,
            f"{why_label}: filed under, not linked in text" if kind == EntityType.LABEL else "",
        )
    elif remembered:
        state.report.add("skipped", _report_kind(entity), name, "unchanged since the last import")
    state.ledger.remember("entity", guid, entity.pk, fingerprint)
    state.term_entities[slot] = entity
    state.entities_by_name[folded] = entity
    return entity


def _report_kind(entity: Entity) -> str:
    """Labels and linkable entities are listed apart in the import report."""
    return "label" if entity.type == EntityType.LABEL else "entity"


def _entity_named(state: State, folded: str) -> Entity | None:
    """An entity the site already has under this name (case-insensitive)."""
    if state.site_entity_names is None:
        state.site_entity_names = {
            name.casefold(): pk for pk, name in Entity.objects.values_list("pk", "name")
        }
    pk = state.site_entity_names.get(folded)
    return Entity.objects.filter(pk=pk).first() if pk else None


def _term_hub(state: State, term: items.Term, below: list[str]) -> None:
    entity = state.term_entities[(term.taxonomy, term.key)]
    keys = [entity] + [
        state.term_entities[(term.taxonomy, key)]
        for key in below
        if (term.taxonomy, key) in state.term_entities
    ]
    guid = f"{term.taxonomy}:{term.key}"
    fingerprint = digest((term, tuple(e.pk for e in keys)))
    remembered = state.ledger.recall("hub", guid)
    hub = Hub.objects.filter(pk=remembered[0]).first() if remembered else None
    if hub is not None and remembered and remembered[1] == fingerprint:
        state.report.add("skipped", "hub", entity.name, "unchanged since the last import")
    else:
        created = hub is None
        hub = _hub_write(hub, term, entity.name, keys, filed_in=_source_name(state))
        state.report.add("created" if created else "updated", "hub", entity.name)
    state.ledger.remember("hub", guid, hub.pk, fingerprint)
    state.ledger.redirect(term.old_paths, LegacyTarget.HUB, hub.pk)


def _source_name(state: State) -> str:
    """How a hub's reasons name the site its articles were filed in."""
    kind = state.source.format.casefold()
    if kind.startswith("wxr"):
        return "WordPress"
    return "the front matter" if kind == "markdown" else "the feed" if kind else ""


def _hub_write(
    hub: Hub | None, term: items.Term, name: str, keys: list[Entity], *, filed_in: str
) -> Hub:
    """Create the term's hub, or update it keeping what editors set (headline, intro,
    status, pinned and excluded articles, whether it collects by entity). A new hub
    collects the articles filed under the term, not those that mention its name."""
    slug = hub.slug if hub else ""
    if not slug and not Hub.objects.filter(slug=term.key[:200]).exists():
        slug = unique_slug(term.key, exists=lambda s: Hub.objects.filter(slug=s).exists())
    return hub_save(
        hub=hub,
        name=name,
        headline=hub.headline if hub else "",
        slug=slug,
        intro=hub.intro if hub is not None and hub.intro else term.description,
        status=hub.status if hub else "published",
        key_entities=keys,
        pinned=list(hub.pinned_articles.all()) if hub else [],
        excluded=list(hub.excluded_articles.all()) if hub else [],
        collect_mentions=None if hub else False,
        imported_from=filed_in,
    )
