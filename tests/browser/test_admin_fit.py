"""The admin at 1366 × 768, the screen of most offices: the organisation list
and the ticket queue show every column whole, no name wraps down to a
character a line, and the header is the portal's."""

import pytest
from django.core.cache import cache

from grids import services
from tests.factories import OrganisationFactory
from tests.fixtures import PASSWORD
from tests.grid_helpers import found

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every header and cell of the list whole inside its cell, the list inside the
# screen, and no header or cell of text narrower than 3em (a name at one or
# two characters a line); the undertaker's name in at most 3 lines.
MEASURE = """(nameColumn) => {
  const table = document.querySelector('#result_list');
  const box = document.querySelector('#changelist .results');
  const problems = [];
  if (document.documentElement.scrollWidth > innerWidth) problems.push('the page scrolls sideways');
  if (box.scrollWidth > box.clientWidth + 1) problems.push(`the list is wider than its box: ${box.scrollWidth} > ${box.clientWidth}`);
  if (table.getBoundingClientRect().right > innerWidth) problems.push('the list runs off the screen');
  for (const cell of table.querySelectorAll('th, td')) {
    const text = cell.innerText.trim();
    const em = parseFloat(getComputedStyle(cell).fontSize);
    const name = cell.className + ' ' + text.slice(0, 12);
    if (cell.scrollWidth > cell.clientWidth + 1) problems.push('cut: ' + name);
    if (text.length > 2 && cell.clientWidth < 3 * em) problems.push('narrow: ' + name);
  }
  for (const cell of table.querySelectorAll('td.field-' + nameColumn)) {
    const line = parseFloat(getComputedStyle(cell).lineHeight) || 1.4 * parseFloat(getComputedStyle(cell).fontSize);
    const padding = parseFloat(getComputedStyle(cell).paddingTop) + parseFloat(getComputedStyle(cell).paddingBottom);
    if ((cell.clientHeight - padding) / line > 3.5) problems.push('tall: ' + cell.innerText.slice(0, 12));
  }
  return problems;
}"""


# The controls officers tap: at least 44 × 44 px.
TARGETS = """() => [...document.querySelectorAll(
  'header.site-header a, header.site-header button, header.site-header select, .breadcrumbs a,'
  + ' .actions select, .actions button, #changelist-search input[type=submit], .object-tools a,'
  + ' #changelist-filter li a, .paginator a')].map(e => [e.innerText.trim(), e.getBoundingClientRect()])
  .filter(([_, box]) => box.width && (box.width < 44 || box.height < 44))
  .map(([text, box]) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`)"""


def sign_in_admin(browser, live_server, user):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return context, page


def test_the_lists_officers_use_fit_1366_and_wear_the_portal_header(
    personas, territory, grids, browser, live_server, screenshot
):
    cache.clear()
    long_name = "英才社区红马甲志愿服务队暨邻里互助与关爱老人服务中心"
    undertaker = OrganisationFactory(name=long_name, area=territory.community_a1)
    for index in range(5):
        OrganisationFactory(
            name=f"新城街道社区社会组织联合会第{index + 1}分会", area=territory.community_a2
        )
    for _ in range(3):
        ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
        services.accept(ticket=ticket, by=personas.community_worker)
        services.assign(ticket=ticket, by=personas.community_worker, organisation=undertaker)

    context, page = sign_in_admin(browser, live_server, personas.street_a_officer)
    header = page.locator("header.site-header")
    assert header.get_by_role("link", name="管理工作台").is_visible()

    page.goto(f"{live_server.url}/admin/orgs/organisation/")
    assert page.locator("#result_list th.column-star_rating").is_visible()  # 星级 not cut off
    screenshot(page, "admin-organisations-1366")
    assert page.evaluate(MEASURE, "name") == []
    assert page.evaluate(TARGETS) == []

    page.goto(f"{live_server.url}/admin/grids/ticket/")
    assert page.get_by_role("cell", name=long_name).count() == 3
    screenshot(page, "admin-tickets-1366")
    assert page.evaluate(MEASURE, "assignee") == []

    # The elder mode: the admin's text 1.3 times as large too.
    font = "parseFloat(getComputedStyle(document.querySelector('#result_list td')).fontSize)"
    normal = page.evaluate(font)
    page.get_by_role("button", name="长辈版").click()
    page.get_by_role("button", name="退出长辈版").wait_for()
    assert page.evaluate(font) >= 1.3 * normal

    # The same header, with the same menu, as the portal's.
    admin_menu = page.locator("header.site-header .site-nav a").all_inner_texts()
    page.goto(f"{live_server.url}/")
    assert page.locator("header.site-header .site-nav a").all_inner_texts() == admin_menu
    context.close()
