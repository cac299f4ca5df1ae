from django.contrib import admin

from orgs.admin import ScopedAdmin
from orgs.admin.filters import community_filter, street_filter

from .models import Grid


@admin.register(Grid)
class GridAdmin(ScopedAdmin):
    list_display = ["name", "number", "community"]
    list_select_related = ["community"]
    list_filter = [street_filter("community__code"), community_filter("community__code")]
    search_fields = ["name", "community__name"]
    autocomplete_fields = ["community"]
