"""Permissions from roles, declared in code.

Each app lists what each role may do with its models in `<app>/roles.py`
(`PERMISSIONS = {Role.X: {"app.view_model", ...}}`). This backend collects
those grants, so a role's powers are reviewed like code rather than kept in
group rows that drift. Grants made by hand in the admin (user permissions,
groups) still add to them through ModelBackend.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.utils.module_loading import module_has_submodule

from .roles import Role


@cache
def role_permissions(role: str) -> frozenset[str]:
    if role == Role.PLATFORM_ADMIN:
        return frozenset(
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.values_list(
                "content_type__app_label", "codename"
            )
        )
    granted: set[str] = set()
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "roles"):
            module = import_module(f"{config.name}.roles")
            granted |= set(getattr(module, "PERMISSIONS", {}).get(role, ()))
    return frozenset(granted)


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
