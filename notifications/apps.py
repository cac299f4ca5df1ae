from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    admin_order = ["phoneoptout", "textmessage"]

    def ready(self):
        from orgs.auth import register_permissions

        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)
