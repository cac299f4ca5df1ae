"""A micro-project from draft to settlement: each step's rules, then `move`."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from incubators.services import funds
from lib import audit
from orgs.models import User
from orgs.notifications import notify
from orgs.roles import COMMUNITY_STAFF, Role

from ..models import (
    Bid,
    BidStatus,
    Need,
    NeedStatus,
    Payment,
    PaymentKind,
    Project,
    ProjectCriterion,
    ProjectStatus,
    Round,
    RoundStatus,
)
from ..workflow import move

# Used when a project has no round, or its round lists no criteria.
DEFAULT_CRITERIA = [("需求契合度", 30), ("方案可行性", 30), ("预算合理性", 20), ("组织能力", 20)]


def _link(project) -> str:
    return reverse("projects:project", args=[project.pk])


def _community_staff(project):
    community = project.community
    return User.objects.filter(
        is_active=True,
        role__in=COMMUNITY_STAFF,
        area__in=[community, community.parent],
    )


def _leaders(organisation_ids):
    return User.objects.filter(
        is_active=True, role=Role.ORG_LEADER, organisation_id__in=organisation_ids
    )


# --- drafting and publishing -------------------------------------------------


def draft_project(*, community, needs=(), by, **fields) -> Project:
    """A community turns one or more open needs into a project (社区制单)."""
    with transaction.atomic():
        project = Project(community=community, drafted_by=by, **fields)
        project.full_clean()
        audit.save(project, by=by)
        for need in Need.objects.select_for_update().filter(pk__in=[n.pk for n in needs]):
            if need.community_id != community.pk or need.status != NeedStatus.OPEN:
                raise ValidationError(
                    _("“%(need)s” is not an open need of this community.") % {"need": need}
                )
            need.project, need.status = project, NeedStatus.IN_PROJECT
            audit.save(need, by=by)
    return project


def publish(*, project: Project, by) -> Project:
    """The street approves the project and publishes it; bidding opens at
    once when its round is open (or it has none)."""
    # The round as it is now, not as the caller's copy last saw it.
    round_ = Round.objects.filter(pk=project.round_id).first()
    if round_ is not None and round_.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        raise ValidationError(_("The round no longer takes projects."))
    close_at = round_.bids_close_at if round_ else project.bids_close_at
    if close_at is None or close_at <= timezone.now():
        raise ValidationError({"bids_close_at": _("Set when bidding closes, in the future.")})
    with transaction.atomic():
        project = move(project, "publish", by=by, bids_close_at=close_at)
        if not project.criteria.exists():
            source = list(round_.criteria.values_list("name", "max_points")) if round_ else []
            ProjectCriterion.objects.bulk_create(
                ProjectCriterion(project=project, name=name, max_points=points, position=i)
                for i, (name, points) in enumerate(source or DEFAULT_CRITERIA)
            )
        if round_ is not None and not project.reviewers.exists():
            project.reviewers.set(round_.reviewers.all())
        if round_ is None or round_.status == RoundStatus.OPEN:
            project = move(project, "open_bidding", by=by)
        notify(
            [project.drafted_by],
            _("Project published: %(title)s") % {"title": project.title},
            _("The street approved the project; organisations can now see it."),
            link=_link(project),
        )
    return project


def open_round(*, round_: Round, by) -> Round:
    """Open a round: its published projects start taking bids."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.status != RoundStatus.DRAFT:
            raise ValidationError(_("This round is already open."))
        if not round_.criteria.exists():
            raise ValidationError(_("Give the round its review criteria before opening it."))
        round_.status = RoundStatus.OPEN
        audit.save(round_, by=by)
        for project in round_.projects.filter(status=ProjectStatus.PUBLISHED):
            move(project, "open_bidding", by=by)
    return round_


def close_bidding(*, project: Project, now=None) -> Project:
    """When bidding closes: to review with bids, or closed without. Run on
    schedule (by=None) and whenever a page finds a project past its time."""
    now = now or timezone.now()
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.status != ProjectStatus.BIDDING or project.bids_close_at > now:
            return project
        if Bid.objects.filter(project=project).live().exists():
            project = move(project, "close_bidding", by=None)
            notify(
                project.reviewers.all(),
                _("Bids to review: %(title)s") % {"title": project.title},
                link=reverse("projects:review", args=[project.pk]),
            )
        else:
            project = move(project, "close_without_bids", by=None)
            _reopen_needs(project, by=None)
        notify(
            _community_staff(project),
            _("Bidding closed: %(title)s") % {"title": project.title},
            link=_link(project),
        )
    return project


