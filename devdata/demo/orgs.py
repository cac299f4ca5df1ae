"""Demo data for the root app: the territory of Huiji District, an account
per role, and a ledger of a few hundred organisations with their people,
trainings and volunteer hours, including the stories the Huiji report tells
(an epidemic-control team turned elder-care team, choirs merged into one).

Names of streets and towns are Huiji's, and the communities the report
names sit where it puts them; other communities are illustrative. Codes
follow the statistical pattern (streets 001-099, towns 100-199) but are not
the official ones. Every step is safe to run again: rows are found by their
natural keys, and the one-off stories check whether they already happened.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from stdnum.cn import ric, uscc

from devdata import names
from lib import audit
from orgs.models import (
    Area,
    AreaLevel,
    Attendance,
    Category,
    Commendation,
    FilingStatus,
    MemberRole,
    Membership,
    Organisation,
    PartyOrgType,
    Person,
    ServiceRecord,
    Stage,
    Status,
    Talent,
    Tier,
    Training,
    TransformationKind,
    User,
)
from orgs.roles import Role
from orgs.services import filing, transformations, volunteering

CITY = ("4101", "郑州市")
DISTRICT = ("410108", "惠济区")

# (code suffix, name, rural, [communities])
STREETS = [
    ("001", "新城街道", False, ["新城社区", "绿城社区", "南阳社区", "正弘社区", "汇苑社区"]),
    ("002", "长兴路街道", False, ["长兴社区", "开元社区", "北林社区", "金洼社区", "丰乐社区"]),
    ("003", "迎宾路街道", False, ["英才社区", "迎宾社区", "江山社区", "文化社区", "英协社区"]),
    ("004", "大河路街道", False, ["天河社区", "大河社区", "汇智社区", "毛庄社区", "固城社区"]),
    ("005", "刘寨街道", False, ["新都汇社区", "清华园社区", "刘寨社区", "八里庙社区", "杜庄社区"]),
    ("006", "老鸦陈街道", False, ["老鸦陈社区", "东赵社区", "双桥社区", "薛岗社区", "张庄社区"]),
    ("100", "花园口镇", True, ["花园口村", "八堡村", "南月堤村", "申庄村", "东大坝村"]),
    ("101", "古荥镇", True, ["古荥村", "黄河桥村", "孙庄村", "纪公庙村", "石佛村"]),
]

# username, role, name, post, area name (or None), organisation name (or None)
ACCOUNTS = [
    ("district", Role.DISTRICT_STAFF, "王敏", "惠济区民政局社会组织科", "惠济区", None),
    ("street", Role.STREET_OFFICER, "李强", "迎宾路街道社会事务办", "迎宾路街道", None),
    ("street2", Role.STREET_OFFICER, "赵静", "大河路街道社会事务办", "大河路街道", None),
    ("community", Role.COMMUNITY_WORKER, "张丽", "英才社区居委会", "英才社区", None),
    (
        "operator",
        Role.INCUBATOR_OPERATOR,
        "陈晨",
        "孵化基地运营主管",
        "惠济区",
        "惠济区阳光社会工作服务中心",
    ),
    (
        "leader",
        Role.ORG_LEADER,
        "刘芳",
        "红马甲志愿服务队队长",
        "英才社区",
        "英才社区红马甲志愿服务队",
    ),
    ("grid", Role.GRID_MEMBER, "孙伟", "英才社区第一网格网格员", "英才社区", None),
    ("reviewer", Role.REVIEWER, "周敏", "公益创投评审专家", "惠济区", None),
]

BRANDS = [
    "新都汇合唱团",
    "英才社区红马甲志愿服务队",
    "天河社区银龄之声合唱队",
    "天河社区夕阳红舞蹈队",
    "清华园社区平安巡逻队",
]
TODAY = date(2026, 11, 24)  # the demo's day: every date of its story is relative to it
LEADERS_TEAM = "英才社区红马甲志愿服务队"  # the `leader` login's organisation


def ensure(model, lookup: dict, values: dict, *, clean_exclude=(), by=None):
    """Get or create the row, and save it only if a value differs.

    Saving unchanged rows on every run would add a history entry each time.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    else:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if not changed:
            return obj
        for name in changed:
            setattr(obj, name, values[name])
    obj.full_clean(exclude=clean_exclude)
    if by is not None:
        obj._history_user = by
    obj.save()
    return obj


