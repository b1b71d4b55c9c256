from django.contrib import admin
from django.urls import include, path

from dossiers.core.config import conf
from dossiers.media.views import media_file

urlpatterns = [
    # The desk, on its own path (DOSSIERS_ADMIN_PATH, "admin/" unless set).
    path(conf().admin_path, admin.site.urls),
    # Media files (the library's originals and renditions), under MEDIA_URL.
    path("media/<path:path>", media_file, name="media-file"),
    path("", include("dossiers.api.urls")),
    path("", include("dossiers.syndication.urls")),
    path("", include("dossiers.web.urls")),
]

handler404 = "dossiers.web.views.errors.not_found"
handler500 = "dossiers.web.views.errors.server_error"
handler400 = "dossiers.web.views.errors.bad_request"
handler403 = "dossiers.web.views.errors.forbidden"
