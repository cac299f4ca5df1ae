from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery, Sum
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib import clock
from lib.paginators import BigListPaginator
from lib.spreadsheets.writer import ExportInfo
from orgs.ledger import PEOPLE_FIELDS, people_columns, people_rows
from orgs.models import (
    Attendance,
    MemberRole,
    Membership,
    Person,
    PointsEntry,
    ServiceRecord,
    Talent,
    Training,
)
from orgs.services import volunteering
from orgs.spreadsheets import spreadsheet_response

from .filters import community_filter, street_filter
from .imports import SpreadsheetImportMixin
from .mixins import ScopedAdmin, ScopedAdminMixin
from .personal import PersonalDataAdminMixin


class PersonMembershipInline(ScopedAdminMixin, admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    fields = ["organisation", "role", "joined_on", "left_on"]
    autocomplete_fields = ["organisation"]


class TalentInline(ScopedAdminMixin, admin.StackedInline):
    model = Talent
    extra = 0
    fields = ["skills", "note", "listed_on", "listed_by"]
    readonly_fields = ["listed_by"]


class ExchangeForm(forms.Form):
    points = forms.IntegerField(label=gettext_lazy("Points"), min_value=1)
    description = forms.CharField(label=gettext_lazy("Exchanged for"), max_length=120)
    occurred_on = forms.DateField(label=gettext_lazy("Date"), initial=clock.today)


@admin.register(Person)
class PersonAdmin(SpreadsheetImportMixin, PersonalDataAdminMixin, ScopedAdmin):
    personal_fields = {"phone": "phone", "id_number": "id_number"}
    import_kind = "people"
    import_fields = PEOPLE_FIELDS
    import_title = gettext_lazy("Member ledger")
    import_example = {
        "name": "李秀英",
        "gender": "女",
        "phone": "13903712345",
        "street": "迎宾路街道",
        "community": "英才社区",
        "organisation": "英才社区红马甲志愿服务队",
        "member_role": "骨干",
        "is_party_member": "是",
        "joined_on": "2022-05-01",
        "skills": "调解、剪纸",
    }
    change_list_template = "admin/orgs/person/change_list.html"
    list_display = ["name", "gender", "community", "phone", "is_party_member", "points"]
    list_select_related = ["community"]
    list_filter = [
        "is_party_member",
        "gender",
        street_filter("community__code"),
        community_filter("community__code"),
    ]
    # By the start of the name (the surname first: 王 finds the 王s), or the
    # whole phone or ID number as stored, each on an index (orgs.Person.Meta),
    # not a scan of every name for a character.
    search_fields = ["name__startswith", "phone__exact", "id_number__exact"]
    autocomplete_fields = ["community"]
    fields = ["name", "gender", "community", "phone", "id_number", "is_party_member", "note"]
    inlines = [PersonMembershipInline, TalentInline]
    change_form_template = "admin/orgs/person/change_form.html"

    def get_queryset(self, request):
        # Summed for each person listed, not grouped over every person first.
        points = (
            PointsEntry.objects.filter(person=OuterRef("pk"))
            .order_by()
            .values("person")
            .annotate(total=Sum("points"))
            .values("total")
        )
        return super().get_queryset(request).annotate(points_total=Subquery(points))

    @admin.display(description=gettext_lazy("points balance"), ordering="points_total")
    def points(self, person):
        return person.points_total or 0

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            if isinstance(obj, Talent) and not obj.listed_by_id:
                obj.listed_by = request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def get_import_choices(self):
        return {
            "gender": ["男", "女"],
            "member_role": [label for _v, label in MemberRole.choices],
            "is_party_member": ["是", "否"],
        }

    def get_urls(self):
        return [
            *self.get_import_urls(),
            path(
                "export/", self.admin_site.admin_view(self.export_view), name="orgs_person_export"
            ),
            path(
                "<int:object_id>/exchange/",
                self.admin_site.admin_view(self.exchange_view),
                name="orgs_person_exchange",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """Current memberships of the people in the (filtered) changelist."""

        def build(people, fmt, scope):
            memberships = Membership.objects.current().filter(person__in=people.values("pk"))
            return spreadsheet_response(
                basename=_("member-ledger"),
                columns=people_columns(),
                rows=people_rows(memberships, request.user),
                info=ExportInfo.by(request.user, title=_("Member ledger"), kind="members"),
                fmt=fmt,
            )

        return self.export_list(request, build)

    def exchange_view(self, request, object_id):
        person = self.get_object(request, str(object_id))
        if not request.user.has_perm("orgs.add_pointsentry"):
            raise PermissionDenied
        form = ExchangeForm(request.POST or None)
        if form.is_valid():
            done = self.run_step(
                request,
                person,
                volunteering.exchange_points,
                _("Points exchanged."),
                form=form,
                form_field="points",
                person=person,
                points=form.cleaned_data["points"],
                description=form.cleaned_data["description"],
                on=form.cleaned_data["occurred_on"],
                by=request.user,
            )
            if done:
                return done
        return self.step_page(
            request,
            "admin/orgs/person/exchange.html",
            original=person,
            balance=volunteering.balance(person),
            form=form,
            title=_("Exchange points: %(name)s") % {"name": person.name},
        )


@admin.register(Talent)
class TalentAdmin(ScopedAdmin):
    list_display = ["person", "skills", "person_community", "listed_on"]
    list_select_related = ["person__community"]
    search_fields = ["person__name", "skills"]
    autocomplete_fields = ["person"]
    fields = ["person", "skills", "note", "listed_on"]

    @admin.display(description=gettext_lazy("community"))
    def person_community(self, talent):
        return talent.person.community

    def save_model(self, request, obj, form, change):
        if not obj.listed_by_id:
            obj.listed_by = request.user
        super().save_model(request, obj, form, change)


class AttendanceInline(ScopedAdminMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["person", "organisation"]
    autocomplete_fields = ["person", "organisation"]

    def get_queryset(self, request):
        return Attendance.objects.select_related("person", "organisation")


@admin.register(Training)
class TrainingAdmin(ScopedAdmin):
    list_display = ["held_on", "topic", "organiser", "area", "programme", "headcount"]
    list_select_related = ["area"]
    list_filter = ["programme", street_filter("area__code")]
    search_fields = ["topic", "organiser"]
    autocomplete_fields = ["area", "organiser_organisation"]
    date_hierarchy = None
    inlines = [AttendanceInline]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedAdmin):
    list_display = ["served_on", "person", "organisation", "hours", "activity", "recorded_by"]
    list_select_related = ["person", "organisation", "recorded_by"]
    search_fields = ["person__name", "activity"]
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "organisation", "served_on", "hours", "activity"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, so the points it earns enter the ledger with it.
        record = volunteering.record_service(
            person=obj.person,
            organisation=obj.organisation,
            served_on=obj.served_on,
            hours=obj.hours,
            activity=obj.activity,
            by=request.user,
        )
        obj.pk = record.pk


@admin.register(PointsEntry)
class PointsEntryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    # Not ScopedAdmin: entries are never edited, so they keep no history of
    # their own, and simple-history's pages would fail on them.
    show_full_result_count = False
    paginator = BigListPaginator

    list_display = ["occurred_on", "person", "kind", "points", "description", "recorded_by"]
    list_select_related = ["person", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["person__name", "description"]

    def has_add_permission(self, request):
        return False  # exchanges are made from the person's page, earnings from service records

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
