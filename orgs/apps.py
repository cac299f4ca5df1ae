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
        "category",
        "area",
        "user",
    ]

    def ready(self):
        from . import exporters
        from .ledger import organisation_columns, organisation_rows, people_columns, people_rows
        from .models import Membership, Organisation

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
