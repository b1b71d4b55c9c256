"""The desk's pages for the knowledge base: entities are written by `entity_save` and
`entity_delete`, which move the knowledge-base version; once that commits, the pipeline
re-links the archive in the background."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from dossiers.core.params import id_from
from dossiers.desk.admin.forms import formset_rows
from dossiers.knowledge.exchange import (
    KnowledgeImportError,
    entities_export,
    entities_import,
    export_csv,
    export_yaml,
    parse_file,
)
from dossiers.knowledge.models import (
    Alias,
    AmbiguousMention,
    Entity,
    EntitySuggestion,
    Mention,
    RelinkJob,
    SuggestionStatus,
)
from dossiers.knowledge.services import AliasInput, entity_delete, entity_save, knowledge_changed
from dossiers.knowledge.suggestions import suggestion_accept, suggestions_refresh


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ("text", "case_sensitive", "context_only", "cues_for", "cues_against", "position")


def _queued(request: HttpRequest, what: str) -> None:
    url = reverse("admin:knowledge_relinkjob_changelist")
    messages.info(
        request,
        format_html(
            '{} The archive is re-linked in the background: <a href="{}">follow the job</a>.',
            what,
            url,
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A .csv or .yaml file in the shape the export gives.")


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "definition", "alias_count", "article_count")
    list_filter = ("type",)
    search_fields = ("name", "slug", "definition", "aliases__text", "wikidata_id")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AliasInline]
    fieldsets = (
        (None, {"fields": ("name", "match_name", "slug", "type", "definition")}),
        ("Details", {"fields": ("description", "same_as", "wikidata_id")}),
    )
    actions = ["relink_archive", "export_csv", "export_yaml"]
    change_list_template = "admin/knowledge/entity/change_list.html"

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

    # The entity and its aliases are written by one call to `entity_save` (the path of the
    # importers and the CLI), once the alias formset is known: in save_related.
    def save_model(self, request: HttpRequest, obj: Entity, form: Any, change: bool) -> None:
        pass

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        aliases = [
            AliasInput(
                text=row["text"],
                case_sensitive=row.get("case_sensitive", False),
                context_only=row.get("context_only", False),
                cues_for=row.get("cues_for") or "",
                cues_against=row.get("cues_against") or "",
            )
            for row in formset_rows(formsets, Alias)
        ]
        entity_save(
            entity=form.instance,
            name=data["name"],
            type=data["type"],
            definition=data.get("definition") or "",
            description=data.get("description") or "",
            slug=data.get("slug") or "",
            aliases=aliases,
            same_as=data.get("same_as") or [],
            wikidata_id=data.get("wikidata_id") or None,
            match_name=data.get("match_name", True),
        )
        _queued(request, "Saved.")

    def delete_model(self, request: HttpRequest, obj: Entity) -> None:
        entity_delete(entities=[obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Entity]) -> None:
        entity_delete(entities=list(queryset))

    @admin.action(description="Re-link every article to the knowledge base (in the background)")
    def relink_archive(self, request: HttpRequest, queryset: QuerySet[Entity]) -> None:
        knowledge_changed(reason="requested by an editor")
        _queued(request, "Queued.")

    def _download(self, body: str, name: str, content_type: str) -> HttpResponse:
        response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(description="Export the knowledge base as CSV")
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Entity]) -> HttpResponse:
        return self._download(export_csv(entities_export()), "knowledge-base.csv", "text/csv")

    @admin.action(description="Export the knowledge base as YAML")
    def export_yaml(self, request: HttpRequest, queryset: QuerySet[Entity]) -> HttpResponse:
        return self._download(
            export_yaml(entities_export()), "knowledge-base.yaml", "application/yaml"
        )

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="knowledge_entity_import",
            ),
            path(
                "export/<str:fmt>/",
                self.admin_site.admin_view(self.export_view),
                name="knowledge_entity_export",
            ),
        ]
        return own + super().get_urls()

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt == "csv":
            return self.export_csv(request, Entity.objects.none())
        if fmt == "yaml":
            return self.export_yaml(request, Entity.objects.none())
        return HttpResponseRedirect(reverse("admin:knowledge_entity_changelist"))

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = entities_import(parse_file(upload.name, upload.read()))
            except KnowledgeImportError as error:
                form.add_error("file", f"Nothing was imported: {error}")
            else:
                messages.success(request, f"Imported {upload.name}: {report}.")
                return HttpResponseRedirect(reverse("admin:knowledge_entity_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": "Import entities from CSV or YAML",
        }
        return render(request, "admin/knowledge/entity/import.html", context)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = (
        "article",
        "entity",
        "count",
        "in_title",
        "in_lead",
        "salience",
        "is_about",
        "disambiguation",
    )
    list_filter = ("is_about", "in_title", "in_lead", "entity__type")
    search_fields = ("article__title", "entity__name")
    list_select_related = ("article", "entity")
    readonly_fields = [f.name for f in Mention._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AmbiguousMention)
class AmbiguousMentionAdmin(admin.ModelAdmin):
    """Names the linker refused to guess: give one entity a distinguishing alias to settle them."""

    list_display = ("surface", "article", "candidates", "count")
    search_fields = ("surface", "article__title")
    list_select_related = ("article",)
    readonly_fields = ("article", "surface", "candidates", "count", "first_position")
    fields = readonly_fields

    @admin.display(description="could be")
    def candidates(self, obj: AmbiguousMention) -> str:
        entities = Entity.objects.filter(pk__in=obj.candidate_ids).only("name", "pk")
        return format_html_join(
            " or ",
            '<a href="{}">{}</a>',
            ((reverse("admin:knowledge_entity_change", args=[e.pk]), e.name) for e in entities),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RelinkJob)
class RelinkJobAdmin(admin.ModelAdmin):
    list_display = ("id", "status", "progress", "reason", "created_at", "finished_at", "message")
    list_filter = ("status",)
    readonly_fields = (
        "reason",
        "status",
        "total",
        "done",
        "message",
        "created_at",
        "started_at",
        "finished_at",
    )

    @admin.display(description="progress")
    def progress(self, obj: RelinkJob) -> str:
        return format_html(
            '<progress max="100" value="{}"></progress> {}% ({} of {})',
            obj.percent,
            obj.percent,
            obj.done,
            obj.total,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EntitySuggestion)
class EntitySuggestionAdmin(admin.ModelAdmin):
    """Names that recur in recent articles but are not in the knowledge base."""

    list_display = ("name", "article_count", "count", "example", "status", "create_button")
    list_filter = ("status", "is_acronym")
    search_fields = ("name",)
    actions = ["create_entities", "dismiss"]
    readonly_fields = (
        "name",
        "is_acronym",
        "count",
        "article_count",
        "examples",
        "status",
        "entity",
        "updated_at",
    )

    @admin.display(description="for example")
    def example(self, obj: EntitySuggestion) -> str:
        return obj.examples[0] if obj.examples else ""

    @admin.display(description="")
    def create_button(self, obj: EntitySuggestion) -> str:
        if obj.status != SuggestionStatus.NEW:
            return ""
        # Submits the change list's own form (and its CSRF token) to the create view.
        return format_html(
            '<button type="submit" class="button" formaction="{}" name="suggestion" '
            'value="{}">Create entity</button>',
            reverse("admin:knowledge_entitysuggestion_create"),
            obj.pk,
        )

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "create/",
                self.admin_site.admin_view(self.create_view),
                name="knowledge_entitysuggestion_create",
            ),
            path(
                "refresh/",
                self.admin_site.admin_view(self.refresh_view),
                name="knowledge_entitysuggestion_refresh",
            ),
        ]
        return own + super().get_urls()

    def refresh_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        count = suggestions_refresh()
        messages.success(request, f"{count} names suggested from recent articles.")
        return HttpResponseRedirect(reverse("admin:knowledge_entitysuggestion_changelist"))

    def create_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not request.user.has_perm("knowledge.add_entity"):
            raise PermissionDenied
        raw = request.POST.get("suggestion", "")
        suggestion_id = id_from(raw)
        if suggestion_id is None or not EntitySuggestion.objects.filter(pk=suggestion_id).exists():
            messages.error(request, "That suggestion no longer exists.")
            return HttpResponseRedirect(reverse("admin:knowledge_entitysuggestion_changelist"))
        entity = suggestion_accept(suggestion_id=suggestion_id)
        messages.success(
            request, f"Created the entity “{entity.name}”: add its definition and aliases."
        )
        return HttpResponseRedirect(reverse("admin:knowledge_entity_change", args=[entity.pk]))

    @admin.action(description="Create entities from the selected names")
    def create_entities(self, request: HttpRequest, queryset: QuerySet[EntitySuggestion]) -> None:
        created = [suggestion_accept(suggestion_id=s.pk).name for s in queryset]
        self.message_user(request, f"Created {len(created)} entities.", messages.SUCCESS)

    @admin.action(description="Dismiss: never suggest these names again")
    def dismiss(self, request: HttpRequest, queryset: QuerySet[EntitySuggestion]) -> None:
        count = queryset.update(status=SuggestionStatus.DISMISSED)
        self.message_user(request, f"Dismissed {count} names.", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
