"""A resident on a phone (375 px) says whom a need is for: the groups served
are check boxes named by their labels, grouped under their broad group, and
the form fits the screen."""

import pytest

from projects.models import Need

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_resident_ticks_the_groups_a_need_is_for_on_a_phone(browser, live_server, territory):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(f"{live_server.url}/public/needs/new/")
    # The whole form fits the phone's width: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    elders = page.get_by_role("group", name="老年人")
    elders.get_by_label("高龄老人").check()
    page.get_by_label("残疾人", exact=True).check()
    # The other answers as any form's (tests/browser/test_resident_flow.py types them).
    page.locator("#id_community").select_option(str(territory.community_a1.pk))
    page.locator("#id_title").fill("高龄老人助餐")
    page.locator("#id_description").fill("做饭困难，希望有人送餐。")
    page.locator("#id_requester_name").fill("王女士")
    page.locator("#id_requester_phone").fill("13903710001")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/public/needs/*/")
    need = Need.objects.get(title="高龄老人助餐")
    assert sorted(g.name for g in need.groups.all()) == ["残疾人", "高龄老人"]
    context.close()
