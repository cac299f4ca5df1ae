"""A minor's guardian consents by the link texted to them; a wrong link is
a 404, an expired one says so, and neither changes anything."""

import time
from unittest import mock

import pytest
from django.urls import reverse

from notifications.models import ShortLink, TextMessage
from volunteers import services
from volunteers.models import VolunteerStatus

from .helpers import MINOR_ID, registered

pytestmark = pytest.mark.django_db


def minor(territory):
    return registered(
        territory.community_a1,
        number=MINOR_ID,
        name="陈小雨",
        guardian_name="陈建国",
        guardian_phone="13903710088",
    )


def test_the_guardian_follows_the_texted_link_and_consents(client, territory):
    volunteer = minor(territory)
    sent = TextMessage.objects.get(phone="13903710088", template="guardian")
    link = ShortLink.objects.get(code=sent.params["link"])
    opened = client.get(reverse("short_link", args=[link.code]))
    assert opened.status_code == 302
    page = client.get(opened["Location"]).content.decode()
    assert "陈**" in page and "陈小雨" not in page and "14 岁" in page
    assert "我是监护人，我同意" in page
    assert client.post(opened["Location"]).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.PENDING
    assert volunteer.guardian_consented_at is not None
    again = client.get(opened["Location"]).content.decode()
    assert "已同意" in again and "我是监护人，我同意" not in again
    # Twice is refused, and changes nothing.
    client.post(opened["Location"])
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.PENDING


def test_a_wrong_link_is_a_404_and_changes_nothing(client, territory):
    volunteer = minor(territory)
    token = services.guardian_token(volunteer)
    wrong = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    assert client.get(reverse("volunteers:guardian", args=[wrong])).status_code == 404
    assert client.post(reverse("volunteers:guardian", args=[wrong])).status_code == 404
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.AWAITING_GUARDIAN


def test_an_expired_link_says_so_and_changes_nothing(client, territory):
    volunteer = minor(territory)
    url = services.guardian_link(volunteer)
    later = time.time() + (services.GUARDIAN_LINK_DAYS + 1) * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        page = client.get(url)
        posted = client.post(url)
    assert page.status_code == 410 and "此链接已过期" in page.content.decode()
    assert posted.status_code == 410
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.AWAITING_GUARDIAN


def test_wrong_guardian_links_from_one_address_are_limited(client, territory):
    """A walk through links is cut off: 429 with a Chinese page."""
    from django.core.cache import cache

    from volunteers.views import MISSES_PER_HOUR

    cache.clear()  # no other test's misses
    for n in range(MISSES_PER_HOUR):
        assert client.get(reverse("volunteers:guardian", args=[f"x{n}"])).status_code == 404
    response = client.get(reverse("volunteers:guardian", args=["y"]))
    assert response.status_code == 429 and "请一小时后再试" in response.content.decode()
