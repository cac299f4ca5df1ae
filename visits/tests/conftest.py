"""A visit to 英才社区 (community A1, street A) as Huiji's 社区行走 records
it: three 五老人员, a keen resident and a self-organisation found at one
courtyard."""

from dataclasses import dataclass

import pytest

from lib import clock

from .. import services
from ..models import ElderKind, FindingKind, Visit, VisitFinding


@dataclass
class Walk:
    visit: Visit
    elders: list[VisitFinding]
    keen: VisitFinding
    group: VisitFinding


def finding(kind, name, **values) -> VisitFinding:
    return VisitFinding(kind=kind, name=name, **values)


@pytest.fixture
def walk(territory, personas) -> Walk:
    visit = services.record_visit(
        visit=Visit(
            community=territory.community_a1,
            visited_on=clock.today(),
            address="英才街3号院",
            summary="楼院里老人多，有一支自发的太极拳队。",
        ),
        findings=[
            finding(FindingKind.ELDER, "王德明", phone="13903711001", elder_kind=ElderKind.CADRE),
            finding(
                FindingKind.ELDER,
                "李秀英",
                phone="13903711002",
                elder_kind=ElderKind.TEACHER,
                skill="书法",
            ),
            finding(FindingKind.ELDER, "赵振国", phone="13903711003", elder_kind=ElderKind.SOLDIER),
            finding(FindingKind.KEEN, "刘桂兰", phone="13903711004"),
            finding(
                FindingKind.SELF_ORGANISATION,
                "英才3号院太极拳队",
                description="每天早上在院内练太极拳",
                contact_name="孙建华",
                phone="13903711005",
                headcount=18,
            ),
        ],
        by=personas.community_worker,
    )
    found = list(visit.findings.order_by("id"))
    return Walk(visit=visit, elders=found[:3], keen=found[3], group=found[4])
