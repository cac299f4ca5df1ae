"""Whole public pages from the cache, for visitors who carry no session.

A public page that rarely changes (an organisation's page, the directory) is
rendered once per language and display mode (lib.display) and kept in Django's cache; the next visitor
without a session gets the stored body, with no database query and no
template rendering. What differs per request is never stored:

- The headers. Only the body is kept; every middleware (CSP, security
  headers, request id, Content-Language, Vary) runs on each response as
  before. The Content-Security-Policy here has no nonce, and a body rendered
  while a nonce was drawn (`request.csp_nonce`) is not stored, so a cached
  page can never carry a nonce its header does not name.
- The CSRF token. Every page carries one in its language switch; the stored
  body holds a stand-in, replaced by this visitor's own token (and cookie)
  on the way out.
- Who is asking. A request with a session cookie (anyone logged in, staff
  previewing a page) or with messages waiting is rendered as usual and never
  stored, so a logged-in page is never shown to anyone else and nobody
  logged in gets the anonymous one.

Freshness by generations: a page names the generations it depends on
(`depends`), each a random token in the cache; a change to the data sets a
new token (`bump`), and a stored page whose tokens no longer match is
rendered again. With the Redis cache every web machine sees the same tokens,
so a change on one invalidates the pages of all; the embedded default's
LocMemCache is per process (see CACHES). Stored pages also expire after
PUBLIC_PAGE_CACHE_SECONDS, for writes that bypass the signals.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

from lib.display import elder_mode

# What `{% csrf_token %}` writes into a body that is going to be stored.
CSRF_STAND_IN = "csrf-stand-in-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
_STAND_IN = CSRF_STAND_IN.encode()


def _generation_key(name: str) -> str:
    return f"pagecache:generation:{name}"


def bump(*names: str) -> None:
    """Mark the data behind these generations as changed: the pages that
    depend on any of them are rendered again on their next request.

    Bumped now and again when the current transaction commits: a request that
    read the old rows between the two stores its page under the first token,
    which the second makes stale.
    """
    keys = [_generation_key(name) for name in names]

    def renew():
        cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)

    renew()
    transaction.on_commit(renew)


def forget(*names: str) -> None:
    """Drop these generations' tokens outright, outside any transaction: the
    next request draws new ones, so every page stored under the old tokens is
    stale (for tests, whose rolled-back rows send no signal)."""
    cache.delete_many([_generation_key(name) for name in names])


def shareable(request: HttpRequest) -> bool:
    """True for a GET by a visitor with no session and no messages waiting."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def cached_page(
    request: HttpRequest,
    render: Callable[[dict], HttpResponse],
    *,
    depends: Iterable[str],
    cacheable: bool = True,
) -> HttpResponse:
    """The page `render(extra_context)` would give, from the cache when it can.

    `render` must give the same page to every visitor without a session (for
    this path, query string and language); `depends` names the generations
    of the data it shows; `cacheable=False` renders as usual (searches, odd
    query strings), and so does a response `render` marks
    `not_for_the_cache` (a page number past the end: one entry per number
    would let anyone fill the cache).
    """
    if not (cacheable and settings.PUBLIC_PAGE_CACHE_SECONDS > 0 and shareable(request)):
        response = render({})
        if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    # One copy per language and display mode: the elder mode's page carries
    # its class and its switch (lib.display).
    mode = "elder" if elder_mode(request) else "standard"
    page_key = f"pagecache:page:{path}:{request.LANGUAGE_CODE}:{mode}"
    generation_keys = [_generation_key(name) for name in depends]
    found = cache.get_many([page_key, *generation_keys])
    for key in generation_keys:
        if key not in found:
            # Never seen, or evicted: a fresh token, so no page stored under
            # an older one can match.
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key)
    generations = tuple(found[key] for key in generation_keys)

    stored = found.get(page_key)
    if stored is not None and stored[0] == generations:
        _generations, body, content_type = stored
        response = HttpResponse(body, content_type=content_type)
    else:
        response = render({"csrf_token": CSRF_STAND_IN})
        body = response.content
        if (
            response.status_code == 200
            and not getattr(response, "not_for_the_cache", False)
            and None not in generations  # the cache is unreachable
            and not isinstance(getattr(request, "_csp_nonce", None), str)
        ):
            cache.set(
                page_key,
                (generations, body, response["Content-Type"]),
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
    if _STAND_IN in body:
        response.content = body.replace(_STAND_IN, get_token(request).encode())
    # Browsers may keep it a minute; a shared cache may not (the CSRF cookie).
    # Keyed by the cookies too, so a switch of the elder mode is seen at once.
    patch_cache_control(response, private=True, max_age=settings.PUBLIC_PAGE_BROWSER_SECONDS)
    patch_vary_headers(response, ["Cookie"])
    return response
