"""The demo district: what a newcomer logs into."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from grids.models import Grid
from orgs.management.commands.demo import DEMO_PASSWORD
from orgs.models import Area, AreaLevel, User
from orgs.roles import ADMIN_ROLES, Role


@pytest.fixture
def demo(db):
    call_command("demo", quiet=True)


def test_the_demo_builds_a_district_of_eight_streets_and_forty_communities(demo):
    district = Area.objects.get(name="惠济区")
    assert Area.objects.under(district).streets().count() == 8
    assert Area.objects.under(district).communities().count() == 40
    assert Area.objects.filter(level=AreaLevel.COMMUNITY, grids__isnull=True).count() == 0


def test_running_the_demo_again_changes_nothing(demo):
    counts = (Area.objects.count(), Grid.objects.count(), User.objects.count())
    history = (Area.history.count(), Grid.history.count(), User.history.count())
    call_command("demo", quiet=True)
    assert (Area.objects.count(), Grid.objects.count(), User.objects.count()) == counts
    assert (Area.history.count(), Grid.history.count(), User.history.count()) == history


def test_the_demo_prints_a_login_for_every_role(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for role in Role:
        assert str(role.label) in out


@pytest.mark.parametrize("role", list(Role))
def test_every_demo_role_can_log_in(demo, client, role):
    user = User.objects.filter(role=role).first()
    assert client.login(username=user.username, password=DEMO_PASSWORD)
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    assert str(role.label) in home.content.decode()
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == (200 if role in ADMIN_ROLES else 302)
