from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Micro-projects")
    admin_order = ["project", "need", "round", "bid", "offer", "resource", "direction"]

    def ready(self):
        from lib import todos

        from .todos import PROVIDERS

        todos.register(*PROVIDERS)  # what waits for an account (the workbench)
        from orgs.auth import register_permissions
        from orgs.roles import Role
        from orgs.scoping import register_rule

        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)

        from .scoping import open_tenders_rule, reviewer_rule

        register_rule(Role.REVIEWER, reviewer_rule)
        register_rule(Role.ORG_LEADER, open_tenders_rule)

        from incubators.services.funds import register_reservations

        from .services.notices import reserved

        register_reservations(reserved)  # open notices hold the fund's money

        from .exports import register

        register()

        from orgs import public_sections

        from . import public_cache
        from .views.disclosure import organisation_section

        public_cache.connect()  # changes make the cached disclosure pages stale
        # An organisation's public page lists its projects: orgs may not
        # import projects, so it asks its registry (orgs.public_sections).
        public_sections.register("projects", organisation_section, depends=public_cache.DEPENDS)