def build(demo):
    territory(demo)
    demo.actor = account(
        demo, "admin", Role.PLATFORM_ADMIN, "平台管理员", "区民政局信息科", None, None
    )
    organisations(demo)
    stories(demo)
    for row in ACCOUNTS:
        account(demo, *row)
    filing_queue(demo)
    people(demo)
    trainings(demo)
    service_hours(demo)
    commendations(demo)


# Honours shown on the organisations' public pages: (organisation, title, by, on).
COMMENDATIONS = [
    ("英才社区红马甲志愿服务队", "2025年度优秀社区社会组织", "惠济区民政局", date(2026, 1, 15)),
    ("英才社区红马甲志愿服务队", "郑州市学雷锋志愿服务先进集体", "郑州市文明办", date(2025, 3, 5)),
    ("新都汇合唱团", "2025年度优秀社区社会组织", "惠济区民政局", date(2026, 1, 15)),
]


def commendations(demo):
    for name, title, awarded_by, awarded_on in COMMENDATIONS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            continue
        ensure(
            Commendation,
            {"organisation": organisation, "title": title},
            {"awarded_by": awarded_by, "awarded_on": awarded_on, "recorded_by": demo.actor},
            clean_exclude=["recorded_by"],
        )


def territory(demo):
    city = ensure(Area, {"code": CITY[0]}, {"name": CITY[1], "level": AreaLevel.CITY})
    district = ensure(
        Area,
        {"code": DISTRICT[0]},
        {"name": DISTRICT[1], "level": AreaLevel.DISTRICT, "parent": city},
    )
    demo.areas.update({city.name: city, district.name: district})
    for suffix, street_name, rural, communities in STREETS:
        street = ensure(
            Area,
            {"code": district.code + suffix},
            {"name": street_name, "level": AreaLevel.STREET, "parent": district, "is_rural": rural},
        )
        demo.areas[street.name] = street
        for number, community_name in enumerate(communities, start=1):
            community = ensure(
                Area,
                {"code": f"{street.code}{number:03d}"},
                {
                    "name": community_name,
                    "level": AreaLevel.COMMUNITY,
                    "parent": street,
                    "is_rural": community_name.endswith("村"),
                },
            )
            demo.areas[community.name] = community


def account(demo, username, role, name, post, area_name, organisation_name):
    organisation = Organisation.objects.get(name=organisation_name) if organisation_name else None
    user = ensure(
        User,
        {"username": username},
        {
            "role": role,
            "name": name,
            "title": post,
            "area": demo.areas.get(area_name),
            "organisation": organisation,
            "is_superuser": role == Role.PLATFORM_ADMIN,
            "is_active": True,
        },
        clean_exclude=["password"],  # set just below, and only when it differs
    )
    set_demo_password(demo, user)
    demo.add_login(user)
    return user


def set_demo_password(demo, user):
    """Every demo account has the printed password (one hash for all)."""
    if user.password != demo.password_hash:
        user.password = demo.password_hash
        user.save(update_fields=["password"])


def leader_account(demo, organisation):
    """The organisation leader's account (a demo colleague, not a printed
    login, but with the demo password): the one who files for it."""
    user = ensure(
        User,
        {"username": f"fz{organisation.pk}"},
        {
            "role": Role.ORG_LEADER,
            "name": organisation.leader_name,
            "title": f"{organisation.name}负责人",
            "area": organisation.area,
            "organisation": organisation,
            "is_active": True,
        },
        clean_exclude=["password"],
    )
    set_demo_password(demo, user)
    return user


# --- the ledger -------------------------------------------------------------


def _id_number(rng, born: date | None = None):
    born = born or date(1945, 1, 1) + timedelta(days=rng.randrange(365 * 45))
    body = f"410108{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _credit_code(rng, kind="51"):
    body = (
        kind
        + "410108"
        + "MJ"
        + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(7))
    )
    return body + uscc.calc_check_digit(body)


