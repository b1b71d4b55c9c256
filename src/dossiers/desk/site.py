"""The desk's admin site: Django's admin, with a one-time password when DOSSIERS_ADMIN_2FA=1.

`DeskAdminConfig` takes the place of `django.contrib.admin` in INSTALLED_APPS so that
`admin.site` (what every `desk.admin` module registers on) is a `DeskAdminSite`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

from dossiers.core.config import conf

if TYPE_CHECKING:  # the forms import the user model: not while the apps load
    from django.contrib.auth.forms import AuthenticationForm


class DeskAdminSite(AdminSite):
    site_header = "Dossiers editorial desk"
    site_title = "Dossiers"
    index_title = "Newsroom"

    def has_permission(self, request: HttpRequest) -> bool:
        """Staff; with two-factor login on, staff whose session passed a one-time password
        (`is_verified`, set by django-otp's OTPMiddleware)."""
        if not super().has_permission(request):
            return False
        return not conf().admin_2fa or bool(request.user.is_verified())  # type: ignore[union-attr]

    # With two-factor login on, django-otp's form and page: username, password and the code
    # from the editor's authenticator app. Read on each login, so that the setting decides.
    @property
    def login_form(self) -> type[AuthenticationForm] | None:  # type: ignore[override]
        if not conf().admin_2fa:
            return None
        from dossiers.desk.login import DeskOTPLoginForm  # imports models: not at load

        return DeskOTPLoginForm

    @property
    def login_template(self) -> str | None:  # type: ignore[override]
        return "otp/admin111/login.html" if conf().admin_2fa else None


class DeskAdminConfig(AdminConfig):
    default_site = "dossiers.desk.site.DeskAdminSite"
