from django.contrib import admin

from orgs.models import Area
from orgs.resources import AreaResource

from .mixins import ScopedExportAdmin


@admin.register(Area)
class AreaAdmin(ScopedExportAdmin):
    resource_classes = [AreaResource]
    list_display = ["name", "code", "level", "parent", "is_rural", "community_type"]
    list_filter = ["level", "is_rural", "community_type"]
    list_select_related = ["parent", "community_type"]
    search_fields = ["^code", "name"]
    fields = [
        "code",
        "name",
        "parent",
        "level",
        "is_rural",
        "community_type",  # 一社一策 (issue 24)
        "centre_latitude",
        "centre_longitude",
        "centre_crs",
    ]
    readonly_fields = ["level"]
    autocomplete_fields = ["parent"]
    ordering = ["code"]
