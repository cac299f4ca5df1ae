"""Scheduled jobs of the projects app; each is safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import clock
from notifications.services import notify
from notifications.texts import Text, month_day
from orgs.models import User
from orgs.roles import Role

from .models import Bid, Project, ProjectStatus
from .services.notices import take_effect_due
from .services.tenders import close_due


@shared_task(name="projects.close_bidding")
def close_bidding() -> int:
    """Close bidding on every project past its closing time."""
    return close_due()


@shared_task(name="projects.take_effect")
def take_effect() -> int:
    """Put in effect every award whose notice period is over with no
    objection pending or upheld (committing its money from the fund)."""
    return take_effect_due()


@shared_task(name="projects.remind_deadlines")
def remind_deadlines() -> int:
    """Remind bidders that bidding closes soon, and the awarded organisation
    that its service period ends within a week (its activities and delivery
    to report). Once per person and project, in the platform and by text
    message to the leaders with a phone."""
    now = clock.now()
    sent = 0
    closing = Project.objects.filter(
        status=ProjectStatus.BIDDING,
        bids_close_at__gt=now,
        bids_close_at__lte=now + timedelta(days=settings.BID_REMINDER_DAYS),
    )
    for project in closing:
        bidders = (
            Bid.objects.filter(project=project).live().values_list("organisation_id", flat=True)
        )
        leaders = User.objects.filter(
            is_active=True, role=Role.ORG_LEADER, organisation_id__in=bidders
        )
        sent += len(
            notify(
                leaders,
                _("Bidding closes soon: %(title)s") % {"title": project.title},
                _("Bidding closes at %(when)s; you can revise your bid until then.")
                % {"when": timezone.localtime(project.bids_close_at).strftime("%Y-%m-%d %H:%M")},
                link=reverse("projects:project", args=[project.pk]),
                key=f"bid-closing:{project.pk}",
                text=Text(
                    "reminder",
                    {
                        "what": "项目投标",
                        "date": month_day(timezone.localdate(project.bids_close_at)),
                    },
                ),
            )
        )
    ending = Project.objects.filter(
        status=ProjectStatus.IN_DELIVERY, ends_on__lte=clock.today() + timedelta(days=7)
    )
    for project in ending:
        winner = project.bids.filter(status="awarded").values_list("organisation_id", flat=True)
        leaders = User.objects.filter(
            is_active=True, role=Role.ORG_LEADER, organisation_id__in=winner
        )
        sent += len(
            notify(
                leaders,
                _("Service period ends soon: %(title)s") % {"title": project.title},
                _("The service period ends on %(date)s: report your activities and the delivery.")
                % {"date": project.ends_on},
                link=reverse("projects:project", args=[project.pk]),
                key=f"delivery-ending:{project.pk}",
                text=Text(
                    "reminder",
                    {"what": "提交结项材料", "date": month_day(project.ends_on)},
                ),
            )
        )
    return sent
