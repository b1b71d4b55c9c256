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
    # Something an article is filed under that is never looked for in its text: an
    # imported tag that is a common word ("is", "post") or shorter than three letters.
    LABEL = "label", "Label (filed under, not linked in text)"


class Entity(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    # A disambiguated title ("Paris (Texas)") is shown but never found in articles as such.
    match_name = models.BooleanField(
        "find the name in articles",
        default=True,
        help_text="Untick for a display name that is not written that way in articles, "
        "such as “Paris (Texas)”: only the aliases are then matched.",
    )
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
    wikidata_id = models.CharField(
        max_length=20,
        blank=True,
        db_index=True,
        help_text="The Wikidata item (Q…) this entity is; a Wikidata import updates it by this.",
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
    context_only = models.BooleanField(
        "only with context",
        default=False,
        help_text="Counts only when the article also names the entity another way "
        "(a surname: “Baker” after “James Baker”).",
    )
    cues_for = models.CharField(
        "confirmed by",
        max_length=300,
        blank=True,
        help_text="Words next to the name that make it this entity, separated by commas: "
        "“state of _” just before, “_ River” just after, “heiress” within four words.",
    )
    cues_against = models.CharField(
        "ruled out by",
        max_length=300,
        blank=True,
        help_text="Words next to the name that mean another thing, written like "
        "“confirmed by”: “_ River” keeps “Jordan River” from linking the country.",
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
    # Salient ("about") or peripheral (a passing mention): see mentions.ABOUT_THRESHOLD.
    is_about = models.BooleanField(default=False)
    # The body's first wording of the entity, linked in the rendered article.
    surface = models.CharField(max_length=200, blank=True)
    # Set when a name shared with other entities was given to this one from context.
    disambiguation = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="mention_unique_pair")
        ]
        indexes = [models.Index(fields=["entity", "article"], name="mention_entity_article")]

    def __str__(self) -> str:
        return f"{self.entity} in {self.article_id} ×{self.count}"


class AmbiguousMention(models.Model):
    """A name in an article that several entities share and that context did not settle.

    Derived by the linking service (rewritten on every re-link) and listed
    for editors, who settle it by giving one entity a distinguishing alias,
    or by naming the entity unambiguously in the article.
    """

    article = models.ForeignKey(
        "publishing.Article", on_delete=models.CASCADE, related_name="ambiguous_mentions"
    )
    surface = models.CharField(max_length=200)
    candidate_ids = models.JSONField(default=list)
    count = models.PositiveIntegerField(default=1)
    first_position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["surface", "article_id"]
        verbose_name = "unresolved ambiguous name"

    def __str__(self) -> str:
        return f"“{self.surface}” in {self.article_id}"


class ArticleLinkState(models.Model):
    """Which knowledge-base version an article was last linked with (for `dossiers relink`)."""

    article = models.OneToOneField(
        "publishing.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.CharField(max_length=32, db_index=True)
    # A hash of the stored links: a bulk re-link that finds the same skips the article.
    digest = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return f"{self.article_id} linked with {self.version}"


class RelinkStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class RelinkJob(models.Model):
    """One background re-link of the archive, with its progress (shown in the admin)."""

    reason = models.CharField(max_length=300)
    status = models.CharField(
        max_length=16, choices=RelinkStatus.choices, default=RelinkStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "re-link job"

    def __str__(self) -> str:
        return f"re-link #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == RelinkStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class SuggestionStatus(models.TextChoices):
    NEW = "new", "New"
    CREATED = "created", "Entity created"
    DISMISSED = "dismissed", "Dismissed"


class EntitySuggestion(models.Model):
    """A name that recurs in recent articles but is not in the knowledge base."""

    name = models.CharField(max_length=200, unique=True)
    is_acronym = models.BooleanField(default=False)
    count = models.PositiveIntegerField(default=0, help_text="Occurrences in recent articles.")
    article_count = models.PositiveIntegerField(default=0)
    examples = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.NEW
    )
    entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-article_count", "-count", "name"]
        verbose_name = "suggested entity"

    def __str__(self) -> str:
        return self.name


class FilingTaxonomy(models.TextChoices):
    CATEGORY = "category", "Category"
    TAG = "tag", "Tag"


class Filing(models.Model):
    """The source filed this article under this entity (a WordPress category or tag, a
    feed category, a front-matter tag). Text matching may never find the word, so the
    filing is kept here and merged into the article's mentions whenever it is linked
    (`knowledge.filings`)."""

    article = models.ForeignKey(
        "publishing.Article", on_delete=models.CASCADE, related_name="filings"
    )
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="filings")
    taxonomy = models.CharField(max_length=16, choices=FilingTaxonomy.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # Created by the importers app, whose table it keeps.
        db_table = "importers_filing"
        ordering = ["taxonomy", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="filing_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} filed under {self.entity_id} ({self.taxonomy})"


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
