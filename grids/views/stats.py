"""Ticket statistics for an area and a period, grouped one level down, as a
page and as a spreadsheet."""

from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lib.periods import Month, Quarter
from lib.querystring import PeriodDateField
from orgs.roles import AREA_ROLE_LEVELS

from ..exports import stats_response
from ..models import Ticket
from ..stats import ticket_stats, ticket_stats_by

LEVELS = {
    "street": pgettext_lazy("level", "Street"),
    "community": pgettext_lazy("level", "Community"),
    "grid": pgettext_lazy("level", "Grid"),
}
# The groupings each level of jurisdiction can ask for.
LEVELS_BELOW = {
    "city": ["street", "community", "grid"],
    "district": ["street", "community", "grid"],
    "street": ["community", "grid"],
    "community": ["grid"],
}


class PeriodForm(forms.Form):
    start = PeriodDateField(label=gettext_lazy("From"))
    end = PeriodDateField(label=gettext_lazy("To"))
    by = forms.ChoiceField(label=gettext_lazy("Grouped by"))

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [(level, LEVELS[level]) for level in levels]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


def _levels(user):
    if user.sees_everything:
        return LEVELS_BELOW["district"]
    if user.role not in AREA_ROLE_LEVELS or not user.area_id:
        return None
    return LEVELS_BELOW[user.area.level]


def presets(today: date):
    month, quarter = Month.of(today), Quarter.of(today)
    return [
        (_("This month"), month.start, today),
        (_("Last month"), month.previous().start, month.previous().end),
        (_("This quarter"), quarter.start, today),
        (_("Last quarter"), quarter.previous().start, quarter.previous().end),
        (_("This year"), date(today.year, 1, 1), today),
        (_("Last year"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]


@login_required
def stats(request):
    user = request.user
    levels = _levels(user)
    if not levels:
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"start": date(today.year, 1, 1), "end": today, "by": levels[0]}
    form = PeriodForm({**initial, **request.GET.dict()}, levels=levels)
    context = {"form": form, "presets": presets(today), "default_by": levels[0]}
    if form.is_valid():
        start, end, by = (
            form.cleaned_data["start"],
            form.cleaned_data["end"],
            form.cleaned_data["by"],
        )
        tickets = Ticket.objects.for_user(user)
        total = ticket_stats(tickets, start, end, today)
        groups = ticket_stats_by(tickets, by, start, end, today)
        if request.GET.get("format") == "xlsx":
            return stats_response(
                groups,
                total,
                level_label=str(LEVELS[by]),
                user=user,
                scope=f"{user.jurisdiction_label} {start:%Y-%m-%d} — {end:%Y-%m-%d}",
            )
        context.update(
            {
                "total": total,
                "groups": groups,
                "start": start,
                "end": end,
                "by": by,
                "by_label": LEVELS[by],
                "satisfied_from": settings.TICKET_SATISFIED_FROM,
            }
        )
    return render(request, "grids/stats.html", context)
