"""What waits in this app (lib/todos.py): progress reports (进度单) to
submit, supervision orders (督办单) to answer or close."""

from django.db.models import Count, Max, Min, Q
from django.utils.translation import gettext as _

from lib.todos import Todo, admin_change, admin_list, one_or_many
from orgs.roles import Role

from .models import (
    ProgressReport,
    ReportStatus,
    SupervisionOrder,
    SupervisionStatus,
    TaskListStatus,
)


def progress(user, today):
    """The operator reports its street platforms' progress on the task list."""
    if user.role != Role.INCUBATOR_OPERATOR:
        return []
    found = (
        ProgressReport.objects.for_user(user)
        .filter(status=ReportStatus.DRAFT, task_list__status=TaskListStatus.ISSUED)
        .aggregate(
            n=Count("pk", distinct=True),
            last=Max("pk"),
            # The first task not yet past: the report is due as its tasks are
            # (a task past and not done makes the platform lag: supervision).
            due=Min("task_list__tasks__due_on", filter=Q(task_list__tasks__due_on__gte=today)),
        )
    )
    return [
        Todo(
            "incubators.progress",
            _("Progress reports (进度单) to fill in and submit"),
            found["n"],
            one_or_many(
                found,
                lambda pk: admin_change(ProgressReport, pk),
                admin_list(ProgressReport, f"status__exact={ReportStatus.DRAFT}"),
            ),
            due=found["due"],
            order=30,
        )
    ]


def supervision(user, today):
    """A platform that lags gets a supervision order: its operator and its
    street answer it; the district closes it once answered."""
    if user.role in (Role.INCUBATOR_OPERATOR, Role.STREET_OFFICER):
        found = (
            SupervisionOrder.objects.for_user(user)
            .open()
            .aggregate(n=Count("pk"), last=Max("pk"), due=Min("answer_due_on"))
        )
        return [
            Todo(
                "incubators.answer",
                _("Supervision orders (督办单) to answer"),
                found["n"],
                one_or_many(
                    found,
                    lambda pk: admin_change(SupervisionOrder, pk),
                    admin_list(SupervisionOrder, f"status__exact={SupervisionStatus.OPEN}"),
                ),
                due=found["due"],
                order=20,
            )
        ]
    if user.role in (Role.DISTRICT_STAFF, Role.PLATFORM_ADMIN):
        waiting = Q(status=SupervisionStatus.OPEN)
        answered = Q(status=SupervisionStatus.ANSWERED)
        found = (
            SupervisionOrder.objects.for_user(user)
            .filter(waiting | answered)
            .aggregate(
                lagging=Count("platform", filter=waiting, distinct=True),
                due=Min("answer_due_on", filter=waiting),
                answered=Count("pk", filter=answered),
            )
        )
        return [
            Todo(
                "incubators.lagging",
                _("Lagging platforms: supervision orders awaiting their answer"),
                found["lagging"],
                admin_list(SupervisionOrder, f"status__exact={SupervisionStatus.OPEN}"),
                due=found["due"],
                order=20,
            ),
            Todo(
                "incubators.close",
                _("Answered supervision orders to close"),
                found["answered"],
                admin_list(SupervisionOrder, f"status__exact={SupervisionStatus.ANSWERED}"),
                order=25,
            ),
        ]
    return []


PROVIDERS = [progress, supervision]
