"""Assessments in the admin: operators score months item by item, staff
hold interviews and enter the year-end inputs, everyone reads the results."""

import contextlib
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubators.models import Residency
from lib.periods import Month
from lib.widgets import DateInput
from orgs.admin import ReadOnlyAdminMixin, ScopedAdmin, ScopedAdminMixin
from orgs.admin.filters import street_filter
from orgs.models import Organisation

from .models import (
    FULL_MARKS,
    Amendment,
    AnnualAssessment,
    Indicator,
    Interview,
    InterviewStatus,
    MonthlyScore,
    PeerRating,
    PlatformGrade,
    PlatformQuarter,
    RollupRun,
    ScoreItem,
    ScoreTemplate,
)
from .rules import low_score
from .services import interviews as interview_services
from .services import scores as score_services

# --- templates --------------------------------------------------------------------------


class ItemFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            (
                form.cleaned_data.get("max_points") or Decimal(0)
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            start=Decimal(0),
        )
        if total != FULL_MARKS:
            raise ValidationError(
                _("The items' maximum points add up to %(total)s; they must add up to %(full)s.")
                % {"total": total, "full": FULL_MARKS}
            )


class ScoreItemInline(admin.TabularInline):
    model = ScoreItem
    formset = ItemFormSet
    extra = 0
    fields = ["position", "name", "max_points", "guidance"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.in_use)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(ScoreTemplate)
class ScoreTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from", "items_summary"]
    inlines = [ScoreItemInline]

    @admin.display(description=gettext_lazy("items"))
    def items_summary(self, obj):
        return "、".join(f"{i.name} {i.max_points}" for i in obj.items.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items")

    def get_readonly_fields(self, request, obj=None):
        # A template that scored a month is history: add a new one instead.
        return ["name", "valid_from", "note"] if obj and obj.in_use else []


# --- monthly scores ---------------------------------------------------------------------


def default_month(today=None) -> Month:
    """The month an operator most likely scores: the one before, until it closes."""
    today = today or timezone.localdate()
    previous = Month.of(today).previous()
    return Month.of(today) if score_services.month_closed(previous) else previous


class MonthlyScoreForm(forms.ModelForm):
    reason = forms.CharField(
        label=gettext_lazy("reason for the amendment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed once the month is closed."),
    )

    class Meta:
        model = MonthlyScore
        fields = ["organisation", "year", "month", "note"]

    template: ScoreTemplate | None = None
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for row in self.instance.items.all():
                self.initial[f"item_{row.item_id}"] = row.points
            for name in ("organisation", "year", "month"):
                if name in self.fields:  # not for a role that may only read it
                    self.fields[name].disabled = True

    def points(self) -> dict:
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }

    def clean(self):
        """What the service will check when the admin saves, checked here
        without writing anything, so a refusal shows on the form with what
        was typed. The score itself is written by `save_model`."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if self.template is None:
            self.add_error(None, _("No scoring template applies to this month."))
            return cleaned
        try:
            if self.instance.pk:
                score_services.check_change(
                    score=self.instance, points=self.points(), reason=cleaned.get("reason") or ""
                )
            else:
                month = Month(cleaned["year"], cleaned["month"])
                if self.template != ScoreTemplate.objects.for_month(month):
                    self.add_error(
                        None, _("The items changed for that month: open the form again.")
                    )
                    return cleaned
                score_services.check_score(
                    organisation=cleaned["organisation"], month=month, points=self.points()
                )
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned


class AmendmentInline(admin.TabularInline):
    model = Amendment
    extra = 0
    fields = ["amended_at", "amended_by", "reason", "total_before", "total_after", "changes"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonthlyScore)
class MonthlyScoreAdmin(ScopedAdmin):
    form = MonthlyScoreForm
    list_display = ["organisation", "platform", "period_display", "total", "low", "locked"]
    list_select_related = ["organisation", "platform"]
    list_filter = ["year", "month", "platform", street_filter("organisation__area__code")]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [AmendmentInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=gettext_lazy("month"), ordering="month")
    def period_display(self, obj):
        return str(obj.period)

    @admin.display(description=gettext_lazy("below the line"), boolean=True)
    def low(self, obj):
        return obj.total < low_score()

    @admin.display(description=gettext_lazy("closed"), boolean=True)
    def locked(self, obj):
        return obj.is_locked

    def _template(self, request, obj):
        if obj is not None:
            return obj.template
        month = default_month()
        source = request.POST or request.GET
        with contextlib.suppress(TypeError, ValueError):
            month = Month(int(source.get("year")), int(source.get("month")))
        return ScoreTemplate.objects.for_month(month)

    def get_fieldsets(self, request, obj=None):
        template = self._template(request, obj)
        items = [f"item_{item.pk}" for item in template.items.all()] if template else []
        return [
            (None, {"fields": ["organisation", ("year", "month")]}),
            (str(template) if template else _("No scoring template"), {"fields": items}),
            (None, {"fields": ["note", *(["reason"] if obj else [])]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The items are fields of the template in force for the month, so the
        # form class is built for it; the model fields come from the admin.
        kwargs["fields"] = ["organisation", "year", "month", "note"]
        form = super().get_form(request, obj, change=change, **kwargs)
        template = self._template(request, obj)
        attrs = {"template": template, "user": request.user}
        for item in template.items.all() if template else ():
            attrs[f"item_{item.pk}"] = forms.DecimalField(
                label=_("%(item)s (out of %(points)s)")
                % {"item": item.name, "points": item.max_points},
                help_text=item.guidance,
                min_value=0,
                max_value=item.max_points,
                decimal_places=1,
            )
        if obj is None:
            attrs["reason"] = None
        return type(form.__name__, (form,), attrs)

    def get_changeform_initial_data(self, request):
        month = default_month()
        return {
            "year": month.year,
            "month": month.number,
            **super().get_changeform_initial_data(request),
        }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            residents = Residency.objects.for_user(request.user).current().values("organisation")
            kwargs["queryset"] = Organisation.objects.for_user(request.user).filter(
                pk__in=residents
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Score or change the month through the service, which checks again
        under its lock: what changed since the form was checked (another
        operator scored the month, its rollup closed it) is refused here and
        shown on the form (`RefusedSaveMixin`)."""
        data = form.cleaned_data
        if change:
            saved = score_services.change_score(
                score=obj,
                points=form.points(),
                by=request.user,
                reason=data.get("reason") or "",
                note=data.get("note", ""),
            )
        else:
            saved = score_services.record_score(
                organisation=data["organisation"],
                month=Month(data["year"], data["month"]),
                points=form.points(),
                by=request.user,
                note=data.get("note", ""),
            )
        # The admin goes on with `obj` (its message, log entry and redirect).
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False


