from django.contrib import admin

from orgs.models import Organisation

from .mixins import ScopedAdmin


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ["name", "community"]
    list_select_related = ["community"]
    search_fields = ["name"]
    autocomplete_fields = ["community"]