def close_due(now=None) -> int:
    """Close every project whose bidding time has passed; returns how many."""
    now = now or timezone.now()
    due = Project.objects.filter(status=ProjectStatus.BIDDING, bids_close_at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in due:
        close_bidding(project=Project(pk=pk), now=now)
    for round_ in Round.objects.filter(status=RoundStatus.OPEN, bids_close_at__lte=now):
        round_.status = RoundStatus.REVIEWING
        round_.save(update_fields=["status"])
    return len(due)


def publish_results(*, round_: Round, by) -> Round:
    undecided = round_.projects.filter(
        status__in=[
            ProjectStatus.DRAFT,
            ProjectStatus.PUBLISHED,
            ProjectStatus.BIDDING,
            ProjectStatus.UNDER_REVIEW,
        ]
    )
    if undecided.exists():
        raise ValidationError(
            _("%(count)d projects are not decided yet.") % {"count": undecided.count()}
        )
    round_.status = RoundStatus.PUBLISHED
    audit.save(round_, by=by)
    return round_


# --- award --------------------------------------------------------------------


def award(*, project: Project, bid: Bid, amount, by, note: str = "") -> Project:
    """Award the project to one bid, committing the amount from the fund.

    The project row is locked and its state checked first, and the database
    allows one awarded bid per project: two people clicking at once give one
    award and one clear refusal.
    """
    amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    with transaction.atomic():
        project = (
            Project.objects.select_for_update(of=("self",))
            .select_related("round__fund", "fund")
            .get(pk=project.pk)
        )
        if project.status != ProjectStatus.UNDER_REVIEW:
            raise ValidationError(
                _("The project is “%(status)s”: it can no longer be awarded.")
                % {"status": project.get_status_display()}
            )
        bid = (
            Bid.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=bid.pk)
        )
        if bid.project_id != project.pk or bid.status != BidStatus.SUBMITTED:
            raise ValidationError(_("This bid is not in the running."))
        if not 0 < amount <= project.budget_ceiling:
            raise ValidationError(
                _("The award must be more than zero and at most the ceiling of %(ceiling)s yuan.")
                % {"ceiling": project.budget_ceiling}
            )
        allocation = funds.allocate(
            fund=project.paying_fund,
            amount=amount,
            occurred_on=timezone.localdate(),
            counterparty=f"{project.title}（{bid.organisation.name}）",
            purpose=_("Micro-project award"),
            voucher_number=f"P{project.pk}-A",
            by=by,
        )
        others = list(
            Bid.objects.filter(project=project, status=BidStatus.SUBMITTED).exclude(pk=bid.pk)
        )
        for other in others:
            other.status = BidStatus.NOT_AWARDED
        audit.bulk_update(Bid, others, ["status"], user=by)
        bid.status = BidStatus.AWARDED
        audit.save(bid, by=by)
        project = move(
            project, "award", by=by, note=note, awarded_amount=amount, allocation=allocation
        )
        notify(
            _leaders([bid.organisation_id]),
            _("Your bid won: %(title)s") % {"title": project.title},
            _("Awarded %(amount)s yuan. Start delivery from the project page.")
            % {"amount": amount},
            link=_link(project),
        )
        notify(
            _leaders([o.organisation_id for o in others]),
            _("Result of your bid: %(title)s") % {"title": project.title},
            _("The project was awarded to another organisation. Thank you for bidding."),
            link=_link(project),
        )
    return project


# --- delivery, acceptance, settlement ---------------------------------------------


def start_delivery(*, project: Project, by) -> Project:
    return move(project, "start_delivery", by=by)


def pay(
    *, project: Project, amount, kind: str, occurred_on: date, voucher_number: str, by
) -> Payment:
    """Pay the awarded organisation from the fund, against the project's
    allocation: the fund refuses anything above what is left of the award."""
    project = Project.objects.select_related("round__fund", "fund", "allocation").get(pk=project.pk)
    if project.status not in (
        ProjectStatus.IN_DELIVERY,
        ProjectStatus.DELIVERED,
        ProjectStatus.ACCEPTED,
        ProjectStatus.AWARDED,
    ):
        raise ValidationError(_("Payments are made between the award and the settlement."))
    winner = project.bids.get(status=BidStatus.AWARDED)
    with transaction.atomic():
        entry = funds.disburse(
            fund=project.paying_fund,
            amount=amount,
            occurred_on=occurred_on,
            counterparty=winner.organisation.name,
            purpose=f"{project.title}：{PaymentKind(kind).label}",
            voucher_number=voucher_number,
            allocation=project.allocation,
            by=by,
        )
        return Payment.objects.create(project=project, kind=kind, entry=entry)


