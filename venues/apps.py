from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("Venues (阵地)")

    def ready(self):
        from orgs.auth import register_permissions

        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)
