from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from dossiers.core.validators import validate_url_list


class EntityType(models.TextChoices):
    COUNTRY = "country", "Country"
    ORGANISATION = "organisation", "Organisation"
    PERSON = "person", "Person"
    CONCEPT = "concept", "Concept"
    PROGRAMME = "programme", "Programme"
    SYSTEM = "system", "System"
    PLACE = "place", "Place"
    EVENT = "event", "Event"
    TREATY = "treaty", "Treaty or law"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class Entity(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    type = models.CharField(max_length=20, choices=EntityType.choices, default=EntityType.CONCEPT)
    definition = models.CharField(
        max_length=400, blank=True, help_text="One line, shown in key terms and the glossary."
    )
    description = models.TextField(blank=True, help_text="Markdown, shown on the entity page.")
    description_html = models.TextField(blank=True, editable=False)
    same_as = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_url_list],
        help_text="URLs of the same thing elsewhere (Wikidata, Wikipedia).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("entity", args=[self.slug])


class Alias(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=200)
    case_sensitive = models.BooleanField(
        default=False,
        help_text="Match only in this exact case (for acronyms that are also words: US, WHO, EW).",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["entity", "text"], name="alias_unique_per_entity")
        ]

    def __str__(self) -> str:
        return self.text


class Mention(models.Model):
    """How an article refers to an entity: derived by the linking service, never edited."""

    article = models.ForeignKey(
        "publishing.Article", on_delete=models.CASCADE, related_name="mentions"
    )
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField()
    first_position = models.PositiveIntegerField()
    in_title = models.BooleanField(default=False)
    in_lead = models.BooleanField(default=False)
    salience = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="mention_unique_pair")
        ]
        indexes = [models.Index(fields=["entity", "article"], name="mention_entity_article")]

    def __str__(self) -> str:
        return f"{self.entity} in {self.article_id} ×{self.count}"


class KnowledgeVersion(models.Model):
    """One row whose token changes whenever an entity or alias changes.

    Every process keeps its alias matcher until the token changes, so an edit
    made in one worker is seen by all of them at their next article save. A
    random token, not a counter: a rolled-back change must never leave a
    matcher cached under a version number that a later change reuses.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return f"knowledge base v{self.version}"
