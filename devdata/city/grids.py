"""The city generator (see devdata.citygen): grids in every community and a
year of issue tickets, most closed and rated, the recent ones still open
(some of them overdue, for the escalation job to find)."""

import math
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from devdata.demo.orgs import names
from grids.models import Grid, Ticket, TicketCategory, TicketRating, TicketStatus
from grids.models.tickets import Source

PLACES = ["号楼一单元", "号楼楼道", "号院门口", "栋地下车库", "号楼后侧绿化带", "号商铺门前"]
FOUND = {
    "安全隐患": "楼道堆放杂物，电动车飞线充电",
    "矛盾纠纷": "楼上楼下因漏水产生纠纷",
    "环境卫生": "垃圾桶满溢未及时清运",
    "设施损坏": "路灯损坏，夜间出行不便",
    "政策咨询": "居民咨询高龄津贴申领",
    "违章搭建": "一楼住户私搭雨棚",
    "其他": "小区门禁故障",
}
DEPARTMENTS = ["城管", "物业", "供水公司", "供电所", "派出所"]
# Wuhan's centre (WGS-84), and the spacing of the communities' centres on a
# square lattice in the order of their codes, so a street's and a district's
# communities sit together: 1,400 communities over ~0.6° (about 60 km).
CENTRE = (30.59, 114.30)
SPACING = 0.016
SPREAD = 0.004  # a community's tickets around its centre (~400 m)


def centres(communities) -> dict[int, tuple[float, float]]:
    side = math.ceil(math.sqrt(len(communities)))
    found = {}
    for i, (community, *_rest) in enumerate(communities):
        row, col = divmod(i, side)
        found[community] = (
            CENTRE[0] + (row - side / 2) * SPACING,
            CENTRE[1] + (col - side / 2) * SPACING,
        )
    return found


def place_communities(centre_of) -> None:
    """The communities' centres (where the public map shows a home venue)."""
    from orgs.models import Area

    areas = list(Area.objects.filter(pk__in=centre_of).only("pk"))
    for area in areas:
        lat, lng = centre_of[area.pk]
        area.centre_latitude, area.centre_longitude = Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")
    Area.objects.bulk_update(areas, ["centre_latitude", "centre_longitude"], batch_size=2000)


