"""The related-analyses index: derived from articles, mentions and hub memberships.

Nothing here is edited by hand; `dossiers related rebuild` recomputes all of it.
"""

from __future__ import annotations

from django.db import models


class Term(models.Model):
    """A stem, or a pseudo-term for an entity (`#e<id>`) or a hub (`#h<id>`), with the
    number of indexed articles that contain it (its document frequency)."""

    text = models.CharField(max_length=64, unique=True)
    df = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.text} ({self.df})"


class ArticleTerm(models.Model):
    """One posting: a term of an article's signature (or one of its entities or hubs)."""

    article = models.ForeignKey("publishing.Article", on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+", db_index=False)
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="related_posting_unique")
        ]
        # Candidates are summed from the postings of a few terms: the index holds everything
        # the sum reads, so the table itself is never visited.
        indexes = [
            models.Index(fields=["term", "article", "weight"], name="related_posting_by_term")
        ]

    def __str__(self) -> str:
        return f"{self.term_id} in {self.article_id} ({self.weight:.3f})"


class RelatedArticle(models.Model):
    """One entry of an article's related list (best first by score)."""

    article = models.ForeignKey("publishing.Article", on_delete=models.CASCADE, related_name="+")
    related = models.ForeignKey(
        "publishing.Article", on_delete=models.CASCADE, related_name="related_to"
    )
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_pair_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} -> {self.related_id} ({self.score:.3f})"


class RelatedState(models.Model):
    """An indexed article: what its terms were counted from, and its list's floor.

    Every article scoring above `floor` with this one is in its list; a newly
    saved article that scores above it is put in without recomputing the list.
    """

    article = models.OneToOneField(
        "publishing.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    digest = models.CharField(max_length=24)
    floor = models.FloatField(default=0.0)

    def __str__(self) -> str:
        return f"{self.article_id} indexed (floor {self.floor:.3f})"


class Corpus(models.Model):
    """One row: how many articles are indexed (the N of idf). Also the lock every
    incremental update takes, so that two updates never interleave."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    documents = models.PositiveIntegerField(default=0)
    # When the last full rebuild started (queued rebuilds asked before it are skipped).
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    # How many articles the last rebuild indexed: the archive growing well past it queues
    # another rebuild (document frequencies drift as articles are added one by one).
    rebuilt_documents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.documents} articles indexed"
