"""Error pages: the handlers in dossiers/urls.py and settings.CSRF_FAILURE_VIEW."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 404, "title": "Page not found"}, status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 400, "title": "Bad request"}, status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 403, "title": "Forbidden"}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"code": 500, "title": "Server error"}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    context = {
        "code": 403,
        "title": "Form expired",
        "message": "Your form could not be verified (it may have expired, or cookies are off). "
        "Go back, reload the page and send it again.",
    }
    return render(request, "web/error.html", context, status=403)


def too_long(request: HttpRequest, message: str) -> HttpResponse:
    context = {"code": 414, "title": "Address too long", "message": message}
    return render(request, "web/error.html", context, status=414)
