"""The city generator (see devdata.citygen): micro-projects with their bids.

Each district runs last year's round (results published, projects awarded,
in delivery or delivered) and this year's (some projects still open for
bids). Bidders are organisations of the project's street, each with a
leader's account."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from devdata.city.orgs import ACCOUNT_FIELDS, password_hash
from orgs.models import ServedGroup, Tier, User
from orgs.roles import Role
from projects.models import Bid, BidStatus, Direction, Project, ProjectStatus, Round, RoundStatus

# Each title with the groups it serves (orgs.ServedGroup's default names).
TITLES = [
    ("“银龄互助”居家养老探访服务", ["空巢独居老人"]),
    ("“四点半课堂”青少年课后托管", ["儿童", "青少年"]),
    ("楼栋邻里节与睦邻议事", ["全体居民"]),
    ("垃圾分类督导与环境微改造", ["全体居民"]),
    ("“红袖标”平安巡逻志愿服务", ["全体居民"]),
    ("残障人士康复陪伴", ["残疾人"]),
    ("社区矛盾纠纷调解服务", ["全体居民"]),
    ("老旧小区楼道微更新", ["老年人"]),
    ("非遗剪纸传承课堂", ["老年人", "儿童"]),
    ("困境儿童关爱成长计划", ["困境儿童"]),
]


def _at(day, hour=17):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build(city):
    rng = city.rng("projects")
    made = city.made
    directions = list(Direction.objects.order_by("pk").values_list("pk", flat=True))
    this_year = city.today.year
    rounds = []  # (district, year, status)
    for district, _code in made["districts"]:
        rounds.append((district, city.year, RoundStatus.PUBLISHED))
        rounds.append((district, this_year, RoundStatus.OPEN))
    round_ids = city.insert(
        Round,
        [
            "title",
            "district",
            "fund",
            "budget",
            "opens_on",
            "bids_close_at",
            "review_ends_on",
            "results_on",
            "status",
        ],
        [
            (
                f"{year}年度社区公益微创投",
                district,
                made["funds"][district],
                made["fund_budget"],
                _open_day(city, year),
                _at(_close_day(city, year)),
                _close_day(city, year) + timedelta(days=14),
                _close_day(city, year) + timedelta(days=21),
                status,
            )
            for district, year, status in rounds
        ],
    )
    round_of = {(d, y): pk for pk, (d, y, _s) in zip(round_ids, rounds, strict=True)}

    # Bidders: live filed or registered organisations, by street.
    by_street: dict[int, list[int]] = {}
    for org, community, street, live, tier in made["organisations"]:
        if community is not None and live and tier != Tier.GUIDED:
            by_street.setdefault(street, []).append(org)
    district_of_street = {pk: district for pk, _c, district in made["streets"]}
    communities = made["communities"]
    users = made["users"]
    projects, bids, leaders = [], [], {}
    for n in range(city.sizes["projects"]):
        community, code, street, community_name, _rural = communities[n % len(communities)]
        district = district_of_street[street]
        current = n % 4 == 0  # a quarter in this year's round
        year = this_year if current else city.year
        ceiling = Decimal(rng.choice([20000, 30000, 50000, 80000, 100000]))
        pool = by_street.get(street, [])
        bidders = rng.sample(pool, min(len(pool), rng.randrange(1, 5)))
        if current:
            status = ProjectStatus.BIDDING if bidders else ProjectStatus.PUBLISHED
        else:
            status = rng.choice(
                [ProjectStatus.AWARDED, ProjectStatus.IN_DELIVERY, ProjectStatus.DELIVERED]
            )
            if not bidders:
                status = ProjectStatus.NO_BIDS
        awarded = status in (
            ProjectStatus.AWARDED,
            ProjectStatus.IN_DELIVERY,
            ProjectStatus.DELIVERED,
        )
        starts = _close_day(city, year) + timedelta(days=30)
        projects.append(
            (
                f"{community_name}{TITLES[n % len(TITLES)][0]}",
                community,
                round_of[(district, year)],
                made["funds"][district],
                directions[n % len(directions)] if directions else None,
                "面向社区居民提供公益服务，回应居民需求清单。",
                "服务记录、活动照片、居民满意度调查",
                rng.randrange(30, 500),
                ceiling,
                starts,
                starts + timedelta(days=180),
                _at(_close_day(city, year)),
                status,
                users[f"c{code}"],
                (ceiling * Decimal("0.9")).quantize(Decimal("0.01")) if awarded else None,
                city.now,
            )
        )
        for i, org in enumerate(bidders):
            if org not in leaders:
                leaders[org] = len(leaders)
            if awarded:
                bid_status = BidStatus.AWARDED if i == 0 else BidStatus.NOT_AWARDED
            else:
                bid_status = BidStatus.SUBMITTED
            bids.append((n, org, bid_status))
    # Leaders' accounts first: a bid is submitted by one.
    leader_ids = city.insert(
        User,
        ACCOUNT_FIELDS,
        [
            (
                password_hash(),
                f"o{org}",
                f"负责人{org}",
                Role.ORG_LEADER,
                None,
                org,
                "负责人",
                city.now,
            )
            for org in leaders
        ],
    )
    account_of = {org: leader_ids[i] for org, i in leaders.items()}
    project_ids = city.insert(
        Project,
        [
            "title",
            "community",
            "round",
            "fund",
            "direction",
            "description",
            "deliverables",
            "beneficiaries",
            "budget_ceiling",
            "starts_on",
            "ends_on",
            "bids_close_at",
            "status",
            "drafted_by",
            "awarded_amount",
            "created_at",
        ],
        projects,
    )
    city.insert(
        Bid,
        ["project", "organisation", "proposal", "team", "schedule", "status", "submitted_by"],
        (
            (
                project_ids[n],
                org,
                "组织骨干成员入户走访，按月开展主题服务活动。",
                "负责人统筹，骨干成员分组执行，志愿者协助。",
                "第一月调研，第二至五月实施，第六月总结。",
                status,
                account_of[org],
            )
            for n, org, status in bids
        ),
    )
    _groups(city, project_ids)
    made["rounds"] = round_of
    city.reset_sequences([User, Round, Project, Bid, Project.groups.through])


def _groups(city, project_ids) -> None:
    """Whom each project serves, by its title."""
    ids = dict(ServedGroup.objects.values_list("name", "pk"))
    city.insert(
        Project.groups.through,
        ["project", "servedgroup"],
        (
            (pk, ids[name])
            for n, pk in enumerate(project_ids)
            for name in TITLES[n % len(TITLES)][1]
            if name in ids  # a district may have renamed the defaults
        ),
    )


def _open_day(city, year):
    return city.today.replace(year=year, month=3, day=1)


def _close_day(city, year):
    """Last year's bids closed in spring; this year's close a month from today."""
    if year == city.today.year:
        return city.today + timedelta(days=30)
    return city.today.replace(year=year, month=4, day=1)
