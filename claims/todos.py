"""What waits in claims (lib/todos.py): the community worker confirms the
claims of its communities; a department fulfils the claims confirmed to it."""

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _

from lib.todos import Todo, admin_change, admin_list, one_or_many
from orgs.roles import Role

from .models import Claim, ClaimStatus


def _found(claims, status) -> dict:
    """One query: how many, and the last id (the claim itself when it is the only one)."""
    return claims.filter(status=status).aggregate(n=Count("pk"), last=Max("pk"))


def community(user, today):
    if user.role != Role.COMMUNITY_WORKER:
        return []
    found = _found(Claim.objects.for_user(user), ClaimStatus.CLAIMED)
    url = one_or_many(
        found, lambda pk: admin_change(Claim, pk), admin_list(Claim, "status__exact=claimed")
    )
    return [Todo("claims.confirm", _("Claims (认领) to confirm"), found["n"], url, order=30)]


def department(user, today):
    if user.role != Role.DEPARTMENT:
        return []
    found = _found(Claim.objects.for_user(user), ClaimStatus.CONFIRMED)
    url = reverse("claims:department")
    return [Todo("claims.fulfil", _("Claims confirmed, to fulfil"), found["n"], url, order=30)]


PROVIDERS = [community, department]
