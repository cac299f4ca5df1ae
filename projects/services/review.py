"""The panel's review: conflicts of interest, scores, and the ranking."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import Bid, BidMember, BidStatus, ConflictDeclaration, Project, ProjectStatus, Score
from .tenders import close_if_due


def declare_conflict(
    *, project: Project, reviewer, organisation, nature: str
) -> ConflictDeclaration:
    if not nature.strip():
        raise ValidationError(_("Say what ties you to the organisation."))
    close_if_due(project)
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        project=project,
        reviewer=reviewer,
        organisation=organisation,
        defaults={"nature": nature.strip()},
    )
    # Scores already given to that organisation's bid, or to a joint bid it
    # is a member of, no longer count.
    Score.objects.filter(bid__project=project, reviewer=reviewer).filter(
        Q(bid__organisation=organisation)
        | Q(bid__members__in=BidMember.objects.accepted().filter(organisation=organisation))
    ).delete()
    return declaration


def has_conflict(reviewer, bid: Bid) -> bool:
    """A tie to the bidder, or to any member of a joint bid."""
    parties = {bid.organisation_id, *(m.organisation_id for m in bid.accepted_members)}
    if reviewer.organisation_id in parties:
        return True
    return ConflictDeclaration.objects.filter(
        project_id=bid.project_id, reviewer=reviewer, organisation_id__in=parties
    ).exists()


def score_bid(*, bid: Bid, reviewer, points: dict, comments: dict | None = None) -> list[Score]:
    """Record `reviewer`'s points for `bid`, one per criterion ({criterion_id: points})."""
    # Its state now, not the caller's copy; bidding closed first if it is due.
    project = close_if_due(Project(pk=bid.project_id))
    if project.status != ProjectStatus.UNDER_REVIEW:
        raise ValidationError(_("Bids are scored while the project is under review."))
    if not project.reviewers.filter(pk=reviewer.pk).exists():
        raise ValidationError(_("You are not on this project's review panel."))
    if has_conflict(reviewer, bid):
        raise ValidationError(
            _("You declared a tie to %(organisation)s: you cannot score its bid.")
            % {"organisation": bid.organisation}
        )
    if bid.status != BidStatus.SUBMITTED:
        raise ValidationError(_("This bid is not in the running."))
    criteria = {c.pk: c for c in project.criteria.all()}
    if set(points) != set(criteria):
        raise ValidationError(_("Score every criterion."))
    scores = []
    with transaction.atomic():
        for criterion_id, value in points.items():
            value = Decimal(str(value))
            criterion = criteria[criterion_id]
            if not 0 <= value <= criterion.max_points:
                raise ValidationError(
                    _("%(criterion)s is scored from 0 to %(max)s.")
                    % {"criterion": criterion.name, "max": criterion.max_points}
                )
            score, _created = Score.objects.update_or_create(
                bid=bid,
                reviewer=reviewer,
                criterion=criterion,
                defaults={"points": value, "comment": (comments or {}).get(criterion_id, "")},
            )
            scores.append(score)
    return scores


@dataclass
class Ranked:
    bid: Bid
    reviewers: int  # how many reviewers scored it
    average: Decimal  # their average total
    bonus: Decimal  # five-star priority
    total: Decimal  # what ranks it
    flagged: bool  # three stars or fewer: the panel should know


def ranking(project: Project) -> list[Ranked]:
    """Bids best first: the reviewers' average total, plus the five-star
    bonus (settings.FIVE_STAR_BONUS); ties go to the higher star rating, then
    to the earlier bid. Organisations of three stars or fewer are flagged.
    A joint bid counts at its lowest-rated party's stars (`Bid.star_rating`)."""
    bids = list(
        project.bids.filter(
            status__in=[BidStatus.SUBMITTED, BidStatus.AWARDED, BidStatus.NOT_AWARDED]
        )
        .select_related("organisation")
        .prefetch_related("scores", "lines", "members__organisation")
    )
    bonus = Decimal(str(settings.FIVE_STAR_BONUS))
    ranked = []
    for bid in bids:
        totals = {}
        for score in bid.scores.all():
            totals[score.reviewer_id] = totals.get(score.reviewer_id, Decimal(0)) + score.points
        average = (
            (sum(totals.values()) / len(totals)).quantize(Decimal("0.01")) if totals else Decimal(0)
        )
        stars = bid.star_rating
        extra = bonus if stars == 5 else Decimal(0)
        ranked.append(
            Ranked(
                bid, len(totals), average, extra, average + extra, stars is not None and stars <= 3
            )
        )
    ranked.sort(key=lambda r: (-r.total, -(r.bid.star_rating or 0), r.bid.submitted_at))
    return ranked
