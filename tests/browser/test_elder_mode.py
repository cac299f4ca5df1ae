"""The elder mode (长辈版) on a phone of 320 px: larger text, and still no
page that scrolls sideways (the pages that did at 320-375 px among them)."""

import pytest
from django.core.cache import cache

from tests.grid_helpers import found

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEASURE = """() => ({
  scroll: document.documentElement.scrollWidth,
  font: parseFloat(getComputedStyle(document.querySelector('main')).fontSize),
  elder: document.documentElement.classList.contains('elder'),
  // a table that scrolls in its own box can take the keyboard's focus
  stuck: [...document.querySelectorAll('main table')]
    .filter(t => t.scrollWidth > t.clientWidth + 1 && t.tabIndex !== 0).length,
})"""


def measure(page, url):
    page.goto(url)
    return page.evaluate(MEASURE)


def test_elder_mode_is_larger_and_never_scrolls_sideways_at_320(
    personas, grids, world, browser, live_server, sign_in, screenshot
):
    cache.clear()
    found(grids.a1, grids.hazard, by=personas.grid_member)  # the statistics have a row
    base = live_server.url
    pages = {
        personas.community_worker: [
            "/",
            "/grids/stats/",
            f"/projects/{world.project.pk}/",
            "/projects/needs/",
            "/public/needs/new/",
        ],
        personas.district_officer: ["/dashboard/"],
        personas.org_leader: ["/projects/tenders/"],
    }
    # A resident, without an account: switched on with the header's button.
    context = browser.new_context(locale="zh-CN", viewport={"width": 320, "height": 640})
    page = context.new_page()
    normal = measure(page, f"{base}/public/tickets/new/")
    page.get_by_role("button", name="长辈版").click()
    page.get_by_role("button", name="退出长辈版").wait_for()
    elder = page.evaluate(MEASURE)
    screenshot(page, "elder-ticket-form-320", full_page=True)
    assert elder["elder"] and elder["scroll"] <= 320 and normal["scroll"] <= 320
    assert elder["font"] >= 1.3 * normal["font"]
    context.close()

    for user, urls in pages.items():
        page = sign_in(user)
        page.set_viewport_size({"width": 320, "height": 640})
        for url in urls:
            normal = measure(page, base + url)
            page.context.add_cookies([{"name": "elder_mode", "value": "on", "url": base}])
            elder = measure(page, base + url)
            page.context.clear_cookies(name="elder_mode")
            name = url.strip("/").replace("/", "-") or "home"
            screenshot(page, f"elder-{name}-320", full_page=True)
            assert (url, normal["scroll"], elder["scroll"]) == (url, 320, 320)
            assert elder["elder"] and elder["font"] >= 1.3 * normal["font"], url
            assert normal["stuck"] == elder["stuck"] == 0, url
