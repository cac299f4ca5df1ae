from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims (认领)")
    admin_order = ["claim", "departmentoffer"]

    def ready(self):
        from lib import todos

        from .todos import PROVIDERS

        todos.register(*PROVIDERS)  # what waits for an account (the workbench)
        from orgs.auth import register_permissions
        from orgs.roles import Role
        from orgs.scoping import register_rule

        from .roles import PERMISSIONS
        from .scoping import department_rule

        register_permissions(self.label, PERMISSIONS)
        register_rule(Role.DEPARTMENT, department_rule)
