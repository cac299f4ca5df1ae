"""The quarterly checklist cycle, end to end, with the automatic supervision order."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incubators.models import (
    ProgressReport,
    ProgressStatus,
    ReportStatus,
    SupervisionOrder,
    SupervisionStatus,
    Task,
    TaskList,
)
from incubators.services import checklists
from incubators.tasks import check_checklists

# Run on PostgreSQL too (CI, -m postgres): issued once, reports and orders changed under row locks.
pytestmark = pytest.mark.postgres


@pytest.fixture
def task_list(platforms, personas, territory):
    tasks = TaskList.objects.create(
        district=territory.district_a, year=2026, quarter=4, title="2026年第四季度任务清单"
    )
    Task.objects.create(task_list=tasks, title="更新组织台账", due_on=date(2026, 10, 31))
    Task.objects.create(task_list=tasks, title="开展轮值授课", due_on=date(2026, 11, 15))
    Task.objects.create(task_list=tasks, title="完成年度评估", due_on=date(2026, 12, 20))
    return tasks


def report_of(task_list, platform):
    return ProgressReport.objects.get(task_list=task_list, platform=platform)


def fill(report, done_titles, by):
    for entry in report.entries.select_related("task"):
        if entry.task.title in done_titles:
            checklists.record_progress(
                entry=entry,
                status=ProgressStatus.DONE,
                done_on=entry.task.due_on,
                note="已完成",
                by=by,
            )


def test_the_cycle_from_task_list_to_closed_supervision_order(task_list, platforms, personas):
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    # Issued to every street platform of the district, each with a blank report.
    assert {r.platform for r in task_list.progress_reports.all()} == {
        platforms.street_a,
        platforms.street_b,
    }
    assert all(r.entries.count() == 3 for r in task_list.progress_reports.all())

    fill(
        report_of(task_list, platforms.street_a),
        {"更新组织台账", "开展轮值授课"},
        personas.operator,
    )
    checklists.submit_progress(
        report=report_of(task_list, platforms.street_a), by=personas.operator
    )
    fill(report_of(task_list, platforms.street_b), {"更新组织台账"}, personas.street_b_officer)

    orders = checklists.issue_supervision_orders(today=date(2026, 11, 24))
    assert [(o.platform, [t.title for t in o.tasks.all()]) for o in orders] == [
        (platforms.street_b, ["开展轮值授课"])
    ]
    order = orders[0]
    assert order.status == SupervisionStatus.OPEN
    assert "开展轮值授课" in order.reason
    assert order.answer_due_on > date(2026, 11, 24)

    checklists.answer_supervision(
        order=order, response="已于11月28日补开轮值授课。", by=personas.street_b_officer
    )
    checklists.close_supervision(order=order, by=personas.district_officer)
    order.refresh_from_db()
    assert order.status == SupervisionStatus.CLOSED


def test_running_the_check_again_issues_nothing_twice(task_list, platforms, personas):
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    assert len(checklists.issue_supervision_orders(today=date(2026, 11, 24))) == 2
    assert checklists.issue_supervision_orders(today=date(2026, 11, 24)) == []
    assert check_checklists.delay().get() == 0  # the morning job, run through Celery
    assert SupervisionOrder.objects.count() == 2


def test_a_task_not_yet_due_does_not_lag(task_list, platforms, personas):
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    assert (
        checklists.issue_supervision_orders(today=date(2026, 10, 31)) == []
    )  # due today, not overdue


def test_grace_days_are_configurable(task_list, platforms, personas, settings):
    settings.CHECKLIST_GRACE_DAYS = 7
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    assert checklists.issue_supervision_orders(today=date(2026, 11, 5)) == []
    assert len(checklists.issue_supervision_orders(today=date(2026, 11, 8))) == 2


def test_a_submitted_report_can_no_longer_change(task_list, platforms, personas):
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    report = report_of(task_list, platforms.street_a)
    checklists.submit_progress(report=report, by=personas.operator)
    assert report_of(task_list, platforms.street_a).status == ReportStatus.SUBMITTED
    with pytest.raises(ValidationError):
        checklists.record_progress(
            entry=report.entries.first(),
            status=ProgressStatus.DONE,
            done_on=date(2026, 11, 1),
            note="",
            by=personas.operator,
        )


def test_a_list_is_issued_once_and_needs_tasks(platforms, personas, territory, task_list):
    empty = TaskList.objects.create(
        district=territory.district_a, year=2026, quarter=4, title="空清单"
    )
    with pytest.raises(ValidationError):
        checklists.issue_task_list(task_list=empty, by=personas.district_officer)
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    with pytest.raises(ValidationError):
        checklists.issue_task_list(task_list=task_list, by=personas.district_officer)


def test_done_needs_a_date(task_list, platforms, personas):
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    entry = report_of(task_list, platforms.street_a).entries.first()
    with pytest.raises(ValidationError):
        checklists.record_progress(
            entry=entry, status=ProgressStatus.DONE, done_on=None, note="", by=personas.operator
        )


def test_each_platform_sees_its_own_reports_and_orders(task_list, platforms, personas, login):
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    checklists.issue_supervision_orders(today=date(2026, 11, 24))
    client = login(personas.operator)  # runs street A's platform, not street B's
    reports = {
        r.platform
        for r in client.get(reverse("admin:incubators_progressreport_changelist"))
        .context["cl"]
        .result_list
    }
    orders = {
        o.platform
        for o in client.get(reverse("admin:incubators_supervisionorder_changelist"))
        .context["cl"]
        .result_list
    }
    assert reports == orders == {platforms.street_a}
    other = SupervisionOrder.objects.get(platform=platforms.street_b)
    assert (
        client.get(reverse("admin:incubators_supervisionorder_change", args=[other.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("admin:incubators_supervisionorder_answer", args=[other.pk]), {"response": "x"}
        ).status_code
        == 404
    )


def test_progress_is_recorded_through_the_admin_and_submitted(
    task_list, platforms, personas, login
):
    from tests.admin_forms import form_data

    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    report = report_of(task_list, platforms.street_a)
    client = login(personas.operator)
    url = reverse("admin:incubators_progressreport_change", args=[report.pk])
    data = form_data(client.get(url))
    data["entries-0-status"] = "done"
    data["entries-0-done_on"] = "2026-10-30"
    assert client.post(url, data).status_code == 302
    assert report.entries.get(task__title="更新组织台账").status == ProgressStatus.DONE
    client.post(reverse("admin:incubators_progressreport_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
