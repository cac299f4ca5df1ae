"""A social worker of community A1 (a member of the leader's organisation),
another of community B1, and district A's budget for 2026 (Shandong's
30万元 for 考证奖补)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from orgs.models import Membership, Person
from tests.factories import PersonFactory

from .. import services
from ..models import QualificationKind, RewardBudget

SEED_BUDGET = Decimal("300000")


@dataclass
class Honours:
    worker: Person  # community A1, a member of organisation A1
    other: Person  # community B1
    social_worker: QualificationKind
    assistant: QualificationKind
    budget: RewardBudget


@pytest.fixture
def honours(territory, personas) -> Honours:
    worker = PersonFactory(name="王晓燕", community=territory.community_a1)
    Membership.objects.create(person=worker, organisation=personas.organisation_a1)
    other = PersonFactory(name="李红梅", community=territory.community_b1)
    budget = services.set_budget(
        area=territory.district_a, year=2026, amount=SEED_BUDGET, by=personas.district_officer
    )
    return Honours(
        worker=worker,
        other=other,
        social_worker=QualificationKind.objects.get(name="社会工作师"),
        assistant=QualificationKind.objects.get(name="助理社会工作师"),
        budget=budget,
    )


def qualify(person, kind, by, number="B2026410100123", on=date(2026, 6, 20)):
    return services.record_qualification(
        person=person,
        kind=kind,
        certificate_number=number,
        obtained_on=on,
        issued_by="人力资源和社会保障部、民政部",
        by=by,
    )
