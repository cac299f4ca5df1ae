"""What every projects page shares: finding a project within the user's
jurisdiction (a 404 outside it), and catching up on closed bidding."""

from django.shortcuts import redirect

from orgs.roles import OFFICE_ROLES
from orgs.scoping import get_for_user_or_404

from ..models import Project, ProjectStatus
from ..services.tenders import close_bidding


def project_for(user, pk) -> Project:
    project = get_for_user_or_404(
        Project.objects.select_related("community__parent", "round__fund", "fund", "direction"),
        user,
        pk=pk,
    )
    if project.status == ProjectStatus.BIDDING and not project.is_sealed:
        project = close_bidding(project=project)  # the schedule has not run yet
    return project


def is_office(user) -> bool:
    return user.is_superuser or user.role in OFFICE_ROLES


def back(project):
    return redirect("projects:project", pk=project.pk)
