"""What every projects page shares: finding a project within the user's
jurisdiction (a 404 outside it), with the status it reads as now."""

from django.shortcuts import redirect
from django.urls import reverse

from lib.querystring import id_from
from orgs.models import ServedGroup, serving
from orgs.roles import OFFICE_ROLES
from orgs.scoping import get_for_user_or_404

from ..models import Project


def project_for(user, pk) -> Project:
    # Past its closing time a project reads as closed (`current_status`); the
    # stored move is the schedule's or the next write's, never a page's.
    return get_for_user_or_404(
        Project.objects.select_related(
            "community__parent", "round__fund", "fund", "direction"
        ).with_current_status(),
        user,
        pk=pk,
    )


def is_office(user) -> bool:
    return user.is_superuser or user.role in OFFICE_ROLES


def back(project):
    return redirect("projects:project", pk=project.pk)


def project_url(project) -> str:
    return reverse("projects:project", args=[project.pk])


def by_group(request, queryset):
    """A list filtered by the group served its `?group=` names (a broad group
    with its narrower ones), and what the filter's menu shows. A value that is
    no group lists everything, as the status filter does."""
    groups = list(ServedGroup.objects.for_choices())
    chosen = next((g for g in groups if g.pk == id_from(request.GET.get("group"))), None)
    if chosen is not None:
        queryset = serving(queryset, chosen.pk)
    return queryset, {"served_groups": groups, "group": chosen}
