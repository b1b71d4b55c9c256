"""A ParsedQuery in each engine's own syntax. Pure functions: no database.

Every word is quoted, so nothing in it is ever read as an operator: words
are runs of letters and digits (query.word_pieces) and cannot contain a
quote. Each engine gets two forms of the query:

- **strict**: phrases as phrases. What a result must match.
- **loose**: every word of a phrase, in any order. Cheap for the index to
  answer without positions (FTS5 reads no position lists, PostgreSQL's GIN
  index needs no recheck); the backends take their window of newest
  candidates with it, then keep the candidates that match the strict form.
  For a query without phrases the two are the same.
"""

from __future__ import annotations

from dossiers.search.query import Clause, ParsedQuery, Phrase


def has_phrases(parsed: ParsedQuery) -> bool:
    return any(len(phrase.words) > 1 for clause in parsed.clauses for phrase in clause.options)


# --- SQLite FTS5 ---------------------------------------------------------------------


def _fts5_phrase(phrase: Phrase, *, strict: bool) -> str:
    star = " *" if phrase.prefix else ""
    if strict or len(phrase.words) == 1:
        return f'"{" ".join(phrase.words)}"{star}'
    words = [f'"{word}"' for word in phrase.words]
    words[-1] += star
    return "(" + " AND ".join(words) + ")"


def _fts5_clause(clause: Clause, *, strict: bool) -> str:
    options = [_fts5_phrase(phrase, strict=strict) for phrase in clause.options]
    return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"


def fts5_query(parsed: ParsedQuery, *, strict: bool = True) -> str:
    """An FTS5 MATCH expression; '' when there is nothing to search."""
    return " AND ".join(_fts5_clause(clause, strict=strict) for clause in parsed.clauses)


# --- PostgreSQL ----------------------------------------------------------------------


def _tsquery_text(phrase: Phrase) -> str:
    """to_tsquery() input for a phrase ending in a prefix: 'w1' <-> 'w2':*"""
    return " <-> ".join(f"'{word}'" for word in phrase.words) + ":*"


def _pg_phrase(phrase: Phrase, *, strict: bool) -> tuple[str, list[str]]:
    if phrase.prefix:
        if strict or len(phrase.words) == 1:
            return "to_tsquery(%s::regconfig, %s)", [_tsquery_text(phrase)]
        loose = [f"'{word}'" for word in phrase.words]
        loose[-1] += ":*"
        return "to_tsquery(%s::regconfig, %s)", [" & ".join(loose)]
    if strict:
        # websearch syntax: a quoted run of words is a phrase (stop words keep their place).
        return "websearch_to_tsquery(%s::regconfig, %s)", [f'"{" ".join(phrase.words)}"']
    return "websearch_to_tsquery(%s::regconfig, %s)", [
        " ".join(f'"{word}"' for word in phrase.words)
    ]


def pg_tsquery(parsed: ParsedQuery, *, config: str, strict: bool = True) -> tuple[str, list[str]]:
    """An SQL expression of type tsquery, with its parameters (config name and texts)."""
    clauses: list[str] = []
    params: list[str] = []
    for clause in parsed.clauses:
        options: list[str] = []
        for phrase in clause.options:
            sql, texts = _pg_phrase(phrase, strict=strict)
            options.append(sql)
            for text in texts:
                params.extend([config, text])
        clauses.append(options[0] if len(options) == 1 else "(" + " || ".join(options) + ")")
    if not clauses:
        return "''::tsquery", []
    return "(" + " && ".join(clauses) + ")", params
