"""notify(): one message per person, once per key, emailed after the commit
when email is configured; the page shows a person their own and marks them
read. (The apps' flows that notify are tested beside those apps.)"""

from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory


def test_a_keyed_message_reaches_each_active_person_once(personas):
    gone = UserFactory(is_active=False)
    worker = personas.community_worker
    sent = notify([worker, worker, gone, None], "申报截止提醒", key="deadline:7")
    assert [note.user for note in sent] == [worker]
    assert notify([worker], "申报截止提醒", key="deadline:7") == []  # the daily rerun
    assert Notification.objects.filter(user=worker).count() == 1
    assert not Notification.objects.filter(user=gone).exists()


def test_the_email_leaves_after_the_commit_with_the_link_in_full(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_NOTIFICATIONS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://shequ.example.gov.cn/"
    worker = personas.community_worker
    worker.email = "worker@example.org"
    worker.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([worker], "工单已派发", "请及时处理。", link="/grids/tickets/1/")
        assert mail.outbox == []  # not before the commit
    assert [m.to for m in mail.outbox] == [["worker@example.org"]]
    assert mail.outbox[0].body == "请及时处理。\n\nhttps://shequ.example.gov.cn/grids/tickets/1/"


def test_the_page_shows_a_person_their_own_and_the_button_marks_them_read(personas, login):
    notify([personas.community_worker], "给社区工作者的通知")
    notify([personas.org_leader], "给组织负责人的通知")
    client = login(personas.community_worker)
    page = client.get(reverse("notifications:index")).content.decode()
    assert "给社区工作者的通知" in page and "给组织负责人的通知" not in page
    assert personas.community_worker.notifications.unread().count() == 1  # a GET writes nothing
    newest = personas.community_worker.notifications.get().pk
    notify([personas.community_worker], "页面打开之后才到的通知")
    client.post(reverse("notifications:index"), {"upto": newest})
    assert [n.title for n in personas.community_worker.notifications.unread()] == [
        "页面打开之后才到的通知"
    ]
    assert personas.org_leader.notifications.unread().count() == 1
    client.post(reverse("notifications:index"), {"upto": "x"})  # nonsense changes nothing
    assert personas.community_worker.notifications.unread().count() == 1
