"""The city generator's first part (see devdata.citygen): the territory, the
accounts, the organisations' ledger, people and their memberships."""

from datetime import date, timedelta
from functools import cache

from django.contrib.auth.hashers import make_password
from stdnum.cn import ric, uscc

from devdata import names
from devdata.management.commands.demo import DEMO_PASSWORD
from orgs.models import (
    Area,
    Category,
    CommunityType,
    Membership,
    Organisation,
    Person,
    Status,
    Tier,
    User,
)
from orgs.models.organisations import FilingStatus, PartyOrgType, Stage
from orgs.models.people import MemberRole
from orgs.roles import Role

# Wuhan's thirteen districts with their division codes; the last five are
# the rural ones, with towns (镇) and villages (村).
DISTRICTS = [
    ("420102", "江岸区", False),
    ("420103", "江汉区", False),
    ("420104", "硚口区", False),
    ("420105", "汉阳区", False),
    ("420106", "武昌区", False),
    ("420107", "青山区", False),
    ("420111", "洪山区", False),
    ("420112", "东西湖区", False),
    ("420113", "汉南区", True),
    ("420114", "蔡甸区", True),
    ("420115", "江夏区", True),
    ("420116", "黄陂区", True),
    ("420117", "新洲区", True),
]
PLACE_WORDS = [
    "花桥",
    "球场",
    "大智",
    "一元",
    "车站",
    "四唯",
    "永清",
    "台北",
    "劳动",
    "新村",
    "唐家墩",
    "民族",
    "民权",
    "满春",
    "汉兴",
    "前进",
    "常青",
    "北湖",
    "万松",
    "宝丰",
    "荣华",
    "汉正",
    "六角亭",
    "易家",
    "古田",
    "韩家墩",
    "长丰",
    "汉中",
    "建桥",
    "鹦鹉",
    "洲头",
    "五里墩",
    "琴断口",
    "江堤",
    "永丰",
    "积玉桥",
    "杨园",
    "徐家棚",
    "水果湖",
    "中华路",
    "黄鹤楼",
    "紫阳",
    "白沙洲",
    "首义",
    "南湖",
    "珞南",
    "关山",
    "狮子山",
    "张家湾",
    "洪山",
    "和平",
    "青山镇",
    "红钢城",
    "工人村",
    "冶金",
    "新沟桥",
    "钢都",
    "厂前",
    "吴家山",
    "将军路",
    "金银湖",
    "走马岭",
    "径河",
    "新沟",
    "长青",
    "柏泉",
    "纱帽",
    "邓南",
    "东荆",
    "永安",
    "侏儒",
    "奓山",
    "玉贤",
    "索河",
    "张湾",
    "蔡甸",
    "纸坊",
    "金口",
    "郑店",
    "五里界",
    "山坡",
    "安山",
    "湖泗",
    "舒安",
    "前川",
    "祁家湾",
    "横店",
    "罗汉寺",
    "滠口",
    "武湖",
    "天河",
    "王家河",
    "长轩岭",
    "李家集",
    "蔡店",
    "姚集",
    "邾城",
    "阳逻",
    "仓埠",
    "汪集",
    "李集",
    "三店",
    "潘塘",
    "旧街",
    "双柳",
    "涨渡湖",
    "凤凰",
    "徐古",
]
COMMUNITY_WORDS = [
    "幸福",
    "和谐",
    "阳光",
    "春晓",
    "丽岛",
    "百步亭",
    "东方",
    "惠民",
    "新华",
    "长春",
    "光明",
    "文化",
    "建设",
    "胜利",
    "友谊",
    "团结",
    "育才",
    "晴川",
    "锦绣",
    "花园",
    "翠微",
    "金桥",
    "滨江",
    "月湖",
    "桃源",
    "同心",
    "青年",
    "杨柳",
    "梅苑",
    "竹苑",
    "兰亭",
    "松柏",
    "枫林",
    "荷塘",
    "银河",
    "星光",
    "朝阳",
    "长虹",
    "紫荆",
    "怡康",
    "福星",
    "安居",
    "康宁",
    "永红",
    "红旗",
    "向阳",
    "新民",
    "振兴",
]


