"""Who sees which projects, besides the territory: reviewers see the projects
of the panels they sit on; organisation leaders see the tenders open in
their district until they close (they see their own bids' projects by the
root app's rule)."""

from django.db.models import Q

from .models import Bid, Project, ProjectStatus, Round, status_q


def reviewer_rule(user, qs) -> Q | None:
    if qs.model is Project:
        return Q(pk__in=Project.objects.filter(reviewers=user).values("pk"))
    if qs.model is Bid:
        return Q(project__in=Project.objects.filter(reviewers=user).values("pk"))
    if qs.model is Round:
        return Q(pk__in=Round.objects.filter(reviewers=user).values("pk"))
    return None


def open_tenders_rule(user, qs) -> Q | None:
    if qs.model is not Project or user.organisation_id is None:
        return None
    district = user.organisation.area.code[:6]
    return status_q(ProjectStatus.BIDDING) & Q(community__code__startswith=district)
