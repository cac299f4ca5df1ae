"""What waits in this app (lib/todos.py): activity subsidies (补贴活动经费)
for the street or district to approve or refuse, before the activity; and
for an organisation's leader, approved subsidies of activities held, to
settle with receipts. One query each."""

from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import clock
from lib.todos import Todo, one_or_many
from orgs.roles import DECIDING_OFFICERS, Role

from .subsidy_models import Subsidy, SubsidyStatus


def _page(pk):
    return reverse("activities:subsidy", args=[pk])


def subsidies(user, today):
    if user.role in DECIDING_OFFICERS:
        waiting = Subsidy.objects.for_user(user).filter(status=SubsidyStatus.APPLIED)
        label, status = _("Activity subsidies to approve or refuse"), SubsidyStatus.APPLIED
    elif user.role == Role.ORG_LEADER and user.organisation_id:
        waiting = Subsidy.objects.for_user(user).filter(
            status=SubsidyStatus.APPROVED, activity__ends_at__lte=clock.now()
        )
        label, status = _("Activity subsidies to settle with receipts"), SubsidyStatus.APPROVED
    else:
        return []
    found = waiting.aggregate(n=Count("pk"), last=Max("pk"), due=Min("activity__starts_at"))
    if not found["n"]:
        return []
    many = f"{reverse('activities:subsidies')}?status={status}"
    # An application is decided before its activity; a settlement has no deadline of its own.
    due = timezone.localdate(found["due"]) if status == SubsidyStatus.APPLIED else None
    return [
        Todo("activities.subsidies", label, found["n"], one_or_many(found, _page, many), due=due)
    ]


PROVIDERS = [subsidies]
