"""Scoring in the admin: the templates months are scored on, and the
operators' monthly scores item by item, amended with a reason once closed."""

import contextlib
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from incubators.models import Residency
from lib import clock
from lib.periods import Month
from lib.querystring import id_from
from orgs.admin import ScopedAdmin
from orgs.admin.filters import street_filter
from orgs.models import Organisation

from ..models import FULL_MARKS, Amendment, MonthlyScore, ScoreItem, ScoreTemplate
from ..rules import low_score
from ..services import scores as score_services


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
    today = today or clock.today()
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
    # Shown (never edited) in the read-only layout, which the history page
    # renders too.
    readonly_fields = ["points_by_item", "total"]
    inlines = [AmendmentInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=gettext_lazy("month"), ordering="month")
    def period_display(self, obj):
        return str(obj.period)

    @admin.display(description=gettext_lazy("below the line"))
    def low(self, obj):
        # A flag, not Django's green tick: below the line is bad news.
        if obj.total < low_score():
            return format_html('<span class="flag">{}</span>', _("below the line"))
        return ""

    @admin.display(description=pgettext_lazy("month", "closed"), boolean=True)
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

    @admin.display(description=gettext_lazy("points by item"))
    def points_by_item(self, obj):
        """The items as one reads them: each item's points out of its maximum,
        "not scored" for an item the month has no points for."""
        given = {row.item_id: row.points for row in obj.items.all()}
        rows = [
            (
                item.name,
                given[item.pk] if item.pk in given else _("Not scored"),
                item.max_points,
            )
            for item in (obj.template.items.all() if obj.template else ())
        ]
        if not rows:
            return self.get_empty_value_display()
        return format_html(
            '<ul class="points-by-item">{}</ul>',
            format_html_join("", "<li>{}：{} / {}</li>", rows),
        )

    def get_fieldsets(self, request, obj=None):
        template = self._template(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read only: the items' points as one list (the form's fields
            # of the items exist only where the score can be edited).
            return [
                (None, {"fields": ["organisation", ("year", "month")]}),
                (
                    str(template) if template else _("No scoring template"),
                    {"fields": ["points_by_item"]},
                ),
                (None, {"fields": ["total", "note"]}),
            ]
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
        evidence = self._evidence(request, obj)
        for item in template.items.all() if template else ():
            attrs[f"item_{item.pk}"] = forms.DecimalField(
                label=_("%(item)s (out of %(points)s)")
                % {"item": item.name, "points": item.max_points},
                help_text=format_html("{}<br>{}", item.guidance, evidence)
                if item.needs_sign_in and evidence
                else item.guidance,
                min_value=0,
                max_value=item.max_points,
                decimal_places=1,
            )
        if obj is None:
            attrs["reason"] = None
        return type(form.__name__, (form,), attrs)

    def _evidence(self, request, obj):
        """For an item that asks for sign-in records: the organisation's
        activities of the month with sign-ins and person-times, when the
        form knows the organisation and month."""
        if obj is not None:
            organisation, month = obj.organisation, obj.period
        else:
            source = request.POST or request.GET
            organisation = (
                Organisation.objects.for_user(request.user)
                .filter(pk=id_from(source.get("organisation", "")))
                .first()
            )
            month = default_month()
            with contextlib.suppress(TypeError, ValueError):
                month = Month(int(source.get("year")), int(source.get("month")))
            if organisation is None:
                return _("Needs sign-in records: an activity of the month with sign-ins.")
        found = score_services.sign_in_evidence(organisation, month)
        if not found:
            return _("No activity with sign-in records in %(month)s: at most half the points.") % {
                "month": month
            }
        return format_html(
            "{} {}",
            _("Activities with sign-in records in %(month)s:") % {"month": month},
            "；".join(
                _("%(date)s %(title)s, %(signed)d signed in, %(times)d person-times")
                % {
                    "date": f"{timezone.localtime(a.starts_at):%m-%d}",
                    "title": a.title,
                    "signed": a.signed,
                    "times": max(a.signed, a.head or 0),
                }
                for a in found
            ),
        )

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
        shown on the form (`lib.screens.ServiceAdminMixin`)."""
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
