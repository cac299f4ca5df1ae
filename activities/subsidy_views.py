"""The pages of activity subsidies (补贴活动经费), under /activities/subsidies/.

An organisation's leader applies for an activity their organisation runs and
settles it afterwards with receipts; the street (or district) officers of
its jurisdiction approve it from a fund and a source, or refuse it with
reasons; community workers follow them. Another jurisdiction's subsidy is a
404 (`get_for_user_or_404`); a step the role does not take is a 403.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incubators.models import FundSource
from incubators.services import funds
from lib import clock
from lib.screens import run_service
from orgs.roles import DECIDING_OFFICERS, OFFICE_ROLES, Role
from orgs.scoping import get_for_user_or_404

from . import subsidies
from .models import Activity
from .subsidy_forms import ApplyForm, ApproveForm, RefuseForm, SettleForm
from .subsidy_models import Subsidy, SubsidyStatus


def is_leader(user) -> bool:
    return user.role == Role.ORG_LEADER and bool(user.organisation_id)


def follows(user):
    if not (user.is_superuser or user.role in OFFICE_ROLES or is_leader(user)):
        raise PermissionDenied


def decides(user):
    if not (user.is_superuser or user.role in DECIDING_OFFICERS):
        raise PermissionDenied


def subsidy_for(user, pk) -> Subsidy:
    follows(user)
    return get_for_user_or_404(
        Subsidy.objects.select_related(
            "activity__area", "organisation", "allocation__fund", "allocation__source"
        ),
        user,
        pk=pk,
    )


@login_required
def listing(request):
    follows(request.user)
    status = request.GET.get("status", "")
    found = Subsidy.objects.for_user(request.user).select_related("activity", "organisation")
    if status in SubsidyStatus.values:
        found = found.filter(status=status)
    page = Paginator(found.order_by("-applied_at", "-id"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/subsidies/list.html",
        {"page": page, "status": status, "statuses": SubsidyStatus.choices},
    )


@login_required
def apply(request, pk):
    if not is_leader(request.user):
        raise PermissionDenied
    activity = get_for_user_or_404(Activity.objects.select_related("area"), request.user, pk=pk)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            subsidies.apply,
            _("Applied: the street will approve or refuse it."),
            form=form,
            activity=activity,
            by=request.user,
            **form.cleaned_data,
        )
        if done:
            return redirect("activities:subsidy", pk=done.value.pk)
    return render(request, "activities/subsidies/apply.html", {"activity": activity, "form": form})


def _detail(request, subsidy, **forms):
    user = request.user
    applied, approved = (
        subsidy.status == SubsidyStatus.APPLIED,
        subsidy.status == SubsidyStatus.APPROVED,
    )
    may_decide = applied and (user.is_superuser or user.role in DECIDING_OFFICERS)
    mine = approved and user.organisation_id == subsidy.organisation_id and is_leader(user)
    held = subsidy.activity.ends_at <= clock.now()
    may_settle = mine and held
    free = []
    if may_decide:
        forms.setdefault(
            "approve_form",
            ApproveForm(user=user, subsidy=subsidy, initial={"amount": subsidy.amount}),
        )
        forms.setdefault("refuse_form", RefuseForm())
        free = free_by_source(forms["approve_form"].fields["fund"].queryset)
    if may_settle:
        forms.setdefault("settle_form", SettleForm())
    return render(
        request,
        "activities/subsidies/detail.html",
        {
            "subsidy": subsidy,
            "receipts": subsidy.receipts.all(),
            "free": free,
            "settle_later": mine and not held,
            **forms,
        },
    )


def free_by_source(found) -> list[tuple]:
    """(fund, source's name, free yuan) for the funds the officer may draw on:
    what each source has free, for choosing the source (a query per fund)."""
    names = [*FundSource.objects.values_list("pk", "name"), (None, _("unspecified"))]
    rows = []
    for fund in found:
        shares = funds.by_source(fund)
        for key, name in names:
            if key in shares and shares[key].free > 0:
                rows.append((fund, name, shares[key].free))
    return rows


@login_required
def detail(request, pk):
    return _detail(request, subsidy_for(request.user, pk))


@login_required
@require_POST
def approve(request, pk):
    subsidy = subsidy_for(request.user, pk)
    decides(request.user)
    form = ApproveForm(request.POST, user=request.user, subsidy=subsidy)
    if form.is_valid() and run_service(
        request,
        subsidies.approve,
        _("Approved: the money is allocated from the fund."),
        form=form,
        subsidy=subsidy,
        by=request.user,
        **form.cleaned_data,
    ):
        return redirect("activities:subsidy", pk=subsidy.pk)
    return _detail(request, subsidy, approve_form=form)


@login_required
@require_POST
def refuse(request, pk):
    subsidy = subsidy_for(request.user, pk)
    decides(request.user)
    form = RefuseForm(request.POST)
    if form.is_valid() and run_service(
        request,
        subsidies.refuse,
        _("Refused: the organisation sees your reasons."),
        form=form,
        subsidy=subsidy,
        by=request.user,
        **form.cleaned_data,
    ):
        return redirect("activities:subsidy", pk=subsidy.pk)
    return _detail(request, subsidy, refuse_form=form)


@login_required
@require_POST
def settle(request, pk):
    subsidy = subsidy_for(request.user, pk)
    if not (is_leader(request.user) and request.user.organisation_id == subsidy.organisation_id):
        raise PermissionDenied
    form = SettleForm(request.POST, request.FILES)
    if form.is_valid() and run_service(
        request,
        subsidies.settle,
        _("Settled: the fund pays what was spent and takes back the rest."),
        form=form,
        subsidy=subsidy,
        by=request.user,
        **form.cleaned_data,
    ):
        return redirect("activities:subsidy", pk=subsidy.pk)
    return _detail(request, subsidy, settle_form=form)
