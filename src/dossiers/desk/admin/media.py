"""The desk's media library: drop several images at once (each with its alt text), see
what became of each file, and set a focal point by clicking the picture."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html

from dossiers.core.config import conf
from dossiers.core.validation import error_items
from dossiers.media.markup import picture
from dossiers.media.models import Image
from dossiers.media.selectors import image_ref
from dossiers.media.services import image_delete, image_update, image_upload


@dataclass(frozen=True)
class UploadResult:
    filename: str
    image: Image | None = None
    error: str = ""
    existing: bool = False


def _field(request: HttpRequest, name: str, index: int) -> str:
    """A file's own field (`alt-2`), else the one given for every file (`alt`)."""
    return (request.POST.get(f"{name}-{index}") or request.POST.get(name) or "").strip()


def upload_files(request: HttpRequest) -> list[UploadResult]:
    """Each uploaded file through the upload service; one bad file stops no other."""
    results = []
    limit = conf().media_max_mb * 1024 * 1024
    for index, upload in enumerate(request.FILES.getlist("files")):
        name = upload.name or f"file {index + 1}"
        alt = _field(request, "alt", index)
        if not alt:
            results.append(
                UploadResult(name, error="Not uploaded: give its alt text (what it shows).")
            )
            continue
        if upload.size and upload.size > limit:
            results.append(
                UploadResult(
                    name,
                    error=f"Not uploaded: {upload.size / 1e6:.1f} MB is over the "
                    f"{conf().media_max_mb} MB limit.",
                )
            )
            continue
        before = Image.objects.count()
        try:
            image = image_upload(
                data=upload.read(),
                alt=alt,
                title=name.rsplit(".", 1)[0][:200],
                caption=_field(request, "caption", index),
                credit=_field(request, "credit", index),
            )
        except ValidationError as error:
            reason = " ".join(m for _, messages in error_items(error) for m in messages)
            results.append(UploadResult(name, error=f"Not uploaded: {reason}"))
            continue
        results.append(UploadResult(name, image, existing=Image.objects.count() == before))
    return results


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ("alt", "title", "caption", "credit", "focal_x", "focal_y")
        widgets = {
            "alt": forms.TextInput(attrs={"size": 80}),
            "caption": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ("thumbnail", "alt", "credit", "size", "created_at")
    list_display_links = ("thumbnail", "alt")
    search_fields = ("alt", "title", "caption", "credit")
    readonly_fields = ("focal_picker", "use_in_text", "size", "key", "source_url", "created_at")
    fieldsets = (
        (None, {"fields": ("focal_picker", "alt", "title", "caption", "credit")}),
        (
            "Focal point (click the picture above)",
            {"fields": ("focal_x", "focal_y")},
        ),
        ("In an article", {"fields": ("use_in_text",)}),
        ("File", {"fields": ("size", "key", "source_url", "created_at")}),
    )

    class Media:
        js = ("desk/media.js",)
        css = {"all": ("desk/media.css",)}

    @admin.display(description="image")
    def thumbnail(self, obj: Image) -> str:
        return picture(image_ref(obj), "card", sizes="8rem", css_class="desk-thumb")

    @admin.display(description="size")
    def size(self, obj: Image) -> str:
        return f"{obj.width} × {obj.height} px, {obj.file_size / 1024:.0f} KB"

    @admin.display(description="picture")
    def focal_picker(self, obj: Image) -> str:
        if obj.pk is None:
            return "—"
        return format_html(
            '<div class="focal-picker" data-x="{}" data-y="{}">{}'
            '<span class="focal-dot" aria-hidden="true"></span></div>',
            obj.focal_x,
            obj.focal_y,
            picture(image_ref(obj), "body", sizes="40rem", lazy=False),
        )

    @admin.display(description="Markdown")
    def use_in_text(self, obj: Image) -> str:
        if obj.pk is None:
            return "—"
        return format_html(
            "<code>![{}](media:{})</code><br>On a line of its own: a responsive figure with "
            "the caption and credit. The alt text in the brackets replaces the library's; "
            '<code>![](media:{} "A caption")</code> replaces the caption.',
            obj.alt,
            obj.pk,
            obj.pk,
        )

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="media_image_upload",
            )
        ]
        return own + super().get_urls()

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        return HttpResponseRedirect(reverse("admin:media_image_upload"))

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        results = upload_files(request) if request.method == "POST" else []
        if request.method == "POST" and not request.FILES.getlist("files"):
            results = [UploadResult("—", error="No file was chosen.")]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload images",
            "results": results,
            "max_mb": conf().media_max_mb,
            "max_megapixels": conf().media_max_megapixels,
            "media": self.media,
        }
        status = 400 if results and all(r.error for r in results) else 200
        return render(request, "admin/media/image/upload.html", context, status=status)

    def save_model(self, request: HttpRequest, obj: Image, form: Any, change: bool) -> None:
        image_update(
            image=obj,
            alt=obj.alt,
            title=obj.title,
            caption=obj.caption,
            credit=obj.credit,
            focal_x=obj.focal_x,
            focal_y=obj.focal_y,
        )

    def delete_model(self, request: HttpRequest, obj: Image) -> None:
        image_delete(image=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Image]) -> None:
        for image in queryset:
            image_delete(image=image)
