"""A micro-project from draft to award: each step's rules, then `move`.
Delivery, settlement and ending early follow in `delivery.py`."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from lib import audit, clock
from notifications.services import notify
from orgs.models import ServedGroup

from ..models import (
    Bid,
    BidMember,
    BidStatus,
    Need,
    NeedStatus,
    Project,
    ProjectCriterion,
    ProjectStatus,
    Round,
    RoundStatus,
)
from ..workflow import move
from . import notices
from ._shared import _community_staff, _link, _reopen_needs

# Used when a project has no round, or its round lists no criteria.
DEFAULT_CRITERIA = [("需求契合度", 30), ("方案可行性", 30), ("预算合理性", 20), ("组织能力", 20)]


# --- drafting and publishing -------------------------------------------------


def draft_project(*, community, needs=(), groups=(), by, **fields) -> Project:
    """A community turns one or more open needs into a project (社区制单).
    It serves the `groups` chosen, or when none are, those of its needs."""
    # A need reads as open once its project closed without bids; store that first.
    close_due(projects=Project.objects.filter(needs__in=[n.pk for n in needs]).distinct())
    with transaction.atomic():
        project = Project(community=community, drafted_by=by, **fields)
        project.full_clean()
        audit.save(project, by=by)
        for need in Need.objects.select_for_update().filter(pk__in=[n.pk for n in needs]):
            if need.status == NeedStatus.CLAIMED:  # taken up directly (claims)
                raise ValidationError(
                    _(
                        "“%(need)s” has been claimed by a party member, a unit or a "
                        "department; it can go into a project once the claim is withdrawn."
                    )
                    % {"need": need}
                )
            if need.community_id != community.pk or need.status != NeedStatus.OPEN:
                raise ValidationError(
                    _("“%(need)s” is not an open need of this community.") % {"need": need}
                )
            need.project, need.status = project, NeedStatus.IN_PROJECT
            audit.save(need, by=by)
        if not groups:
            groups = ServedGroup.objects.filter(needs__in=[n.pk for n in needs]).distinct()
        project.groups.set(groups)
    return project


def publish(*, project: Project, by) -> Project:
    """The street approves the project and publishes it; bidding opens at
    once when its round is open (or it has none)."""
    # The round as it is now, not as the caller's copy last saw it.
    round_ = Round.objects.filter(pk=project.round_id).first()
    if round_ is not None and round_.current_status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        raise ValidationError(_("The round no longer takes projects."))
    close_at = round_.bids_close_at if round_ else project.bids_close_at
    if close_at is None or close_at <= clock.now():
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
    """When bidding closes: to review with bids, or closed without, with the
    notifications. Run on schedule (by=None), and by `close_if_due` before a
    write on the project; never by a page, which reads `current_status`.
    The row lock makes it happen once, whoever comes first."""
    now = now or clock.now()
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


def close_if_due(project: Project) -> Project:
    """The project as stored now, its bidding closed first if its time has
    passed and the schedule has not run yet (the embedded default has no
    beat). Every write that may meet such a project starts here, so it acts
    on the state the project already reads as. Called before the write's
    own transaction: the close stands even if the write is then refused."""
    return close_bidding(project=project)


def close_due(now=None, projects=None) -> int:
    """Close every project (of `projects`, else all) whose bidding time has
    passed, and move open rounds past theirs to review; returns how many
    projects."""
    now = now or clock.now()
    every = projects is None
    projects = Project.objects.all() if every else projects
    due = list(projects.due_to_close(now).values_list("pk", flat=True))
    for pk in due:
        close_bidding(project=Project(pk=pk), now=now)
    if every:
        for round_ in Round.objects.filter(status=RoundStatus.OPEN, bids_close_at__lte=now):
            round_.status = RoundStatus.REVIEWING
            round_.save(update_fields=["status"])
    return len(due)


def publish_results(*, round_: Round, by) -> Round:
    """Publish a round's results: refused while a project is undecided, its
    award on notice included (those whose period is over take effect first)."""
    close_due(projects=round_.projects.all())
    notices.take_effect_due(projects=round_.projects.all())
    undecided = round_.projects.filter(
        status__in=[
            ProjectStatus.DRAFT,
            ProjectStatus.PUBLISHED,
            ProjectStatus.BIDDING,
            ProjectStatus.UNDER_REVIEW,
            ProjectStatus.NOTICE,
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
    """Propose the award of the project to one bid: it goes on public notice
    (公示, `notices.publish_notice`) and takes effect, committing the amount
    from the fund, only once the notice period ends with no objection
    pending or upheld (`notices.take_effect`).

    The project row is locked and its state checked first, and the database
    allows one open notice per project: two people clicking at once give one
    notice and one clear refusal.
    """
    amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    close_if_due(project)
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
        # The lead is paid and settles with its members: it cannot be
        # awarded less than it owes them.
        shares = BidMember.objects.accepted().filter(bid=bid).aggregate(s=Sum("budget_share"))["s"]
        if shares and amount < shares:
            raise ValidationError(
                _(
                    "The joint bid's members' shares of the budget total %(shares)s yuan: "
                    "the award cannot be less."
                )
                % {"shares": f"{shares:.2f}"}
            )
        return notices.publish_notice(project=project, bid=bid, amount=amount, by=by, note=note)
