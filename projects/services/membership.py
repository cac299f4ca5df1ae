"""Taking part in a joint bid (联合申报) with consent.

A lead names its members; each named member is invited: it is told, reads
the joint bid and accepts or declines it while bidding is open. Until it
accepts it is not part of the bid and blocks nothing, and naming it tells
the lead nothing about other bids: the one-bid-per-project rule and the
round's rules are checked when the member accepts, and only the member
hears why it may not. Everything that decides runs under the project's row
lock (as `bids.submit_bid`), backed by the `bid_member_once_per_project`
constraint on accepted members.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lib import audit, clock
from notifications.services import notify
from orgs.models import Organisation
from orgs.roles import Role

from ..models import Bid, BidMember, BidStatus, Project, ProjectStatus
from ._shared import _leaders, _link
from .eligibility import refusals


def lock_open_project(project_id) -> Project:
    """The project, locked, while bidding is open; refused otherwise."""
    project = Project.objects.select_for_update().get(pk=project_id)
    if project.status != ProjectStatus.BIDDING or (
        project.bids_close_at and project.bids_close_at <= clock.now()
    ):
        raise ValidationError(_("Bidding for this project is closed."))
    return project


def taking_part_refusal(project: Project, organisation: Organisation, bid: Bid | None):
    """Under the project's lock: why `organisation` may not take part in
    `bid` (or bid alone, with bid None or its own bid): it is an accepted
    member of another live bid. Said to that organisation only."""
    own = (
        BidMember.objects.accepted()
        .filter(project=project, organisation=organisation)
        .exclude(bid__status=BidStatus.WITHDRAWN)
        .select_related("bid__organisation")
    )
    if bid is not None and bid.pk:
        own = own.exclude(bid=bid)
    own = own.first()
    if own is None:
        return None
    return _(
        "Your organisation is a member of the joint bid led by %(lead)s: it cannot "
        "also bid alone or take part in another bid for this project."
    ) % {"lead": own.bid.organisation.name}


def _membership(membership: BidMember, by) -> BidMember:
    if by.role != Role.ORG_LEADER or by.organisation_id != membership.organisation_id:
        raise ValidationError(_("Only the leader of the member organisation may answer."))
    found = (
        BidMember.objects.select_for_update(of=("self",))
        .select_related("bid__organisation", "organisation")
        .filter(pk=membership.pk)
        .first()
    )
    if found is None or found.bid.status != BidStatus.SUBMITTED:
        raise ValidationError(_("This joint bid has been withdrawn or changed."))
    return found


def accept_membership(*, membership: BidMember, by) -> BidMember:
    """The member agrees to take part: checked then by the round's rules and
    the one-bid-per-project rule, the reasons told to the member."""
    with transaction.atomic():
        project = lock_open_project(membership.project_id)
        membership = _membership(membership, by)
        if membership.accepted_at is not None:
            return membership
        organisation = Organisation.objects.get(pk=membership.organisation_id)
        reasons = refusals(organisation, project)
        if Bid.objects.filter(project=project, organisation=organisation).live().exists():
            reasons.append(
                _("Your organisation has its own bid for this project: withdraw it first.")
            )
        if elsewhere := taking_part_refusal(project, organisation, membership.bid):
            reasons.append(elsewhere)
        if reasons:
            raise ValidationError(reasons)
        membership.accepted_at = clock.now()
        try:
            with transaction.atomic():
                audit.save(membership, by=by, fields=["accepted_at"])
        except IntegrityError as exc:
            raise ValidationError(
                _("Your organisation already takes part in another bid for this project.")
            ) from exc
    notify(
        _leaders([membership.bid.organisation_id]),
        _("%(organisation)s joined your joint bid: %(title)s")
        % {"organisation": organisation.name, "title": project.title},
        link=_link(project),
    )
    return membership


def decline_membership(*, membership: BidMember, by) -> None:
    """The member declines the invitation, or leaves the bid it accepted,
    before bidding closes; the lead is told (the row's history stays)."""
    with transaction.atomic():
        project = lock_open_project(membership.project_id)
        membership = _membership(membership, by)
        membership._history_user = by
        membership.delete()
    notify(
        _leaders([membership.bid.organisation_id]),
        _("%(organisation)s is not taking part in your joint bid: %(title)s")
        % {"organisation": membership.organisation.name, "title": project.title},
        _("Revise the bid before bidding closes if the work needs someone else."),
        link=_link(project),
    )


def invite(bid: Bid, organisations, by) -> None:
    """Tell the newly named members' leaders that they are invited."""
    notify(
        _leaders([o.pk for o in organisations]),
        _("%(lead)s invites your organisation to a joint bid: %(title)s")
        % {"lead": bid.organisation.name, "title": bid.project.title},
        _("Read the joint bid on the project page and accept or decline it before bidding closes."),
        link=_link(bid.project),
    )
