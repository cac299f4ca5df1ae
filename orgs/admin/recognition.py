"""Commendations of organisations, kept by the staff of their area; and the
working-day calendar's corrections, kept by the district."""

from django.contrib import admin

from orgs.models import CalendarDay, Commendation

from .filters import street_filter
from .mixins import ScopedAdmin


@admin.register(Commendation)
class CommendationAdmin(ScopedAdmin):
    list_display = ["title", "organisation", "awarded_by", "awarded_on"]
    list_select_related = ["organisation"]
    list_filter = [street_filter("organisation__area__code")]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "awarded_on"
    fields = ["organisation", "title", "awarded_by", "awarded_on", "note"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Kept by the district; holidays the State Council publishes need no
    row here once the `chinesecalendar` package knows their year."""

    list_display = ["date", "is_working", "name"]
    list_filter = ["is_working"]
    date_hierarchy = "date"