@cache
def password_hash() -> str:
    """One hash for every generated account (hashing is the slow part)."""
    return make_password(DEMO_PASSWORD)


def build(city):
    territory(city)
    accounts(city)
    organisations(city)
    people(city)
    city.reset_sequences([Area, User, Organisation, Person, Membership])


def territory(city):
    sizes = city.sizes
    (city_id,) = city.insert(Area, ["code", "name", "level"], [(city.code, city.name, "city")])
    districts = []
    for i in range(sizes["districts"]):
        if i < len(DISTRICTS) and DISTRICTS[i][0].startswith(city.code):
            districts.append(DISTRICTS[i])
        else:
            districts.append((f"{city.code}{i + 50:02d}", f"第{i + 1}区", i % 3 == 2))
    district_ids = city.insert(
        Area,
        ["code", "name", "level", "parent", "is_rural"],
        [(code, name, "district", city_id, rural) for code, name, rural in districts],
    )
    # Streets spread evenly over the districts, communities over the streets.
    streets = []
    for i in range(sizes["streets"]):
        d = i % len(districts)
        number = i // len(districts) + 1
        code, _name, rural = districts[d]
        word = PLACE_WORDS[i % len(PLACE_WORDS)]
        if i >= len(PLACE_WORDS):
            word += "东西南北中"[(i // len(PLACE_WORDS)) % 5]
        streets.append(
            (f"{code}{number:03d}", word + ("镇" if rural else "街道"), district_ids[d], rural)
        )
    street_ids = city.insert(
        Area,
        ["code", "name", "level", "parent", "is_rural"],
        [(code, name, "street", parent, rural) for code, name, parent, rural in streets],
    )
    communities = []
    for i in range(sizes["communities"]):
        s = i % len(streets)
        number = i // len(streets) + 1
        code, street_name, _parent, rural = streets[s]
        # Distinct within the street; the street's name tells streets apart.
        word = COMMUNITY_WORDS[(s * 7 + number - 1) % len(COMMUNITY_WORDS)]
        if number > len(COMMUNITY_WORDS):
            word += str(number)
        name = street_name[:2] + word + ("村" if rural else "社区")
        communities.append((f"{code}{number:03d}", name, street_ids[s], rural))
    # 一社一策 (issue 24): every urban community takes one of the shipped
    # types in turn (城市社区 most often); villages stay without one.
    types = list(CommunityType.objects.order_by("position", "pk").values_list("pk", flat=True))
    turn = [types[0], types[0], *types] if types else [None]
    community_ids = city.insert(
        Area,
        ["code", "name", "level", "parent", "is_rural", "community_type"],
        [
            (code, name, "community", parent, rural, None if rural else turn[n % len(turn)])
            for n, (code, name, parent, rural) in enumerate(communities)
        ],
    )
    city.made.update(
        city_id=city_id,
        districts=[(pk, code) for pk, (code, *_r) in zip(district_ids, districts, strict=True)],
        streets=[
            (pk, code, parent)
            for pk, (code, _n, parent, _r) in zip(street_ids, streets, strict=True)
        ],
        communities=[
            (pk, code, parent, name, rural)
            for pk, (code, name, parent, rural) in zip(community_ids, communities, strict=True)
        ],
    )


def _account(city, username, role, name, area_id, title, organisation_id=None):
    return (password_hash(), username, name, role, area_id, organisation_id, title, city.now)


ACCOUNT_FIELDS = [
    "password",
    "username",
    "name",
    "role",
    "area",
    "organisation",
    "title",
    "date_joined",
]


def accounts(city):
    """One admin for the city, and an officer for every district, street and
    community; usernames carry the area code (d420102, s420102001, ...)."""
    rows = [
        (
            password_hash(),
            f"admin{city.code}",
            "市平台管理员",
            Role.PLATFORM_ADMIN,
            None,
            None,
            "管理员",
            city.now,
        )
    ]
    made = city.made
    rows += [
        _account(city, f"d{code}", Role.DISTRICT_STAFF, _name(city, "d", pk), pk, "区民政局科员")
        for pk, code in made["districts"]
    ]
    rows += [
        _account(
            city, f"s{code}", Role.STREET_OFFICER, _name(city, "s", pk), pk, "街道社会事务办干事"
        )
        for pk, code, _p in made["streets"]
    ]
    rows += [
        _account(city, f"c{code}", Role.COMMUNITY_WORKER, _name(city, "c", pk), pk, "社区专干")
        for pk, code, *_r in made["communities"]
    ]
    ids = city.insert(User, ACCOUNT_FIELDS, rows)
    usernames = [row[1] for row in rows]
    city.made["users"] = dict(zip(usernames, ids, strict=True))
    User.objects.filter(pk=ids[0]).update(is_superuser=True)


def _name(city, section, number):
    return names.person_name(city.rng(f"name-{section}-{number}"))


def id_number(area_code: str, born: date, sequence: int) -> str:
    body = f"{area_code[:6]}{born:%Y%m%d}{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def credit_code(district_code: str, number: int, kind: str = "51") -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    digits = ""
    for _ in range(7):
        number, digit = divmod(number, len(alphabet))
        digits = alphabet[digit] + digits
    body = f"{kind}{district_code[:6]}MJ{digits}"
    return body + uscc.calc_check_digit(body)


ORG_FIELDS = [
    "name",
    "area",
    "category",
    "description",
    "leader_name",
    "leader_phone",
    "leader_id_number",
    "leader_is_party_member",
    "member_count",
    "party_member_count",
    "founded_on",
    "venue",
    "tier",
    "credit_code",
    "stage",
    "is_service_oriented",
    "status",
    "dissolved_on",
    "filing_status",
    "certificate_number",
    "filed_on",
    "party_org_type",
    "is_brand",
    "is_hub",
    "created_at",
]


def organisations(city):
    rng = city.rng("organisations")
    categories = dict(Category.objects.filter(parent__isnull=False).values_list("name", "pk"))
    fallback = sorted(categories.values())
    urban = [(categories.get(k, 0), ends) for k, ends in names.URBAN_KINDS.items()]
    rural = [(categories.get(k, 0), ends) for k, ends in names.RURAL_KINDS.items()]
    communities = city.made["communities"]
    total = city.sizes["organisations"]
    streets = city.made["streets"]
    district_code = {pk: code for pk, code in city.made["districts"]}
    street_district = {pk: district_code[parent] for pk, _code, parent in streets}
    hubs = min(len(streets), total)
    certificate = {}
    rows, meta = [], []  # meta: (community id or None, street id, live, tier)

    def row(name, area, street, kind, tier, hub=False):
        n = len(rows)
        founded = city.today - timedelta(days=200 + rng.randrange(3650))
        members = rng.randrange(8, 60)
        party = rng.randrange(0, max(1, members // 4))
        status = (
            rng.choices([Status.ACTIVE, Status.DORMANT, Status.DISSOLVED], [93, 4, 3])[0]
            if not hub
            else Status.ACTIVE
        )
        filing, certificate_number, filed_on = FilingStatus.NOT_FILED, "", None
        if tier == Tier.FILED:
            filing = rng.choices(
                [FilingStatus.APPROVED, FilingStatus.SUBMITTED, FilingStatus.NOT_FILED], [92, 5, 3]
            )[0]
            if filing == FilingStatus.APPROVED:
                filed_on = founded + timedelta(days=rng.randrange(30, 180))
                filed_on = min(filed_on, city.today)
                seq = certificate[street] = certificate.get(street, 0) + 1
                certificate_number = f"{street_code[street]}-{filed_on.year}-{seq:05d}"
        category, ends = kind
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 40))
        rows.append(
            (
                name,
                area,
                category or fallback[n % len(fallback)],
                f"{name}组织居民开展活动，服务社区。",
                names.person_name(rng),
                names.phone(rng),
                id_number(district_code_of[street], born, n),
                rng.random() < 0.4,
                members,
                party,
                founded,
                rng.choice(names.VENUES),
                tier,
                credit_code(district_code_of[street], n, "52" if hub else "51")
                if tier == Tier.REGISTERED
                else "",
                Stage.SOCIAL_ORGANISATION if tier == Tier.REGISTERED else Stage.COMMUNITY,
                rng.random() < 0.8,
                status,
                city.today - timedelta(days=rng.randrange(1, 300))
                if status == Status.DISSOLVED
                else None,
                filing,
                certificate_number,
                filed_on,
                rng.choices(
                    [PartyOrgType.NONE, PartyOrgType.JOINT, PartyOrgType.FUNCTIONAL], [70, 20, 10]
                )[0],
                rng.random() < 0.05,
                hub,
                city.now,
            )
        )
        meta.append((None if hub else area, street, status != Status.DISSOLVED, tier))

    street_code = {pk: code for pk, code, _parent in streets}
    district_code_of = street_district
    for i in range(hubs):
        pk, code, _parent = streets[i]
        name = f"{code[-3:]}号街道社区社会组织联合会"
        row(name, pk, pk, (0, None), Tier.REGISTERED, hub=True)
    # The rest spread over the communities, named after the community.
    taken: dict[int, set] = {}
    for n in range(total - hubs):
        pk, _code, street, community_name, is_rural = communities[n % len(communities)]
        kind = rng.choice(rural if is_rural else urban)
        ending = rng.choice(kind[1])
        name = community_name + ending
        used = taken.setdefault(pk, set())
        copy = 1
        while name in used:
            copy += 1
            name = f"{community_name}{ending}（{copy}）"
        used.add(name)
        tier = rng.choices([Tier.REGISTERED, Tier.FILED, Tier.GUIDED], [3, 62, 35])[0]
        row(name, pk, street, kind, tier)
    ids = city.insert(Organisation, ORG_FIELDS, rows)
    # (id, community id or None for a hub, street id, live, tier)
    city.made["organisations"] = [(pk, *m) for pk, m in zip(ids, meta, strict=True)]


def people(city):
    """Residents with their ID numbers (most of them) and memberships: each
    organisation's leader and a handful of members from its community."""
    rng = city.rng("people")
    communities = city.made["communities"]
    total = city.sizes["people"]
    rows, community_people = [], {}
    for n in range(total):
        pk, code, street, _name, _rural = communities[n % len(communities)]
        born = date(1945, 1, 1) + timedelta(days=(n // 1000) * 113 % 20000)
        rows.append(
            (
                names.person_name(rng),
                rng.choice("mf"),
                names.phone(rng) if rng.random() < 0.9 else "",
                id_number(code, born, n) if rng.random() < 0.7 else "",
                pk,
                rng.random() < 0.15,
                city.now,
            )
        )
    ids = city.insert(
        Person,
        ["name", "gender", "phone", "id_number", "community", "is_party_member", "created_at"],
        rows,
    )
    for pk, row in zip(ids, rows, strict=True):
        community_people.setdefault(row[4], []).append(pk)
    members = []
    for org, community, _street, live, _tier in city.made["organisations"]:
        pool = community_people.get(community)
        if not pool or not live:
            continue
        chosen = rng.sample(pool, min(len(pool), rng.randrange(3, 8)))
        for i, person in enumerate(chosen):
            role = MemberRole.LEADER if i == 0 else MemberRole.MEMBER
            members.append(
                (person, org, role, city.today - timedelta(days=rng.randrange(30, 2000)))
            )
    city.insert(Membership, ["person", "organisation", "role", "joined_on"], members)
    city.made["people"] = community_people
