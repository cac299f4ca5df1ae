"""Every kind of page works in Chromium under the Content-Security-Policy.

Each page is opened as the role that uses it; the browser enforces the
policy the response carries (checked on every page: no inline script
allowed). A page fails if the browser reports any `securitypolicyviolation`,
any console message or any script error, or if its interactive part does not
work: charts drawn, the admin's select-all, date shortcuts and autocomplete,
the Swagger UI built from the schema, the geolocation button, the filters
that submit themselves, the print buttons.
"""

from datetime import date

import pytest
from django.core.cache import cache

from assessments.rollups import run_monthly
from lib.periods import Month
from orgs.models import Organisation
from tests.factories import OrganisationFactory
from tests.fixtures import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs in every page before its own scripts: reports each violation of the
# policy to the test, and stands in for the print dialog.
WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}` +
    (e.sample ? ` (${e.sample})` : "")
  );
});
window.print = () => { document.body.dataset.printed = "yes"; };
"""


class Browser:
    """A signed-in (or anonymous) Chromium session that records everything
    the policy blocks and everything written to the console."""

    def __init__(self, browser, live_server, user=None, **context_args):
        self.base = live_server.url
        self.problems = []
        self.context = browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}, **context_args
        )
        self.context.expose_function("reportViolation", self._violation)
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.where}: {error}"))
        self.where = "(start)"
        if user is not None:
            self.visit("/accounts/login/")
            self.page.get_by_label("用户名").fill(user.username)
            self.page.get_by_label("密码").fill(PASSWORD)
            self.page.get_by_role("button", name="登录").click()
            self.page.wait_for_url(f"{self.base}/")

    def _violation(self, text):
        self.problems.append(f"{self.where}: CSP {text}")

    def _console(self, message):
        where = message.location.get("url", "")
        self.problems.append(f"{self.where}: console.{message.type}: {message.text} ({where})")

    def visit(self, path):
        """Opens a page and checks that it carries the policy."""
        self.where = path
        response = self.page.goto(self.base + path)
        assert response.status == 200, f"{path}: {response.status}"
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self';" in policy + ";", f"{path}: policy {policy!r}"
        assert not self.problems, "\n".join(self.problems)  # what loading it broke
        return self.page

    def settle(self):
        """Waits until the page is idle, then fails on anything recorded."""
        self.page.wait_for_load_state("networkidle")
        assert not self.problems, "\n".join(self.problems)

    def close(self):
        self.context.close()


@pytest.fixture
def open_as(browser, live_server):
    sessions = []

    def _open(user=None, **context_args):
        session = Browser(browser, live_server, user, **context_args)
        sessions.append(session)
        return session

    yield _open
    for session in sessions:
        session.close()


def test_portal_and_dashboard(personas, territory, world, open_as):
    for n in range(3):
        OrganisationFactory(name=f"英才社区志愿队{n}", area=territory.community_a1)
    Organisation.objects.update(founded_on=date(2024, 5, 1))
    run_monthly(Month(2026, 10))

    district = open_as(personas.district_officer)
    district.settle()  # the login page and the portal home

    page = district.visit("/dashboard/")
    page.locator("body[data-charts-ready=true]").wait_for()
    drawn = page.evaluate("[...document.querySelectorAll('canvas')].filter(Chart.getChart).length")
    assert drawn >= 5
    page.get_by_role("button", name="打印").click()
    assert page.locator("body[data-printed=yes]").count() == 1
    district.settle()

    page = district.visit(f"/projects/{world.project.pk}/")
    page.get_by_role("heading", name="银龄助餐暖心行动").wait_for()
    district.settle()

    page = district.visit("/projects/")
    page.locator("#status").select_option("bidding")  # submits itself
    page.wait_for_url("**/projects/?status=*")
    district.settle()

    page = district.visit(f"/organisations/{personas.organisation_a1.pk}/certificate/")
    page.get_by_role("button", name="打印").click()
    assert page.locator("body[data-printed=yes]").count() == 1
    district.settle()

    # The download centre refreshes itself until the file is ready.
    page = district.visit("/downloads/")
    page.get_by_label("台账").select_option("organisations")
    page.get_by_role("button", name="开始导出").click()
    page.get_by_role("link", name="社会组织台账").wait_for(timeout=20_000)
    district.settle()


def test_admin_pages(personas, territory, open_as):
    street = open_as(personas.street_a_officer)
    for n in range(3):
        OrganisationFactory(name=f"新城街道读书会{n}", area=territory.community_a1)

    street.visit("/admin/")
    street.settle()

    page = street.visit("/admin/orgs/organisation/")
    page.locator("#changelist-filter").wait_for()
    page.locator("#action-toggle").check()
    rows = page.locator("input.action-select")
    assert rows.count() >= 4
    assert all(box.is_checked() for box in rows.all())
    assert "4" in page.locator(".action-counter").inner_text()
    street.settle()

    page = street.visit("/admin/orgs/organisation/add/")
    page.locator(".datetimeshortcuts a").first.click()  # 今天
    today = page.locator("#id_founded_on").input_value().replace("/", "-")
    assert today == date.today().isoformat()
    page.locator("#id_area").locator("xpath=..").locator(".select2-selection").click()
    page.locator(".select2-results__option", has_text="英才社区").wait_for()
    street.settle()

    organisation = personas.organisation_a1
    street.visit(f"/admin/orgs/organisation/{organisation.pk}/history/")
    street.settle()

    street.visit("/admin/orgs/organisation/import/")
    street.settle()

    admin = open_as(personas.platform_admin)
    page = admin.visit("/admin/orgs/area/export/")
    toggle = page.locator("#select-all-toggle")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    toggle.uncheck()
    assert not any(box.is_checked() for box in fields.all())
    toggle.check()
    assert all(box.is_checked() for box in fields.all())
    admin.settle()


def test_public_and_grid_pages(personas, grids, open_as):
    cache.clear()  # the public form's throttle
    resident = open_as(
        geolocation={"latitude": 34.8526, "longitude": 113.6123}, permissions=["geolocation"]
    )
    page = resident.visit("/public/tickets/new/")
    page.get_by_role("button", name="添加我的当前位置").click()
    page.get_by_text("已添加位置").wait_for()
    assert page.locator("#id_latitude").input_value() == "34.852600"
    resident.settle()

    resident.visit("/public/organisations/")
    resident.settle()
    resident.visit(f"/public/organisations/{personas.organisation_a1.pk}/")
    resident.settle()

    grid = open_as(personas.grid_member)
    page = grid.visit("/grids/")
    page.locator("#show").select_option("all")  # submits itself
    page.wait_for_url("**/grids/?show=all")
    grid.settle()

    grid.visit("/grids/report/")
    grid.settle()

    district = open_as(personas.district_officer)
    district.visit("/grids/stats/")
    district.settle()


def test_api_documentation_and_browsable_api(personas, grids, open_as):
    street = open_as(personas.street_a_officer)
    page = street.visit("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert page.locator(".opblock").count() > 5  # built from the schema
    street.settle()

    page = street.visit("/api/v1/tickets/")
    page.locator(".response-info").wait_for()
    street.settle()
