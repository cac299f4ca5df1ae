"""The ledger in the admin: what street officers and community workers use
every day. Lists stay fast on city-scale tables (no full-table related
filters, autocompletes, select_related, no COUNT of the whole table)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.limits import TEXT
from lib.querystring import id_from
from lib.screens import run_service
from lib.spreadsheets.writer import ExportInfo
from orgs.downloads import spreadsheet_response
from orgs.importing.organisations import import_organisations
from orgs.ledger import ORGANISATION_FIELDS, organisation_columns, organisation_rows
from orgs.models import (
    ApplicationStatus,
    Category,
    FilingApplication,
    FilingStatus,
    Membership,
    Organisation,
    Stage,
    Transformation,
    TransformationKind,
)
from orgs.services import filing, ledger, transformations

from .filters import community_filter, street_filter
from .imports import SpreadsheetImportMixin
from .mixins import ScopedAdmin, ScopedAdminMixin
from .personal import PersonalDataAdminMixin


class MembershipInline(ScopedAdminMixin, admin.TabularInline):
    model = Membership
    fk_name = "organisation"
    extra = 0
    fields = ["person", "role", "joined_on", "left_on"]
    autocomplete_fields = ["person"]
    verbose_name_plural = gettext_lazy("members")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class FilingApplicationInline(admin.TabularInline):
    model = FilingApplication
    extra = 0
    can_delete = False
    fields = [
        "submitted_at",
        "submitted_by",
        "status",
        "decided_by",
        "decided_at",
        "return_reasons",
        "certificate_number",
    ]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("submitted_by", "decided_by")


class TransformationInline(admin.TabularInline):
    model = Transformation
    fk_name = "organisation"
    extra = 0
    can_delete = False
    fields = ["occurred_on", "kind", "note", "changes", "result", "recorded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("result", "recorded_by")


class CategoryClassFilter(admin.SimpleListFilter):
    title = gettext_lazy("category class")
    parameter_name = "class"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in Category.objects.filter(parent__isnull=True)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        chosen = id_from(self.value())
        if chosen is None:  # as Django's own filters answer a value not theirs
            raise IncorrectLookupParameters
        return queryset.filter(Q(category__parent_id=chosen) | Q(category_id=chosen))


@admin.register(Organisation)
class OrganisationAdmin(SpreadsheetImportMixin, PersonalDataAdminMixin, ScopedAdmin):
    personal_fields = {"leader_phone": "phone", "leader_id_number": "id_number"}
    import_function = staticmethod(import_organisations)
    import_fields = ORGANISATION_FIELDS
    import_title = gettext_lazy("Organisation ledger")
    import_example = {
        "name": "英才社区书画社",
        "street": "迎宾路街道",
        "community": "英才社区",
        "category_class": "文体活动类",
        "category": "书画",
        "leader_name": "王建国",
        "leader_phone": "13803711234",
        "leader_is_party_member": "是",
        "member_count": "25",
        "party_member_count": "3",
        "founded_on": "2021-03-05",
        "venue": "社区党群服务中心二楼",
        "tier": "社区指导",
        "party_org_type": "未建立",
        "is_brand": "否",
        "is_hub": "否",
        "status": "正常",
    }
    change_list_template = "admin/orgs/organisation/change_list.html"
    change_form_template = "admin/orgs/organisation/change_form.html"

    list_display = [
        "name",
        "area",
        "category",
        "leader_name",
        "leader_phone",
        "tier",
        "filing_status",
        "status",
        "is_brand",
        "star_rating",
    ]
    list_select_related = ["area", "category__parent"]
    list_filter = [
        "status",
        "tier",
        "filing_status",
        street_filter("area__code"),
        community_filter("area__code"),
        CategoryClassFilter,
        "party_org_type",
        "is_brand",
        "is_hub",
        "stage",
        "is_service_oriented",
    ]
    search_fields = ["name", "=credit_code", "=certificate_number", "leader_name", "^leader_phone"]
    autocomplete_fields = ["area", "category"]
    inlines = [MembershipInline, FilingApplicationInline, TransformationInline]
    readonly_fields = [
        "status",
        "merged_into",
        "dissolved_on",
        "filing_status",
        "certificate_number",
        "filed_on",
        "star_rating",
    ]
    fieldsets = [
        (None, {"fields": ["name", "area", "category", "description", "venue", "founded_on"]}),
        (
            gettext_lazy("Leader"),
            {
                "fields": [
                    "leader_name",
                    "leader_phone",
                    "leader_id_number",
                    "leader_is_party_member",
                ]
            },
        ),
        (gettext_lazy("Members"), {"fields": ["member_count", "party_member_count"]}),
        (
            gettext_lazy("Management"),
            {
                "fields": [
                    "tier",
                    "credit_code",
                    "stage",
                    "is_service_oriented",
                    "is_brand",
                    "is_hub",
                    "party_org_type",
                ]
            },
        ),
        (
            gettext_lazy("Filing and status"),
            {
                "fields": [
                    "status",
                    "merged_into",
                    "dissolved_on",
                    "filing_status",
                    "certificate_number",
                    "filed_on",
                    "star_rating",
                ]
            },
        ),
    ]
    actions = [
        "submit_filing",
        "approve_filing",
        "mark_dormant",
        "mark_active",
        "merge",
        "export_ledger",
    ]

    def get_urls(self):
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="orgs_organisation_import",
            ),
            path(
                "import/template/",
                self.admin_site.admin_view(self.template_view),
                name="orgs_organisation_import_template",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="orgs_organisation_export",
            ),
            path(
                "<int:object_id>/transform/",
                self.admin_site.admin_view(self.transform_view),
                name="orgs_organisation_transform",
            ),
        ]
        return urls + super().get_urls()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area__parent", "category__parent")

    # --- exports ------------------------------------------------------------

    def _ledger_response(self, request, queryset, scope="", fmt="xlsx"):
        info = ExportInfo.by(
            request.user, title=_("Organisation ledger"), kind="organisations", scope=scope
        )
        return spreadsheet_response(
            basename=_("organisation-ledger"),
            columns=organisation_columns(),
            rows=organisation_rows(queryset, request.user),
            info=info,
            fmt="csv" if fmt == "csv" else "xlsx",
        )

    def export_view(self, request):
        """The whole changelist, with its current filters and search."""
        return self.export_list(
            request,
            lambda queryset, fmt, scope: self._ledger_response(
                request, queryset, scope=scope, fmt=fmt
            ),
        )

    @admin.action(description=gettext_lazy("Export the selected to Excel"), permissions=["view"])
    def export_ledger(self, request, queryset):
        return self._ledger_response(request, queryset)

    # --- filing -------------------------------------------------------------

    def has_submit_filing_permission(self, request):
        return request.user.has_perm("orgs.add_filingapplication")

    def has_review_filing_permission(self, request):
        return request.user.has_perm("orgs.review_filing")

    @admin.action(
        description=gettext_lazy("Submit the selected for filing"), permissions=["submit_filing"]
    )
    def submit_filing(self, request, queryset):
        done = self.run_each(
            request,
            queryset,
            lambda org: filing.submit_filing(organisation=org, by=request.user),
        )
        if done:
            messages.success(request, _("%(count)d submitted for filing.") % {"count": done})

    @admin.action(
        description=gettext_lazy("Approve the filing of the selected"),
        permissions=["review_filing"],
    )
    def approve_filing(self, request, queryset):
        pending = FilingApplication.objects.filter(
            organisation__in=queryset, status=ApplicationStatus.SUBMITTED
        ).select_related("organisation")
        skipped = queryset.exclude(filing_status=FilingStatus.SUBMITTED).count()
        done = self.run_each(
            request,
            pending,
            lambda app: filing.approve_filing(application=app, by=request.user),
        )
        if done:
            messages.success(request, _("%(count)d filings approved.") % {"count": done})
        if skipped:
            messages.warning(
                request, _("%(count)d had no application under review.") % {"count": skipped}
            )

    # --- status -------------------------------------------------------------

    @admin.action(description=gettext_lazy("Mark the selected dormant"), permissions=["change"])
    def mark_dormant(self, request, queryset):
        count = ledger.set_dormant(organisations=queryset, dormant=True, by=request.user)
        messages.success(request, _("%(count)d marked dormant.") % {"count": count})

    @admin.action(description=gettext_lazy("Mark the selected active"), permissions=["change"])
    def mark_active(self, request, queryset):
        count = ledger.set_dormant(organisations=queryset, dormant=False, by=request.user)
        messages.success(request, _("%(count)d marked active.") % {"count": count})

    # --- transformations ------------------------------------------------------

    def has_transform_permission(self, request):
        return request.user.has_perm("orgs.add_transformation")

    @admin.action(
        description=gettext_lazy("Merge the selected into one"), permissions=["transform"]
    )
    def merge(self, request, queryset):
        organisations = list(queryset)
        form = MergeForm(
            request.POST if "confirm" in request.POST else None, organisations=organisations
        )
        if form.is_valid():
            target = form.cleaned_data["into"]
            run_service(
                request,
                transformations.merge_organisations,
                _("Merged into %(name)s.") % {"name": target.name},
                sources=[o for o in organisations if o.pk != target.pk],
                into=target,
                on=form.cleaned_data["occurred_on"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
            return None
        return self.step_page(
            request,
            "admin/orgs/organisation/merge.html",
            title=_("Merge organisations"),
            form=form,
            organisations=organisations,
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )

    def transform_view(self, request, object_id):
        organisation = self.get_object(request, str(object_id))
        if not self.has_transform_permission(request):
            raise PermissionDenied
        form = TransformForm(request.POST or None)
        if form.is_valid():
            data = form.cleaned_data
            kind = data["kind"]
            common = {
                "organisation": organisation,
                "on": data["occurred_on"],
                "by": request.user,
                "note": data["note"],
            }
            if kind == TransformationKind.BECAME_COMMUNITY_ORGANISATION:
                service, extra = transformations.become_community_organisation, {}
            elif kind == TransformationKind.BECAME_SERVICE_ORIENTED:
                service = transformations.become_service_oriented
                extra = {"new_name": data["new_name"], "new_category": data["new_category"]}
            elif kind == TransformationKind.UPGRADED:
                service = transformations.upgrade
                extra = {"credit_code": data["credit_code"], "to": data["upgrade_to"]}
            else:
                service, extra = transformations.dissolve, {}
            done = self.run_step(
                request,
                organisation,
                service,
                _("Recorded: %(kind)s.") % {"kind": TransformationKind(kind).label},
                form=form,
                **common,
                **extra,
            )
            if done:
                return done
        return self.step_page(
            request,
            "admin/orgs/organisation/transform.html",
            original=organisation,
            title=_("Record a transformation of %(name)s") % {"name": organisation.name},
            form=form,
        )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("Merge into")
    )
    occurred_on = forms.DateField(label=gettext_lazy("Date"), initial=timezone.localdate)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        if len(organisations) < 2:
            self.fields["into"].help_text = _("Select at least two organisations in the list.")


class TransformForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Transformation"),
        choices=[c for c in TransformationKind.choices if c[0] != TransformationKind.MERGED],
    )
    occurred_on = forms.DateField(label=gettext_lazy("Date"), initial=timezone.localdate)
    new_name = forms.CharField(label=gettext_lazy("New name"), required=False, max_length=100)
    new_category = forms.ModelChoiceField(
        label=gettext_lazy("New category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
    )
    credit_code = forms.CharField(
        label=gettext_lazy("Unified social credit code"), required=False, max_length=30
    )
    upgrade_to = forms.ChoiceField(
        label=gettext_lazy("Upgraded to"),
        choices=[
            (Stage.SOCIAL_ORGANISATION, Stage.SOCIAL_ORGANISATION.label),
            (Stage.SOCIAL_ENTERPRISE, Stage.SOCIAL_ENTERPRISE.label),
        ],
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == TransformationKind.UPGRADED and not data.get("credit_code"):
            self.add_error("credit_code", _("An upgrade needs the new unified social credit code."))
        return data


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "is_active"]
    list_filter = ["is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "parent__name"]
    list_select_related = ["parent"]
    ordering = ["parent__position", "position"]
