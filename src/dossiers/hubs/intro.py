"""A hub's intro composed from its key entities, for hubs whose editors left it empty.

Pure (plain data in, Markdown out). Several sentence patterns, chosen by a
stable hash of the hub's slug, so that hubs do not all open alike but each
hub always reads the same. Grammatical for 0, 1, 2 and many key entities,
and for entities with or without a definition or other names.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from dossiers.core.text import join_human


@dataclass(frozen=True)
class IntroEntity:
    name: str
    definition: str = ""
    aliases: tuple[str, ...] = ()


_ARTICLES = ("a ", "an ", "the ")

OPENINGS = (
    "This dossier follows {names}.",
    "The analyses collected here turn on {names}.",
    "What ties these analyses together is {names}.",
    "Start here for our coverage of {names}.",
)
ALIAS_PATTERNS = (
    "It is also known as {aliases}.",
    "You will also see it called {aliases}.",
    "Other names for it include {aliases}.",
)
CLOSINGS = (
    "The articles below are collected automatically from the knowledge base and kept current.",
    "Every analysis below is about {subject}, and its card says why it is here.",
    "New analyses join this page as they are published.",
)


def _pick(options: Sequence[str], seed: int, offset: int) -> str:
    return options[(seed + offset) % len(options)]


def _lower_article(definition: str) -> str:
    """ "A republic…" -> "a republic…"; proper nouns and other openings keep their case."""
    lowered = definition[:4].lower()
    if lowered.startswith(_ARTICLES):
        return definition[0].lower() + definition[1:]
    return definition


def _sentence(entity: IntroEntity, seed: int) -> str:
    definition = entity.definition.strip().rstrip(".")
    if not definition:
        return ""
    name = f"**{entity.name}**"
    if definition[:4].lower().startswith(_ARTICLES):
        text = (
            f"{name} is {_lower_article(definition)}."
            if seed % 2 == 0
            else f"{name}: {_lower_article(definition)}."
        )
    else:
        # Not a noun phrase with an article ("Turkey's place in…"): its first
        # word may be a proper noun, so it keeps its case.
        text = f"By {name} we mean {definition}."
    aliases = [a for a in entity.aliases if a != entity.name][:3]
    if aliases:
        quoted = join_human([f"“{a}”" for a in aliases], conjunction="or")
        text += " " + _pick(ALIAS_PATTERNS, seed, 0).format(aliases=quoted)
    return text


def compose_intro(*, hub_name: str, slug: str, entities: Sequence[IntroEntity]) -> str:
    """Markdown for a hub's intro: an opening, a sentence per key entity, a closing."""
    seed = zlib.crc32(slug.encode("utf-8"))
    if not entities:
        closing = _pick(CLOSINGS, seed, 0).format(subject=hub_name)
        return f"This dossier collects our analyses of {hub_name}. {closing}"
    names = join_human([entity.name for entity in entities])
    if len(entities) == 1:
        opening = _pick(OPENINGS, seed, 0).format(names=names)
    elif len(entities) == 2:
        opening = _pick(OPENINGS, seed, 0).format(names=f"{names}, and how the two meet")
    else:
        opening = _pick(OPENINGS, seed, 0).format(names=f"{len(entities)} threads: {names}")
    body = [s for s in (_sentence(e, seed + i) for i, e in enumerate(entities)) if s]
    paragraphs = [opening]
    if body:
        paragraphs.append(" ".join(body))
    subject = entities[0].name if len(entities) == 1 else "at least one of these"
    paragraphs.append(_pick(CLOSINGS, seed, 1).format(subject=subject))
    return "\n\n".join(paragraphs)
