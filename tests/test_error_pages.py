"""The error pages a user may meet in production: in Chinese, with a way back."""

import re

from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.views import defaults

HOME_LINK = re.compile(r'<a [^>]*href="/"')
CHINESE = re.compile(r"[\u4e00-\u9fff]{4,}")


def _reads_chinese_and_links_home(html: str):
    assert CHINESE.search(html), html
    assert "Not Found" not in html and "Forbidden" not in html and "Server Error" not in html
    assert HOME_LINK.search(html)


@override_settings(DEBUG=False)
def test_a_missing_page_says_so_in_chinese_and_links_home(client, personas):
    client.force_login(personas.street_a_officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    _reads_chinese_and_links_home(page)
    assert "页面不存在" in page


@override_settings(DEBUG=False)
def test_a_page_the_role_may_not_open_says_so_in_chinese_and_links_home(client, personas):
    client.force_login(personas.grid_member)
    response = client.get(reverse("projects:needs"))  # the offices' list of residents' needs
    assert response.status_code == 403
    page = response.content.decode()
    _reads_chinese_and_links_home(page)
    assert "无权" in page


@override_settings(DEBUG=False)
def test_a_server_error_page_needs_no_database_and_links_home():
    # No `db` fixture: any query would fail the test. Django renders 500.html
    # without a request context, as it does when the database is what failed.
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    _reads_chinese_and_links_home(response.content.decode())


@override_settings(DEBUG=False)
def test_a_bad_request_page_is_chinese_and_links_home():
    response = defaults.bad_request(RequestFactory().get("/"), exception=None)
    assert response.status_code == 400
    _reads_chinese_and_links_home(response.content.decode())


def test_the_lockout_page_is_chinese_and_leads_back_to_the_login(client, personas, settings):
    # django-axes' own lockout answer is an English line; the platform's page replaces it.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("login"), {"username": personas.street_a_officer.username, "password": "x"}
        )
    assert response.status_code == 429
    page = response.content.decode()
    assert CHINESE.search(page)
    assert "Account locked" not in page and "too many" not in page.lower()
    assert f'href="{reverse("login")}"' in page
