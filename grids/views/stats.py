"""Ticket statistics for an area and a period, grouped one level down, as a
page and as a spreadsheet."""

from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lib import clock
from lib.periods import Month, Quarter, Span, Year
from lib.querystring import PeriodDateField, SpanForm
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


class PeriodForm(SpanForm):
    start = PeriodDateField(label=gettext_lazy("From"))
    end = PeriodDateField(label=gettext_lazy("To"))
    by = forms.ChoiceField(label=gettext_lazy("Grouped by"))

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [(level, LEVELS[level]) for level in levels]


def _levels(user):
    if user.sees_everything:
        return LEVELS_BELOW["district"]
    if user.role not in AREA_ROLE_LEVELS or not user.area_id:
        return None
    return LEVELS_BELOW[user.area.level]


def presets(today: date):
    """The periods one click away: the current ones up to today, the last whole ones."""
    month, quarter, year = Month.of(today), Quarter.of(today), Year.of(today)
    return [
        (_("This month"), Span(month.start, today)),
        (_("Last month"), month.previous()),
        (_("This quarter"), Span(quarter.start, today)),
        (_("Last quarter"), quarter.previous()),
        (_("This year"), Span(year.start, today)),
        (_("Last year"), year.previous()),
    ]


@login_required
def stats(request):
    user = request.user
    levels = _levels(user)
    if not levels:
        raise PermissionDenied
    today = clock.today()
    initial = {"start": date(today.year, 1, 1), "end": today, "by": levels[0]}
    form = PeriodForm({**initial, **request.GET.dict()}, levels=levels)
    context = {"form": form, "presets": presets(today), "default_by": levels[0]}
    if form.is_valid():
        period, by = form.cleaned_data["period"], form.cleaned_data["by"]
        tickets = Ticket.objects.for_user(user)
        total = ticket_stats(tickets, period, today)
        groups = ticket_stats_by(tickets, by, period, today)
        if request.GET.get("format") == "xlsx":
            return stats_response(
                groups,
                total,
                level_label=str(LEVELS[by]),
                user=user,
                scope=f"{user.jurisdiction_label} {period}",  # 2026-01-01 — 2026-03-31
            )
        context.update(
            {
                "total": total,
                "groups": groups,
                "period": period,
                "by": by,
                "by_label": LEVELS[by],
                "satisfied_from": settings.TICKET_SATISFIED_FROM,
            }
        )
    return render(request, "grids/stats.html", context)
