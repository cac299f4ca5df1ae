"""Who a project's notices go to and where they link, and giving its needs
back: shared by the tender and the delivery steps."""

from django.urls import reverse

from orgs.models import User
from orgs.roles import COMMUNITY_STAFF, Role

from ..models import BidMember, Need, NeedStatus


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


def _parties(bid) -> list[int]:
    """The organisations of a bid: its own and, for a joint bid, its
    accepted members' (an invited one is not part of the bid)."""
    return [bid.organisation_id, *bid.members.accepted().values_list("organisation_id", flat=True)]


def _parties_of(bid_ids) -> list[int]:
    """`_parties` of several bids (ids or a subquery of them)."""
    from ..models import Bid

    return [
        *Bid.objects.filter(pk__in=bid_ids).values_list("organisation_id", flat=True),
        *BidMember.objects.accepted()
        .filter(bid_id__in=bid_ids)
        .values_list("organisation_id", flat=True),
    ]


def _reopen_needs(project, by):
    for need in Need.objects.select_for_update().filter(project=project):
        need.project, need.status = None, NeedStatus.OPEN
        if by:
            need._history_user = by
        need.save(update_fields=["project", "status"])
