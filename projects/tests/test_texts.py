"""Texts from the projects app: a resident's need gets the link of its page;
a leader whose bid is in hears by text that bidding closes, and an awarded
leader that the service period ends; once each, however often the job runs."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.models import ShortLink, TextMessage, TextStatus
from projects.models import Project, ProjectStatus
from projects.services import needs
from projects.tasks import remind_deadlines
from tests.project_helpers import bid

LEADER_PHONE = "13700000001"


def test_a_residents_need_texts_the_link_of_its_page(territory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        need = needs.submit_public_need(
            community=territory.community_a1,
            title="助餐",
            requester_name="王",
            requester_phone="13903710005",
        )
    message = TextMessage.objects.get()
    assert (message.phone, message.template, message.key, message.status) == (
        "13903710005",
        "need",
        f"need-tracking:{need.pk}",
        TextStatus.SENT,
    )
    assert message.params["number"] == str(need.pk)
    assert ShortLink.objects.get(code=message.params["link"]).target == reverse(
        "public_needs:status", args=[needs.tracking_token(need)]
    )


def test_a_need_posted_by_the_community_texts_nobody(
    territory, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        needs.post_need(
            by=personas.community_worker,
            community=territory.community_a1,
            title="助浴",
            requester_name="李",
            requester_phone="13903710006",
        )
    assert not TextMessage.objects.exists()


def test_bidding_closing_is_texted_to_each_bidder_once(
    world, personas, settings, django_capture_on_commit_callbacks
):
    settings.BID_REMINDER_DAYS = 2
    leader = personas.org_leader
    leader.phone = LEADER_PHONE
    leader.save()
    bid(world.project, world.bidder_a, leader)
    closes = timezone.now() + timedelta(days=1)
    Project.objects.filter(pk=world.project.pk).update(bids_close_at=closes)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_deadlines() == 1
        assert remind_deadlines() == 0  # the rerun sends nothing twice
    message = TextMessage.objects.get()
    day = timezone.localdate(closes)
    assert (message.phone, message.template, message.key) == (
        LEADER_PHONE,
        "reminder",
        f"bid-closing:{world.project.pk}",
    )
    assert message.params == {"what": "项目投标", "date": f"{day.month}月{day.day}日"}
    assert len(message.params["what"]) <= 20


def test_the_end_of_the_service_period_is_texted_once(
    world, personas, django_capture_on_commit_callbacks
):
    leader = personas.org_leader
    leader.phone = LEADER_PHONE
    leader.save()
    bid(world.project, world.bidder_a, leader)
    ends = timezone.localdate() + timedelta(days=3)
    Project.objects.filter(pk=world.project.pk).update(
        status=ProjectStatus.IN_DELIVERY, starts_on=ends - timedelta(days=60), ends_on=ends
    )
    world.project.bids.update(status="awarded")
    with django_capture_on_commit_callbacks(execute=True):
        remind_deadlines()
        remind_deadlines()
    message = TextMessage.objects.get()
    assert message.key == f"delivery-ending:{world.project.pk}"
    assert message.params == {
        "what": "提交结项材料",
        "date": f"{ends.month}月{ends.day}日",
    }
