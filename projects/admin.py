from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.admin import (
    DocumentLinesMixin,
    ReadOnlyAdminMixin,
    ResidentDataAdminMixin,
    ScopedAdmin,
    ServedGroupFilter,
)

from .models import (
    AwardNotice,
    Bid,
    BidMember,
    BudgetLine,
    Direction,
    Need,
    Offer,
    Project,
    ProjectCriterion,
    ProjectEvent,
    Resource,
    Round,
    RoundCriterion,
    RoundStatus,
)
from .services import tenders
from .workflow import STEPS


class CurrentStatusFilter(admin.SimpleListFilter):
    """By the status a row reads as now, not as stored: a project or round
    past its closing time is listed as closed before the schedule runs (and
    a need of a project closed without bids as open)."""

    title = gettext_lazy("status")  # replaced by the model's own word for its status
    parameter_name = "status"

    def __init__(self, request, params, model, model_admin):
        self.title = model._meta.get_field("status").verbose_name
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return model_admin.model._meta.get_field("status").choices

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value not in dict(self.lookup_choices):
            raise IncorrectLookupParameters
        return queryset.in_status(value)


class RoundCriterionInline(DocumentLinesMixin, admin.TabularInline):
    model = RoundCriterion
    extra = 0


@admin.register(Round)
class RoundAdmin(ScopedAdmin):
    list_display = [
        "title",
        "district",
        "fund",
        "budget",
        "opens_on",
        "bids_close_at",
        "min_platform_grade",
        "current_status",
    ]
    list_select_related = ["district", "fund"]
    list_filter = [CurrentStatusFilter]
    autocomplete_fields = ["district", "fund"]
    filter_horizontal = ["directions", "reviewers"]
    inlines = [RoundCriterionInline]
    actions = ["open_rounds", "publish_results"]
    # Who may bid is settled when the round opens: a rule tightened while bids
    # come in would shut out organisations that have already bid by the old one.
    RULES = [
        "min_star_rating",
        "min_platform_grade",
        "exclude_under_rectification",
        "require_filing",
        "require_residency",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != RoundStatus.DRAFT:
            fields += self.RULES
        return fields

    @admin.action(
        description=gettext_lazy("Open the selected rounds for bids"), permissions=["change"]
    )
    def open_rounds(self, request, queryset):
        self.run_each(
            request,
            queryset,
            lambda r: tenders.open_round(round_=r, by=request.user),
            success=lambda r: _("Round opened: %(name)s") % {"name": r},
        )

    @admin.action(
        description=gettext_lazy("Publish the results of the selected rounds"),
        permissions=["change"],
    )
    def publish_results(self, request, queryset):
        self.run_each(
            request,
            queryset,
            lambda r: tenders.publish_results(round_=r, by=request.user),
            success=lambda r: _("Results published: %(name)s") % {"name": r},
        )

    @admin.display(description=gettext_lazy("round status"), ordering="status")
    def current_status(self, round_):
        return round_.get_current_status_display()


class EventInline(admin.TabularInline):
    model = ProjectEvent
    extra = 0
    can_delete = False
    fields = ["at", "step", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        # each row names its account: fetched with the rows, not one by one
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("step"))
    def step(self, event):
        step = STEPS.get(event.transition)  # the step's name, not its code ("publish")
        return step.label if step else event.transition


class NoticeInline(admin.TabularInline):
    """The project's award notices and their objections, read-only: they are
    lodged and answered on the portal, which applies the rules."""

    model = AwardNotice
    extra = 0
    can_delete = False
    fields = ["bid", "amount", "working_days", "published_at", "ends_at", "status", "objected"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("bid__organisation")
            .prefetch_related("objections__organisation")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("projects.view_project")

    @admin.display(description=gettext_lazy("objections"))
    def objected(self, notice):
        return "；".join(
            f"{o.organisation.name}（{o.get_status_display()}）" for o in notice.objections.all()
        )


class CriterionInline(DocumentLinesMixin, admin.TabularInline):
    model = ProjectCriterion
    extra = 0


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    """Projects are worked through the portal, which walks each step; the
    admin shows them whole and corrects their description."""

    list_display = [
        "title",
        "community",
        "round",
        "budget_ceiling",
        "current_status",
        "bids_close_at",
        "awarded_amount",
        "portal_link",
    ]
    list_select_related = ["community", "round"]
    list_filter = [CurrentStatusFilter, "round", "direction", ServedGroupFilter]
    search_fields = ["title"]
    autocomplete_fields = ["community", "fund", "groups"]
    filter_horizontal = ["reviewers"]
    readonly_fields = [
        "current_status",
        "awarded_amount",
        "allocation",
        "beneficiaries_reached",
        "evaluation_score",
        "evaluation",
        "drafted_by",
    ]
    inlines = [CriterionInline, NoticeInline, EventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_status()

    @admin.display(description=gettext_lazy("project status"), ordering="status_now")
    def current_status(self, project):
        return project.get_current_status_display()

    def has_add_permission(self, request):
        return False  # drafted from needs in the portal

    @admin.display(description=gettext_lazy("view on the portal"))
    def portal_link(self, project):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>',
            reverse("projects:project", args=[project.pk]),
            _("Open on the portal"),
        )


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    can_delete = False
    readonly_fields = ["item", "amount", "note"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("projects.view_bid")


class BidMemberInline(BudgetLineInline):
    """A joint bid's members: read-only, as the bid is (sealed until close)."""

    model = BidMember
    readonly_fields = ["organisation", "work_share", "budget_share"]
    fields = readonly_fields


@admin.register(Bid)
class BidAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """Bids stay sealed here too: a bid of a project still open for bidding
    is not listed, and its page is a 404, for every account."""

    list_display = ["project", "organisation", "status", "submitted_at"]
    list_select_related = ["project", "organisation"]
    list_filter = ["status", ("project__round", admin.RelatedOnlyFieldListFilter)]
    readonly_fields = [
        "project",
        "organisation",
        "proposal",
        "team",
        "schedule",
        "status",
        "submitted_by",
        "submitted_at",
    ]
    fields = readonly_fields
    inlines = [BidMemberInline, BudgetLineInline]


@admin.register(Need)
class NeedAdmin(ResidentDataAdminMixin, ScopedAdmin):
    personal_fields = {"requester_phone": "phone", "requester_name": "name"}
    list_display = [
        "title",
        "community",
        "people_affected",
        "urgency",
        "current_status",
        "created_at",
    ]
    list_select_related = ["community"]
    list_filter = [CurrentStatusFilter, "urgency", ServedGroupFilter]
    search_fields = ["title", "requester_name"]
    autocomplete_fields = ["community", "groups"]
    readonly_fields = ["current_status", "project", "posted_by", "confirmed_by", "decline_reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_status()

    @admin.display(description=gettext_lazy("need status"), ordering="status_now")
    def current_status(self, need):
        return need.get_current_status_display()


@admin.register(Offer)
class OfferAdmin(ScopedAdmin):
    list_display = ["title", "organisation", "direction", "capacity", "is_available"]
    list_select_related = ["organisation", "direction"]
    list_filter = ["is_available", "direction"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(Resource)
class ResourceAdmin(ScopedAdmin):
    list_display = ["name", "kind", "community", "provider", "is_available"]
    list_select_related = ["community"]
    list_filter = ["kind", "is_available"]
    search_fields = ["name", "provider"]
    autocomplete_fields = ["community"]


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
