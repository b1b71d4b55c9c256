"""Addresses too long for the site to read are answered by the site, not the server.

`dossiers serve` lets gunicorn read request lines up to its own cap (1 MB) so that
an over-long address reaches Django; here it gets the site's error page (or, under
/api/, a JSON error) saying how long an address may be. Search queries shorter than
this get the search's own message ("at most 200 characters").
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from dossiers.web.views.errors import too_long

# Characters of path and query string, as sent (percent-encoded). Room for every parameter
# the site validates itself: the API's 10,000-character query is 120,000 characters once
# each of its letters is percent-encoded as 4 bytes of UTF-8.
MAX_ADDRESS_LENGTH = 262_144


class LongAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent = len(request.path_info) + len(request.META.get("QUERY_STRING", ""))
        if sent <= MAX_ADDRESS_LENGTH:
            return self.get_response(request)
        message = (
            f"This address is {sent:,} characters long; the site reads addresses of up to "
            f"{MAX_ADDRESS_LENGTH:,}. Searches take up to 200 characters."
        )
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=414)
        return too_long(request, message)
