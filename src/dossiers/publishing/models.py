from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils import timezone

from dossiers.core.validators import validate_url_list


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=False)
    bio = models.TextField(blank=True, help_text="Markdown.")
    bio_html = models.TextField(blank=True, editable=False)
    links = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_url_list],
        help_text="A list of URLs (personal site, profiles).",
    )
    photo = models.ForeignKey(
        "media.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="From the media library; shown square on the author's page.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("author", args=[self.slug])


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ArticleQuerySet(models.QuerySet["Article"]):
    def visible(self, now: dt.datetime | None = None) -> ArticleQuerySet:
        """Published and due: a future `published_at` is a schedule, not a publication."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=now or timezone.now())


class Article(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        blank=True, help_text="The dek shown on cards. Left empty, the opening sentences are used."
    )
    body = models.TextField(blank=True, help_text="Markdown.")
    sticky = models.BooleanField(
        default=False,
        help_text="Keep it at the top of the home page's latest analyses (WordPress: sticky).",
    )
    body_html = models.TextField(blank=True, editable=False)
    body_text = models.TextField(blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(
        max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it appears on the site. A future date schedules it; no cron is needed.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    canonical_url = models.URLField(
        blank=True, max_length=500, help_text="Set when the article first appeared elsewhere."
    )
    featured_image = models.ForeignKey(
        "media.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="From the media library: the article page's hero, every card's thumbnail, "
        "and the picture shown when the article is shared.",
    )
    # Approved comments only; kept by the comments services.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    authors: models.ManyToManyField[Author, ArticleAuthor] = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "published_at"], name="article_status_pub")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.slug])

    def is_visible(self, now: dt.datetime | None = None) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    @property
    def summary_repeats_body(self) -> bool:
        """Whether the summary is just the opening of the text (an automatic one, or a
        pasted first paragraph): the article page then does not show it twice."""
        summary = " ".join(self.summary.split()).rstrip("…").rstrip()
        if not summary:
            return True
        # Near the top, not necessarily first: a heading may come before the lead.
        opening = " ".join(self.body_text[: len(self.summary) * 2 + 400].split())
        return summary in opening

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


class ArticleAuthor(models.Model):
    """An article's byline, in order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author")
        ]
        indexes = [models.Index(fields=["author", "article"], name="byline_author_article")]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


class Page(models.Model):
    """A standing page outside the analyses: about, contact, privacy, corrections policy.
    Served at /<slug>/; the ones marked for the footer are linked from every page."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The page's address: /about/ for “about”. Not one the site uses already.",
    )
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    in_footer = models.BooleanField(default=True, help_text="Link it from every page's footer.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the footer.")
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("page", args=[self.slug])
