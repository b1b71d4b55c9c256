from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Dossiers editorial desk"
admin.site.site_title = "Dossiers"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("dossiers.api.urls")),
    path("", include("dossiers.syndication.urls")),
    path("", include("dossiers.web.urls")),
]

handler404 = "dossiers.web.views.errors.not_found"
handler500 = "dossiers.web.views.errors.server_error"
handler400 = "dossiers.web.views.errors.bad_request"
handler403 = "dossiers.web.views.errors.forbidden"
