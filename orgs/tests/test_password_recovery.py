"""Account recovery without email: no reset link is ever produced; a higher
role within its jurisdiction issues a one-time password, which works once
and must be replaced at the next login; the reset is in the audit trail."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from orgs.roles import Role
from tests.factories import UserFactory
from tests.fixtures import PASSWORD

NEW_PASSWORD = "Yingcaishequ#2026"


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- No reset link without email --------------------------------------------------


def test_without_email_the_reset_page_produces_no_link(personas, client, settings, capsys, caplog):
    settings.EMAIL_NOTIFICATIONS = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    leader = personas.org_leader
    leader.email = "liufang@example.com"
    leader.save()

    sent = client.post(reverse("password_reset"), {"email": leader.email}, follow=True)
    printed = capsys.readouterr()
    for text in (printed.out, printed.err, caplog.text, sent.content.decode()):
        assert "/reset/" not in text
    assert mail.outbox == []
    page = client.get(reverse("password_reset"))
    assert "联系" in page.content.decode()  # ask the office above you

    # A link made some other way (or printed before) opens no form either.
    uid = urlsafe_base64_encode(force_bytes(leader.pk))
    token = default_token_generator.make_token(leader)
    link = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    assert "new_password1" not in link.content.decode()
    posted = client.post(
        reverse("password_reset_confirm", args=[uid, "set-password"]),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert posted.status_code in (200, 404)
    leader.refresh_from_db()
    assert leader.check_password(PASSWORD)


# --- A higher role resets, within its jurisdiction ----------------------------------


def link_to(user) -> str:
    return f'href="{reverse("portal:recovery_reset", args=[user.pk])}"'


def reset(client, user):
    response = client.post(reverse("portal:recovery_reset", args=[user.pk]))
    assert response.status_code == 200, response.status_code
    found = re.search(r'data-one-time-password="([^"]+)"', response.content.decode())
    return found.group(1)


def test_a_street_officer_resets_a_leader_in_their_street(personas, login):
    officer, leader = personas.street_a_officer, personas.org_leader
    client = login(officer)
    listed = client.get(reverse("portal:recovery")).content.decode()
    assert link_to(leader) in listed and link_to(personas.district_officer) not in listed
    one_time = reset(client, leader)

    leader.refresh_from_db()
    assert leader.must_change_password
    assert not leader.check_password(PASSWORD)

    # The app cannot be used with it: change it on the website first.
    refused = APIClient().post(
        "/api/v1/auth/token/", {"username": leader.username, "password": one_time}
    )
    assert refused.status_code == 403 and "修改密码" in refused.json()["detail"]

    # It logs in once, and every page leads to choosing a new password.
    device = Client()
    assert log_in(device, leader.username, one_time).status_code == 302
    home = device.get(reverse("portal:home"))
    assert home.status_code == 302 and home["Location"] == reverse("portal:password_new")
    assert log_in(Client(), leader.username, one_time).status_code == 200  # used up

    weak = device.post(
        reverse("portal:password_new"), {"new_password1": "12345", "new_password2": "12345"}
    )
    assert weak.status_code == 200 and "至少 10 个字符" in weak.content.decode()
    chosen = device.post(
        reverse("portal:password_new"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert chosen.status_code == 302
    assert device.get(reverse("portal:home")).status_code == 200  # still logged in
    leader.refresh_from_db()
    assert not leader.must_change_password and leader.check_password(NEW_PASSWORD)


def test_the_reset_is_in_the_audit_trail(personas, login):
    officer, leader = personas.street_a_officer, personas.org_leader
    reset(login(officer), leader)
    entry = leader.history.order_by("-history_id").first()
    assert entry.history_user == officer
    assert entry.must_change_password
    assert "重置" in entry.history_change_reason


def test_a_street_officer_cannot_reset_outside_their_street_nor_above(personas, login, territory):
    elsewhere = UserFactory(
        username="grid_b", role=Role.GRID_MEMBER, area=territory.community_b1, password=PASSWORD
    )
    client = login(personas.street_a_officer)
    listed = client.get(reverse("portal:recovery")).content.decode()
    for account in (elsewhere, personas.district_officer, personas.street_b_officer):
        assert link_to(account) not in listed
        assert client.get(reverse("portal:recovery_reset", args=[account.pk])).status_code == 404
        assert client.post(reverse("portal:recovery_reset", args=[account.pk])).status_code == 404
        account.refresh_from_db()
        assert account.check_password(PASSWORD) and not account.must_change_password


def test_who_may_reset_whom(personas, login):
    p = personas
    cases = [
        (p.platform_admin, p.district_officer, True),
        (p.district_officer, p.street_a_officer, True),
        (p.district_officer, p.outsider, False),  # the other district's staff
        (p.community_worker, p.grid_member, True),
        (p.community_worker, p.street_a_officer, False),
        (p.org_leader, p.grid_member, False),
        (p.grid_member, p.org_leader, False),
    ]
    for resetter, account, allowed in cases:
        client = login(resetter)
        status = client.get(reverse("portal:recovery_reset", args=[account.pk])).status_code
        assert status == (200 if allowed else 404), (resetter.username, account.username)


def test_the_admin_account_page_offers_the_reset_where_allowed(personas, login):
    client = login(personas.district_officer)
    page = client.get(reverse("admin:orgs_user_change", args=[personas.street_a_officer.pk]))
    assert link_to(personas.street_a_officer) in page.content.decode()
    client = login(personas.platform_admin)
    own = client.get(reverse("admin:orgs_user_change", args=[personas.platform_admin.pk]))
    assert link_to(personas.platform_admin) not in own.content.decode()


def test_with_email_configured_the_reset_link_is_emailed(personas, client, settings):
    settings.EMAIL_NOTIFICATIONS = True
    leader = personas.org_leader
    leader.email = "liufang@example.com"
    leader.save()
    client.post(reverse("password_reset"), {"email": leader.email})
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_no_one_resets_an_account_with_more_power_than_their_own(personas, login, territory):
    """Whoever resets learns the password: a superuser in a community worker's
    role, or a leader granted extra permissions by hand, is not theirs to reset."""
    from django.contrib.auth.models import Permission

    hidden_admin = UserFactory(
        username="grid_su",
        role=Role.GRID_MEMBER,
        area=territory.community_a1,
        is_superuser=True,
        password=PASSWORD,
    )
    granted = UserFactory(
        username="grid_plus", role=Role.GRID_MEMBER, area=territory.community_a1, password=PASSWORD
    )
    granted.user_permissions.add(Permission.objects.get(codename="change_user"))
    for resetter in (personas.street_a_officer, personas.community_worker):
        client = login(resetter)
        for account in (hidden_admin, granted):
            assert (
                client.post(reverse("portal:recovery_reset", args=[account.pk])).status_code == 404
            )
            account.refresh_from_db()
            assert account.check_password(PASSWORD)
