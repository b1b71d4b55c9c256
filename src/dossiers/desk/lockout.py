"""Login throttling on the desk (django-axes, settings in settings.py "Login throttling").

Axes counts failed logins per address in the database; this module gives it the site's
numbers (from `conf()`), the page a locked-out editor sees, and the notice the account's
owner receives by e-mail when their account's login is locked.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from typing import Any

from django.contrib.admin import site
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dossiers.core.config import conf

logger = logging.getLogger(__name__)


def failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    """Failed logins from one address before it is locked out (AXES_FAILURE_LIMIT)."""
    return conf().login_failures


def cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    """How long a lock-out lasts from the failure that set it (AXES_COOLOFF_TIME)."""
    return dt.timedelta(minutes=conf().login_cooloff_minutes)


def locked_until(request: HttpRequest, credentials: Any = None) -> dt.datetime:
    """When the address of this request may log in again: the last counted failure plus
    the cool-off (failures while locked are not counted, so this moment does not move)."""
    from axes.handlers.database import AxesDatabaseHandler

    latest = [
        attempts.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
        for attempts in AxesDatabaseHandler().get_user_attempts(request, credentials)
    ]
    last = max((moment for moment in latest if moment is not None), default=timezone.now())
    return last + cool_off(request)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE): 429, saying when to return."""
    until = locked_until(request, credentials)
    wait = max(until - timezone.now(), dt.timedelta(0))
    context = {
        **site.each_context(request),
        "title": "Too many failed logins",
        "until": timezone.localtime(until),
        "minutes": max(math.ceil(wait.total_seconds() / 60), 1),
        "failures": failure_limit(request, credentials),
        "is_nav_sidebar_enabled": False,
    }
    response = render(request, "desk/locked_out.html", context, status=429)
    response["Retry-After"] = str(max(math.ceil(wait.total_seconds()), 1))
    return response


def notify_owner(
    sender: Any, *, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    """E-mail the owner of the account whose failed login set a lock-out (axes'
    `user_locked_out`). Axes sends the signal again for each refused attempt while locked;
    only the failure that set the lock has been counted (`axes_failures_since_start`)."""
    if getattr(request, "axes_failures_since_start", None) is None or not username:
        return
    model = get_user_model()
    user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    email = getattr(user, "email", "") if user is not None else ""
    if not email:
        return
    until = timezone.localtime(locked_until(request))
    name = conf().site_name
    message = (
        f"Someone failed to sign in to the {name} editorial desk as {username} "
        f"{failure_limit(request)} times from the address {ip_address or 'unknown'}.\n\n"
        f"Logins from that address are refused until {until:%H:%M} ({until:%Z}, "
        f"{until:%d %B %Y}).\n\n"
        "If that was you, wait until then and try again. If it was not, someone is guessing "
        "your password: the lock-out slows them down, but choose a long password that you use "
        "nowhere else, and ask for two-factor login if the desk does not require it yet.\n"
    )
    try:
        send_mail(f"[{name}] Sign-in to your account was blocked", message, None, [email])
    except Exception:  # the lock-out page must not fail because the mail server does
        logger.exception("could not send the lock-out notice to %s", username)
