"""Entity-linking speed: index build time and memory, throughput in MB/s on one core.

    python benchmarks/linking.py          # 50,000 entities, 150,000 aliases, 10,000 articles
    python benchmarks/linking.py --entities 5000 --articles 1000      # quicker

A synthetic knowledge base (pronounceable names; acronyms that are
case-sensitive; some aliases shared between entities so that
disambiguation runs) and synthetic articles (about 3 KB each, with names,
aliases, possessives, plurals, acronyms and URLs in them) are generated from
a fixed seed; some headlines are in capitals or Title Case and some terms
carry context cues, so the sense rules (`knowledge.senses`) run too.
Throughput is measured in CPU time of this one process (the
wall-clock time is printed too: on a shared machine it can be longer). The
clock covers `link_document` for every article, salience and disambiguation
included; MB are megabytes of UTF-8 text (title + body).
No database: this measures the pure matcher in `dossiers.knowledge.matching`.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from dossiers.knowledge.matching import Term, build_matcher
from dossiers.knowledge.mentions import link_document

SYLLABLES = (
    "al bar cor dan el fen gar hol is jor kal lun mor nar or pel quin ros sal tor ur vel "
    "wen xan yor zel ba ke mi no pu ra se ti vo zu"
).split()
FILLER = (
    "the of and to in a is that for on with as by at from it was be this are which or "
    "alliance deterrence budget procurement corridor strait frontier border treaty summit "
    "logistics readiness doctrine brigade missile drone radar sensor satellite shipyard "
    "port pipeline sanction export coalition ministry parliament election reform new "
    "negotiation ceasefire garrison exercise patrol airspace maritime naval coastal us "
    "inland industrial capacity supply chain financing loan credit investor contract who "
    "tender capability interoperability command control intelligence surveillance "
    "reconnaissance cyber resilience energy grain insurance shipping tanker convoy escort "
    "agreement framework partnership strategy posture said would could government"
).split()
TYPES = ("country", "organisation", "person", "concept", "place", "company", "system")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((3, 3, 4))))


def knowledge_base(rng: random.Random, entities: int, aliases_per_entity: int):
    """(terms, surfaces by entity, types, related)."""
    terms: list[Term] = []
    surfaces: dict[int, list[str]] = {}
    used_acronyms: set[str] = set()
    for pk in range(1, entities + 1):
        words = [_word(rng).capitalize() for _ in range(rng.choice((1, 2, 2, 3)))]
        name = " ".join(words)
        if rng.random() < 0.05:
            name = name.replace("a", "á", 1).replace("o", "ö", 1)  # diacritics
        names = [name]
        terms.append(Term(pk, name))
        for i in range(aliases_per_entity):
            if i == 0 and len(words) > 1 and rng.random() < 0.5:
                acronym = "".join(w[0] for w in words).upper() + rng.choice("XYZ")
                if acronym not in used_acronyms:
                    used_acronyms.add(acronym)
                    terms.append(Term(pk, acronym, case_sensitive=True))
                    names.append(acronym)
                    continue
            alias = (
                f"{name} {_word(rng)}"
                if i == 1
                else " ".join(_word(rng).capitalize() for _ in range(rng.choice((1, 2))))
            )
            terms.append(Term(pk, alias))
            names.append(alias)
        surfaces[pk] = names
    # About 1% of entities share an alias with another (the "Georgia" problem).
    for pk in rng.sample(range(1, entities), entities // 100):
        shared = surfaces[pk][-1]
        terms.append(Term(pk + 1, shared))
        surfaces[pk + 1].append(shared)
    types = {pk: rng.choice(TYPES) for pk in surfaces}
    related = {
        pk: frozenset(rng.randint(1, entities) for _ in range(4)) for pk in range(1, entities + 1)
    }
    return terms, surfaces, types, related


def article(rng: random.Random, surfaces: dict[int, list[str]], size: int) -> tuple[str, str]:
    keys = list(surfaces)
    about = [rng.choice(keys) for _ in range(3)]
    title = f"{rng.choice(surfaces[about[0]])} and the {rng.choice(FILLER)} of {_word(rng)}"
    paragraphs: list[str] = []
    length = 0
    while length < size:
        sentence_words: list[str] = []
        for _ in range(rng.randint(12, 24)):
            roll = rng.random()
            if roll < 0.03:
                pk = rng.choice(about)
            elif roll < 0.05:
                pk = rng.choice(keys)
            else:
                sentence_words.append(rng.choice(FILLER))
                continue
            surface = rng.choice(surfaces[pk])
            suffix = rng.choice(("", "", "", "'s", "’s", "s"))
            sentence_words.append(surface + suffix)
        if rng.random() < 0.02:
            sentence_words.append(f"https://example.org/{_word(rng)}/{_word(rng)}")
        sentence = " ".join(sentence_words)
        sentence = sentence[0].upper() + sentence[1:] + "."
        if not paragraphs or rng.random() < 0.2:
            paragraphs.append(sentence)
        else:
            paragraphs[-1] += " " + sentence
        length += len(sentence) + 1
    return title, "\n".join(paragraphs)


def _headline(title: str, roll: float) -> str:
    if roll < 0.05:
        return title.upper()
    if roll < 0.10:
        return title.title()
    return title


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--aliases", type=int, default=3, help="aliases per entity")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=3000, help="characters per article body")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()

    rng = random.Random(options.seed)
    terms, surfaces, types, related = knowledge_base(rng, options.entities, options.aliases)
    docs = [article(rng, surfaces, options.size) for _ in range(options.articles)]
    # What the sense rules read (`knowledge.senses`): 5% of headlines in capitals and
    # 5% in Title Case, context cues on 2% of the terms. From a seed of their own, so
    # that names and texts are those the benchmark generated before these rules.
    extra = random.Random(options.seed + 1)
    docs = [(_headline(title, extra.random()), body) for title, body in docs]
    terms = [
        replace(t, cues_for="the _, _ corridor", cues_against="_ frontier, border")
        if extra.random() < 0.02
        else t
        for t in terms
    ]
    megabytes = sum(len(t.encode()) + len(b.encode()) + 1 for t, b in docs) / 1e6
    alias_count = len(terms) - options.entities

    gc.collect()
    before = rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    matcher = build_matcher(terms, related=related, types=types)
    build_seconds = time.perf_counter() - started
    build_cpu = time.process_time() - cpu
    gc.collect()
    index_mb = rss_mb() - before
    # The index is built once and lives as long as the process: keep the
    # garbage collector from walking its objects again and again.
    gc.freeze()

    mentions = about = unresolved = 0
    started, cpu = time.perf_counter(), time.process_time()
    for title, body in docs:
        result = link_document(matcher, title=title, body_text=body)
        mentions += len(result.mentions)
        about += sum(1 for stats in result.mentions.values() if stats.is_about)
        unresolved += sum(1 for d in result.decisions if d.chosen is None)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu

    print(
        f"knowledge base     {options.entities:,} entities, {alias_count:,} aliases, "
        f"{matcher.key_count:,} distinct keys"
    )
    print(f"articles           {options.articles:,} ({megabytes:.1f} MB of text)")
    print(f"index build        {build_cpu:.2f} s CPU ({build_seconds:.2f} s wall)")
    print(f"index memory       {index_mb:.0f} MB resident (automaton, keys and entity lists)")
    print(
        f"linking            {megabytes / cpu_seconds:.1f} MB/s on one core "
        f"({cpu_seconds:.2f} s CPU, {seconds:.2f} s wall, "
        f"{options.articles / cpu_seconds:,.0f} articles/s; salience included)"
    )
    print(
        f"found              {mentions:,} entity mentions ({about:,} about), "
        f"{unresolved:,} ambiguous names left unlinked"
    )


if __name__ == "__main__":
    main()
