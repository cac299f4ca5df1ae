"""Year-end inputs and results in the admin: the annual assessment's inputs
staff enter, peer ratings, and the rows the rollups write, to read."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orgs.admin import ReadOnlyAdminMixin, ScopedAdmin, ScopedAdminMixin
from orgs.admin.filters import street_filter

from ..models import (
    AnnualAssessment,
    Indicator,
    PeerRating,
    PlatformGrade,
    PlatformQuarter,
    RollupRun,
)


@admin.register(AnnualAssessment)
class AnnualAssessmentAdmin(ScopedAdmin):
    list_display = [
        "organisation",
        "year",
        "party_score",
        "monthly_average",
        "self_score",
        "peer_score",
        "residents",
        "total",
        "stars",
    ]
    list_select_related = ["organisation"]
    list_filter = ["year", "stars", street_filter("organisation__area__code")]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    fields = [
        "organisation",
        "year",
        "party_score",
        "self_score",
        "residents",
        "residents_answers",
        "survey_poster",
        "monthly_average",
        "months_scored",
        "peer_score",
        "peer_count",
        "total",
        "stars",
        "computed_at",
    ]
    readonly_fields = [
        "residents",
        "residents_answers",
        "survey_poster",
        "monthly_average",
        "months_scored",
        "peer_score",
        "peer_count",
        "total",
        "stars",
        "computed_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["organisation", "year"] if obj else []
        return [*fixed, *self.readonly_fields]

    @admin.display(description=_("residents' assessment"), ordering="residents_score")
    def residents(self, obj):
        return obj.residents_shown()

    @admin.display(description=_("survey QR code"))
    def survey_poster(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}" target="_blank">{}</a>',
            reverse("assessments:survey_poster", args=[obj.organisation_id]),
            gettext("Print the QR code for residents"),
        )


@admin.register(PeerRating)
class PeerRatingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    # Not ScopedAdmin: a peer rating keeps no history of its own, and
    # simple-history's pages would fail on it; the admin's log is its history.
    show_full_result_count = False
    list_display = ["rated", "rater", "year", "score"]
    list_select_related = ["rated", "rater"]
    list_filter = ["year"]
    search_fields = ["rated__name", "rater__name"]
    autocomplete_fields = ["rater", "rated"]
    exclude = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


# --- results (read only) ----------------------------------------------------------------


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rows the rollups write: to read, never to edit by hand."""

    show_full_result_count = False


class ResultAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    pass


@admin.register(PlatformQuarter)
class PlatformQuarterAdmin(ResultAdmin):
    list_display = [
        "platform",
        "year",
        "quarter",
        "reports_received",
        "reports_due",
        "review_score",
        "supervision_orders",
        "lagging_tasks",
    ]
    list_filter = ["year", "quarter"]
    list_select_related = ["platform"]


@admin.register(PlatformGrade)
class PlatformGradeAdmin(ResultAdmin):
    list_display = [
        "platform",
        "year",
        "reports_received",
        "quarterly_average",
        "half_year_average",
        "annual_score",
        "total",
        "grade",
    ]
    list_filter = ["year", "grade"]
    list_select_related = ["platform"]


@admin.register(Indicator)
class IndicatorAdmin(ResultAdmin):
    list_display = ["area", "kind", "period", "figure", "value"]
    list_filter = ["kind", "period", "figure", "area__level"]
    list_select_related = ["area"]
    search_fields = ["area__name", "period"]


@admin.register(RollupRun)
class RollupRunAdmin(ReadOnlyAdmin):
    """What ran, for which period, when, how long, and what it changed: read
    by people, so the counts are sentences, not the stored JSON."""

    list_display = ["kind", "period_shown", "started_at", "took", "runs", "changed"]
    list_filter = ["kind"]
    fields = ["kind", "period_shown", "started_at", "finished_at", "took", "runs", "changed"]

    @admin.display(description=_("period"), ordering="period")
    def period_shown(self, obj):
        return obj.period_label

    @admin.display(description=_("took"))
    def took(self, obj):
        if obj.duration is None:
            return gettext("Running, or stopped before it finished")
        seconds = obj.duration.total_seconds()
        if seconds < 60:
            return gettext("%(seconds).1f s") % {"seconds": seconds}
        minutes, rest = divmod(round(seconds), 60)
        return gettext("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": rest}

    @admin.display(description=_("what it changed"))
    def changed(self, obj):
        rows = obj.what_changed()
        if not rows:
            return gettext("Nothing to change")
        return format_html(
            '<ul class="what-changed">{}</ul>',
            format_html_join("", "<li>{}：{}</li>", rows),
        )
