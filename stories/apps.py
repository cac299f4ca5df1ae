from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Stories and methods")
    admin_order = ["story", "convention"]

    def ready(self):
        from orgs import public_sections
        from orgs.auth import register_permissions
        from projects import public_sections as project_sections

        from . import public_cache
        from .roles import PERMISSIONS
        from .views.public import organisation_section, project_section

        register_permissions(self.label, PERMISSIONS)
        public_cache.connect()
        # An organisation's public page links the published stories about it.
        public_sections.register("stories", organisation_section, depends=public_cache.DEPENDS)
        project_sections.register("stories", project_section, depends=public_cache.DEPENDS)
