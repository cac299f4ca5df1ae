"""The public side of the library (宣传推广) and a community's page
(一社一策, 居民公约): no login, published entries only, no personal data
(a story names its area, never its author)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from lib.pagecache import cached_page
from lib.querystring import id_from
from orgs import public_cache as org_cache
from orgs.models import Area, AreaLevel, Organisation
from orgs.views.files import file_response
from projects import disclosure
from projects import public_cache as project_cache

from .. import public_cache
from ..models import Convention, Story, StoryKind

PER_PAGE = 20


def published():
    return Story.objects.published().select_related("area__parent")


def stories(request):
    """Published stories, cases and methods, newest first; by kind, street
    or organisation."""
    plain = set(request.GET) <= {"kind", "street", "organisation", "page"} and all(
        len(values) == 1 and len(values[0]) <= 12 and values[0].isascii()
        for _name, values in request.GET.lists()
    )
    return cached_page(
        request,
        lambda extra: _stories(request, extra),
        depends=public_cache.DEPENDS,
        cacheable=plain,
    )


def _stories(request, extra):
    found = published()
    kind = request.GET.get("kind") if request.GET.get("kind") in StoryKind.values else ""
    if kind:
        found = found.filter(kind=kind)
    streets = Area.objects.filter(level=AreaLevel.STREET).select_related("parent").order_by("code")
    street_id = id_from(request.GET.get("street"))
    street = streets.filter(pk=street_id).first() if street_id else None
    if street:
        found = found.in_area(street)
    organisation_id = id_from(request.GET.get("organisation"))
    organisation = (
        Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    )
    if organisation:
        found = found.filter(organisations=organisation)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    response = render(
        request,
        "stories/public_list.html",
        {
            "page": page,
            "kinds": StoryKind.choices,
            "kind": kind,
            "streets": streets,
            "street": street,
            "organisation": organisation,
            **extra,
        },
    )
    response.not_for_the_cache = (request.GET.get("page") or "1") != str(page.number)
    return response


def story(request, pk):
    # It links the public projects about it: their changes make it stale too.
    return cached_page(
        request,
        lambda extra: _story(request, pk, extra),
        depends=[*public_cache.DEPENDS, *project_cache.DEPENDS],
        cacheable=not request.GET,
    )


def _story(request, pk, extra):
    entry = get_object_or_404(
        published().prefetch_related(
            Prefetch("organisations", Organisation.objects.order_by("name"))
        ),
        pk=pk,
    )
    return render(
        request,
        "stories/public_story.html",
        {
            "story": entry,
            "organisations": list(entry.organisations.all()),
            # Only a project the public side shows is linked (projects.disclosure).
            "projects": list(disclosure.projects().filter(stories=entry).order_by("title")),
            **extra,
        },
    )


def cover(request, pk):
    """A published story's cover; a draft's is a 404 (staff fetch it through
    the portal's file view, which checks who asks)."""
    entry = Story.objects.published().filter(pk=pk).exclude(cover="").first()
    if entry is None:
        raise Http404
    return file_response(entry.cover, personal=False)


def community(request, pk):
    # It lists the community's organisations: the directory's changes count.
    return cached_page(
        request,
        lambda extra: _community(request, pk, extra),
        depends=[*public_cache.DEPENDS, *org_cache.directory()],
        cacheable=not request.GET,
    )


def _community(request, pk, extra):
    """A community's public page: its type and the type's governance
    approach (一社一策), its conventions in force (居民公约), its
    organisations and its published stories."""
    area = get_object_or_404(
        Area.objects.select_related("parent__parent", "community_type"),
        pk=pk,
        level=AreaLevel.COMMUNITY,
    )
    organisations = (
        Organisation.objects.live().filter(area=area).select_related("category").order_by("name")
    )
    return render(
        request,
        "stories/public_community.html",
        {
            "community": area,
            "conventions": list(Convention.objects.in_force().filter(community=area)),
            "organisations": list(organisations[:100]),
            "stories": list(published().in_area(area)[:10]),
            **extra,
        },
    )


# --- an organisation's public page (orgs.public_sections) -------------------------


def organisation_section(organisation, request):
    """The published stories about this organisation, and the way to its
    community's page (type, approach, conventions); nothing when neither."""
    found = list(published().filter(organisations=organisation)[:10])
    area = organisation.area
    community = area if area.level == AreaLevel.COMMUNITY else None
    if not found and community is None:
        return None
    return "stories/organisation_section.html", {
        "stories": found,
        "organisation_id": organisation.pk,
        "community": community,
    }


# --- a public project's page (projects.public_sections) ---------------------------


def project_section(project, request):
    """The published stories about this project; nothing when none."""
    found = list(published().filter(projects=project)[:10])
    if not found:
        return None
    return "stories/project_section.html", {"stories": found}
