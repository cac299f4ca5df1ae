"""Pages for reviewers: the panels they sit on, conflicts, scores."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.screens import run_service
from orgs.roles import Role

from ..forms import ConflictForm
from ..models import Bid, BidStatus, Project, ProjectStatus, Score
from ..services import review
from .common import project_for


def _reviewer(user):
    if user.role != Role.REVIEWER:
        raise PermissionDenied


@login_required
def panels(request):
    _reviewer(request.user)
    projects = (
        Project.objects.filter(reviewers=request.user)
        .with_current_status()
        .select_related("community")
        .order_by("-bids_close_at")
    )
    return render(request, "projects/panels.html", {"projects": projects})


@login_required
def review_project(request, pk):
    _reviewer(request.user)
    project = project_for(request.user, pk)
    if project.is_sealed:
        messages.info(request, _("Bids open for review when bidding closes."))
        return redirect("projects:project", pk=project.pk)
    criteria = list(project.criteria.all())
    bids = list(
        Bid.objects.for_user(request.user)
        .filter(
            project=project,
            status__in=[BidStatus.SUBMITTED, BidStatus.AWARDED, BidStatus.NOT_AWARDED],
        )
        .select_related("organisation")
        .prefetch_related("lines", "members__organisation")
    )
    mine = {
        (s.bid_id, s.criterion_id): s
        for s in Score.objects.filter(bid__project=project, reviewer=request.user)
    }
    rows = [
        {
            "bid": bid,
            "conflict": review.has_conflict(request.user, bid),
            "scores": [(c, mine.get((bid.pk, c.pk))) for c in criteria],
        }
        for bid in bids
    ]
    return render(
        request,
        "projects/review.html",
        {
            "project": project,
            "rows": rows,
            "criteria": criteria,
            "can_score": project.current_status == ProjectStatus.UNDER_REVIEW,
            "conflict_form": ConflictForm(),
        },
    )


@login_required
@require_POST
def score(request, pk, bid_pk):
    _reviewer(request.user)
    project = project_for(request.user, pk)
    bid = Bid.objects.for_user(request.user).filter(project=project, pk=bid_pk).first()
    if bid is None:
        raise PermissionDenied
    points, comments = {}, {}
    try:
        for criterion in project.criteria.all():
            points[criterion.pk] = Decimal(request.POST.get(f"c{criterion.pk}", ""))
            comments[criterion.pk] = request.POST.get(f"note{criterion.pk}", "")[:200]
    except InvalidOperation:
        messages.error(request, _("Give a number for every criterion."))
        return redirect("projects:review", pk=project.pk)
    run_service(
        request,
        review.score_bid,
        lambda _scores: _("Scores saved for %(name)s.") % {"name": bid.organisation.name},
        bid=bid,
        reviewer=request.user,
        points=points,
        comments=comments,
    )
    return redirect("projects:review", pk=project.pk)


@login_required
@require_POST
def declare(request, pk):
    _reviewer(request.user)
    project = project_for(request.user, pk)
    form = ConflictForm(request.POST)
    bid = (
        project.bids.filter(organisation_id=request.POST.get("organisation"))
        .select_related("organisation")
        .first()
    )
    if not form.is_valid() or bid is None:
        messages.error(request, _("Say what ties you to the organisation."))
    else:
        run_service(
            request,
            review.declare_conflict,
            _("Tie declared: you will not score %(name)s.") % {"name": bid.organisation.name},
            project=project,
            reviewer=request.user,
            organisation=bid.organisation,
            nature=form.cleaned_data["nature"],
        )
    return redirect("projects:review", pk=project.pk)
