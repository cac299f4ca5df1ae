"""The community's side: volunteers waiting to be confirmed (the workbench's
to-do opens this list filtered), confirmed or not with a reason, and the
certificates issued. Scoped (ScopedAdmin); the phones and the guardian's
name in full only to the street and community of the volunteer
(ResidentDataAdminMixin, orgs.privacy.MASK_TABLE)."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.screens import run_service
from orgs.admin.mixins import ScopedAdmin
from orgs.admin.personal import ResidentDataAdminMixin
from orgs.models import AccessSurface
from orgs.privacy import record_access, resident_shown, sees_resident, shown

from . import certificates, services
from .forms import RefuseForm
from .models import Volunteer, VolunteerCertificate, VolunteerStatus


def _name(volunteer) -> str:
    return volunteer.person.name


@admin.register(Volunteer)
class VolunteerAdmin(ResidentDataAdminMixin, ScopedAdmin):
    personal_fields = {"phone": "phone", "guardian_name": "name", "guardian_phone": "phone"}
    list_display = ["person", "community", "phone", "status", "registered_at"]
    list_select_related = ["person__community"]
    list_filter = ["status"]
    search_fields = ["person__name__startswith", "phone__exact"]
    actions = ["confirm_selected", "refuse_selected", "issue_certificates"]
    fields = [
        "person",
        "phone",
        "skills",
        "when_they_serve",
        "birth_date",
        "status",
        "registered_at",
        "guardian_name",
        "guardian_phone",
        "guardian_consented_at",
        "decided_at",
        "decided_by",
        "refusal_reason",
    ]
    readonly_fields = fields
    change_form_template = "admin/volunteers/volunteer/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The real-name details to check, and for a pending volunteer the two
        decisions: 确认, or 不予确认 with the reason the volunteer will read."""
        volunteer = self.get_object(request, object_id)  # another area's: 404
        decision = request.POST.get("decide") if request.method == "POST" else None
        form = RefuseForm(request.POST if decision == "refuse" else None)
        if decision in ("confirm", "refuse"):
            name = volunteer.person.name
            if decision == "confirm":
                run_service(
                    request,
                    lambda: services.confirm(volunteer, request.user),
                    _("%(name)s confirmed.") % {"name": name},
                )
            elif form.is_valid():
                run_service(
                    request,
                    lambda: services.refuse(volunteer, request.user, form.cleaned_data["reason"]),
                    _("%(name)s not confirmed.") % {"name": name},
                )
            else:  # the page again, the form showing its error; nothing saved
                decision, request.method = None, "GET"
            if decision:
                return HttpResponseRedirect(request.path)
        extra_context = {
            **(extra_context or {}),
            "details": self._details(request, volunteer),
            "decidable": volunteer.status == VolunteerStatus.PENDING
            and request.user.has_perm("volunteers.change_volunteer"),
            "refuse_form": form,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _details(self, request, volunteer) -> list[tuple[str, str]]:
        person, user = volunteer.person, request.user
        own = self.resident_visible(user, volunteer)
        id_number = shown(user, "id_number", person.id_number) if person.id_number else ""
        # Logged with the page's other numbers, in one entry (_log below).
        request.volunteer_id_number_shown = bool(id_number) and id_number == person.id_number
        guardian = ""
        if volunteer.guardian_name:
            guardian = "{} {}".format(
                resident_shown(own, "name", volunteer.guardian_name),
                resident_shown(own, "phone", volunteer.guardian_phone),
            ).strip()
        return [
            (_("Name"), person.name),
            (_("ID number"), id_number or "—"),
            (_("Community"), person.community.name),
            (_("Phone"), resident_shown(own, "phone", volunteer.phone)),
            (_("Guardian"), guardian or "—"),
            (_("Status"), volunteer.get_status_display()),
        ]

    def _log(self, request, kinds, *, rows=1, object_id="", obj=None):
        if obj is None or not getattr(request, "volunteer_id_number_shown", False):
            return super()._log(request, kinds, rows=rows, object_id=object_id, obj=obj)
        delivered = {
            kind
            for name, kind in self.personal_fields.items()
            if kind in kinds and self.may_see(request, name, kind, obj)
        }
        return record_access(
            user=request.user,
            kinds={*kinds, "id_number"},
            delivered={*delivered, "id_number"},
            surface=AccessSurface.ADMIN,
            what="volunteers.volunteer",
            object_id=object_id,
            path=request.path,
        )

    def resident_visible(self, user, obj) -> bool:
        return sees_resident(user, community_code=obj.person.community.code)

    def has_add_permission(self, request):
        return False  # a volunteer registers on /me/volunteer/

    def has_issue_permission(self, request):
        return request.user.has_perm("volunteers.add_volunteercertificate")

    @admin.display(description=gettext_lazy("community"))
    def community(self, volunteer):
        return volunteer.person.community

    @admin.display(description=gettext_lazy("when they can serve"))
    def when_they_serve(self, volunteer):
        return "、".join(
            str(services.AVAILABILITY[a])
            for a in volunteer.availability
            if a in services.AVAILABILITY
        )

    @admin.action(
        description=gettext_lazy("Confirm the selected volunteers"), permissions=["change"]
    )
    def confirm_selected(self, request, queryset):
        done = self.run_each(
            request,
            queryset.select_related("person"),
            lambda v: services.confirm(v, request.user),
            label=_name,
        )
        if done:
            messages.success(request, _("%(count)d volunteers confirmed.") % {"count": done})

    @admin.action(
        description=gettext_lazy("Do not confirm the selected volunteers"), permissions=["change"]
    )
    def refuse_selected(self, request, queryset):
        form = RefuseForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            done = self.run_each(
                request,
                queryset.select_related("person"),
                lambda v: services.refuse(v, request.user, form.cleaned_data["reason"]),
                label=_name,
            )
            if done:
                messages.success(
                    request, _("%(count)d volunteers not confirmed.") % {"count": done}
                )
            return None
        return self.step_page(
            request,
            "admin/volunteers/volunteer/refuse.html",
            title=_("Do not confirm volunteers"),
            form=form,
            volunteers=queryset.select_related("person"),
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )

    @admin.action(
        description=gettext_lazy("Issue volunteer-service certificates"),
        permissions=["issue"],
    )
    def issue_certificates(self, request, queryset):
        def issued(volunteer):
            certificate = certificates.issue(volunteer, request.user)
            url = reverse("volunteers:certificate", args=[certificate.number])
            messages.success(
                request,
                format_html(
                    '{}: <a href="{}">{}</a>',
                    volunteer.person.name,
                    url,
                    _("certificate %(number)s issued, open it to print")
                    % {"number": certificate.number},
                ),
            )

        self.run_each(request, queryset.select_related("person"), issued, label=_name)


@admin.register(VolunteerCertificate)
class VolunteerCertificateAdmin(ScopedAdmin):
    list_display = [
        "number",
        "name",
        "hours",
        "period_start",
        "period_end",
        "issued_at",
        "print_link",
    ]
    list_select_related = ["volunteer"]
    search_fields = ["=number"]
    fields = [
        "number",
        "check_code",
        "name",
        "id_number_shown",
        "period_start",
        "period_end",
        "hours",
        "content",
        "issuer",
        "contact",
        "issued_by",
        "issued_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # issued from the volunteers' list

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a certificate issued stays on record

    @admin.display(description=gettext_lazy("print"))
    def print_link(self, certificate):
        url = reverse("volunteers:certificate", args=[certificate.number])
        return format_html('<a href="{}">{}</a>', url, _("Open to print"))
