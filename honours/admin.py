"""The workbench for qualifications and rewards: the community, the street
and the district record their residents' qualifications; the district sets
each year's budget and decides the exam subsidies and rewards (考证奖补)
under it, through honours.services, whose refusals show on the form."""

from decimal import Decimal

from django.contrib import admin
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lib.masking import ID_NUMBER
from orgs.admin.filters import community_filter, street_filter
from orgs.admin.mixins import ScopedAdmin, ScopedAdminMixin
from orgs.admin.personal import PersonalDataAdminMixin

from . import services
from .models import Qualification, QualificationKind, Reward, RewardBudget


@admin.register(QualificationKind)
class QualificationKindAdmin(admin.ModelAdmin):
    list_display = ["name", "is_social_work", "position", "is_active"]
    list_filter = ["is_social_work", "is_active"]
    search_fields = ["name"]

    def get_fields(self, request, obj=None):
        # The code keys the figures' breakdown: for those who keep the list.
        fields = super().get_fields(request, obj)
        return (
            fields
            if self.has_change_permission(request, obj)
            else [name for name in fields if name != "code"]
        )


class RewardInline(ScopedAdminMixin, admin.TabularInline):
    model = Reward
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["amount", "decided_on", "paid_on"]
    readonly_fields = fields


@admin.register(Qualification)
class QualificationAdmin(PersonalDataAdminMixin, ScopedAdmin):
    # Seen in full by every office role that reaches this admin (the mask
    # table's row Qualification.certificate_number); each page that shows
    # it is written to the access log.
    personal_fields = {"certificate_number": ID_NUMBER}

    def may_see(self, request, name, kind, obj=None) -> bool:
        return True

    list_display = ["person", "kind", "certificate_number", "obtained_on", "issued_by"]
    list_select_related = ["person", "kind"]
    list_filter = [
        "kind",
        street_filter("person__community__code"),
        community_filter("person__community__code"),
    ]
    search_fields = ["person__name__startswith", "certificate_number__exact"]
    autocomplete_fields = ["person"]
    fields = ["person", "kind", "certificate_number", "obtained_on", "issued_by", "recorded_by"]
    readonly_fields = ["recorded_by"]
    inlines = [RewardInline]

    def get_readonly_fields(self, request, obj=None):
        # The holder and the kind are what a reward was paid for.
        return [*self.readonly_fields, "person", "kind"] if obj else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["queryset"] = QualificationKind.objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        saved = services.record_qualification(
            person=obj.person,
            kind=obj.kind,
            certificate_number=obj.certificate_number,
            obtained_on=obj.obtained_on,
            issued_by=obj.issued_by,
            by=request.user,
        )
        obj.pk = saved.pk
        obj.recorded_by = saved.recorded_by


@admin.register(RewardBudget)
class RewardBudgetAdmin(ScopedAdmin):
    list_display = ["area", "year", "amount", "spent", "left"]
    list_select_related = ["area"]
    fields = ["area", "year", "amount", "note", "spent", "left"]
    readonly_fields = ["spent", "left"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "area", "year"] if obj else self.readonly_fields

    def get_queryset(self, request):
        # What was decided under each budget, summed with the list's own query.
        decided = Coalesce(Sum("rewards__amount"), Value(Decimal(0)), output_field=DecimalField())
        return super().get_queryset(request).annotate(decided=decided)

    @admin.display(description=_("decided (yuan)"))
    def spent(self, obj):
        return obj.decided if obj.pk else "-"

    @admin.display(description=_("left (yuan)"))
    def left(self, obj):
        return obj.amount - obj.decided if obj.pk else "-"

    def save_model(self, request, obj, form, change):
        saved = services.set_budget(
            area=obj.area, year=obj.year, amount=obj.amount, note=obj.note, by=request.user
        )
        obj.pk = saved.pk


@admin.register(Reward)
class RewardAdmin(ScopedAdmin):
    list_display = ["person", "qualification", "amount", "decided_on", "paid_on"]
    list_select_related = ["qualification__person", "qualification__kind"]
    list_filter = [street_filter("qualification__person__community__code"), "budget__year"]
    search_fields = ["qualification__person__name__startswith"]
    autocomplete_fields = ["qualification"]
    fields = ["qualification", "amount", "decided_on", "paid_on", "note", "budget", "decided_by"]
    readonly_fields = ["budget", "decided_by"]

    @admin.display(description=_("person"), ordering="qualification__person__name")
    def person(self, obj):
        return obj.qualification.person

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        fixed = [*self.readonly_fields, "qualification", "amount", "decided_on"]
        return [*fixed, "paid_on"] if obj.paid_on else fixed

    def save_model(self, request, obj, form, change):
        if not change:
            saved = services.award(
                qualification=obj.qualification,
                amount=obj.amount,
                decided_on=obj.decided_on,
                paid_on=obj.paid_on,
                note=obj.note,
                by=request.user,
            )
            obj.pk = saved.pk
            return
        if "paid_on" in form.changed_data and obj.paid_on:
            services.mark_paid(reward=obj, paid_on=obj.paid_on, by=request.user)
        if "note" in form.changed_data:
            reward = Reward.objects.get(pk=obj.pk)
            reward.note = obj.note
            reward.save(update_fields=["note"])
