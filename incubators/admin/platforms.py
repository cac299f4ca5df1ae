from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubators.models import (
    Platform,
    PlatformTraining,
    Residency,
    ResidencyStatus,
    ServiceKind,
    Specialism,
)
from incubators.services import residency as residency_service
from lib import clock
from lib.limits import TEXT
from orgs.admin import ScopedAdmin, ScopedAdminMixin
from orgs.models import AreaLevel, Organisation


class LevelFilter(admin.SimpleListFilter):
    title = gettext_lazy("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [
            (level, AreaLevel(level).label)
            for level in (AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY)
        ]

    def queryset(self, request, queryset):
        return queryset.filter(area__level=self.value()) if self.value() else queryset


class ResidentInline(admin.TabularInline):
    model = Residency
    extra = 0
    can_delete = False
    fields = ["organisation", "status", "entered_on", "ended_on"]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = gettext_lazy("residents")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class PlatformTrainingInline(ScopedAdminMixin, admin.TabularInline):
    model = PlatformTraining
    extra = 0
    autocomplete_fields = ["training"]


@admin.register(Platform)
class PlatformAdmin(ScopedAdmin):
    list_display = [
        "name",
        "level_display",
        "area",
        "operator",
        "residents",
        "graduates",
        "is_party_complex",
        "grade",
    ]
    list_select_related = ["area", "operator"]
    list_filter = [LevelFilter, "is_active", "is_party_complex"]
    search_fields = ["name", "area__name"]
    autocomplete_fields = ["area", "parent", "operator"]
    filter_horizontal = ["services", "specialisms"]
    fields = [
        "name",
        "area",
        "parent",
        "operator",
        "venue",
        "floor_area",
        "services",
        "specialisms",
        "is_party_complex",
        "opened_on",
        "is_active",
        "grade",
    ]
    readonly_fields = ["grade"]
    inlines = [ResidentInline, PlatformTrainingInline]
    ordering = ["area__code", "name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                resident_count=Count(
                    "residencies", filter=Q(residencies__status=ResidencyStatus.RESIDENT)
                ),
                graduate_count=Count(
                    "residencies", filter=Q(residencies__status=ResidencyStatus.GRADUATED)
                ),
            )
        )

    @admin.display(description=gettext_lazy("level"), ordering="area__level")
    def level_display(self, platform):
        return platform.get_level_display()

    @admin.display(description=gettext_lazy("residents"), ordering="resident_count")
    def residents(self, platform):
        return platform.resident_count

    @admin.display(description=gettext_lazy("graduated"), ordering="graduate_count")
    def graduates(self, platform):
        return platform.graduate_count


class LeaveForm(forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("Date"), initial=clock.today)
    text = forms.CharField(
        label=gettext_lazy("Outcome or reason"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@admin.register(Residency)
class ResidencyAdmin(ScopedAdmin):
    list_display = ["organisation", "platform", "status", "entered_on", "ended_on"]
    list_select_related = ["organisation", "platform"]
    list_filter = ["status", "platform"]
    search_fields = ["organisation__name", "platform__name", "agreement"]
    fields = [
        "platform",
        "organisation",
        "entered_on",
        "agreement",
        "agreement_file",
        "services",
        # The support terms (Shandong): 水电减免, 以服务换租金.
        "utilities_waived",
        "rent_in_services",
        "support_terms",
        "status",
        "ended_on",
        "outcome",
    ]
    readonly_fields = ["status", "ended_on", "outcome"]
    filter_horizontal = ["services"]
    change_form_template = "admin/incubators/residency/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # who and where cannot change once admitted
            return ["platform", "organisation", "entered_on", *self.readonly_fields]
        return self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            # Admission picks among the live organisations of the areas the
            # user's platforms serve that are not resident anywhere yet.
            codes = Platform.objects.for_user(request.user).values_list("area__code", flat=True)
            area_q = Q(pk__in=[])
            for code in codes:
                area_q |= Q(area__code__startswith=code)
            kwargs["queryset"] = (
                Organisation.objects.live()
                .filter(area_q)
                .exclude(residencies__status=ResidencyStatus.RESIDENT)
                .order_by("area__code", "name")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            obj.save()
            return
        admitted = residency_service.admit(
            platform=obj.platform,
            organisation=obj.organisation,
            on=obj.entered_on,
            by=request.user,
            agreement=obj.agreement,
        )
        admitted.utilities_waived = obj.utilities_waived
        admitted.rent_in_services = obj.rent_in_services
        admitted.support_terms = obj.support_terms
        updated = ["utilities_waived", "rent_in_services", "support_terms"]
        if obj.agreement_file:
            admitted.agreement_file = obj.agreement_file
            updated += ["agreement_file", "original_name"]
        admitted._history_user = request.user
        admitted.save(update_fields=updated)
        obj.pk = admitted.pk
        obj._state.adding = False

    def get_urls(self):
        return [
            path(
                "<int:object_id>/leave/<str:how>/",
                self.admin_site.admin_view(self.leave_view),
                name="incubators_residency_leave",
            ),
            *super().get_urls(),
        ]

    def leave_view(self, request, object_id, how):
        residency = self.get_object(request, str(object_id))
        if how not in ("graduate", "order_out") or not self.has_change_permission(
            request, residency
        ):
            raise PermissionDenied
        form = LeaveForm(request.POST or None)
        if form.is_valid():
            service = (
                residency_service.graduate if how == "graduate" else residency_service.order_out
            )
            text_field = "outcome" if how == "graduate" else "reason"
            done = self.run_step(
                request,
                residency,
                service,
                _("Recorded."),
                form=form,
                residency=residency,
                on=form.cleaned_data["ended_on"],
                by=request.user,
                **{text_field: form.cleaned_data["text"]},
            )
            if done:
                return done
        title = _("Graduation of %(name)s") if how == "graduate" else _("Order %(name)s to leave")
        return self.step_page(
            request,
            "admin/incubators/form_page.html",
            original=residency,
            title=title % {"name": residency.organisation},
            form=form,
        )


@admin.register(ServiceKind)
class ServiceKindAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]


@admin.register(Specialism)
class SpecialismAdmin(admin.ModelAdmin):
    """What platforms are known for (Shandong: 公益慈善, 文化艺术, 社区服务,
    志愿服务): data the district keeps, shown on the platforms' pages."""

    list_display = ["name", "position"]
    list_editable = ["position"]
