from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MallConfig(AppConfig):
    name = "mall"
    verbose_name = _("Points mall")
    admin_order = ["offer", "exchangerule"]

    def ready(self):
        from orgs.auth import register_permissions

        from . import exports
        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)
        exports.register()
