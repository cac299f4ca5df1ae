"""The ticket queue: the street's and community's work list, a ticket's page
with the steps open to it, and the bulk steps and exports."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.querystring import id_from
from notifications.models import TextStatus
from orgs.admin import ResidentDataAdminMixin, ScopedAdmin
from orgs.admin.filters import community_filter, street_filter

from .. import services
from ..exports import ticket_register_response
from ..models import Ticket, TicketStatus
from ..workflow import MACHINE
from .queue import EventInline, OverdueFilter, PhotoInline, QueueFilter
from .steps import STEP_SERVICES, AssignForm, StepForm


@admin.register(Ticket)
class TicketAdmin(ResidentDataAdminMixin, ScopedAdmin):
    personal_fields = {"resident_phone": "phone", "resident_name": "name"}
    list_display = [
        "number",
        "category",
        "place",
        "status",
        "due_on",
        "deadline",
        "escalation",
        "assignee",
        "reported_at",
    ]
    list_select_related = [
        "category",
        "community",
        "grid",
        "assigned_user",
        "assigned_organisation",
        "department",
    ]
    list_filter = [
        QueueFilter,
        "status",
        OverdueFilter,
        "escalation",
        "category",
        "source",
        street_filter("community__code"),
        community_filter("community__code"),
    ]
    # A ticket's number ("12345" or "#12345"), else the start of its place
    # ("12号楼"), each on an index: no scan of a million descriptions.
    search_fields = ["location__startswith"]
    ordering = ["due_on", "-reported_at"]
    autocomplete_fields = ["grid"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "community",
                    "grid",
                    "category",
                    "description",
                    "location",
                    "latitude",
                    "longitude",
                ]
            },
        ),
        (
            gettext_lazy("Reported"),
            {
                "fields": [
                    "source",
                    "reporter",
                    "reporter_organisation",
                    "resident_name",
                    "resident_phone",
                    "reported_at",
                ]
            },
        ),
        (
            gettext_lazy("Handling"),
            {
                "fields": [
                    "status",
                    "accepted_at",
                    "due_on",
                    "escalation",
                    "assigned_user",
                    "assigned_organisation",
                    "department",
                    "assigned_department",
                    "hold_started_on",
                    "rejection_reason",
                    "resolution",
                    "resolved_at",
                ]
            },
        ),
        (
            gettext_lazy("Resident's verdict"),
            {
                "fields": [
                    "rating_link",
                    "rating",
                    "rating_comment",
                    "rated_at",
                    "no_answer",
                    "closed_at",
                    "reopen_count",
                ]
            },
        ),
    ]
    readonly_fields = [
        "community",
        "category",
        "source",
        "reporter",
        "reporter_organisation",
        "resident_name",
        "reported_at",
        "status",
        "accepted_at",
        "due_on",
        "escalation",
        "assigned_user",
        "assigned_organisation",
        "department",
        "assigned_department",
        "hold_started_on",
        "rejection_reason",
        "resolution",
        "resolved_at",
        "rating_link",
        "rating",
        "rating_comment",
        "rated_at",
        "no_answer",
        "closed_at",
        "reopen_count",
    ]
    inlines = [PhotoInline, EventInline]
    actions = ["accept_selected", "assign_selected", "export_register"]
    change_form_template = "admin/grids/ticket/change_form.html"
    change_list_template = "admin/grids/ticket/change_list.html"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # reported through the portal, the API or the public form

    def get_search_results(self, request, queryset, search_term):
        number = id_from(search_term.strip().lstrip("#"))
        if number is not None:  # "12345" or "#12345": that ticket
            return queryset.filter(pk=number), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="#", ordering="id")
    def number(self, ticket):
        return ticket.pk

    @admin.display(description=gettext_lazy("where"), ordering="community__code")
    def place(self, ticket):
        where = ticket.community.name + (f"·{ticket.grid.name}" if ticket.grid_id else "")
        return format_html("{}<br><small>{}</small>", where, ticket.location)

    @admin.display(description=gettext_lazy("deadline"))
    def deadline(self, ticket):
        if ticket.is_overdue:
            return format_html('<strong class="overdue">{}</strong>', _("Overdue"))
        return ""

    @admin.display(description=gettext_lazy("assigned to"))
    def assignee(self, ticket):
        return ticket.assignee

    @admin.display(description=gettext_lazy("rating link for the resident"))
    def rating_link(self, ticket):
        """Sent by text message when the resident gave a mobile number: its
        state; the link itself only when it must go by hand (no mobile
        number, the number opted out, sending failed)."""
        if ticket.status != TicketStatus.RESOLVED or not ticket.rating_nonce:
            return "—"
        message = services.rating_texts([ticket]).get(ticket.pk)
        if not services.rating_link_by_hand(message):
            return _("Sent by text message (%(status)s)") % {"status": message.get_status_display()}
        link = reverse("public_tickets:rate", args=[services.rating_token(ticket)])
        return format_html("{}<br><small>{}</small>", link, _by_hand_because(message))

    # --- bulk work ----------------------------------------------------------------

    @admin.action(description=gettext_lazy("Accept the selected tickets"), permissions=["change"])
    def accept_selected(self, request, queryset):
        done = self.run_each(
            request,
            queryset.filter(status=TicketStatus.REPORTED),
            lambda ticket: services.accept(ticket=ticket, by=request.user),
            label=_number,
        )
        messages.success(request, _("%(count)d tickets accepted.") % {"count": done})

    @admin.action(description=gettext_lazy("Assign the selected tickets"), permissions=["change"])
    def assign_selected(self, request, queryset):
        form = AssignForm(request.POST if "confirm" in request.POST else None, request=request)
        if form.is_valid():
            done = self.run_each(
                request,
                queryset,
                lambda ticket: services.assign(ticket=ticket, by=request.user, **form.cleaned_data),
                label=_number,
            )
            messages.success(request, _("%(count)d tickets assigned.") % {"count": done})
            return None
        return self.step_page(
            request,
            "admin/grids/ticket/assign.html",
            title=_("Assign tickets"),
            form=form,
            tickets=queryset,
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )

    # --- exports ------------------------------------------------------------------

    def export_view(self, request):
        """The register of the whole changelist, with its current filters and search."""
        return self.export_list(
            request,
            lambda queryset, fmt, scope: ticket_register_response(
                queryset, user=request.user, scope=scope, fmt=fmt
            ),
        )

    @admin.action(
        description=gettext_lazy("Export the selected tickets to Excel"), permissions=["view"]
    )
    def export_register(self, request, queryset):
        return ticket_register_response(queryset, user=request.user)

    # --- one ticket's steps -------------------------------------------------------------

    def resident_visible(self, user, obj) -> bool:
        return obj.resident_visible_to(user)

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="grids_ticket_export",
            ),
            path(
                "<int:object_id>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="grids_ticket_step",
            ),
            *super().get_urls(),
        ]

    def step_view(self, request, object_id, step):
        ticket = self.get_object(request, str(object_id))
        if ticket is None:
            raise Http404
        if request.method != "POST" or not self.has_change_permission(request, ticket):
            raise PermissionDenied
        if step == "assign":
            form = AssignForm(request.POST, request=request)
            if not form.is_valid():
                messages.error(request, _("Choose whom to assign it to."))
                return self.change_page(ticket)
            service, data = services.assign, form.cleaned_data
        elif step in STEP_SERVICES:
            form = StepForm(request.POST, request.FILES)
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return self.change_page(ticket)
            service, _needs_note = STEP_SERVICES[step]
            data = {
                "note": form.cleaned_data.get("note", ""),
                "photo": form.cleaned_data.get("photo"),
            }
        else:
            raise PermissionDenied
        done = _("Done: %(step)s.") % {"step": MACHINE.steps[step].label}
        return self.run_step(request, ticket, service, done, ticket=ticket, by=request.user, **data)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ticket = self.get_object(request, object_id)
        can = self.has_change_permission(request, ticket)
        steps = [
            (name, MACHINE.steps[name].label, needs_note)
            for name, (_service, needs_note) in STEP_SERVICES.items()
            if can and MACHINE.allows(ticket, name)
        ]
        extra_context = {
            **(extra_context or {}),
            "steps": steps,
            "assign_form": AssignForm(request=request)
            if can and MACHINE.allows(ticket, "assign")
            else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)


def _number(ticket) -> str:
    return f"#{ticket.pk}"


def _by_hand_because(message) -> str:
    """Why the rating link was not texted, for the worker who sends it."""
    if message is None:
        return _(
            "No text message was sent (no mobile number): send the link to the resident by hand."
        )
    if message.status == TextStatus.FAILED:
        return _("The text message could not be sent: send the link to the resident by hand.")
    return _("Not sent by text message (%(why)s): send the link to the resident by hand.") % {
        "why": message.get_skipped_because_display()
    }
