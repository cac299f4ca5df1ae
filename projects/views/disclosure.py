"""Information disclosure (信息公开): rounds, projects and money, for anyone.

Every fact shown here comes from `projects.disclosure`, the one place that
decides what is public; these views only lay it out. No page depends on who
asks, so each is kept in the page cache for visitors without a session
(lib/pagecache.py), stale as soon as what it shows changes
(projects/public_cache.py).
"""

from datetime import date
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from incubators.services import funds as fund_ledger
from lib import clock
from lib.pagecache import cached_page
from lib.querystring import id_from
from orgs.models import Area, AreaLevel
from orgs.views.files import file_response

from .. import disclosure, public_cache, public_sections
from ..models import Bid, ProjectStatus, status_q
from .common import by_group

ZERO = Decimal("0.00")
# The statuses a visitor may filter by: every one a public project can have.
PUBLIC_STATUSES = [(value, label) for value, label in ProjectStatus.choices if value != "draft"]


def _plain(request, *names) -> bool:
    """Whether the query string holds only these parameters, once each, as
    short ASCII values: such pages are kept in the cache, any other is not
    (anything typed would otherwise make an entry of its own)."""
    return set(request.GET) <= set(names) and all(
        len(values) == 1 and len(values[0]) <= 14 and values[0].isascii()
        for values in request.GET.lists()
    )


def _cached(request, view, *names, **kwargs):
    return cached_page(
        request,
        lambda extra: view(request, extra, **kwargs),
        depends=public_cache.DEPENDS,
        cacheable=_plain(request, *names),
    )


# --- rounds ------------------------------------------------------------------------------


def rounds(request):
    return _cached(request, _rounds)


def _rounds(request, extra):
    found = list(disclosure.rounds().order_by("-opens_on", "-id"))
    counts = dict(
        disclosure.projects()
        .filter(round__in=found)
        .order_by()
        .values_list("round")
        .annotate(n=Count("pk"))
    )
    for round_ in found:
        round_.project_count = counts.get(round_.pk, 0)
    return render(request, "public/disclosure/rounds.html", {"rounds": found, **extra})


def round_page(request, pk):
    return _cached(request, _round, pk=pk)


def _round(request, extra, pk):
    round_ = get_object_or_404(disclosure.rounds(), pk=pk)
    projects = list(
        disclosure.projects().filter(round=round_).order_by("community__code", "title", "pk")
    )
    awards = disclosure.awards([p.pk for p in projects])
    published = disclosure.results_published(round_)
    results = disclosure.round_results(round_)
    context = {
        "round": round_,
        "projects": [(p, awards.get(p.pk)) for p in projects],
        "published": published,
        "results": results,
        "results_total": sum((award.amount for _p, award in results), ZERO),
        **extra,
    }
    return render(request, "public/disclosure/round.html", context)


# --- projects ----------------------------------------------------------------------------


def projects(request):
    return _cached(request, _projects, "area", "status", "group", "page")


def _areas():
    """Streets and their communities, in code order, for the filter."""
    return Area.objects.filter(level__in=[AreaLevel.STREET, AreaLevel.COMMUNITY]).order_by("code")


def _projects(request, extra):
    areas = list(_areas())
    area_id = id_from(request.GET.get("area"))
    area = next((a for a in areas if a.pk == area_id), None)
    status = request.GET.get("status") or ""
    if status not in dict(PUBLIC_STATUSES):
        status = ""
    found = disclosure.projects().order_by("-created_at", "-id")
    if area is not None:
        found = found.in_area(area)
    if status:
        found = found.filter(status_q(status))
    # The figures by group are those of the street and status chosen, over every group.
    figures = disclosure.group_figures(found)
    found, group_filter = by_group(request, found)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    awards = disclosure.awards([p.pk for p in page])
    response = render(
        request,
        "public/disclosure/projects.html",
        {
            "page": page,
            "rows": [(p, awards.get(p.pk)) for p in page],
            "areas": areas,
            "area": area,
            "status": status,
            "statuses": PUBLIC_STATUSES,
            "figures": figures,
            **group_filter,
            **extra,
        },
    )
    # A page, area, status or group that is not there is shown but not kept.
    response.not_for_the_cache = (
        (request.GET.get("page") or "1") != str(page.number)
        or (request.GET.get("area") not in (None, "") and area is None)
        or (request.GET.get("status") not in (None, "") and not status)
        or (request.GET.get("group") not in (None, "") and group_filter["group"] is None)
    )
    return response


