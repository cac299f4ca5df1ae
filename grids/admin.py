"""Grids and tickets in the admin: the street's and community's work queue."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.limits import TEXT
from orgs.admin import ResidentDataAdminMixin, ScopedAdmin, ScopedAdminMixin
from orgs.admin.filters import community_filter, street_filter
from orgs.admin.organisations import OrganisationAdmin
from orgs.models import Organisation, User
from orgs.roles import Role

from . import services
from .exports import ticket_register_response
from .forms import PhotoField
from .models import (
    CalendarDay,
    Grid,
    GridOrganisation,
    GridVolunteer,
    Ticket,
    TicketCategory,
    TicketEvent,
    TicketPhoto,
    TicketStatus,
)
from .workflow import MACHINE


class GridOrganisationInline(ScopedAdminMixin, admin.TabularInline):
    model = GridOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "duties", "joined_on"]


class GridVolunteerInline(ScopedAdminMixin, admin.TabularInline):
    model = GridVolunteer
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Grid)
class GridAdmin(ScopedAdmin):
    list_display = ["name", "number", "community", "leader", "households"]
    list_select_related = ["community", "leader"]
    list_filter = [street_filter("community__code"), community_filter("community__code")]
    search_fields = ["name", "community__name"]
    autocomplete_fields = ["community", "leader"]
    filter_horizontal = ["members"]
    inlines = [GridOrganisationInline, GridVolunteerInline]


class GridPlaceInline(ScopedAdminMixin, admin.StackedInline):
    """The organisation's grid, on its own page (社区社会组织进网格)."""

    model = GridOrganisation
    fk_name = "organisation"
    extra = 0
    max_num = 1
    fields = ["grid", "duties", "joined_on"]
    autocomplete_fields = ["grid"]
    verbose_name = verbose_name_plural = gettext_lazy("grid")


OrganisationAdmin.inlines = [*OrganisationAdmin.inlines, GridPlaceInline]


class QueueFilter(admin.SimpleListFilter):
    """The work queue opens on tickets still to handle; "all" shows the rest.
    A chosen status, or a search, shows tickets whatever their state."""

    title = gettext_lazy("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            (None, _("Still to handle")),
            ("mine", _("Given to me")),
            ("all", _("All tickets")),
        ]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value} if value else {}, [self.parameter_name]
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(assigned_user=request.user)
        if self.value() == "all" or "status__exact" in request.GET or request.GET.get("q"):
            return queryset
        return queryset.open()


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("soon", _("Due within 2 days"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.open().filter(
                due_on__gte=today, due_on__lte=today + timezone.timedelta(days=2)
            )
        return queryset


class TicketPartInline(admin.TabularInline):
    """A ticket's events and photos: read-only, seen by whoever sees the ticket."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("grids.view_ticket")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(TicketPartInline):
    model = TicketEvent
    fields = ["at", "step", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("step"))
    def step(self, event):
        step = MACHINE.steps.get(event.transition)
        return step.label if step else _("Reported")


class PhotoInline(TicketPartInline):
    model = TicketPhoto
    fields = ["kind", "preview", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("photo"))
    def preview(self, photo):
        return format_html('<a href="{0}"><img src="{0}" alt="" width="120"></a>', photo.image.url)


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Community worker"), queryset=User.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    department = forms.CharField(
        label=gettext_lazy("Department"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("e.g. 城管、物业、供水公司"),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.for_user(request.user).filter(
            is_active=True, role__in=[Role.COMMUNITY_WORKER, Role.STREET_OFFICER]
        )
        self.fields["organisation"].queryset = Organisation.objects.for_user(request.user).live()


class StepForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    photo = PhotoField(label=gettext_lazy("Photo"))


# Each step the admin offers: the service, and whether it needs a note.
STEP_SERVICES = {
    "accept": (lambda t, by, d: services.accept(ticket=t, by=by), False),
    "reject": (lambda t, by, d: services.reject(ticket=t, by=by, reason=d["note"]), True),
    "start": (lambda t, by, d: services.start(ticket=t, by=by), False),
    "hold": (lambda t, by, d: services.hold(ticket=t, by=by, reason=d["note"]), True),
    "resume": (lambda t, by, d: services.resume(ticket=t, by=by), False),
    "resolve": (
        lambda t, by, d: services.resolve(
            ticket=t, by=by, resolution=d["note"], photo=d.get("photo")
        ),
        True,
    ),
    "close": (lambda t, by, d: services.close(ticket=t, by=by, note=d["note"]), False),
    "reopen": (lambda t, by, d: services.reopen(ticket=t, by=by, reason=d["note"]), True),
}


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
    search_fields = ["=id", "location", "description"]
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
        if ticket.status != TicketStatus.RESOLVED or not ticket.rating_nonce:
            return "—"
        return reverse("public_tickets:rate", args=[services.rating_token(ticket)])

    # --- bulk work ----------------------------------------------------------------

    @admin.action(description=gettext_lazy("Accept the selected tickets"), permissions=["change"])
    def accept_selected(self, request, queryset):
        done = 0
        for ticket in queryset.filter(status=TicketStatus.REPORTED):
            services.accept(ticket=ticket, by=request.user)
            done += 1
        messages.success(request, _("%(count)d tickets accepted.") % {"count": done})

    @admin.action(description=gettext_lazy("Assign the selected tickets"), permissions=["change"])
    def assign_selected(self, request, queryset):
        form = AssignForm(request.POST if "confirm" in request.POST else None, request=request)
        if form.is_valid():
            done, failed = 0, []
            for ticket in queryset:
                try:
                    services.assign(ticket=ticket, by=request.user, **form.cleaned_data)
                    done += 1
                except ValidationError as exc:
                    failed.append(f"#{ticket.pk}: {' '.join(exc.messages)}")
            messages.success(request, _("%(count)d tickets assigned.") % {"count": done})
            for failure in failed:
                messages.error(request, failure)
            return None
        return TemplateResponse(
            request,
            "admin/grids/ticket/assign.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Assign tickets"),
                "form": form,
                "tickets": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
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

    @admin.action(description=gettext_lazy("Export the selected to Excel"), permissions=["view"])
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
            else:
                try:
                    services.assign(ticket=ticket, by=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    for message in exc.messages:
                        messages.error(request, message)
                else:
                    messages.success(
                        request, _("Done: %(step)s.") % {"step": MACHINE.steps["assign"].label}
                    )
            return HttpResponseRedirect(reverse("admin:grids_ticket_change", args=[ticket.pk]))
        if step not in STEP_SERVICES:
            raise PermissionDenied
        form = StepForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return HttpResponseRedirect(reverse("admin:grids_ticket_change", args=[ticket.pk]))
        service, _needs_note = STEP_SERVICES[step]
        try:
            service(
                ticket,
                request.user,
                {
                    "note": form.cleaned_data.get("note", ""),
                    "photo": form.cleaned_data.get("photo"),
                },
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": MACHINE.steps[step].label})
        return HttpResponseRedirect(reverse("admin:grids_ticket_change", args=[ticket.pk]))

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


@admin.register(TicketCategory)
class TicketCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "deadline_days", "position"]
    list_editable = ["deadline_days", "position"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working", "name"]
    list_filter = ["is_working"]
    date_hierarchy = "date"
