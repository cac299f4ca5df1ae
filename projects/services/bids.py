"""Bids: eligibility checked at submission, revisable until bidding closes.

A joint bid (联合申报) is a bid whose organisation, the lead, names member
organisations with their shares. An organisation takes part in one live bid
per project: alone, as a lead or as a member. Everything that decides it
runs under the project's row lock, so two submissions naming the same
organisation wait for each other; the member side is backed by the
`bid_member_once_per_project` constraint as well.

Withdrawing a joint bid deletes its member rows (their history stays in
`BidMember.history`): the members are then free to bid, alone or with
someone else, and the constraint sees no stale row. Resubmitting the
withdrawn bid names the members again, checked again.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lib import audit, clock
from orgs.models import Organisation

from ..models import Bid, BidMember, BidStatus, BudgetLine, Project, ProjectStatus
from .eligibility import member_refusals, refusals

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


def _check_taking_part(project: Project, lead: Organisation, members, bid: Bid | None):
    """Under the project's lock: each organisation in one live bid per project.

    Bids are sealed: a refusal naming someone else's partner says only that
    it takes part elsewhere, never in whose bid."""
    memberships = BidMember.objects.filter(project=project).select_related("bid__organisation")
    if bid is not None and bid.pk:
        memberships = memberships.exclude(bid=bid)
    own = memberships.filter(organisation=lead).first()
    if own is not None:
        raise ValidationError(
            _(
                "Your organisation is a member of the joint bid led by %(lead)s: it cannot "
                "also bid alone or lead another bid for this project."
            )
            % {"lead": own.bid.organisation.name}
        )
    member_ids = [member.pk for member, _w, _s in members]
    taken = memberships.filter(organisation_id__in=member_ids).values("organisation_id")
    alone = Bid.objects.filter(project=project, organisation_id__in=member_ids).live()
    elsewhere = Organisation.objects.filter(
        Q(pk__in=taken) | Q(pk__in=alone.values("organisation_id"))
    ).first()
    if elsewhere is not None:
        raise ValidationError(
            _("%(organisation)s already takes part in another bid for this project.")
            % {"organisation": elsewhere.name}
        )


def _drop_members(bid: Bid, by) -> None:
    for member in bid.members.all():
        member._history_user = by
        member.delete()


def _save_members(bid: Bid, members, by) -> None:
    _drop_members(bid, by)
    try:
        with transaction.atomic():
            for member, work_share, budget_share in members:
                row = BidMember(
                    bid=bid,
                    project_id=bid.project_id,
                    organisation=member,
                    work_share=work_share,
                    budget_share=budget_share,
                )
                audit.save(row, by=by)
    except IntegrityError as exc:
        raise ValidationError(
            _("A member organisation already takes part in another bid for this project.")
        ) from exc


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
    leads it.
    """
    lines, total = _clean_lines(lines, project)
    members = _clean_members(members, organisation, total)
    reasons = refusals(organisation, project) + member_refusals(
        [member for member, _w, _s in members], project
    )
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
        _check_taking_part(project, organisation, members, bid)
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
        _save_members(bid, members, by)
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
