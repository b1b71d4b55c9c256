"""`dossiers otp-setup USERNAME`: give an editor a TOTP device for two-factor login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create a time-based one-time password (TOTP) device for an editor and print the "
        "otpauth:// URI to add to an authenticator app (needed when DOSSIERS_ADMIN_2FA=1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="remove the editor's existing TOTP devices first (a lost or new phone)",
        )
        parser.add_argument("--name", default="authenticator", help="the device's name")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        model = get_user_model()
        try:
            user = model._default_manager.get_by_natural_key(options["username"])
        except model.DoesNotExist:
            raise CommandError(f"No user named {options['username']!r}.") from None
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=None)
        if devices.exists():
            if not options["replace"]:
                raise CommandError(
                    f"{user.get_username()} already has a TOTP device; "
                    "--replace removes it and makes a new one."
                )
            devices.delete()
        device = TOTPDevice.objects.create(user=user, name=options["name"], confirmed=True)
        self.stdout.write(device.config_url)
        self.stderr.write(
            "Add this URI to the editor's authenticator app (most apps read it from a QR code "
            "any generator makes; it is a secret: do not keep it). The desk then asks for the "
            "six-digit code at each login."
        )
