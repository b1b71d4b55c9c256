from __future__ import annotations

from django.db import models
from django.utils import timezone


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    SPAM = "spam", "Spam"
    REMOVED = "removed", "Removed"


class CommentKind(models.TextChoices):
    """Readers' comments, and the notices other sites send (imported from WordPress):
    pingbacks and trackbacks are kept, but never shown or counted as comments."""

    COMMENT = "comment", "Comment"
    PINGBACK = "pingback", "Pingback"
    TRACKBACK = "trackback", "Trackback"


class Comment(models.Model):
    article = models.ForeignKey(
        "publishing.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField(max_length=80)
    email = models.EmailField(
        max_length=254, blank=True, help_text="Never shown on the site."
    )  # blank only for imported comments and pingbacks: the form requires it
    url = models.URLField(max_length=300, blank=True)
    body = models.TextField(help_text="Markdown subset, as the reader wrote it.")
    body_html = models.TextField(editable=False)
    status = models.CharField(
        max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING, db_index=True
    )
    kind = models.CharField(
        max_length=16, choices=CommentKind.choices, default=CommentKind.COMMENT, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # HMAC of the address with the site's secret: enough to rate-limit, not to identify.
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status"),
            models.Index(fields=["email", "status"], name="comment_email_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.article_id} ({self.status})"


class CommentAddress(models.Model):
    """An address (its keyed hash) that has commented: the row `comment_submit` locks while it
    counts that address's recent comments and stores a new one. Posts from one address then
    take turns, and the rate limit holds exactly however many arrive at once, on any number
    of workers (PostgreSQL row lock; SQLite lets one writer in at a time anyway)."""

    ip_hash = models.CharField(max_length=64, primary_key=True, editable=False)

    def __str__(self) -> str:
        return self.ip_hash
