"""Every demo login follows the links it is shown: none is dead, none is English.

The demo district is built once for this module. Each role logs in through
the login page with the printed password and walks the site breadth-first
from its start pages: `/`, the admin index (staff), its notifications page,
and the links of every notification the demo sent it (the same link its
email carries: notifications/tasks.py appends `SITE_URL + link` to the body).
A link counts once per URL pattern (the resolver's route), so the sort and
filter variants of a changelist do not multiply the walk: the first variant
seen is the one asked for.

Two things are checked on what the walk gets back, crawled once and kept in
`CRAWLS` for both tests:

- no link a role is shown answers 403, 404 or 500, or bounces it to a login
  page (a staff link in a notice to someone outside the admin);
- no page reads English outside `ALLOWED_WORDS`: the visible text and the
  attributes a user reads (title, placeholder, aria-label, alt, a button's
  value), in the default language, Simplified Chinese.
"""

import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from devdata.demo.orgs import TODAY
from devdata.management.commands.demo import DEMO_PASSWORD
from lib import todos
from mall.models import Exchange
from notifications.models import Notification
from orgs.models import User
from volunteers.models import VolunteerCertificate

# The demo logins the README prints, one per role (street2 shows jurisdiction).
LOGINS = [
    "admin",
    "district",
    "street",
    "street2",
    "community",
    "operator",
    "leader",
    "grid",
    "reviewer",
]

# Patterns a role may be shown a link to, but that the walk does not ask:
# they act or leave rather than show a page.
SKIPPED_ROUTES = {
    "accounts/logout/",  # logs the walker out
    "admin/logout/",
    "i18n/setlang/",  # changes the language: the rest of the walk would be English
}
SKIPPED_PREFIXES = ("/static/",)
# Pages per role: the routes nearest the start pages first (breadth-first).
# The demo's largest role (the platform administrator) sees about 400 since
# issue 24's six apps.
MAX_PAGES = 600

DEAD = {400, 403, 404, 500}
LOGIN_ROUTES = {"accounts/login/", "admin/login/"}

# English a Chinese page may show. Each is a code, a unit, a file type or a
# name that Chinese officers write in Latin letters too. Compared ignoring case.
ALLOWED_WORDS = {
    # file types and formats, named on download and upload buttons
    "csv", "xlsx", "xls", "pdf", "jpeg", "jpg", "png", "webp", "docx", "word", "excel", "wps",
    # codes and technical names an officer reads as they are
    "api", "id", "ip", "url", "qr", "sms", "ok", "ldap",
    # coordinate systems and the map file format, named as every Chinese map names them
    "wgs", "gcj", "gps", "geojson", "cgcs",
    # the feed formats a portal or an official account's editor takes (stories)
    "atom", "json", "feed",
    # key names, as printed on the keyboard ("按住 Control 键或 Mac 上的 Command 键")
    "control", "command", "mac",
    # brands
    "wechat",
    # units
    "km", "kg", "kb", "mb", "gb",
    # the language switch names the other language in its own tongue
    "english",
}  # fmt: skip


@dataclass
class Page:
    url: str
    route: str
    status: int
    final_route: str = ""
    found_on: str = ""
    words: list[str] = field(default_factory=list)


@dataclass
class Crawl:
    role: str
    pages: list[Page] = field(default_factory=list)
    seconds: float = 0.0

    def dead(self):
        return [p for p in self.pages if p.status in DEAD or p.final_route in LOGIN_ROUTES]


CRAWLS: dict[str, Crawl] = {}


