"""Media files over HTTP, for development and `dossiers serve` (WhiteNoise serves only
static files). In production nginx serves the media root itself and passes a missing
rendition to this view, which makes it once (docs/operations.md)."""

from __future__ import annotations

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from dossiers.media.renditions import MIME, PREFIX
from dossiers.media.services import rendition_ensure

_SERVED = ("originals/", f"{PREFIX}/")
# Every media name is derived from its content and crop: a changed image has a new name.
FOREVER = "public, max-age=31536000, immutable"


@require_safe
def media_file(request: HttpRequest, path: str) -> FileResponse:
    if not path.startswith(_SERVED) or ".." in path.split("/"):
        raise Http404("No such media file.")
    try:
        present = default_storage.exists(path)
        if not present and path.startswith(PREFIX) and rendition_ensure(name=path) is not None:
            present = True
        if not present:
            raise Http404("No such media file.")
        handle = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, FileNotFoundError):
        raise Http404("No such media file.") from None
    ext = path.rsplit(".", 1)[-1].lower()
    content_type = MIME.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = FOREVER
    response["X-Content-Type-Options"] = "nosniff"
    return response
