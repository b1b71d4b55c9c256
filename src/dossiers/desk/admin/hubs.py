"""The desk's pages for hubs: every save goes through the hubs' services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from dossiers.desk.admin.forms import formset_rows
from dossiers.hubs.models import Hub, HubKeyEntity, HubMembership
from dossiers.hubs.selectors import hub_intro_composed, hub_key_terms
from dossiers.hubs.services import hub_intro_set, hub_save


class KeyEntityInline(admin.TabularInline):
    model = HubKeyEntity
    extra = 1
    autocomplete_fields = ["entity"]
    fields = ("entity", "position")


class MembershipInline(admin.TabularInline):
    """What the hub collects and why (read-only: recomputed from the rules)."""

    model = HubMembership
    extra = 0
    can_delete = False
    fields = ("article", "is_pinned", "reason")
    readonly_fields = fields
    ordering = ("-is_pinned", "-article__published_at")
    verbose_name = "collected article"
    verbose_name_plural = "collected articles (recomputed from key entities, pins and exclusions)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[HubMembership]:
        return super().get_queryset(request).select_related("article")


class HubForm(forms.ModelForm):
    class Meta:
        model = Hub
        fields = (
            "name",
            "headline",
            "slug",
            "status",
            "image",
            "intro",
            "collect_mentions",
            "rule_mode",
            "min_salience",
            "published_from",
            "published_until",
            "pinned_articles",
            "excluded_articles",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        both = set(cleaned.get("pinned_articles") or []) & set(
            cleaned.get("excluded_articles") or []
        )
        if both:
            titles = ", ".join(sorted(article.title for article in both))
            raise forms.ValidationError(f"Pinned and excluded at once: {titles}. Choose one.")
        return cleaned


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    form = HubForm
    list_display = ("name", "headline", "status", "key_entity_list", "article_count", "updated_at")
    list_filter = ("status",)
    search_fields = ("name", "headline", "slug", "key_entities__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["pinned_articles", "excluded_articles", "image"]
    inlines = [KeyEntityInline, MembershipInline]
    readonly_fields = ("composed_intro",)
    actions = ["intro_draft_from_composed"]

    class Media:
        css = {"all": ["desk/desk.css"]}

    fieldsets = (
        (None, {"fields": ("name", "headline", "slug", "status", "image")}),
        ("Introduction", {"fields": ("intro", "composed_intro")}),
        (
            "Which articles the hub collects",
            {
                "fields": (
                    "collect_mentions",
                    "rule_mode",
                    "min_salience",
                    "published_from",
                    "published_until",
                ),
                "description": "Articles about the key entities below are collected "
                "automatically (unless the first box is off: then only the articles filed "
                "under them on the site they were imported from, and the pinned ones). "
                "Salience runs from 0 (named once, deep in the text) to 1 "
                "(the title, the lead and throughout).",
            },
        ),
        ("Editorial control", {"fields": ("pinned_articles", "excluded_articles")}),
    )

    @admin.display(description="composed intro (shown while the intro is empty)")
    def composed_intro(self, obj: Hub) -> str:
        if not obj.pk:
            return "Composed from the key entities once the hub is saved."
        text = hub_intro_composed(hub=obj, key_terms=hub_key_terms(hub=obj))
        return format_html('<div class="desk-prose">{}</div>', text)

    @admin.action(description="Turn the composed intro into an editable draft (empty intros only)")
    def intro_draft_from_composed(self, request: HttpRequest, queryset: QuerySet[Hub]) -> None:
        drafted = 0
        for hub in queryset:
            if hub.intro.strip():
                continue
            composed = hub_intro_composed(hub=hub, key_terms=hub_key_terms(hub=hub))
            hub_intro_set(hub=hub, intro=composed)
            drafted += 1
        skipped = queryset.count() - drafted
        message = f"{drafted} intros drafted from the composed text; edit them as you like."
        if skipped:
            message += f" {skipped} hubs already had an intro and were left alone."
        self.message_user(request, message, messages.SUCCESS)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Hub]:
        return (
            super()
            .get_queryset(request)
            .annotate(_articles=Count("memberships", distinct=True))
            .prefetch_related("key_entities")
        )

    @admin.display(description="key entities")
    def key_entity_list(self, obj: Hub) -> str:
        return ", ".join(entity.name for entity in obj.key_entities.all())

    @admin.display(description="articles", ordering="_articles")
    def article_count(self, obj: Hub) -> int:
        return obj._articles  # type: ignore[attr-defined]

    # The hub, its key entities, pins, exclusions and what it collects are written by one
    # call to `hub_save` (the path of the importers and the demo) in save_related, once the
    # key-entity formset is known. save_model writes nothing.
    def save_model(self, request: HttpRequest, obj: Hub, form: Any, change: bool) -> None:
        pass

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        before = set(form.instance.key_links.values_list("entity_id", flat=True) if change else [])
        keys = [row["entity"] for row in formset_rows(formsets, HubKeyEntity)]
        hub_save(
            hub=form.instance,
            name=data["name"],
            headline=data.get("headline") or "",
            slug=data.get("slug") or "",
            intro=data.get("intro") or "",
            status=data["status"],
            key_entities=keys,
            pinned=list(data.get("pinned_articles") or []),
            excluded=list(data.get("excluded_articles") or []),
            rule_mode=data["rule_mode"],
            min_salience=data["min_salience"],
            published_from=data.get("published_from"),
            published_until=data.get("published_until"),
            collect_mentions=data["collect_mentions"],
        )
        if before != {entity.pk for entity in keys}:
            # New key entities change how ambiguous names are settled (hub_save queues a
            # re-link once this commits).
            messages.info(
                request,
                "Key entities changed: the archive is re-linked in the "
                "background (see Re-link jobs).",
            )


@admin.register(HubMembership)
class HubMembershipAdmin(admin.ModelAdmin):
    list_display = ("article", "hub", "is_pinned", "reason")
    list_filter = ("hub", "is_pinned")
    search_fields = ("article__title", "hub__name", "reason")
    list_select_related = ("article", "hub")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
