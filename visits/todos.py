"""What waits in this app (lib/todos.py): what visits found, still to turn
into a ledger entry, a talent-pool entry or a member."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from lib.todos import Todo
from orgs.roles import COMMUNITY_STAFF

from .models import VisitFinding


def to_turn(user, today):
    if user.role not in COMMUNITY_STAFF:
        return []
    found = VisitFinding.objects.for_user(user).open().aggregate(n=Count("pk"))
    return [
        Todo(
            "visits.turn",
            _("Findings of door-to-door visits to turn into records"),
            found["n"],
            reverse("visits:list"),
            order=70,
        )
    ]


PROVIDERS = [to_turn]
