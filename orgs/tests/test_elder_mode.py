"""The elder mode (长辈版): a switch on every page, kept in a cookie, that puts
the class `elder` on the page (large text, high contrast: static/portal/frame.css)."""

import re

from django.test import Client
from django.urls import reverse

from lib.display import ELDER_COOKIE

SWITCH = reverse("portal:elder_mode")
ELDER_HTML = re.compile(r'<html lang="[^"]+" class="elder">')


def switch(client, elder: str, back: str):
    # The switch is a form on the page: its token and its `next` as the page wrote them.
    page = client.get(back).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert f'action="{SWITCH}"' in page
    return client.post(SWITCH, {"elder": elder, "next": back, "csrfmiddlewaretoken": token})


def test_the_switch_keeps_the_mode_in_a_cookie_and_goes_back(personas):
    client = Client(enforce_csrf_checks=True)
    directory = reverse("public:directory")
    assert "长辈版" in client.get(directory).content.decode()

    response = switch(client, "on", directory)
    assert response.status_code == 302 and response["Location"] == directory
    cookie = response.cookies[ELDER_COOKIE]
    assert cookie.value == "on" and cookie["max-age"] and cookie["httponly"]
    page = client.get(directory).content.decode()
    assert ELDER_HTML.search(page)
    assert "退出长辈版" in page  # the way back, on the same spot

    response = switch(client, "off", directory)
    assert response["Location"] == directory and response.cookies[ELDER_COOKIE].value == ""
    assert not ELDER_HTML.search(client.get(directory).content.decode())


def test_the_switch_never_sends_anyone_off_the_site(client):
    for elsewhere in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post(SWITCH, {"elder": "on", "next": elsewhere})
        assert response.status_code == 302 and response["Location"] == reverse("portal:home")


def test_a_cached_public_page_is_kept_once_per_mode(personas):
    # lib/pagecache.py stores whole pages for visitors without a session.
    url = reverse("public:organisation", args=[personas.organisation_a1.pk])
    normal = Client().get(url)
    assert not ELDER_HTML.search(normal.content.decode())
    elder = Client()
    elder.cookies[ELDER_COOKIE] = "on"
    page = elder.get(url).content.decode()
    assert ELDER_HTML.search(page) and "退出长辈版" in page
    assert not ELDER_HTML.search(Client().get(url).content.decode())  # and the normal copy stays
    assert "Cookie" in normal["Vary"]  # a browser's own copy follows the switch too


def test_portal_and_admin_pages_carry_the_switch_and_the_mode(personas, login):
    client = login(personas.street_a_officer)
    client.cookies[ELDER_COOKIE] = "on"
    home = client.get(reverse("portal:home")).content.decode()
    assert ELDER_HTML.search(home) and f'action="{SWITCH}"' in home
    admin = client.get(reverse("admin:orgs_organisation_changelist")).content.decode()
    assert re.search(r'<body class="elder ', admin) and f'action="{SWITCH}"' in admin
    # The admin wears the portal's header and menu.
    assert '<header class="site-header">' in home and '<header class="site-header">' in admin
    assert 'href="/admin/"' in home and 'href="/"' in admin
