"""What the seeds' headline figures (issue 23) need from the ledger, at the
demo's scale (40 communities; Huiji's figures over about a fifth of them):
organisations founded through the demo's year with their members (Huiji:
+220 organisations, +3,200 members a year), static groups turned to
service (80+), brand organisations in every street (10+, 一街多品 and
一社一品), and the lectures of the four programmes through the year.

Built right after the ledger (devdata.demo.orgs), so every later builder
(grids, platforms, projects) finds these organisations on the first run as
on a rerun. Each step is done once: a rerun changes nothing.
"""

from datetime import date, timedelta

from devdata import names
from lib import audit
from orgs.models import Area, Category, FilingStatus, Organisation, Training
from orgs.services import transformations

from .orgs import TODAY, _legacy_filing, ensure

GROWTH_NOTE = "2026年新培育"
TURN_NOTE = "从文体娱乐转向为居民提供志愿服务。"
NEW_KINDS = ["邻里互助队", "助老服务队", "文明劝导队", "环保志愿队", "亲子读书会", "睦邻议事会"]
# devdata.demo.orgs.people() draws the members of these communities'
# organisations in order: one more organisation there would change them.
LISTED = {"英才社区", "天河社区", "新都汇社区", "清华园社区"}


def build(demo):
    growth(demo)
    turned_to_service(demo)
    brands(demo)
    lectures(demo)


def growth(demo):
    """About thirty organisations founded this year in three communities of
    each street's five (two in the first); the grids builder places them."""
    rng = demo.rng("growth")
    categories = list(Category.objects.filter(parent__isnull=False).order_by("pk"))
    communities = Area.objects.under(demo.areas["惠济区"]).communities().order_by("code")
    for index, community in enumerate(communities):
        if index % 5 > 2 or community.name in LISTED:
            continue
        for number in range(2 if index % 5 == 0 else 1):
            name = f"{community.name}{NEW_KINDS[(index + number) % len(NEW_KINDS)]}"
            founded = date(2026, 1 + (index * 3 + number * 5) % 10, 1 + index % 27)
            org = ensure(
                Organisation,
                {"name": name, "area": community},
                {
                    "category": categories[(index + number) % len(categories)],
                    "leader_name": names.person_name(rng),
                    "leader_phone": names.phone(rng),
                    "member_count": rng.randint(8, 30),
                    "founded_on": founded,
                    "venue": f"{community.name}党群服务中心",
                    "description": GROWTH_NOTE,
                },
                by=demo.actor,
            )
            # Most file within a couple of months; those of the autumn not yet.
            if founded.month < 9 and org.filing_status == FilingStatus.NOT_FILED:
                _legacy_filing(org, founded + timedelta(days=60), demo.actor)


def turned_to_service(demo):
    """Static groups (a choir, a fan-dance troupe) that turned to serving
    residents through 2025 and 2026: the seeds count 80 and more, the demo
    sixteen. Groups of their own, made once, so the ledger's draws stay."""
    rng = demo.rng("turned")
    categories = list(Category.objects.filter(parent__isnull=False).order_by("pk"))
    communities = list(
        Area.objects.under(demo.areas["惠济区"])
        .communities()
        .exclude(name__in=LISTED)
        .order_by("code")
    )
    for index in range(16):
        community = communities[(index * 7) % len(communities)]
        name = f"{community.name}{['扇子舞队', '晨练队', '老年合唱队', '棋牌娱乐队'][index % 4]}"
        if Organisation.objects.filter(name=name, area=community).exists():
            continue
        org = ensure(
            Organisation,
            {"name": name, "area": community},
            {
                "category": categories[index % len(categories)],
                "leader_name": names.person_name(rng),
                "leader_phone": names.phone(rng),
                "member_count": rng.randint(10, 40),
                "founded_on": date(2015 + index % 8, 1 + index % 12, 10),
                "venue": f"{community.name}文化广场",
                "is_service_oriented": False,
            },
            by=demo.actor,
        )
        _legacy_filing(org, date(2023, 3, 1 + index), demo.actor)
        transformations.become_service_oriented(
            organisation=org,
            on=min(date(2025, 2, 10) + timedelta(days=41 * index), TODAY - timedelta(days=7)),
            by=demo.actor,
            note=TURN_NOTE,
        )


def brands(demo):
    """A brand in the first two communities of every urban street and the
    first village of every town (一社一品): the largest live
    service-oriented organisation there, so most streets have two or more
    (一街多品)."""
    for street in Area.objects.under(demo.areas["惠济区"]).streets().order_by("code"):
        for first in street.children.order_by("code")[: 1 if street.is_rural else 2]:
            _brand_in(demo, first)


def _brand_in(demo, first):
    if not Organisation.objects.filter(area=first, is_brand=True).exists():
        org = (
            Organisation.objects.live()
            .filter(area=first, is_service_oriented=True, founded_on__lt=date(2024, 1, 1))
            .order_by("-member_count", "pk")
            .first()
        )
        if org is not None:
            org.is_brand = True
            audit.bulk_update(Organisation, [org], ["is_brand"], user=demo.actor)


def lectures(demo):
    """The rotating lectures of the four programmes go on through 2026."""
    district = demo.areas["惠济区"]
    streets = list(Area.objects.under(district).streets().order_by("code"))
    for number in range(16, 31):
        held_on = date(2026, 1, 8) + timedelta(days=(number - 16) * 21)
        if held_on >= TODAY:
            break
        programme, topic = names.TRAINING_TOPICS[number % len(names.TRAINING_TOPICS)]
        area = district if number % 4 == 0 else streets[number % len(streets)]
        ensure(
            Training,
            {"topic": f"{topic}（第{number + 1}期）", "held_on": held_on},
            {
                "area": area,
                "organiser": "惠济区社区社会组织孵化基地"
                if area == district
                else f"{area.name}社区社会组织孵化中心",
                "programme": programme,
                "venue": "孵化中心培训室",
                "hours": 3,
                "headcount": demo.rng(f"training-{number}").randint(140, 210),
            },
            by=demo.actor,
        )
