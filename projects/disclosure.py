"""What anyone may know of rounds, projects, awards and money (信息公开), in
one place: the public pages (projects.views.disclosure), the open-data
files and the public API read it from here, so they cannot disagree.

- A round is public once it is opened (a draft is not). Its results (which
  organisation got which project for how much) once they are published.
- A project is public once published, if its round is public (or it has
  none). Bids stay sealed: before bidding closes only their number is
  public; a bid's content (proposal, team, budget, scores) never is.
- An award is public from its notice (公示): the organisation, the amount
  and the period; objections with their grounds, status and answer, naming
  the organisation but never the people who lodged or answered them.
- Money: a project's award and its payments (date, kind, amount); a fund's
  entries summed by month and kind, never their counterparties, purposes or
  vouchers (a donor may be a person).
- Photos: only those staff published.
- Groups served: a public project's groups, and its activities' beneficiaries
  by group (counts, never people).

Nothing here depends on who asks: these are the facts for everyone.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, Func, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.db.models.query import ModelIterable

from incubators.models import EntryKind, Fund, FundEntry
from lib import clock
from lib.masking import mask_text
from orgs.models import ServedGroup

from .models import (
    BLOCKING,
    ActivityPhoto,
    ActivityReport,
    AwardNotice,
    BeneficiaryCount,
    Bid,
    BidMember,
    BidStatus,
    NoticeStatus,
    Objection,
    Payment,
    Project,
    ProjectEvent,
    ProjectStatus,
    Round,
    RoundStatus,
)


def rounds():
    """Rounds the public may see, newest first."""
    return (
        Round.objects.exclude(status=RoundStatus.DRAFT)
        .select_related("district", "fund")
        .prefetch_related("directions")
    )


def results_published(round_: Round) -> bool:
    return round_.status == RoundStatus.PUBLISHED


def projects():
    """Published projects of public rounds (or of none), each with
    `status_now` (what `current_status` reads). Published means the street
    once approved it (its `publish` event): a draft cancelled before that
    was never public, and stays so."""
    published = ProjectEvent.objects.filter(project=OuterRef("pk"), transition="publish")
    return (
        Project.objects.exclude(status=ProjectStatus.DRAFT)
        .filter(Exists(published))
        .filter(Q(round__isnull=True) | ~Q(round__status=RoundStatus.DRAFT))
        .select_related("community__parent", "round", "direction")
        .with_current_status()
    )


@dataclass(frozen=True)
class Award:
    project_id: int
    organisation_id: int
    organisation: str
    amount: Decimal
    on_notice: bool  # still on public notice: not in effect yet
    notice: AwardNotice | None  # None for awards made before notices existed


def awards(project_ids) -> dict[int, Award]:
    """The award of each of these projects that has one, by project id: the
    open notice, else the award in effect. Two queries."""
    found: dict[int, Award] = {}
    effective = (
        Project.objects.filter(pk__in=project_ids, bids__status=BidStatus.AWARDED)
        .values("pk", "awarded_amount", "bids__organisation_id", "bids__organisation__name")
        .order_by()
    )
    for row in effective:
        found[row["pk"]] = Award(
            row["pk"],
            row["bids__organisation_id"],
            row["bids__organisation__name"],
            row["awarded_amount"],
            False,
            None,
        )
    # An open notice whose period is over with no objection pending or
    # upheld reads as in effect (Project.current_status) before it is stored.
    waiting = Objection.objects.filter(notice=OuterRef("pk"), status__in=BLOCKING)
    notices = (
        AwardNotice.objects.filter(
            project_id__in=project_ids, status__in=[NoticeStatus.OPEN, NoticeStatus.EFFECTIVE]
        )
        .select_related("bid__organisation")
        .annotate(waits=Exists(waiting))
    )
    now = clock.now()
    for notice in notices:
        current = found.get(notice.project_id)
        if notice.status == NoticeStatus.OPEN or current is not None:
            found[notice.project_id] = Award(
                notice.project_id,
                notice.bid.organisation_id,
                notice.bid.organisation.name,
                current.amount if current else notice.amount,
                notice_status(notice, now) == NoticeStatus.OPEN,
                notice,
            )
    return found


def award_members(project, award: Award | None) -> list:
    """The accepted members of the joint bid an award went to, with their
    shares of the work (numbers typed in masked) and of the budget: public
    with the award, as a procurement notice names a consortium's parties."""
    if award is None:
        return []
    bid = (
        award.notice.bid_id
        if award.notice is not None
        else Bid.objects.filter(project=project, status=BidStatus.AWARDED)
        .values_list("pk", flat=True)
        .first()
    )
    members = list(
        BidMember.objects.accepted()
        .filter(bid_id=bid)
        .select_related("organisation")
        .order_by("pk")
    )
    for member in members:
        member.work_share = mask_text(member.work_share)
    return members


