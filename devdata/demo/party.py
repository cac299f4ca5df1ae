"""Party-member ties in the demo (党建引领):

- 英才社区's "1+6+N" (1个党员分包6户居民开展N项服务): three party members with
  six, six and seven households of the community's first grid (the third is
  over six, as the ties page shows), and the services they rendered this
  autumn;
- two working party members registered with 英才社区 (在职党员"双报到") and
  what they did there, and the district's 王敏 sent down to its first grid
  (干部下沉);
- 刘寨街道清华园社区's temporary party branch in its first grid (网格临时党支部,
  "党建+网格+志愿");
- the standard venue (六有) of 英才社区红马甲志愿服务队, every item ticked (up to
  standard), and of another party organisation of the community, four of six.

Built once."""

from datetime import date, timedelta

from devdata.demo.orgs import TODAY, account, ensure
from grids.models import Grid
from orgs.models import Organisation, PartyOrgType, Person, User
from orgs.roles import Role
from party import services
from party.models import (
    CadreAssignment,
    DualRegistration,
    GridBranch,
    Household,
    HouseholdTie,
    RegisteredService,
    VenueItem,
)

MEMBERS = [("韩建国", "13903712101", 6), ("魏淑珍", "13903712102", 6), ("石志刚", "13903712103", 7)]
HEADS = [
    "王桂兰", "李秀英", "张玉珍", "刘凤英", "陈淑华", "杨建民", "赵德胜", "黄秀梅", "周国庆", "吴玉兰",
    "徐长海", "孙丽华", "马金凤", "朱永福", "胡秀云", "郭宝山", "何翠萍", "高志强", "林美珍",
]  # fmt: skip
SERVICES = [
    "上门走访，了解老人身体和生活情况",
    "帮助申请高龄津贴",
    "代买降压药并送药上门",
    "维修楼道灯，清理楼道杂物",
    "讲解医保缴费政策",
    "协助预约社区卫生服务中心体检",
]
REGISTERED = [
    ("周明", "13903712111", "惠济区税务局", "为居民讲解个税专项附加扣除"),
    ("郑慧", "13903712112", "惠济区人民医院", "楼院义诊，测量血压血糖"),
]


def build(demo):
    # The party committee for social organisations (社会组织党委, under the 两新工委):
    # reads party building across the district at /party/.
    account(demo, "party", Role.PARTY_COMMITTEE, "马红", "区委两新工委社会组织党委", "惠济区", None)
    if HouseholdTie.objects.exists():
        return
    community = demo.areas["英才社区"]
    worker = User.objects.get(username="community")
    grid = Grid.objects.filter(community=community).order_by("number").first()
    ties(community, grid, worker)
    registrations(community, worker)
    CadreAssignment.objects.create(
        account=User.objects.get(username="district"),
        sent_from="惠济区民政局",
        community=community,
        grid=grid,
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 31),
        duties="包联英才社区第一网格，参与楼院走访和网格议事",
    )
    branch(demo, worker)
    venues(community, worker)


def _member(community, name, phone, by):
    return ensure(
        Person,
        {"community": community, "name": name, "phone": phone},
        {"is_party_member": True},
        by=by,
    )


def ties(community, grid, worker):
    n = 0
    for name, phone, count in MEMBERS:
        member = _member(community, name, phone, worker)
        for _ in range(count):
            home = Household(
                community=community,
                grid=grid,
                address=f"英才社区{n // 4 + 1}号楼{n % 4 + 1}单元{n % 6 + 1}01",
                head_name=HEADS[n % len(HEADS)],
                head_phone=f"139037130{n:02d}",
            )
            home.full_clean()
            home.save()
            services.link_household(
                by=worker, party_member=member, household=home, started_on=date(2026, 3, 1)
            )
            for k in range(1 + n % 2):
                services.record_household_service(
                    by=worker,
                    household=home,
                    served_by=member,
                    served_on=TODAY - timedelta(days=7 + 23 * k + n),
                    description=SERVICES[(n + k) % len(SERVICES)],
                )
            n += 1


def registrations(community, worker):
    for name, phone, employer, did in REGISTERED:
        person = _member(community, name, phone, worker)
        made = services.register(
            by=worker,
            person=person,
            employer=employer,
            community=community,
            registered_on=date(2026, 4, 1),
        )
        for days in (12, 40):
            RegisteredService.objects.create(
                registration=made, served_on=TODAY - timedelta(days=days), description=did, hours=2
            )
    assert DualRegistration.objects.filter(community=community).count() == len(REGISTERED)


def branch(demo, worker):
    community = demo.areas["清华园社区"]
    grid = Grid.objects.filter(community=community).order_by("number").first()
    secretary = _member(community, "黄立新", "13903712121", worker)
    made = GridBranch.objects.create(
        grid=grid,
        name="清华园社区第一网格临时党支部",
        secretary=secretary,
        founded_on=date(2026, 5, 10),
    )
    made.members.set(
        [_member(community, name, phone, worker) for name, phone in (
            ("罗永红", "13903712122"), ("谢春生", "13903712123"), ("邓秀琴", "13903712124"),
        )]
    )  # fmt: skip


def venues(community, worker):
    red_vests = Organisation.objects.get(name="英才社区红马甲志愿服务队")
    if red_vests.party_org_type == PartyOrgType.NONE:
        red_vests.party_org_type = PartyOrgType.INDEPENDENT
        red_vests.save(update_fields=["party_org_type"])
    items = list(VenueItem.objects.filter(active=True))
    notes = ["社区党群服务中心活动室", "桌椅、音响", "门牌和党建标识", "", "党建书架", "制度上墙"]
    for item, note in zip(items, notes, strict=False):
        services.tick(
            by=worker, organisation=red_vests, item=item, ticked_on=date(2026, 6, 15), note=note
        )
    other = (
        Organisation.objects.filter(area=community)
        .live()
        .exclude(pk=red_vests.pk)
        .exclude(party_org_type=PartyOrgType.NONE)
        .order_by("pk")
        .first()
    )
    if other is not None:
        for item in items[:4]:
            services.tick(by=worker, organisation=other, item=item, ticked_on=date(2026, 9, 1))