def project_page(request, pk):
    # Sections other apps add (stories about it) bring their generations.
    return cached_page(
        request,
        lambda extra: _project(request, extra, pk=pk),
        depends=[*public_cache.DEPENDS, *public_sections.depends()],
        cacheable=_plain(request),
    )


def _project(request, extra, pk):
    project = get_object_or_404(disclosure.projects().select_related("round__fund", "fund"), pk=pk)
    paid = disclosure.payments([project.pk]).get(project.pk, [])
    finished = project.current_status in (ProjectStatus.ACCEPTED, ProjectStatus.SETTLED)
    groups, group_counts = disclosure.project_groups(project)
    context = {
        "groups": groups,
        "group_counts": group_counts,
        "project": project,
        "fund": project.paying_fund,
        "needs": project.needs.order_by("pk").values_list("title", flat=True),
        "bid_count": Bid.objects.count_for(project),
        "sealed": project.is_sealed,
        "award": (award := disclosure.awards([project.pk]).get(project.pk)),
        "members": disclosure.award_members(project, award),
        "notices": disclosure.notices().filter(project=project),
        "payments": paid,
        "paid_total": sum((amount for _day, _kind, amount in paid), ZERO),
        "milestones": project.milestones.all(),
        "reports": disclosure.reports(project),
        "finished": finished,
        "sections": public_sections.render_all(project, request),  # other apps' (stories)
        **extra,
    }
    return render(request, "public/disclosure/project.html", context)


def photo(request, pk):
    """A published photo of a public project; any other is a 404 (staff
    fetch private ones through the portal's file view, which checks who asks)."""
    found = disclosure.photo(pk)
    if found is None:
        raise Http404
    return file_response(found.image, personal=False)


# --- funds -------------------------------------------------------------------------------


def funds(request):
    return _cached(request, _funds)


def _funds(request, extra):
    found = list(disclosure.funds())
    positions = fund_ledger.positions(found)
    rows = [(fund, positions[fund.pk]) for fund in found]
    return render(request, "public/disclosure/funds.html", {"rows": rows, **extra})


def _year(value, default: int) -> int | None:
    """The year asked for: absent means the default; anything that is not a
    year this platform could hold is None (the page answers 404)."""
    if value in (None, ""):
        return default
    number = id_from(value)
    if number is None or not disclosure.FIRST_YEAR <= number <= disclosure.LAST_YEAR:
        return None
    return number


def fund_page(request, pk):
    return _cached(request, _fund, "year", pk=pk)


def _fund(request, extra, pk):
    fund = get_object_or_404(disclosure.funds(), pk=pk)
    today = clock.today()
    year = _year(request.GET.get("year"), today.year)
    if year is None:
        raise Http404
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    months = disclosure.fund_months(fund, start=start, end=end)
    totals: dict[str, dict] = {}
    for row in months:
        total = totals.setdefault(row["kind"], {"label": row["kind_label"], "amount": ZERO})
        total["amount"] += row["amount"]
    first = min(fund.opened_on.year, year)
    closing = min(date(year, 12, 31), today)
    context = {
        "fund": fund,
        "year": year,
        "years": range(max(today.year, year), first - 1, -1),
        "months": months,
        "totals": list(totals.values()),
        "year_end_on": closing,
        "year_end": fund_ledger.position(fund, until=closing),
        "now": fund_ledger.position(fund),
        "rounds": disclosure.rounds().filter(fund=fund).order_by("-opens_on"),
        **extra,
    }
    return render(request, "public/disclosure/fund.html", context)


# --- an organisation's public page (orgs.public_sections) --------------------------------


def organisation_section(organisation, request):
    """The projects this organisation was awarded, or is proposed for on
    notice, for its public page; nothing when there are none."""
    found = list(disclosure.organisation_projects(organisation.pk))
    if not found:
        return None
    awards = disclosure.awards([p.pk for p in found])
    rows = [(p, awards.get(p.pk)) for p in found]
    # Its role in each: a joint bid's member is not the organisation awarded.
    return "public/disclosure/organisation_projects.html", {
        "rows": rows,
        "organisation_id": organisation.pk,
    }
