"""The quarterly checklist cycle: issue a task list, report progress, and
supervise the platforms that lag (计划单 → 任务清单 → 进度单 → 督办单)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import audit, clock
from orgs.models import AreaLevel

from ..models import (
    Platform,
    ProgressEntry,
    ProgressReport,
    ProgressStatus,
    ReportStatus,
    SupervisionOrder,
    SupervisionStatus,
    Task,
    TaskList,
    TaskListStatus,
)


def issue_task_list(*, task_list: TaskList, by) -> TaskList:
    """Send a drafted task list to its street platforms; each gets a blank
    progress report with one line per task."""
    with transaction.atomic():
        task_list = TaskList.objects.select_for_update().get(pk=task_list.pk)
        if task_list.status != TaskListStatus.DRAFT:
            raise ValidationError(_("This task list has already been issued."))
        tasks = list(task_list.tasks.all())
        if not tasks:
            raise ValidationError(_("Add the tasks before issuing the list."))
        recipients = list(task_list.recipients.all())
        if not recipients:
            recipients = list(
                Platform.objects.filter(
                    is_active=True,
                    area__level=AreaLevel.STREET,
                    area__code__startswith=task_list.district.code,
                )
            )
            task_list.recipients.set(recipients)
        if not recipients:
            raise ValidationError(_("There is no street platform in this district to send it to."))
        task_list.status = TaskListStatus.ISSUED
        task_list.issued_by = by
        task_list.issued_at = timezone.now()
        audit.save(task_list, by=by)
        for platform in recipients:
            report = ProgressReport.objects.create(task_list=task_list, platform=platform)
            ProgressEntry.objects.bulk_create(
                ProgressEntry(report=report, task=task) for task in tasks
            )
    return task_list


def record_progress(
    *, entry: ProgressEntry, status: str, done_on: date | None, note: str, by
) -> ProgressEntry:
    with transaction.atomic():
        entry = (
            ProgressEntry.objects.select_for_update(of=("self",))
            .select_related("report")
            .get(pk=entry.pk)
        )
        if entry.report.status != ReportStatus.DRAFT:
            raise ValidationError(_("This progress report has been submitted."))
        if status == ProgressStatus.DONE and done_on is None:
            raise ValidationError({"done_on": _("Say when it was done.")})
        entry.status, entry.done_on, entry.note = (
            status,
            done_on if status == ProgressStatus.DONE else None,
            note,
        )
        entry.full_clean()
        audit.save(entry, by=by)
    return entry


def submit_progress(*, report: ProgressReport, by) -> ProgressReport:
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.DRAFT:
            raise ValidationError(_("This progress report has already been submitted."))
        report.status = ReportStatus.SUBMITTED
        report.submitted_by = by
        report.submitted_at = timezone.now()
        audit.save(report, by=by)
    return report


def lagging_tasks(report: ProgressReport, today: date) -> list[Task]:
    """The lag rule: a task whose due date (plus the configured grace days)
    has passed and which the platform has not reported done."""
    grace = timedelta(days=settings.CHECKLIST_GRACE_DAYS)
    return [
        entry.task
        for entry in report.entries.select_related("task")
        if entry.status != ProgressStatus.DONE and entry.task.due_on + grace < today
    ]


def issue_supervision_orders(
    *, today: date | None = None, by=None, task_lists=None
) -> list[SupervisionOrder]:
    """Issue a supervision order (督办单) to every platform that lags on an
    issued task list and has none for it yet. Safe to run again: a platform
    gets at most one order per task list (a database constraint).

    `task_lists` narrows the check to those lists (a user's jurisdiction,
    when someone runs it by hand); the morning job checks them all."""
    today = today or clock.today()
    answer_days = timedelta(days=settings.SUPERVISION_ANSWER_DAYS)
    issued = []
    already = set(SupervisionOrder.objects.values_list("task_list_id", "platform_id"))
    reports = ProgressReport.objects.filter(task_list__status=TaskListStatus.ISSUED).select_related(
        "task_list", "platform"
    )
    if task_lists is not None:
        reports = reports.filter(task_list__in=task_lists)
    for report in reports:
        if (report.task_list_id, report.platform_id) in already:
            continue
        late = lagging_tasks(report, today)
        if not late:
            continue
        reason = _("Not done by the due date: %(tasks)s.") % {
            "tasks": "；".join(f"{task.title}（{task.due_on:%Y-%m-%d}）" for task in late)
        }
        try:
            with transaction.atomic():
                order = SupervisionOrder.objects.create(
                    task_list=report.task_list,
                    platform=report.platform,
                    reason=reason,
                    answer_due_on=today + answer_days,
                    issued_by=by,
                )
                # On the platform's day (the field stamps the real moment): an
                # order is never issued after the answer it asks for is due.
                moment = timezone.make_aware(
                    datetime.combine(today, timezone.localtime(clock.now()).time())
                )
                SupervisionOrder.objects.filter(pk=order.pk).update(issued_at=moment)
                order.issued_at = moment
                order.tasks.set(late)
        except IntegrityError:
            continue  # another run issued it a moment ago
        issued.append(order)
    return issued


def answer_supervision(*, order: SupervisionOrder, response: str, by) -> SupervisionOrder:
    if not (response or "").strip():
        raise ValidationError(
            _("Write the answer: what has been done and by when the rest will be.")
        )
    with transaction.atomic():
        order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
        if order.status != SupervisionStatus.OPEN:
            raise ValidationError(_("This supervision order has already been answered."))
        order.status = SupervisionStatus.ANSWERED
        order.response = response.strip()
        order.answered_by = by
        order.answered_at = timezone.now()
        audit.save(order, by=by)
    return order


def close_supervision(*, order: SupervisionOrder, by) -> SupervisionOrder:
    with transaction.atomic():
        order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
        if order.status != SupervisionStatus.ANSWERED:
            raise ValidationError(_("Only an answered supervision order can be closed."))
        order.status = SupervisionStatus.CLOSED
        audit.save(order, by=by)
    return order
