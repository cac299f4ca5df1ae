"""The community worker's side of claims: the claims of its communities, each
confirmed or refused, then fulfilled or withdrawn, as steps on the claim's
page; the departments' resources to read."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.masking import mask_name
from orgs.admin import ResidentDataAdminMixin, ScopedAdmin
from orgs.admin.filters import community_filter, street_filter
from orgs.privacy import sees_resident

from . import services
from .forms import FulfilForm, ReasonForm
from .models import Claim, ClaimantKind, ClaimStatus, DepartmentOffer

# Each step: (its button's label, the form it takes, or None, and the service it runs).
STEPS = {
    "confirm": (gettext_lazy("Confirm the claim"), None, services.confirm),
    "refuse": (gettext_lazy("Refuse the claim"), ReasonForm, services.refuse),
    "fulfil": (gettext_lazy("Record it fulfilled"), FulfilForm, services.fulfil),
    "withdraw": (gettext_lazy("Withdraw the claim"), ReasonForm, services.withdraw),
}
OPEN_TO = {
    "confirm": {ClaimStatus.CLAIMED},
    "refuse": {ClaimStatus.CLAIMED},
    "fulfil": {ClaimStatus.CONFIRMED},
    "withdraw": {ClaimStatus.CLAIMED, ClaimStatus.CONFIRMED},
}


@admin.register(Claim)
class ClaimAdmin(ResidentDataAdminMixin, ScopedAdmin):
    personal_fields = {"claimant_phone": "phone", "claimant_name": "name"}
    # The list spans records: a party member's name masked there, in full on
    # the claim's page to the community that calls them (sees_resident).
    list_display = ["need", "community", "kind", "claimed_by", "status", "claimed_at"]
    list_select_related = ["need__community", "provider", "department"]
    list_filter = [
        "status",
        "kind",
        street_filter("need__community__code"),
        community_filter("need__community__code"),
    ]
    search_fields = ["need__title"]
    ordering = ["-claimed_at", "-id"]
    fields = [
        "need",
        "kind",
        "claimant_name",
        "claimant_phone",
        "person",
        "declared_party_member",
        "provider",
        "department",
        "plan",
        "status",
        "decided_by",
        "reason",
        "fulfilled_on",
        "fulfilment_note",
        "claimed_at",
    ]
    readonly_fields = fields
    change_form_template = "admin/claims/claim/change_form.html"

    def has_add_permission(self, request):
        return False  # claimed by the claimants themselves

    def resident_visible(self, user, obj) -> bool:
        return sees_resident(user, community_code=obj.need.community.code)

    @admin.display(description=gettext_lazy("community"), ordering="need__community__code")
    def community(self, claim):
        return claim.need.community.name

    @admin.display(description=gettext_lazy("claimed by"))
    def claimed_by(self, claim):
        if claim.kind == ClaimantKind.PARTY_MEMBER:
            return mask_name(claim.claimant_name)
        return claim.claimant

    def get_urls(self):
        return [
            path(
                "<int:object_id>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="claims_claim_step",
            ),
            *super().get_urls(),
        ]

    def step_view(self, request, object_id, step):
        claim = self.get_object(request, str(object_id))
        if claim is None:
            raise Http404
        if (
            request.method != "POST"
            or step not in STEPS
            or not self.has_change_permission(request, claim)
        ):
            raise PermissionDenied
        label, form_class, service = STEPS[step]
        data = {}
        if form_class is not None:
            form = form_class(request.POST)
            if not form.is_valid():
                return self.run_step(request, claim, _refused(form))
            data = form.cleaned_data
        done = _("Done: %(step)s.") % {"step": label}
        return self.run_step(request, claim, service, done, claim=claim, by=request.user, **data)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        can = self.has_change_permission(request, claim)
        steps = [
            # Each step's form with ids of its own (id_refuse_reason…): two
            # steps ask for a reason on one page.
            (name, label, form_class(auto_id=f"id_{name}_%s") if form_class else None)
            for name, (label, form_class, _service) in STEPS.items()
            if can and claim.status in OPEN_TO[name]
        ]
        extra_context = {**(extra_context or {}), "steps": steps}
        return super().change_view(request, object_id, form_url, extra_context)


def _refused(form):
    """A service that refuses with the form's errors (one way to the messages)."""

    def refuse(**_kwargs):
        raise ValidationError([e for errors in form.errors.values() for e in errors])

    return refuse


@admin.register(DepartmentOffer)
class DepartmentOfferAdmin(ScopedAdmin):
    list_display = ["title", "department", "capacity", "is_available"]
    list_select_related = ["department"]
    list_filter = ["is_available"]
    search_fields = ["title", "department__name"]
    readonly_fields = ["department", "title", "description", "capacity", "is_available"]

    def has_add_permission(self, request):
        return False  # offered by the departments from their own page
