from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")
    admin_order = [
        "monthlyscore",
        "interview",
        "annualassessment",
        "peerrating",
        "platformquarter",
        "platformgrade",
        "indicator",
        "scoretemplate",
        "rolluprun",
    ]

    def ready(self):
        from lib import todos

        from .todos import PROVIDERS

        todos.register(*PROVIDERS)  # what waits for an account (the workbench)
        from orgs.auth import register_permissions
        from orgs.roles import Role
        from orgs.scoping import register_rule

        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)

        from .scoping import operator_rule

        register_rule(Role.INCUBATOR_OPERATOR, operator_rule)

        from .exports import register

        register()
