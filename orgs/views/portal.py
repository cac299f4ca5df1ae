"""Portal pages for signed-in users (the admin is for back-office work)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib import todos
from lib.limits import TEXT
from lib.masking import PHONE
from lib.screens import run_service
from lib.uploads import check_document
from orgs.models import AccessSurface, Area, AreaLevel, FilingStatus, Membership, Organisation
from orgs.privacy import record_access, shown
from orgs.roles import Role
from orgs.scoping import get_for_user_or_404
from orgs.services import filing

from . import public


def home(request):
    """`/`: a signed-in account's workbench (what waits for it, and its
    pages); for anyone else the residents' front door (orgs.views.public)."""
    if not request.user.is_authenticated:
        return public.front_door(request)
    user = request.user
    context = {"todos": todos.for_request(request), **_tiles(user)}
    return render(request, "portal/home.html", context)


# The territory's counts mean something to the offices that keep a ledger of
# it; an organisation's leader, a grid member, a reviewer or an operator
# would read "0 streets".
_TILES = {
    Role.PLATFORM_ADMIN: ("streets", "communities", "organisations"),
    Role.DISTRICT_STAFF: ("streets", "communities", "organisations"),
    Role.STREET_OFFICER: ("communities", "organisations"),
    Role.COMMUNITY_WORKER: ("organisations",),
}


def _tiles(user) -> dict:
    shown = _TILES.get(user.role, ())
    if not shown:
        return {}
    ledger = Organisation.objects.for_user(user).ledger_counts()
    tiles = {"organisation_count": ledger["live"], "filing_rate": ledger["filing_rate"]}
    if {"streets", "communities"} & set(shown):
        areas = Area.objects.for_user(user).aggregate(
            streets=Count("pk", filter=Q(level=AreaLevel.STREET)),
            communities=Count("pk", filter=Q(level=AreaLevel.COMMUNITY)),
        )
        if "streets" in shown:
            tiles["street_count"] = areas["streets"]
        tiles["community_count"] = areas["communities"]
    return tiles


@login_required
def certificate(request, pk):
    """The printable filing certificate (A4)."""
    organisation = get_for_user_or_404(
        Organisation.objects.select_related("area__parent__parent", "category__parent"),
        request.user,
        pk=pk,
    )
    if organisation.filing_status != FilingStatus.APPROVED:
        raise Http404
    street = organisation.street
    authority = (
        f"{street.name}人民政府" if street.name.endswith(("镇", "乡")) else f"{street.name}办事处"
    )
    return render(
        request, "orgs/certificate.html", {"organisation": organisation, "authority": authority}
    )


class FilingForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note to the street"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy(
            "What has changed since a return, or anything the reviewer should know."
        ),
    )
    charter = forms.FileField(
        label=gettext_lazy("Charter (简易章程)"),
        required=False,
        help_text=gettext_lazy("PDF, Word or a photo, up to 5 MB."),
        validators=[check_document],
    )

    def clean_charter(self):
        charter = self.cleaned_data.get("charter")
        if charter and charter.size > 5 * 1024 * 1024:
            raise ValidationError(_("The charter file is larger than 5 MB."))
        return charter


@login_required
def my_organisation(request):
    """An organisation leader's own organisation, and its filing."""
    user = request.user
    if not user.organisation_id:
        raise Http404
    organisation = get_for_user_or_404(
        Organisation.objects.select_related("area__parent", "category__parent"),
        user,
        pk=user.organisation_id,
    )
    can_file = organisation.is_live and organisation.filing_status in (
        FilingStatus.NOT_FILED,
        FilingStatus.RETURNED,
    )
    form = FilingForm(request.POST or None, request.FILES or None) if can_file else None
    if form is not None and request.method == "POST" and form.is_valid():
        submitted = run_service(
            request,
            filing.submit_filing,
            _("Submitted. The street will review your filing."),
            form=form,
            organisation=organisation,
            by=user,
            note=form.cleaned_data["note"],
            charter=form.cleaned_data["charter"],
        )
        if submitted:
            return redirect("portal:my_organisation")
    members = [
        {
            "name": m.person.name,
            "role": m.get_role_display(),
            "phone": shown(user, PHONE, m.person.phone),
        }
        for m in Membership.objects.current()
        .filter(organisation=organisation)
        .select_related("person")
    ]
    record_access(
        user=user,
        kinds={PHONE},
        surface=AccessSurface.PAGE,
        what="orgs.person",
        rows=sum(1 for member in members if member["phone"]),
        path=request.path,
    )
    return render(
        request,
        "orgs/my_organisation.html",
        {
            "organisation": organisation,
            "form": form,
            "applications": organisation.filing_applications.all()[:5],
            "members": members,
        },
    )
