"""Filing applications: the street officer's review queue."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.limits import TEXT
from orgs.models import ApplicationStatus, FilingApplication
from orgs.services import filing

from .mixins import ScopedAdmin


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("approve", gettext_lazy("Approve and issue a certificate")),
            ("return", gettext_lazy("Return with reasons")),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons for returning"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reasons") or "").strip():
            self.add_error(
                "reasons", _("Say why the application is returned, so it can be put right.")
            )
        return data


@admin.register(FilingApplication)
class FilingApplicationAdmin(ScopedAdmin):
    list_display = [
        "organisation",
        "organisation_area",
        "status",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "certificate_number",
    ]
    list_filter = ["status"]
    list_select_related = ["organisation__area", "submitted_by"]
    search_fields = ["organisation__name", "=certificate_number"]
    readonly_fields = [
        "organisation",
        "status",
        "note",
        "charter",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "return_reasons",
        "certificate_number",
    ]
    fields = readonly_fields
    change_form_template = "admin/orgs/filingapplication/change_form.html"

    @admin.display(description=gettext_lazy("community"), ordering="organisation__area__code")
    def organisation_area(self, application):
        return application.organisation.area

    def get_ordering(self, request):
        return [
            "-status",
            "-submitted_at",
        ]  # "submitted" sorts before "returned" and "approved" backwards

    def has_add_permission(self, request):
        return False  # applications come from the ledger's action and the portal

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="orgs_filingapplication_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        can_decide = (
            request.user.has_perm("orgs.review_filing")
            and application.status == ApplicationStatus.SUBMITTED
        )
        extra_context = {
            **(extra_context or {}),
            "decision_form": DecisionForm() if can_decide else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, object_id):
        application = self.get_object(request, str(object_id))
        if not request.user.has_perm("orgs.review_filing") or request.method != "POST":
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["decision"] == "approve":
                return self.run_step(
                    request,
                    application,
                    filing.approve_filing,
                    lambda filed: (
                        _("Filed with certificate %(number)s.")
                        % {"number": filed.certificate_number}
                    ),
                    application=application,
                    by=request.user,
                )
            return self.run_step(
                request,
                application,
                filing.return_filing,
                _("Returned to the applicant with your reasons."),
                application=application,
                by=request.user,
                reasons=form.cleaned_data["reasons"],
            )
        return self.step_page(
            request,
            "admin/orgs/filingapplication/decide.html",
            original=application,
            form=form,
        )
