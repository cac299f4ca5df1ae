"""The admin pages operators and street officers use for assessments."""

import re
from datetime import date

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Interview, InterviewStatus, MonthlyScore, ScoreTemplate
from assessments.rollups import run_monthly
from lib.periods import Month
from tests.admin_forms import form_data
from tests.assessment_helpers import admit, points_for, score, signed_in, template


@pytest.fixture
def resident(personas, platforms):
    admit(personas.organisation_a1, platforms.street_a, personas.operator)
    template()
    return personas.organisation_a1


def add_url(month):
    return (
        reverse("admin:assessments_monthlyscore_add") + f"?year={month.year}&month={month.number}"
    )


def test_the_operator_scores_a_month_item_by_item_in_the_admin(resident, personas, login):
    client = login(personas.operator)
    month = Month(2026, 10)
    signed_in(resident, month, personas.operator)
    page = client.get(add_url(month))
    assert page.status_code == 200
    data = form_data(page)
    data.update({"organisation": resident.pk, "year": "2026", "month": "10"})
    for item_id, value in points_for(7.5, month).items():
        data[f"item_{item_id}"] = str(value)
    response = client.post(add_url(month), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = MonthlyScore.objects.get()
    assert (saved.total, saved.scored_by, saved.platform.name) == (
        7.5,
        personas.operator,
        "新城街道孵化中心",
    )


def test_a_point_over_the_item_maximum_keeps_what_was_typed(resident, personas, login):
    client = login(personas.operator)
    month = Month(2026, 10)
    data = form_data(client.get(add_url(month)))
    data.update({"organisation": resident.pk, "year": "2026", "month": "10", "note": "卫生待改进"})
    points = points_for(7, month)
    first = next(iter(points))
    points[first] = "3.5"  # the work plan is out of 2
    for item_id, value in points.items():
        data[f"item_{item_id}"] = str(value)
    response = client.post(add_url(month), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "卫生待改进" in html and 'value="3.5"' in html
    assert "2.0" in str(response.context["adminform"].form.errors)
    assert not MonthlyScore.objects.exists()


def test_a_closed_month_needs_a_reason_in_the_admin(resident, personas, login):
    saved = score(resident, 2026, 10, 5, personas.operator)
    run_monthly(Month(2026, 10))
    client = login(personas.operator)
    url = reverse("admin:assessments_monthlyscore_change", args=[saved.pk])
    data = form_data(client.get(url))
    item = saved.items.order_by("item__position").first()
    data[f"item_{item.item_id}"] = str(item.points - 1)
    response = client.post(url, data)
    assert (
        response.status_code == 200
        and "reason" in response.content.decode().lower()
        or ("理由" in response.content.decode())
    )
    data["reason"] = "核实后更正"
    assert client.post(url, data).status_code == 302
    saved.refresh_from_db()
    assert saved.total == 4 and saved.amendments.count() == 1


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def checked_without_writing(form) -> bool:
    with CaptureQueriesContext(connection) as queries:
        valid = form.is_valid()
    assert [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])] == []
    return valid


