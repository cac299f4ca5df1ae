"""The Content-Security-Policy: every HTML response carries it, and no page
needs what it forbids.

An injected `<script>` or `onerror=` that slipped past escaping runs only if
the policy allows inline script; it allows none. So the pages must not need
it: every page of the site (the URL matrix's routes, asked by GET) is read
for inline script, event-handler attributes, `javascript:` addresses and
inline styles, whichever template rendered it (ours, the admin's, or a
library's). tests/browser/test_csp_pages.py checks the same pages in
Chromium, where the policy is enforced.
"""

import logging
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from tests import test_url_matrix as matrix
from tests.test_url_matrix import MATRIX, forget_throttles, guess, site_routes, url_for

# The URL matrix's estate (a sample row of every model) and signed-in clients.
estate = matrix.estate
clients = matrix.clients

# Who reads the pages: the visitor, the administrator (every admin page), a
# street officer (the admin and portal in a jurisdiction), a leader (portal only).
READERS = ("anonymous", "platform_admin", "street_a_officer", "org_leader")
# As a browser asks: the API's endpoints then answer with the browsable API.
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name] = sources
    return directives


class InlineCode(HTMLParser):
    """Collects what a strict policy would block in an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # JSON data (json_script) is not executed; the policy allows it.
        kind = (attrs.get("type") or "").lower()
        if tag == "script" and not attrs.get("src") and kind != "application/json":
            self.found.append(f"inline <script id={attrs.get('id')!r}>")
        if tag == "style":
            self.found.append("inline <style>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
            if (
                name in ("href", "src", "action", "formaction")
                and (value or "").strip().lower()[:11] == "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_policy_forbids_inline_script_everywhere(client, territory):
    response = client.get("/accounts/login/")
    csp = policy(response)
    assert csp, "no Content-Security-Policy header"
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:", "blob:"]
    assert csp["connect-src"] == ["'self'"]


def test_every_page_carries_the_policy_and_needs_no_inline_code(estate, clients, personas):
    """Every GET route of the site, as four readers: an HTML answer (a page,
    an error page, a refusal) has the policy, and its markup holds nothing
    the policy blocks."""
    logging.disable(logging.WARNING)  # the 403s and 404s on the way are expected
    users = [getattr(personas, role) for role in READERS[1:]]
    problems, pages = [], 0
    try:
        for route, resolved_as in sorted(site_routes().items()):
            entry = MATRIX.get(route) or guess(route, estate)
            if entry.method != "GET":
                continue
            url = url_for(route, entry, estate)
            try:
                if resolve(urlsplit(url).path).route != resolved_as:
                    continue  # the matrix test reports it
            except Resolver404:
                continue
            for role in READERS:
                forget_throttles(users)
                response = clients[role].get(url, HTTP_ACCEPT=BROWSER_ACCEPT)
                if "text/html" not in response.get("Content-Type", ""):
                    continue
                pages += 1
                script_src = policy(response).get("script-src")
                if script_src != ["'self'"]:
                    problems.append(f"{url} | {role} | script-src {script_src}")
                if response.status_code == 200 and not response.streaming:
                    for found in sorted(set(inline_code(response.content.decode()))):
                        problems.append(f"{url} | {role} | {found}")
    finally:
        logging.disable(logging.NOTSET)
    assert pages > 200  # the walk reached the site
    assert not problems, "\n".join(problems)


def test_the_not_found_page_carries_the_policy(client, territory):
    response = client.get("/no-such-page/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 404
    assert policy(response).get("script-src") == ["'self'"]


def test_a_form_refused_by_the_csrf_check_gets_a_page_without_inline_style(territory):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert policy(response).get("script-src") == ["'self'"]
    assert inline_code(response.content.decode()) == []
    assert "表单未能提交" in response.content.decode()


def test_the_lockout_page_carries_the_policy_and_needs_no_inline_code(personas, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post("/accounts/login/", {"username": "street_a", "password": "wrong-1A"})
    assert locked.status_code == 429
    assert policy(locked).get("script-src") == ["'self'"]
    assert inline_code(locked.content.decode()) == []
