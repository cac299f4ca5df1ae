from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "party"
    verbose_name = _("Party building (党建)")
    admin_order = [
        "householdtie",
        "household",
        "householdservice",
        "dualregistration",
        "registeredservice",
        "cadreassignment",
        "gridbranch",
        "venuecheck",
        "venueitem",
    ]

    def ready(self):
        from orgs.auth import register_permissions

        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)
