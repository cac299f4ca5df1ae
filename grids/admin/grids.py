"""The grids themselves, their organisations and volunteers, and the
settings the queue runs on (categories and their deadlines, the calendar)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from orgs.admin import ScopedAdmin, ScopedAdminMixin
from orgs.admin.filters import community_filter, street_filter
from orgs.admin.organisations import OrganisationAdmin

from ..models import Grid, GridOrganisation, GridVolunteer, TicketCategory


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


@admin.register(TicketCategory)
class TicketCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "deadline_days", "position"]
    list_editable = ["deadline_days", "position"]