def notice_status(notice: AwardNotice, now=None) -> str:
    """The status a notice reads as now: open, but its period over with no
    objection pending or upheld, it is in effect (as `current_status` reads
    the project) before the schedule stores it. Uses `waits` if annotated."""
    if notice.status != NoticeStatus.OPEN or notice.ends_at > (now or clock.now()):
        return notice.status
    waits = getattr(notice, "waits", None)
    if waits is None:
        waits = notice.objections.filter(status__in=BLOCKING).exists()
    return NoticeStatus.OPEN if waits else NoticeStatus.EFFECTIVE


class _PublicNotices(ModelIterable):
    """Notices as published: the status they read as, typed-in phone and ID
    numbers masked."""

    def __iter__(self):
        now = clock.now()
        for notice in super().__iter__():
            notice.note = mask_text(notice.note)
            notice.status_now = notice_status(notice, now)
            notice.status_now_label = NoticeStatus(notice.status_now).label
            yield notice


class _PublicObjections(ModelIterable):
    def __iter__(self):
        for objection in super().__iter__():
            objection.grounds = mask_text(objection.grounds)
            objection.answer = mask_text(objection.answer)
            yield objection


def _iterating(queryset, iterable_class):
    queryset._iterable_class = iterable_class  # kept by filter() and order_by()
    return queryset


def notices():
    """Every award notice of a public project, newest first, with its
    objections (grounds, status, answer): withdrawn ones too, since an
    upheld objection is part of the record."""
    waiting = Objection.objects.filter(notice=OuterRef("pk"), status__in=BLOCKING)
    notices = (
        AwardNotice.objects.filter(project__in=projects().values("pk"))
        .select_related("project__community", "bid__organisation")
        .annotate(waits=Exists(waiting))
        .prefetch_related(
            Prefetch(
                "objections",
                queryset=_iterating(
                    Objection.objects.select_related("organisation"), _PublicObjections
                ).only(
                    "notice_id",
                    "organisation__name",
                    "grounds",
                    "lodged_at",
                    "status",
                    "answer",
                    "answered_at",
                ),
            )
        )
    )
    return _iterating(notices, _PublicNotices)


def payments(project_ids) -> dict[int, list[tuple[date, str, Decimal]]]:
    """Each project's payments as (date, kind label, amount), oldest first."""
    rows = (
        Payment.objects.filter(project_id__in=project_ids)
        .select_related("entry")
        .order_by("entry__occurred_on", "id")
    )
    paid: dict[int, list] = {}
    for payment in rows:
        paid.setdefault(payment.project_id, []).append(
            (payment.entry.occurred_on, payment.get_kind_display(), payment.entry.amount)
        )
    return paid


def reports(project: Project):
    """A project's activity reports with their published photos only."""
    return ActivityReport.objects.filter(project=project).prefetch_related(
        Prefetch("photos", queryset=ActivityPhoto.objects.published().order_by("id"))
    )


def photo(pk: int) -> ActivityPhoto | None:
    """A published photo of a public project, or None."""
    return (
        ActivityPhoto.objects.published()
        .filter(pk=pk, report__project__in=projects().values("pk"))
        .first()
    )


@dataclass(frozen=True)
class GroupFigure:
    group_id: int
    name: str
    projects: int
    beneficiaries: int


