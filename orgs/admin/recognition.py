"""Commendations of organisations and people, kept by the staff of their area; and the
working-day calendar's corrections, kept by the district."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from orgs.models import CalendarDay, Commendation

from .filters import street_filter
from .mixins import ScopedAdmin


@admin.register(Commendation)
class CommendationAdmin(ScopedAdmin):
    """Commendations (表扬奖励) of organisations and of people: each goes to
    one of them (the model's check says so, on the form too). Both are
    public: an organisation's on its page, both on the honours page
    (/public/honours/), a person's with the name and community only."""

    list_display = ["title", "recipient", "awarded_by", "awarded_on"]
    list_select_related = ["organisation", "person__community"]
    list_filter = [street_filter("organisation__area__code")]
    search_fields = ["title", "organisation__name", "person__name__startswith"]
    autocomplete_fields = ["organisation", "person"]
    date_hierarchy = "awarded_on"
    fields = ["organisation", "person", "title", "awarded_by", "awarded_on", "note"]

    @admin.display(description=_("commended"))
    def recipient(self, obj):
        return obj.organisation or obj.person

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        person = form.base_fields.get("person")
        if person is not None:
            person.help_text = _(
                "Or a person, instead of an organisation. A person's commendation is public: "
                "the honours page shows their full name and community, and nothing else of them."
            )
        return form

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
