"""The survey for the WeChat mini-program: GET the questions and whether this
phone has answered, POST the answer once, as the resident signed in by phone
(residents.session.signed_in_phone)."""

import pytest
from django.urls import reverse

from assessments.models import SurveyAnswer
from residents.session import SESSION_KEY

PHONE = "13800138000"


@pytest.fixture
def signed_in(db, client):
    session = client.session
    session[SESSION_KEY] = PHONE
    session.save()
    return client


def url(org):
    return reverse("api:survey", args=[org.pk])


def test_the_questions_and_the_organisation_name(client, personas):
    body = client.get(url(personas.organisation_a1)).json()
    assert body["organisation_name"] == personas.organisation_a1.name
    assert [q["field"] for q in body["questions"]] == ["q1", "q2", "q3"]
    assert [c["value"] for c in body["questions"][0]["choices"]] == [100, 75, 50, 25, 0]
    assert body["questions"][0]["choices"][0]["label"] == "很满意"
    assert (body["open"], body["signed_in"], body["answered"]) == (True, False, False)


def test_not_signed_in_is_401_and_nothing_recorded(client, personas):
    answer = client.post(url(personas.organisation_a1), {"q1": 100, "q2": 100, "q3": 100})
    assert answer.status_code == 401 and "登录" in answer.json()["detail"]
    assert not SurveyAnswer.objects.exists()


def test_a_signed_in_phone_answers_once(signed_in, personas):
    org = personas.organisation_a1
    first = signed_in.post(
        url(org),
        {"q1": 100, "q2": 75, "q3": 75, "comment": "很好"},
        content_type="application/json",
    )
    assert first.status_code == 201, first.content
    assert first.json()["score"] == "83.3"
    assert signed_in.get(url(org)).json()["answered"] is True
    again = signed_in.post(url(org), {"q1": 0, "q2": 0, "q3": 0}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "answered"
    assert "已经" in again.json()["detail"]
    assert SurveyAnswer.objects.get().q1 == 100


def test_bad_levels_and_a_closed_organisation_are_refused(signed_in, personas):
    org = personas.organisation_a1
    bad = signed_in.post(url(org), {"q1": 60, "q2": 75, "q3": 75}, content_type="application/json")
    assert bad.status_code == 400 and "q1" in bad.json()
    org.status = "dissolved"
    org.save(update_fields=["status"])
    closed = signed_in.post(
        url(org), {"q1": 100, "q2": 75, "q3": 75}, content_type="application/json"
    )
    assert closed.status_code == 400 and closed.json()["code"] == "closed"
    assert signed_in.get(url(org)).json()["open"] is False
    assert signed_in.get(reverse("api:survey", args=[999999])).status_code == 404
    assert not SurveyAnswer.objects.exists()


def test_a_session_post_needs_its_csrf_token(db, personas):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    session = strict.session
    session[SESSION_KEY] = PHONE
    session.save()
    refused = strict.post(
        url(personas.organisation_a1),
        {"q1": 100, "q2": 75, "q3": 75},
        content_type="application/json",
    )
    assert refused.status_code == 403
    # Another kind of Authorization header does not spare the session's check.
    basic = strict.post(
        url(personas.organisation_a1),
        {"q1": 100, "q2": 75, "q3": 75},
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic eDp5",
    )
    assert basic.status_code == 403
    assert not SurveyAnswer.objects.exists()


def test_the_schema_documents_the_survey(client, db):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    operations = schema["paths"]["/api/v1/public/surveys/{id}/"]
    assert {"get", "post"} <= set(operations)
    assert "409" in operations["post"]["responses"]
