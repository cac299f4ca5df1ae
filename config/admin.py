"""The platform's admin site: its name, and the apps in the order of the domain."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

# The apps in the order they depend on each other; Django would sort them
# by name, which means nothing in Chinese.
APP_ORDER = ["orgs", "incubators", "projects", "grids", "assessments"]


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Community Social Organisation Platform")
    site_title = _("Community Social Organisation Platform")
    index_title = _("Workbench")
    enable_nav_sidebar = True

    def get_app_list(self, request, app_label=None):
        """Apps in domain order; models in the order the app's config lists
        them in `admin_order` (the daily work first), then the rest."""
        app_dict = self._build_app_dict(request, app_label)
        rank = {label: index for index, label in enumerate(APP_ORDER)}
        for app in app_dict.values():
            order = getattr(apps.get_app_config(app["app_label"]), "admin_order", [])
            position = {name: index for index, name in enumerate(order)}
            app["models"].sort(
                key=lambda m: (position.get(m["object_name"].lower(), len(position)), m["name"])
            )
        return sorted(
            app_dict.values(), key=lambda app: (rank.get(app["app_label"], len(rank)), app["name"])
        )


class PlatformAdminConfig(AdminConfig):
    default_site = "config.admin.PlatformAdminSite"