@pytest.fixture(scope="module")
def demo_district(django_db_setup, django_db_blocker):
    """The demo, built once for the module inside a transaction rolled back at
    its end; each test's own transaction (the `db` fixture) nests inside.
    Crawled on the demo's own day, as `dev.py start` shows it."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(PLATFORM_TODAY=TODAY),
    ):
        started = time.monotonic()
        call_command("demo", quiet=True)
        print(f"\ndemo built in {time.monotonic() - started:.1f} s")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def crawl_of(demo_district, db):
    def crawl_of(username: str) -> Crawl:
        if username not in CRAWLS:
            CRAWLS[username] = walk(username)
        return CRAWLS[username]

    return crawl_of


# --- the walk ---------------------------------------------------------------


class PageParser(HTMLParser):
    """Links (`<a href>`) and the words a reader sees on a page."""

    READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden_depth += 1
            return
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in self.READ_ATTRIBUTES:
            if attrs.get(name):
                self.text.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
            self.text.append(attrs.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        if tag not in self.HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self.text.append(data)


# What is not a word of the interface: addresses and paths (an access log's
# "/accounts/login/"), e-mail, masked values ("Ri****", a password's salt),
# file names and codes with digits in them (credit codes, "A4"), and the
# "<unknown>" axes logs for a client without a User-Agent (this one).
NOT_WORDS = re.compile(
    r"<unknown>|https?://\S+|(?<![\w.])/[\w/.-]+|[\w.+-]+@[\w.-]+|\S*\*\*+\S*|\S+\.(?:xlsx|xls|csv|pdf|jpg|jpeg|png|docx?)\b"
    r"|\b(?=[A-Za-z]*\d)[A-Za-z0-9-]+\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")


def english_words(text: str, allowed: set[str]) -> list[str]:
    text = NOT_WORDS.sub(" ", text)
    return sorted({w for w in WORD.findall(text) if w.lower() not in allowed})


def route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def walk(username: str) -> Crawl:
    started = time.monotonic()
    user = User.objects.get(username=username)
    client = Client()
    login = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert login.status_code == 302, f"{username} cannot log in with the printed password"
    # Data the demo made, not words of the interface: its login names, and the
    # random letters of certificates' check codes and the mall's pickup codes.
    allowed = (
        ALLOWED_WORDS
        | {name.lower() for name in User.objects.values_list("username", flat=True)}
        | {c.lower() for c in VolunteerCertificate.objects.values_list("check_code", flat=True)}
        | {c.lower() for c in Exchange.objects.values_list("code", flat=True)}
    )

    start = ["/", "/notifications/"]
    if user.is_staff:
        start.append("/admin/")
    for note in Notification.objects.filter(user=user):
        # The page shows the latest hundred; the emails carry every link.
        if note.link:
            start.append(note.link)
    queue = [(url, "start") for url in start]
    seen_routes: set[str] = set()
    crawl = Crawl(username)
    # Each to-do's link as it is, filters and all (the walk below asks one
    # variant per route): a filter the list refuses sends the admin to ?e=1.
    for todo in todos.gather(user):
        response = client.get(todo.url, follow=True)
        refused = "e=1" in response.request.get("QUERY_STRING", "")
        crawl.pages.append(
            Page(
                url=todo.url,
                route=f"to-do {todo.key}",
                status=400 if refused else response.status_code,
                final_route=route_of(response.request["PATH_INFO"]) or ""
                if response.redirect_chain
                else "",
                found_on="the workbench",
            )
        )
    while queue and len(crawl.pages) < MAX_PAGES:
        url, found_on = queue.pop(0)
        path = urlsplit(url).path
        route = route_of(path)
        key = route if route is not None else path  # an unknown path is dead: ask it
        if key in seen_routes or key in SKIPPED_ROUTES or path.startswith(SKIPPED_PREFIXES):
            continue
        seen_routes.add(key)
        response = client.get(url, follow=True)
        final_path = response.request["PATH_INFO"]
        page = Page(
            url=url,
            route=key,
            status=response.status_code,
            final_route=(route_of(final_path) or "") if response.redirect_chain else "",
            found_on=found_on,
        )
        crawl.pages.append(page)
        if getattr(response, "streaming", False):
            response.close()
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = PageParser()
        parser.feed(response.content.decode())
        page.words = english_words(" ".join(parser.text), allowed)
        for href in parser.links:
            target = urljoin(final_path, href)
            parts = urlsplit(target)
            if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
                continue  # mailto:, tel:, javascript:, other sites
            if not parts.path or (parts.path == final_path and not parts.query):
                continue  # "#top" and the page itself
            queue.append((parts.path + (f"?{parts.query}" if parts.query else ""), url))
    crawl.seconds = time.monotonic() - started
    print(f"\n{username}: {len(crawl.pages)} pages in {crawl.seconds:.1f} s")
    return crawl


# --- the tests --------------------------------------------------------------


@pytest.mark.parametrize("username", LOGINS)
def test_no_link_a_role_is_shown_is_dead(crawl_of, username):
    crawl = crawl_of(username)
    dead = [
        f"{p.url} -> {p.status}{' (login: ' + p.final_route + ')' if p.final_route in LOGIN_ROUTES else ''}"
        f"  [linked from {p.found_on}]"
        for p in crawl.dead()
    ]
    assert dead == [], f"{username}: dead links"
    # A walk cut short would pass without having seen every pattern.
    assert len(crawl.pages) < MAX_PAGES, "the walk reached MAX_PAGES: raise it"


@pytest.mark.parametrize("username", LOGINS)
def test_no_page_reads_english(crawl_of, username):
    crawl = crawl_of(username)
    english = [f"{p.url}: {', '.join(p.words)}" for p in crawl.pages if p.words]
    assert english == [], f"{username}: English on pages (the words, after each page)"
