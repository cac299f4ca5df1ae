from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = _("Territory, accounts and organisations")
    admin_order = [
        "organisation",
        "filingapplication",
        "person",
        "talent",
        "training",
        "servicerecord",
        "pointsentry",
        "provider",
        "providerclerk",
        "category",
        "area",
        "user",
    ]

    def ready(self):
        from lib import todos

        from .todos import PROVIDERS

        todos.register(*PROVIDERS)  # what waits for an account (the workbench)
        from django.contrib.auth.signals import user_logged_in

        from lib.spreadsheets import exporters

        from .auth import register_permissions, spend_one_time_password
        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)

        # Django's own login hook, so every login form (site and admin)
        # spends a one-time password the moment it is used.
        user_logged_in.connect(spend_one_time_password, dispatch_uid="orgs.one_time_password")

        from . import public_cache

        public_cache.connect()  # changes make the cached public pages stale
        from .activity_ledgers import service_columns, service_rows, training_columns, training_rows
        from .ledger import organisation_columns, organisation_rows, people_columns, people_rows
        from .models import Membership, Organisation, ServiceRecord, Training

        exporters.register(
            exporters.Exporter(
                key="organisations",
                title=_("Organisation ledger"),
                permission="orgs.view_organisation",
                columns=organisation_columns,
                queryset=lambda user: Organisation.objects.for_user(user).order_by(
                    "area__code", "name"
                ),
                rows=organisation_rows,
            )
        )
        exporters.register(
            exporters.Exporter(
                key="members",
                title=_("Member ledger"),
                permission="orgs.view_person",
                columns=people_columns,
                queryset=lambda user: (
                    Membership.objects.for_user(user)
                    .current()
                    .order_by("organisation__area__code", "organisation_id", "pk")
                ),
                rows=people_rows,
            )
        )
        exporters.register(
            exporters.Exporter(
                key="trainings",
                title=_("Training ledger"),
                permission="orgs.view_training",
                columns=training_columns,
                queryset=lambda user: Training.objects.for_user(user).order_by("-held_on", "pk"),
                rows=training_rows,
            )
        )
        exporters.register(
            exporters.Exporter(
                key="volunteer_hours",
                title=_("Volunteer service hours"),
                permission="orgs.view_servicerecord",
                columns=service_columns,
                queryset=lambda user: ServiceRecord.objects.for_user(user).order_by(
                    "-served_on", "pk"
                ),
                rows=service_rows,
            )
        )
