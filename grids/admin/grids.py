"""The grids themselves, their organisations and volunteers, and the
settings the queue runs on (categories and their deadlines, the calendar)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy

from orgs.admin import ScopedAdmin, ScopedAdminMixin
from orgs.admin.filters import community_filter, street_filter
from orgs.admin.organisations import OrganisationAdmin

from ..boundaries import MAX_BYTES, parse_geojson
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


class GridForm(forms.ModelForm):
    """The boundary comes in as a GeoJSON file; a file that fails any check
    leaves the grid as it was (the whole form is refused)."""

    boundary_file = forms.FileField(
        label=gettext_lazy("boundary file (GeoJSON)"),
        required=False,
        help_text=gettext_lazy(
            "A .geojson file with the grid's outline: a Polygon or MultiPolygon, or a Feature "
            "or FeatureCollection of them, in the coordinate system chosen below. It replaces "
            "the outline there is."
        ),
    )

    # No Meta: the admin builds it with every field but the outline
    # (GridAdmin.exclude); naming fields here would leave the page with only those.

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        if upload is None:
            return None
        # One byte past the limit, so a larger file is refused without reading it whole.
        return parse_geojson(upload.read(MAX_BYTES + 1))

    def save(self, commit=True):
        geometry = self.cleaned_data.get("boundary_file")
        if geometry is not None:
            self.instance.boundary = geometry
        return super().save(commit)


@admin.register(Grid)
class GridAdmin(ScopedAdmin):
    form = GridForm
    exclude = ["boundary"]  # set from the file (GridForm)
    list_display = ["name", "number", "community", "leader", "households"]
    list_select_related = ["community", "leader"]
    list_filter = [street_filter("community__code"), community_filter("community__code")]
    search_fields = ["name", "community__name"]
    autocomplete_fields = ["community", "leader"]
    filter_horizontal = ["members"]
    readonly_fields = ["has_boundary"]
    inlines = [GridOrganisationInline, GridVolunteerInline]

    @admin.display(description=gettext_lazy("boundary"), boolean=True)
    def has_boundary(self, grid):
        return grid.boundary is not None


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
