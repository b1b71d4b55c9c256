"""Authors: a source's people, credited once each, matched to the site's by name."""

from __future__ import annotations

from django.db.models.functions import Lower

from dossiers.importers import items
from dossiers.importers.loader.state import State, digest
from dossiers.importers.models import LegacyTarget
from dossiers.publishing.models import Author
from dossiers.publishing.services import author_save


def person_take(state: State, person: items.Person) -> None:
    """A person of the source: known by its key and aliases, and credited at once."""
    state.people[person.key] = person
    for alias in person.aliases:
        state.people.setdefault(alias, person)
    author_get(state, person.key)


def author_get(state: State, key: str) -> Author:
    """The author for a key the source uses (a login, an e-mail, a name)."""
    person = state.people.get(key) or state.people.get(key.strip(" <>\"'"))
    if person is None:
        key = key.strip(" <>\"'") or key
        person = items.Person(key=key, name=key)
    if person.key in state.authors:
        return state.authors[person.key]
    author = _author_write(state, person)
    if person.old_paths:
        state.ledger.redirect(person.old_paths, LegacyTarget.AUTHOR, author.pk)
    state.authors[person.key] = author
    return author


def _author_write(state: State, person: items.Person) -> Author:
    name = " ".join(person.name.split())[:200] or person.key[:200] or "Unknown author"
    fingerprint = digest(person)
    remembered = state.ledger.recall("author", person.key)
    author = Author.objects.filter(pk=remembered[0]).first() if remembered else None
    if author is not None and remembered and remembered[1] == fingerprint:
        state.report.add("skipped", "author", name, "unchanged since the last import")
    elif author is None and (
        same := Author.objects.annotate(lower=Lower("name")).filter(lower=name.lower()).first()
    ):
        author = same
        state.report.add("skipped", "author", name, "already on the site: credited as is")
    else:
        created = author is None
        author = author_save(
            author=author,
            name=name,
            slug=author.slug if author else person.slug,
            bio=person.bio,
            links=person.links,
        )
        state.report.add("created" if created else "updated", "author", name)
    state.ledger.remember("author", person.key, author.pk, fingerprint)
    return author


def byline(state: State, post: items.Post) -> list[Author]:
    """The post's authors in order, or the default byline when it names none."""
    keys = list(post.authors) or [
        state.options.default_author or state.source.title or "Unknown author"
    ]
    authors = [author_get(state, key) for key in keys if key]
    return list(dict.fromkeys(authors))
