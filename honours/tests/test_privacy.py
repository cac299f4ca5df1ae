"""SECURITY.md §2's rows for qualifications, rewards and commendations of
people, checked on the pages that show them: each persona sees a
certificate number, a reward's holder and a commended person as the table
says (full, or not at all: nothing here is shown masked)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from orgs.models import Commendation

from .. import services
from .conftest import qualify

COLUMNS = {
    "platform admin": "platform_admin",
    "district staff": "district_officer",
    "street officer": "street_a_officer",
    "community worker": "community_worker",
    "operator": "operator",
    "org leader": "org_leader",
    "grid member": "grid_member",
    "reviewer": "reviewer",
    "anonymous": None,
}
NUMBER = "B2026410100123"


def table() -> dict:
    text = (Path(__file__).resolve().parents[2] / "SECURITY.md").read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| field | surface |"))
    roles = [cell.strip() for cell in header.strip("|").split("|")][2:]
    found = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if (
            cells[0]
            in {"Qualification.certificate_number", "Qualification.person"}
            | {"Commendation.person"}
            and cells[1] == "page"
        ):
            found[cells[0]] = dict(zip(roles, cells[2:], strict=True))
    return found


@pytest.fixture
def shown(honours, personas):
    qualification = qualify(honours.worker, honours.social_worker, personas.community_worker)
    services.award(
        qualification=qualification, amount=Decimal("2000"), decided_on=date(2026, 9, 1), by=None
    )
    Commendation.objects.create(
        person=honours.worker,
        title="优秀社工",
        awarded_by="惠济区民政局",
        awarded_on=date(2026, 1, 5),
    )
    return honours


def pages(client) -> str:
    """Everything the persona's own pages show of them, as one text."""
    text = ""
    for url in (
        reverse("honours:qualifications"),
        reverse("admin:honours_qualification_changelist"),
        reverse("admin:honours_reward_changelist"),
        reverse("admin:orgs_commendation_changelist"),
    ):
        response = client.get(url)
        if response.status_code == 200:
            text += response.content.decode()
    return text


@pytest.mark.parametrize("column", COLUMNS)
def test_each_role_sees_qualifications_and_honours_as_security_md_says(
    column, shown, personas, client
):
    rows = table()
    persona = COLUMNS[column]
    if persona is not None:
        client.force_login(getattr(personas, persona))
    text = pages(client)
    public = client.get(reverse("public_honours:list")).content.decode()
    assert (NUMBER in text + public) == (rows["Qualification.certificate_number"][column] == "full")
    # The holder's name on the staff's pages (and a leader's own member's, on
    # its list); the commended person, public.
    staff = rows["Qualification.person"][column] == "full"
    assert ("王晓燕" in text) == staff
    assert ("王晓燕" in public) == (rows["Commendation.person"][column] == "full")
    assert "**********0123" not in text + public  # never shown masked either
