"""Publishing a project's activity photos (信息公开).

An organisation's photos of its activities show residents (elders,
children): they stay private, seen only by those who may see the project,
until office staff of the project's community, street or district publish
one; the public project page then shows it (projects.disclosure.photo).
Staff may take it back at any time.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lib import audit, clock
from orgs.roles import OFFICE_ROLES

from ..models import ActivityPhoto, Project


def may_publish(user, project: Project) -> bool:
    """Office staff whose jurisdiction holds the project."""
    if not (user.is_superuser or user.role in OFFICE_ROLES):
        return False
    return Project.objects.for_user(user).filter(pk=project.pk).exists()


def _check(photo: ActivityPhoto, by) -> None:
    if not may_publish(by, photo.report.project):
        raise ValidationError(
            _(
                "Only office staff of the project's community, street or district publish its photos."
            )
        )


def publish_photo(*, photo: ActivityPhoto, by) -> ActivityPhoto:
    _check(photo, by)
    if photo.published_at is None:
        photo.published_at, photo.published_by = clock.now(), by
        audit.save(photo, by=by, fields=["published_at", "published_by"])
    return photo


def withdraw_photo(*, photo: ActivityPhoto, by) -> ActivityPhoto:
    _check(photo, by)
    if photo.published_at is not None:
        photo.published_at, photo.published_by = None, None
        audit.save(photo, by=by, fields=["published_at", "published_by"])
    return photo
