"""What every projects page shares: finding a project within the user's
jurisdiction (a 404 outside it), with the status it reads as now."""

from django.shortcuts import redirect
from django.urls import reverse

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
