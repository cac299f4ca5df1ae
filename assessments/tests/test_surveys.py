"""The residents' survey (群众评): one answer per verified phone, the pages a
resident goes through, the QR poster, the paper path in the admin, and what
the annual rollup makes of the answers."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import NoReverseMatch, reverse

from assessments.models import AnnualAssessment, PaperSurvey, SurveyAnswer
from assessments.rollups import run_annual
from assessments.services import surveys
from lib import clock
from lib.digests import phone_digest
from lib.periods import Year
from residents.session import SESSION_KEY
from tests.admin_forms import form_data
from tests.fixtures import on_postgres

PHONE = "13800138000"
GOOD, BAD = (100, 100, 75), (25, 25, 25)


def answer(org, phone, levels=GOOD, **kwargs):
    q1, q2, q3 = levels
    return surveys.answer_survey(organisation=org, phone=phone, q1=q1, q2=q2, q3=q3, **kwargs)


@pytest.fixture
def resident_client(db, client):
    """The test client with a resident signed in by phone (as residents.codes would)."""
    session = client.session
    session[SESSION_KEY] = PHONE
    session.save()
    return client


# --- one answer per phone -------------------------------------------------------------


def test_one_answer_per_phone_and_no_phone_kept(personas):
    org = personas.organisation_a1
    saved = answer(org, PHONE, comment="  活动很好  ")
    assert (saved.score, saved.comment, saved.year) == (
        Decimal("91.7"),
        "活动很好",
        surveys.survey_year(),
    )
    assert PHONE not in saved.phone_digest and len(saved.phone_digest) == 64
    # The same phone written another way is the same phone.
    with pytest.raises(Exception) as refused:
        answer(org, "+86 138-0013-8000", BAD)
    assert "已经" in refused.value.messages[0]
    assert SurveyAnswer.objects.get().q1 == 100
    # Another organisation, or another phone, may answer.
    answer(personas.organisation_b1, PHONE)
    answer(org, "13900139000")
    assert SurveyAnswer.objects.count() == 3


def test_a_digest_is_keyed_and_for_one_purpose(settings):
    first = phone_digest(PHONE, purpose="assessments.survey")
    assert first != phone_digest(PHONE, purpose="another")
    settings.SECRET_KEY = "another-key-for-this-test-only-0123456789"
    assert first != phone_digest(PHONE, purpose="assessments.survey")


def test_a_closed_organisation_or_a_year_not_open_refuses(personas):
    org = personas.organisation_a1
    with pytest.raises(Exception) as refused:
        answer(org, PHONE, year=surveys.survey_year() - 1)
    assert refused.value.code == "year_closed"
    org.status = "dissolved"
    org.save(update_fields=["status"])
    with pytest.raises(Exception) as refused:
        answer(org, PHONE)
    assert refused.value.code == "closed"
    assert not SurveyAnswer.objects.exists()


def test_a_level_off_the_scale_is_refused(personas):
    with pytest.raises(Exception) as refused:
        answer(personas.organisation_a1, PHONE, (100, 60, 75))
    assert "q2" in refused.value.message_dict
    assert not SurveyAnswer.objects.exists()


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_from_one_phone_record_one_answer(personas):
    org = personas.organisation_a1
    barrier, outcomes = threading.Barrier(2), []

    def submit():
        try:
            barrier.wait()
            answer(org, PHONE)
            outcomes.append("saved")
        except Exception as exc:  # the refusal, or anything else to show
            outcomes.append(getattr(exc, "code", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["answered", "saved"]
    assert SurveyAnswer.objects.count() == 1


# --- the rollup --------------------------------------------------------------------------


def many(org, n, levels, start=0):
    for i in range(start, start + n):
        answer(org, f"139{i:08d}", levels)


def assessed(org):
    year = surveys.survey_year()
    AnnualAssessment.objects.update_or_create(
        organisation=org, year=year, defaults={"party_score": 90, "self_score": 90}
    )
    run_annual(Year(year))
    return AnnualAssessment.objects.get(organisation=org, year=year)


def test_enough_answers_feed_the_rollup(personas):
    many(personas.organisation_a1, 20, GOOD)
    row = assessed(personas.organisation_a1)
    assert (row.residents_score, row.residents_answers) == (Decimal("91.7"), 20)
    assert row.residents_shown() == "91.7"


def test_too_few_answers_are_not_assessed_and_count_as_0(personas):
    few, poor = personas.organisation_a1, personas.organisation_b1
    many(few, 19, GOOD)
    many(poor, 20, BAD)
    low = assessed(few)
    bad = assessed(poor)
    assert (low.residents_score, low.residents_answers) == (None, 19)
    assert bad.residents_score == Decimal("25.0")
    # (30 × 90 + 10 × 90 + 15 × 0) / 55 = 65.5; with bad answers 72.3.
    assert (low.total, bad.total) == (Decimal("65.5"), Decimal("72.3"))
    assert low.stars < bad.stars
    assert low.residents_shown() == "未评（19 份，不足 20 份，按 0 分计）"


def test_paper_and_online_answers_are_pooled(personas):
    org = personas.organisation_a1
    many(org, 5, GOOD)  # 5 × 91⅔
    PaperSurvey.objects.create(
        organisation=org,
        year=surveys.survey_year(),
        forms=15,
        average=Decimal("60.0"),
        reason="老年居民不会用手机",
        recorded_by=personas.community_worker,
    )
    row = assessed(org)
    # (5 × 91.666… + 15 × 60) / 20 = 67.9166… → 67.9
    assert (row.residents_score, row.residents_answers) == (Decimal("67.9"), 20)


# --- the pages ------------------------------------------------------------------------


def survey_url(org):
    return reverse("survey:answer", args=[org.pk])


def test_a_resident_not_signed_in_is_sent_to_sign_in(client, personas):
    url = survey_url(personas.organisation_a1)
    page = client.get(url)
    try:
        sign_in = reverse("residents:sign_in")
    except NoReverseMatch:  # until the residents' sign-in pages land
        assert page.status_code == 200 and "登录" in page.content.decode()
    else:
        assert page.status_code == 302 and page["Location"].startswith(sign_in)
        assert "next=" in page["Location"]
    assert client.post(url, {"q1": 100, "q2": 100, "q3": 100}).status_code in (200, 302)
    assert not SurveyAnswer.objects.exists()


def test_a_resident_answers_once_through_the_pages(resident_client, personas):
    org = personas.organisation_a1
    url = survey_url(org)
    page = resident_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert org.name in text and "很满意" in text and "不满意" in text
    done = resident_client.post(url, {"q1": 100, "q2": 75, "q3": 50, "comment": "谢谢"})
    assert done.status_code == 200 and "已记录" in done.content.decode()
    assert SurveyAnswer.objects.get().comment == "谢谢"
    # Back again: a thank-you that says it was answered, no form, nothing changes.
    again = resident_client.get(url)
    assert (
        "已经" in again.content.decode() and "<form" not in again.content.decode().split("main")[-1]
    )
    resident_client.post(url, {"q1": 0, "q2": 0, "q3": 0})
    assert SurveyAnswer.objects.get().q1 == 100


def test_an_unanswered_question_comes_back_to_the_resident(resident_client, personas):
    page = resident_client.post(survey_url(personas.organisation_a1), {"q1": 100, "q2": 75})
    assert page.status_code == 200 and page.context["form"].errors["q3"]
    assert not SurveyAnswer.objects.exists()


def test_a_closed_organisation_refuses_politely(resident_client, personas):
    org = personas.organisation_a1
    org.status = "dissolved"
    org.save(update_fields=["status"])
    page = resident_client.get(survey_url(org))
    assert page.status_code == 200 and "不再" in page.content.decode()
    assert resident_client.get(reverse("survey:answer", args=[999999])).status_code == 404


def test_the_qr_poster_for_the_community_and_the_leader_not_outsiders(login, personas):
    org = personas.organisation_a1
    url = reverse("assessments:survey_poster", args=[org.pk])
    for user in (personas.community_worker, personas.org_leader, personas.street_a_officer):
        page = login(user).get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "<svg" in text and survey_url(org) in text and org.name in text
        assert "style=" not in text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert login(personas.outsider).get(url).status_code == 404
    assert login(personas.street_b_officer).get(url).status_code == 404


# --- the paper path in the admin ---------------------------------------------------------


def test_the_community_enters_paper_forms_in_its_jurisdiction(login, personas):
    client = login(personas.community_worker)
    add = reverse("admin:assessments_papersurvey_add")
    data = form_data(client.get(add))
    year = clock.today().year
    data.update(
        {
            "organisation": personas.organisation_a1.pk,
            "year": year,
            "forms": 12,
            "average": "86.5",
            "reason": "老年居民填写纸质问卷",
        }
    )
    response = client.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    paper = PaperSurvey.objects.get()
    assert (paper.forms, paper.average, paper.recorded_by) == (
        12,
        Decimal("86.5"),
        personas.community_worker,
    )
    assert paper.history.count() == 1
    # A second batch the same year is allowed; an organisation outside is not a choice.
    data.update({"forms": 3, "average": "70"})
    assert client.post(add, data).status_code == 302
    data.update({"organisation": personas.organisation_b1.pk})
    assert client.post(add, data).status_code == 200
    assert PaperSurvey.objects.count() == 2
    # A reason is required.
    data.update({"organisation": personas.organisation_a1.pk, "reason": ""})
    assert client.post(add, data).status_code == 200
    change = reverse("admin:assessments_papersurvey_change", args=[paper.pk])
    assert client.get(change).status_code == 200
    assert login(personas.outsider).get(change).status_code == 404
    assert login(personas.street_b_officer).get(change).status_code == 404


def test_the_annual_admin_shows_a_part_not_assessed_with_its_note(login, personas):
    org = personas.organisation_a1
    many(org, 3, GOOD)
    row = assessed(org)
    client = login(personas.district_officer)
    listing = client.get(reverse("admin:assessments_annualassessment_changelist")).content.decode()
    assert "未评（3 份，不足 20 份，按 0 分计）" in listing
    change = client.get(reverse("admin:assessments_annualassessment_change", args=[row.pk]))
    assert "未评（3 份" in change.content.decode()
