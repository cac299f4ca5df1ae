"""What waits in this app (lib/todos.py): volunteers to confirm."""

from django.db.models import Count
from django.utils.translation import gettext as _

from lib.todos import Todo, admin_list
from orgs.roles import COMMUNITY_STAFF

from .models import Volunteer, VolunteerStatus


def to_confirm(user, today):
    if user.role not in COMMUNITY_STAFF:
        return []
    found = (
        Volunteer.objects.for_user(user)
        .filter(status=VolunteerStatus.PENDING)
        .aggregate(n=Count("pk"))
    )
    return [
        Todo(
            "volunteers.confirm",
            _("Volunteers to confirm"),
            found["n"],
            # The list, even for one: its actions confirm or not.
            admin_list(Volunteer, "status__exact=pending"),
            order=30,
        )
    ]


PROVIDERS = [to_confirm]
