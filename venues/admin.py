"""The venues the community keeps: who holds each in custody, its rooms and
its opening hours (regular, extended service, off-peak). Bookings are made
and refused on the portal (venues.views), not here."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from orgs.admin import ScopedAdmin, ScopedAdminMixin
from orgs.admin.filters import community_filter, street_filter

from .models import OpeningHours, Room, Venue


class RoomInline(ScopedAdminMixin, admin.TabularInline):
    model = Room
    extra = 0
    fields = ["name", "capacity", "active"]


class OpeningHoursInline(ScopedAdminMixin, admin.TabularInline):
    model = OpeningHours
    extra = 0
    fields = ["weekday", "opens", "closes", "kind"]


@admin.register(Venue)
class VenueAdmin(ScopedAdmin):
    list_display = ["name", "kind", "community", "custodian", "rooms_count", "active"]
    list_select_related = ["community", "custodian"]
    list_filter = [
        "kind",
        "active",
        street_filter("community__code"),
        community_filter("community__code"),
    ]
    search_fields = ["name", "address", "custodian__name"]
    autocomplete_fields = ["community", "grid", "custodian"]
    fields = [
        "name",
        "kind",
        "community",
        "grid",
        "address",
        "custodian",
        "custody_since",
        "note",
        "active",
    ]
    inlines = [RoomInline, OpeningHoursInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(room_count=Count("rooms"))

    @admin.display(description=_("rooms"), ordering="room_count")
    def rooms_count(self, venue):
        return venue.room_count