def organisations(demo):
    rng = demo.rng("organisations")
    categories = {c.name: c for c in Category.objects.filter(parent__isnull=False)}
    year_now = TODAY.year
    # Organisations with a member list count its members (see people()).
    listed = set(
        Membership.objects.current().values_list("organisation__name", "organisation__area")
    )
    for community in (
        Area.objects.under(demo.areas["惠济区"]).communities().select_related("parent")
    ):
        kinds = names.RURAL_KINDS if community.is_rural else names.URBAN_KINDS
        count = rng.randint(3, 5) if community.is_rural else rng.randint(6, 10)
        for kind in rng.sample(sorted(kinds), count):
            name = community.name + rng.choice(kinds[kind])
            members = rng.randint(6, 60)
            founded = date(rng.randint(2008, 2025), rng.randint(1, 12), rng.randint(1, 28))
            draws = {
                "leader": names.person_name(rng),
                "phone": names.phone(rng),
                "id": _id_number(rng),
                "party_leader": rng.random() < 0.3,
                "party": rng.randint(0, min(6, members)),
                "venue": rng.choice(names.VENUES),
                "party_org": rng.choices(
                    [
                        PartyOrgType.NONE,
                        PartyOrgType.FUNCTIONAL,
                        PartyOrgType.JOINT,
                        PartyOrgType.INDEPENDENT,
                    ],
                    [80, 12, 6, 2],
                )[0],
                "dormant": rng.random() < 0.05,
                "self": rng.random() < 0.08,
                "static": rng.random() < 0.12,
                "filed": rng.random() < 0.85,
                "filed_on": date(
                    rng.randint(max(founded.year, 2022), year_now - 1),
                    rng.randint(1, 12),
                    rng.randint(1, 28),
                ),
            }
            values = {
                "category": categories[kind],
                "leader_name": draws["leader"],
                "leader_phone": draws["phone"],
                "leader_id_number": draws["id"],
                "leader_is_party_member": draws["party_leader"],
                "member_count": members,
                "party_member_count": draws["party"],
                "founded_on": founded,
                "venue": community.name + draws["venue"],
                "party_org_type": draws["party_org"],
                "stage": Stage.SELF_ORGANISED if draws["self"] else Stage.COMMUNITY,
                "is_service_oriented": not draws["static"],
                "description": f"组织居民开展{kind}相关活动，服务社区居民。",
            }
            if (name, community.pk) in listed:
                del values["member_count"], values["party_member_count"]
            org = ensure(Organisation, {"name": name, "area": community}, values, by=demo.actor)
            if draws["dormant"] and org.status == Status.ACTIVE:
                org.status = Status.DORMANT
                audit.save(org, by=demo.actor, fields=["status"])
            if draws["filed"] and org.filing_status == FilingStatus.NOT_FILED and not draws["self"]:
                _legacy_filing(org, draws["filed_on"], demo.actor)

    # The social-work agencies that run the incubation platforms (资金代管 too).
    for agency, code_kind in (
        ("惠济区阳光社会工作服务中心", "52"),
        ("惠济区同心社会工作服务中心", "52"),
    ):
        ensure(
            Organisation,
            {"name": agency, "area": demo.areas["惠济区"]},
            {
                "category": categories["法律服务"] if "同心" in agency else categories["心理健康"],
                "leader_name": names.person_name(rng),
                "leader_phone": names.phone(rng),
                "member_count": rng.randint(15, 30),
                "party_member_count": rng.randint(3, 8),
                "founded_on": date(2017, rng.randint(1, 12), 1),
                "venue": "惠济区社会组织孵化基地",
                "tier": Tier.REGISTERED,
                "credit_code": _credit_code(rng, code_kind),
                "stage": Stage.SOCIAL_ORGANISATION,
                "party_org_type": PartyOrgType.INDEPENDENT,
                "description": "专业社会工作服务机构，承接孵化平台运营、项目设计与资金代管。",
            },
            by=demo.actor,
        )

    for street in Area.objects.under(demo.areas["惠济区"]).streets():
        ensure(
            Organisation,
            {"name": f"{street.name}社区社会组织联合会", "area": street},
            {
                "category": categories["志愿服务组织"]
                if street.is_rural
                else categories["扶老救孤"],
                "leader_name": names.person_name(rng),
                "leader_phone": names.phone(rng),
                "member_count": rng.randint(20, 40),
                "party_member_count": rng.randint(5, 10),
                "founded_on": date(2023, rng.randint(1, 12), 1),
                "venue": f"{street.name}社区社会组织孵化中心",
                "tier": Tier.REGISTERED,
                "credit_code": _credit_code(rng),
                "stage": Stage.SOCIAL_ORGANISATION,
                "is_hub": True,
                "party_org_type": PartyOrgType.INDEPENDENT,
                "description": "联系、服务、管理本街道社区社会组织，提供党建引领、培育孵化、资金代管、人员培训等服务。",
            },
            by=demo.actor,
        )


