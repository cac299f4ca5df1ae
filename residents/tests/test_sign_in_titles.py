"""The sign-in page is titled by where the person is going: a volunteer or
a shop clerk is not told they are signing in to "my reports"."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def title_and_heading(client, next_url=""):
    url = reverse("residents:sign_in") + (f"?next={next_url}" if next_url else "")
    page = client.get(url).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    return title, heading, page


@pytest.mark.parametrize(
    ("next_url", "expected", "reaches"),
    [
        ("/me/volunteer/", "志愿者登录", "志愿者页面"),
        ("/me/mall/", "志愿者登录", "贡享超市"),
        ("/mall/provider/", "商家核销登录", "核销"),
        ("/public/activities/", "用手机号登录", "回到您刚才打开的页面"),
    ],
)
def test_the_title_says_where_they_are_going(client, next_url, expected, reaches):
    title, heading, page = title_and_heading(client, next_url)
    assert expected in title and expected in heading
    assert "我的反映" not in title
    assert reaches in page


def test_without_next_it_is_my_reports(client):
    title, heading, _page = title_and_heading(client)
    assert "我的反映：登录" in title and "我的反映" in heading
