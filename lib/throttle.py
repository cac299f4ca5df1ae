"""A per-address limit for the public forms (no account, so no other handle).

Counts live in the cache (Redis in production, shared by every worker), in a
window that starts with the first request. The address is the one rule of
`lib.clients`: behind the proxy, the real client, not the proxy.
"""

from django.core.cache import cache

from lib.clients import client_ip as client_address


def over_limit(request, scope: str, limit: int) -> bool:
    """True once this address has been counted `limit` times in the window."""
    return over_limit_at(client_address(request), scope, limit)


def count(request, scope: str, seconds: int = 3600) -> None:
    count_at(client_address(request), scope, seconds)


# The same, for a service handed the address (lib.clients.client_ip) by its
# view, so that it counts what it did rather than what was asked.


def over_limit_at(address: str, scope: str, limit: int) -> bool:
    return cache.get(f"throttle:{scope}:{address}", 0) >= limit


def count_at(address: str, scope: str, seconds: int = 3600) -> None:
    key = f"throttle:{scope}:{address}"
    if not cache.add(key, 1, seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, seconds)
