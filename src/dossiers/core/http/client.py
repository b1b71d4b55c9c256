"""Request helpers: the reader's address."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest

from dossiers.core.config import conf


def client_ip(request: HttpRequest) -> str:
    """The reader's address: REMOTE_ADDR, or the address the trusted proxies saw.

    With DOSSIERS_TRUSTED_PROXY_COUNT = N, the N-th address from the right of
    X-Forwarded-For is used (each proxy appends the address it received from),
    so a reader cannot forge it by sending the header themselves.
    """
    hops = conf().trusted_proxy_count
    address = request.META.get("REMOTE_ADDR", "")
    if hops > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""