def group_figures(public_projects=None) -> list[GroupFigure]:
    """Projects and their activities' beneficiaries per broad group, over
    these public projects (default: all of them), in the groups' order; a
    group with neither is left out. A project serving a narrower group counts
    under its broad group, once; the beneficiaries of the broad group add up
    its activities' counts of it and of its narrower groups (one person in
    two groups counts in each, as the reports count them). One query: the
    broad groups, each with its two figures as subqueries."""
    public = (public_projects if public_projects is not None else projects()).values("pk")

    def family(path):  # the outer broad group, or one of its narrower groups
        return Q(**{f"{path}_id": OuterRef("pk")}) | Q(**{f"{path}__parent_id": OuterRef("pk")})

    def figure(rows, expression):  # one value over the rows: no GROUP BY
        return Coalesce(Subquery(rows.order_by().annotate(v=expression).values("v")), 0)

    served = Project.groups.through.objects.filter(project__in=public).filter(family("servedgroup"))
    counted = BeneficiaryCount.objects.filter(report__project__in=public).filter(family("group"))
    tops = (
        ServedGroup.objects.tops()
        .annotate(
            project_count=figure(
                served,
                Func(
                    "project_id",
                    template="COUNT(DISTINCT %(expressions)s)",
                    output_field=IntegerField(),
                ),
            ),
            beneficiary_count=figure(counted, Func("count", function="SUM")),
        )
        .order_by("position", "id")
    )
    return [
        GroupFigure(top.pk, top.name, top.project_count, top.beneficiary_count)
        for top in tops
        if top.project_count or top.beneficiary_count
    ]


def project_groups(project: Project) -> tuple[list, list[tuple[str, int]]]:
    """The groups a public project serves, and its activities' beneficiaries
    by group ("老年人 / 高龄老人", count), in the groups' order."""
    groups = list(project.groups.in_order())
    counts = (
        BeneficiaryCount.objects.filter(report__project=project)
        .values("group__parent__name", "group__name")
        .annotate(total=Sum("count"))
        .order_by(Coalesce("group__parent__position", "group__position"), "group__parent", "group")
    )
    return groups, [
        (
            " / ".join(filter(None, [row["group__parent__name"], row["group__name"]])),
            row["total"],
        )
        for row in counts
    ]


def funds():
    return Fund.objects.select_related("area")


def fund_months(fund: Fund, *, start: date | None = None, end: date | None = None) -> list[dict]:
    """A fund's money by month and kind: [{"month": date, "kind": str,
    "amount": Decimal}], oldest first. No counterparty, purpose or voucher."""
    return funds_months([fund], start=start, end=end)[fund.pk]


def funds_months(funds, *, start: date | None = None, end: date | None = None) -> dict:
    """`fund_months` of each of these funds, by fund id, in one query."""
    funds = list(funds)
    entries = FundEntry.objects.filter(fund__in=funds)
    if start is not None:
        entries = entries.filter(occurred_on__gte=start)
    if end is not None:
        entries = entries.filter(occurred_on__lt=end)
    rows = (
        entries.annotate(month=TruncMonth("occurred_on"))
        .order_by("fund", "month", "kind")
        .values("fund", "month", "kind")
        .annotate(amount=Sum("amount"))
    )
    months: dict[int, list[dict]] = {fund.pk: [] for fund in funds}
    for row in rows:
        months[row["fund"]].append(
            {
                "month": row["month"],
                "kind": row["kind"],
                "kind_label": EntryKind(row["kind"]).label,
                "amount": Decimal(row["amount"]).quantize(Decimal("0.01")),
            }
        )
    return months


def organisation_projects(organisation_id: int):
    """Public projects this organisation was awarded (or proposed for, on
    notice), newest first: as the bidder, the lead of a joint bid or one of
    its members."""
    bids = Bid.objects.filter(Bid.objects.all().organisations_q(organisation_id))
    won = Q(pk__in=bids.filter(status=BidStatus.AWARDED).values("project_id")) | Q(
        notices__bid__in=bids.values("pk"), notices__status=NoticeStatus.OPEN
    )
    return projects().filter(won).distinct().order_by("-starts_on", "-id")


# The years a public page, API filter or file may be asked about.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def results_by_round(rounds) -> dict[int, list[tuple[Project, Award]]]:
    """Each round's results, by round id: its awarded projects with their
    award, by community code then title; only rounds whose results are
    published have any. Two queries, whatever the number of rounds."""
    published = [r.pk for r in rounds if results_published(r)]
    if not published:
        return {}
    found = list(projects().filter(round__in=published).order_by("community__code", "title", "pk"))
    awarded = awards([p.pk for p in found])
    results: dict[int, list[tuple[Project, Award]]] = {}
    for project in found:
        if project.pk in awarded:
            results.setdefault(project.round_id, []).append((project, awarded[project.pk]))
    return results


def round_results(round_: Round) -> list[tuple[Project, Award]]:
    """This round's awarded projects with their award; empty unless its
    results are published."""
    return results_by_round([round_]).get(round_.pk, [])
