"""The ledger in the admin: what street officers and community workers use
every day. Lists stay fast on city-scale tables (no full-table related
filters, autocompletes, select_related, no COUNT of the whole table)."""

from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.spreadsheets.writer import ExportInfo
from orgs.ledger import ORGANISATION_FIELDS, organisation_columns, organisation_rows
from orgs.models import ApplicationStatus, FilingApplication, FilingStatus, Membership, Organisation
from orgs.services import filing, ledger
from orgs.spreadsheets import spreadsheet_response

from .categories import CategoryClassFilter
from .filters import community_filter, street_filter
from .imports import SpreadsheetImportMixin
from .mixins import ScopedAdmin, ScopedAdminMixin
from .personal import PersonalDataAdminMixin
from .transformations import TransformationInline, TransformationsAdminMixin


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


@admin.register(Organisation)
class OrganisationAdmin(
    TransformationsAdminMixin, SpreadsheetImportMixin, PersonalDataAdminMixin, ScopedAdmin
):
    personal_fields = {"leader_phone": "phone", "leader_id_number": "id_number"}
    import_kind = "organisations"
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
            gettext_lazy("Venue on the map"),
            {"fields": ["venue_latitude", "venue_longitude", "venue_crs", "venue_is_home"]},
        ),
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
            *self.get_import_urls(),
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
