from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from dossiers.api.api import api


def api_not_found(request: HttpRequest) -> JsonResponse:
    """Under /api/, an unknown address answers JSON like the API, not the site's HTML page."""
    hint = " (API addresses end without a slash)" if request.path.endswith("/") else ""
    return JsonResponse(
        {
            "detail": f"No API operation at {request.path}{hint}. The operations are listed "
            "at /api/v1/docs and in /api/v1/openapi.json."
        },
        status=404,
    )


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
]
