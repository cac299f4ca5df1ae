"""The public pages from the cache (lib/pagecache.py): the second visitor costs
no query, yet every change, language, login and token is as if rendered."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lib import audit, pagecache
from orgs import public_cache
from orgs.models import Organisation, Status
from orgs.services import transformations
from tests.factories import OrganisationFactory
from tests.test_csp import policy

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page_of(org) -> str:
    return reverse("public:organisation", args=[org.pk])


def html(client, url, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_the_second_visitor_costs_no_query_and_sees_no_personal_data(
    client, personas, django_assert_num_queries
):
    org = personas.organisation_a1
    org.leader_name, org.leader_phone, org.leader_id_number = (
        "王建国",
        "13803711234",
        "410108196207040027",
    )
    org.save()
    first = html(Client(), page_of(org))
    with django_assert_num_queries(0):
        second = client.get(page_of(org))
    body = second.content.decode()
    assert TOKEN.sub("", body) == TOKEN.sub("", first)
    assert org.name in body and "英才社区" in body
    for private in ("王建国", "13803711234", "410108196207040027"):
        assert private not in body
    assert "private" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]


def test_the_directory_is_cached_but_searches_are_not(client, personas, django_assert_num_queries):
    url = reverse("public:directory")
    html(client, url)
    with django_assert_num_queries(0):
        assert personas.organisation_b1.name in html(Client(), url)
    # A page as the pager's links ask for it, too.
    following = f"{url}?q=&street=&page=1"
    html(client, following)
    with django_assert_num_queries(0):
        html(Client(), following)
    # A page past the end shows the last one, but is not kept (one entry
    # per number would let anyone fill the cache).
    with CaptureQueriesContext(connection) as past_the_end:
        html(Client(), f"{url}?page=99999")
        html(Client(), f"{url}?page=99999")
    assert len(past_the_end) >= 4
    with CaptureQueriesContext(connection) as search:
        html(Client(), url, data={"q": "广场舞"})
        html(Client(), url, data={"q": "广场舞"})
    assert len(search) >= 4  # both searches went to the database


def test_changes_show_on_the_next_request(client, personas, territory):
    org = personas.organisation_a1
    html(client, page_of(org)), html(client, reverse("public:directory"))

    org.name = "英才社区银龄合唱团"
    org.save()
    assert "英才社区银龄合唱团" in html(client, page_of(org))
    assert "英才社区银龄合唱团" in html(client, reverse("public:directory"))

    # Through the bulk path (no post_save): lib.audit tells the cache.
    org.name = "英才社区金秋合唱团"
    audit.bulk_update(Organisation, [org], ["name"])
    assert "英才社区金秋合唱团" in html(client, page_of(org))
    assert "英才社区金秋合唱团" in html(client, reverse("public:directory"))

    # The community's name, shown on every page of its organisations.
    territory.community_a1.name = "英才新社区"
    territory.community_a1.save()
    assert "英才新社区" in html(client, page_of(org))


def test_a_merger_and_the_new_name_of_where_it_went_show(client, personas, territory):
    target = OrganisationFactory(name="天河社区银龄之声合唱队", area=territory.community_a1)
    merged = OrganisationFactory(name="天河社区老年合唱队", area=territory.community_a1)
    assert "已合并至" not in html(client, page_of(merged))
    transformations.merge_organisations(
        sources=[merged], into=target, on=target.created_at.date(), by=personas.street_a_officer
    )
    assert "已合并至" in html(client, page_of(merged))
    target.name = "天河社区银龄合唱队"
    target.save()
    assert "天河社区银龄合唱队" in html(client, page_of(merged))


def test_stars_written_by_update_show_once_announced(client, personas):
    org = personas.organisation_a1
    assert "★" not in html(client, page_of(org))
    Organisation.objects.filter(pk=org.pk).update(star_rating=4, star_year=2025)
    public_cache.organisations_changed()  # what the annual rollup does after its update()
    assert "★★★★" in html(client, page_of(org))


def test_each_language_has_its_own_page(personas):
    org = personas.organisation_a1
    chinese, english = Client(), Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(2):  # rendered, then from the cache
        zh, en = html(chinese, page_of(org)), html(english, page_of(org))
        assert 'lang="zh-CN"' in zh and "Management tier" not in zh
        assert 'lang="en"' in en and "Management tier" in en


def test_logged_in_and_anonymous_pages_never_cross(personas, login):
    org = personas.organisation_a1
    officer = login(personas.street_a_officer)
    # Logged in first: rendered for the officer, and not kept for anyone.
    mine = officer.get(page_of(org))
    assert "退出登录" in mine.content.decode()
    assert "no-cache" in mine["Cache-Control"]
    with CaptureQueriesContext(connection) as anonymous_first:
        public = html(Client(), page_of(org))
    assert len(anonymous_first) > 0  # not served from the officer's render
    assert "退出登录" not in public and "登录" in public
    # And the anonymous page, now cached, is not what the officer gets.
    assert "退出登录" in officer.get(page_of(org)).content.decode()


def test_a_cached_page_carries_the_policy_and_its_own_working_csrf_token(personas):
    org = personas.organisation_a1
    fresh = Client().get(page_of(org))
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    cached = [first.get(page_of(org)), second.get(page_of(org))]
    for response in (fresh, *cached):
        assert policy(response)["script-src"] == ["'self'"]
        assert "nonce" not in response["Content-Security-Policy"]
    assert policy(cached[0]) == policy(fresh)
    tokens = [TOKEN.search(r.content.decode()).group(1) for r in cached]
    assert tokens[0] != tokens[1] and pagecache.CSRF_STAND_IN not in tokens
    # The language switch of the cached page works with the visitor's token.
    switched = first.post(
        reverse("set_language"),
        {"language": "en", "next": page_of(org), "csrfmiddlewaretoken": tokens[0]},
    )
    assert switched.status_code == 302
    assert 'lang="en"' in html(first, page_of(org))


@pytest.mark.django_db
def test_a_page_that_drew_a_csp_nonce_is_not_kept():
    renders = []

    def render(extra):
        request._csp_nonce = "drawn-for-this-request"
        renders.append(1)
        return HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")

    for _ in range(2):
        request = RequestFactory().get("/public/nonce-test/")
        request.LANGUAGE_CODE = "zh-hans"
        pagecache.cached_page(request, render, depends=["test"])
    assert len(renders) == 2


def test_a_dissolved_organisation_leaves_the_directory(client, personas):
    org = personas.organisation_b1
    assert org.name in html(client, reverse("public:directory"))
    org.status = Status.DISSOLVED
    org.save()
    assert org.name not in html(client, reverse("public:directory"))
