"""The project page: everything about one project, and the actions the
viewer may take at its current state."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.screens import run_service
from orgs.roles import Role

from ..forms import MilestoneForm
from ..models import ActivityPhoto, Bid, BidMember, BidStatus, Expense, ProjectStatus
from ..services import photos
from ..services.bids import refusals
from ..services.eligibility import platform_grades_of
from ..services.review import ranking
from ..workflow import STEPS, may
from .common import is_office, project_for, project_url
from .notices import notice_context
from .office import office_forms

NEEDS_REASONS = {"cancel", "fail", "return_delivery"}


@login_required
def project(request, pk):
    user = request.user
    project = project_for(user, pk)
    sealed = project.is_sealed
    context = {
        "project": project,
        "sealed": sealed,
        "bid_count": Bid.objects.count_for(project),
        "events": project.events.select_related("by"),
        "needs": project.needs.with_current_status(),
        "steps": [
            (name, STEPS[name].label, name in NEEDS_REASONS)
            for name in (
                "publish",
                "start_delivery",
                "deliver",
                "return_delivery",
                "cancel",
                "fail",
            )
            if may(user, project, name)
        ],
        "criteria": project.criteria.all(),
        "activities": project.activities.prefetch_related("photos"),
        "milestones": project.milestones.all(),
        "expenses": project.expenses.select_related("budget_line"),
        # Receipts are fetched through the expense's own scope (the delivery's
        # community and winner), which a review panel is not part of.
        "sees_receipts": Expense.objects.for_user(user).filter(project=project).exists(),
        "payments": project.payments.select_related("entry"),
        "winner": project.bids.filter(status=BidStatus.AWARDED)
        .select_related("organisation")
        .prefetch_related("members__organisation")
        .first(),
        "is_office": is_office(user),
        # Office staff, and project_for has found it in their jurisdiction:
        # what photos.may_publish asks, without asking the database again.
        "may_publish_photos": is_office(user),
    }
    if not sealed and (is_office(user) or user.role == Role.REVIEWER):
        context["ranking"] = ranking(project)
        context["platform_grades"] = _platform_grades(project, context["ranking"])
    if is_office(user):
        context.update(office_forms(project, user))
    winner = context["winner"]
    context["can_report"] = (
        winner is not None
        and user.role == Role.ORG_LEADER
        and user.organisation_id == winner.organisation_id
        and project.current_status in (ProjectStatus.AWARDED, ProjectStatus.IN_DELIVERY)
    )
    if context["can_report"]:
        context["milestone_form"] = MilestoneForm()
    if user.role == Role.ORG_LEADER and user.organisation_id:
        context.update(_leader_context(project, user))
    # An accepted member of a joint bid objects as its lead may.
    party_bid = context.get("my_bid") or context.get("joint_bid")
    context.update(notice_context(project, user, party_bid))
    return render(request, "projects/project.html", context)


def _leader_context(project, user) -> dict:
    """An organisation leader's own bid, its joint-bid invitations and
    memberships, and why it may not bid."""
    context = {}
    context["my_bid"] = (
        Bid.objects.filter(project=project, organisation_id=user.organisation_id)
        .prefetch_related("lines", "members__organisation")
        .first()
    )
    # A named member reads the joint bid and accepts or declines it;
    # an accepted member does not bid alone.
    context["memberships"] = list(
        BidMember.objects.for_user(user)
        .filter(
            project=project,
            organisation_id=user.organisation_id,
            bid__status=BidStatus.SUBMITTED,
        )
        .select_related("bid__organisation")
        .prefetch_related("bid__lines", "bid__members__organisation")
    )
    context["joint_bid"] = next(
        (m.bid for m in context["memberships"] if m.accepted_at is not None), None
    )
    context["refusals"] = (
        refusals(user.organisation, project)
        if project.current_status == ProjectStatus.BIDDING
        else []
    )
    return context


def _platform_grades(project, ranked) -> list[tuple[str, str]]:
    """Where the round asks for a platform grade: each bidding party with the
    grades of the platforms it runs or is resident in, as (name, grades)."""
    if project.round is None or not project.round.min_platform_grade:
        return []
    parties = [
        organisation
        for r in ranked
        for organisation in (r.bid.organisation, *(m.organisation for m in r.bid.accepted_members))
    ]
    grades = platform_grades_of([o.pk for o in parties])
    return [(o.name, "、".join(g or "—" for g in grades.get(o.pk, [])) or "—") for o in parties]


@login_required
@require_POST
def photo_publish(request, pk, activity_photo_pk, publish):
    """Publish an activity photo on the public project page, or take it back."""
    project = project_for(request.user, pk)
    photo = get_object_or_404(
        ActivityPhoto.objects.select_related("report__project"),
        report__project=project,
        pk=activity_photo_pk,
    )
    if publish:
        run_service(
            request, photos.publish_photo, _("Photo published."), photo=photo, by=request.user
        )
    else:
        run_service(
            request,
            photos.withdraw_photo,
            _("Photo made private again."),
            photo=photo,
            by=request.user,
        )
    return redirect(f"{project_url(project)}#delivery")
