from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Door-to-door visits (走访)")

    def ready(self):
        from orgs.auth import register_permissions

        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)
