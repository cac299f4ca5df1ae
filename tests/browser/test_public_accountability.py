"""A resident follows the money on a phone (信息公开): from the front door to
the rounds, a round, its project, the fund that pays it and the organisation
that does it, by the links on each page; axe-core finds nothing on any of
them at 375 px, no page is wider than the screen, and the published photo
shows."""

from datetime import date

import pytest

from orgs.models import Commendation
from projects.services import photos
from tests.browser.test_accessibility import AXE, PHONE, axe_findings
from tests.project_helpers import in_delivery_with_a_photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DAY = date(2026, 3, 2)


@pytest.fixture
def accountable(world, personas):
    project, shot = in_delivery_with_a_photo(world, personas, day=DAY, size=(320, 240))
    photos.publish_photo(photo=shot, by=personas.community_worker)
    Commendation.objects.create(
        organisation=personas.organisation_a1,
        title="2025年度优秀社区社会组织",
        awarded_by="惠济区民政局",
        awarded_on=date(2026, 1, 10),
    )
    return project


def test_a_resident_follows_a_project_and_its_money_on_a_phone(
    browser, live_server, world, personas, accountable, screenshot
):
    project, org = accountable, personas.organisation_a1
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    found = []

    def arrived(name):
        page.wait_for_load_state("load")
        found.extend(axe_findings(page, name))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name}: {width} px wide"
        screenshot(page, f"public-accountability-{name}")

    def follow(href):
        page.locator(f'main a[href="{href}"]').first.click()
        page.wait_for_url(f"{live_server.url}{href}")

    page.goto(f"{live_server.url}/")
    arrived("home")
    follow("/public/rounds/")
    arrived("rounds")
    assert world.round.title in page.content()
    follow(f"/public/rounds/{world.round.pk}/")
    arrived("round")
    follow(f"/public/projects/{project.pk}/")
    arrived("project")
    image = page.locator("ul.photos img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const img = document.querySelector('ul.photos img');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    assert image.evaluate("(img) => img.naturalWidth") == 320
    assert "6,000.00" in page.content() and org.name in page.content()
    follow(f"/public/funds/{world.fund.pk}/")
    arrived("fund")
    assert "200,000.00" in page.content()
    page.go_back()
    follow(f"/public/organisations/{org.pk}/")
    arrived("organisation")
    assert "2025年度优秀社区社会组织" in page.content() and project.title in page.content()
    context.close()
    assert not found, f"{len(found)} violations:\n" + "\n".join(found)
