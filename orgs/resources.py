"""Spreadsheet layouts (django-import-export) for small admin exports and imports."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from orgs.models import Area


class AreaResource(resources.ModelResource):
    code = fields.Field(attribute="code", column_name=_("division code"))
    official_code = fields.Field(
        attribute="official_code", column_name=_("official code (12 digits)")
    )
    name = fields.Field(attribute="name", column_name=_("area name"))
    level = fields.Field(attribute="get_level_display", column_name=_("level"))
    parent = fields.Field(attribute="parent__name", column_name=_("parent area"))
    is_rural = fields.Field(attribute="is_rural", column_name=_("rural"))

    class Meta:
        model = Area
        fields = ["code", "official_code", "name", "level", "parent", "is_rural"]
        export_order = fields

    def dehydrate_is_rural(self, area):
        return str(_("Yes")) if area.is_rural else str(_("No"))
