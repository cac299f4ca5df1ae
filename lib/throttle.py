"""A per-address limit for the public forms (no account, so no other handle).

Counts live in the cache (Redis in production, shared by every worker), in a
window that starts with the first request. The address is the one rule of
`lib.clients`: behind the proxy, the real client, not the proxy.
"""

from django.core.cache import cache

from lib.clients import client_ip as client_address


def over_limit(request, scope: str, limit: int) -> bool:
    """True once this address has been counted `limit` times in the window."""
    return cache.get(f"throttle:{scope}:{client_address(request)}", 0) >= limit


def count(request, scope: str, seconds: int = 3600) -> None:
    key = f"throttle:{scope}:{client_address(request)}"
    if not cache.add(key, 1, seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, seconds)
