from django.contrib import admin

from orgs.admin import ScopedAdmin

from .models import Grid


@admin.register(Grid)
class GridAdmin(ScopedAdmin):
    list_display = ["name", "number", "community"]
    list_select_related = ["community"]
    list_filter = ["community__parent"]
    search_fields = ["name", "community__name"]
    autocomplete_fields = ["community"]
