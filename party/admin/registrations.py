"""双报到 registrations with their services, cadres sent down, grid
branches, and the standard venue's checklist and items."""

from django.contrib import admin

from orgs.admin import ScopedAdmin, ScopedAdminMixin

from .. import services
from ..models import (
    CadreAssignment,
    DualRegistration,
    GridBranch,
    RegisteredService,
    VenueCheck,
    VenueItem,
)


class RegisteredServiceInline(ScopedAdminMixin, admin.TabularInline):
    model = RegisteredService
    fields = ["served_on", "description", "hours"]
    extra = 1


@admin.register(DualRegistration)
class DualRegistrationAdmin(ScopedAdmin):
    list_display = ["person", "employer", "community", "registered_on", "ended_on"]
    list_select_related = ["person", "community"]
    list_filter = [("ended_on", admin.EmptyFieldListFilter)]
    search_fields = ["person__name__startswith", "employer"]
    autocomplete_fields = ["person"]
    fields = ["person", "employer", "community", "registered_on", "ended_on"]
    inlines = [RegisteredServiceInline]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        made = services.register(
            by=request.user,
            person=obj.person,
            employer=obj.employer,
            community=obj.community,
            registered_on=obj.registered_on,
        )
        obj.pk = made.pk
        obj._state.adding = False


@admin.register(RegisteredService)
class RegisteredServiceAdmin(ScopedAdmin):
    list_display = ["served_on", "registration", "hours", "description"]
    list_select_related = ["registration__person", "registration__community"]
    search_fields = ["registration__person__name__startswith", "description"]
    fields = ["registration", "served_on", "description", "hours"]


@admin.register(CadreAssignment)
class CadreAssignmentAdmin(ScopedAdmin):
    list_display = ["__str__", "sent_from", "community", "grid", "starts_on", "ends_on"]
    list_select_related = ["account", "person", "community", "grid"]
    search_fields = ["person__name__startswith", "account__name__startswith", "sent_from"]
    autocomplete_fields = ["person", "grid"]
    fields = [
        "account",
        "person",
        "sent_from",
        "community",
        "grid",
        "starts_on",
        "ends_on",
        "duties",
    ]


@admin.register(GridBranch)
class GridBranchAdmin(ScopedAdmin):
    list_display = ["name", "grid", "secretary", "founded_on", "dissolved_on"]
    list_select_related = ["grid__community", "secretary"]
    list_filter = [("dissolved_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "grid__name"]
    autocomplete_fields = ["grid", "secretary", "members"]
    fields = ["grid", "name", "secretary", "members", "founded_on", "dissolved_on"]


@admin.register(VenueCheck)
class VenueCheckAdmin(ScopedAdmin):
    list_display = ["organisation", "item", "ticked_on", "note"]
    list_select_related = ["organisation", "item"]
    list_filter = ["item"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "item", "ticked_on", "note"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        made = services.tick(
            by=request.user,
            organisation=obj.organisation,
            item=obj.item,
            ticked_on=obj.ticked_on,
            note=obj.note,
        )
        obj.pk = made.pk


@admin.register(VenueItem)
class VenueItemAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "active"]
    list_editable = ["position", "active"]
    fields = ["name", "position", "active"]
