"""Information disclosure (信息公开): public pages, no login, no personal data.

The residents' front door at `/`, the directory and an organisation's page
are the same for every visitor without a session, so they are served from
the cache (lib/pagecache.py) and redone when what they show changes
(orgs/public_cache.py).
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from lib.pagecache import cached_page
from lib.querystring import id_from, search_text
from orgs import public_cache, public_sections
from orgs.models import Area, AreaLevel, Organisation, Status


def front_door(request):
    """`/` for a visitor without an account: what a resident can do here,
    each with its form. The same page for everyone, so kept in the cache
    (it shows no data: only the site-wide generation makes it stale)."""
    return cached_page(
        request,
        lambda extra: render(request, "public/home.html", extra),
        depends=[public_cache.EVERYTHING],
        cacheable=not request.GET,
    )


def organisation(request, pk):
    return cached_page(
        request,
        lambda extra: _organisation(request, pk, extra),
        depends=[*public_cache.organisation_page(pk), *public_sections.depends()],
        cacheable=not request.GET,
    )


def _organisation(request, pk, extra):
    org = get_object_or_404(
        Organisation.objects.select_related(
            "area__parent__parent", "category__parent", "merged_into"
        ),
        pk=pk,
    )
    context = {
        "organisation": org,
        "events": org.transformations.all()[:10],
        "commendations": org.commendations.order_by("-awarded_on", "-id"),
        # What other apps know of it (its projects): orgs imports no app.
        "sections": public_sections.render_all(org, request),
        **extra,
    }
    return render(request, "public/organisation.html", context)


def directory(request):
    """Organisations of a street or community, searchable by name."""
    # Searches are not kept (any text makes a new page); a street's pages are
    # (the page links carry an empty q= and street=).
    plain = set(request.GET) <= {"q", "street", "page"} and all(
        len(values) == 1
        and (values[0] == "" or (name != "q" and values[0].isascii() and values[0].isdigit()))
        and len(values[0]) <= 9
        for name, values in request.GET.lists()
    )
    return cached_page(
        request,
        lambda extra: _directory(request, extra),
        depends=public_cache.directory(),
        cacheable=plain,
    )


def _directory(request, extra):
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
    response = render(
        request,
        "public/directory.html",
        {"page": page, "query": query, "streets": streets, "street": street, **extra},
    )
    # A page or street that is not there is shown (the last page, every
    # street) but not kept: only real pages take room in the cache.
    response.not_for_the_cache = (request.GET.get("page") or "1") != str(page.number) or (
        street_id is not None and street is None
    )
    return response
