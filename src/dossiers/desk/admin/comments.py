"""The moderation queue: every change goes through the comments' services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import Case, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.html import format_html

from dossiers.comments.models import Comment, CommentStatus
from dossiers.comments.services import comment_delete, comment_edit, comment_moderate


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: pending comments first, bulk approve / spam / remove."""

    list_display = ("excerpt", "name", "email", "article_link", "status", "kind", "created_at")
    list_filter = ("status", "kind", "created_at")
    search_fields = ("name", "email", "body", "article__title")
    list_select_related = ("article",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "article",
        "parent",
        "depth",
        "created_at",
        "moderated_at",
        "ip_hash",
        "rendered",
        "kind",
    )
    fields = (
        "article",
        "parent",
        "kind",
        "name",
        "email",
        "url",
        "body",
        "rendered",
        "status",
        "created_at",
        "moderated_at",
        "ip_hash",
    )
    actions = ["approve", "mark_spam", "remove", "hold"]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        # The queue first: pending comments, newest first, then everything else.
        waiting = Case(When(status=CommentStatus.PENDING, then=Value(0)), default=Value(1))
        return super().get_queryset(request).order_by(waiting, "-created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # comments come from readers

    @admin.display(description="comment")
    def excerpt(self, obj: Comment) -> str:
        text = " ".join(obj.body.split())
        return text[:90] + ("…" if len(text) > 90 else "")

    @admin.display(description="article", ordering="article__title")
    def article_link(self, obj: Comment) -> str:
        return format_html('<a href="{}">{}</a>', obj.article.get_absolute_url(), obj.article.title)

    @admin.display(description="as shown")
    def rendered(self, obj: Comment) -> str:
        return format_html("<div>{}</div>", obj.body_html)

    def save_model(self, request: HttpRequest, obj: Comment, form: Any, change: bool) -> None:
        data = form.cleaned_data
        comment_edit(
            comment=obj,
            name=data["name"],
            email=data["email"],
            url=data.get("url") or "",
            body=data["body"],
            status=data["status"],
        )

    def delete_model(self, request: HttpRequest, obj: Comment) -> None:
        comment_delete(comment_ids=[obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        comment_delete(comment_ids=list(queryset.values_list("pk", flat=True)))

    def _moderate(self, request: HttpRequest, queryset: QuerySet[Comment], status: str) -> None:
        count = comment_moderate(comment_ids=queryset.values_list("pk", flat=True), status=status)
        label = CommentStatus(status).label.lower()
        self.message_user(request, f"{count} comment(s) marked {label}.", messages.SUCCESS)

    @admin.action(description="Approve selected comments")
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, CommentStatus.APPROVED)

    @admin.action(description="Mark selected comments as spam")
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, CommentStatus.SPAM)

    @admin.action(description="Remove selected comments")
    def remove(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, CommentStatus.REMOVED)

    @admin.action(description="Hold selected comments for moderation")
    def hold(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, CommentStatus.PENDING)
