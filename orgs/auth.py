"""Permissions from roles, declared in code.

Each app lists what each role may do with its models in `<app>/roles.py`
(`PERMISSIONS = {Role.X: {"app.view_model", ...}}`) and registers that from
its `AppConfig.ready()` with `register_permissions`, as it registers its
scoping rules: the root app never imports an app by name. This backend
reads the grants, so a role's powers are reviewed like code rather than kept
in group rows that drift. Grants made by hand in the admin (user
permissions, groups) still add to them through ModelBackend.
"""

from collections.abc import Iterable, Mapping
from functools import cache

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from .roles import Role

# app label -> role -> the permissions that app grants the role.
_grants: dict[str, dict[str, frozenset[str]]] = {}


def register_permissions(app_label: str, grants: Mapping[str, Iterable[str]]) -> None:
    """What each role may do with `app_label`'s models; called once per app,
    from its `AppConfig.ready()` (a second call replaces the first)."""
    _grants[app_label] = {role: frozenset(granted) for role, granted in grants.items()}
    role_permissions.cache_clear()


@cache
def role_permissions(role: str) -> frozenset[str]:
    if role == Role.PLATFORM_ADMIN:
        return frozenset(
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.values_list(
                "content_type__app_label", "codename"
            )
        )
    return frozenset().union(*(grants.get(role, ()) for grants in _grants.values()))


class RoleBackend(ModelBackend):
    def get_user(self, user_id):
        # Scoping reads user.area.code on every request: fetch it with the user.
        user_model = self.get_user_model()
        try:
            user = user_model._default_manager.select_related("area", "organisation").get(
                pk=user_id
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def get_user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            user_obj._role_perm_cache = set(role_permissions(user_obj.role)) | set(
                super().get_all_permissions(user_obj)
            )
        return user_obj._role_perm_cache


class CharacterClassesValidator:
    """A password mixes at least `classes` of: upper case, lower case, digits, symbols."""

    KINDS = (str.isupper, str.islower, str.isdigit)

    def __init__(self, classes: int = 3):
        self.classes = classes

    def _count(self, password: str) -> int:
        found = {i for c in password for i, kind in enumerate(self.KINDS) if kind(c)}
        if any(not (c.isupper() or c.islower() or c.isdigit()) for c in password):
            found.add(len(self.KINDS))
        return len(found)

    def validate(self, password, user=None):
        if self._count(password) < self.classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must mix at least %(classes)d of: upper-case letters, "
            "lower-case letters, digits and symbols."
        ) % {"classes": self.classes}


def spend_one_time_password(sender, request, user, **kwargs):
    """A login with the one-time password an officer issued: it works this
    once; the session goes on, leading only to choosing a new password."""
    if getattr(user, "must_change_password", False) and user.has_usable_password():
        from orgs.services.accounts import use_one_time_password

        use_one_time_password(user=user)
        if request is not None and hasattr(request, "session"):
            update_session_auth_hash(request, user)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login while locked out: a page saying for how long."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
