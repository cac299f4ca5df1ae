"""The public map: live organisations and published projects, and a venue
that is a home never placed at its own point."""

import json
from decimal import Decimal

from django.urls import reverse

from orgs.models import Area, Organisation, Status
from projects.models import Project
from tests.factories import OrganisationFactory


def map_data(client) -> dict:
    response = client.get(reverse("disclosure:map"))
    assert response.status_code == 200
    text = response.content.decode()
    found = json.loads(
        text.split('id="map-data" type="application/json">')[1].split("</script>")[0]
    )
    return text, found


def test_a_home_is_shown_at_its_community_and_staff_see_the_point(
    client, personas, world, territory, login
):
    Area.objects.filter(pk=territory.community_a1.pk).update(
        centre_latitude=Decimal("34.850000"), centre_longitude=Decimal("113.600000")
    )
    # The choir meets at its leader's home; the dance team at a square.
    Organisation.objects.filter(pk=personas.organisation_a1.pk).update(
        venue_latitude=Decimal("34.861234"),
        venue_longitude=Decimal("113.612345"),
        venue_is_home=True,
    )
    Organisation.objects.filter(pk=personas.organisation_b1.pk).update(
        venue_latitude=Decimal("34.872001"), venue_longitude=Decimal("113.652002")
    )
    Project.objects.filter(pk=world.project.pk).update(
        latitude=Decimal("34.853001"), longitude=Decimal("113.603002")
    )
    gone = OrganisationFactory(
        name="已注销的舞蹈队", area=territory.community_b1, status=Status.DISSOLVED
    )
    text, data = map_data(client)
    places = {v["label"]: (v["lat"], v["lng"]) for v in data["venues"]}
    assert places[personas.organisation_a1.name] == (34.85, 113.6)  # the community's centre
    assert places[personas.organisation_b1.name] == (34.872001, 113.652002)
    assert gone.name not in places
    assert [p["label"] for p in data["projects"]] == [world.project.title]
    for exact in ("34.861234", "113.612345", "34.86123", "113.61234"):
        assert exact not in text
    # Served again from the cache: still masked.
    assert "34.861234" not in client.get(reverse("disclosure:map")).content.decode()
    # The community's staff see the exact point on their map.
    staff = login(personas.community_worker).get(reverse("grids:map"))
    venues = {v["label"]: (v["lat"], v["lng"]) for v in staff.context["map_data"]["venues"]}
    assert venues == {f"{personas.organisation_a1.name}（住所）": (34.861234, 113.612345)}
