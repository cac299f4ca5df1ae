"""The operator hears by text message too that interviews are due after a
month's scores: once, however often the rollup runs for that month."""

import pytest

from assessments.rollups import run_monthly
from incubators.models import Residency
from lib.periods import Month
from notifications.models import TextMessage
from tests.assessment_helpers import admit, score

pytestmark = pytest.mark.django_db

PHONE = "13700000009"


def test_interviews_due_are_texted_to_the_operator_once(
    personas, platforms, django_capture_on_commit_callbacks
):
    org = personas.organisation_a1
    admit(org, platforms.street_a, personas.operator)
    assert Residency.objects.filter(organisation=org).exists()
    operator = personas.operator
    operator.phone = PHONE
    operator.save()
    month = Month(2026, 8)
    for total in (5.5, 4, 5.9):
        score(org, month.year, month.number, total, operator)
        month = month.next()
    with django_capture_on_commit_callbacks(execute=True):
        run_monthly(Month(2026, 10))
        run_monthly(Month(2026, 10))
    message = TextMessage.objects.get()
    assert (message.phone, message.template) == (PHONE, "reminder")
    assert message.key.startswith("interviews-2026-10")
    # To hold within the month the rollup runs in (November).
    assert message.params == {"what": "约谈低分组织", "date": "11月30日"}
