"""Claims (认领) in the demo, after Tianyuan's 社区大党委: the district's
团委, 妇联, 文旅体局 and 科协, each with its account (the `department` login
is 团委's) and a resource it offers; 微心愿 of 英才社区 claimed by each kind
of actor (a party member, 刘建军, signed in with DEMO_PARTY_MEMBER_PHONE; a
unit stationed in 迎宾路街道, 惠济区人民医院, whose clerk signs in with
DEMO_UNIT_CLERK_PHONE; 团委 and 妇联), at each step of the flow; and a grid
ticket assigned to 文旅体局, which handles it from its account.

Built once: the claims are made through the services only when none exist."""

from claims import services
from claims.models import Claim, DepartmentOffer
from devdata.demo.orgs import ensure, set_demo_password
from grids import services as tickets
from grids.models import Source, TicketCategory
from lib import clock
from orgs.models import (
    Department,
    DepartmentKind,
    Person,
    Provider,
    ProviderClerk,
    ProviderKind,
    User,
)
from orgs.roles import Role
from projects.services import needs

DEMO_PARTY_MEMBER_PHONE = "13903710051"
DEMO_UNIT_CLERK_PHONE = "13903710052"

# name, kind, username, contact, the resource it offers (title, how much)
DEPARTMENTS = [
    (
        "惠济区团委",
        DepartmentKind.MASS,
        "department",
        "孙晓东",
        ("青少年暑期托管班", "每年暑期1期"),
    ),
    ("惠济区妇联", DepartmentKind.MASS, "fulian", "周红", ("巾帼志愿者上门服务", "每月2次")),
    (
        "惠济区文旅体局",
        DepartmentKind.DEPARTMENT,
        "wenlvti",
        "郭涛",
        ("送戏进社区", "每季度1场"),
    ),
    ("惠济区科协", DepartmentKind.MASS, "kexie", "马丽", ("科普讲座进社区", "每月1场")),
]


def build(demo):
    district = demo.areas["惠济区"]
    worker = User.objects.get(username="community")
    departments = {}
    for name, kind, username, contact, (title, capacity) in DEPARTMENTS:
        department = ensure(
            Department,
            {"name": name, "area": district},
            {"kind": kind, "contact_name": contact},
            by=demo.actor,
        )
        departments[name] = department
        user = ensure(
            User,
            {"username": username},
            {
                "role": Role.DEPARTMENT,
                "name": contact,
                "title": name,
                "department": department,
                "area": district,  # read in the jurisdiction's label
                "is_active": True,
            },
            clean_exclude=["password"],
        )
        set_demo_password(demo, user)
        if username == "department":  # the printed login of the role
            demo.add_login(user)
        ensure(DepartmentOffer, {"department": department, "title": title}, {"capacity": capacity})
    community = demo.areas["英才社区"]
    ensure(
        Person,
        {"phone": DEMO_PARTY_MEMBER_PHONE},
        {
            "name": "刘建军",
            "community": community,
            "is_party_member": True,
            "note": "在职党员，双报到",
        },
    )
    hospital = ensure(
        Provider,
        {"name": "惠济区人民医院", "area": demo.areas["迎宾路街道"]},
        {
            "kind": ProviderKind.UNIT,
            "address": "迎宾路88号",
            "contact_name": "张卫东",
            "contact_phone": "13903710053",
        },
        by=worker,
    )
    ensure(ProviderClerk, {"phone": DEMO_UNIT_CLERK_PHONE}, {"provider": hospital, "name": "张敏"})
    if Claim.objects.exists():
        return
    _wishes(demo, community, worker, departments)
    _ticket(community, worker, departments["惠济区文旅体局"])


def _wish(community, worker, title, description):
    return needs.post_need(
        community=community,
        by=worker,
        title=title,
        description=description,
        requester_name="王秀英",
        people_affected=1,
    )


def _wishes(demo, community, worker, departments):
    """Each kind of claimant, each at a step: fulfilled, confirmed, awaiting
    the community's confirmation; and one wish still open."""
    today = clock.today()
    radio = _wish(community, worker, "独居老人王奶奶想要一台收音机", "王奶奶眼睛不好，想听戏曲。")
    by_member = services.claim_as_resident(
        need_id=radio.pk,
        phone=DEMO_PARTY_MEMBER_PHONE,
        plan="周六上门送一台收音机，教会王奶奶使用",
        as_unit=False,
    )
    services.confirm(claim=by_member, by=worker)
    services.fulfil(claim=by_member, note="收音机已送到，王奶奶很满意。", on=today)

    pressure = _wish(community, worker, "张大爷想定期量血压", "张大爷有高血压，行动不便。")
    by_unit = services.claim_as_resident(
        need_id=pressure.pk,
        phone=DEMO_UNIT_CLERK_PHONE,
        plan="医院党支部每月上门义诊一次",
        as_unit=True,
    )
    services.confirm(claim=by_unit, by=worker)

    books = _wish(community, worker, "留守儿童小宇想要一套课外书", "小宇上四年级，喜欢科普读物。")
    services.claim_as_department(
        need_id=books.pk,
        user=User.objects.get(username="department"),
        plan="团委青年志愿者送书上门并结对辅导",
    )
    baking = _wish(community, worker, "单亲妈妈李女士想学面点手艺", "希望学一门手艺补贴家用。")
    by_federation = services.claim_as_department(
        need_id=baking.pk,
        user=User.objects.get(username="fulian"),
        plan="妇联巾帼创业培训班面点课程留一个名额",
    )
    services.confirm(claim=by_federation, by=worker)
    services.fulfil(claim=by_federation, note="李女士已参加三期面点培训。", on=today)
    _wish(community, worker, "空巢老人赵奶奶想有人陪她聊聊天", "子女在外地，每周想有人来坐坐。")


def _ticket(community, worker, culture):
    """A ticket the community gives to 文旅体局: the square's stage lights."""
    category = TicketCategory.objects.filter(name="设施损坏").first()
    if category is None:
        return
    ticket = tickets.report(
        community=community,
        category=category,
        description="社区文化广场舞台灯光损坏，晚上广场舞队无法活动。",
        location="英才社区文化广场",
        source=Source.GRID,
        reporter=worker,
    )
    tickets.accept(ticket=ticket, by=worker)
    tickets.assign(ticket=ticket, by=worker, department_on_platform=culture)
