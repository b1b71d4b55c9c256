from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from dossiers.hubs.models import Topic, TopicKeyEntity, TopicMembership
from dossiers.hubs.services import topic_memberships_recompute, topic_render


class KeyEntityInline(admin.TabularInline):
    model = TopicKeyEntity
    extra = 1
    autocomplete_fields = ["entity"]
    fields = ("entity", "position")


class MembershipInline(admin.TabularInline):
    """What the hub collects and why (read-only: recomputed from the rules)."""

    model = TopicMembership
    extra = 0
    can_delete = False
    fields = ("article", "is_pinned", "reason")
    readonly_fields = fields
    ordering = ("-is_pinned", "-article__published_at")
    verbose_name = "collected article"
    verbose_name_plural = "collected articles (recomputed from key entities, pins and exclusions)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[TopicMembership]:
        return super().get_queryset(request).select_related("article")


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = (
            "name",
            "headline",
            "slug",
            "status",
            "intro",
            "pinned_articles",
            "excluded_articles",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        both = set(cleaned.get("pinned_articles") or []) & set(
            cleaned.get("excluded_articles") or []
        )
        if both:
            titles = ", ".join(sorted(article.title for article in both))
            raise forms.ValidationError(f"Pinned and excluded at once: {titles}. Choose one.")
        return cleaned


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicForm
    list_display = ("name", "headline", "status", "key_entity_list", "article_count", "updated_at")
    list_filter = ("status",)
    search_fields = ("name", "headline", "slug", "key_entities__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["pinned_articles", "excluded_articles"]
    inlines = [KeyEntityInline, MembershipInline]
    fieldsets = (
        (None, {"fields": ("name", "headline", "slug", "status")}),
        ("Introduction", {"fields": ("intro",)}),
        ("Editorial control", {"fields": ("pinned_articles", "excluded_articles")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return (
            super()
            .get_queryset(request)
            .annotate(_articles=Count("memberships", distinct=True))
            .prefetch_related("key_entities")
        )

    @admin.display(description="key entities")
    def key_entity_list(self, obj: Topic) -> str:
        return ", ".join(entity.name for entity in obj.key_entities.all())

    @admin.display(description="articles", ordering="_articles")
    def article_count(self, obj: Topic) -> int:
        return obj._articles  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: Topic, form: Any, change: bool) -> None:
        topic_render(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        topic_memberships_recompute(topic=form.instance)


@admin.register(TopicMembership)
class TopicMembershipAdmin(admin.ModelAdmin):
    list_display = ("article", "topic", "is_pinned", "reason")
    list_filter = ("topic", "is_pinned")
    search_fields = ("article__title", "topic__name", "reason")
    list_select_related = ("article", "topic")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
