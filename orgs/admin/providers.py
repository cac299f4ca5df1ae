"""Providers of the points mall and their clerks, kept by the staff of the
area each provider serves. Contact and clerk phones as orgs.privacy says."""

from django.contrib import admin

from orgs.models import Provider, ProviderClerk

from .filters import street_filter
from .mixins import ScopedAdmin
from .personal import PersonalDataAdminMixin


@admin.register(Provider)
class ProviderAdmin(PersonalDataAdminMixin, ScopedAdmin):
    personal_fields = {"contact_phone": "phone"}
    list_display = ["name", "kind", "area", "contact_name", "contact_phone", "active"]
    list_select_related = ["area"]
    list_filter = ["kind", "active", street_filter("area__code")]
    search_fields = ["name"]
    autocomplete_fields = ["area"]
    fields = ["name", "kind", "area", "address", "contact_name", "contact_phone", "active"]


@admin.register(ProviderClerk)
class ProviderClerkAdmin(PersonalDataAdminMixin, ScopedAdmin):
    personal_fields = {"phone": "phone"}
    list_display = ["name", "provider", "phone"]
    list_select_related = ["provider"]
    search_fields = ["name", "provider__name"]
    autocomplete_fields = ["provider"]
    fields = ["provider", "name", "phone"]
