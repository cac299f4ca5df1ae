"""The pages of a department or mass organisation (团委, 妇联, 文旅体局, 科协),
signed in with an account of Role.DEPARTMENT: the open needs of the area it
serves, to claim; its claims, to fulfil or withdraw; the resources it
offers. The tickets assigned to it are on the grids portal (grids:index),
where jurisdiction gives it those tickets only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.masking import mask_text
from lib.querystring import id_from
from lib.screens import run_service
from orgs.roles import Role
from orgs.scoping import get_for_user_or_404
from projects.models import Need, NeedStatus

from .. import services
from ..forms import ClaimForm, FulfilForm, OfferForm, ReasonForm
from ..models import Claim, DepartmentOffer
from .common import form_errors, take_step

SHOWN = 50


def _department_user(request):
    user = request.user
    if user.role != Role.DEPARTMENT or user.department_id is None:
        raise PermissionDenied
    return user


def open_needs(user, community_id=None):
    """The open needs of the area the user may claim in, the newest first."""
    needs = Need.objects.for_user(user).in_status(NeedStatus.OPEN).select_related("community")
    if community_id:
        needs = needs.filter(community_id=community_id)
    needs = list(needs.order_by("-created_at", "-pk")[:SHOWN])
    for need in needs:  # a resident's number written in the details stays theirs
        need.details = mask_text(need.description)
    return needs


@login_required
def home(request):
    user = _department_user(request)
    claims = (
        Claim.objects.for_user(user)
        .select_related("need__community")
        .order_by("-claimed_at", "-pk")[:SHOWN]
    )
    return render(
        request,
        "claims/department.html",
        {
            "department": user.department,
            "needs": open_needs(user, id_from(request.GET.get("community"))),
            "claims": claims,
            "offers": DepartmentOffer.objects.for_user(user).order_by("title"),
            "claim_form": ClaimForm(),
            "fulfil_form": FulfilForm(),
            "reason_form": ReasonForm(),
            "offer_form": OfferForm(),
        },
    )


@login_required
@require_POST
def claim(request, pk):
    user = _department_user(request)
    need = get_for_user_or_404(Need.objects.all(), user, pk=pk)
    form = ClaimForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("claims:department")
    run_service(
        request,
        services.claim_as_department,
        _("Claimed: the community confirms it with you."),
        need_id=need.pk,
        user=user,
        plan=form.cleaned_data["plan"],
    )
    return redirect("claims:department")


@login_required
@require_POST
def step(request, pk, name):
    """Fulfil or withdraw one of the department's own claims."""
    user = _department_user(request)
    claim = get_for_user_or_404(Claim.objects.all(), user, pk=pk)
    take_step(request, claim, name, by=user)
    return redirect("claims:department")


@login_required
@require_POST
def add_offer(request):
    user = _department_user(request)
    form = OfferForm(request.POST, instance=DepartmentOffer(department_id=user.department_id))
    if form.is_valid():
        run_service(request, services.add_offer, _("Resource added."), offer=form.instance, by=user)
    else:
        form_errors(request, form)
    return redirect("claims:department")


@login_required
@require_POST
def toggle_offer(request, pk):
    user = _department_user(request)
    offer = get_for_user_or_404(DepartmentOffer.objects.all(), user, pk=pk)
    run_service(request, services.toggle_offer, _("Saved."), offer=offer, by=user)
    return redirect("claims:department")
