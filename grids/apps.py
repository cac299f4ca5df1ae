from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Grid governance")
    admin_order = ["ticket", "grid", "ticketcategory"]

    def ready(self):
        from lib import todos

        from .todos import PROVIDERS

        todos.register(*PROVIDERS)  # what waits for an account (the workbench)
        from django.db.models import OuterRef, Subquery

        from lib.spreadsheets import exporters
        from orgs.auth import register_permissions

        from .roles import PERMISSIONS

        register_permissions(self.label, PERMISSIONS)

        from .exports import ticket_columns, ticket_rows
        from .models import Ticket

        exporters.register(
            exporters.Exporter(
                key="tickets",
                title=_("Ticket register"),
                permission="grids.view_ticket",
                columns=ticket_columns,
                queryset=lambda user: Ticket.objects.for_user(user).order_by("reported_at", "pk"),
                rows=ticket_rows,
            )
        )

        from lib.spreadsheets.writer import TEXT
        from orgs.ledger import LedgerField, register_column

        from .models import GridOrganisation

        # The organisation ledger gains its grid (社区社会组织进网格).
        register_column(
            LedgerField("grid", _("Grid"), TEXT, 12, ("所属网格", "网格"), importable=False),
            lambda: Subquery(
                GridOrganisation.objects.filter(organisation=OuterRef("pk")).values("grid__name")[
                    :1
                ]
            ),
        )
