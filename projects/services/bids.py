"""Bids: eligibility checked at submission, revisable until bidding closes.

A joint bid (联合申报) is a bid whose organisation, the lead, names member
organisations with their shares. A named member is invited: it accepts or
declines (`services.membership`), and until it accepts it neither counts
nor blocks. An organisation takes part in one live bid per project: alone,
as a lead or as an accepted member. Everything that decides it runs under
the project's row lock; the member side is backed by the
`bid_member_once_per_project` constraint on accepted members as well.

Withdrawing a joint bid deletes its member rows (their history stays in
`BidMember.history`): the members are then free to bid, alone or with
someone else, and the constraint sees no stale row. Resubmitting the
withdrawn bid names the members again, checked again.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lib import audit
from orgs.models import Organisation

from ..models import Bid, BidMember, BidStatus, BudgetLine, Project, ProjectStatus
from .eligibility import member_refusals, refusals
from .membership import invite, lock_open_project, taking_part_refusal

__all__ = ["refusals", "submit_bid", "withdraw_bid"]


def _clean_lines(lines, project: Project):
    """The budget lines as (item, amount, note), empty ones dropped, and their total."""
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
    return lines, total


def _clean_members(members, lead: Organisation, total: Decimal):
    """The members as (organisation, work share, budget share), checked
    against each other and the lead; the lead's share is what they leave."""
    cleaned, seen = [], set()
    for member, work_share, budget_share in members:
        if member is None:
            continue
        name = {"organisation": member.name}
        if member.pk == lead.pk:
            raise ValidationError(
                _("%(organisation)s leads the bid: it cannot also be a member.") % name
            )
        if member.pk in seen:
            raise ValidationError(_("%(organisation)s is named twice.") % name)
        work_share = (work_share or "").strip()
        if not work_share:
            raise ValidationError(_("Say what %(organisation)s will do.") % name)
        if budget_share is not None:
            budget_share = Decimal(str(budget_share))
        if budget_share is None or budget_share < 0:
            raise ValidationError(_("Give %(organisation)s's share of the budget.") % name)
        seen.add(member.pk)
        cleaned.append((member, work_share, budget_share))
    shares = sum((share for _m, _w, share in cleaned), start=Decimal(0))
    if shares > total:
        raise ValidationError(
            _(
                "The members' shares of the budget total %(shares)s yuan, above the bid's "
                "%(total)s yuan: the lead's share is what they leave."
            )
            % {"shares": shares, "total": total}
        )
    return cleaned


def _drop_members(bid: Bid, by) -> None:
    for member in bid.members.all():
        member._history_user = by
        member.delete()


def _save_members(bid: Bid, members, by) -> list[Organisation]:
    """The bid's members as named; the newly named ones, invited.

    A member named again on the same terms keeps its acceptance; one whose
    share changed is asked again (it agreed to other terms)."""
    kept = {m.organisation_id: m for m in bid.members.all()}
    invited = []
    for member, work_share, budget_share in members:
        row = kept.pop(member.pk, None)
        if row is not None and (row.work_share, row.budget_share) == (work_share, budget_share):
            continue
        row = row or BidMember(bid=bid, project_id=bid.project_id, organisation=member)
        row.work_share, row.budget_share, row.accepted_at = work_share, budget_share, None
        audit.save(row, by=by)
        invited.append(member)
    for row in kept.values():
        row._history_user = by
        row.delete()
    return invited


def _lock_own_bid(project: Project, organisation: Organisation, by) -> tuple[Project, Bid]:
    """Under the project's lock: the organisation's bid to write, checked
    for what may have changed since the form was read."""
    project = lock_open_project(project.pk)
    lead = Organisation.objects.get(pk=organisation.pk)
    if not lead.is_live:
        raise ValidationError(_("The organisation is merged or dissolved."))
    bid = Bid.objects.filter(project=project, organisation=organisation).first()
    if bid is None:
        bid = Bid(project=project, organisation=organisation, submitted_by=by)
    elif bid.status not in (BidStatus.SUBMITTED, BidStatus.WITHDRAWN):
        raise ValidationError(_("This bid can no longer be changed."))
    if elsewhere := taking_part_refusal(project, organisation, None):
        raise ValidationError(elsewhere)
    return project, bid


def submit_bid(
    *,
    project: Project,
    organisation: Organisation,
    proposal: str,
    team: str,
    schedule: str,
    lines,
    by,
    members=(),
) -> Bid:
    """Submit a bid, or revise the organisation's bid, while bidding is open.

    `lines` is a list of (item, amount, note); their total may not exceed the
    project's budget ceiling. `members`, for a joint bid, is a list of
    (organisation, work share, budget share); the submitting organisation
    leads it and the members are invited (see `services.membership`).
    """
    lines, total = _clean_lines(lines, project)
    members = _clean_members(members, organisation, total)
    reasons = refusals(organisation, project)
    if reasons:
        raise ValidationError(reasons)
    with transaction.atomic():
        project, bid = _lock_own_bid(project, organisation, by)
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
        invited = _save_members(bid, members, by)
        # The round's rules again for every member that has accepted: its
        # standing may have changed since it did.
        accepted = BidMember.objects.accepted().filter(bid=bid).select_related("organisation")
        if reasons := member_refusals([m.organisation for m in accepted], project):
            raise ValidationError(reasons)
    if invited:
        invite(bid, invited, by)
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
        # Its members are free to bid again (see the module's docstring).
        _drop_members(bid, by)
    return bid
