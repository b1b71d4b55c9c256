"""The desk's pages for articles and authors: every save goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from dossiers.desk.admin.forms import formset_rows
from dossiers.knowledge.models import Mention
from dossiers.pipeline.services import article_delete, article_save
from dossiers.publishing.models import Article, ArticleAuthor, ArticleStatus, Author, Page
from dossiers.publishing.services import author_save, page_delete, page_write


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    min_num = 1
    validate_min = True
    autocomplete_fields = ["author"]
    fields = ("author", "position")
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        # Django's admin does not pass validate_min on: an article needs an author.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("live", "Live"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        now = timezone.now()
        if self.value() == "live":
            return queryset.visible(now)  # type: ignore[attr-defined]
        if self.value() == "scheduled":
            return queryset.filter(status=ArticleStatus.PUBLISHED, published_at__gt=now)
        if self.value() == "draft":
            return queryset.filter(status=ArticleStatus.DRAFT)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "byline", "publication", "published_at", "comment_count", "word_count")
    list_filter = (PublicationFilter, "status", "bylines__author")
    search_fields = ("title", "summary", "body", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    inlines = [BylineInline]
    autocomplete_fields = ["featured_image"]  # searched by alt text, caption or credit
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = (
        "preview_link",
        "word_count",
        "comment_count",
        "created_at",
        "updated_at",
        "linked_entities",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "featured_image")}),
        (
            "Publication",
            {
                "fields": ("status", "published_at", "sticky", "canonical_url", "preview_link"),
                "description": "Published with a future date = scheduled: it appears when due.",
            },
        ),
        ("Figures", {"fields": ("word_count", "comment_count", "created_at", "updated_at")}),
        (
            "Linked entities",
            {
                "fields": ("linked_entities",),
                "description": "How the linker read this article when it was last saved: "
                "each entity, how often it is named, whether the article is about it, and why.",
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description="authors")
    def byline(self, obj: Article) -> str:
        return ", ".join(author.name for author in obj.authors.all())

    @admin.display(description="state")
    def publication(self, obj: Article) -> str:
        if obj.status == ArticleStatus.DRAFT:
            return "Draft"
        return "Scheduled" if obj.is_scheduled else "Live"

    # A read-only table, not an inline: an inline's formset would have to come back in
    # every POST of the form.
    @admin.display(description="linked entities")
    def linked_entities(self, obj: Article) -> str:
        if not obj.pk:
            return "Linked when the article is saved."
        rows = (
            Mention.objects.filter(article=obj)
            .select_related("entity")
            .order_by("-salience", "entity__name")
        )
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    m.entity.name,
                    m.count,
                    f"{m.salience:.2f}",
                    "about" if m.is_about else "mentions",
                    m.disambiguation or "named unambiguously",
                )
                for m in rows
            ),
        )
        if not body:
            return "No entity named."
        return format_html(
            "<table><thead><tr><th>entity</th><th>times</th><th>salience</th><th></th>"
            "<th>why</th></tr></thead><tbody>{}</tbody></table>",
            body,
        )

    @admin.display(description="preview")
    def preview_link(self, obj: Article) -> str:
        if not obj.pk:
            return "Save the article (Save and continue editing) to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview as readers will see it</a>',
            reverse("article-preview", args=[obj.pk]),
        )

    # The article, its byline and everything derived from it are written by one call to the
    # pipeline's `article_save` (the path the importers, the API and the CLI take), once the
    # byline formset is known: in save_related. save_model writes nothing.
    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        pass

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        byline = formset_rows(formsets, ArticleAuthor)
        article_save(
            article=form.instance,
            title=data["title"],
            body=data["body"],
            authors=[row["author"] for row in byline],
            summary=data.get("summary") or "",
            slug=data.get("slug") or "",
            status=data["status"],
            published_at=data.get("published_at"),
            canonical_url=data.get("canonical_url") or "",
            sticky=bool(data.get("sticky")),
        )

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        article_delete(article=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            article_delete(article=article)


class HasArticlesFilter(admin.SimpleListFilter):
    title = "byline"
    parameter_name = "writing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Has articles"), ("no", "No articles yet")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Author]) -> QuerySet[Author]:
        if self.value() == "yes":
            return queryset.filter(bylines__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(bylines__isnull=True)
        return queryset


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "article_total")
    list_filter = (HasArticlesFilter,)
    search_fields = ("name", "slug", "bio")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "photo", "bio", "links")
    autocomplete_fields = ["photo"]

    @admin.display(description="articles")
    def article_total(self, obj: Author) -> int:
        return obj.bylines.count()

    def save_model(self, request: HttpRequest, obj: Author, form: Any, change: bool) -> None:
        data = form.cleaned_data
        author_save(
            author=obj,
            name=data["name"],
            slug=data.get("slug") or "",
            bio=data.get("bio") or "",
            links=data.get("links") or [],
        )


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "in_footer", "position")
    list_editable = ("in_footer", "position")
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
    fields = ("title", "slug", "body", "in_footer", "position")

    def save_model(self, request: HttpRequest, obj: Page, form: Any, change: bool) -> None:
        data = form.cleaned_data
        page_write(
            page=obj,
            title=data["title"],
            slug=data.get("slug") or "",
            body=data.get("body") or "",
            in_footer=data.get("in_footer", True),
            position=data.get("position") or 0,
        )

    def delete_model(self, request: HttpRequest, obj: Page) -> None:
        page_delete(page=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Page]) -> None:
        for page in queryset:
            page_delete(page=page)
