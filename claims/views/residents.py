"""The claimant's pages for people signed in by phone (residents.session),
mobile-first: a party member, or the clerk of a unit stationed in the area
(驻区单位), sees the open 微心愿 of a community, claims one, and later says it
is fulfilled or withdraws. No account: the signed-in phone is the key, and
"my claims" are read by it."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lib.masking import mask_phone, mask_text
from lib.querystring import id_from
from lib.screens import run_service
from orgs.models import Area, AreaLevel, Person
from projects.models import Need, NeedStatus
from residents.session import signed_in_phone

from .. import services
from ..forms import FulfilForm, ReasonForm, ResidentClaimForm
from ..models import Claim
from .common import form_errors, take_step

SHOWN = 30


def _sign_in(request):
    url = reverse("residents:sign_in")
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


def _who(phone):
    """(the unit's clerk, the party member on the ledger) for this phone."""
    clerk = services.unit_clerk(phone)
    person = (
        Person.objects.filter(phone=phone, is_party_member=True)
        .select_related("community")
        .order_by("pk")
        .first()
    )
    return clerk, person


def _community(request, clerk, person):
    """The community whose wishes are shown: chosen, else the party
    member's own, else the unit's when it serves one community."""
    chosen = id_from(request.GET.get("community"))
    if chosen:
        return Area.objects.filter(pk=chosen, level=AreaLevel.COMMUNITY).first()
    if person is not None:
        return person.community
    if clerk is not None and clerk.provider.area.level == AreaLevel.COMMUNITY:
        return clerk.provider.area
    return None


@never_cache
def home(request):
    phone = signed_in_phone(request)
    if phone is None:
        return _sign_in(request)
    clerk, person = _who(phone)
    community = _community(request, clerk, person)
    needs = []
    if community is not None:
        needs = list(
            Need.objects.filter(community=community)
            .in_status(NeedStatus.OPEN)
            .order_by("-created_at", "-pk")[:SHOWN]
        )
        for need in needs:  # the asker's number written in the details stays theirs
            need.details = mask_text(need.description)
    return render(
        request,
        "claims/mine.html",
        {
            "phone_masked": mask_phone(phone),
            "clerk": clerk,
            "person": person,
            "community": community,
            "communities": Area.objects.filter(level=AreaLevel.COMMUNITY)
            .select_related("parent")
            .order_by("code"),
            "needs": needs,
            "claims": Claim.objects.filter(claimant_phone=phone)
            .select_related("need__community", "provider")
            .order_by("-claimed_at", "-pk")[:SHOWN],
            "claim_form": ResidentClaimForm(
                known_name=person.name if person else "",
                unit=clerk.provider if clerk else None,
            ),
            "fulfil_form": FulfilForm(),
            "reason_form": ReasonForm(),
        },
    )


@require_POST
def claim(request, pk):
    phone = signed_in_phone(request)
    if phone is None:
        return _sign_in(request)
    clerk, person = _who(phone)
    form = ResidentClaimForm(
        request.POST,
        known_name=person.name if person else "",
        unit=clerk.provider if clerk else None,
    )
    if form.is_valid():
        run_service(
            request,
            services.claim_as_resident,
            _("Claimed: the community will confirm it with you."),
            need_id=pk,
            phone=phone,
            plan=form.cleaned_data["plan"],
            as_unit=form.cleaned_data.get("as_unit", False),
            name=form.cleaned_data.get("name", ""),
        )
    else:
        form_errors(request, form)
    return redirect("my_claims:home")


@require_POST
def step(request, pk, name):
    phone = signed_in_phone(request)
    if phone is None:
        return _sign_in(request)
    claim = Claim.objects.filter(pk=pk, claimant_phone=phone).first()
    if claim is None:  # another's claim is as if it did not exist
        raise Http404
    take_step(request, claim, name, by=None)
    return redirect("my_claims:home")