def _legacy_filing(org, filed_on, actor):
    """A filing made before the platform: numbered from the street's sequence."""
    org.certificate_number = filing.next_certificate_number(street=org.street, year=filed_on.year)
    org.filing_status = FilingStatus.APPROVED
    org.filed_on = filed_on
    org.tier = Tier.FILED
    audit.save(org, by=actor, reason="平台启用前已备案")


def stories(demo):
    """The events the Huiji report tells, each done once."""
    actor = demo.actor
    categories = {c.name: c for c in Category.objects.filter(parent__isnull=False)}

    def group(name, community, category, **values):
        """The organisation of a story, created once and then left to the story."""
        existing = Organisation.objects.filter(name=name, area=demo.areas[community]).first()
        if existing:
            return existing
        rng = demo.rng(name)
        return ensure(
            Organisation,
            {"name": name, "area": demo.areas[community]},
            {
                "category": categories[category],
                "leader_name": values.pop("leader", names.person_name(rng)),
                "leader_phone": names.phone(rng),
                "member_count": values.pop("members", 20),
                "founded_on": values.pop("founded", date(2020, 3, 1)),
                "venue": f"{community}党群服务中心",
                **values,
            },
            by=actor,
        )

    # 迎宾路街道英才社区: the epidemic-control volunteer team turned to elder care.
    if not Organisation.objects.filter(name="英才社区红马甲志愿服务队").exists():
        team = group(
            "英才社区疫情防控志愿服务队",
            "英才社区",
            "治安巡逻",
            leader="刘芳",
            members=18,
            is_service_oriented=False,
        )
        transformations.become_service_oriented(
            organisation=team,
            on=date(2023, 4, 10),
            by=actor,
            new_name="英才社区红马甲志愿服务队",
            new_category=categories["扶老救孤"],
            note="疫情防控任务结束后，结合社区老年人多的实际，转型为关爱老年人的志愿服务队。",
        )

    # 大河路街道天河社区: similar choirs merged into one (合并重整).
    target = group(
        "天河社区银龄之声合唱队", "天河社区", "戏曲", members=26, founded=date(2019, 9, 1)
    )
    if not target.transformations.filter(kind=TransformationKind.MERGED).exists():
        merged = [
            group("天河社区老年合唱团", "天河社区", "戏曲", members=12, founded=date(2018, 5, 1)),
            group("天河社区红歌队", "天河社区", "戏曲", members=9, founded=date(2021, 6, 1)),
        ]
        transformations.merge_organisations(
            sources=merged,
            into=target,
            on=date(2023, 8, 15),
            by=actor,
            note="趣缘党小组推动兴趣相近的自组织合并重整，规范化发展。",
        )

    # 刘寨街道新都汇社区: from singing enthusiasts to a registered troupe.
    choir = group("新都汇合唱团", "新都汇社区", "戏曲", members=45, founded=date(2016, 4, 1))
    if choir.tier != Tier.REGISTERED:
        transformations.upgrade(
            organisation=choir,
            on=date(2024, 10, 8),
            by=actor,
            credit_code=_credit_code(demo.rng("新都汇"), "52"),
            note="多次在省、市、区赛事中获奖，登记为民办非企业单位。",
        )

    # 刘寨街道清华园社区: a self-organised patrol became a community organisation.
    patrol = group(
        "清华园社区平安巡逻队", "清华园社区", "治安巡逻", members=14, stage=Stage.SELF_ORGANISED
    )
    if patrol.stage == Stage.SELF_ORGANISED:
        transformations.become_community_organisation(
            organisation=patrol, on=date(2024, 3, 5), by=actor, note="纳入网格治理，建立简易章程。"
        )

    # A dissolution.
    drums = group("刘寨社区腰鼓队", "刘寨社区", "舞蹈", members=8)
    if drums.is_live:
        transformations.dissolve(
            organisation=drums, on=date(2025, 12, 20), by=actor, note="成员年龄偏大，自愿解散。"
        )

    brands = list(Organisation.objects.filter(name__in=BRANDS, is_brand=False))
    for org in brands:
        org.is_brand = True
    audit.bulk_update(Organisation, brands, ["is_brand"], user=actor)


