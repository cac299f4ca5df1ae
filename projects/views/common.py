"""What every projects page shares: finding a project within the user's
jurisdiction (a 404 outside it), with the status it reads as now."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from orgs.roles import Role
from orgs.scoping import get_for_user_or_404

from ..models import Project

OFFICE = (Role.COMMUNITY_WORKER, Role.STREET_OFFICER, Role.DISTRICT_STAFF, Role.PLATFORM_ADMIN)


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
    return user.is_superuser or user.role in OFFICE


def run(request, service, success, **kwargs):
    """Call a service; show its refusal as a message. True when it went through."""
    try:
        service(**kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def back(project):
    return redirect("projects:project", pk=project.pk)
