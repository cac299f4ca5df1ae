"""The district dashboard (数据看板): indicators for an area and period, with
charts, drill-down from district to street to community, printable."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from lib.periods import Period, Year
from lib.querystring import id_from
from orgs.models import Area
from orgs.scoping import get_for_user_or_404

from . import claims_block, dashboard, headlines, honours_board, story_board
from .charts import board_charts, chart_tables
from .models import PeriodKind
from .money import board as money_board
from .report import report_response


def home_area(user) -> Area | None:
    """The top of the user's jurisdiction: their own area, or the first
    district for those who see everything."""
    if user.area_id:
        return user.area
    areas = Area.objects.for_user(user).order_by("code")
    return areas.filter(level="district").first() or areas.first()


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Period"), choices=PeriodKind.choices)
    period = forms.ChoiceField(label=gettext_lazy("Which"), required=False)


@login_required
def board(request):
    user = request.user
    if not user.has_perm("assessments.view_indicator"):
        raise PermissionDenied
    home = home_area(user)
    area_id = id_from(request.GET.get("area"))
    area = get_for_user_or_404(Area.objects.all(), user, pk=area_id) if area_id else home
    if area is None:
        raise PermissionDenied
    kind = request.GET.get("kind") if request.GET.get("kind") in PeriodKind.values else "month"
    choices = dashboard.periods(kind)
    key = request.GET.get("period") if request.GET.get("period") in choices else None
    key = key or dashboard.default_period(choices)
    form = PeriodForm(initial={"kind": kind, "period": key})
    form.fields["period"].choices = [(p, p) for p in choices]
    period = Period.parse(key) if key else None  # the keys are the rollups' own

    if request.GET.get("format") == "xlsx" and period:
        return report_response(area, period, user)
    figures = dashboard.figures(area, period)
    rows = dashboard.child_figures(area, period)
    year = Year(period.year) if period else None
    trend = dashboard.trend(area, year) if year else []
    # The star and grade charts: the year's ratings, or last year's within a year.
    annual_year = (year if kind == "year" else year.previous()) if year else None
    annual = dashboard.figures(area, annual_year) if year else None
    charts = board_charts(
        rows=rows,
        ledger=dashboard.ledger_by_child(area, user),
        categories=dashboard.categories(area, user),
        annual=annual,
        trend=trend,
        breakdowns=headlines.breakdowns(area, period),
    )
    # The way back up, as far as the jurisdiction reaches: one query.
    ancestors = Area.objects.filter(code__in=[area.code[:n] for n in range(1, len(area.code) + 1)])
    crumbs = list(ancestors.for_user(user).order_by("code"))
    return render(
        request,
        "assessments/dashboard.html",
        {
            "area": area,
            "crumbs": crumbs,
            "kind": kind,
            "period": key,
            "form": form,
            "f": figures,
            "rows": rows,
            "annual_year": annual_year.year if annual_year else None,
            "annual": annual,
            "charts": charts,
            "tables": chart_tables(charts),
            "has_children": bool(rows),
            "meetings": dashboard.meetings(area, period, user),
            "story_block": story_board.block(area, period),  # issue 24: stories, types
            "honours": honours_board.honours_block(area, period),
            "money": money_board(area, period),  # issue 24: where the money comes from
            "claims_by_actor": claims_block.by_actor(area, period),  # issue 24: claims
        },
    )