def filing_queue(demo):
    """The street officer's review queue: three waiting, one returned. Each
    filed by the organisation's leader, a few days before the demo's today."""
    yingbin = (
        Organisation.objects.in_area(demo.areas["迎宾路街道"])
        .live()
        .filter(filing_status=FilingStatus.NOT_FILED, tier=Tier.GUIDED)
    )
    waiting = Organisation.objects.in_area(demo.areas["迎宾路街道"]).filter(
        filing_status=FilingStatus.SUBMITTED
    )
    for org in yingbin.order_by("pk")[: max(0, 3 - waiting.count())]:
        application = filing.submit_filing(
            organisation=org, by=leader_account(demo, org), note="已制定简易章程，申请备案。"
        )
        days = 1 + org.pk % 5
        _dated(application, submitted_at=_at(TODAY - timedelta(days=days), 9 + days))
    if not Organisation.objects.filter(filing_status=FilingStatus.RETURNED).exists():
        candidate = (
            Organisation.objects.in_area(demo.areas["大河路街道"])
            .live()
            .filter(filing_status=FilingStatus.NOT_FILED, tier=Tier.GUIDED)
            .order_by("pk")
            .first()
        )
        if candidate:
            application = filing.submit_filing(
                organisation=candidate, by=leader_account(demo, candidate)
            )
            application = filing.return_filing(
                application=application,
                by=demo.accounts["street2"],
                reasons="成员名册不完整，请补充成员姓名及联系方式后重新提交。",
            )
            _dated(
                application,
                submitted_at=_at(TODAY - timedelta(days=12), 10),
                decided_at=_at(TODAY - timedelta(days=9), 15),
            )


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _dated(row, **moments):
    """Date a row's real-clock timestamps back into the demo's story."""
    type(row).objects.filter(pk=row.pk).update(**moments)


def people(demo):
    """Members of the organisations of four communities, and the talent pool."""
    rng = demo.rng("people")
    actor = demo.actor
    communities = ["英才社区", "天河社区", "新都汇社区", "清华园社区"]
    for community_name in communities:
        community = demo.areas[community_name]
        for org in Organisation.objects.filter(area=community).live().order_by("pk"):
            drawn = rng.randint(4, 8)
            # The demo leader's own team lists all its members; the others
            # list a few, and their ledger count says how many (below).
            size = org.member_count if org.name == LEADERS_TEAM else min(org.member_count, drawn)
            for index in range(size):
                person_name, phone = names.person_name(rng), names.phone(rng)
                if index == 0 and org.leader_name:  # the leader the ledger names
                    person_name, phone = org.leader_name, org.leader_phone or phone
                with_id = rng.random() < 0.5
                person = ensure(
                    Person,
                    {"community": community, "name": person_name, "phone": phone},
                    {
                        "gender": rng.choice(["f", "f", "m"]),
                        "id_number": _id_number(rng) if with_id else "",
                        "is_party_member": rng.random() < 0.2,
                    },
                    by=actor,
                )
                role = (
                    MemberRole.LEADER
                    if index == 0
                    else (MemberRole.BACKBONE if index < 3 else MemberRole.MEMBER)
                )
                joined = date(rng.randint(2019, 2025), rng.randint(1, 12), 1)
                if (
                    not Membership.objects.current()
                    .filter(person=person, organisation=org)
                    .exists()
                ):
                    membership = Membership(
                        person=person, organisation=org, role=role, joined_on=joined
                    )
                    audit.save(membership, by=actor)
            _count_listed_members(org, actor)
    # Built once: later builders add people (the volunteers who register),
    # who would change the sample drawn on a rerun.
    if Talent.objects.filter(
        person__community__code__startswith=demo.areas["惠济区"].code
    ).exists():
        return
    talent_rng = demo.rng("talent")
    candidates = list(Person.objects.in_area(demo.areas["惠济区"]).order_by("pk")[:400])
    for person in talent_rng.sample(candidates, min(42, len(candidates))):
        skills = "、".join(talent_rng.sample(names.SKILLS, 2))
        ensure(
            Talent,
            {"person": person},
            {"skills": skills, "listed_on": date(2024, 6, 1), "listed_by": actor},
            by=actor,
        )


