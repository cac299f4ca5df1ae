"""Qualifications and rewards (Shandong: 30万元 a year for 社会工作人才考证奖补;
Wuhan §11: rewards for organisations' people who pass the social-work
qualification, and commendations of organisations and their people).

惠济区 sets its budget for 2025 and 2026 at 300,000 yuan; social workers of
the incubators' agency and of the communities' teams hold 助理社会工作师,
社会工作师 and 高级社会工作师 (and a 心理咨询师 and a 养老护理员 of the
red-vest elder-care team), most rewarded and paid, one decided and waiting
for payment, one not yet rewarded; and people are commended beside the
organisations the orgs demo commends. The people and amounts are
illustrative. Built once: a person is found by name and community."""

from datetime import date
from decimal import Decimal

from devdata.demo.orgs import LEADERS_TEAM, ensure
from honours import services
from honours.models import Qualification, QualificationKind, Reward
from orgs.models import Commendation, Membership, Organisation, Person, User

BUDGET = Decimal("300000")
ISSUER = "人力资源和社会保障部、民政部"

# (name, community, kind, certificate, obtained, reward, decided, paid)
HOLDERS = [
    (
        "张婷",
        "英才社区",
        "社会工作师",
        "S2023410100218",
        date(2023, 11, 20),
        2000,
        date(2025, 3, 1),
        date(2025, 3, 20),
    ),
    (
        "刘佳",
        "英才社区",
        "助理社会工作师",
        "A2025410100031",
        date(2025, 11, 18),
        1000,
        date(2026, 3, 10),
        date(2026, 4, 2),
    ),
    (
        "马丽娟",
        "天河社区",
        "社会工作师",
        "S2025410100076",
        date(2025, 11, 18),
        2000,
        date(2026, 3, 10),
        date(2026, 4, 2),
    ),
    (
        "赵亚楠",
        "新都汇社区",
        "助理社会工作师",
        "A2025410100102",
        date(2025, 11, 18),
        1000,
        date(2026, 3, 10),
        date(2026, 4, 2),
    ),
    (
        "王志刚",
        "清华园社区",
        "高级社会工作师",
        "G2025410100007",
        date(2025, 7, 1),
        5000,
        date(2026, 3, 10),
        date(2026, 4, 2),
    ),
    (
        "孙慧",
        "天河社区",
        "助理社会工作师",
        "A2026410100015",
        date(2026, 6, 22),
        1000,
        date(2026, 10, 12),
        None,
    ),
    ("周晓梅", "新都汇社区", "心理咨询师", "X2022410100045", date(2022, 9, 1), None, None, None),
    ("陈静", "清华园社区", "助理社会工作师", "A2026410100088", date(2026, 6, 22), None, None, None),
]
# Commendations of people: (name, community, title, by, on).
PEOPLE_COMMENDED = [
    ("张婷", "英才社区", "2025年度惠济区优秀社会工作者", "惠济区民政局", date(2026, 1, 15)),
    ("马丽娟", "天河社区", "2025年度社区社会组织优秀负责人", "惠济区民政局", date(2026, 1, 15)),
]


def build(demo):
    district = demo.areas["惠济区"]
    officer = User.objects.get(username="district")
    worker = User.objects.get(username="community")
    for year in (2025, 2026):
        if not district.reward_budgets.filter(year=year).exists():
            services.set_budget(
                area=district, year=year, amount=BUDGET, note="区财政专门列支", by=officer
            )
    kinds = {kind.name: kind for kind in QualificationKind.objects.all()}
    people = {}
    for name, community, kind, number, obtained, amount, decided, paid in HOLDERS:
        person = ensure(Person, {"name": name, "community": demo.areas[community]}, {})
        people[name] = person
        qualification = Qualification.objects.filter(person=person, kind=kinds[kind]).first()
        if qualification is None:
            qualification = services.record_qualification(
                person=person,
                kind=kinds[kind],
                certificate_number=number,
                obtained_on=obtained,
                issued_by=ISSUER,
                by=worker,
            )
        if amount and not Reward.objects.filter(qualification=qualification).exists():
            services.award(
                qualification=qualification,
                amount=Decimal(amount),
                decided_on=decided,
                paid_on=paid,
                note="考证奖补",
                by=officer,
            )
    for name, _community, title, awarded_by, awarded_on in PEOPLE_COMMENDED:
        _commend(demo, people[name], title, awarded_by, awarded_on)
    _team(demo, kinds, worker)


def _commend(demo, person, title, awarded_by, awarded_on):
    ensure(
        Commendation,
        {"person": person, "title": title},
        {"awarded_by": awarded_by, "awarded_on": awarded_on, "recorded_by": demo.actor},
        clean_exclude=["recorded_by"],
    )


def _team(demo, kinds, worker):
    """Two members of the red-vest elder-care team (the `leader` login's,
    who sees them at /honours/qualifications/): a carer (养老护理员),
    commended as 最美志愿者, and an assistant social worker."""
    team = Organisation.objects.filter(name=LEADERS_TEAM).first()
    if team is None:
        return
    members = [m.person for m in Membership.objects.current().filter(organisation=team)]
    members.sort(key=lambda person: person.pk)
    held = [("养老护理员", "Y2024410100311", date(2024, 5, 8))]
    held += [("助理社会工作师", "A2026410100064", date(2026, 6, 22))]
    for person, (kind, number, obtained) in zip(members, held, strict=False):
        if not Qualification.objects.filter(person=person, kind=kinds[kind]).exists():
            services.record_qualification(
                person=person,
                kind=kinds[kind],
                certificate_number=number,
                obtained_on=obtained,
                issued_by=ISSUER,
                by=worker,
            )
    if members:
        _commend(
            demo, members[0], "2025年度惠济区最美志愿者", "惠济区委社会工作部", date(2026, 3, 5)
        )
