"""Demo data for the root app: the territory of one district and an account
per role. Names are Huiji District's streets and towns with illustrative
communities; the codes follow the statistical pattern (streets 001-099,
towns 100-199) but are not the official ones.
"""

from orgs.models import Area, AreaLevel, Category, Organisation, User
from orgs.roles import Role

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

# A few organisations so the organisation leader has one; the organisations
# issue replaces this with a full ledger.
ORGANISATIONS = [
    ("英才社区", "英才社区红马甲志愿服务队"),
    ("天河社区", "天河社区银龄之声合唱队"),
    ("新都汇社区", "新都汇合唱团"),
    ("花园口村", "花园口村乡贤理事会"),
]

# username, role, name, post, area name (or None), organisation name (or None)
ACCOUNTS = [
    ("admin", Role.PLATFORM_ADMIN, "平台管理员", "区民政局信息科", None, None),
    ("district", Role.DISTRICT_STAFF, "王敏", "惠济区民政局社会组织科", "惠济区", None),
    ("street", Role.STREET_OFFICER, "李强", "迎宾路街道社会事务办", "迎宾路街道", None),
    ("street2", Role.STREET_OFFICER, "赵静", "大河路街道社会事务办", "大河路街道", None),
    ("community", Role.COMMUNITY_WORKER, "张丽", "英才社区居委会", "英才社区", None),
    ("operator", Role.INCUBATOR_OPERATOR, "陈晨", "惠济区阳光社会工作服务中心", "惠济区", None),
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


def ensure(model, lookup: dict, values: dict, *, clean_exclude=()):
    """Get or create the row, and save it only if a value differs.

    Saving unchanged rows on every run would add a history entry each time.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(exclude=clean_exclude)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean(exclude=clean_exclude)
        obj.save()
    return obj


def build(demo):
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

    organisations = {}
    volunteering = Category.objects.get(name="志愿服务组织")
    for community_name, name in ORGANISATIONS:
        organisations[name] = ensure(
            Organisation,
            {"name": name, "area": demo.areas[community_name]},
            {"category": volunteering, "leader_name": "刘芳"},
        )

    for username, role, name, post, area_name, organisation_name in ACCOUNTS:
        user = ensure(
            User,
            {"username": username},
            {
                "role": role,
                "name": name,
                "title": post,
                "area": demo.areas.get(area_name),
                "organisation": organisations.get(organisation_name),
                "is_superuser": role == Role.PLATFORM_ADMIN,
                "is_active": True,
            },
            clean_exclude=["password"],  # set just below, and only when it differs
        )
        if not user.check_password(demo.password):
            user.set_password(demo.password)
            user.save(update_fields=["password"])
        demo.add_login(user)