def _count_listed_members(org, actor):
    """An organisation with a member list counts the members it lists."""
    listed = Membership.objects.current().filter(organisation=org)
    counts = {
        "member_count": listed.count(),
        "party_member_count": listed.filter(person__is_party_member=True).count(),
    }
    if any(getattr(org, name) != value for name, value in counts.items()):
        for name, value in counts.items():
            setattr(org, name, value)
        audit.save(org, by=actor, fields=[*counts, "updated_at"])


def trainings(demo):
    """Sixteen rotating lectures (轮值授课) of the four programmes, ~2,800 person-times."""
    district = demo.areas["惠济区"]
    streets = list(Area.objects.under(district).streets())
    people_pool = list(Person.objects.in_area(district).order_by("pk"))
    for number in range(16):
        programme, topic = names.TRAINING_TOPICS[number % len(names.TRAINING_TOPICS)]
        area = district if number % 4 == 0 else streets[number % len(streets)]
        held_on = date(2025, 1, 1) + timedelta(days=number * 21)
        training = ensure(
            Training,
            {"topic": f"{topic}（第{number + 1}期）", "held_on": held_on},
            {
                "area": area,
                "organiser": f"{area.name}社区社会组织孵化中心"
                if area != district
                else "惠济区社区社会组织孵化基地",
                "programme": programme,
                "venue": "孵化中心培训室",
                "hours": 3,
                "headcount": demo.rng(f"training-{number}").randint(140, 210),
            },
            by=demo.actor,
        )
        if number < 4 and not training.attendances.exists():
            listed = demo.rng(f"attendance-{number}").sample(people_pool, min(30, len(people_pool)))
            Attendance.objects.bulk_create(Attendance(training=training, person=p) for p in listed)


def service_hours(demo):
    """Volunteer service of the last months, points earned and some exchanged."""
    district = demo.areas["惠济区"]
    if ServiceRecord.objects.filter(person__community__code__startswith=district.code).exists():
        return
    rng = demo.rng("service")
    volunteers = list(Person.objects.in_area(district).order_by("pk")[:120])
    activities = [
        "楼院巡查",
        "助老陪伴",
        "垃圾分类督导",
        "环境整治",
        "政策宣传",
        "文艺演出",
        "义剪服务",
        "邻里调解",
    ]
    for _ in range(300):
        person = rng.choice(volunteers)
        membership = person.memberships.first()
        volunteering.record_service(
            person=person,
            organisation=membership.organisation if membership else None,
            served_on=TODAY - timedelta(days=rng.randint(1, 300)),
            hours=rng.choice([1, 1.5, 2, 2, 3, 4]),
            activity=rng.choice(activities),
            by=demo.actor,
        )
    for person in rng.sample(volunteers, 20):
        balance = volunteering.balance(person)
        if balance >= 20:
            volunteering.exchange_points(
                person=person,
                points=rng.choice([10, 20]) if balance < 50 else 50,
                description=rng.choice(
                    ["兑换洗衣液", "兑换大米一袋", "兑换理发服务", "兑换食用油"]
                ),
                on=TODAY - timedelta(days=rng.randint(1, 30)),
                by=demo.actor,
            )
