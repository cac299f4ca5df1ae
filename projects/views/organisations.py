"""Pages for organisation leaders: open tenders, bids, delivery."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib import clock
from lib.querystring import id_from
from lib.screens import run_service
from orgs.models import Area, AreaLevel
from orgs.roles import Role
from orgs.scoping import get_for_user_or_404

from ..bid_forms import BidForm, BidMemberFormSet, BudgetLineFormSet, member_choices
from ..forms import ActivityForm, BeneficiaryCountFormSet, ExpenseForm
from ..models import Bid, BidMember, BidStatus, Direction, Project, ProjectStatus
from ..services import bids as bid_service
from ..services import delivery
from ..services import membership as membership_service
from .common import back, project_for


def _leader(user):
    if user.role != Role.ORG_LEADER or not user.organisation_id:
        raise PermissionDenied
    return user.organisation


@login_required
def tenders(request):
    """Open tenders of the leader's district, by direction and street."""
    organisation = _leader(request.user)
    projects = (
        Project.objects.for_user(request.user)
        .open_for_bids()
        .select_related("community__parent", "direction", "round")
        .annotate(bid_count=Count("bids", filter=~Q(bids__status="withdrawn")))
        .order_by("bids_close_at")
    )
    direction = request.GET.get("direction", "")
    street = request.GET.get("street", "")
    if direction_id := id_from(direction):
        projects = projects.filter(direction_id=direction_id)
    if street_id := id_from(street):
        chosen = Area.objects.filter(pk=street_id, level=AreaLevel.STREET).first()
        if chosen:
            projects = projects.filter(community__code__startswith=chosen.code)
    mine = set(Bid.objects.of_party(organisation.pk).live().values_list("project_id", flat=True))
    streets = Area.objects.filter(
        level=AreaLevel.STREET, code__startswith=organisation.area.code[:6]
    )
    return render(
        request,
        "projects/tenders.html",
        {
            "projects": projects,
            "mine": mine,
            "directions": Direction.objects.all(),
            "streets": streets,
            "direction": direction,
            "street": street,
        },
    )


@login_required
def my_bids(request):
    organisation = _leader(request.user)
    # Its own bids and the joint bids it is a member of, with its role.
    bids = (
        Bid.objects.filter(Bid.objects.all().organisations_q(organisation.pk))
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "project",
                Project.objects.with_current_status().select_related("community"),
            ),
            "members",
        )
        .order_by("-submitted_at")
    )
    return render(request, "projects/my_bids.html", {"bids": bids})


def _bid_forms(request, organisation, existing):
    """The bid's form, its budget lines and its members (a joint bid's), as
    sent or as saved."""
    choices = {"organisations": member_choices(organisation)}
    if request.method == "POST":
        return (
            BidForm(request.POST),
            BudgetLineFormSet(request.POST, prefix="lines"),
            # A form without the members' rows (an older page, a script) bids
            # alone; `bid` refuses it when the bid has members.
            BidMemberFormSet(
                request.POST if "members-TOTAL_FORMS" in request.POST else None,
                prefix="members",
                form_kwargs=choices,
            ),
        )
    if existing is None:
        return (
            BidForm(),
            BudgetLineFormSet(prefix="lines"),
            BidMemberFormSet(prefix="members", form_kwargs=choices),
        )
    lines = [{"item": li.item, "amount": li.amount, "note": li.note} for li in existing.lines.all()]
    return (
        BidForm(
            initial={
                "proposal": existing.proposal,
                "team": existing.team,
                "schedule": existing.schedule,
            }
        ),
        BudgetLineFormSet(prefix="lines", initial=lines),
        _saved_members(existing, choices),
    )


def _saved_members(existing, choices):
    members = [
        {"organisation": m.organisation, "work_share": m.work_share, "budget_share": m.budget_share}
        for m in existing.members.all()
    ]
    return BidMemberFormSet(prefix="members", initial=members, form_kwargs=choices)


@login_required
def bid(request, pk):
    """Submit or revise the organisation's bid while bidding is open, alone
    or as the lead of a joint bid."""
    organisation = _leader(request.user)
    project = project_for(request.user, pk)
    existing = (
        Bid.objects.filter(project=project, organisation=organisation)
        .prefetch_related("lines", "members__organisation")
        .first()
    )
    form, lines, members = _bid_forms(request, organisation, existing)
    if (
        request.method == "POST"
        and not members.is_bound
        and existing is not None
        and existing.members.all()
    ):
        # A page without the members' rows (a stale tab) would drop them:
        # refused, the saved members shown again, nothing changed.
        form.add_error(
            None,
            _(
                "This page was opened before your bid had members and would remove them. "
                "Nothing was saved: check the members below and save again."
            ),
        )
        members = _saved_members(existing, {"organisations": member_choices(organisation)})
    rows = members.cleaned_data if members.is_bound and members.is_valid() else []
    if (
        request.method == "POST"
        and form.is_valid()
        and lines.is_valid()
        and (not members.is_bound or members.is_valid())
    ):
        submitted = run_service(
            request,
            bid_service.submit_bid,
            _("Bid saved. You can revise it until bidding closes."),
            form=form,
            project=project,
            organisation=organisation,
            lines=[
                (f["item"], f["amount"], f["note"]) for f in lines.cleaned_data if f.get("item")
            ],
            members=[
                (f["organisation"], f["work_share"], f["budget_share"])
                for f in rows
                if f.get("organisation")
            ],
            by=request.user,
            **form.cleaned_data,
        )
        if submitted:
            return back(project)
    closed = project.current_status != ProjectStatus.BIDDING
    return render(
        request,
        "projects/bid_form.html",
        {
            "project": project,
            "form": form,
            "lines": lines,
            "members": members,
            "existing": existing,
            "refusals": ([_("Bidding for this project is closed.")] if closed else [])
            + bid_service.refusals(organisation, project),
        },
    )