def build(city):
    rng = city.rng("grids")
    made = city.made
    communities = made["communities"]
    per = max(1, city.sizes["grids"] // len(communities))
    extra = city.sizes["grids"] - per * len(communities)
    rows, grid_of = [], {}
    for i, (community, _code, _street, _name, _rural) in enumerate(communities):
        for number in range(1, per + (1 if i < extra else 0) + 1):
            rows.append((community, number, f"第{number}网格", rng.randrange(200, 900)))
    ids = city.insert(Grid, ["community", "number", "name", "households"], rows)
    for pk, (community, *_r) in zip(ids, rows, strict=True):
        grid_of.setdefault(community, []).append(pk)
    centre_of = centres(communities)
    place_communities(centre_of)
    tickets(city, rng, grid_of, centre_of)
    city.reset_sequences([Grid, Ticket, TicketRating])


TICKET_FIELDS = [
    "community",
    "grid",
    "category",
    "description",
    "location",
    "source",
    "reporter_organisation",
    "resident_name",
    "resident_phone",
    "status",
    "reported_at",
    "accepted_at",
    "due_on",
    "hold_started_on",
    "held_from",
    "rejection_reason",
    "assigned_user",
    "assigned_organisation",
    "assigned_department",
    "resolution",
    "resolved_at",
    "closed_at",
    "escalation",
    "rating",
    "rated_at",
    "no_answer",
    "latitude",
    "longitude",
]


def tickets(city, rng, grid_of, centre_of):
    """Tickets spread over the 365 days up to the generator's today."""
    categories = list(TicketCategory.objects.values_list("pk", "name", "deadline_days"))
    communities = city.made["communities"]
    users = city.made["users"]
    orgs_of: dict[int, list[int]] = {}
    for org, community, _street, live, _tier in city.made["organisations"]:
        if community is not None and live:
            orgs_of.setdefault(community, []).append(org)
    total = city.sizes["tickets"]
    end = timezone.make_aware(datetime.combine(city.today, time(18)))
    span = 365 * 24 * 3600
    ratings = []

    def rows():
        for n in range(total):
            community, code, _street, _name, _rural = communities[rng.randrange(len(communities))]
            grids = grid_of[community]
            category, category_name, days = categories[rng.randrange(len(categories))]
            age = int(span * (1 - (n / total)))  # oldest first
            reported = end - timedelta(seconds=age + rng.randrange(3600))
            accepted = reported + timedelta(hours=rng.randrange(1, 20))
            due = (accepted + timedelta(days=days * 7 // 5 + 1)).date()
            source = rng.choices([Source.RESIDENT, Source.GRID, Source.ORGANISATION], [50, 40, 10])[
                0
            ]
            organisations = orgs_of.get(community) or [None]
            reporter_org = rng.choice(organisations) if source == Source.ORGANISATION else None
            days_old = age // 86400
            draw = rng.random()
            if days_old > 20:
                status = (
                    TicketStatus.REJECTED
                    if draw < 0.03
                    else TicketStatus.CLOSED
                    if draw < 0.995
                    else TicketStatus.IN_PROGRESS  # long overdue
                )
            else:
                status = rng.choice(
                    [
                        TicketStatus.REPORTED,
                        TicketStatus.ACCEPTED,
                        TicketStatus.ASSIGNED,
                        TicketStatus.IN_PROGRESS,
                        TicketStatus.ON_HOLD,
                        TicketStatus.RESOLVED,
                        TicketStatus.CLOSED,
                        TicketStatus.CLOSED,
                    ]
                )
            reported_only = status in (TicketStatus.REPORTED, TicketStatus.REJECTED)
            assigned = not reported_only and status != TicketStatus.ACCEPTED
            to_org = assigned and rng.random() < 0.2 and organisations[0] is not None
            to_department = assigned and not to_org and rng.random() < 0.3
            resolved = status in (TicketStatus.RESOLVED, TicketStatus.CLOSED)
            resolved_at = (
                accepted + timedelta(hours=rng.randrange(4, days * 24)) if resolved else None
            )
            rating = rated_at = None
            no_answer = False
            if status == TicketStatus.CLOSED:
                if rng.random() < 0.75:
                    rating = rng.choices([5, 4, 3, 2, 1], [70, 22, 5, 2, 1])[0]
                    rated_at = resolved_at + timedelta(hours=rng.randrange(1, 48))
                    ratings.append((n, rating, rated_at))
                else:
                    no_answer = True
            closed_at = (
                (rated_at or (resolved_at + timedelta(days=3))) if status == "closed" else None
            )
            overdue_days = (city.today - due).days if not resolved and not reported_only else 0
            lat, lng = centre_of[community]
            yield (
                community,
                grids[rng.randrange(len(grids))],
                category,
                FOUND.get(category_name, "居民反映问题"),
                f"{rng.randrange(1, 40)}{rng.choice(PLACES)}",
                source,
                reporter_org,
                names.person_name(rng) if source == Source.RESIDENT else "",
                names.phone(rng) if source == Source.RESIDENT else "",
                status,
                reported,
                None if reported_only else accepted,
                None if reported_only else due,
                reported.date() + timedelta(days=2) if status == TicketStatus.ON_HOLD else None,
                TicketStatus.IN_PROGRESS if status == TicketStatus.ON_HOLD else "",
                "不属于网格事项，已告知居民" if status == TicketStatus.REJECTED else "",
                users[f"c{code}"] if assigned and not to_org and not to_department else None,
                rng.choice(organisations) if to_org else None,
                rng.choice(DEPARTMENTS) if to_department else "",
                "已现场处理并回访居民" if resolved else "",
                resolved_at,
                closed_at,
                2 if overdue_days > 60 else 1 if overdue_days > 30 else 0,
                rating,
                rated_at,
                no_answer,
                Decimal(f"{lat + rng.gauss(0, SPREAD):.6f}"),
                Decimal(f"{lng + rng.gauss(0, SPREAD):.6f}"),
            )

    ids = city.insert(Ticket, TICKET_FIELDS, rows())
    city.insert(
        TicketRating,
        ["ticket", "stars", "rated_at"],
        ((ids[n], stars, at) for n, stars, at in ratings),
    )
