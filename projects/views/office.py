"""Pages for community workers and street officers: needs, drafting,
approval, award, acceptance and settlement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.querystring import id_from
from lib.screens import run_service
from orgs.scoping import get_for_user_or_404

from ..forms import AcceptForm, AwardForm, NeedForm, NoteForm, PaymentForm, ProjectForm, SettleForm
from ..models import Need, NeedStatus, Project, ProjectStatus
from ..services import delivery, tenders
from ..services import needs as need_service
from ..services.notices import notice_days
from ..workflow import may
from .common import back, by_group, is_office, project_for


def _office_only(user):
    if not is_office(user):
        raise PermissionDenied


@login_required
def need_list(request):
    _office_only(request.user)
    needs = (
        Need.objects.for_user(request.user)
        .select_related("community", "project")
        .with_current_status()
    )
    status = request.GET.get("status")
    if status in NeedStatus.values:
        needs = needs.in_status(status)
    needs, group_filter = by_group(request, needs)
    return render(
        request,
        "projects/needs.html",
        {
            **group_filter,
            "needs": needs[:200],
            "status": status,
            "statuses": NeedStatus.choices,
            "awaiting": Need.objects.for_user(request.user)
            .filter(status=NeedStatus.AWAITING)
            .count(),
        },
    )


@login_required
def need_new(request):
    _office_only(request.user)
    form = NeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        posted = run_service(
            request,
            need_service.post_need,
            _("Need posted."),
            form=form,
            by=request.user,
            **form.cleaned_data,
        )
        if posted:
            return redirect("projects:needs")
    return render(request, "projects/need_form.html", {"form": form})


@login_required
@require_POST
def need_decide(request, pk, decision):
    _office_only(request.user)
    need = get_for_user_or_404(Need.objects, request.user, pk=pk)
    if decision == "confirm":
        run_service(
            request, need_service.confirm_need, _("Need confirmed."), need=need, by=request.user
        )
    else:
        run_service(
            request,
            need_service.decline_need,
            _("Need declined."),
            need=need,
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    return redirect("projects:needs")


@login_required
def project_list(request):
    user = request.user
    projects = (
        Project.objects.for_user(user)
        .select_related("community", "round")
        .with_current_status()
        .annotate(bid_count=Count("bids", filter=~Q(bids__status="withdrawn")))
    )
    status = request.GET.get("status")
    if status in ProjectStatus.values:
        projects = projects.in_status(status)
    projects, group_filter = by_group(request, projects)
    return render(
        request,
        "projects/projects.html",
        {
            **group_filter,
            "projects": projects[:200],
            "status": status,
            "statuses": ProjectStatus.choices,
        },
    )


@login_required
def project_new(request):
    _office_only(request.user)
    if not request.user.has_perm("projects.add_project"):
        raise PermissionDenied
    chosen_needs = [pk for pk in map(id_from, request.GET.getlist("need")) if pk]
    # The project serves whom its needs serve, until the drafter says otherwise.
    initial = {
        "needs": chosen_needs,
        "groups": list(
            Need.objects.for_user(request.user)
            .filter(pk__in=chosen_needs, groups__isnull=False)
            .values_list("groups", flat=True)
            .distinct()
        ),
    }
    form = ProjectForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("needs")
        drafted = run_service(
            request,
            tenders.draft_project,
            _("Project drafted. The street officer approves and publishes it."),
            form=form,
            needs=chosen,
            by=request.user,
            **data,
        )
        if drafted:
            return redirect("projects:project", pk=drafted.value.pk)
    return render(request, "projects/project_form.html", {"form": form})


@login_required
@require_POST
def step(request, pk, name):
    """The steps that need at most a note: publish, cancel, fail, return."""
    project = project_for(request.user, pk)
    if not may(request.user, project, name):
        raise PermissionDenied
    note = request.POST.get("note", "")
    services = {
        "publish": (tenders.publish, {}, _("Published.")),
        "cancel": (delivery.cancel, {"reason": note}, _("Project cancelled.")),
        "fail": (delivery.fail, {"reason": note}, _("Project declared failed.")),
        "return_delivery": (
            delivery.return_delivery,
            {"reasons": note},
            _("Delivery returned with your reasons."),
        ),
        "start_delivery": (delivery.start_delivery, {}, _("Delivery started.")),
        "deliver": (delivery.deliver, {}, _("Delivery reported complete.")),
    }
    if name not in services:
        raise PermissionDenied
    service, extra, success = services[name]
    run_service(request, service, success, project=project, by=request.user, **extra)
    return back(project)


@login_required
@require_POST
def award(request, pk):
    project = project_for(request.user, pk)
    if not may(request.user, project, "award"):
        raise PermissionDenied
    form = AwardForm(request.POST)
    if form.is_valid():
        bid = project.bids.filter(pk=form.cleaned_data["bid"]).first()
        if bid is None:
            messages.error(request, _("This bid is not one of the project's."))
        else:
            run_service(
                request,
                tenders.award,
                _("The award to %(name)s is on public notice.") % {"name": bid.organisation.name},
                project=project,
                bid=bid,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return back(project)


@login_required
@require_POST
def accept(request, pk):
    project = project_for(request.user, pk)
    if not may(request.user, project, "accept"):
        raise PermissionDenied
    form = AcceptForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            delivery.accept,
            _("Delivery accepted."),
            project=project,
            by=request.user,
            **form.cleaned_data,
        )
    else:
        messages.error(request, _("Give the number of beneficiaries reached."))
    return back(project)


@login_required
@require_POST
def settle(request, pk):
    project = project_for(request.user, pk)
    if not may(request.user, project, "settle"):
        raise PermissionDenied
    form = SettleForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            delivery.settle,
            _("Project settled."),
            project=project,
            by=request.user,
            **form.cleaned_data,
        )
    else:
        for field, error in form.errors.items():
            messages.error(
                request,
                f"{form.fields[field].label if field in form.fields else ''} {' '.join(error)}",
            )
    return back(project)


@login_required
@require_POST
def pay(request, pk):
    project = project_for(request.user, pk)
    if not (is_office(request.user) and request.user.has_perm("incubators.add_fundentry")):
        raise PermissionDenied
    form = PaymentForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            delivery.pay,
            _("Advance paid."),
            project=project,
            kind="advance",
            by=request.user,
            **form.cleaned_data,
        )
    else:
        messages.error(request, _("Give the amount, date and voucher number."))
    return back(project)


def office_forms(project, user):
    """The forms the project page offers an office user, by state."""
    return {
        "award_form": AwardForm() if may(user, project, "award") else None,
        "notice_days": notice_days(project),
        "accept_form": AcceptForm() if may(user, project, "accept") else None,
        "settle_form": SettleForm(initial={"final_payment": 0})
        if may(user, project, "settle")
        else None,
        "payment_form": PaymentForm()
        if is_office(user)
        and user.has_perm("incubators.add_fundentry")
        and project.current_status in (ProjectStatus.AWARDED, ProjectStatus.IN_DELIVERY)
        else None,
        "note_form": NoteForm(),
    }