@login_required
@require_POST
def withdraw(request, pk):
    organisation = _leader(request.user)
    project = project_for(request.user, pk)
    mine = Bid.objects.filter(project=project, organisation=organisation).first()
    if mine is None:
        raise PermissionDenied
    run_service(request, bid_service.withdraw_bid, _("Bid withdrawn."), bid=mine, by=request.user)
    return back(project)


def _membership(request, pk):
    organisation = _leader(request.user)
    return get_for_user_or_404(
        BidMember.objects.filter(organisation=organisation).select_related("project"),
        request.user,
        pk=pk,
    )


@login_required
@require_POST
def accept(request, pk):
    """The member's leader accepts the invitation to a joint bid."""
    membership = _membership(request, pk)
    run_service(
        request,
        membership_service.accept_membership,
        _("Your organisation now takes part in the joint bid."),
        membership=membership,
        by=request.user,
    )
    return back(membership.project)


@login_required
@require_POST
def decline(request, pk):
    """The member's leader declines the invitation, or leaves the bid."""
    membership = _membership(request, pk)
    run_service(
        request,
        membership_service.decline_membership,
        _("Your organisation is not taking part in the joint bid; its lead has been told."),
        membership=membership,
        by=request.user,
    )
    return back(membership.project)


def _winner(request, project):
    organisation = _leader(request.user)
    winner = project.bids.filter(status=BidStatus.AWARDED, organisation=organisation).first()
    if winner is None or project.current_status not in (
        ProjectStatus.IN_DELIVERY,
        ProjectStatus.AWARDED,
        ProjectStatus.DELIVERED,
    ):
        raise PermissionDenied
    return winner


@login_required
def activity_new(request, pk):
    project = project_for(request.user, pk)
    _winner(request, project)
    form = ActivityForm(request.POST or None, request.FILES or None)
    # A form without the rows (a page served before they existed) reports no counts.
    sent_rows = "groups-TOTAL_FORMS" in request.POST
    counts = BeneficiaryCountFormSet(request.POST if sent_rows else None, prefix="groups")
    if request.method == "POST" and form.is_valid() and (not sent_rows or counts.is_valid()):
        fields = dict(form.cleaned_data)
        reported = run_service(
            request,
            delivery.report_activity,
            _("Activity reported."),
            form=form,
            project=project,
            by=request.user,
            group_counts=[
                (row["group"], row["count"])
                for row in (counts.cleaned_data if sent_rows else [])
                if row.get("group")
            ],
            **fields,
        )
        if reported:
            return back(project)
    return render(
        request,
        "projects/activity_form.html",
        {"project": project, "form": form, "counts": counts},
    )


@login_required
def expense_new(request, pk):
    project = project_for(request.user, pk)
    winner = _winner(request, project)
    form = ExpenseForm(request.POST or None, request.FILES or None, bid=winner)
    if request.method == "POST" and form.is_valid():
        expense = form.save(commit=False)
        expense.project, expense.recorded_by = project, request.user
        expense._history_user = request.user
        expense.save()
        messages.success(request, _("Expense recorded."))
        return back(project)
    return render(request, "projects/expense_form.html", {"project": project, "form": form})


@login_required
@require_POST
def milestone(request, pk):
    """Add a milestone, or mark one done, on the awarded organisation's project."""

    from ..forms import MilestoneForm
    from ..models import Milestone

    project = project_for(request.user, pk)
    _winner(request, project)
    done = request.POST.get("done")
    if done:
        item = Milestone.objects.filter(project=project, pk=done, done_on__isnull=True).first()
        if item:
            item.done_on = clock.today()
            item._history_user = request.user
            item.save(update_fields=["done_on"])
            messages.success(request, _("Milestone done: %(title)s.") % {"title": item.title})
        return back(project)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        item = form.save(commit=False)
        item.project = project
        item._history_user = request.user
        item.save()
        messages.success(request, _("Milestone added."))
    else:
        messages.error(request, _("Give the milestone and its date."))
    return back(project)