# --- interviews -------------------------------------------------------------------------


class RecordInterviewForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("interviewed on"), widget=DateInput)
    interviewers = forms.CharField(label=gettext_lazy("interviewed by"), max_length=120)
    rectification = forms.CharField(
        label=gettext_lazy("agreed rectification"), widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(label=gettext_lazy("rectify by"), widget=DateInput)


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("outcome"),
        choices=[
            ("rectified", gettext_lazy("Rectified")),
            ("failed", gettext_lazy("Failed: order it to leave its platform")),
        ],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=gettext_lazy("concluded on"), widget=DateInput)
    note = forms.CharField(
        label=gettext_lazy("conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@admin.register(Interview)
class InterviewAdmin(ScopedAdmin):
    list_display = ["organisation", "kind", "period", "status", "deadline", "platform"]
    list_select_related = ["organisation", "platform"]
    list_filter = ["status", "kind", "year", street_filter("organisation__area__code")]
    search_fields = ["organisation__name"]
    readonly_fields = [
        "organisation",
        "platform",
        "kind",
        "period",
        "evidence_table",
        "status",
        "raised_at",
        "held_on",
        "interviewers",
        "rectification",
        "deadline",
        "recorded_by",
        "concluded_on",
        "conclusion",
    ]
    fields = readonly_fields
    change_form_template = "admin/assessments/interview/change_form.html"

    def has_add_permission(self, request):
        return False  # raised by the rollups

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("period"), ordering="year")
    def period(self, obj):
        return obj.period_label

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Everything is read-only: the steps are the buttons at the top.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=gettext_lazy("evidence"))
    def evidence_table(self, obj):
        if not obj.evidence:
            return "—"
        return format_html(
            "<table><tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        row.get("month") or row.get("year"),
                        row.get("score"),
                        row.get("platform") or (_("%(stars)s stars") % {"stars": row.get("stars")}),
                    )
                    for row in obj.evidence
                ),
            ),
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="assessments_interview_step",
            ),
            *super().get_urls(),
        ]

    STEPS = {
        "record": (InterviewStatus.REMINDED, RecordInterviewForm),
        "conclude": (InterviewStatus.INTERVIEWED, ConcludeForm),
    }

    def step_view(self, request, object_id, step):
        interview = self.get_object(request, str(object_id))
        if step not in self.STEPS or not self.has_change_permission(request, interview):
            raise PermissionDenied
        status, form_class = self.STEPS[step]
        if interview.status != status:
            messages.error(request, _("This step is not open for this interview."))
            return HttpResponseRedirect(
                reverse("admin:assessments_interview_change", args=[interview.pk])
            )
        today = timezone.localdate()
        initial = (
            {"held_on": today, "deadline": today + timedelta(days=settings.ASSESSMENT_RECTIFY_DAYS)}
            if step == "record"
            else {"on": today}
        )
        form = form_class(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if step == "record":
                    interview_services.record_interview(
                        interview=interview, by=request.user, **data
                    )
                else:
                    interview_services.conclude(
                        interview=interview,
                        rectified=data["outcome"] == "rectified",
                        on=data["on"],
                        note=data["note"],
                        by=request.user,
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(
                    reverse("admin:assessments_interview_change", args=[interview.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": interview,
            "form": form,
            "title": _("Record the interview")
            if step == "record"
            else _("Conclude the rectification"),
        }
        return TemplateResponse(request, "admin/assessments/interview/step.html", context)


# --- annual -----------------------------------------------------------------------------


@admin.register(AnnualAssessment)
class AnnualAssessmentAdmin(ScopedAdmin):
    list_display = [
        "organisation",
        "year",
        "party_score",
        "monthly_average",
        "self_score",
        "peer_score",
        "residents_score",
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
        "residents_score",
        "monthly_average",
        "months_scored",
        "peer_score",
        "peer_count",
        "total",
        "stars",
        "computed_at",
    ]
    readonly_fields = [
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
    list_display = ["kind", "period", "started_at", "finished_at", "runs", "counts"]
    list_filter = ["kind"]
