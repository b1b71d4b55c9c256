from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

if TYPE_CHECKING:
    from dossiers.knowledge.models import Entity


class HubStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class RuleMode(models.TextChoices):
    ANY = "any", "Any key entity"
    ALL = "all", "All key entities"


# Default minimum salience: the article must be about a key entity, not mention it in passing.
DEFAULT_MIN_SALIENCE = 0.25


class Hub(models.Model):
    """A hub: a named topic that collects the articles about its key entities."""

    name = models.CharField(max_length=200, help_text='Short name, e.g. "Turkey NATO".')
    headline = models.CharField(
        max_length=300, blank=True, help_text="Shown after the name: “Name: Headline”."
    )
    slug = models.SlugField(max_length=200, unique=True)
    intro = models.TextField(blank=True, help_text="Markdown, shown above the key terms.")
    intro_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=16, choices=HubStatus.choices, default=HubStatus.DRAFT)
    image = models.ForeignKey(
        "media.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="From the media library: the hub page's header and its picture when shared.",
    )
    key_entities: models.ManyToManyField[Entity, HubKeyEntity] = models.ManyToManyField(
        "knowledge.Entity", through="HubKeyEntity", related_name="key_in_hubs", blank=True
    )
    pinned_articles = models.ManyToManyField(
        "publishing.Article",
        related_name="pinned_in_hubs",
        db_table="hubs_topic_pinned_articles",
        blank=True,
        help_text="Always on this hub, listed first.",
    )
    excluded_articles = models.ManyToManyField(
        "publishing.Article",
        related_name="excluded_from_hubs",
        db_table="hubs_topic_excluded_articles",
        blank=True,
        help_text="Never on this hub, whatever they mention.",
    )
    rule_mode = models.CharField(
        "collect articles about",
        max_length=8,
        choices=RuleMode.choices,
        default=RuleMode.ANY,
        help_text="Any one of the key entities is enough, or all of them are needed.",
    )
    min_salience = models.FloatField(
        "minimum salience",
        default=DEFAULT_MIN_SALIENCE,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="0 collects every mention; 0.25 (the default) only articles about the entity "
        "(in the title, the subject of the lead, or most of the mentions); 0.1 also those "
        "that name it early or several times; 0.6 only those centred on it.",
    )
    collect_mentions = models.BooleanField(
        "collect articles about the key entities",
        default=True,
        help_text="On: articles whose text is about a key entity join the hub. Off: only the "
        "articles filed under it in the site they were imported from, and the pinned ones "
        "(how a WordPress category or tag collected them).",
    )
    imported_from = models.CharField(
        max_length=60,
        blank=True,
        help_text='The site this hub was a category or tag of ("WordPress"), named in the '
        "reasons its articles are on it.",
    )
    published_from = models.DateField(
        null=True, blank=True, help_text="Only articles published on or after this day."
    )
    published_until = models.DateField(
        null=True, blank=True, help_text="Only articles published on or before this day."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        # Tables keep the names they were created with ("topic" was the first word for a hub).
        db_table = "hubs_topic"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hub", args=[self.slug])

    def clean(self) -> None:
        if (
            self.published_from
            and self.published_until
            and self.published_from > self.published_until
        ):
            raise ValidationError(
                {"published_until": "The end of the date range comes before its start."}
            )

    @property
    def title(self) -> str:
        return f"{self.name}: {self.headline}" if self.headline else self.name


class HubKeyEntity(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="key_links")
    entity = models.ForeignKey(
        "knowledge.Entity", on_delete=models.CASCADE, related_name="hub_links"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "hubs_topickeyentity"
        ordering = ["position", "id"]
        verbose_name = "key entity"
        verbose_name_plural = "key entities"
        constraints = [
            models.UniqueConstraint(fields=["hub", "entity"], name="hub_key_entity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entity} (key to {self.hub})"


class HubMembership(models.Model):
    """An article on a hub, and why. Derived: recomputed from mentions, pins and exclusions."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="memberships")
    article = models.ForeignKey(
        "publishing.Article", on_delete=models.CASCADE, related_name="memberships"
    )
    is_pinned = models.BooleanField(default=False)
    reason = models.CharField(max_length=500)
    # Copies of the article's status and date, rewritten whenever the article
    # is saved, so that a hub page reads one table through one index.
    article_status = models.CharField(max_length=16)
    published_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "hubs_topicmembership"
        constraints = [
            models.UniqueConstraint(fields=["hub", "article"], name="membership_unique_pair")
        ]
        indexes = [
            models.Index(fields=["article", "hub"], name="membership_article_hub"),
            models.Index(
                fields=["hub", "article_status", "is_pinned", "published_at"],
                name="membership_hub_listing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} on {self.hub_id}: {self.reason}"
