"""The district's honours, public (/public/honours/): commendations (表扬奖励)
of organisations and of people, newest first, by street; and how many people
hold each qualification, counted, never named.

A commended person is the public subject of the honour, which the awarding
body publishes in its own notice: the page shows the person's full name and
community, and nothing else of them (no phone, no ID or certificate number,
no age). SECURITY.md §2 says so.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render

from lib.querystring import id_from
from orgs.models import Area, AreaLevel, Commendation

from .models import QualificationKind

PER_PAGE = 30


def honours(request):
    streets = Area.objects.filter(level=AreaLevel.STREET).select_related("parent").order_by("code")
    street_id = id_from(request.GET.get("street"))
    street = streets.filter(pk=street_id).first() if street_id else None
    commendations = Commendation.objects.select_related(
        "organisation__area__parent", "person__community__parent"
    ).order_by("-awarded_on", "-id")
    kinds = QualificationKind.objects.filter(is_active=True)
    if street:
        commendations = commendations.in_area(street)
        holders = Count("qualifications", filter=_under(street))
    else:
        holders = Count("qualifications")
    page = Paginator(commendations, PER_PAGE).get_page(request.GET.get("page"))
    counts = commendations.aggregate(
        organisations=Count("pk", filter=_not_null("organisation")),
        people=Count("pk", filter=_not_null("person")),
    )
    return render(
        request,
        "public/honours.html",
        {
            "page": page,
            "streets": streets,
            "street": street,
            "counts": counts,
            "kinds": [k for k in kinds.annotate(holders=holders) if k.holders],
        },
    )


def _not_null(field):
    return Q(**{f"{field}__isnull": False})


def _under(area):
    return Q(qualifications__person__community__code__startswith=area.code)
