"""The maps in Chromium at a phone's width, with no tiles (the embedded
default): a street officer's map shows their street's ticket and never the
next street's, the grid's outline is drawn, no script or style is refused by
the Content-Security-Policy, and axe finds nothing; the public map too."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from grids.models import Grid, Ticket
from tests.browser.test_accessibility import AXE, PHONE, axe_findings
from tests.grid_helpers import found, from_resident

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OUTLINE = {
    "type": "Polygon",
    "coordinates": [
        [[113.60, 34.85], [113.62, 34.85], [113.62, 34.87], [113.60, 34.87], [113.60, 34.85]]
    ],
}


def open_map(browser, live_server, user, path):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    context.add_init_script(path=str(AXE))
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(live_server.url + path)
    return context, page, refused


def test_a_street_officer_sees_their_streets_tickets_and_no_other(
    personas, grids, browser, live_server, screenshot
):
    cache.clear()
    Grid.objects.filter(pk=grids.a1.pk).update(boundary=OUTLINE)
    ours = found(grids.a1, grids.hazard, by=personas.grid_member)
    theirs = from_resident(grids.b1.community, grids.hazard)
    Ticket.objects.filter(pk=ours.pk).update(
        latitude=Decimal("34.8600"), longitude=Decimal("113.6100")
    )
    Ticket.objects.filter(pk=theirs.pk).update(
        latitude=Decimal("34.8610"), longitude=Decimal("113.6110")
    )

    for officer, shown, hidden in (
        (personas.street_a_officer, ours, theirs),
        (personas.street_b_officer, theirs, ours),
    ):
        context, page, refused = open_map(browser, live_server, officer, "/grids/map/")
        page.locator("#map-list li").first.wait_for()
        listed = page.locator("#map-list").inner_text()
        assert f"问题 {shown.pk}" in listed and f"问题 {hidden.pk}" not in listed
        assert page.locator("path.map-point").count() == 1
        assert page.locator("#map.no-tiles").count() == 1
        assert not refused
        if officer == personas.street_a_officer:
            assert (
                page.locator("path.leaflet-interactive").count() >= 2
            )  # the outline and the point
            screenshot(page, "staff-map-375")
            assert not axe_findings(page, "grids/map/ @375")
        context.close()


def test_the_public_map_draws_organisations_without_tiles(
    personas, territory, browser, live_server
):
    cache.clear()
    personas.organisation_b1.venue_latitude = Decimal("34.872001")
    personas.organisation_b1.venue_longitude = Decimal("113.652002")
    personas.organisation_b1.save()
    context, page, refused = open_map(browser, live_server, None, "/public/map/")
    page.locator("path.map-venue").first.wait_for()
    assert page.locator("path.map-venue").count() == 1
    assert not refused
    assert not axe_findings(page, "public/map/ @375")
    context.close()
