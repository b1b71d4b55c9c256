"""Sessions on the desk: shorter than a reader's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from dossiers.core.config import conf

# The session key Django keeps a session's own expiry under (SessionBase.set_expiry).
_EXPIRY_KEY = "_session_expiry"


class AdminSessionMiddleware:
    """A staff member's session ends DOSSIERS_ADMIN_SESSION_MINUTES after they signed in to the
    desk, however busy they were, instead of the two weeks of Django's session cookie.

    The end is set once, as a moment (not an idle timeout), on the first desk response after
    the login: using the desk does not stretch it, and the cookie carries the same end.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # After the view: the login view has just signed the editor in (and cycled the session).
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith("/" + conf().admin_path)
            and not isinstance(request.session.get(_EXPIRY_KEY), str)
        ):
            minutes = conf().admin_session_minutes
            request.session.set_expiry(timezone.now() + dt.timedelta(minutes=minutes))
        return response
