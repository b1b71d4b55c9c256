from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from dossiers.knowledge.models import Alias, Entity, Mention
from dossiers.knowledge.services import archive_relink, entity_render, knowledge_changed


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ("text", "case_sensitive", "position")


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "definition", "alias_count", "article_count")
    list_filter = ("type",)
    search_fields = ("name", "slug", "definition", "aliases__text")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AliasInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "type", "definition")}),
        ("Details", {"fields": ("description", "same_as")}),
    )
    actions = ["relink_archive"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entity]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _aliases=Count("aliases", distinct=True), _articles=Count("mentions", distinct=True)
            )
        )

    @admin.display(description="aliases", ordering="_aliases")
    def alias_count(self, obj: Entity) -> int:
        return obj._aliases  # type: ignore[attr-defined]

    @admin.display(description="articles", ordering="_articles")
    def article_count(self, obj: Entity) -> int:
        return obj._articles  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: Entity, form: Any, change: bool) -> None:
        entity_render(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Names and aliases decide which articles mention what: re-link the archive.
        knowledge_changed()
        count = archive_relink()
        messages.info(request, f"Re-linked {count} articles to the knowledge base.")

    def delete_model(self, request: HttpRequest, obj: Entity) -> None:
        super().delete_model(request, obj)
        knowledge_changed()
        archive_relink()

    @admin.action(description="Re-link every article to the knowledge base")
    def relink_archive(self, request: HttpRequest, queryset: QuerySet[Entity]) -> None:
        knowledge_changed()
        count = archive_relink()
        self.message_user(request, f"Re-linked {count} articles.", messages.SUCCESS)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ("article", "entity", "count", "in_title", "in_lead", "salience")
    list_filter = ("in_title", "in_lead", "entity__type")
    search_fields = ("article__title", "entity__name")
    list_select_related = ("article", "entity")
    readonly_fields = [f.name for f in Mention._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
