"""Bids: eligibility checked at submission, revisable until bidding closes."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from incubators.models import Residency
from lib import audit, clock
from orgs.models import FilingStatus, Organisation, Tier

from ..models import Bid, BidStatus, BudgetLine, Project, ProjectStatus


def refusals(organisation: Organisation, project: Project) -> list[str]:
    """Why `organisation` may not bid for `project`: empty when it may."""
    reasons = []
    if not organisation.is_live:
        reasons.append(_("The organisation is merged or dissolved."))
    if not organisation.area.code.startswith(project.community.code[:6]):
        reasons.append(_("The project is in another district."))
    rules = project.round
    if rules is not None:
        if rules.min_star_rating and (organisation.star_rating or 0) < rules.min_star_rating:
            reasons.append(
                _("This round asks for at least %(stars)s stars; the organisation has %(have)s.")
                % {
                    "stars": rules.min_star_rating,
                    "have": organisation.star_rating or _("no rating yet"),
                }
            )
        if rules.exclude_under_rectification and organisation.under_rectification:
            reasons.append(
                _("The organisation is under rectification until %(date)s.")
                % {"date": organisation.rectification_due_on}
            )
        if rules.require_filing and not (
            organisation.filing_status == FilingStatus.APPROVED
            or organisation.tier == Tier.REGISTERED
        ):
            reasons.append(_("This round is open to filed or registered organisations only."))
        if (
            rules.require_residency
            and not Residency.objects.current().filter(organisation=organisation).exists()
        ):
            reasons.append(_("This round is open to organisations resident in a platform only."))
    return reasons


def submit_bid(
    *,
    project: Project,
    organisation: Organisation,
    proposal: str,
    team: str,
    schedule: str,
    lines,
    by,
) -> Bid:
    """Submit a bid, or revise the organisation's bid, while bidding is open.

    `lines` is a list of (item, amount, note); their total may not exceed the
    project's budget ceiling.
    """
    lines = [
        (item.strip(), Decimal(str(amount)), (note or "").strip())
        for item, amount, note in lines
        if item and item.strip()
    ]
    if not lines:
        raise ValidationError(_("Give the budget, at least one line."))
    total = sum(amount for _item, amount, _note in lines)
    if total > project.budget_ceiling:
        raise ValidationError(
            _("The budget totals %(total)s yuan, above the ceiling of %(ceiling)s yuan.")
            % {"total": total, "ceiling": project.budget_ceiling}
        )
    reasons = refusals(organisation, project)
    if reasons:
        raise ValidationError(reasons)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.status != ProjectStatus.BIDDING or (
            project.bids_close_at and project.bids_close_at <= clock.now()
        ):
            raise ValidationError(_("Bidding for this project is closed."))
        bid = Bid.objects.filter(project=project, organisation=organisation).first()
        if bid is None:
            bid = Bid(project=project, organisation=organisation, submitted_by=by)
        elif bid.status not in (BidStatus.SUBMITTED, BidStatus.WITHDRAWN):
            raise ValidationError(_("This bid can no longer be changed."))
        bid.proposal, bid.team, bid.schedule, bid.status = (
            proposal,
            team,
            schedule,
            BidStatus.SUBMITTED,
        )
        bid.full_clean(exclude=["submitted_by"])
        try:
            with transaction.atomic():
                audit.save(bid, by=by)
        except IntegrityError as exc:
            raise ValidationError(_("The organisation has already bid for this project.")) from exc
        bid.lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(bid=bid, item=item, amount=amount, note=note) for item, amount, note in lines
        )
    return bid


def withdraw_bid(*, bid: Bid, by) -> Bid:
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=bid.project_id)
        bid = Bid.objects.select_for_update().get(pk=bid.pk)
        if project.status != ProjectStatus.BIDDING or not project.is_sealed:
            raise ValidationError(_("Bidding is closed: the bid can no longer be withdrawn."))
        if bid.status != BidStatus.SUBMITTED:
            raise ValidationError(_("This bid is not submitted."))
        bid.status = BidStatus.WITHDRAWN
        audit.save(bid, by=by)
    return bid
