from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Door-to-door visits (走访)")

    def ready(self):
        from lib import todos
        from orgs.auth import register_permissions

        from .roles import PERMISSIONS
        from .todos import PROVIDERS

        register_permissions(self.label, PERMISSIONS)
        todos.register(*PROVIDERS)  # what waits for an account (the workbench)