def deliver(*, project: Project, by) -> Project:
    if not project.activities.exists():
        raise ValidationError(
            _("Report at least one activity before declaring the delivery complete.")
        )
    project = move(project, "deliver", by=by)
    notify(
        _community_staff(project),
        _("Delivery to accept: %(title)s") % {"title": project.title},
        link=_link(project),
    )
    return project


def accept(*, project: Project, beneficiaries_reached: int, by, note: str = "") -> Project:
    project = move(project, "accept", by=by, note=note, beneficiaries_reached=beneficiaries_reached)
    winner = project.bids.get(status=BidStatus.AWARDED)
    notify(
        _leaders([winner.organisation_id]),
        _("Delivery accepted: %(title)s") % {"title": project.title},
        note,
        link=_link(project),
    )
    return project


def return_delivery(*, project: Project, reasons: str, by) -> Project:
    if not reasons.strip():
        raise ValidationError(_("Say what must be put right before the delivery can be accepted."))
    project = move(project, "return_delivery", by=by, note=reasons.strip())
    winner = project.bids.get(status=BidStatus.AWARDED)
    notify(
        _leaders([winner.organisation_id]),
        _("Delivery returned: %(title)s") % {"title": project.title},
        reasons.strip(),
        link=_link(project),
    )
    return project


def settle(
    *,
    project: Project,
    score,
    evaluation: str,
    final_payment,
    voucher_number: str,
    by,
    occurred_on: date | None = None,
) -> Project:
    """评估兑现: record the evaluation, make the final payment, give the fund
    back what the award did not use, and mark the needs fulfilled."""
    score = Decimal(str(score))
    if not 0 <= score <= 100:
        raise ValidationError({"score": _("The evaluation score is out of 100.")})
    occurred_on = occurred_on or timezone.localdate()
    with transaction.atomic():
        if Decimal(str(final_payment)) > 0:
            pay(
                project=project,
                amount=final_payment,
                kind=PaymentKind.FINAL,
                occurred_on=occurred_on,
                voucher_number=voucher_number,
                by=by,
            )
        project = move(project, "settle", by=by, evaluation_score=score, evaluation=evaluation)
        _release_rest(project, occurred_on, by)
        for need in project.needs.select_for_update():
            need.status = NeedStatus.FULFILLED
            audit.save(need, by=by)
        winner = project.bids.get(status=BidStatus.AWARDED)
        notify(
            _leaders([winner.organisation_id]),
            _("Project settled: %(title)s") % {"title": project.title},
            _("Evaluation score %(score)s.") % {"score": score},
            link=_link(project),
        )
    return project


# --- ending early -------------------------------------------------------------------


def cancel(*, project: Project, reason: str, by) -> Project:
    if not reason.strip():
        raise ValidationError(_("Say why the project is cancelled."))
    with transaction.atomic():
        project = move(project, "cancel", by=by, note=reason.strip())
        _reopen_needs(project, by)
        bidders = list(
            project.bids.filter(status=BidStatus.SUBMITTED).values_list(
                "organisation_id", flat=True
            )
        )
        notify(
            _leaders(bidders),
            _("Project cancelled: %(title)s") % {"title": project.title},
            reason,
            link=_link(project),
        )
    return project


def fail(*, project: Project, reason: str, by) -> Project:
    if not reason.strip():
        raise ValidationError(_("Say why the project failed."))
    with transaction.atomic():
        project = move(project, "fail", by=by, note=reason.strip())
        _release_rest(project, timezone.localdate(), by)
        _reopen_needs(project, by)
    return project


def _release_rest(project, occurred_on, by):
    if project.allocation_id is None:
        return
    left = funds.remaining(project.allocation)
    if left > 0:
        funds.release(
            fund=project.paying_fund,
            amount=left,
            occurred_on=occurred_on,
            counterparty=project.title,
            purpose=_("Unused award returned to the fund"),
            voucher_number=f"P{project.pk}-R",
            allocation=project.allocation,
            by=by,
        )


def _reopen_needs(project, by):
    for need in Need.objects.select_for_update().filter(project=project):
        need.project, need.status = None, NeedStatus.OPEN
        if by:
            need._history_user = by
        need.save(update_fields=["project", "status"])
