"""District staff read the dashboard in Chromium: the charts draw, the period
changes, a street opens; a street officer sees only the street."""

from datetime import date

import pytest

from assessments.rollups import run_monthly
from lib.periods import Month
from orgs.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_dashboard_period_and_drill_down(personas, territory, sign_in, live_server, screenshot):
    for n in range(3):
        OrganisationFactory(name=f"英才社区志愿队{n}", area=territory.community_a1)
    Organisation.objects.update(founded_on=date(2024, 5, 1))
    run_monthly(Month(2026, 9))
    run_monthly(Month(2026, 10))

    page = sign_in(personas.district_officer)
    page.get_by_role("link", name="数据看板").click()
    page.locator("body[data-charts-ready=true]").wait_for()
    assert page.locator("canvas").count() >= 5
    assert page.get_by_role("heading", name="惠济区").is_visible()
    page.get_by_label("期次").select_option("2026-09")
    page.get_by_role("button", name="显示").click()
    page.locator("body[data-charts-ready=true]").wait_for()
    assert "period=2026-09" in page.url
    page.get_by_role("link", name="新城街道").click()
    page.locator("body[data-charts-ready=true]").wait_for()
    assert page.get_by_role("link", name="英才社区").is_visible()
    screenshot(page, "dashboard-street", full_page=True)

    street = sign_in(personas.street_b_officer)
    street.goto(f"{live_server.url}/dashboard/")
    street.locator("body[data-charts-ready=true]").wait_for()
    assert street.get_by_role("heading", name="长兴路街道").is_visible()
    response = street.goto(f"{live_server.url}/dashboard/?area={territory.district_a.pk}")
    assert response.status == 404
