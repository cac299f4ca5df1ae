from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from orgs.models import Area, AreaLevel
from orgs.models.territory import CODE_LENGTHS
from orgs.resources import AreaResource

from .mixins import ScopedExportAdmin


class AreaForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        # 一社一策 (issue 24): a type belongs to a community or village only.
        code = cleaned.get("code") or ""
        if cleaned.get("community_type") and len(code) != CODE_LENGTHS[AreaLevel.COMMUNITY]:
            self.add_error("community_type", _("Only a community or village has a community type."))
        return cleaned


@admin.register(Area)
class AreaAdmin(ScopedExportAdmin):
    form = AreaForm
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
