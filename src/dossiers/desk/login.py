"""The desk's login form when two-factor login is on (imports models: loaded on first use)."""

from __future__ import annotations

from typing import Any

from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm


class DeskOTPLoginForm(OTPAdminAuthenticationForm):
    """django-otp's admin login form (username, password, the code from the editor's app).

    django-otp asks the editor to pick the device a code comes from; an editor with one
    device (the usual case, `dossiers otp-setup`) need not: their only device is used.
    Another editor's device can never be chosen (django-otp checks the owner).
    """

    def _chosen_device(self, user: Any) -> Any:
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            if len(devices) == 1:
                return devices[0]
        return device
