"""Information disclosure (信息公开): public pages, no login, no personal data."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from lib.querystring import id_from, search_text
from orgs.models import Area, AreaLevel, Organisation, Status


def organisation(request, pk):
    org = get_object_or_404(
        Organisation.objects.select_related(
            "area__parent__parent", "category__parent", "merged_into"
        ),
        pk=pk,
    )
    events = org.transformations.all()[:10]
    return render(request, "public/organisation.html", {"organisation": org, "events": events})


def directory(request):
    """Organisations of a street or community, searchable by name."""
    query = search_text(request.GET.get("q"))
    streets = Area.objects.filter(level=AreaLevel.STREET).select_related("parent").order_by("code")
    street_id = id_from(request.GET.get("street"))
    street = streets.filter(pk=street_id).first() if street_id else None
    organisations = (
        Organisation.objects.filter(status__in=[Status.ACTIVE, Status.DORMANT])
        .select_related("area__parent", "category__parent")
        .order_by("area__code", "name")
    )
    if street:
        organisations = organisations.in_area(street)
    if query:
        organisations = organisations.filter(name__icontains=query)
    page = Paginator(organisations, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "public/directory.html",
        {"page": page, "query": query, "streets": streets, "street": street},
    )
