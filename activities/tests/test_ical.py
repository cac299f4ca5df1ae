"""The iCal feeds: RFC 5545's escaping, CRLF lines folded at 75 octets, UTC times."""

from datetime import timedelta

import pytest

from activities import ical
from activities.models import ActivityStatus, CalendarFeed

from .conftest import make_activity


def test_text_is_escaped():
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_between_characters():
    line = "SUMMARY:" + "敬老院志愿服务" * 10
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_the_public_feed_lists_published_activities_in_utc(client, activity, territory, personas):
    make_activity(
        territory.community_a1, personas.community_worker, title="草稿", status=ActivityStatus.DRAFT
    )
    response = client.get("/public/activities/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert f"UID:activity-{activity.pk}@" in body
    assert "DTSTART:20261207T010000Z" in body  # 09:00 in Beijing
    assert "DTEND:20261207T030000Z" in body
    assert "SUMMARY:敬老院志愿服务" in body and "DTSTAMP:" in body
    assert "LOCATION:英才社区党群服务中心\\, 英才社区" in body
    assert "草稿" not in body


def test_the_public_feed_filters_by_street(client, activity, territory, personas):
    make_activity(territory.community_b1, personas.street_b_officer, title="长兴活动")
    body = client.get(f"/public/activities/calendar.ics?area={territory.street_b.code}").content
    assert "长兴活动".encode() in body and "敬老院".encode() not in body


def test_the_private_feed_is_the_accounts_jurisdiction_by_a_revocable_token(
    client, login, activity, territory, personas
):
    make_activity(territory.community_b1, personas.street_b_officer, title="长兴活动")
    login(personas.street_a_officer).post("/activities/feed/", {"action": "new"})
    token = CalendarFeed.objects.get(user=personas.street_a_officer).token
    client.logout()
    body = client.get(f"/activities/feed/{token}.ics").content.decode()
    assert "敬老院志愿服务" in body and "长兴活动" not in body
    login(personas.street_a_officer).post("/activities/feed/", {"action": "revoke"})
    client.logout()
    assert client.get(f"/activities/feed/{token}.ics").status_code == 404
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("token", ["nothing", "x" * 43])
def test_an_unknown_token_is_404(client, db, token):
    assert client.get(f"/activities/feed/{token}.ics").status_code == 404


def test_times_are_utc():
    from datetime import UTC, datetime

    assert (
        ical.utc(datetime(2026, 1, 1, 8, 0, tzinfo=UTC) + timedelta(hours=1)) == "20260101T090000Z"
    )


def test_the_public_feed_keeps_the_newest_and_drops_the_old_and_cancelled(
    client, activity, territory, personas, monkeypatch
):
    """The cut drops the oldest, never what is coming; activities over 92
    days ago and cancelled ones are not in it."""
    from activities import public_views

    monkeypatch.setattr(public_views, "FEED_MOST", 2)
    old = make_activity(
        territory.community_a1,
        personas.community_worker,
        title="去年的活动",
        starts_at=activity.starts_at - timedelta(days=100),
        ends_at=activity.ends_at - timedelta(days=100),
    )
    cancelled = make_activity(
        territory.community_a1,
        personas.community_worker,
        title="取消的活动",
        status=ActivityStatus.CANCELLED,
    )
    later = [
        make_activity(
            territory.community_a1,
            personas.community_worker,
            title=f"下月活动{n}",
            starts_at=activity.starts_at + timedelta(days=30 + n),
            ends_at=activity.ends_at + timedelta(days=30 + n),
        )
        for n in (1, 2)
    ]
    body = client.get("/public/activities/calendar.ics").content.decode()
    assert f"UID:activity-{old.pk}@" not in body
    assert f"UID:activity-{cancelled.pk}@" not in body and "STATUS:CANCELLED" not in body
    assert f"UID:activity-{activity.pk}@" not in body  # the oldest of three, cut
    assert all(f"UID:activity-{a.pk}@" in body for a in later)
    assert body.index("下月活动1") < body.index("下月活动2")  # still in order
