"""The pages of door-to-door visits (/visits/): the list of the account's
jurisdiction, a new visit with its findings (community workers, on a phone),
a visit's page with each finding and its "turn into" buttons.

Community workers record and turn; street officers read their communities'
visits and turn; district staff read them, the findings' names and phones
masked. Another jurisdiction's visit is a 404 (`get_for_user_or_404`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib import clock
from lib.masking import PHONE, mask_name
from lib.paginators import KeysetPaginator
from lib.screens import run_service
from orgs.models import AccessSurface, Category, Organisation
from orgs.privacy import record_access, shown
from orgs.roles import Role
from orgs.scoping import get_for_user_or_404

from . import forms, services
from .forms import FindingFormSet, MemberTurnForm, OrganisationTurnForm, TalentTurnForm, VisitForm
from .models import FindingKind, Outcome, Visit, VisitFinding

PAGE_SIZE = 30
# Who reads a found person's name in full: those who go back to them.
NAMES_IN_FULL = frozenset({Role.PLATFORM_ADMIN, Role.STREET_OFFICER, Role.COMMUNITY_WORKER})


def reader(user):
    if not user.has_perm("visits.view_visit"):
        raise PermissionDenied


def may_record(user) -> bool:
    return user.role == Role.COMMUNITY_WORKER and bool(user.area_id)


def may_turn(user) -> bool:
    return user.has_perm("visits.change_visitfinding")


def sees_names(user) -> bool:
    return user.is_superuser or user.role in NAMES_IN_FULL


def show_finding(user, finding: VisitFinding) -> VisitFinding:
    """The finding's personal fields as `user` may read them, on
    `name_shown`, `contact_shown`, `phone_shown` (orgs/privacy.py MASK_TABLE,
    VisitFinding.*). A group's own name is no one's personal data."""
    names = sees_names(user)
    finding.name_shown = finding.name if names or not finding.is_person else mask_name(finding.name)
    finding.contact_shown = finding.contact_name if names else mask_name(finding.contact_name)
    finding.phone_shown = shown(user, PHONE, finding.phone)
    return finding


@login_required
def visit_list(request):
    user = request.user
    reader(user)
    visits = (
        Visit.objects.for_user(user)
        .select_related("community", "grid", "party_member", "recorded_by")
        .annotate(
            found=Count("findings"),
            waiting=Count("findings", filter=Q(findings__outcome="")),
            organisations=Count("findings", filter=Q(findings__kind=FindingKind.SELF_ORGANISATION)),
        )
    )
    page = KeysetPaginator(visits, ["-visited_on", "-id"], PAGE_SIZE).page(
        request.GET.get("cursor")
    )
    return render(
        request,
        "visits/list.html",
        {"page": page, "may_record": may_record(user)},
    )


@login_required
def new(request):
    user = request.user
    reader(user)
    if not may_record(user):
        raise PermissionDenied
    visit = Visit(community=user.area, visited_on=clock.today())
    form = VisitForm(request.POST or None, instance=visit, community=user.area)
    formset = FindingFormSet(request.POST or None, instance=visit, prefix="findings")
    # Both checked, so every wrong answer shows at once.
    valid = request.method == "POST" and all([form.is_valid(), formset.is_valid()])
    if valid:
        findings = [f.instance for f in formset.forms if f.has_changed()]
        done = run_service(
            request,
            services.record_visit,
            _("The visit is recorded. Turn what you found into records below."),
            form=form,
            visit=form.instance,
            findings=findings,
            by=user,
        )
        if done:
            return redirect("visits:detail", pk=done.value.pk)
    return render(request, "visits/form.html", {"form": form, "formset": formset})


def _visit_for(user, pk) -> Visit:
    reader(user)
    return get_for_user_or_404(
        Visit.objects.select_related("community__parent", "grid", "party_member", "recorded_by"),
        user,
        pk=pk,
    )


@login_required
def detail(request, pk):
    user = request.user
    visit = _visit_for(user, pk)
    findings = [
        show_finding(user, finding)
        for finding in visit.findings.select_related(
            "organisation", "talent", "membership__organisation", "turned_by"
        ).order_by("id")
    ]
    record_access(
        user=user,
        kinds={PHONE},
        rows=sum(1 for f in findings if f.phone and f.phone_shown == f.phone),
        surface=AccessSurface.PAGE,
        what="visits.visit",
        object_id=visit.pk,
        path=request.path,
    )
    turning = may_turn(user) and any(not f.is_turned for f in findings)
    if turning:
        _attach_turn_forms(user, visit, findings)
    return render(
        request,
        "visits/detail.html",
        {"visit": visit, "findings": findings, "may_turn": turning},
    )


def _attach_turn_forms(user, visit, findings) -> None:
    """Each open finding's forms, ids of its own; the choices read once."""
    groups = organisations = None
    for finding in findings:
        if finding.is_turned:
            continue
        prefix = f"id_f{finding.pk}_%s"
        if finding.is_person:
            if organisations is None:
                organisations = list(_organisations_for(user, visit).select_related("area"))
            finding.talent_form = TalentTurnForm(auto_id=prefix.replace("_%s", "t_%s"))
            finding.member_form = MemberTurnForm(
                organisations=organisations, auto_id=prefix.replace("_%s", "m_%s")
            )
        else:
            groups = forms.categories() if groups is None else groups
            finding.category_form = OrganisationTurnForm(categories=groups, auto_id=prefix)


def _organisations_for(user, visit):
    """The live organisations a found person may join: of the visited
    community and its street, within the account's jurisdiction."""
    return (
        Organisation.objects.for_user(user)
        .live()
        .filter(Q(area=visit.community) | Q(area=visit.community.parent_id))
        .order_by("area__code", "name")
    )


TURNS = {
    Outcome.ORGANISATION: services.turn_into_organisation,
    Outcome.TALENT: services.turn_into_talent,
    Outcome.MEMBER: services.turn_into_member,
}


def _turn_arguments(request, user, visit, outcome) -> dict | None:
    """The posted choices as the service takes them; None (each error a
    message) when the form is wrong."""
    if outcome == Outcome.ORGANISATION:
        form = OrganisationTurnForm(request.POST, categories=forms.categories())
    elif outcome == Outcome.MEMBER:
        form = MemberTurnForm(request.POST, organisations=_organisations_for(user, visit))
    else:
        form = TalentTurnForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return None
    found = dict(form.cleaned_data)
    if outcome == Outcome.ORGANISATION:
        found["category"] = Category.objects.get(pk=found["category"])
    if outcome == Outcome.MEMBER:
        found["organisation"] = _organisations_for(user, visit).get(pk=found["organisation"])
    return found


@login_required
@require_POST
def turn(request, pk, outcome):
    """Turn a finding into a ledger entry, a talent-pool entry or a member."""
    user = request.user
    reader(user)
    if outcome not in TURNS:
        raise Http404
    if not may_turn(user):
        raise PermissionDenied
    finding = get_for_user_or_404(
        VisitFinding.objects.select_related("visit__community"), user, pk=pk
    )
    visit = finding.visit
    arguments = _turn_arguments(request, user, visit, outcome)
    if arguments is not None:
        run_service(
            request,
            TURNS[outcome],
            lambda turned: (
                _("%(name)s: %(outcome)s.")
                % {
                    "name": show_finding(user, turned).name_shown,
                    "outcome": turned.get_outcome_display(),
                }
            ),
            finding_id=finding.pk,
            by=user,
            **arguments,
        )
    return redirect(f"{reverse('visits:detail', args=[visit.pk])}#finding-{finding.pk}")
