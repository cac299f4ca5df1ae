"""The 1+6+N ledgers in the workbench: households (their head's name, phone
and address in full only to the street and community staff of the
household's community), their ties to party members and the services."""

from django.contrib import admin

from lib.masking import NAME, PHONE
from orgs.admin import ResidentDataAdminMixin, ScopedAdmin
from orgs.privacy import sees_resident

from .. import services
from ..models import Household, HouseholdService, HouseholdTie


@admin.register(Household)
class HouseholdAdmin(ResidentDataAdminMixin, ScopedAdmin):
    personal_fields = {"head_name": NAME, "head_phone": PHONE, "address": NAME}
    list_display = ["__str__", "head_name", "head_phone", "address", "community", "grid"]
    list_select_related = ["community", "grid"]
    list_filter = ["community"]
    search_fields = ["head_name__startswith", "address"]
    autocomplete_fields = ["grid"]
    fieldsets = [(None, {"fields": ["community", "grid", "address", "head_name", "head_phone"]})]


class ChoosesHouseholds:
    """The household choice says which household: its address and its
    head's name to the staff who see them (orgs.privacy.sees_resident), the
    household's number to anyone else."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "household":
            user = request.user
            field.label_from_instance = lambda home: (
                f"{home.address} · {home.head_name}"
                if sees_resident(user, community_code=home.community.code)
                else str(home)
            )
            field.queryset = field.queryset.select_related("community")
        return field


@admin.register(HouseholdTie)
class HouseholdTieAdmin(ChoosesHouseholds, ScopedAdmin):
    list_display = ["party_member", "household", "started_on", "ended_on"]
    list_select_related = ["party_member", "household"]
    list_filter = [("ended_on", admin.EmptyFieldListFilter)]
    search_fields = ["party_member__name__startswith"]
    autocomplete_fields = ["party_member"]
    fields = ["party_member", "household", "started_on", "ended_on"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if obj is None else [*readonly, "party_member", "household", "started_on"]

    def save_model(self, request, obj, form, change):
        if not change:
            tie = services.link_household(
                by=request.user,
                party_member=obj.party_member,
                household=obj.household,
                started_on=obj.started_on,
            )
            obj.pk = tie.pk
            if obj.ended_on:
                services.end_tie(by=request.user, tie=tie, ended_on=obj.ended_on)
        elif "ended_on" in form.changed_data and obj.ended_on:
            ended_on = obj.ended_on
            obj.ended_on = None
            services.end_tie(by=request.user, tie=obj, ended_on=ended_on)
        else:
            super().save_model(request, obj, form, change)


@admin.register(HouseholdService)
class HouseholdServiceAdmin(ChoosesHouseholds, ScopedAdmin):
    list_display = ["served_on", "household", "served_by", "description"]
    list_select_related = ["household", "served_by"]
    search_fields = ["served_by__name__startswith", "description"]
    autocomplete_fields = ["served_by"]
    fields = ["household", "served_by", "served_on", "description"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        made = services.record_household_service(
            by=request.user,
            household=obj.household,
            served_by=obj.served_by,
            served_on=obj.served_on,
            description=obj.description,
        )
        obj.pk = made.pk
