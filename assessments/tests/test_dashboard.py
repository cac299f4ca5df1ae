"""The district dashboard shows the indicators the rollups computed, scoped
to the viewer's jurisdiction, with drill-down from district to street."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.rollups import run_monthly
from lib.periods import Month
from orgs.models import Organisation, PartyOrgType, ServiceRecord, Training
from orgs.services.filing import approve_filing, submit_filing
from tests.factories import OrganisationFactory, PersonFactory

# Run on PostgreSQL too (CI, -m postgres): indicators aggregated in SQL.
pytestmark = pytest.mark.postgres


@pytest.fixture
def october(personas, territory):
    """District A in October 2026, counted by hand below."""
    t = territory
    for n in range(4):
        OrganisationFactory(
            name=f"英才社区测试队{n}",
            area=t.community_a1,
            party_org_type=PartyOrgType.JOINT if n < 2 else PartyOrgType.NONE,
        )
    OrganisationFactory(name="绿城社区读书会", area=t.community_a2)
    officer = personas.street_a_officer
    approve_filing(
        application=submit_filing(organisation=personas.organisation_a1, by=officer), by=officer
    )
    Training.objects.create(
        topic="社会组织财务规范",
        held_on=date(2026, 10, 12),
        area=t.street_a,
        organiser="新城街道孵化中心",
        headcount=30,
    )
    ServiceRecord.objects.create(
        person=PersonFactory(community=t.community_a1),
        organisation=personas.organisation_a1,
        served_on=date(2026, 10, 3),
        hours=Decimal("3.5"),
        activity="楼院巡查",
        recorded_by=officer,
    )
    Organisation.objects.update(founded_on=date(2024, 5, 1))  # all standing in October
    run_monthly(Month(2026, 10))


def board(client, **params):
    return client.get(
        reverse("assessments:dashboard"), {"kind": "month", "period": "2026-10", **params}
    )


def test_the_figures_are_those_counted_by_hand(october, personas, territory, login):
    response = board(login(personas.district_officer))
    assert response.status_code == 200
    f = response.context["f"]
    # personas: A1's choir, B1's dancers, the district agency (registered); plus 4 in A1, 1 in A2
    assert f["organisations"] == 8
    assert (f["filed"], f["fileable"], f.filing_rate) == (1, 7, 14.3)
    assert f.party_coverage == 25.0  # 2 of 8
    assert (f["trainings"], f["person_times"], f["volunteer_hours"]) == (1, 30, Decimal("3.5"))
    assert (f["target"], f["communities"], f["communities_at_target"]) == (80, 4, 0)
    rows = {area.name: figures for area, figures in response.context["rows"]}
    assert list(rows) == ["新城街道", "长兴路街道"]
    assert (rows["新城街道"]["organisations"], rows["长兴路街道"]["organisations"]) == (6, 1)
    html = response.content.decode()
    assert f"?area={territory.street_a.pk}&amp;kind=month&amp;period=2026-10" in html
    assert "vendor/chartjs/chart.umd.min.js" in html and 'id="charts"' in html


def test_drilling_into_a_street_shows_its_communities(october, personas, territory, login):
    response = board(login(personas.district_officer), area=territory.street_a.pk)
    rows = {area.name: figures for area, figures in response.context["rows"]}
    assert list(rows) == ["英才社区", "绿城社区"]
    assert (rows["英才社区"]["organisations"], rows["绿城社区"]["organisations"]) == (5, 1)
    assert [a.name for a in response.context["crumbs"]] == ["惠济区", "新城街道"]


def test_a_street_officer_sees_only_the_street(october, personas, territory, login):
    client = login(personas.street_a_officer)
    response = board(client)
    assert response.context["area"] == territory.street_a
    assert response.context["f"]["organisations"] == 6
    assert [a.name for a in response.context["crumbs"]] == ["新城街道"]
    for outside in (territory.district_a, territory.street_b, territory.community_b1):
        assert board(client, area=outside.pk).status_code == 404
    assert board(login(personas.outsider), area=territory.street_a.pk).status_code == 404


def test_roles_without_indicators_are_refused(october, personas, login):
    assert board(login(personas.org_leader)).status_code == 403
    assert board(login(personas.reviewer)).status_code == 403


def test_no_rollup_yet_says_so(personas, login):
    response = board(login(personas.district_officer))
    assert response.status_code == 200 and response.context["period"] == ""


def test_the_report_document_carries_the_same_figures(october, personas, territory, login):
    from io import BytesIO

    from openpyxl import load_workbook

    response = board(login(personas.district_officer), format="xlsx")
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    summary, _headlines, by_area = book.worksheets
    assert "惠济区" in summary["A1"].value and "2026-10" in summary["A1"].value
    values = {row[0]: row[1:] for row in summary.iter_rows(min_row=5, values_only=True)}
    assert values["社区社会组织数"][0] == 8
    assert values["已备案组织数"] == (1, 14.3)
    rows = list(by_area.iter_rows(values_only=True))
    # The district agency stands at the district's own level: a row of its
    # own, so that the rows add up to the total.
    assert [r[0] for r in rows[1:]] == ["新城街道", "长兴路街道", "惠济区本级", "合计"]
    assert [r[1] for r in rows[1:]] == [6, 1, 1, 8]


def test_the_report_is_named_for_its_period(territory):
    from assessments.report import title_of
    from lib.periods import HalfYear, Month, Quarter, Span, Year

    district = territory.district_a
    assert title_of(district, Month(2026, 10)) == "惠济区社区社会组织工作月报（2026-10）"
    assert title_of(district, Quarter(2026, 3)) == "惠济区社区社会组织工作季报（2026-Q3）"
    assert title_of(district, HalfYear(2026, 1)) == "惠济区社区社会组织工作半年报（2026-H1）"
    assert title_of(district, Year(2026)) == "惠济区社区社会组织工作年报（2026）"
    span = Span(date(2026, 10, 8), date(2026, 11, 7))
    assert title_of(district, span).startswith("惠济区社区社会组织工作报告（")


def test_every_chart_has_its_figures_as_a_table(october, personas, login):
    """A chart's text alternative: a table of the same figures under it."""
    response = board(login(personas.district_officer))
    html = response.content.decode()
    charts, tables = response.context["charts"], response.context["tables"]
    # 7, and the 4 of the seeds' headline breakdowns
    assert html.count("<canvas") == html.count('class="chart-data"') == 11
    assert html.count("查看数据表") == 11
    target = tables["target"]
    assert target["head"] == ["区域", "社区社会组织数", "目标数"]
    assert target["rows"] == [
        [name, organisations, goal]
        for name, organisations, goal in zip(
            charts["target"]["labels"],
            charts["target"]["organisations"],
            charts["target"]["target"],
            strict=True,
        )
    ]
    assert '<th scope="row">新城街道</th><td>6</td>' in html
    assert [row[0] for row in tables["stars"]["rows"]] == charts["stars"]["labels"]
    assert len(tables["tickets"]["rows"]) == len(charts["tickets"]["labels"])


def test_the_board_opens_on_the_newest_period_that_has_ended(october, personas, login, settings):
    """A rollup run within a month counts only its first days: the board
    opens on the last whole month (a finding of issue 23's trial, where the
    demo's board opened on an empty month)."""
    settings.PLATFORM_TODAY = date(2026, 11, 20)
    run_monthly(Month(2026, 11))  # by hand, ten days before November ends
    client = login(personas.district_officer)
    response = client.get(reverse("assessments:dashboard"))
    choices = [choice for choice, _label in response.context["form"].fields["period"].choices]
    assert choices == ["2026-11", "2026-10"]
    assert response.context["period"] == "2026-10"
    # Asked for, the month under way still shows.
    asked = client.get(reverse("assessments:dashboard"), {"kind": "month", "period": "2026-11"})
    assert asked.context["period"] == "2026-11"
