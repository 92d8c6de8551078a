"""Login throttling with django-axes: the client's address and the page shown when locked out.

Failed logins are counted by django-axes in the database (settings `AXES_*`), so the count is
shared by every web process and incremented atomically. Both the site's login and the admin's
go through `django.contrib.auth.authenticate`, where axes' backend refuses a locked-out
username or address before the password is checked.
"""

import ipaddress
import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

IPV6_SUBSCRIBER_PREFIX = 64  # one subscriber gets a /64: counting single addresses is no limit


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client, as django-axes counts it (`AXES_CLIENT_IP_CALLABLE`).

    `REMOTE_ADDR`, unless the site runs behind `TRUSTED_PROXY_COUNT` reverse proxies: then the
    address the outermost proxy saw, i.e. that many entries from the right of
    X-Forwarded-For (the entries further left are whatever the client sent, so they are never
    trusted). An IPv6 address stands for its /64 network. None when no valid address is known.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [part.strip() for part in forwarded if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        network = ipaddress.ip_network(f"{ip}/{IPV6_SUBSCRIBER_PREFIX}", strict=False)
        return str(network.network_address)
    return str(ip)


def lockout_minutes(request: HttpRequest | None = None) -> int:
    return math.ceil(get_cool_off(request).total_seconds() / 60)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page of a refused login (`AXES_LOCKOUT_CALLABLE`), for the site and the admin alike."""
    minutes = lockout_minutes(request)
    response = render(request, "users/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