def test_the_score_form_checks_without_writing_and_the_save_scores(resident, personas, rf):
    """Validation refuses what the service would, writes nothing; the score
    is written by `save_model`, the admin's save path."""
    model_admin = admin.site._registry[MonthlyScore]
    month = Month(2026, 10)
    signed_in(resident, month, personas.operator)
    data = {"organisation": resident.pk, "year": "2026", "month": "10", "note": "按时提交"}
    data.update({f"item_{pk}": str(value) for pk, value in points_for(7.5, month).items()})
    request = rf.post(add_url(month), data)
    request.user = personas.operator
    form = model_admin.get_form(request)(data)
    assert checked_without_writing(form), form.errors
    assert not MonthlyScore.objects.exists()
    model_admin.save_model(request, form.save(commit=False), form, change=False)
    saved = MonthlyScore.objects.get()
    assert (saved.total, saved.note, saved.items.count()) == (7.5, "按时提交", len(form.points()))

    run_monthly(month)  # the month closes: a change needs a reason now
    saved.refresh_from_db()
    first = saved.items.order_by("item__position").first()
    data[f"item_{first.item_id}"] = str(first.points - 1)
    request = rf.post("/", data)
    request.user = personas.operator
    refused = model_admin.get_form(request, saved, change=True)(data, instance=saved)
    assert not checked_without_writing(refused)
    assert "理由" in str(refused.non_field_errors())
    data["reason"] = "核实后更正"
    form = model_admin.get_form(request, saved, change=True)(data, instance=saved)
    assert checked_without_writing(form), form.errors
    assert MonthlyScore.objects.get().total == 7.5 and not saved.amendments.exists()
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    assert MonthlyScore.objects.get().total == 6.5 and saved.amendments.count() == 1


def test_outsiders_do_not_see_scores_or_interviews(resident, personas, login):
    for month in (8, 9, 10):
        saved = score(resident, 2026, month, 5, personas.operator)
    run_monthly(Month(2026, 10))
    interview = Interview.objects.get()
    for user in (personas.outsider, personas.street_b_officer):
        client = login(user)
        assert (
            client.get(
                reverse("admin:assessments_monthlyscore_change", args=[saved.pk])
            ).status_code
            == 404
        )
        assert (
            client.get(
                reverse("admin:assessments_interview_change", args=[interview.pk])
            ).status_code
            == 404
        )
        assert (
            client.get(
                reverse("admin:assessments_interview_step", args=[interview.pk, "record"])
            ).status_code
            == 404
        )
    assert MonthlyScore.objects.for_user(personas.operator).count() == 3
    assert MonthlyScore.objects.for_user(personas.street_b_officer).count() == 0
    assert MonthlyScore.objects.for_user(personas.org_leader).count() == 3


def test_the_street_records_the_interview_in_the_admin(resident, personas, login):
    for month in (8, 9, 10):
        score(resident, 2026, month, 5, personas.operator)
    run_monthly(Month(2026, 10))
    interview = Interview.objects.get()
    client = login(personas.street_a_officer)
    change = client.get(reverse("admin:assessments_interview_change", args=[interview.pk]))
    assert "2026-08" in change.content.decode()  # the evidence
    url = reverse("admin:assessments_interview_step", args=[interview.pk, "record"])
    bad = client.post(
        url,
        {
            "held_on": "2026-11-06",
            "interviewers": "李主任",
            "rectification": "补齐台账",
            "deadline": "2026-11-01",
        },
    )
    assert bad.status_code == 200 and "补齐台账" in bad.content.decode()
    good = client.post(
        url,
        {
            "held_on": "2026-11-06",
            "interviewers": "李主任",
            "rectification": "补齐台账",
            "deadline": "2026-12-31",
        },
    )
    assert good.status_code == 302
    interview.refresh_from_db()
    resident.refresh_from_db()
    assert interview.status == InterviewStatus.INTERVIEWED
    assert resident.rectification_due_on == date(2026, 12, 31)


def test_a_used_template_cannot_be_edited(resident, personas, login, admin_user):
    score(resident, 2026, 10, 8, personas.operator)
    used = ScoreTemplate.objects.for_month(Month(2026, 10))
    page = login(personas.district_officer).get(
        reverse("admin:assessments_scoretemplate_change", args=[used.pk])
    )
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()


@pytest.mark.parametrize(
    "model",
    [
        "monthlyscore",
        "interview",
        "annualassessment",
        "peerrating",
        "platformquarter",
        "platformgrade",
        "indicator",
        "scoretemplate",
        "rolluprun",
    ],
)
def test_district_staff_read_every_list(model, personas, login, resident):
    response = login(personas.district_officer).get(
        reverse(f"admin:assessments_{model}_changelist")
    )
    assert response.status_code == 200
