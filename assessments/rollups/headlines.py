"""The seeds' own headline figures (issue 23), one grouped query each:
growth (增量), brands per street and community (一街多品, 一社一品), the
streets with a federation (联合会) and an incubation base, organisations in
grids (进网格), transformations by kind, and money, projects and
beneficiaries by direction (四领) and by group served.

Counted per area code like the other indicators (indicators.py adds them up
to every ancestor). A figure about streets counts each street once, at the
street's own code, so a district's value is how many of its streets have it;
communities with a brand likewise.
"""

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce

from grids.models import GridOrganisation
from incubators.models import Platform
from lib.periods import Period
from orgs.models import AreaLevel, Membership, Organisation, Transformation
from orgs.models.territory import CODE_LENGTHS
from projects.models import BeneficiaryCount, Project

from ..models import Figure
from .claims import count_claims
from .counting import Counts, awarded_in, new_q, standing_live_q
from .honours import count_honours
from .money import count_money_by_source
from .party import count_party
from .stories import count_stories
from .venues import count_venues
from .visits import count_visits

STREET = CODE_LENGTHS[AreaLevel.STREET]
COMMUNITY = CODE_LENGTHS[AreaLevel.COMMUNITY]
# At least this many brand organisations make a street "一街多品".
BRANDS_PER_STREET = 2


def count_headlines(counts: Counts, period: Period) -> None:
    _count_growth(counts, period)
    _count_brands(counts, period)
    _count_streets(counts, period)
    _count_grids(counts, period)
    _count_transformations(counts, period)
    _count_money(counts, period)
    count_visits(counts, period)
    count_stories(counts, period)  # stories published, communities by type (issue 24)
    count_party(counts, period)  # issue 24: party-member ties (assessments/rollups/party.py)
    count_venues(counts, period)  # venue bookings and hours (issue 24)
    count_honours(counts, period)
    count_money_by_source(counts, period)  # issue 24: money by source, subsidies paid
    count_claims(counts, period)  # issue 24: claims (认领)


def _count_growth(counts: Counts, period: Period) -> None:
    """New organisations (founded, or entered with no founding date, within
    the period, whatever became of them since) and new members: a new
    organisation's members as its ledger counts them, and for one that stood
    before, the members its list says joined within the period. Member lists
    are kept by few organisations (in the demo, four communities'), so the
    ledger's count is what most new members are known by."""
    new = Organisation.objects.filter(new_q(period))
    rows = list(
        new.values(code=F("area__code")).annotate(n=Count("pk"), members=Sum("member_count"))
    )
    counts.add(Figure.NEW_ORGANISATIONS, rows)
    counts.add(Figure.NEW_MEMBERS, rows, value="members")
    joined = (
        Membership.objects.filter(joined_on__gte=period.start, joined_on__lte=period.end)
        .exclude(new_q(period, "organisation__"))
        .values(code=F("organisation__area__code"))
        .annotate(n=Count("pk"))
    )
    counts.add(Figure.NEW_MEMBERS, joined)


def _count_brands(counts: Counts, period: Period) -> None:
    """Brand organisations standing at the period's end, the communities
    with one (一社一品) and the streets with at least two (一街多品), all
    from one grouped query."""
    rows = list(
        Organisation.objects.filter(standing_live_q(period), is_brand=True)
        .values(code=F("area__code"))
        .annotate(n=Count("pk"))
    )
    counts.add(Figure.BRAND_ORGANISATIONS, rows)
    counts.mark(
        Figure.COMMUNITIES_WITH_BRAND,
        [row["code"] for row in rows if len(row["code"]) == COMMUNITY],
    )
    per_street: dict[str, int] = {}
    for row in rows:
        if len(row["code"]) >= STREET:
            street = row["code"][:STREET]
            per_street[street] = per_street.get(street, 0) + row["n"]
    counts.mark(
        Figure.STREETS_WITH_BRANDS,
        [street for street, n in per_street.items() if n >= BRANDS_PER_STREET],
    )


def _count_streets(counts: Counts, period: Period) -> None:
    """Streets with a live federation (联合会) standing at the period's end,
    and with a street-level incubation base in operation (opened by then;
    whether it is in operation is today's word, platforms keep no history
    of it)."""
    hubs = (
        Organisation.objects.filter(standing_live_q(period), is_hub=True)
        .values_list("area__code", flat=True)
        .distinct()
    )
    counts.mark(Figure.STREETS_WITH_HUB, [code for code in hubs if len(code) == STREET])
    bases = (
        Platform.objects.filter(area__level=AreaLevel.STREET, is_active=True)
        .exclude(opened_on__gt=period.end)
        .values_list("area__code", flat=True)
        .distinct()
    )
    counts.mark(Figure.STREETS_WITH_BASE, list(bases))


def _count_grids(counts: Counts, period: Period) -> None:
    """Live organisations serving in a grid by the period's end (社区社会组织
    进网格) and their members, counted in the grid's community."""
    rows = (
        GridOrganisation.objects.filter(standing_live_q(period, "organisation__"))
        .exclude(joined_on__gt=period.end)
        .values(code=F("grid__community__code"))
        .annotate(n=Count("pk"), members=Sum("organisation__member_count"))
    )
    rows = list(rows)
    counts.add(Figure.GRID_ORGANISATIONS, rows)
    counts.add(Figure.GRID_MEMBERS, rows, value="members")


def _count_transformations(counts: Counts, period: Period) -> None:
    """Transformations within the period, by kind. A merger is recorded on
    its result and on each organisation merged in (with `result` set): it
    counts once, on its result."""
    counts.add_keyed(
        Figure.TRANSFORMATIONS,
        Transformation.objects.filter(
            occurred_on__gte=period.start, occurred_on__lte=period.end, result__isnull=True
        )
        .values(code=F("organisation__area__code"), key=F("kind"))
        .annotate(n=Count("pk")),
    )


def _count_money(counts: Counts, period: Period) -> None:
    """Projects awarded within the period: money by direction (四领), and
    projects and money by broad group served. A project serving two groups
    counts in each, so the groups add up to more than the projects; two
    narrower groups of one broad group count once."""
    won = awarded_in(period)
    counts.add_keyed(
        Figure.MONEY_BY_DIRECTION,
        won.values(code=F("community__code"), key=F("direction_id")).annotate(
            n=Sum("awarded_amount")
        ),
    )
    served = (
        Project.groups.through.objects.filter(project__in=won)
        .values_list(
            "project__community__code",
            Coalesce("servedgroup__parent_id", "servedgroup_id"),
            "project_id",
            "project__awarded_amount",
        )
        .distinct()
    )
    for code, group, _project, money in served:
        counts.add_keyed(Figure.PROJECTS_BY_GROUP, [{"code": code, "key": group, "n": 1}])
        counts.add_keyed(Figure.MONEY_BY_GROUP, [{"code": code, "key": group, "n": money}])
    counts.add_keyed(
        Figure.BENEFICIARIES_BY_GROUP,
        BeneficiaryCount.objects.filter(
            report__held_on__gte=period.start, report__held_on__lte=period.end
        )
        .values(
            code=F("report__project__community__code"),
            key=Coalesce("group__parent_id", "group_id"),
        )
        .annotate(n=Sum("count")),
    )
