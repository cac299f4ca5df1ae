"""The portal side of grids: people on patrol report what they find and
follow their grid's tickets; an organisation works the tickets given to it.
Street and community staff work the queue in the admin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.masking import PHONE, in_full
from lib.paginators import KeysetPaginator
from lib.querystring import id_from
from lib.screens import run_service
from orgs.models import AccessSurface
from orgs.privacy import record_access
from orgs.roles import Role
from orgs.scoping import get_for_user_or_404

from .. import services
from ..forms import HoldForm, PatrolTicketForm, ResolveForm
from ..models import BEING_HANDLED, OPEN_STATUSES, Grid, Ticket, open_tickets_of_grid
from ..patrol import may_report, report_found, reportable_grids
from ..workflow import MACHINE

PAGE_SIZE = 30
# The queue's order, the most urgent first; an index of the same order
# (grids.Ticket.Meta) serves every page by cursor, however deep.
QUEUE_ORDER = ["due_on", "-reported_at", "-id"]


def _tickets(user):
    return Ticket.objects.for_user(user).select_related(
        "community", "grid", "category", "assigned_organisation", "assigned_user", "department"
    )


@login_required
def index(request):
    """My grids and their tickets; an organisation's own tickets."""
    user = request.user
    tickets = _tickets(user)
    grids = Grid.objects.none()
    if user.role == Role.ORG_LEADER:
        tickets = tickets.filter(
            Q(assigned_organisation=user.organisation_id)
            | Q(reporter_organisation=user.organisation_id)
        )
    elif user.role == Role.DEPARTMENT:
        pass  # its jurisdiction is the tickets assigned to its department (claims.scoping)
    else:
        grids = (
            reportable_grids(user)
            .select_related("community", "leader")
            .annotate(open_count=open_tickets_of_grid())
            .order_by("community__code", "number")
        )
        grid_id = id_from(request.GET.get("grid"))
        if grid_id:
            tickets = tickets.filter(grid_id=grid_id)
        elif user.role == Role.GRID_MEMBER:
            tickets = tickets.filter(grid__in=grids.values("pk"))
    show = request.GET.get("show", "open")
    if show == "open":
        tickets = tickets.filter(status__in=OPEN_STATUSES)
    elif show == "mine":
        tickets = tickets.filter(Q(assigned_user=user) | Q(reporter=user))
    elif show == "todo":  # what the workbench counts as given to this account to handle
        if user.role == Role.ORG_LEADER:
            given = Q(assigned_organisation=user.organisation_id)
        elif user.role == Role.DEPARTMENT:
            given = Q(department=user.department_id)
        else:
            given = Q(assigned_user=user)
        tickets = tickets.filter(given, status__in=BEING_HANDLED)
    page = KeysetPaginator(tickets, QUEUE_ORDER, PAGE_SIZE).page(request.GET.get("cursor"))
    return render(
        request,
        "grids/index.html",
        {
            "grids": grids[:50],
            "page": page,
            "show": show,
            "grid_id": request.GET.get("grid", ""),
            "may_report": may_report(user),
        },
    )


@login_required
def report(request):
    user = request.user
    if not may_report(user):
        raise PermissionDenied
    grids = reportable_grids(user)
    form = PatrolTicketForm(request.POST or None, request.FILES or None, grids=grids)
    if request.method == "POST" and form.is_valid():
        reported = run_service(
            request,
            report_found,
            lambda ticket: _("Ticket #%(number)d reported. Thank you.") % {"number": ticket.pk},
            form=form,
            by=user,
            **form.cleaned_data,
        )
        if reported:
            return redirect("grids:ticket", pk=reported.value.pk)
    return render(request, "grids/report.html", {"form": form})


@login_required
def ticket(request, pk):
    user = request.user
    ticket = get_for_user_or_404(
        Ticket.objects.select_related(
            "community__parent",
            "grid",
            "category",
            "assigned_user",
            "assigned_organisation",
            "department",
        ),
        user,
        pk=pk,
    )
    handles = services.may_handle(user, ticket)
    resident_name, resident_phone = ticket.resident_for(user)
    record_access(
        user=user,
        kinds={PHONE},
        delivered={PHONE} if in_full(PHONE, resident_phone) else set(),
        surface=AccessSurface.PAGE,
        what="grids.ticket",
        object_id=ticket.pk,
        path=request.path,
    )
    return render(
        request,
        "grids/ticket.html",
        {
            "ticket": ticket,
            "resident_name": resident_name,
            "resident_phone": resident_phone,
            "timeline": services.timeline(ticket),
            "photos": ticket.photos.all(),
            "can_start": handles and MACHINE.allows(ticket, "start"),
            "can_resolve": handles and MACHINE.allows(ticket, "resolve"),
            "can_hold": handles and MACHINE.allows(ticket, "hold"),
            "can_resume": handles and MACHINE.allows(ticket, "resume"),
            "resolve_form": ResolveForm(),
            "hold_form": HoldForm(),
            "is_staff": user.is_staff,
        },
    )


@login_required
@require_POST
def step(request, pk, name):
    """The assignee's steps: start, put on hold, resume, resolve."""
    user = request.user
    ticket = get_for_user_or_404(Ticket.objects.all(), user, pk=pk)
    if name not in ("start", "hold", "resume", "resolve") or not services.may_handle(user, ticket):
        raise PermissionDenied
    run_service(
        request,
        _take_step,
        _("Done: %(step)s.") % {"step": MACHINE.steps[name].label},
        name=name,
        ticket=ticket,
        user=user,
        data=request.POST,
        files=request.FILES,
    )
    return redirect("grids:ticket", pk=ticket.pk)


def _take_step(*, name, ticket, user, data, files):
    """One of the assignee's steps; its form's errors refuse it like the service would."""
    if name == "start":
        services.start(ticket=ticket, by=user)
    elif name == "resume":
        services.resume(ticket=ticket, by=user)
    elif name == "hold":
        form = HoldForm(data)
        if not form.is_valid():
            raise ValidationError(_("Say why the ticket is put on hold."))
        services.hold(ticket=ticket, by=user, reason=form.cleaned_data["reason"])
    else:
        form = ResolveForm(data, files)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.resolve(
            ticket=ticket,
            by=user,
            resolution=form.cleaned_data["resolution"],
            photo=form.cleaned_data.get("photo"),
        )
