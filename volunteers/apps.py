from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self):
        from lib import todos
        from orgs.auth import register_permissions

        from .roles import PERMISSIONS
        from .todos import PROVIDERS

        todos.register(*PROVIDERS)  # what waits for an account (the workbench)
        register_permissions(self.label, PERMISSIONS)
