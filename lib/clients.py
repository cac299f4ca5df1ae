"""Who the client is: one rule for every limit and every record of an address.

Behind TRUSTED_PROXY_COUNT reverse proxies, each appending the address it saw
to X-Forwarded-For, the client is that many entries from the end: the entry
the nearest trusted proxy wrote. Entries further left could have been written
by the client itself, so they are never read. With no proxy, or a header too
short or not an address (a request that did not come through the proxies),
the connecting address (REMOTE_ADDR) is the client.

Used by django-axes (AXES_CLIENT_IP_CALLABLE, and so its access logs), every
API throttle (lib.api.ScopedThrottle) and the public forms' counts
(lib.throttle). Imports no app.
"""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
