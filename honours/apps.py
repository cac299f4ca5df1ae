from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "honours"
    verbose_name = _("Qualifications and honours")
    admin_order = ["qualification", "reward", "rewardbudget", "qualificationkind"]

    def ready(self):
        from orgs.auth import register_permissions

        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)
